# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The after-sales prints on the paper form of the department (issues 19, 20).

The custody receipt and the repair tag, the field service record, the
responsibility determination, the quote and the return appraisal are laid out on
``after_sales_service.paper_form``: the company over the title, the copy's role
boxed in the corner, bordered tables, amounts right-aligned with their currency,
signature boxes with the captured signature at a readable size, short names of
products and places, dates in the reader's language. Each is rendered as HTML in
en_US and in zh_CN (time zone Asia/Shanghai) with its data built here.
"""

import base64
import io
import re
from datetime import date, datetime

from lxml import html as lxml_html
from PIL import Image

from odoo import Command
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import AfterSalesCase, WarrantyCase
from .test_parts import PartsCase
from .test_signoff import SignoffCase

TZ = "Asia/Shanghai"
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
REQUIREMENT_ID = re.compile(r"R-[A-Z]+-\d")
ZH_DATE = re.compile(r"\d{4}年\d{2}月\d{2}日")
SIGNATURE_HEIGHT = re.compile(
    r"\.o_as_record_sign\b.*?img\s*\{\s*max-height:\s*(\d+)mm", re.S
)


def _signature_png():
    """A captured signature as the signature widget stores it (base64 PNG)."""
    image = Image.new("RGB", (600, 200), "white")
    for x in range(50, 550):
        image.putpixel((x, 100 + (x % 40) - 20), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def _cls(node, name):
    return name in (node.get("class") or "").split()


class PaperFormMixin:
    """Checks every paper form shares."""

    def _render(self, xmlid, records, lang):
        report = self.env.ref(xmlid).with_context(lang=lang, tz=TZ)
        content, _kind = report._render_qweb_html(report.report_name, records.ids)
        return content.decode()

    def _forms(self, content):
        root = lxml_html.document_fromstring(content)
        return root, [n for n in root.iter("div") if _cls(n, "o_as_form")]

    def _text(self, node):
        for element in node.iter("script", "style", "title"):
            element.text = ""
        return " ".join(" ".join(node.itertext()).split())

    def _assert_paper_form(self, content, title, copies=0, signatures=0):
        """The shared layout: the company header, the title, the copy roles
        boxed in the corner, bordered tables, the signature boxes; no
        requirement id."""
        root, forms = self._forms(content)
        self.assertTrue(forms, "not on the paper form layout")
        for form in forms:
            titles = [n for n in form.iter("div") if _cls(n, "o_as_form_title")]
            self.assertEqual([self._text(n) for n in titles], [title])
            company = [n for n in form.iter("td") if _cls(n, "o_as_form_company")]
            self.assertEqual(len(company), 1)
            self.assertTrue(self._text(company[0]))
            grids = [n for n in form.iter("table") if _cls(n, "o_as_grid")]
            self.assertTrue(grids, "no bordered table")
            boxes = [n for n in form.iter("div") if _cls(n, "o_as_sign_box")]
            self.assertEqual(len(boxes), signatures)
        labels = [
            n
            for n in root.iter("span")
            if _cls(n, "o_copy_label") and _cls(n.getparent(), "o_as_form_copy")
        ]
        self.assertEqual(len(labels), copies)
        if copies:
            self.assertEqual(len(forms), copies)
        self.assertFalse(REQUIREMENT_ID.search(content))
        self.assertNotIn("§", content)
        return root, forms

    def _num_cells(self, root):
        return [
            self._text(n)
            for n in root.iter("td")
            if _cls(n, "o_as_num") and n.text_content().strip()
        ]

    def _english(self, text, *allowed):
        for value in allowed:
            text = text.replace(value, " ")
        return ENGLISH_WORD.findall(text)


@tagged("post_install", "-at_install")
class TestPrintedServiceRecord(PaperFormMixin, PartsCase):
    """The field service record with the parts of the visit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record = cls._create_record(
            cls.ticket,
            **cls._confirm_values(
                measures="更换风扇电机",
                confirm_signature=_signature_png(),
                confirm_date=date(2026, 12, 7),
            ),
        )

    def _with_parts(self):
        requisition = self._approved(
            [
                {"product_id": self.fan.id, "quantity": 2},
                {"product_id": self.board.id, "quantity": 1},
            ],
            record_id=self.record.id,
        )
        requisition.action_issue()
        self.env["after_sales.replaced.part"].create(
            {
                "requisition_id": requisition.id,
                "product_id": self.board.id,
                "quantity": 1,
                "disposition": "customer",
                "note": "烧毁",
            }
        )
        return requisition

    def test_paper_form_with_parts_and_signature(self):
        """R-REC-5, R-PRT-5, R-PRT-6: three copies on the paper form, each with
        its role boxed; the parts the visit used and the part taken out of the
        unit are listed by their short names; the customer's signature sits in
        its signature box (no thumbnail squeezed into a table cell)."""
        requisition = self._with_parts()
        used = requisition.line_ids.filtered(lambda line: line.quantity_used)
        self.assertEqual(used.product_id, self.fan | self.board)
        content = self._render(
            "after_sales_service.service_record_report_action", self.record, "en_US"
        )
        root, forms = self._assert_paper_form(
            content, "Field Service Record", copies=3, signatures=4
        )
        copies = [self._text(n) for n in root.iter("span") if _cls(n, "o_copy_label")]
        self.assertEqual(
            copies,
            ["Copy 1: Stub", "Copy 2: After-Sales Service", "Copy 3: Customer"],
        )
        for form in forms:
            used_tables = [n for n in form.iter("table") if _cls(n, "o_as_parts_used")]
            self.assertEqual(len(used_tables), 1)
            text = self._text(used_tables[0])
            self.assertIn("Fan Motor", text)
            self.assertIn("Control Board", text)
            self.assertIn(self.boards[0].name, text)
            self.assertNotIn("[FM-220]", text)
            replaced = [n for n in form.iter("table") if _cls(n, "o_as_replaced_parts")]
            self.assertEqual(len(replaced), 1)
            self.assertIn("Control Board", self._text(replaced[0]))
            images = list(form.iter("img"))
            self.assertEqual(len(images), 1)
            self.assertTrue(_cls(images[0].getparent(), "o_as_sign_box"))
            self.assertFalse(images[0].get("style"), "the box sizes the signature")
            self.assertTrue(
                any(_cls(n, "o_as_record_sign") for n in images[0].iterancestors())
            )
        self.assertIn("12/07/2026", content)
        # Readable, not tiny (issue 20): the record's signature box lets the
        # captured signature be 25 mm high.
        with file_open("after_sales_service/static/src/scss/paper_form.scss") as scss:
            sizes = SIGNATURE_HEIGHT.findall(scss.read())
        self.assertTrue(sizes and int(sizes[0]) >= 25, sizes)

    def test_parts_of_the_request_without_record(self):
        """R-REC-5, R-PRT-5: a requisition made on the request for no record (the
        record is optional and fixed once issued, as in the demo) lists its used
        parts on the request's only visit; a second visit lists only its own."""
        requisition = self._approved(
            [{"product_id": self.fan.id, "quantity": 1}], record_id=False
        )
        requisition.action_issue()
        self.assertFalse(requisition.record_id)
        content = self._render(
            "after_sales_service.service_record_report_action", self.record, "en_US"
        )
        root, _forms = self._forms(content)
        used = [n for n in root.iter("table") if _cls(n, "o_as_parts_used")]
        self.assertEqual(len(used), 3)
        self.assertIn("Fan Motor", self._text(used[0]))
        second = self._create_record(self.ticket)
        for record in (self.record, second):
            content = self._render(
                "after_sales_service.service_record_report_action", record, "en_US"
            )
            root, _forms = self._forms(content)
            used = [n for n in root.iter("table") if _cls(n, "o_as_parts_used")]
            self.assertNotIn("Fan Motor", self._text(used[0]))

    def test_no_parts_says_so(self):
        """R-REC-5: a visit without parts prints an empty parts table saying so."""
        content = self._render(
            "after_sales_service.service_record_report_action", self.record, "en_US"
        )
        root, _forms = self._assert_paper_form(
            content, "Field Service Record", copies=3, signatures=4
        )
        self.assertEqual(
            len([n for n in root.iter("table") if _cls(n, "o_as_parts_used")]), 3
        )
        self.assertEqual(
            len([n for n in root.iter("table") if _cls(n, "o_as_replaced_parts")]), 0
        )

    def test_chinese(self):
        """R-REC-5, R-X-1: in Chinese the record reads in Chinese, its copies
        are 第N联, its dates 2026年12月07日."""
        self._load_chinese(modules=("uom", "after_sales_service"))
        self._with_parts()
        self.env.company.name = "测试电器有限公司"
        self.customer.write({"name": "张伟", "city": "广州"})
        self.product.name = "壁挂式空调"
        self.fan.name = "风扇电机"
        self.board.name = "控制板"
        self.engineer.name = "李强"
        self.record.write(
            {"site_contact_name": "张伟", "confirm_name": "张伟", "vehicle": "面包车"}
        )
        self.ticket.write({"name": "空调不制冷", "service_address": "广州市天河区"})
        content = self._render(
            "after_sales_service.service_record_report_action", self.record, "zh_CN"
        )
        root, forms = self._assert_paper_form(
            content, "售后服务现场工作记录表", copies=3, signatures=4
        )
        copies = [self._text(n) for n in root.iter("span") if _cls(n, "o_copy_label")]
        self.assertTrue(all(c.startswith("第") and "联" in c for c in copies), copies)
        self.assertIn("2026年12月07日", content)
        text = self._text(root.find(".//body"))
        english = self._english(
            text,
            self.record.name,
            self.ticket.number,
            self.lot.name,
            *self.boards.mapped("name"),
        )
        self.assertFalse(
            [w for w in english if w not in ("km", "SN")], f"English in {text!r}"
        )


