# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestServiceRecordReport(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record = cls._create_record(
            cls._create_ticket(), **cls._confirm_values(measures="更换风扇电容")
        )
        cls.report = cls.env.ref("after_sales_service.service_record_report_action")

    def _html(self, lang):
        report = self.report.with_context(lang=lang)
        html, _type = report._render_qweb_html(report.report_name, self.record.ids)
        return html.decode()

    def test_three_copies_english(self):
        """R-REC-5: three copies (stub, service, customer) with signature lines."""
        html = self._html("en_US")
        self.assertEqual(html.count('class="o_copy_label"'), 3)
        for label in ("Stub", "After-Sales Service", "Customer"):
            self.assertIn(label, html)
        # The paper form's signature boxes (issue 19): one row of labelled
        # boxes per copy instead of "Engineer: ____" lines.
        self.assertEqual(html.count('class="o_as_sign_label"'), 12)
        for label in ("Engineer", "Warehouse Keeper", "Department Manager"):
            self.assertEqual(html.count(f"<span>{label}</span>:"), 3)
        self.assertIn(self.record.name, html)
        self.assertIn("更换风扇电容", html)

    def test_chinese_layout(self):
        """R-REC-5, R-X-1: in Chinese the form prints its Chinese title and copies."""
        self._load_chinese()
        html = self._html("zh_CN")
        for text in ("售后服务现场工作记录表", "存根", "客户"):
            self.assertIn(text, html)


@tagged("post_install", "-at_install")
class TestServiceRecordPdf(HttpCase, AfterSalesCase):
    """An HttpCase: wkhtmltopdf fetches the report assets from the test server."""

    def test_pdf_renders(self):
        """R-REC-5: the PDF itself renders (wkhtmltopdf with a CJK font)."""
        record = self._create_record(self._create_ticket(), **self._confirm_values())
        report = self.env.ref("after_sales_service.service_record_report_action")
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state not in ("ok", "upgrade"):
            self.skipTest(f"wkhtmltopdf is {state} on this machine")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, record.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
