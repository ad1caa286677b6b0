# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The month of a statement and its prints (issues 19 and 20).

A month's statement takes that month's lines; a line of an earlier month not
yet on a statement is carried over where everybody sees it; a month reads as a
month (2026年12月, December 2026), never as its first day; the 月度考核表 and the
年度服务预/结算表 are printed on the department's paper form, in Chinese; the
yearly statement's spreadsheet gives every month its balance, as its PDF does.
"""

import io
import re
from html import unescape

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from ..tools.periods import month_label
from .test_costing import CostingCase
from .test_penalty import PenaltyCase


class ChinesePrintMixin:
    """The module's Chinese, with the entries of this work not merged yet."""

    def _html(self, xmlid, records, lang="zh_CN"):
        report = self.env["ir.actions.report"].with_context(lang=lang)
        html, _type = report._render_qweb_html(xmlid, records.ids)
        return html.decode()

    def assertPaperForm(self, html, chinese, english):
        """The shared paper form: the bordered grid, amounts right-aligned,
        signature boxes; the Chinese labels, none of the English ones."""
        for css in ("o_as_form", "o_as_form_title", "o_as_grid", "o_as_num"):
            self.assertIn(css, html)
        self.assertIn('class="o_as_sign"', html)
        for text in chinese:
            self.assertIn(text, html)
        text = re.sub(
            r"<[^>]*>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)
        )
        for word in english:
            self.assertNotIn(word, text)


@tagged("post_install", "-at_install")
class TestStatementMonth(ChinesePrintMixin, PenaltyCase):
    """The penalty statement's month: its lines, its name, its print."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.after_sales_fine_cap_percent = 20
        cls.company.after_sales_minimum_wage = 2300
        cls.employee.sudo().after_sales_wage = 6000
        cls.month = fields.Date.today().replace(day=1)
        cls.previous = cls.month - relativedelta(months=1)

    def _generate(self, month):
        action = self.Statement.with_user(self.manager).action_generate(
            fields.Date.to_string(month)
        )
        self.env.invalidate_all()
        return (
            self.Statement.search(action["domain"])
            .filtered(lambda s: s.employee_id == self.employee)
            .filtered(lambda s: s.month == month)
        )

    def test_month_takes_its_own_lines(self):
        """R-PEN-5: a line of November generated with December (November's
        statement never drafted) is on December's statement as carried over
        from November — and goes to November's statement once November is
        generated: each month's statement holds that month's lines."""
        earlier = self._manual(date=self.previous + relativedelta(days=14))
        current = self._manual(date=self.month)
        statement = self._generate(self.month)
        self.assertEqual(statement.line_ids, earlier | current)
        self.assertEqual(statement.carried_line_ids, earlier)
        self.assertTrue(earlier.carried_over)
        self.assertFalse(current.carried_over)
        previous = self._generate(self.previous)
        self.assertEqual(previous.line_ids, earlier)
        self.assertEqual(statement.line_ids, current)
        self.assertFalse(statement.carried_line_ids)
        self.assertFalse(earlier.carried_over)

    def test_late_line_carried_over_visibly(self):
        """R-PEN-5, R-PEN-7: a line of November entered after November's
        statement was confirmed is carried over to December's statement,
        flagged with its month on the screen (en and zh) and on the print."""
        self._manual(date=self.previous + relativedelta(days=3))
        previous = self._generate(self.previous)
        previous.with_user(self.manager).action_confirm()
        self.assertEqual(previous.state, "confirmed")
        late = self._manual(date=self.previous + relativedelta(days=20))
        statement = self._generate(self.month)
        self.assertEqual(statement.carried_line_ids, late)
        self.assertEqual(
            late.with_context(lang="en_US").carried_from,
            month_label(self.previous, "en_US"),
        )
        self.assertEqual(
            late.with_context(lang="zh_CN").carried_from,
            month_label(self.previous, "zh_CN"),
        )
        self._load_chinese()
        html = self._html(
            "after_sales_service.report_penalty_statement", statement, "en_US"
        )
        self.assertIn("以前月份补记", html)
        self.assertIn(f"{self.previous.year}年{self.previous.month}月", html)

    def test_month_reads_as_a_month(self):
        """R-PEN-5, R-X-1: the statement's month reads 2026年12月 / December
        2026 on the screen and on the print, never as its first day."""
        self._manual(date=self.month)
        statement = self._generate(self.month)
        year, month = self.month.year, self.month.month
        self.assertEqual(
            statement.with_context(lang="zh_CN").month_label, f"{year}年{month}月"
        )
        english = statement.with_context(lang="en_US").month_label
        self.assertEqual(english, f"{self.month.strftime('%B')} {year}")
        self.assertIn(english, statement.with_context(lang="en_US").display_name)
        self._load_chinese()
        html = self._html("after_sales_service.report_penalty_statement", statement)
        start = html.index('class="o_as_form_meta"')
        meta = html[start : html.index("</table>", start)]
        self.assertIn(f"{year}年{month}月", meta)
        self.assertNotIn("日", meta)
        self.assertNotIn(fields.Date.to_string(self.month), html)

    def test_statement_print_on_paper_form(self):
        """R-PEN-5, R-PEN-7, R-X-1: the 月度考核表 on the department's paper
        form: company, title, bordered tables, amounts right-aligned with the
        currency, the seed form's signature boxes; no English."""
        self._manual(date=self.month)
        statement = self._generate(self.month)
        self._load_chinese()
        html = self._html("after_sales_service.report_penalty_statement", statement)
        self.assertPaperForm(
            html,
            ("月度考核表", "制表", "部门主管", "部门经理", "被考核人"),
            (
                "Monthly Assessment",
                "Employee",
                "Month",
                "Fines",
                "Rewards",
                "Carried",
                "Deducted",
                "Net to Payroll",
                "Merit",
                "Amount",
                "Rule",
                "Prepared",
                "Manager",
                "Supervisor",
            ),
        )
        self.assertIn(statement.company_id.name, html)
        self.assertIn(statement.currency_id.symbol, html)


