# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2025-06-21 10:00:00")
class TestReturnAppraisal(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A major fault 14 days after the invoice: exchange or repair; the customer
        # wants a return although the model is available: return with depreciation.
        cls.ticket = cls._create_dated_ticket(
            date(2025, 6, 1),
            registered_at=datetime(2025, 6, 15, 2, 0),
            warranty_fault_kind="quality",
            warranty_major_fault=True,
            warranty_customer_wants_return=True,
        )
        cls.Appraisal = cls.env["after_sales.return.appraisal"]

    def _create_appraisal(self, user=None, **vals):
        values = {
            "ticket_id": self.ticket.id,
            "remedy": "return",
            "accessories_complete": True,
            "packaging_complete": True,
            "report_attached": True,
            "real_fault": "Compressor does not start",
            "fault_matches": True,
            "invoice_price": 5000.0,
            "return_date": date(2025, 6, 21),
        }
        values.update(vals)
        return self.Appraisal.with_user(user or self.engineer).create(values)

    def test_depreciation(self):
        """R-WAR-6: price × rate per day × days from invoice to return, less the
        days in repair, rounded to the fen."""
        self.assertTrue(self.ticket.warranty_return_with_depreciation)
        appraisal = self._create_appraisal()
        self.assertTrue(appraisal.name.startswith("TH"))
        self.assertTrue(appraisal.depreciation_applies)
        self.assertEqual(appraisal.depreciation_days, 20)
        self.assertEqual(
            appraisal.depreciation_arithmetic, "5000.00 × 0.001 × 20 days = 100.00"
        )
        # R-X-1: the calculation reads in the reader's language, whoever
        # computed the figures.
        self._load_chinese()
        self.assertEqual(
            appraisal.with_context(lang="zh_CN").depreciation_arithmetic,
            "5000.00 × 0.001 × 20 天 = 100.00",
        )
        currency = appraisal.currency_id
        self.assertFalse(currency.compare_amounts(appraisal.depreciation_amount, 100.0))
        self.assertFalse(currency.compare_amounts(appraisal.refund_amount, 4900.0))
        appraisal.days_in_repair = 5
        self.assertEqual(appraisal.depreciation_days, 15)
        self.assertFalse(currency.compare_amounts(appraisal.depreciation_amount, 75.0))
        exchange = self._create_appraisal(remedy="exchange")
        self.assertFalse(exchange.depreciation_applies)
        self.assertFalse(exchange.depreciation_amount)

    def test_remedy_not_allowed(self):
        """R-WAR-7: an appraisal for a remedy the determination does not allow."""
        late = self._create_dated_ticket(
            date(2025, 5, 1),
            warranty_fault_kind="quality",
            warranty_major_fault=True,
        )
        self.assertFalse(late.warranty_remedy_exchange)
        with self.assertRaises(ValidationError):
            self._create_appraisal(ticket_id=late.id, remedy="exchange")
        self.assertFalse(self.Appraisal.search([("ticket_id", "=", late.id)]))

    def test_missing_accessory_blocks_approval(self):
        """R-WAR-7: the unit must come back with all accessories and packaging."""
        appraisal = self._create_appraisal(accessories_complete=False)
        self.assertFalse(appraisal.can_approve)
        with self.assertRaises(UserError) as caught:
            appraisal.with_user(self.supervisor).action_approve()
        self.assertIn("All Accessories", str(caught.exception))
        self.assertEqual(appraisal.state, "draft")

    def test_fault_mismatch_blocks_approval(self):
        """R-WAR-7: a report that does not match the real fault blocks the return."""
        appraisal = self._create_appraisal(fault_matches=False)
        self.assertFalse(appraisal.can_approve)
        with self.assertRaises(UserError) as caught:
            appraisal.with_user(self.supervisor).action_approve()
        self.assertIn("does not match", str(caught.exception))
        self.assertEqual(appraisal.state, "draft")

    def test_approve(self):
        """R-WAR-7, R-X-3: supervisors approve; a decided appraisal is frozen."""
        appraisal = self._create_appraisal()
        with self.assertRaises(UserError):
            appraisal.with_user(self.engineer).action_approve()
        appraisal.with_user(self.supervisor).action_approve()
        self.assertEqual(appraisal.state, "approved")
        self.assertEqual(appraisal.decided_by_id, self.supervisor)
        with self.assertRaises(UserError):
            appraisal.invoice_price = 1.0
        with self.assertRaises(UserError):
            appraisal.unlink()
        self.assertEqual(self.ticket.return_appraisal_count, 1)

    def test_refusal_needs_reason(self):
        """R-WAR-7: a refusal gives its reason."""
        appraisal = self._create_appraisal().with_user(self.supervisor)
        with self.assertRaises(UserError):
            appraisal.action_refuse()
        self.assertEqual(appraisal.state, "draft")
        appraisal.refusal_reason = "Remote control missing"
        appraisal.action_refuse()
        self.assertEqual(appraisal.state, "refused")
        appraisal.action_reset_to_draft()
        self.assertEqual(appraisal.state, "draft")

    def test_bad_input(self):
        """R-X-4: a return date before the invoice date is refused."""
        with self.assertRaises(ValidationError):
            self._create_appraisal(return_date=date(2025, 5, 1))

    def test_report_shows_arithmetic(self):
        """R-WAR-6, R-WAR-7: the printed report shows the decision and the
        depreciation arithmetic."""
        appraisal = self._create_appraisal()
        appraisal.with_user(self.supervisor).action_approve()
        report = self.env.ref("after_sales_service.return_appraisal_report_action")
        html, _kind = report._render_qweb_html(report.report_name, appraisal.ids)
        html = html.decode()
        self.assertIn("5000.00 × 0.001 × 20 days = 100.00", html)
        self.assertIn("Approved", html)
        self.assertIn(appraisal.name, html)
        self.assertIn("Three-guarantees exchange period", html)
        self.assertNotIn("R-WAR", html)
        self.assertNotIn("§", html)

    def _events(self, appraisal):
        return self.env["after_sales.performance.event"].search(
            [
                ("kind", "=", "appraisal_decided"),
                ("res_model", "=", appraisal._name),
                ("res_id", "=", appraisal.id),
            ]
        )

    def test_decision_is_one_event(self):
        """R-WAR-7, DESIGN §4: a decision is one appraisal_decided event of the
        request's engineer and team, recorded once however often it is decided."""
        appraisal = self._create_appraisal().with_user(self.supervisor)
        appraisal.refusal_reason = "Remote control missing"
        appraisal.action_refuse()
        event = self._events(appraisal)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.value, "refused")
        self.assertEqual(event.user_id, self.engineer)
        self.assertEqual(event.employee_id, self.employee)
        self.assertEqual(event.team_id, self.team)
        self.assertEqual(event.ticket_id, self.ticket)
        appraisal.action_reset_to_draft()
        appraisal.action_approve()
        self.assertEqual(appraisal.state, "approved")
        self.assertEqual(self._events(appraisal), event)

    def test_reasons_computed_with_the_flags(self):
        """R-WAR-7: can_approve / can_refuse come with the reason the form shows
        and the guard raises; role refusals are access errors."""
        appraisal = self._create_appraisal(packaging_complete=False)
        as_supervisor = appraisal.with_user(self.supervisor)
        self.assertFalse(as_supervisor.can_approve)
        self.assertIn(
            "came back without Packaging", as_supervisor.cannot_approve_reason
        )
        self.assertFalse(as_supervisor.can_refuse)
        self.assertEqual(
            as_supervisor.cannot_refuse_reason, "Write the reason of the refusal first."
        )
        as_engineer = appraisal.with_user(self.engineer)
        self.assertFalse(as_engineer.can_approve)
        self.assertIn("Supervisor", as_engineer.cannot_approve_reason)
        with self.assertRaises(AccessError):
            as_engineer.action_approve()
        with self.assertRaises(AccessError):
            as_engineer.action_refuse()
        appraisal.packaging_complete = True
        self.assertTrue(as_supervisor.can_approve)
        self.assertFalse(as_supervisor.cannot_approve_reason)
        as_supervisor.action_approve()
        self.assertFalse(as_supervisor.can_approve)
        self.assertIn("is already Approved", as_supervisor.cannot_approve_reason)
        with self.assertRaises(UserError) as caught:
            as_supervisor.action_approve()
        self.assertIn("already Approved", str(caught.exception))

    def test_frozen_once_decided(self):
        """R-X-3: an approved appraisal cannot be reopened by writing its state;
        a refused one goes back to draft only through its transition."""
        appraisal = self._create_appraisal().with_user(self.supervisor)
        appraisal.action_approve()
        for vals in ({"state": "draft"}, {"real_fault": "Other"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                appraisal.write(vals)
        with self.assertRaises(UserError):
            appraisal.action_reset_to_draft()
        refused = self._create_appraisal(refusal_reason="No").with_user(self.supervisor)
        refused.action_refuse()
        with self.assertRaises(UserError):
            refused.write({"state": "draft", "invoice_price": 1.0})
        refused.action_reset_to_draft()
        refused.invoice_price = 4000.0
        self.assertEqual(refused.state, "draft")

    def test_refund_is_the_engines(self):
        """R-WAR-6: fee and refund are the engine's, rounded half-up to the fen
        once: 45.00 × 1‰ × 25 days = 1.125 → 1.13, refund 43.87."""
        appraisal = self._create_appraisal(
            invoice_price=45.0, return_date=date(2025, 6, 26)
        )
        currency = appraisal.currency_id
        self.assertEqual(appraisal.depreciation_days, 25)
        self.assertFalse(currency.compare_amounts(appraisal.depreciation_amount, 1.13))
        self.assertFalse(currency.compare_amounts(appraisal.refund_amount, 43.87))
        self.assertEqual(
            appraisal.depreciation_arithmetic, "45.00 × 0.001 × 25 days = 1.13"
        )

    def test_supervisor_does_not_decide_own_appraisal(self):
        """SPEC §0: nobody approves their own request — a supervisor who drew up
        an appraisal neither approves nor refuses it; another supervisor does."""
        appraisal = self._create_appraisal(user=self.supervisor)
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_approve()
        appraisal.refusal_reason = "Scratched housing"
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_refuse()
        self.assertEqual(appraisal.state, "draft")
        appraisal.with_user(self.manager).action_approve()
        self.assertEqual(appraisal.decided_by_id, self.manager)

    def test_decision_only_through_its_buttons(self):
        """R-WAR-7, R-X-3: an engineer or clerk "approved" a draft appraisal by
        writing its state with a supervisor's name; a clerk flipped a refused one
        back to draft. Who decided changes only through the decisions."""
        appraisal = self._create_appraisal()
        for user in (self.engineer, self.clerk, self.supervisor):
            with self.assertRaises(AccessError):
                appraisal.with_user(user).write(
                    {"state": "approved", "decided_by_id": self.supervisor.id}
                )
        with self.assertRaises(AccessError):
            self._create_appraisal(state="approved")
        self.assertEqual(appraisal.state, "draft")
        appraisal.refusal_reason = "Scratched housing"
        appraisal.with_user(self.supervisor).action_refuse()
        with self.assertRaises(AccessError):
            appraisal.with_user(self.clerk).write({"state": "draft"})
        appraisal.with_user(self.supervisor).action_reset_to_draft()
        self.assertEqual(appraisal.state, "draft")
        self.assertFalse(appraisal.decided_by_id)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-21 10:00:00")
class TestReturnSettlement(WarrantyCase):
    """What an approved appraisal sets going (R-WAR-6, R-WAR-7)."""

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

    def _approved(self, remedy):
        appraisal = self.env["after_sales.return.appraisal"].create(
            {
                "ticket_id": self.ticket.id,
                "remedy": remedy,
                "accessories_complete": True,
                "packaging_complete": True,
                "report_attached": True,
                "real_fault": "Compressor does not start",
                "fault_matches": True,
                "invoice_price": 5000.0,
                "return_date": date(2025, 6, 21),
            }
        )
        appraisal.with_user(self.supervisor).action_approve()
        return appraisal

    def test_return_picking_and_credit_note(self):
        """R-WAR-6, R-WAR-7: an approved return brings the unit back by a receipt
        of its serial and finance makes the credit note: the invoice price and
        the depreciation fee on its own line with the arithmetic; once."""
        appraisal = self._approved("return")
        picking = appraisal.return_picking_id
        self.assertEqual(picking.picking_type_code, "incoming")
        self.assertEqual(picking.partner_id, self.ticket.partner_id)
        self.assertEqual(picking.move_ids.product_id, self.product)
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        self.assertFalse(appraisal.exchange_picking_id)
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_create_credit_note()
        action = appraisal.with_user(self.finance).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(appraisal.credit_note_id, credit_note)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.after_sales_ticket_id, self.ticket)
        fee = credit_note.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertIn("5000.00 × 0.001 × 20 days = 100.00", fee.name)
        currency = appraisal.currency_id
        # No invoice of the unit is known: the product's taxes, no reversal.
        self.assertFalse(credit_note.reversed_entry_id)
        self.assertEqual(
            credit_note.invoice_line_ids.tax_ids,
            self.product.taxes_id._filter_taxes_by_company(appraisal.company_id),
        )
        self.assertFalse(
            currency.compare_amounts(
                sum(credit_note.invoice_line_ids.mapped("price_unit")),
                appraisal.refund_amount,
            )
        )
        with self.assertRaises(UserError):
            appraisal.with_user(self.finance).action_create_credit_note()

    def _unit_invoice(self, price_include=False):
        tax = self.env["account.tax"].create(
            {
                "name": "VAT 13% (appraisal)",
                "amount": 13.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included"
                if price_include
                else "tax_excluded",
            }
        )
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
                            "price_unit": 5000.0,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice, tax

    def test_credit_note_reverses_the_unit_invoice(self):
        """R-WAR-6: the credit note of a return reverses the unit's invoice: the
        invoice price with the invoice's taxes, the depreciation fee as a
        visible negative line with the same taxes, the total the price less
        the fee with tax; posted, it is reconciled with the invoice, whose
        open amount drops by the credit."""
        invoice, tax = self._unit_invoice()
        appraisal = self._approved("return")
        action = appraisal.with_user(self.finance).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(appraisal.sale_invoice_id, invoice)
        self.assertEqual(credit_note.invoice_line_ids.tax_ids, tax)
        fee = credit_note.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertIn("= 100.00", fee.name)
        self.assertEqual(fee.tax_ids, tax)
        currency = appraisal.currency_id
        self.assertFalse(currency.compare_amounts(credit_note.amount_untaxed, 4900.0))
        self.assertFalse(currency.compare_amounts(credit_note.amount_tax, 637.0))
        self.assertFalse(currency.compare_amounts(credit_note.amount_total, 5537.0))
        credit_note.with_user(self.finance).action_post()
        self.assertFalse(currency.compare_amounts(invoice.amount_residual, 113.0))
        self.assertFalse(currency.is_zero(invoice.amount_residual))
        self.assertTrue(currency.is_zero(credit_note.amount_residual))

    def test_credit_note_wizard_chooses_the_invoice(self):
        """R-WAR-6: the credit note's wizard proposes the unit's invoice found
        (the latest of the customer for the product) and finance may choose
        another; an invoice of another customer, or one that does not invoice
        the unit, is refused with a clear error and nothing is made; only
        finance opens it."""
        older, _tax = self._unit_invoice()
        newer = older.copy({"invoice_date": older.invoice_date})
        newer.action_post()
        appraisal = self._approved("return")
        with self.assertRaises(AccessError):
            appraisal.with_user(self.supervisor).action_open_credit_note_wizard()
        action = appraisal.with_user(self.finance).action_open_credit_note_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.finance)
        wizard = Wizard.with_context(**action["context"]).create({})
        self.assertEqual(wizard.invoice_id, newer)
        other = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.env["res.partner"].create({"name": "Other"}).id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 9.0})
                ],
            }
        )
        other.action_post()
        wizard.invoice_id = other
        with self.assertRaisesRegex(UserError, "choose the unit's invoice"):
            wizard.action_confirm()
        self.assertFalse(appraisal.credit_note_id)
        wizard.invoice_id = older
        action = wizard.action_confirm()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.reversed_entry_id, older)
        self.assertEqual(appraisal.sale_invoice_id, older)

    def test_credit_note_price_included_tax(self):
        """R-WAR-6: with the invoice's price-included tax the credit note total is
        the appraisal's refund exactly."""
        invoice, tax = self._unit_invoice(price_include=True)
        appraisal = self._approved("return")
        action = appraisal.with_user(self.finance).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.invoice_line_ids.tax_ids, tax)
        currency = appraisal.currency_id
        self.assertFalse(
            currency.compare_amounts(credit_note.amount_total, appraisal.refund_amount)
        )
        credit_note.with_user(self.finance).action_post()
        self.assertFalse(currency.compare_amounts(invoice.amount_residual, 100.0))

    def test_credit_note_of_a_paid_invoice_stays_open(self):
        """R-WAR-6: when the unit's invoice is paid, the posted credit note is not
        reconciled: it stays open for the refund payment."""
        invoice, _tax = self._unit_invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        appraisal = self._approved("return")
        action = appraisal.with_user(self.finance).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        credit_note.with_user(self.finance).action_post()
        currency = appraisal.currency_id
        self.assertFalse(
            currency.compare_amounts(
                credit_note.amount_residual, credit_note.amount_total
            )
        )
        self.assertTrue(currency.is_zero(invoice.amount_residual))

    def test_exchange_return_and_new_delivery(self):
        """R-WAR-7: an approved exchange brings the unit back and delivers a new
        one of the same model at no charge; no credit note."""
        appraisal = self._approved("exchange")
        self.assertEqual(appraisal.return_picking_id.picking_type_code, "incoming")
        delivery = appraisal.exchange_picking_id
        self.assertEqual(delivery.picking_type_code, "outgoing")
        self.assertEqual(delivery.move_ids.product_id, self.product)
        with self.assertRaises(UserError):
            appraisal.with_user(self.finance).action_create_credit_note()
