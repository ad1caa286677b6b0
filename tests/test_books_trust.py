# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The books can be trusted (issue 18): a posted after-sales entry is locked
with a hash and corrected by reversal only, and its document follows; a
return's credit note never credits more than its invoice allows; the
engineers' labour rates stay with finance and the managers; costs are never
negative. Found over JSON-RPC: tested over JSON-RPC."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, WarrantyCase
from .test_costing import CostingCase

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


class RpcMixin(JsonRpcMixin):
    def _rpc(self, login, model, method, args, kwargs=None):
        """``(result, error name)`` of ``model.method(*args)`` as ``login``."""
        result, error = self._call_kw(login, model, method, args, kwargs)
        return result, error and error["name"]

    def _rpc_reverse(self, login, move):
        """Odoo's own "Reverse" of ``move`` (the wizard) over JSON-RPC."""
        context = {"active_model": "account.move", "active_ids": move.ids}
        wizard_id, error = self._rpc(
            login,
            "account.move.reversal",
            "create",
            [{"journal_id": move.journal_id.id, "date": str(self.today)}],
            {"context": context},
        )
        self.assertFalse(error, error)
        return self._rpc(
            login,
            "account.move.reversal",
            "reverse_moves",
            [[wizard_id]],
            {"context": context},
        )