@tagged("post_install", "-at_install")
class TestPrintedCustody(PaperFormMixin, AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.default_code = "KFR-35"
        cls.custody = cls.env["after_sales.custody"].create(
            {"ticket_id": cls._create_ticket().id, "accessories": "遥控器一个"}
        )
        cls.custody.action_receive()

    def test_receipt_and_tag(self):
        """R-REC-7, R-PRT-5: the receipt on the paper form in two copies with
        their roles boxed, signature boxes for the customer, the clerk and who
        collects the unit; the tag on the paper form; the product by its short
        name, the service point by its own name."""
        content = self._render(
            "after_sales_service.custody_receipt_report_action", self.custody, "en_US"
        )
        root, _forms = self._assert_paper_form(
            content, "Customer Goods Receipt", copies=2, signatures=3
        )
        self.assertIn("Test Air Conditioner", content)
        self.assertNotIn("[KFR-35]", content)
        self.assertIn(self.custody.warehouse_id.name, content)
        tag = self._render(
            "after_sales_service.custody_tag_report_action", self.custody, "en_US"
        )
        self._assert_paper_form(tag, "Repair Tag")
        self.assertNotIn("[KFR-35]", tag)
        self.assertIn(self.custody.name, tag)

    def test_chinese(self):
        """R-PRT-5, R-X-1: in Chinese: 客户商品领取收据 with 第一联/第二联, the
        received date 年月日, the tag 修护卡."""
        self._load_chinese(modules=("uom", "after_sales_service"))
        content = self._render(
            "after_sales_service.custody_receipt_report_action", self.custody, "zh_CN"
        )
        self._assert_paper_form(content, "客户商品领取收据", copies=2, signatures=3)
        self.assertIn("第一联 存根", content)
        self.assertTrue(ZH_DATE.search(content))
        tag = self._render(
            "after_sales_service.custody_tag_report_action", self.custody, "zh_CN"
        )
        self._assert_paper_form(tag, "修护卡")
        self.assertTrue(ZH_DATE.search(tag))


@tagged("post_install", "-at_install")
class TestPrintedQuote(PaperFormMixin, SignoffCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "VAT 13% (prints)",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
            }
        )

    def _quote(self):
        quote = self._create_quote(
            self._create_ticket(),
            tax_id=self.vat.id,
            line_ids=[
                Command.create(
                    {"kind": "parts", "name": "压缩机", "quantity": 1, "unit_cost": 500}
                ),
                Command.create(
                    {"kind": "labour", "name": "工时", "quantity": 4, "unit_cost": 85}
                ),
                Command.create(
                    {"kind": "travel", "name": "差旅", "quantity": 2, "unit_cost": 30}
                ),
            ],
        )
        return quote

    def _confirmed(self):
        quote = self._quote()
        quote.with_user(self.clerk).action_mark_sent()
        quote.with_user(self.clerk)._do_confirm(
            {
                "confirmation_method": "phone",
                "confirmed_by_name": "李先生",
                "confirmed_at": datetime(2026, 12, 1, 2, 30),
            }
        )
        return quote

    def test_line_unit_price_gives_the_subtotal(self):
        """R-ACC-2: every line — labour and travel too — stores the unit price
        its subtotal is computed from (the unit cost with the markup): unit
        price × quantity = subtotal; the quote's list shows it."""
        quote = self._quote()
        self.assertEqual(quote.line_ids.mapped("price_unit"), [700.0, 119.0, 42.0])
        self.assertEqual(quote.line_ids.mapped("price_subtotal"), [700.0, 476.0, 84.0])
        for line in quote.line_ids:
            self.assertAlmostEqual(
                line.price_unit * line.quantity, line.price_subtotal, places=2
            )
        agreed = quote.line_ids[1]
        agreed.fixed_price = 100.0
        self.assertEqual((agreed.price_unit, agreed.price_subtotal), (100.0, 400.0))
        arch = quote.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="price_unit"', arch)

    def test_print_shows_unit_price_tax_and_confirmation(self):
        """R-ACC-2, 000 §2.6: the printed quote shows each line's unit price,
        the tax rate, the totals right-aligned with the currency and who
        confirmed for the customer, how and when, and who contacted them."""
        quote = self._confirmed()
        self.customer.lang = "en_US"
        content = self._render(
            "after_sales_service.quote_report_action", quote, "en_US"
        )
        root, _forms = self._assert_paper_form(
            content, "Quote Confirmation for Additional Work", signatures=2
        )
        prices = [self._text(n) for n in root.iter("td") if _cls(n, "o_as_unit_price")]
        symbol = quote.currency_id.symbol
        self.assertEqual(len(prices), 3)
        for price, expected in zip(prices, ("700.00", "119.00", "42.00"), strict=True):
            self.assertIn(expected, price)
            self.assertIn(symbol, price)
        numbers = self._num_cells(root)
        for amount in ("476.00", "1,260.00", "163.80", "1,423.80"):
            self.assertTrue(
                any(amount in n and symbol in n for n in numbers), (amount, numbers)
            )
        rate = [self._text(n) for n in root.iter("span") if _cls(n, "o_as_tax_rate")]
        self.assertEqual(rate, ["13%"])
        self.assertEqual(
            [self._text(n) for n in root.iter("span") if _cls(n, "o_as_confirmed_by")],
            ["李先生"],
        )
        self.assertEqual(
            [self._text(n) for n in root.iter("span") if _cls(n, "o_as_confirmed_at")],
            ["12/01/2026 10:30"],
        )
        self.assertIn("Confirmed by Phone", content)
        self.assertIn(self.clerk.name, content)

    def test_chinese(self):
        """R-ACC-2, R-X-1: the Chinese customer's quote reads in Chinese with
        the confirmation time 2026年12月01日 10时30分."""
        self._load_chinese(modules=("uom", "after_sales_service"))
        quote = self._confirmed()
        self.customer.lang = "zh_CN"
        self.customer.name = "张伟"
        self.env.company.name = "测试电器有限公司"
        self.clerk.name = "王芳"
        content = self._render(
            "after_sales_service.quote_report_action", quote, "zh_CN"
        )
        root, _forms = self._assert_paper_form(content, "增项报价确认单", signatures=2)
        self.assertEqual(
            [self._text(n) for n in root.iter("span") if _cls(n, "o_as_confirmed_at")],
            ["2026年12月01日 10时30分"],
        )
        text = self._text(root.find(".//body"))
        english = self._english(text, quote.name, quote.ticket_id.number)
        self.assertFalse(english, f"English in {text!r}")


