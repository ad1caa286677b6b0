# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tests import TransactionCase, tagged

# The books' "after-sales documents" filter (views/costing_ledger_views.xml).
AFTER_SALES_DOCUMENTS = [
    "|",
    "|",
    ("move_id.after_sales_ticket_id", "!=", False),
    ("move_id.after_sales_provision_ids", "!=", False),
    ("move_id.after_sales_penalty_statement_ids", "!=", False),
]


@tagged("post_install", "-at_install")
class TestDemoBooks(TransactionCase):
    """The demo story in the books (issue "Done when"): on the demo company, in
    yuan, the warranty repair's costs are booked to the accounts of their
    bearer, the supplier-caused repair is a receivable from the supplier, the
    chargeable repair is invoiced from its confirmed quote, the month's
    provision is accrued, the approved return has its credit note with the
    depreciation line — and the trial balance of the after-sales documents
    shows exactly these amounts. Runs where the demo data is loaded (the
    suite's database: Odoo 18 loads demo data by default)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref(
            "after_sales_service.company_demo", raise_if_not_found=False
        )
        module = cls.env["ir.module.module"].search(
            [("name", "=", "after_sales_service")]
        )
        if not module.demo:
            cls.skipTest(cls, "installed without demo data")
        # Installed with demo data: a demo that failed to load fails here.
        assert cls.company, "the demo data of after_sales_service did not load"
        cls.currency = cls.company.currency_id

    def _ref(self, xmlid):
        return self.env.ref(f"after_sales_service.{xmlid}")

    def _booked(self, ticket):
        lines = ticket.cost_line_ids.filtered(lambda line: line.state == "booked")
        self.assertTrue(lines, f"{ticket.name}: booked cost lines")
        self.assertEqual(lines.move_id.mapped("state"), ["posted"])
        return lines

    def _balances(self, domain):
        """``{account: (debit, credit)}`` of the posted lines of ``domain``."""
        groups = self.env["account.move.line"]._read_group(
            [("parent_state", "=", "posted"), *domain],
            ["account_id"],
            ["debit:sum", "credit:sum"],
        )
        return {account: (debit, credit) for account, debit, credit in groups}

    def assertAmount(self, first, second, msg=None):
        self.assertFalse(
            self.currency.compare_amounts(first, second), msg or (first, second)
        )

    def test_demo_company_in_yuan(self):
        """R-ACC-6: the demo company keeps its books in yuan, two decimals."""
        self.assertEqual(self.currency.name, "CNY")
        self.assertEqual(self.currency.decimal_places, 2)

    def test_warranty_repair_booked_by_bearer(self):
        """R-ACC-1, R-ACC-4: the warranty repair's parts, labour and travel are
        the company's warranty cost: debited to the provision it consumes
        (预计负债, not 销售费用—售后服务费: the company accrues), credited to
        the parts' valuation, accrued labour and accrued expenses; labour at
        the engineer's own rate, travel in the city at the zone's fixed
        amount."""
        ticket = self._ref("ticket_ac_capacitor")
        lines = self._booked(ticket)
        self.assertEqual(set(lines.mapped("bearer")), {"company"})
        self.assertEqual(set(lines.mapped("kind")), {"parts", "labour", "travel"})
        company = self.company
        # It accrues, so its warranty costs consume the provision (issue 19).
        self.assertTrue(company.after_sales_provision_consume)
        debit_account = company.after_sales_provision_account_id
        balances = self._balances([("move_id", "in", lines.move_id.ids)])
        self.assertAmount(balances[debit_account][0], sum(lines.mapped("amount")))
        by_kind = defaultdict(float)
        for line in lines:
            by_kind[line.kind] += line.amount
        self.assertAmount(
            balances[company.after_sales_accrued_labour_account_id][1],
            by_kind["labour"],
        )
        self.assertAmount(
            balances[company.after_sales_accrued_expense_account_id][1],
            by_kind["travel"],
        )
        # 李强's own rate, not the company's.
        labour = lines.filtered(lambda line: line.kind == "labour")
        self.assertAmount(labour.unit_cost, self._ref("engineer_rate_li").rate)
        # 8 km: the city zone's fixed amount per trip, not 8 × the rate.
        zone = self._ref("travel_zone_city")
        travel = lines.filtered(lambda line: line.kind == "travel")
        self.assertAmount(travel.amount, zone.amount)
        parts = lines.filtered(lambda line: line.kind == "parts")
        credit_parts = ticket._costing_parts_account(parts[:1])
        self.assertAmount(balances[credit_parts][1], by_kind["parts"])
        # The parts' cost is what the stock valuation says was used.
        self.assertAmount(
            by_kind["parts"], sum(parts.requisition_line_id.mapped("value_consumed"))
        )

    def test_supplier_caused_repair_is_a_receivable(self):
        """R-ACC-1, R-ACC-4: the repair caused by the fan supplier's part is a
        receivable from that supplier (其他应收款, partner the supplier)."""
        ticket = self._ref("ticket_ac_repair")
        lines = self._booked(ticket).filtered(lambda line: line.bearer == "supplier")
        self.assertTrue(lines)
        supplier = self._ref("partner_supplier_fan")
        self.assertEqual(lines.supplier_id, supplier)
        receivable = self.company.after_sales_supplier_receivable_account_id
        groups = self.env["account.move.line"]._read_group(
            [
                ("move_id", "in", lines.move_id.ids),
                ("account_id", "=", receivable.id),
            ],
            ["partner_id"],
            ["debit:sum"],
        )
        self.assertEqual([partner for partner, _debit in groups], [supplier])
        self.assertAmount(groups[0][1], sum(lines.mapped("amount")))

    def test_chargeable_repair_invoiced_from_the_quote(self):
        """R-ACC-3: the hospital's chargeable repair is invoiced from its
        confirmed quote: a posted customer invoice of the quote's amounts, linked
        with the request."""
        quote = self._ref("quote_hospital_ac")
        self.assertEqual(quote.state, "confirmed")
        invoice = self.env["account.move"].search(
            [("after_sales_quote_id", "=", quote.id), ("state", "=", "posted")]
        )
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.after_sales_ticket_id, quote.ticket_id)
        self.assertEqual(invoice.currency_id, self.currency)
        self.assertAmount(invoice.amount_untaxed, quote.amount_untaxed)
        self.assertAmount(invoice.amount_total, quote.amount_total)

    def test_month_provision_accrued(self):
        """R-ACC-5: the month's provision is accrued and posted to the provision
        liability (预计负债)."""
        provision = self.env["after_sales.provision"].search(
            [("company_id", "=", self.company.id)], order="date_from desc", limit=1
        )
        self.assertTrue(provision)
        self.assertTrue(self.currency.compare_amounts(provision.amount, 0.0) > 0)
        self.assertEqual(provision.move_id.state, "posted")
        balances = self._balances([("move_id", "=", provision.move_id.id)])
        account = self.company.after_sales_provision_account_id
        self.assertAmount(balances[account][1], provision.amount)

    def test_return_credit_note_with_depreciation(self):
        """R-WAR-6, R-WAR-7: the approved return has its credit note: the
        invoice price less the depreciation fee, on a visible line with the
        appraisal's arithmetic."""
        appraisal = self._ref("return_appraisal_ac")
        credit_note = appraisal.credit_note_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.after_sales_ticket_id, appraisal.ticket_id)
        self.assertTrue(appraisal.depreciation_applies)
        # The demo is written in Chinese: its credit note line reads the
        # arithmetic in zh_CN.
        arithmetic = appraisal.with_context(lang="zh_CN").depreciation_arithmetic
        fee = credit_note.invoice_line_ids.filtered(
            lambda line: arithmetic in (line.name or "")
        )
        self.assertEqual(len(fee), 1)
        self.assertAmount(fee.price_subtotal, -appraisal.depreciation_amount)
        self.assertAmount(
            credit_note.amount_untaxed,
            appraisal.invoice_price - appraisal.depreciation_amount,
        )

    def test_trial_balance_shows_these_amounts(self):
        """R-ACC-4, R-ACC-6: the trial balance of the after-sales documents (the
        books' filter) balances and shows, per account, exactly the booked costs
        and the provision: the expense debited with the accrual only, 预计负债
        credited by the accrual and debited by the company's warranty cost it
        consumes, the supplier receivable with the suppliers' share."""
        domain = [("company_id", "=", self.company.id), *AFTER_SALES_DOCUMENTS]
        balances = self._balances(domain)
        self.assertAmount(
            sum(debit for debit, _credit in balances.values()),
            sum(credit for _debit, credit in balances.values()),
        )
        lines = self.env["after_sales.cost.line"].search(
            [("company_id", "=", self.company.id), ("state", "=", "booked")]
        )
        by_bearer = defaultdict(float)
        for line in lines:
            by_bearer[line.bearer] += line.amount
        company = self.company
        provisions = self.env["after_sales.provision"].search(
            [("company_id", "=", company.id), ("move_id.state", "=", "posted")]
        )
        statements = self.env["after_sales.penalty.statement"].search(
            [("company_id", "=", company.id), ("move_id.state", "=", "posted")]
        )
        expense = company.after_sales_expense_account_id
        statement_expense = self._balances(
            [("move_id", "in", statements.move_id.ids), ("account_id", "=", expense.id)]
        ).get(expense, (0.0, 0.0))
        # 660101 carries the accrual only: the warranty cost consumes the
        # provision (企业会计准则第13号), it is not an expense a second time.
        self.assertTrue(company.after_sales_provision_consume)
        self.assertTrue(self.currency.compare_amounts(by_bearer["company"], 0.0) > 0)
        self.assertAmount(
            balances[expense][0] - statement_expense[0],
            sum(provisions.mapped("amount")),
        )
        # 2801 预计负债: credited by the accrual, debited by the consumption.
        liability = company.after_sales_provision_account_id
        self.assertAmount(balances[liability][1], sum(provisions.mapped("amount")))
        self.assertAmount(balances[liability][0], by_bearer["company"])
        receivable = company.after_sales_supplier_receivable_account_id
        self.assertAmount(balances[receivable][0], by_bearer["supplier"])

    def test_yearly_statement_shows_the_month_consumed(self):
        """R-ACC-5: the yearly statement (年度服务预/结算表) of the demo year
        shows, for the accrued month, 已使用 = the warranty costs booked in the
        month, and the balance = accrued less consumed."""
        provision = self.env["after_sales.provision"].search(
            [("company_id", "=", self.company.id), ("state", "=", "accrued")],
            order="date_from desc",
            limit=1,
        )
        self.assertTrue(provision)
        lines = self.env["after_sales.cost.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "booked"),
                ("bearer", "=", "company"),
                ("move_id.date", ">=", provision.date_from),
                ("move_id.date", "<=", provision.date_to),
            ]
        )
        consumed = sum(lines.mapped("amount"))
        self.assertTrue(self.currency.compare_amounts(consumed, 0.0) > 0)
        statement = self.env["after_sales.provision"]._statement(
            self.company, provision.date_from.year
        )
        month = statement["months"][provision.date_from.month - 1]
        self.assertAmount(month["accrued"], provision.amount)
        self.assertAmount(month["consumed"], consumed)
        self.assertAmount(month["balance"], provision.amount - consumed)