@tagged("post_install", "-at_install")
class TestProvisionPrints(ChinesePrintMixin, CostingCase):
    """The yearly provision statement (年度服务预/结算表): PDF and XLSX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_provision = cls.env["account.account"].create(
            {"code": "280101", "name": "预计负债", "account_type": "liability_current"}
        )
        cls.company.write(
            {
                "after_sales_provision_account_id": cls.acc_provision.id,
                "after_sales_provision_basis": "output",
                "after_sales_provision_output": 1_200_000.0,
                "after_sales_provision_rate": 0.01,
            }
        )
        cls.Provision = cls.env["after_sales.provision"]
        cls.year = cls.today.year - 1
        # March and June accrued (1,000.00 each), the other months not.
        for month in (3, 6):
            cls.Provision._accrue(
                cls.company, fields.Date.to_date(f"{cls.year}-{month:02d}-01")
            )
        cls.wizard = (
            cls.env["after_sales.provision.statement"]
            .with_user(cls.finance)
            .create({"year": cls.year})
        )

    def test_xlsx_balance_every_month(self):
        """R-ACC-5: the spreadsheet gives every month its balance — the running
        balance of the provision, 0 before the first accrual, then carried —
        the same numbers as the PDF's."""
        report = self.env["ir.actions.report"].with_user(self.finance)
        xlsx, _type = report._render_xlsx(
            "after_sales_service.provision_statement_xlsx", self.wizard.ids, None
        )
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
        # Row 6 the header (Month, Basis Amount, Accrued, Consumed, Balance),
        # rows 7-18 the months.
        balances = [sheet.cell(row=7 + i, column=5).value for i in range(12)]
        self.assertEqual(
            balances, [0, 0] + [1000] * 3 + [2000] * 7, f"balances: {balances}"
        )
        statement = self.Provision.with_user(self.finance)._statement(
            self.company, self.year
        )
        self.assertEqual([m["balance"] for m in statement["months"]], balances)
        self.assertEqual(statement["balance"], 2000)

    def test_pdf_on_paper_form(self):
        """R-ACC-5, R-X-1: the 年度服务预/结算表 on the paper form: company,
        title, every month with its balance right-aligned with the currency,
        the signature boxes 制表/审核/批准; no English."""
        self._load_chinese()
        html = self._html("after_sales_service.report_provision_statement", self.wizard)
        self.assertPaperForm(
            html,
            ("年度服务预/结算表", "制表", "审核", "批准", "余额", "2,000.00"),
            (
                "Yearly Provision",
                "Year",
                "Basis",
                "Month",
                "Accrued",
                "Consumed",
                "Balance",
                "Budget",
                "Total",
                "adjusted",
            ),
        )
        self.assertIn(self.company.currency_id.symbol, html)
        self.assertIn(f"{self.year}年3月", html)
        self.assertNotIn(f"{self.year}-03", html)
        # January's balance is printed (0.00), not left empty.
        january = html[
            html.index(f"{self.year}年1月") : html.index(f"{self.year}年2月")
        ]
        self.assertEqual(january.count("0.00"), 4)


