# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cost lines by bearer, free-cost journal entries, reversals and the customer
invoice of a confirmed quote (SPEC §6), with real ``account.move`` postings on
the company's chart."""

import io
import random
import zipfile
from xml.etree import ElementTree

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import date_utils

from .common import WarrantyCase


class CostingCase(WarrantyCase):
    """A warehouse with a fan motor valued in real time, the company's cost
    accounts and journal, an in-warranty request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        Account = cls.env["account.account"]

        def account(code, name, account_type):
            return Account.create(
                {"code": code, "name": name, "account_type": account_type}
            )

        cls.acc_expense = account("660101", "售后服务费", "expense")
        cls.acc_quality = account("510101", "质量损失", "expense")
        cls.acc_supplier = account("122101", "其他应收款", "asset_current")
        cls.acc_labour = account("221101", "应付职工薪酬", "liability_current")
        cls.acc_accrued = account("224101", "其他应付款", "liability_current")
        cls.acc_valuation = account("140501", "库存商品", "asset_current")
        cls.acc_output = account("140502", "售后领用", "asset_current")
        cls.journal = cls.env["account.journal"].create(
            {"name": "After-Sales Costs", "code": "ASC", "type": "general"}
        )
        stock_journal = cls.env["account.journal"].create(
            {"name": "Parts Valuation", "code": "ASPV", "type": "general"}
        )
        company.write(
            {
                "after_sales_cost_journal_id": cls.journal.id,
                "after_sales_expense_account_id": cls.acc_expense.id,
                "after_sales_quality_loss_account_id": cls.acc_quality.id,
                "after_sales_supplier_receivable_account_id": cls.acc_supplier.id,
                "after_sales_accrued_labour_account_id": cls.acc_labour.id,
                "after_sales_accrued_expense_account_id": cls.acc_accrued.id,
                "after_sales_labour_rate": 80.0,
                "after_sales_travel_rate": 2.0,
            }
        )
        cls.parts_categ = cls.env["product.category"].create(
            {
                "name": "Spare Parts",
                "property_cost_method": "standard",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": cls.acc_valuation.id,
                "property_stock_account_input_categ_id": cls.acc_output.id,
                "property_stock_account_output_categ_id": cls.acc_output.id,
                "property_stock_journal": stock_journal.id,
            }
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Fan Supplier Ltd"})
        cls.fan = cls.env["product.product"].create(
            {
                "name": "Fan Motor",
                "is_storable": True,
                "standard_price": 50.0,
                "categ_id": cls.parts_categ.id,
                "seller_ids": [Command.create({"partner_id": cls.supplier.id})],
            }
        )
        cls.wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.fan, cls.wh.lot_stock_id, 100
        )
        cls.today = fields.Date.today()

    def _warranty_ticket(self, **vals):
        return self._create_dated_ticket(
            fields.Date.subtract(self.today, months=3), **vals
        )

    def _use_parts(self, ticket, issued=3, returned=1):
        """Issue ``issued`` fans to the request and take ``returned`` back."""
        requisition = (
            self.env["after_sales.parts.requisition"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "engineer_id": self.employee.id,
                    "warehouse_id": self.wh.id,
                    "line_ids": [
                        Command.create({"product_id": self.fan.id, "quantity": issued})
                    ],
                }
            )
        )
        requisition.action_request()
        requisition.with_user(self.supervisor).action_approve()
        requisition.with_user(self.warehouse).action_issue()
        if returned:
            wizard = (
                self.env["after_sales.parts.move.wizard"]
                .with_user(self.warehouse)
                .with_context(
                    default_requisition_id=requisition.id, default_kind="return"
                )
                .create({})
            )
            wizard.line_ids.quantity = returned
            wizard.action_confirm()
        return requisition

    def _done_record(self, ticket, cause=None, hours=2.0, km=30.0):
        record = self._create_record(ticket)
        record.write(
            {
                "labour_hours": hours,
                "travel_distance": km,
                "cause_category_id": cause.id if cause else False,
            }
        )
        record.sudo().write({"state": "done"})
        return record

    def _set_lock_date(self, day):
        self.env.cr.execute(
            "UPDATE res_company SET fiscalyear_lock_date = %s WHERE id = %s",
            [day, self.company.id],
        )
        self.env.invalidate_all()

    def _balance(self, account):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return sum(lines.mapped("balance"))


@tagged("post_install", "-at_install")
class TestCosting(CostingCase):
    def test_cost_lines_from_the_facts_by_bearer(self):
        """R-ACC-1: parts at the valuation of what was used (issued less
        returned), labour hours × rate, travel km × rate; an in-warranty repair
        is the company's warranty cost; the request sums the costs by bearer and
        filling twice changes nothing."""
        ticket = self._warranty_ticket()
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self._use_parts(ticket)
        self._done_record(ticket)
        ticket.with_user(self.finance).action_costing_refresh()
        lines = ticket.cost_line_ids
        by_kind = {line.kind: line for line in lines}
        self.assertEqual(set(by_kind), {"parts", "labour", "travel"})
        self.assertEqual(by_kind["parts"].amount, 100.0)
        self.assertEqual(by_kind["parts"].quantity, 2.0)
        self.assertEqual(by_kind["labour"].amount, 160.0)
        self.assertEqual(by_kind["travel"].amount, 60.0)
        self.assertEqual(set(lines.mapped("bearer")), {"company"})
        self.assertEqual(ticket.cost_company, 320.0)
        self.assertEqual(ticket.cost_total, 320.0)
        self.assertEqual(ticket.cost_customer, 0.0)
        ticket.with_user(self.finance).action_costing_refresh()
        self.assertEqual(ticket.cost_line_ids, lines, "filling twice: the same lines")
        # The engineer of the request reads its cost summary, not the entries.
        self.assertEqual(ticket.with_user(self.engineer).cost_total, 320.0)
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).read(["costing_move_ids"])

    def test_bearer_from_cause_and_out_of_warranty(self):
        """R-ACC-1: a bought-in part's fault is borne by its supplier (the
        supplier to claim from is the part's vendor), the company's own
        manufacturing fault is quality loss, out-of-warranty work is the
        customer's; finance changes a bearer before booking, noted on the
        request."""
        component = self.env.ref("after_sales_service.cause_category_component_defect")
        ticket = self._warranty_ticket()
        self._use_parts(ticket)
        self._done_record(ticket, cause=component)
        ticket.with_user(self.finance).action_costing_refresh()
        self.assertEqual(set(ticket.cost_line_ids.mapped("bearer")), {"supplier"})
        self.assertEqual(ticket.cost_line_ids.supplier_id, self.supplier)
        self.assertEqual(ticket.cost_supplier, 320.0)

        own = self.env.ref("after_sales_service.cause_category_manufacturing_defect")
        ticket_2 = self._warranty_ticket()
        self._done_record(ticket_2, cause=own)
        ticket_2.with_user(self.finance).action_costing_refresh()
        self.assertEqual(set(ticket_2.cost_line_ids.mapped("bearer")), {"quality_loss"})

        old = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        self.assertEqual(old.warranty_state, "out_of_warranty")
        self._done_record(old)
        old.with_user(self.finance).action_costing_refresh()
        self.assertEqual(set(old.cost_line_ids.mapped("bearer")), {"customer"})
        self.assertEqual(old.cost_customer, 220.0)
        labour = old.cost_line_ids.filtered(lambda line: line.kind == "labour")
        labour.with_user(self.finance).bearer = "company"
        self.assertIn("Company Warranty Cost", old.message_ids[:1].body)
        with self.assertRaises(AccessError):
            labour.with_user(self.supervisor).bearer = "customer"

    def test_book_free_costs_one_entry(self):
        """R-ACC-4: booking posts one entry per request: debit the service
        expense, credit the account ``stock_account`` debited for the parts (a
        reclassification: the stock is credited once), accrued labour and accrued
        expenses; booking twice posts once."""
        ticket = self._warranty_ticket()
        self._use_parts(ticket)
        self._done_record(ticket)
        self.assertEqual(self._balance(self.acc_output), 100.0)  # stock_account
        self.assertEqual(self._balance(self.acc_valuation), -100.0)
        ticket.with_user(self.finance).action_costing_refresh()
        move_ids = ticket.with_user(self.finance).action_costing_book()
        move = self.env["account.move"].browse(move_ids)
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.after_sales_ticket_id, ticket)
        self.assertIn(move, ticket.costing_move_ids)
        self.assertEqual(self._balance(self.acc_expense), 320.0)
        self.assertEqual(self._balance(self.acc_output), 0.0)
        self.assertEqual(self._balance(self.acc_valuation), -100.0)
        self.assertEqual(self._balance(self.acc_labour), -160.0)
        self.assertEqual(self._balance(self.acc_accrued), -60.0)
        self.assertEqual(set(ticket.cost_line_ids.mapped("state")), {"booked"})
        with self.assertRaisesRegex(UserError, "no free cost to book"):
            ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(
            self.env["account.move"].search_count(
                [("after_sales_ticket_id", "=", ticket.id)]
            ),
            1,
        )

    def test_book_free_costs_from_the_list(self):
        """R-ACC-4: the month-end batch from the request list (the server action
        "Book Free Costs", finance only) posts one entry per request that has
        free costs and skips the others; a refusal of any request (here a
        supplier's cost without the supplier) stops the batch before anything
        is written."""
        first, second = self._warranty_ticket(), self._warranty_ticket()
        for ticket in first | second:
            self._done_record(ticket)
            ticket.with_user(self.finance).action_costing_refresh()
        nothing = self._warranty_ticket()  # nothing to book
        action = self.env.ref("after_sales_service.helpdesk_ticket_action_costing_book")
        Move = self.env["account.move"]
        count = Move.search_count([])

        def run(user, tickets):
            return (
                action.with_user(user)
                .with_context(active_model="helpdesk.ticket", active_ids=tickets.ids)
                .run()
            )

        with self.assertRaisesRegex(UserError, "no free cost to book"):
            run(self.finance, nothing)
        second.cost_line_ids[:1].with_user(self.finance).bearer = "supplier"
        with self.assertRaisesRegex(UserError, "name the supplier"):
            run(self.finance, first | second | nothing)
        self.assertEqual(Move.search_count([]), count)
        self.assertEqual(set(first.cost_line_ids.mapped("state")), {"draft"})
        with self.assertRaises(AccessError):
            run(self.engineer, first)
        second.cost_line_ids[:1].with_user(self.finance).supplier_id = self.supplier
        result = run(self.finance, first | second | nothing)
        moves = Move.search(result["domain"])
        self.assertEqual(len(moves), 2)
        self.assertEqual(moves.after_sales_ticket_id, first | second)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(
            set((first | second).cost_line_ids.mapped("state")), {"booked"}
        )
        self.assertEqual(Move.search_count([]), count + 2)

    def test_supplier_cost_is_a_receivable(self):
        """R-ACC-4: a supplier-caused repair becomes a receivable from the
        supplier (partner on the line)."""
        component = self.env.ref("after_sales_service.cause_category_component_defect")
        self.product.seller_ids = [Command.create({"partner_id": self.supplier.id})]
        ticket = self._warranty_ticket()
        self._done_record(ticket, cause=component)
        ticket.with_user(self.finance).action_costing_refresh()
        move = self.env["account.move"].browse(
            ticket.with_user(self.finance).action_costing_book()
        )
        receivable = move.line_ids.filtered(
            lambda line: line.account_id == self.acc_supplier
        )
        self.assertEqual(sum(receivable.mapped("debit")), 220.0)
        self.assertEqual(receivable.partner_id, self.supplier)

    def test_only_finance_books_and_reverses(self):
        """R-ACC-4, R-ACC-6: every other role is refused booking, reversing,
        filling and invoicing, over the ORM as over JSON-RPC."""
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        for user in (
            self.engineer,
            self.clerk,
            self.supervisor,
            self.manager,
            self.estimator,
            self.warehouse,
        ):
            for method in (
                "action_costing_refresh",
                "action_costing_book",
                "action_costing_reverse",
                "action_costing_invoice",
            ):
                with self.subTest(user=user.login, method=method):
                    with self.assertRaises(AccessError):
                        getattr(ticket.with_user(user), method)()
        self.assertFalse(ticket.cost_line_ids)

    def test_correction_is_a_reversal(self):
        """R-ACC-6: a posted entry is never edited: a booked line refuses
        changes; a correction reverses the entry (the original stays posted)
        and proposes the lines again, booked in a new entry."""
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        finance_ticket = ticket.with_user(self.finance)
        finance_ticket.action_costing_refresh()
        first = self.env["account.move"].browse(finance_ticket.action_costing_book())
        line = ticket.cost_line_ids[:1]
        with self.assertRaises(UserError):
            line.with_user(self.finance).amount = 1.0
        with self.assertRaises(UserError):
            line.with_user(self.finance).unlink()
        finance_ticket.action_costing_reverse()
        self.assertEqual(first.state, "posted")
        self.assertTrue(first.reversal_move_ids)
        self.assertEqual(first.reversal_move_ids.state, "posted")
        self.assertEqual(self._balance(self.acc_expense), 0.0)
        self.assertEqual(set(line.mapped("state")), {"reversed"})
        drafts = ticket.cost_line_ids.filtered(lambda ln: ln.state == "draft")
        self.assertEqual(len(drafts), 2)
        drafts.filtered(lambda ln: ln.kind == "travel").with_user(
            self.finance
        ).bearer = "customer"
        finance_ticket.action_costing_book()
        self.assertEqual(self._balance(self.acc_expense), 160.0)
        self.assertEqual(ticket.cost_total, 220.0)

    def test_booking_bad_input_changes_nothing(self):
        """R-ACC-4, R-X-6: a missing account, a cost line of another company, a
        negative amount, a closed period, a supplier cost without supplier,
        goodwill without sign-off: a clear translated error and nothing
        posted."""
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        finance_ticket = ticket.with_user(self.finance)
        finance_ticket.action_costing_refresh()
        Move = self.env["account.move"]

        def nothing_posted():
            self.assertFalse(Move.search([("after_sales_ticket_id", "=", ticket.id)]))
            self.assertEqual(set(ticket.cost_line_ids.mapped("state")), {"draft"})

        self.company.after_sales_accrued_labour_account_id = False
        with self.assertRaisesRegex(UserError, "Accrued Labour"):
            finance_ticket.action_costing_book()
        nothing_posted()
        self.company.after_sales_accrued_labour_account_id = self.acc_labour

        other_company = self.env["res.company"].create({"name": "Other Co"})
        with self.assertRaises(UserError):
            self.env["after_sales.cost.line"].create(
                {
                    "ticket_id": ticket.id,
                    "company_id": other_company.id,
                    "name": "Elsewhere",
                    "amount": 5.0,
                    "bearer": "company",
                }
            )
        nothing_posted()

        # A negative cost is refused when typed (test_books_trust), never
        # reaching the booking.
        Line = self.env["after_sales.cost.line"].with_user(self.finance)
        with self.assertRaises(ValidationError):
            Line.create(
                {
                    "ticket_id": ticket.id,
                    "kind": "other",
                    "name": "Credit",
                    "amount": -5.0,
                    "bearer": "company",
                }
            )
        nothing_posted()
        negative = Line.create(
            {
                "ticket_id": ticket.id,
                "kind": "other",
                "name": "Credit",
                "amount": 5.0,
                "bearer": "supplier",
            }
        )
        with self.assertRaisesRegex(UserError, "name the supplier"):
            finance_ticket.action_costing_book()
        nothing_posted()
        negative.unlink()

        # The lock as Odoo's closing sets it (the demo bank lines of the
        # database are not reconciled, so the form would refuse it here).
        self._set_lock_date(self.today)
        with self.assertRaisesRegex(UserError, "closed"):
            finance_ticket.action_costing_book()
        nothing_posted()
        self._set_lock_date(None)

        old = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        self._done_record(old)
        old.with_user(self.finance).action_costing_refresh()
        old.cost_line_ids.with_user(self.finance).write({"bearer": "company"})
        with self.assertRaisesRegex(UserError, "responsibility determination"):
            old.with_user(self.finance).action_costing_book()
        self.assertFalse(Move.search([("after_sales_ticket_id", "=", old.id)]))

    def test_entry_sums_are_exact(self):
        """R-ACC-6: for 1,000 random line sets the entry's debits and credits
        both equal the sum of the lines, to the fen."""
        ticket = self._warranty_ticket()
        ticket.company_id.after_sales_accrued_labour_account_id = self.acc_labour
        currency = self.company.currency_id
        Line = self.env["after_sales.cost.line"]
        rng = random.Random(12)
        for _run in range(1000):
            lines = Line
            for _n in range(rng.randint(1, 6)):
                lines |= Line.new(
                    {
                        "ticket_id": ticket.id,
                        "kind": rng.choice(["labour", "travel", "other"]),
                        "name": "x",
                        "amount": rng.randint(1, 10_000_000) / 100,
                        "bearer": rng.choice(["company", "quality_loss"]),
                    }
                )
            vals = ticket._costing_move_vals(lines, self.today, self.journal)
            debit = sum(cmd[2]["debit"] for cmd in vals["line_ids"])
            credit = sum(cmd[2]["credit"] for cmd in vals["line_ids"])
            total = sum(lines.mapped("amount"))
            self.assertFalse(currency.compare_amounts(debit, total))
            self.assertFalse(currency.compare_amounts(credit, total))

    def _book_batch(self, count):
        """Book ``count`` in-warranty requests of one free travel cost each (the
        company's warranty cost: no sign-off needed) in one batch: the queries
        per request."""
        tickets = self.env["helpdesk.ticket"]
        for _n in range(count):
            ticket = self._warranty_ticket()
            self.env["after_sales.cost.line"].create(
                {
                    "ticket_id": ticket.id,
                    "kind": "travel",
                    "name": "Travel",
                    "amount": 50.0,
                    "bearer": "company",
                }
            )
            tickets |= ticket
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        moves = tickets.with_user(self.finance).action_costing_book()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - start
        self.assertEqual(len(moves), count)
        return queries / count

    def test_month_end_batch_queries_per_request(self):
        """R-ACC-4: month-end booking of N requests: the queries per request are
        bounded and do not grow with N (N = 1 and 100)."""
        one = self._book_batch(1)
        hundred = self._book_batch(100)
        self.assertLess(hundred, 150)
        self.assertLessEqual(hundred, one * 1.1)


class CostingInvoiceCase(CostingCase):
    """Service products and a 13 % VAT for customer invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.tax = cls.env["account.tax"].create(
            {"name": "VAT 13%", "amount": 13.0, "type_tax_use": "sale"}
        )
        cls.company.write(
            {
                "after_sales_parts_product_id": Product.create(
                    {"name": "Parts", "type": "service"}
                ).id,
                "after_sales_labour_product_id": Product.create(
                    {"name": "Labour", "type": "service"}
                ).id,
                "after_sales_travel_product_id": Product.create(
                    {"name": "Travel", "type": "service"}
                ).id,
            }
        )

    def _confirmed_quote(self, ticket):
        quote = self.env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "tax_id": self.tax.id,
                "line_ids": [
                    Command.create(
                        {"kind": "parts", "name": "Fan motor", "unit_cost": 100.0}
                    ),
                    Command.create(
                        {
                            "kind": "labour",
                            "name": "Labour",
                            "quantity": 2,
                            "unit_cost": 80.0,
                        }
                    ),
                    Command.create(
                        {"kind": "travel", "name": "Travel", "unit_cost": 60.0}
                    ),
                ],
            }
        )
        quote.action_mark_sent()
        quote._do_confirm(
            {
                "confirmation_method": "phone",
                "confirmed_by_name": "Zhang Wei",
                "contacted_by_id": self.clerk.id,
            }
        )
        return quote

    def _chargeable_lines(self, ticket):
        Line = self.env["after_sales.cost.line"].with_user(self.finance)
        return Line.create(
            [
                {
                    "ticket_id": ticket.id,
                    "kind": "labour",
                    "name": "Labour 2 h",
                    "quantity": 2.0,
                    "unit_cost": 80.0,
                    "bearer": "customer",
                },
                {
                    "ticket_id": ticket.id,
                    "kind": "travel",
                    "name": "Travel 30 km",
                    "quantity": 30.0,
                    "unit_cost": 2.0,
                    "bearer": "customer",
                },
                {
                    "ticket_id": ticket.id,
                    "kind": "labour",
                    "name": "Warranty labour",
                    "quantity": 1.0,
                    "unit_cost": 80.0,
                    "bearer": "company",
                },
            ]
        )


