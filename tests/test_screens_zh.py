# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The screens as a Chinese after-sales department meets them (issue #9).

Every form, list, kanban and search view of the addon and the printed service
record are rendered in zh_CN; what a user reads there must be Chinese: no English
word left untranslated (but for a short allowlist of codes and units), no
requirement id (``R-IN-1``) and no reference to the source policies (``§``), which
belong to the catalogue and the code, not to the screen.
"""

import re

from lxml import etree, html

from odoo import fields
from odoo.tests import tagged

from .common import AfterSalesCase

# Words that stay as they are in a Chinese interface: codes, units, brands.
ALLOWED_WORDS = {"SLA", "km", "h", "PDF", "SN", "ID", "IT", "Odoo", "CNY", "kVA"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
REQUIREMENT_ID = re.compile(r"R-[A-Z]+-\d")
# View attributes a user reads.
READ_ATTRIBUTES = ("string", "help", "placeholder", "confirm", "title", "sum")


def _english_words(text):
    return [w for w in ENGLISH_WORD.findall(text or "") if w not in ALLOWED_WORDS]


@tagged("post_install", "-at_install")
class TestScreensInChinese(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"], overwrite=True
        )
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        cls.views = (
            cls.env["ir.ui.view"]
            .browse(
                cls.env["ir.model.data"]
                .search(
                    [
                        ("module", "=", "after_sales_service"),
                        ("model", "=", "ir.ui.view"),
                    ]
                )
                .mapped("res_id")
            )
            .filtered(lambda v: v.type in ("form", "list", "kanban", "search"))
        )

    def _problems(self, where, text):
        problems = []
        if words := _english_words(text):
            problems.append(f"{where}: English {words} in {text!r}")
        if REQUIREMENT_ID.search(text or "") or "§" in (text or ""):
            problems.append(f"{where}: requirement id or source reference in {text!r}")
        return problems

    def _arch_problems(self, view):
        """The texts and read attributes of ``view``'s own arch, in zh_CN."""
        problems = []
        arch = etree.fromstring(view.with_context(lang="zh_CN").arch_db.encode())
        for node in arch.iter(etree.Element):
            if node.tag == "attribute":
                continue  # an expression or a class of an inherited node
            where = f"{view.xml_id} <{node.tag}>"
            if node.text and node.text.strip():
                problems += self._problems(where, node.text.strip())
            for attr in READ_ATTRIBUTES:
                if node.get(attr) and not (node.tag == "field" and attr == "sum"):
                    problems += self._problems(f"{where} @{attr}", node.get(attr))
        return problems

    def _field_problems(self, view):
        """The labels and choices of the addon's own fields the view shows."""
        problems = []
        result = self.env[view.model].get_views([(view.id, view.type)])
        arch = etree.fromstring(result["views"][view.type]["arch"].encode())
        ours = {
            field.name
            for field in self.env["ir.model.fields"].search(
                [("model", "=", view.model)]
            )
            if "after_sales_service" in (field.modules or "").split(", ")
        }
        described = result["models"][view.model]["fields"]
        for node in arch.iter("field"):
            name = node.get("name")
            if any(p.tag == "field" for p in node.iterancestors()):
                continue  # a field of a sub-view, of another model
            if name not in ours or name not in described:
                continue
            description = described[name]
            where = f"{view.xml_id} field {name}"
            if not node.get("string"):
                problems += self._problems(where, description.get("string"))
            for _value, label in description.get("selection") or []:
                problems += self._problems(f"{where} choice", label)
        return problems

    def test_views_read_in_chinese(self):
        """Every view of the addon renders (get_views, as the clerk) and reads in
        Chinese."""
        self.assertTrue(self.views)
        problems = []
        for view in self.views:
            problems += self._arch_problems(view)
            problems += self._field_problems(view)
        # Each view renders for a clerk too (access to the fields it shows).
        for view in self.views.filtered(lambda v: v.mode == "primary"):
            model = self.env[view.model].with_user(self.clerk)
            if model.has_access("read"):
                model.get_views([(view.id, view.type)])
        self.assertFalse(problems, "\n".join(problems[:40]))

    def test_service_record_report_reads_in_chinese(self):
        """The printed service record (three copies) reads in Chinese."""
        self.env.company.name = "测试电器有限公司"
        self.customer.write({"name": "张伟", "city": "广州"})
        self.product.name = "壁挂式空调"
        self.team.name = "售后服务部"
        self.engineer.name = "李强"
        ticket = self._create_ticket(name="空调不制冷")
        record = self._create_record(
            ticket,
            **self._confirm_values(
                site_contact_name="张伟",
                confirm_name="张伟",
                measures="更换风扇电容",
                site_situation="外机风扇电容鼓包",
                confirm_date=fields.Date.today(),
            ),
        )
        report = self.env.ref("after_sales_service.service_record_report_action")
        content, _type = report.with_context(lang="zh_CN")._render_qweb_html(
            report.report_name, record.ids
        )
        body = html.document_fromstring(content).find(".//body")
        for node in body.iter("script", "style", "title"):
            node.text = ""
        text = " ".join(body.itertext())
        text = text.replace(record.name, "").replace(ticket.number, "")
        text = text.replace(self.lot.name, "")
        problems = self._problems("service record report", text)
        self.assertFalse(problems, "\n".join(problems))