@tagged("post_install", "-at_install")
class TestPrintsLedger(ChinesePrintMixin, PenaltyCase):
    """The demo's 月度考核表 and 年度服务预/结算表, as its Chinese users see
    them (a database with the demo data; the demo story spans the last four
    weeks, so that this month's statements and the previous month's meet)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("after_sales_service.company_demo", False)
        if cls.demo:
            users = cls.env["res.users"].search(
                [("login", "in", ("as_manager", "as_finance"))]
            )
            cls.demo_manager = users.filtered(lambda u: u.login == "as_manager")
            cls.demo_finance = users.filtered(lambda u: u.login == "as_finance")
        cls.this_month = fields.Date.context_today(cls.env["res.users"]).replace(day=1)

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("No demo data.")

    def _demo_statements(self, month):
        return (
            self.Statement.with_user(self.demo_manager)
            .with_context(lang="zh_CN", allowed_company_ids=self.demo.ids)
            .search([("company_id", "=", self.demo.id), ("month", "=", month)])
        )

    def assertNoEnglish(self, html):
        """No English word on the page a Chinese reader gets: the visible text
        of the body (the numbers' prefixes such as SH-2612-0001 aside)."""
        html = re.sub(r"<(head|style|script|title)\b.*?</\1>", " ", html, flags=re.S)
        text = unescape(re.sub(r"<[^>]*>", " ", html))
        words = re.findall(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])(?!-\d)", text)
        words = sorted(set(words))
        self.assertFalse(words, f"English on the Chinese print: {words}")

    def test_demo_month_holds_its_own_lines(self):
        """R-PEN-5: this month's statements of the demo hold no line of the
        previous month, except visibly carried over: flagged, with its month
        (2026年11月) on the line and on the statement, in the statement's form
        and list. Drafting the previous month's statements — as the demo now
        does first — takes those lines back to their own month."""
        statements = self._demo_statements(self.this_month)
        self.assertTrue(statements, "the demo drafts this month's statements")
        earlier = statements.line_ids.filtered(lambda line: line.date < self.this_month)
        for line in earlier:
            label = f"{line.date.year}年{line.date.month}月"
            self.assertTrue(line.carried_over, line.display_name)
            self.assertEqual(line.carried_from, label)
            self.assertIn(label, line.statement_id.carried_months)
        self.assertEqual(statements.carried_line_ids, earlier)
        Statement = self.Statement.with_user(self.demo_manager)
        form = Statement.get_view(view_type="form")["arch"]
        self.assertIn('name="carried_months"', form)
        self.assertIn('name="carried_from"', form)
        self.assertIn(
            'name="carried_months"', Statement.get_view(view_type="list")["arch"]
        )
        # The demo drafts the previous month first (demo/after_sales_demo.xml):
        # the previous month's lines go to their month's statements.
        previous = self.this_month - relativedelta(months=1)
        self.Statement._generate(previous, self.demo)
        self.Statement._generate(self.this_month, self.demo)
        self.env.invalidate_all()
        statements = self._demo_statements(self.this_month)
        self.assertFalse(
            statements.line_ids.filtered(lambda line: line.date < self.this_month)
        )
        self.assertFalse(statements.carried_line_ids)
        story = self.Line.sudo().search(
            [
                ("company_id", "=", self.demo.id),
                ("date", ">=", previous),
                ("date", "<", self.this_month),
                ("statement_id", "!=", False),
            ]
        )
        self.assertEqual(story, self._demo_statements(previous).line_ids)
        self.assertGreaterEqual(story, earlier)

    def test_demo_month_reads_as_a_month(self):
        """R-PEN-5, R-X-1: the demo's statement reads its month as a month in
        Chinese (2026年12月), on the screen and in its name."""
        statement = self._demo_statements(self.this_month)[:1]
        label = f"{self.this_month.year}年{self.this_month.month}月"
        self.assertEqual(statement.month_label, label)
        self.assertIn(label, statement.display_name)
        self.assertNotIn(fields.Date.to_string(self.this_month), statement.display_name)

    def test_demo_xlsx_balance_every_month(self):
        """R-ACC-5: the demo year's spreadsheet, in Chinese: the column 余额 has
        a balance for every month — those before the demo's one accrual (this
        month) too, not an empty cell — and the year-end balance is the
        last month's."""
        self._load_chinese()
        wizard = (
            self.env["after_sales.provision.statement"]
            .with_user(self.demo_finance)
            .with_context(lang="zh_CN", allowed_company_ids=self.demo.ids)
            .create({"year": self.this_month.year, "company_id": self.demo.id})
        )
        xlsx, _type = (
            self.env["ir.actions.report"]
            .with_user(self.demo_finance)
            .with_context(lang="zh_CN", allowed_company_ids=self.demo.ids)
            ._render_xlsx(
                "after_sales_service.provision_statement_xlsx", wizard.ids, None
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
        self.assertEqual(sheet.cell(row=6, column=1).value, "月份")
        self.assertEqual(sheet.cell(row=6, column=5).value, "余额")
        months = [sheet.cell(row=7 + i, column=1).value for i in range(12)]
        self.assertEqual(
            months, [f"{self.this_month.year}年{m}月" for m in range(1, 13)]
        )
        balances = [sheet.cell(row=7 + i, column=5).value for i in range(12)]
        self.assertTrue(
            all(isinstance(b, int | float) for b in balances), f"余额: {balances}"
        )
        statement = wizard._statement()
        self.assertEqual([m["balance"] for m in statement["months"]], balances)
        self.assertEqual(sheet.cell(row=19, column=5).value, balances[-1])

    def test_demo_prints_on_paper_form_in_chinese(self):
        """R-PEN-7, R-ACC-5, R-X-1: the demo's 月度考核表 and 年度服务预/结算表
        print on the paper form — company, title, bordered tables, amounts
        right-aligned, signature boxes — in Chinese, not one English word."""
        self._load_chinese()
        statement = self._demo_statements(self.this_month)[:1]
        html = self._html("after_sales_service.report_penalty_statement", statement)
        self.assertPaperForm(
            html,
            (
                "月度考核表",
                self.demo.name,
                "制表",
                "被考核人",
                "部门主管",
                "财会室主管",
                "部门经理",
            ),
            (),
        )
        self.assertIn(f"{self.this_month.year}年{self.this_month.month}月", html)
        if statement.carried_line_ids:  # a database of the earlier demo
            self.assertIn("以前月份补记", html)
            self.assertIn(statement.carried_months, html)
        self.assertNoEnglish(html)
        wizard = (
            self.env["after_sales.provision.statement"]
            .with_user(self.demo_finance)
            .with_context(allowed_company_ids=self.demo.ids)
            .create({"year": self.this_month.year, "company_id": self.demo.id})
        )
        html = self._html("after_sales_service.report_provision_statement", wizard)
        self.assertPaperForm(
            html,
            ("年度服务预/结算表", self.demo.name, "余额", "制表", "审核", "批准"),
            (),
        )
        self.assertNoEnglish(html)