@tagged("post_install", "-at_install")
class TestPrintedDetermination(PaperFormMixin, SignoffCase):
    def test_steps_and_signatures(self):
        """R-APR-1, R-APR-2, R-X-1: the 责任界定表 on the paper form: every
        sign-off step in the opinions table and with its signature box (the
        signer and the date once signed), the amount right-aligned with the
        currency, dates 年月日, no English."""
        self._load_chinese(modules=("uom", "after_sales_service"))
        self.env.company.name = "测试电器有限公司"
        self.customer.name = "张伟"
        self.supervisor.name = "赵主管"
        self.engineer.name = "李强"
        self.product.name = "壁挂式空调"
        determination = self._create_determination(150.0, cause="用户自行移机")
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.supervisor, comment="同意")
        content = self._render(
            "after_sales_service.responsibility_report_action", determination, "en_US"
        )
        steps = determination.signature_ids.with_context(lang="zh_CN")
        root, _forms = self._assert_paper_form(
            content, "售后服务责任界定表", signatures=1 + len(steps)
        )
        boxes = [
            self._text(n.getparent())
            for n in root.iter("div")
            if _cls(n, "o_as_sign_box")
        ]
        self.assertIn("李强", boxes[0])
        for box, step in zip(boxes[1:], steps.sorted("sequence"), strict=True):
            self.assertIn(step.name, box)
        self.assertIn("赵主管", boxes[1])
        self.assertTrue(ZH_DATE.search(boxes[1]))
        symbol = determination.currency_id.symbol
        self.assertTrue(
            any("150.00" in n and symbol in n for n in self._num_cells(root))
        )
        text = self._text(root.find(".//body"))
        english = self._english(
            text, determination.name, determination.ticket_id.number
        )
        self.assertFalse(english, f"English in {text!r}")


