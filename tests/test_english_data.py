# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The records a Chinese after-sales department reads (issues 19/20).

What the screens and prints show is not only the addon's interface (see
``test_screens_zh``) but its records: the seeded configuration (sign-off steps,
penalty rules, service types, causes, SLA policies, warranty components), what the
addon copies per company at run time (steps, default SLA policies, locations,
operation types, journals), the demo's records and the chatter messages the demo
writes, the title of every record (its display name) and the months and dates
the addon formats itself. Read in zh_CN, none of them may read English but for
codes, units and proper names.
"""

import re

from lxml import html

from odoo import fields
from odoo.tests import tagged

from .common import AfterSalesCase
from .test_screens_zh import ALLOWED_WORDS, ENGLISH_WORD

# A token carrying a digit is a code or a number (FW2612-0007, KFR-35GW,
# SCB13-800kVA, 2026-12): it stays as it is.
CODE = re.compile(r"[\w.-]*\d[\w.-]*")
# Models whose records are the interface itself (checked by ``test_screens_zh``
# and ``test_translations``) or an expression, not a text a user reads.
NOT_DATA = {
    "ir.ui.view",
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.model.access",
    "ir.model.constraint",
    "ir.model.relation",
    "ir.rule",
    "ir.asset",
}
# Fields that are an expression or a technical name, not a text.
NOT_TEXT = {("ir.actions.report", "print_report_name"), ("ir.cron", "cron_name")}
# The configuration the addon seeds and copies per company.
CONFIGURATION = (
    "after_sales.signoff.step",
    "after_sales.penalty.rule",
    "after_sales.sla.policy",
    "after_sales.warranty.policy",
    "after_sales.warranty.policy.component",
    "after_sales.warranty.exclusion",
    "after_sales.service.type",
    "after_sales.cause.category",
    "after_sales.record.item",
    "after_sales.travel.zone",
)
# Proper names the prints and chatter may carry (the system user who made a
# demo record).
PROPER_NAMES = {"OdooBot"}
GENERIC_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)+,\d+$")


def english_words(text):
    """The English words of ``text``, codes and allowed words left out."""
    return [
        word
        for word in ENGLISH_WORD.findall(CODE.sub(" ", text or ""))
        if word not in ALLOWED_WORDS and word not in PROPER_NAMES
    ]


@tagged("post_install", "-at_install")
class TestEnglishData(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.zh = cls.env(
            context=dict(cls.env.context, lang="zh_CN", tz="Asia/Shanghai")
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _text_problems(self, record, where=None):
        """English in the translatable texts of ``record`` read in zh_CN."""
        problems = []
        record = record.with_env(self.zh).sudo()
        for name, field in record._fields.items():
            if field.type not in ("char", "text") or field.translate is not True:
                continue
            if field.related or (record._name, name) in NOT_TEXT:
                continue  # another record's text, or an expression
            value = record[name]
            if isinstance(value, str) and (words := english_words(value)):
                problems.append(
                    f"{where or record} {record._name}.{name}: {words} in {value!r}"
                )
        return problems

    def _company_zh(self, name):
        """A new company working in Chinese, created from an English session."""
        partner = self.env["res.partner"].create(
            {"name": name, "lang": "zh_CN", "tz": "Asia/Shanghai"}
        )
        return (
            self.env["res.company"]
            .with_context(lang="en_US")
            .create({"name": name, "partner_id": partner.id})
        )

    # ------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------

    def test_data_records_read_in_chinese(self):
        """R-X-1: every record the addon's data and demo files create reads in
        Chinese: its translatable names (steps, rules, service types, causes,
        helpdesk stages, teams and categories, SLA policies, warranty components,
        journals, accounts, activity types, menus, actions) read in zh_CN carry
        no English word."""
        problems = []
        for data in self.env["ir.model.data"].search(
            [("module", "=", "after_sales_service")]
        ):
            if data.model in NOT_DATA or data.model not in self.env:
                continue
            record = self.env[data.model].browse(data.res_id).exists()
            if record:
                problems += self._text_problems(record, f"{data.complete_name}:")
        # The configuration copied or typed per company (no xmlid of its own:
        # a company's steps and rules, default SLA policy, warranty components).
        for model in CONFIGURATION:
            Model = self.env[model].sudo().with_context(active_test=False)
            for record in Model.search([]):
                problems += self._text_problems(record)
        self.assertFalse(problems, "\n".join(problems[:60]))

    def test_company_copies_read_in_chinese(self):
        """R-X-1: what the addon copies or creates for every company (sign-off
        steps, penalty rules, the default SLA policy, the after-sales operation
        types and journal) reads in Chinese for a Chinese reader whatever
        language the company was created in; the locations it creates (Odoo's
        location names are not translatable) are named in the company's
        language."""
        company = self._company_zh("华东测试有限公司")
        english_company = self.env["res.company"].create({"name": "EN Test Co"})
        problems = []
        for company_ in company | english_company:
            for model in (
                "after_sales.signoff.step",
                "after_sales.penalty.rule",
            ):
                for record in self.env[model].search(
                    [("company_id", "=", company_.id)]
                ):
                    problems += self._text_problems(record)
            policy = self.env["after_sales.sla.policy"]._create_default_policies(
                company_
            )
            self.assertTrue(policy)
            problems += self._text_problems(policy)
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", company_.id)], limit=1
            )
            self.assertTrue(warehouse)
            for name, field in warehouse._fields.items():
                if (
                    name.startswith("after_sales_")
                    and field.type == "many2one"
                    and field.comodel_name == "stock.picking.type"
                ):
                    problems += self._text_problems(warehouse[name])
            journal = self.env["account.chart.template"]._after_sales_journal(company_)
            problems += self._text_problems(journal)
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        for name, field in warehouse._fields.items():
            if (
                name.startswith("after_sales_")
                and field.type == "many2one"
                and field.comodel_name == "stock.location"
            ):
                location = warehouse[name]
                self.assertTrue(location, name)
                if words := english_words(location.name):
                    problems.append(f"{name}: {words} in {location.name!r}")
        # Where the units come from and go to, as the custody screens show it.
        for location in (
            warehouse.after_sales_custody_in_type_id.default_location_src_id,
            warehouse.after_sales_custody_in_type_id.default_location_dest_id,
            warehouse.after_sales_consumption_location_id,
            warehouse.lot_stock_id,
        ):
            shown = location.with_env(self.zh).display_name
            if words := english_words(shown):
                problems.append(f"location {words} in {shown!r}")
        self.assertFalse(problems, "\n".join(problems))

    def test_warranty_components_apply_to_the_product(self):
        """R-WAR-1: a policy offers only components its products have: the demo's
        dry-type transformer is not offered a compressor."""
        transformer = self.env.ref(
            "after_sales_service.product_transformer", raise_if_not_found=False
        )
        if not transformer:
            self.skipTest("demo data not loaded")
        policies = (
            self.env["after_sales.warranty.policy"]
            .with_context(active_test=False)
            .search([("product_ids", "in", transformer.ids)])
        )
        self.assertTrue(policies)
        names = policies.component_ids.with_context(lang="en_US").mapped("name")
        self.assertNotIn("Compressor", names)
        self.assertFalse(
            [
                n
                for n in policies.component_ids.with_env(self.zh).mapped("name")
                if "压缩机" in n
            ]
        )

    def test_demo_chatter_reads_in_chinese(self):
        """R-X-1: the chatter messages the demo writes on its records (creation
        messages, cancellations, closings, late logs, dispatches, pauses, the
        mails to its Chinese customers) and the to-dos of its Chinese users read
        in Chinese; the notifications sent to the English administrator are
        his."""
        records = self.env["ir.model.data"].search(
            [
                ("module", "=", "after_sales_service"),
                "|",
                ("model", "=like", "after_sales.%"),
                ("model", "=", "helpdesk.ticket"),
            ]
        )
        if not records:
            self.skipTest("demo data not loaded")
        problems = []
        for data in records:
            messages = self.env["mail.message"].search(
                [
                    ("model", "=", data.model),
                    ("res_id", "=", data.res_id),
                    (
                        "message_type",
                        "in",
                        ("notification", "comment", "email_outgoing"),
                    ),
                ]
            )
            for message in messages:
                text = (
                    " ".join(
                        html.fragment_fromstring(
                            message.body or "<p></p>", create_parent="div"
                        ).itertext()
                    )
                    if message.body
                    else ""
                )
                if words := english_words(text):
                    problems.append(f"{data.complete_name}: {words} in {text!r}")
            # The to-dos it leaves ("签署：业务主管"), read by Chinese users.
            activities = self.env["mail.activity"].search(
                [("res_model", "=", data.model), ("res_id", "=", data.res_id)]
            )
            for activity in activities.filtered(lambda a: a.user_id.lang == "zh_CN"):
                if words := english_words(activity.summary):
                    problems.append(
                        f"{data.complete_name} to-do: {words} in {activity.summary!r}"
                    )
        self.assertFalse(problems, "\n".join(problems[:40]))

    def test_creation_message_in_chinese(self):
        """R-X-1: every model of the addon has its Chinese description, and the
        chatter's "… created" message of a record created in Chinese reads it."""
        models = self.env["ir.model"].search([("model", "=like", "after_sales.%")])
        untranslated = [
            m.model
            for m in models
            if not re.search(r"[\u4e00-\u9fff]", m.with_env(self.zh).name)
        ]
        self.assertFalse(untranslated)
        env = self.zh(context=dict(self.zh.context, tracking_disable=False))
        rule = self.env.ref("after_sales_service.penalty_rule_s004_uniform")
        line = env["after_sales.penalty.line"].create(
            {"employee_id": self.employee.id, "rule_id": rule.id}
        )
        bodies = " ".join(line.message_ids.mapped(lambda m: str(m.body)))
        self.assertIn("奖惩台账条目", bodies)
        self.assertNotIn("Penalty and Reward Line", bodies)

    def test_every_model_has_a_display_name(self):
        """R-X-1: every record of the addon has a title a user reads (breadcrumb,
        dialog, chatter link, many2one), never ``model,id``: one record of every
        model, from the samples or the database, is read in Chinese."""
        samples = self._sample_documents()
        checked, problems = set(), []
        for model_name in self.env:
            if not model_name.startswith("after_sales."):
                continue
            Model = self.env[model_name]
            if Model._abstract or Model._transient:
                continue
            record = samples.get(model_name) or Model.sudo().with_context(
                active_test=False
            ).search([], limit=1, order="id desc")
            if not record:
                continue
            record = record[:1].with_env(self.zh).sudo()
            checked.add(model_name)
            name = record.display_name
            if not name or GENERIC_NAME.match(name):
                problems.append(f"{model_name}: {name!r}")
        self.assertGreater(len(checked), 30)
        self.assertFalse(problems, "\n".join(problems))

    def test_late_log_message_formats_the_deadline(self):
        """R-X-1, R-REC-6: the late-submission message gives the deadline in the
        reader's language and the company's time zone (2026年12月07日 09时30分),
        not a raw timestamp with an offset."""
        self.company.partner_id.tz = "Asia/Shanghai"
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        log = (
            self.env["after_sales.work.log"]
            .with_env(self.zh)
            .create(
                {
                    "employee_id": self.employee.id,
                    "date": fields.Date.subtract(fields.Date.today(), days=10),
                }
            )
        )
        self.assertTrue(log.deadline)
        log.with_env(self.zh)._do_submit()
        bodies = " ".join(log.message_ids.mapped(lambda m: str(m.body)))
        self.assertIn("年", bodies, bodies)
        self.assertNotRegex(bodies, r"\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")

    def test_group_labels_follow_the_language(self):
        """R-X-1: a list of the addon's records grouped by day or by month reads
        the day and the month as the reader writes them: 2026年12月07日 and
        2026年12月 in Chinese (Odoo's own label is "07 12月 2026"), 12/07/2026
        and December 2026 in English."""
        day = fields.Date.to_date("2026-12-07")
        self.env["after_sales.work.log"].create(
            {"employee_id": self.employee.id, "date": day}
        )
        Log = self.env["after_sales.work.log"]
        domain = [("employee_id", "=", self.employee.id)]
        for lang, day_label, month_label in (
            ("zh_CN", "2026年12月07日", "2026年12月"),
            ("en_US", "12/07/2026", "December 2026"),
        ):
            logs = Log.with_context(lang=lang, tz="Asia/Shanghai")
            by_day = logs.read_group(domain, ["date"], ["date:day"])
            self.assertEqual([g["date:day"] for g in by_day], [day_label])
            by_month = logs.read_group(domain, ["date"], ["date:month"])
            self.assertEqual([g["date:month"] for g in by_month], [month_label])

    def test_penalty_line_title(self):
        """R-X-1: a ledger line's title (form title, breadcrumb, the dispute
        dialog's tags) is the rule, the person and the day as the reader writes
        it, never ``after_sales.penalty.line,1``."""
        rule = self.env.ref("after_sales_service.penalty_rule_s004_uniform")
        line = self.env["after_sales.penalty.line"].create(
            {
                "employee_id": self.employee.id,
                "rule_id": rule.id,
                "date": fields.Date.to_date("2026-12-07"),
            }
        )
        zh = line.with_env(self.zh).display_name
        self.assertIn("2026年12月07日", zh)
        self.assertIn(rule.with_env(self.zh).name, zh)
        self.assertNotRegex(zh, GENERIC_NAME)
        en = line.with_context(lang="en_US").display_name
        self.assertIn("12/07/2026", en)

    def test_demo_prints_read_in_chinese(self):
        """R-X-1: every print of the addon, made in Chinese of the demo's records
        (the 责任界定表 with its sign-off steps, the requisition, the statement…),
        reads in Chinese: its labels and the records it names (steps, rules,
        locations, policies, months)."""
        reports = self.env["ir.actions.report"].search(
            [
                ("report_type", "in", ("qweb-pdf", "qweb-html")),
                ("model", "!=", False),
            ]
        )
        reports = reports.filtered(
            lambda r: r.get_external_id()
            .get(r.id, "")
            .startswith("after_sales_service.")
        )
        self.assertTrue(reports)
        problems, printed = [], 0
        for report in reports:
            data = self.env["ir.model.data"].search(
                [("module", "=", "after_sales_service"), ("model", "=", report.model)]
            )
            records = self.env[report.model].browse(data.mapped("res_id")).exists()
            if not records:
                continue
            printed += 1
            content, _type = report.with_env(self.zh)._render_qweb_html(
                report.report_name, records[:3].ids
            )
            body = html.document_fromstring(content).find(".//body")
            for node in body.iter("script", "style", "title"):
                node.text = ""
            text = " ".join(body.itertext())
            if words := english_words(text):
                problems.append(f"{report.report_name}: {sorted(set(words))}")
        if not printed:
            self.skipTest("demo data not loaded")
        self.assertFalse(problems, "\n".join(problems))
