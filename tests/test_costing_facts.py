# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cost lines from the facts (SPEC §6, R-ACC-1): labour rates per engineer and
service type, travel zones, third-party costs from vendor bill lines, and the
cost of every service in the equipment history (R-IN-3)."""

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_costing import CostingCase


@tagged("post_install", "-at_install")
class TestCostingFacts(CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_crane = cls.env["account.account"].create(
            {"code": "660199", "name": "外协服务费", "account_type": "expense"}
        )
        cls.contractor = cls.env["res.partner"].create({"name": "Crane Hire Co"})
        cls.crane = cls.env["product.product"].create(
            {"name": "Crane Hire", "type": "service", "purchase_ok": True}
        )
        cls.Zone = cls.env["after_sales.travel.zone"]

    def _refresh(self, ticket):
        ticket.with_user(self.finance).action_costing_refresh()
        return {line.kind: line for line in ticket.cost_line_ids}

    def _bill(self, ticket, price=150.0, quantity=2.0, move_type="in_invoice", **vals):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.contractor.id,
                "invoice_date": self.today,
                "date": self.today,
                **vals,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.crane.id,
                            "name": "Crane hire",
                            "quantity": quantity,
                            "price_unit": price,
                            "account_id": self.acc_crane.id,
                            "tax_ids": [Command.clear()],
                            "after_sales_ticket_id": ticket.id,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    # ------------------------------------------------------------------
    # Labour rates
    # ------------------------------------------------------------------

    def test_labour_rate_engineer_beats_type_beats_company(self):
        """R-ACC-1: an hour costs the record's engineer's own rate, else its
        service type's, else the company's; a later change of rates is taken by
        the next update of the draft line."""
        ticket = self._warranty_ticket()
        record = self._create_record(
            ticket, engineer_ids=[Command.set(self.employee.ids)], labour_hours=2.0
        )
        record.sudo().write({"state": "done"})
        self.assertEqual(self._refresh(ticket)["labour"].amount, 160.0)  # 2 × 80
        self.type_repair.after_sales_labour_rate = 100.0
        labour = self._refresh(ticket)["labour"]
        self.assertEqual(labour.unit_cost, 100.0)
        self.assertEqual(labour.amount, 200.0)
        self.env["after_sales.engineer.rate"].with_user(self.finance).create(
            {"employee_id": self.employee.id, "rate": 120.0}
        )
        labour = self._refresh(ticket)["labour"]
        self.assertEqual(labour.unit_cost, 120.0)
        self.assertEqual(labour.amount, 240.0)
        self.assertEqual(ticket.cost_total, 240.0)

    def test_negative_rates_refused_and_engineer_rate_private(self):
        """R-ACC-1: a negative labour rate of a service type or an engineer is
        refused with a clear error; the engineers' rates are kept and read by
        finance and the managers only (no HR rights needed), one per engineer."""
        Rate = self.env["after_sales.engineer.rate"]
        with self.assertRaises(ValidationError):
            self.type_repair.with_user(self.manager).after_sales_labour_rate = -1.0
        with self.assertRaises(ValidationError):
            Rate.with_user(self.finance).create(
                {"employee_id": self.employee.id, "rate": -5.0}
            )
        self.assertFalse(self.type_repair.after_sales_labour_rate)
        mine = [("employee_id", "=", self.employee.id)]
        self.assertFalse(Rate.search(mine))
        for user in (self.finance, self.manager):
            with self.subTest(user=user.login):
                rate = Rate.with_user(user).create(
                    {"employee_id": self.employee.id, "rate": 90.0}
                )
                rate.rate = 95.0
                self.assertEqual(Rate.with_user(user).search(mine), rate)
                rate.unlink()
        rate = Rate.create({"employee_id": self.employee.id, "rate": 90.0})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                Rate.create({"employee_id": self.employee.id, "rate": 70.0})
        for user in (self.engineer, self.clerk, self.supervisor, self.warehouse):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    rate.with_user(user).read(["rate"])
                with self.assertRaises(AccessError):
                    Rate.with_user(user).create(
                        {"employee_id": self.employee.id, "rate": 1.0}
                    )

    # ------------------------------------------------------------------
    # Travel zones
    # ------------------------------------------------------------------

    def test_travel_zone_fixed_amount_else_per_km(self):
        """R-ACC-1: a record whose distance lies in a travel zone of its company
        costs the zone's fixed amount (another company's zones do not count);
        beyond every zone, km × the company's rate."""
        Zone = self.Zone.with_user(self.finance)
        Zone.create({"name": "Town", "distance_to": 20.0, "amount": 30.0})
        Zone.create(
            {
                "name": "County",
                "distance_from": 20.0,
                "distance_to": 50.0,
                "amount": 60.0,
            }
        )
        other = self.env["res.company"].create({"name": "Other Company"})
        self.Zone.sudo().create(
            {"name": "Elsewhere", "company_id": other.id, "distance_to": 100.0}
        )
        near = self._warranty_ticket()
        self._done_record(near, hours=0.0, km=30.0)
        travel = self._refresh(near)["travel"]
        self.assertEqual(travel.amount, 60.0)
        self.assertEqual(travel.quantity, 1.0)
        self.assertIn("County", travel.name)
        far = self._warranty_ticket()
        self._done_record(far, hours=0.0, km=80.0)
        travel = self._refresh(far)["travel"]
        self.assertEqual(travel.amount, 160.0)  # 80 km × 2
        self.assertEqual(travel.quantity, 80.0)

    def test_travel_zones_never_overlap(self):
        """R-ACC-1, R-X-4: overlapping zones of a company, a zone ending before it
        starts and a negative amount are refused, nothing saved; only finance and
        the managers keep the zones, everybody reads them."""
        Zone = self.Zone.with_user(self.manager)
        Zone.create({"name": "Town", "distance_to": 20.0, "amount": 30.0})
        count = self.Zone.search_count([])
        for values in (
            {"name": "Overlap", "distance_from": 10.0, "distance_to": 40.0},
            {"name": "Inside", "distance_from": 5.0, "distance_to": 6.0},
            {"name": "Backwards", "distance_from": 60.0, "distance_to": 40.0},
            {
                "name": "Negative",
                "distance_from": 60.0,
                "distance_to": 90.0,
                "amount": -1.0,
            },
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    Zone.create({"amount": 10.0, **values})
        self.assertEqual(self.Zone.search_count([]), count)
        for user in (self.engineer, self.clerk, self.supervisor):
            with self.subTest(user=user.login):
                self.assertTrue(self.Zone.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    self.Zone.with_user(user).create(
                        {"name": "Far", "distance_from": 500, "distance_to": 600}
                    )

    # ------------------------------------------------------------------
    # Third-party costs from vendor bills
    # ------------------------------------------------------------------

    def test_vendor_bill_line_is_a_third_party_cost(self):
        """R-ACC-1: a posted vendor bill line naming the request becomes a
        third-party cost line (its untaxed amount in the company currency,
        quantity and unit cost from the line, the bill line as its source); a
        draft bill gives nothing."""
        ticket = self._warranty_ticket()
        draft = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.contractor.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Draft",
                            "price_unit": 999.0,
                            "account_id": self.acc_crane.id,
                            "after_sales_ticket_id": ticket.id,
                        }
                    )
                ],
            }
        )
        bill = self._bill(ticket)
        line = self._refresh(ticket)["third_party"]
        self.assertEqual(len(ticket.cost_line_ids), 1, draft.name)
        self.assertEqual(line.amount, 300.0)
        self.assertEqual(line.quantity, 2.0)
        self.assertEqual(line.unit_cost, 150.0)
        self.assertEqual(line.bill_line_id, bill.invoice_line_ids)
        self.assertEqual(line.source_key, f"bill:{bill.invoice_line_ids.id}")
        self.assertEqual(line.bearer, "company")
        self.assertEqual(ticket.cost_company, 300.0)
        self._refresh(ticket)
        self.assertEqual(ticket.cost_line_ids, line, "filling twice: the same line")

    def test_vendor_bill_form_names_the_request(self):
        """R-ACC-1: finance names the request on a vendor bill line in the bill's
        form (an optional column of the bill lines)."""
        ticket = self._warranty_ticket()
        Move = self.env["account.move"].with_user(self.finance)
        with Form(Move.with_context(default_move_type="in_invoice")) as bill_form:
            bill_form.partner_id = self.contractor
            bill_form.invoice_date = self.today
            with bill_form.invoice_line_ids.new() as line:
                line.product_id = self.crane
                line.price_unit = 80.0
                line.after_sales_ticket_id = ticket
        bill = bill_form.record
        self.assertEqual(bill.invoice_line_ids.after_sales_ticket_id, ticket)
        bill.sudo().action_post()
        self.assertEqual(self._refresh(ticket)["third_party"].amount, 80.0)

    def test_booking_a_bill_cost_reclassifies_the_bill_account(self):
        """R-ACC-1, R-ACC-4: the vendor bill debited its line's account already:
        booking the free third-party cost credits that account and debits the
        bearer's (a reclassification, never a second booking)."""
        ticket = self._warranty_ticket()
        self._bill(ticket)
        self.assertEqual(self._balance(self.acc_crane), 300.0)
        self._refresh(ticket)
        ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(self._balance(self.acc_crane), 0.0)
        self.assertEqual(self._balance(self.acc_expense), 300.0)
        self.assertEqual(self._balance(self.acc_accrued), 0.0)
        self.assertEqual(ticket.cost_line_ids.state, "booked")

    def test_booked_bill_cost_holds_the_bill(self):
        """R-ACC-1, R-ACC-6: a vendor bill whose third-party cost finance booked
        is not reset to draft until the booking is reversed; its line is then
        not deleted (the reversed cost is history); a bill line whose cost is
        only a draft takes that draft with it."""
        ticket = self._warranty_ticket()
        bill = self._bill(ticket)
        self._refresh(ticket)
        ticket.with_user(self.finance).action_costing_book()
        with self.assertRaisesRegex(UserError, "reverse that booking first"):
            bill.button_draft()
        self.assertEqual(bill.state, "posted")
        ticket.with_user(self.finance).action_costing_reverse()
        bill.button_draft()
        self.assertEqual(bill.state, "draft")
        with self.assertRaisesRegex(UserError, "cost history"):
            bill.invoice_line_ids.unlink()
        self.assertTrue(bill.invoice_line_ids)
        # A draft cost only: the line goes, and the draft with it.
        other = self._warranty_ticket()
        bill = self._bill(other)
        self._refresh(other)
        draft = other.cost_line_ids
        self.assertEqual(draft.state, "draft")
        bill.button_draft()
        bill.invoice_line_ids.unlink()
        self.assertFalse(draft.exists())

    def test_vendor_credit_note_reduces_the_cost(self):
        """R-ACC-1: a posted vendor credit note line naming the request reduces
        the bill line it reverses (else one of the same vendor and product); a
        fully credited line gives no cost; a cost is never negative."""
        ticket = self._warranty_ticket()
        bill = self._bill(ticket)
        self._bill(
            ticket,
            price=100.0,
            quantity=1.0,
            move_type="in_refund",
            reversed_entry_id=bill.id,
        )
        line = self._refresh(ticket)["third_party"]
        self.assertEqual(line.amount, 200.0)
        self.assertEqual(line.bill_line_id, bill.invoice_line_ids)
        # A credit note naming no bill: the same vendor and product; more
        # than is left: the cost is gone, never negative.
        self._bill(ticket, price=500.0, quantity=1.0, move_type="in_refund")
        self._refresh(ticket)
        self.assertFalse(ticket.cost_line_ids)
        self.assertEqual(ticket.cost_total, 0.0)

    def test_supplier_caused_bill_cost_and_customer_charge(self):
        """R-ACC-1: the bearer of a third-party cost is proposed like the
        parts': a bought-in part's fault is the supplier's; out of warranty the
        customer's (chargeable)."""
        component = self.env.ref("after_sales_service.cause_category_component_defect")
        self.product.seller_ids = [Command.create({"partner_id": self.supplier.id})]
        ticket = self._warranty_ticket()
        self._done_record(ticket, cause=component, hours=0.0, km=0.0)
        self._bill(ticket)
        line = self._refresh(ticket)["third_party"]
        self.assertEqual(line.bearer, "supplier")
        self.assertEqual(line.supplier_id, self.supplier)
        old = self._create_dated_ticket(fields.Date.subtract(self.today, years=6))
        self._bill(old)
        line = self._refresh(old)["third_party"]
        self.assertEqual(line.bearer, "customer")
        self.assertTrue(line.chargeable)

    # ------------------------------------------------------------------
    # Equipment history
    # ------------------------------------------------------------------

    def test_equipment_history_shows_the_cost_of_every_service(self):
        """R-IN-3, R-ACC-1: the serial's history lists each request with its cost
        by bearer and the unit's total cost; the engineer reads it."""
        first = self._warranty_ticket()
        self._done_record(first)
        self._refresh(first)
        second = self._warranty_ticket()
        self._bill(second)
        self._refresh(second)
        lot = first.lot_id.with_user(self.engineer)
        self.assertEqual(lot, second.lot_id)
        costs = {t.id: t.cost_total for t in lot.after_sales_ticket_ids}
        self.assertEqual(costs[first.id], 220.0)
        self.assertEqual(costs[second.id], 300.0)
        self.assertEqual(
            lot.after_sales_cost_total,
            sum(lot.after_sales_ticket_ids.mapped("cost_total")),
        )
        self.assertGreaterEqual(lot.after_sales_cost_total, 520.0)
        view = self.env.ref(
            "after_sales_service.stock_lot_view_form_after_sales_history"
        )
        arch = lot.get_views([(view.id, "form")])["views"]["form"]["arch"]
        for name in ("cost_total", "cost_company", "after_sales_cost_total"):
            self.assertIn(f'name="{name}"', arch)