@tagged("post_install", "-at_install")
class TestBooksTrustRpc(RpcMixin, HttpCase, CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_dated_ticket(cls.today.replace(day=1))
        cls.line = cls.env["after_sales.cost.line"].create(
            {
                "ticket_id": cls.ticket.id,
                "kind": "travel",
                "name": "Travel",
                "amount": 50.0,
                "bearer": "company",
            }
        )

    # ------------------------------------------------------------------
    # 1. Posted after-sales entries are locked; reversal unbooks
    # ------------------------------------------------------------------

    def test_cost_entry_is_locked_and_its_reversal_unbooks(self):
        """R-ACC-6, R-ACC-4: the after-sales cost journal locks its posted
        entries with a hash: finance cannot reset a booked cost entry to draft
        (nor change its amounts) over JSON-RPC; Odoo's own reversal of the
        entry takes the costs out of the books (reversed, proposed again from
        the facts), never "booked" without a posted, unreversed entry."""
        self.assertTrue(self.journal.restrict_mode_hash_table)
        _result, error = self._rpc(
            "t_finance", "helpdesk.ticket", "action_costing_book", [self.ticket.ids]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        move = self.line.move_id
        self.assertEqual((self.line.state, move.state), ("booked", "posted"))
        self.assertTrue(move.inalterable_hash)
        _result, error = self._rpc(
            "t_finance", "account.move", "button_draft", [move.ids]
        )
        self.assertEqual(error, USER_ERROR)
        debit = move.line_ids.filtered("debit")
        credit = move.line_ids.filtered("credit")
        _result, error = self._rpc(
            "t_finance",
            "account.move",
            "write",
            [
                move.ids,
                {
                    "line_ids": [
                        Command.update(debit.id, {"debit": 10.0}),
                        Command.update(credit.id, {"credit": 10.0}),
                    ]
                },
            ],
        )
        self.assertEqual(error, USER_ERROR)
        self.env.invalidate_all()
        self.assertEqual((self.line.state, move.state), ("booked", "posted"))
        self.assertEqual(sum(move.line_ids.mapped("debit")), 50.0)
        # Corrected by reversal: the costs leave the books with it.
        _result, error = self._rpc_reverse("t_finance", move)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(move.reversal_move_ids.state, "posted")
        self.assertEqual(self.line.state, "reversed")
        self.assertFalse(
            self.ticket.cost_line_ids.filtered(lambda c: c.state == "booked")
        )

    def test_reversed_provision_leaves_the_month_free(self):
        """R-ACC-5, R-X-3: the provision's entry is locked like every
        after-sales entry; finance corrects it by Odoo's own reversal, which
        marks the month's accrual reversed: the yearly statement no longer
        counts it and the month is accrued again — one accrued row a month."""
        Provision = self.env["after_sales.provision"]
        self.company.write(
            {
                "after_sales_provision_account_id": self.env["account.account"]
                .create(
                    {
                        "code": "280199",
                        "name": "预计负债",
                        "account_type": "liability_current",
                    }
                )
                .id,
                "after_sales_provision_basis": "output",
                "after_sales_provision_output": 1_200_000.0,
                "after_sales_provision_rate": 0.01,
            }
        )
        month = self.today.replace(day=1)
        provision = Provision._accrue(self.company, month)
        move = provision.move_id
        self.assertEqual((provision.state, move.state), ("accrued", "posted"))
        _result, error = self._rpc(
            "t_finance", "account.move", "button_draft", [move.ids]
        )
        self.assertTrue(error)
        _result, error = self._rpc_reverse("t_finance", move)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(provision.state, "reversed")
        year = str(month.year)
        months = Provision._statement(self.company, year)["months"]
        self.assertFalse(months[month.month - 1]["provision"])
        again = Provision._accrue(self.company, month)
        self.assertEqual(again.state, "accrued")
        with self.assertRaises(UserError):
            Provision._accrue(self.company, month)
        _result, error = self._rpc(
            "t_finance",
            "after_sales.provision",
            "write",
            [again.ids, {"state": "reversed"}],
        )
        self.assertTrue(error)

    def test_booked_cost_proposed_again_after_odoo_reversal(self):
        """R-ACC-6, R-ACC-1: a cost from the facts whose entry finance reverses
        with Odoo's own button is proposed again, to book anew."""
        ticket = self._warranty_ticket()
        self._done_record(ticket, hours=1.0, km=0.0)
        ticket.with_user(self.finance).action_costing_refresh()
        ticket.with_user(self.finance).action_costing_book()
        booked = ticket.cost_line_ids
        self.assertEqual(booked.mapped("state"), ["booked"])
        _result, error = self._rpc_reverse("t_finance", booked.move_id)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(booked.state, "reversed")
        fresh = ticket.cost_line_ids - booked
        self.assertEqual(fresh.mapped("state"), ["draft"])
        self.assertEqual(fresh.amount, booked.amount)
        ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(fresh.state, "booked")

    def _booked_statement(self):
        Statement = self.env["after_sales.penalty.statement"]
        # A wage to deduct the fine from: the statement nets -50.
        self.employee.sudo().after_sales_wage = 9000
        # Entered by the supervisor: the manager confirms what others entered.
        self.env["after_sales.penalty.line"].with_user(self.supervisor).create(
            {
                "employee_id": self.employee.id,
                "rule_id": self.env.ref(
                    "after_sales_service.penalty_rule_s004_uniform"
                ).id,
            }
        )
        action = Statement.with_user(self.manager).action_generate()
        statement = Statement.search(action["domain"]).filtered(
            lambda s: s.employee_id == self.employee
        )
        statement.with_user(self.manager).action_confirm()
        self.company.write(
            {
                "after_sales_penalty_journal_id": self.env["account.journal"]
                .create({"name": "Assessment", "code": "ASMT", "type": "general"})
                .id,
                "after_sales_penalty_payable_account_id": self.acc_labour.id,
                "after_sales_penalty_income_account_id": self.env["account.account"]
                .create(
                    {"code": "630199", "name": "Fines", "account_type": "income_other"}
                )
                .id,
                "after_sales_penalty_expense_account_id": self.acc_expense.id,
            }
        )
        _result, error = self._rpc(
            "t_finance", "after_sales.penalty.statement", "action_book", [statement.ids]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        return statement

    def test_statement_entry_is_locked_and_its_reversal_reopens(self):
        """R-ACC-6, R-PEN-5: the booked statement's entry cannot be reset to
        draft nor deleted over JSON-RPC (hash-locked); reversed by Odoo's own
        button, the statement is confirmed again (a note on the entry) and
        finance books it anew."""
        statement = self._booked_statement()
        move = statement.move_id
        self.assertEqual((statement.state, move.state), ("booked", "posted"))
        self.assertTrue(move.journal_id.restrict_mode_hash_table)
        self.assertTrue(move.inalterable_hash)
        for method in ("button_draft", "unlink"):
            with self.subTest(method=method):
                _result, error = self._rpc(
                    "t_finance", "account.move", method, [move.ids]
                )
                self.assertEqual(error, USER_ERROR)
        self.env.invalidate_all()
        self.assertEqual((statement.state, move.state), ("booked", "posted"))
        _result, error = self._rpc_reverse("t_finance", move)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(statement.state, "confirmed")
        self.assertFalse(statement.move_id)
        self.assertIn(
            statement.display_name, "\n".join(move.message_ids.mapped("body"))
        )
        _result, error = self._rpc(
            "t_finance", "after_sales.penalty.statement", "action_book", [statement.ids]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(statement.state, "booked")
        self.assertNotEqual(statement.move_id, move)
        self.assertEqual(statement.move_id.state, "posted")

    def test_legacy_entry_reset_to_draft_and_deleted(self):
        """R-ACC-6: an entry posted before its journal was locked (an older
        database) can still be reset to draft: its statement is confirmed
        again at once, its costs leave the books; deleting the draft keeps
        them so."""
        statement = self._booked_statement()
        move = statement.move_id
        # What an older database holds: a posted entry with no hash.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET inalterable_hash = NULL WHERE id = %s",
            [move.id],
        )
        self.env.invalidate_all()
        _result, error = self._rpc(
            "t_finance", "account.move", "button_draft", [move.ids]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(move.state, "draft")
        self.assertEqual(statement.state, "confirmed")
        self.assertFalse(statement.move_id)
        self.ticket.with_user(self.finance).action_costing_book()
        cost_move = self.line.move_id
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET inalterable_hash = NULL WHERE id = %s",
            [cost_move.id],
        )
        self.env.invalidate_all()
        cost_move.with_user(self.finance).button_draft()
        self.assertEqual(self.line.state, "reversed")
        cost_move.with_user(self.finance).unlink()
        self.assertEqual(self.line.state, "reversed")

    # ------------------------------------------------------------------
    # 3. Labour rates
    # ------------------------------------------------------------------

    def test_labour_rate_hidden_from_office_roles(self):
        """R-ACC-1, R-X-5: the unit cost of a cost line (a labour line's unit
        cost is the engineer's own rate) is read by finance and the managers
        only: clerk, estimator, warehouse keeper and supervisor read the rest
        of the line (hours, amount, bearer) over JSON-RPC, never its unit
        cost, by read, search_read or web_read."""
        labour = self.env["after_sales.cost.line"].create(
            {
                "ticket_id": self.ticket.id,
                "kind": "labour",
                "name": "Labour",
                "quantity": 2.0,
                "unit_cost": 150.0,
                "bearer": "company",
            }
        )
        visible = ["name", "kind", "quantity", "amount", "bearer", "state"]
        for login in ("t_clerk", "t_estimator", "t_warehouse", "t_supervisor"):
            with self.subTest(login=login):
                result, error = self._rpc(
                    login, "after_sales.cost.line", "read", [labour.ids, visible]
                )
                self.assertFalse(error, error)
                self.assertEqual(result[0]["amount"], 300.0)
                for method, args, kwargs in (
                    ("read", [labour.ids, ["unit_cost"]], {}),
                    (
                        "search_read",
                        [[("id", "=", labour.id)]],
                        {"fields": ["unit_cost"]},
                    ),
                    (
                        "web_read",
                        [labour.ids],
                        {"specification": {"unit_cost": {}}},
                    ),
                    ("search", [[("unit_cost", "=", 150.0)]], {}),
                ):
                    result, error = self._rpc(
                        login, "after_sales.cost.line", method, args, kwargs
                    )
                    self.assertEqual(error, ACCESS_ERROR, (method, result))
                # Reading every field leaves the rate out.
                result, error = self._rpc(
                    login, "after_sales.cost.line", "read", [labour.ids]
                )
                self.assertFalse(error, error)
                self.assertNotIn("unit_cost", result[0])
        for login in ("t_finance", "t_manager"):
            with self.subTest(login=login):
                result, error = self._rpc(
                    login, "after_sales.cost.line", "read", [labour.ids, ["unit_cost"]]
                )
                self.assertFalse(error, error)
                self.assertEqual(result[0]["unit_cost"], 150.0)

    # ------------------------------------------------------------------
    # 4. Negative costs
    # ------------------------------------------------------------------

    def test_negative_cost_refused(self):
        """R-X-4, R-ACC-1: a cost line's amount, quantity or unit cost below
        zero is refused with a clear error over JSON-RPC, nothing changes."""
        cases = (
            ("create", [{"ticket_id": self.ticket.id, "name": "x", "amount": -500.0}]),
            ("create", [{"ticket_id": self.ticket.id, "name": "x", "quantity": -1.0}]),
            ("create", [{"ticket_id": self.ticket.id, "name": "x", "unit_cost": -1.0}]),
            ("write", [self.line.ids, {"amount": -500.0}]),
            ("write", [self.line.ids, {"quantity": -2.0}]),
            ("write", [self.line.ids, {"unit_cost": -3.0}]),
        )
        count = len(self.ticket.cost_line_ids)
        for method, args in cases:
            with self.subTest(method=method, args=args):
                _result, error = self._rpc(
                    "t_finance", "after_sales.cost.line", method, args
                )
                self.assertEqual(error, "odoo.exceptions.ValidationError")
        self.env.invalidate_all()
        self.assertEqual(len(self.ticket.cost_line_ids), count)
        self.assertEqual(self.line.amount, 50.0)
        # Whatever the path (the system's own writes too): never negative.
        with self.assertRaises(ValidationError):
            self.line.sudo().write({"amount": -500.0})


@tagged("post_install", "-at_install")
@freeze_time("2025-06-21 10:00:00")
class TestBooksTrustCreditNote(WarrantyCase):
    """2. A return's credit note and the invoice it reverses (R-WAR-6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_dated_ticket(
            date(2025, 6, 1),
            registered_at=datetime(2025, 6, 15, 2, 0),
            warranty_fault_kind="quality",
            warranty_major_fault=True,
            warranty_customer_wants_return=True,
        )
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "VAT 13% (books)",
                "amount": 13.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
            }
        )

    def _invoice(self, price):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.ticket.commercial_partner_id.id,
                "invoice_date": date(2025, 6, 1),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1.0,
                            "price_unit": price,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _approved(self, price):
        appraisal = self.env["after_sales.return.appraisal"].create(
            {
                "ticket_id": self.ticket.id,
                "remedy": "return",
                "accessories_complete": True,
                "packaging_complete": True,
                "report_attached": True,
                "real_fault": "Compressor does not start",
                "fault_matches": True,
                "invoice_price": price,
                "return_date": date(2025, 6, 21),
            }
        )
        appraisal.with_user(self.supervisor).action_approve()
        return appraisal

    def test_price_above_the_invoice_refused(self):
        """R-WAR-6, R-X-4: 5,000 typed on a 3,000 (3,390 with VAT) invoice:
        the credit note (4,900 less nothing taxed again) would credit more than
        the invoice: refused with a clear error, no credit note."""
        invoice = self._invoice(3000.0)
        appraisal = self._approved(5000.0)
        with self.assertRaisesRegex(UserError, "3,390.00"):
            appraisal.with_user(self.finance).action_create_credit_note(invoice.id)
        self.assertFalse(appraisal.credit_note_id)
        self.assertFalse(
            self.env["account.move"].search_count(
                [("reversed_entry_id", "=", invoice.id)]
            )
        )

    def test_tax_inclusive_price_not_taxed_again(self):
        """R-WAR-6: the appraisal's invoice price is the 开票价 (004 §8.6),
        the price with VAT: 3,390 typed for a 3,000 + 13 % invoice credits
        3,390 less the fee (20 days × 1‰: 67.80) with VAT, 3,322.20, never
        3,390 + VAT."""
        invoice = self._invoice(3000.0)
        appraisal = self._approved(3390.0)
        currency = appraisal.currency_id
        fee = appraisal.depreciation_amount
        self.assertFalse(currency.compare_amounts(fee, 67.8), fee)
        action = appraisal.with_user(self.finance).action_create_credit_note(invoice.id)
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertFalse(
            currency.compare_amounts(credit_note.amount_total, 3322.2),
            credit_note.amount_total,
        )
        self.assertFalse(currency.compare_amounts(credit_note.amount_untaxed, 2940.0))
        self.assertEqual(credit_note.reversed_entry_id, invoice)

    def test_credit_notes_already_issued_count(self):
        """R-WAR-6: what credit notes already credited on the invoice is no
        longer creditable: a second credit note beyond the rest is refused."""
        invoice = self._invoice(3000.0)
        earlier = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "reversed_entry_id": invoice.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        earlier.action_post()
        appraisal = self._approved(3390.0)
        with self.assertRaisesRegex(UserError, "2,260.00"):
            appraisal.with_user(self.finance).action_create_credit_note(invoice.id)
        self.assertFalse(appraisal.credit_note_id)