@tagged("post_install", "-at_install")
class TestCostingInvoice(CostingInvoiceCase):
    def test_invoice_from_the_confirmed_quote(self):
        """R-ACC-3: a confirmed chargeable service produces a customer invoice
        with parts, labour and travel lines at the quote's prices and VAT,
        linked both ways with the request; the request shows invoiced, then
        paid; a quote is invoiced once."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        finance_ticket = ticket.with_user(self.finance)
        with self.assertRaisesRegex(UserError, "no quote confirmed"):
            finance_ticket.action_costing_invoice()
        quote = self._confirmed_quote(ticket)
        self.assertEqual(ticket.costing_invoice_state, "none")
        action = finance_ticket.action_costing_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.after_sales_ticket_id, ticket)
        self.assertEqual(invoice.after_sales_quote_id, quote)
        self.assertEqual(invoice.partner_id, ticket.commercial_partner_id)
        self.assertEqual(len(invoice.invoice_line_ids), 3)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax)
        currency = self.company.currency_id
        self.assertFalse(
            currency.compare_amounts(invoice.amount_untaxed, quote.amount_untaxed)
        )
        self.assertFalse(
            currency.compare_amounts(invoice.amount_total, quote.amount_total)
        )
        ticket.invalidate_recordset(["costing_invoice_state"])
        self.assertEqual(ticket.costing_invoice_state, "draft")
        invoice.with_user(self.finance).action_post()
        ticket.invalidate_recordset(["costing_invoice_state"])
        self.assertEqual(ticket.costing_invoice_state, "invoiced")
        with self.assertRaisesRegex(UserError, "invoiced already"):
            finance_ticket.action_costing_invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        ticket.invalidate_recordset(["costing_invoice_state"])
        self.assertIn(ticket.costing_invoice_state, ("paid",))

    def test_invoice_from_the_chargeable_lines(self):
        """R-ACC-3: without a confirmed quote the invoice comes from the
        request's chargeable cost lines, priced by the quote rule (cost + the
        company's markup), taxes from the products; each line is invoiced
        once, a cancelled invoice frees them."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        labour = self.company.after_sales_labour_product_id
        travel = self.company.after_sales_travel_product_id
        (labour | travel).write({"taxes_id": [Command.set(self.tax.ids)]})
        self.company.write(
            {
                "after_sales_quote_markup": 0.4,
                "after_sales_quote_markup_base": "tax_exclusive",
            }
        )
        lines = self._chargeable_lines(ticket)
        finance_ticket = ticket.with_user(self.finance)
        action = finance_ticket.action_costing_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.after_sales_ticket_id, ticket)
        self.assertFalse(invoice.after_sales_quote_id)
        self.assertEqual(invoice.invoice_line_ids.mapped("product_id"), labour | travel)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax)
        currency = self.company.currency_id
        # (160 + 60) × 1.40 = 308.00, VAT 13 % = 40.04
        self.assertFalse(currency.compare_amounts(invoice.amount_untaxed, 308.0))
        self.assertFalse(currency.compare_amounts(invoice.amount_total, 348.04))
        chargeable = lines.filtered(lambda line: line.bearer == "customer")
        self.assertEqual(chargeable.invoice_line_id, invoice.invoice_line_ids)
        self.assertFalse((lines - chargeable).invoice_line_id)
        with self.assertRaisesRegex(UserError, "no chargeable cost"):
            finance_ticket.action_costing_invoice()
        with self.assertRaisesRegex(UserError, "cancel the invoice"):
            chargeable[:1].with_user(self.finance).write({"bearer": "company"})
        invoice.with_user(self.finance).button_cancel()
        action = finance_ticket.action_costing_invoice()
        again = self.env["account.move"].browse(action["res_id"])
        self.assertNotEqual(again, invoice)
        self.assertEqual(chargeable.invoice_line_id, again.invoice_line_ids)
        # The cancelled invoice does not come back while its costs are on
        # another; once that one is cancelled it takes them back.
        with self.assertRaisesRegex(UserError, "on another invoice"):
            invoice.with_user(self.finance).button_draft()
        again.with_user(self.finance).button_cancel()
        invoice.with_user(self.finance).button_draft()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(chargeable.invoice_line_id, invoice.invoice_line_ids)
        with self.assertRaisesRegex(UserError, "on another invoice"):
            again.with_user(self.finance).button_draft()

    def test_invoiced_costs_hold_still(self):
        """R-ACC-3: a cost from the facts that is on a customer invoice is not
        changed nor dropped by "Update Costs" while its invoice stands (it
        would no longer match the invoice), nor deleted; once the invoice is
        cancelled the facts update it again."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        self._done_record(ticket, hours=2.0, km=0.0)
        finance_ticket = ticket.with_user(self.finance)
        finance_ticket.action_costing_refresh()
        labour = ticket.cost_line_ids
        self.assertEqual((labour.kind, labour.bearer), ("labour", "customer"))
        self.assertEqual(labour.amount, 160.0)
        action = finance_ticket.action_costing_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(labour.invoice_line_id, invoice.invoice_line_ids)
        self.company.after_sales_labour_rate = 100.0
        finance_ticket.action_costing_refresh()
        self.assertEqual(ticket.cost_line_ids, labour)
        self.assertEqual(labour.amount, 160.0)
        with self.assertRaisesRegex(UserError, "cancel the invoice"):
            labour.with_user(self.finance).unlink()
        invoice.with_user(self.finance).button_cancel()
        finance_ticket.action_costing_refresh()
        self.assertEqual(labour.amount, 200.0)

    def test_invoice_from_lines_exact_to_the_fen(self):
        """R-ACC-3: a line whose unit price is not exact in the price digits is
        invoiced as one unit at its price: the invoice is the rule's price to
        the fen (99.99 × 1.40 = 139.99)."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        self.company.write(
            {
                "after_sales_quote_markup": 0.4,
                "after_sales_quote_markup_base": "tax_exclusive",
            }
        )
        self.env["after_sales.cost.line"].with_user(self.finance).create(
            {
                "ticket_id": ticket.id,
                "kind": "parts",
                "name": "Three capacitors",
                "quantity": 3.0,
                "unit_cost": 33.33,
                "bearer": "customer",
            }
        )
        invoice = self.env["account.move"].browse(
            ticket.with_user(self.finance).action_costing_invoice()["res_id"]
        )
        self.assertEqual(
            invoice.invoice_line_ids.product_id,
            self.company.after_sales_parts_product_id,
        )
        self.assertFalse(
            self.company.currency_id.compare_amounts(invoice.amount_untaxed, 139.99)
        )

    def test_invoice_from_lines_fiscal_position(self):
        """R-ACC-3: the products' taxes are mapped by the customer's fiscal
        position."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        exempt = self.env["account.tax"].create(
            {"name": "VAT exempt", "amount": 0.0, "type_tax_use": "sale"}
        )
        position = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create(
                        {"tax_src_id": self.tax.id, "tax_dest_id": exempt.id}
                    )
                ],
            }
        )
        ticket.commercial_partner_id.property_account_position_id = position
        labour = self.company.after_sales_labour_product_id
        travel = self.company.after_sales_travel_product_id
        (labour | travel).write({"taxes_id": [Command.set(self.tax.ids)]})
        self._chargeable_lines(ticket)
        action = ticket.with_user(self.finance).action_costing_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.fiscal_position_id, position)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, exempt)


@tagged("post_install", "-at_install")
class TestCostingAnalytic(CostingInvoiceCase):
    """The service team's analytic distribution on the books (R-ACC-4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        plan = cls.env["account.analytic.plan"].create({"name": "Service Teams"})
        cls.analytic = cls.env["account.analytic.account"].create(
            {"name": "North Team", "plan_id": plan.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "North",
                "after_sales_analytic_distribution": {str(cls.analytic.id): 100.0},
            }
        )
        cls.analytic_group = cls.env.ref("analytic.group_analytic_accounting")

    def _uses_analytic(self, flag=True):
        self.finance.groups_id = [(4 if flag else 3, self.analytic_group.id)]

    def test_free_cost_entry_carries_the_team_distribution(self):
        """R-ACC-4: where the company uses analytic accounting the free-cost
        entry's debit lines carry the team's distribution and posting creates
        the analytic lines."""
        self._uses_analytic()
        ticket = self._warranty_ticket()
        ticket.team_id = self.team
        self._done_record(ticket)
        finance_ticket = ticket.with_user(self.finance)
        finance_ticket.action_costing_refresh()
        move = self.env["account.move"].browse(finance_ticket.action_costing_book())
        debits = move.line_ids.filtered(lambda line: line.debit)
        self.assertTrue(debits)
        for line in debits:
            self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100.0})
        self.assertFalse(
            any(
                move.line_ids.filtered(lambda line: line.credit).mapped(
                    "analytic_distribution"
                )
            )
        )

    def test_invoice_carries_the_team_distribution(self):
        """R-ACC-3, R-ACC-4: the customer invoice lines carry the team's
        distribution; without analytic accounting none."""
        ticket = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        ticket.team_id = self.team
        self._chargeable_lines(ticket)
        invoice = self.env["account.move"].browse(
            ticket.with_user(self.finance).action_costing_invoice()["res_id"]
        )
        self.assertFalse(invoice.invoice_line_ids.mapped("analytic_distribution")[0])
        invoice.button_cancel()
        self._uses_analytic()
        invoice = self.env["account.move"].browse(
            ticket.with_user(self.finance).action_costing_invoice()["res_id"]
        )
        for line in invoice.invoice_line_ids:
            self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100.0})

    def test_bad_distribution_refused(self):
        """R-ACC-4: a distribution naming no analytic account or a share out of
        0..100 is refused."""
        for bad in ({"999999": 100.0}, {str(self.analytic.id): 150.0}, {"x": 1}):
            with self.assertRaises(ValidationError):
                self.team.after_sales_analytic_distribution = bad
                self.team.flush_recordset()