@tagged("post_install", "-at_install")
class TestPrintedAppraisal(PaperFormMixin, WarrantyCase):
    def test_paper_form(self):
        """R-WAR-6, R-WAR-7: the appraisal on the paper form, the invoice price,
        fee and refund right-aligned with the currency, the signature boxes of
        the appraiser, the supervisor (who decided, when) and the customer."""
        ticket = self._create_dated_ticket(
            date(2025, 6, 1),
            registered_at=datetime(2025, 6, 15, 2, 0),
            warranty_fault_kind="quality",
            warranty_major_fault=True,
            warranty_customer_wants_return=True,
        )
        appraisal = (
            self.env["after_sales.return.appraisal"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "remedy": "return",
                    "accessories_complete": True,
                    "packaging_complete": True,
                    "report_attached": True,
                    "real_fault": "压缩机不启动",
                    "fault_matches": True,
                    "invoice_price": 5000.0,
                    "return_date": date(2025, 6, 21),
                }
            )
        )
        appraisal.with_user(self.supervisor).action_approve()
        content = self._render(
            "after_sales_service.return_appraisal_report_action", appraisal, "en_US"
        )
        root, _forms = self._assert_paper_form(
            content, "Return Appraisal Report", signatures=3
        )
        symbol = appraisal.currency_id.symbol
        numbers = self._num_cells(root)
        for amount in ("5,000.00", "100.00", "4,900.00"):
            self.assertTrue(
                any(amount in n and symbol in n for n in numbers), (amount, numbers)
            )
        self.assertIn("06/21/2025", content)
        boxes = [
            self._text(n.getparent())
            for n in root.iter("div")
            if _cls(n, "o_as_sign_box")
        ]
        self.assertIn(self.supervisor.name, boxes[1])
        self._load_chinese(modules=("uom", "after_sales_service"))
        content = self._render(
            "after_sales_service.return_appraisal_report_action", appraisal, "zh_CN"
        )
        self._assert_paper_form(content, "退换机鉴定报告", signatures=3)
        self.assertIn("2025年06月21日", content)