@tagged("post_install", "-at_install")
class TestProvision(CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_provision = cls.env["account.account"].create(
            {"code": "280101", "name": "预计负债", "account_type": "liability_current"}
        )
        cls.company.after_sales_provision_account_id = cls.acc_provision
        cls.Provision = cls.env["after_sales.provision"]
        cls.last_month = date_utils.start_of(
            cls.today - relativedelta(months=1), "month"
        )

    def _sale(self, amount, day, move_type="out_invoice"):
        invoice = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Air conditioner", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_monthly_provision_on_sales(self):
        """R-ACC-5: the month's provision is the company's rate (default 5 %) of
        the month's posted sales less credit notes, posted debit service expense,
        credit the provision liability; a month is accrued once; finance alone
        accrues."""
        self.assertEqual(self.company.after_sales_provision_rate, 0.05)
        base = self.Provision._revenue(
            self.company, self.last_month, date_utils.end_of(self.last_month, "month")
        )
        # Large enough that whatever the database already holds for last month
        # (demo invoices and credit notes) cannot make the month's sales negative.
        self._sale(10_000_000.0, self.last_month)
        self._sale(2_000_000.0, self.last_month, move_type="out_refund")
        self._sale(99999.0, self.today.replace(day=1))  # another month
        before = self._balance(self.acc_provision)
        with self.assertRaises(AccessError):
            self.Provision.with_user(self.engineer).action_accrue_last_month()
        ids = self.Provision.with_user(self.finance).action_accrue_last_month()
        provision = self.Provision.browse(ids)
        currency = self.company.currency_id
        self.assertFalse(
            currency.compare_amounts(provision.base_amount - base, 8_000_000.0)
        )
        amount = currency.round(provision.base_amount * 0.05)
        self.assertEqual(provision.amount, amount)
        self.assertEqual(provision.move_id.state, "posted")
        self.assertEqual(self._balance(self.acc_provision) - before, -amount)
        self.assertEqual(provision.balance, amount)
        with self.assertRaisesRegex(UserError, "accrued already"):
            self.Provision.with_user(self.finance).action_accrue_last_month()
        self.Provision._cron_accrue()  # the job skips the accrued month
        self.assertEqual(
            self.Provision.search_count([("company_id", "=", self.company.id)]), 1
        )

    def test_free_costs_consume_the_provision(self):
        """R-ACC-5: when the company chooses so, the warranty cost is debited to
        the provision; the statement's month shows accrued, consumed and the
        balance."""
        self.company.after_sales_provision_consume = True
        month = date_utils.start_of(self.today, "month")
        base = self.Provision._revenue(
            self.company, month, date_utils.end_of(month, "month")
        )
        self._sale(10000.0, self.today)
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        ticket.with_user(self.finance).action_costing_refresh()
        ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(self._balance(self.acc_provision), 220.0)
        self.assertEqual(self._balance(self.acc_expense), 0.0)
        provision = self.Provision._accrue(self.company, self.today)
        amount = self.company.currency_id.round((base + 10000.0) * 0.05)
        self.assertEqual(provision.amount, amount)
        self.assertEqual(provision.consumed, 220.0)
        self.assertEqual(provision.balance, amount - 220.0)

    def test_output_basis_sums_exactly_over_the_year(self):
        """R-ACC-5 (003 电力设备公司: 1 % of the planned output): each month
        accrues a twelfth of output × rate, December the rounding remainder; the
        twelve entries sum exactly to output × rate, the statement's budget, and
        the rows store their basis and its amount."""
        self.company.write(
            {
                "after_sales_provision_basis": "output",
                "after_sales_provision_output": 70_000_123.0,
                "after_sales_provision_rate": 0.01,
            }
        )
        currency = self.company.currency_id
        year = self.today.year - 1
        rows = self.Provision.browse()
        for month in range(1, 13):
            rows |= self.Provision._accrue(
                self.company, fields.Date.to_date(f"{year}-{month:02d}-01")
            )
        budget = currency.round(70_000_123.0 * 0.01)
        self.assertEqual(budget, 700_001.23)
        self.assertEqual(set(rows.mapped("basis")), {"output"})
        self.assertEqual(set(rows.mapped("base_amount")), {70_000_123.0})
        self.assertEqual(rows[0].amount, 58_333.44)
        self.assertEqual(rows[-1].amount, currency.round(budget - 11 * 58_333.44))
        self.assertFalse(currency.compare_amounts(sum(rows.mapped("amount")), budget))
        posted = sum(rows.move_id.line_ids.mapped("credit"))
        self.assertFalse(currency.compare_amounts(posted, budget))
        statement = self.Provision.with_user(self.finance)._statement(
            self.company, year
        )
        self.assertEqual(statement["basis"], "output")
        self.assertEqual(statement["budget"], budget)
        self.assertEqual(statement["accrued"], budget)
        self.assertEqual(statement["variance"], -budget)  # nothing consumed

    def test_output_setting_bad_input(self):
        """R-ACC-5, R-X-4: a negative or impossible planned output is refused
        with a translated error and changes nothing."""
        before = self.company.after_sales_provision_output
        for value in (-1.0, float("nan"), 1e20, "abc"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.company.after_sales_provision_output = value
                    self.env.flush_all()
            self.env.invalidate_all()
            self.assertEqual(self.company.after_sales_provision_output, before)
        with self.assertRaises(ValidationError):
            self.env["after_sales.provision.statement"].with_user(self.finance).create(
                {"year": 10**9}
            )

    def _statement_year(self):
        """Two accrued months of last year on sales, the second consuming part
        of the provision: the wizard of that year as finance."""
        year = self.today.year - 1
        self.company.after_sales_provision_consume = True
        march = fields.Date.to_date(f"{year}-03-01")
        self._sale(100_000.0, march)
        self.Provision._accrue(self.company, march)
        april = fields.Date.to_date(f"{year}-04-01")
        self._sale(40_000.0, april)
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        ticket.with_user(self.finance).action_costing_refresh()
        ticket._costing_book(fields.Date.to_date(f"{year}-04-15"))
        self.Provision._accrue(self.company, april)
        wizard = (
            self.env["after_sales.provision.statement"]
            .with_user(self.finance)
            .create({"year": year, "company_id": self.company.id})
        )
        rows = self.Provision.search(
            [("company_id", "=", self.company.id), ("year", "=", str(year))],
            order="date_from",
        )
        return wizard, rows

    def test_statement_pdf_in_chinese(self):
        """R-ACC-5, R-X-1: the yearly statement (年度服务预/结算表) prints in the
        reader's language: in Chinese its title and columns, the months' amounts."""
        wizard, rows = self._statement_year()
        self._load_chinese()
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_type"], "qweb-pdf")
        report = (
            self.env.ref("after_sales_service.provision_statement_pdf_action")
            .with_user(self.finance)
            .with_context(lang="zh_CN")
        )
        html, _type = report._render_qweb_html(report.report_name, wizard.ids)
        html = html.decode()
        for text in ("年度服务预/结算表", "计提", "已使用", "余额", "预算"):
            self.assertIn(text, html)
        self.assertEqual(len(rows), 2)
        self.assertIn(f"{wizard.year}年3月", html)  # a month, not 2025-03
        english = (
            report.with_context(lang="en_US")
            ._render_qweb_html(report.report_name, wizard.ids)[0]
            .decode()
        )
        self.assertIn("Yearly Provision Statement", english)

    def test_statement_xlsx_numbers_are_the_rows(self):
        """R-ACC-5: the XLSX (OCA report_xlsx) has one line per month whose
        accrued, consumed and balance are the provision rows', the totals, the
        budget (on sales: the accruals) and the over/under budget."""
        wizard, rows = self._statement_year()
        action = wizard.action_export_xlsx()
        self.assertEqual(action["report_type"], "xlsx")
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            .with_context(lang="en_US")
            ._render_xlsx(
                "after_sales_service.provision_statement_xlsx", wizard.ids, None
            )
        )
        self.assertEqual(kind, "xlsx")
        cells = _xlsx_cells(content)
        march, april = rows
        self.assertEqual(cells["A9"], f"March {wizard.year}")
        self.assertEqual(float(cells["C9"]), march.amount)
        self.assertEqual(float(cells["E9"]), march.balance)
        self.assertEqual(cells["A10"], f"April {wizard.year}")
        self.assertEqual(float(cells["B10"]), april.base_amount)
        self.assertEqual(float(cells["C10"]), april.amount)
        self.assertEqual(float(cells["D10"]), april.consumed)
        self.assertEqual(april.consumed, 220.0)
        self.assertEqual(float(cells["E10"]), april.balance)
        # May, not accrued, has its balance too: April's, carried (R-ACC-5).
        self.assertEqual(float(cells["E11"]), april.balance)
        total = march.amount + april.amount
        self.assertAlmostEqual(float(cells["C19"]), total, places=2)
        self.assertAlmostEqual(float(cells["D19"]), 220.0, places=2)
        self.assertAlmostEqual(float(cells["B21"]), total, places=2)  # budget
        self.assertAlmostEqual(float(cells["B22"]), 220.0, places=2)
        self.assertAlmostEqual(float(cells["B23"]), 220.0 - total, places=2)

    def test_statement_rights(self):
        """R-ACC-5, R-X-2: finance and managers read the statement; an engineer
        (or a clerk) is refused, over the wizard, the model and the XLSX
        report's public entry."""
        year = self.today.year
        for user in (self.engineer, self.clerk):
            with self.assertRaises(AccessError):
                self.env["after_sales.provision.statement"].with_user(user).create(
                    {"year": year}
                )
            with self.assertRaises(AccessError):
                self.Provision.with_user(user)._statement(self.company, year)
        statement = self.Provision.with_user(self.manager)._statement(
            self.company, year
        )
        self.assertEqual(len(statement["months"]), 12)
        wizard = (
            self.env["after_sales.provision.statement"]
            .with_user(self.finance)
            .create({"year": year})
        )
        report = self.env["report.after_sales_service.provision_statement_xlsx"]
        with self.assertRaises(AccessError):  # report_xlsx's public entry, over RPC
            report.with_user(self.engineer).create_xlsx_report(wizard.ids, None)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.engineer)._render_xlsx(
                "after_sales_service.provision_statement_xlsx", wizard.ids, None
            )


@tagged("post_install", "-at_install")
class TestProvisionPdf(HttpCase, CostingCase):
    """An HttpCase: wkhtmltopdf fetches the report assets from the test server."""

    def test_statement_pdf_renders(self):
        """R-ACC-5, R-X-1: the yearly statement renders as a real PDF, in Chinese
        (CJK font), for finance."""
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state not in ("ok", "upgrade"):
            self.skipTest(f"wkhtmltopdf is {state} on this machine")
        self.env["res.lang"]._activate_lang("zh_CN")
        wizard = (
            self.env["after_sales.provision.statement"]
            .with_user(self.finance)
            .create({"year": self.today.year})
        )
        report = self.env.ref("after_sales_service.provision_statement_pdf_action")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(report.report_name, wizard.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


def _xlsx_cells(content):
    """The first sheet's cells of an XLSX (zipfile and the sheet's XML, shared
    strings resolved): ``{"A1": "text or number as text"}``."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        strings = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            strings = [
                "".join(t.text or "" for t in si.iter(f"{{{ns['x']}}}t"))
                for si in root.findall("x:si", ns)
            ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iter(f"{{{ns['x']}}}c"):
        value = cell.find("x:v", ns)
        if value is None:
            continue
        text = value.text
        if cell.get("t") == "s":
            text = strings[int(text)]
        cells[cell.get("r")] = text
    return cells
