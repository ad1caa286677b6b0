# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AfterSalesCase

_logger = logging.getLogger(__name__)


class PartsCase(AfterSalesCase):
    """A warehouse with parts in stock at a standard cost, and a request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keeper = cls.warehouse  # the warehouse keeper user of AfterSalesCase
        cls.wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.wh.lot_stock_id
        cls.fan = cls.env["product.product"].create(
            {
                "name": "Fan Motor",
                "default_code": "FM-220",
                "is_storable": True,
                "standard_price": 50.0,
            }
        )
        cls.board = cls.env["product.product"].create(
            {
                "name": "Control Board",
                "is_storable": True,
                "tracking": "serial",
                "standard_price": 120.0,
            }
        )
        cls.boards = cls.env["stock.lot"].create(
            [{"name": f"CB-{n}", "product_id": cls.board.id} for n in range(3)]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.fan, cls.stock, 10)
        for lot in cls.boards:
            Quant._update_available_quantity(cls.board, cls.stock, 1, lot_id=lot)
        cls.ticket = cls._create_ticket()
        cls._confirm_quote(cls.ticket)

    @classmethod
    def _confirm_quote(cls, ticket, parts=None):
        """The customer confirmed the quote of the request's chargeable work: the
        chargeable parts it prices (``{product: quantity}``, by default fans and
        boards) may be issued up to its quantities (R-ACC-2)."""
        parts = parts if parts is not None else {cls.fan: 20, cls.board: 3}
        quote = cls.env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [
                    Command.create(
                        {
                            "kind": "parts",
                            "product_id": product.id,
                            "name": product.name,
                            "quantity": quantity,
                            "unit_cost": 1,
                        }
                    )
                    for product, quantity in parts.items()
                ],
            }
        )
        quote.action_mark_sent()
        quote._do_confirm(
            {
                "confirmation_method": "phone",
                "confirmed_by_name": "Zhang Wei",
                "contacted_by_id": cls.clerk.id,
            }
        )
        return quote

    def _requisition(self, lines, user=None, **vals):
        env = self.env(user=user or self.engineer)
        values = {
            "ticket_id": self.ticket.id,
            "engineer_id": self.employee.id,
            "warehouse_id": self.wh.id,
            "line_ids": [Command.create(line) for line in lines],
        }
        values.update(vals)
        return env["after_sales.parts.requisition"].create(values)

    def _approved(self, lines, **vals):
        requisition = self._requisition(lines, **vals)
        requisition.action_request()
        requisition.with_user(self.supervisor).action_approve()
        return requisition.with_user(self.keeper)

    def _arrival_digests(self, plans):
        """The digests "Parts Arrived" listing ``plans``."""
        return self.env["after_sales.notice.digest"].search(
            [("kind", "=", "parts_arrival"), ("arrival_plan_ids", "in", plans.ids)]
        )

    def _draft_plans(self, tickets, count=None):
        """Draft purchase plans of a fan each, one per ticket (cycling over
        ``tickets`` up to ``count`` plans)."""
        count = count or len(tickets)
        return self.env["after_sales.purchase.plan"].create(
            [
                {
                    "ticket_id": tickets[n % len(tickets)].id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.fan.id,
                                "quantity": 1,
                                "model": "FM-220",
                                "specification": "220 V",
                            }
                        )
                    ],
                }
                for n in range(count)
            ]
        )

    @classmethod
    def _qty(cls, product, location, lot=None):
        return cls.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot, strict=True
        )


@tagged("post_install", "-at_install")
class TestParts(PartsCase):
    def test_warehouses_get_their_after_sales_stock(self):
        """R-PRT-2: every warehouse — the existing ones at install, a new one on
        creation — has the issue, return and transfer types and the consumption,
        van and defective-parts locations, made once."""
        for field in (
            "after_sales_issue_type_id",
            "after_sales_return_type_id",
            "after_sales_transfer_type_id",
            "after_sales_consumption_location_id",
            "after_sales_van_location_id",
            "after_sales_defective_location_id",
        ):
            self.assertTrue(self.wh[field], field)
        self.assertEqual(self.wh.after_sales_consumption_location_id.usage, "inventory")
        new = self.env["stock.warehouse"].create(
            {"name": "Service Point 2", "code": "SP2"}
        )
        self.assertEqual(new.after_sales_issue_type_id.warehouse_id, new)
        types = new.after_sales_issue_type_id
        new._after_sales_stock_setup()
        self.assertEqual(new.after_sales_issue_type_id, types, "idempotent")

    def test_issue_return_and_valuation(self):
        """R-PRT-1, R-PRT-2: the warehouse keeper issues an approved requisition
        with a real validated picking of the issue type; stock falls, the
        valuation books the parts out at their cost; an unused part comes back by
        a return picking and its value with it."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 3}])
        requisition.action_issue()
        self.assertEqual(requisition.state, "issued")
        picking = requisition.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.wh.after_sales_issue_type_id)
        self.assertEqual(picking.group_id, self.ticket.parts_procurement_group_id)
        line = requisition.line_ids
        self.assertEqual(picking.move_ids.after_sales_requisition_line_id, line)
        self.assertEqual(self._qty(self.fan, self.stock), 7)
        self.assertEqual(line.quantity_issued, 3)
        self.assertEqual(line.unit_cost, 50.0)
        self.assertEqual(line.value_consumed, 150.0)
        layers = picking.move_ids.stock_valuation_layer_ids
        self.assertEqual(sum(layers.mapped("value")), -150.0)
        wizard = (
            self.env["after_sales.parts.move.wizard"]
            .with_user(self.keeper)
            .with_context(default_requisition_id=requisition.id, default_kind="return")
            .create({})
        )
        self.assertEqual(wizard.line_ids.available, 3)
        wizard.line_ids.quantity = 1
        wizard.action_confirm()
        self.assertEqual(self._qty(self.fan, self.stock), 8)
        self.assertEqual(line.quantity_returned, 1)
        self.assertEqual(line.quantity_used, 2)
        self.assertEqual(line.value_consumed, 100.0)
        returned = requisition.picking_ids - picking
        self.assertEqual(returned.picking_type_id, self.wh.after_sales_return_type_id)
        requisition.action_close()
        self.assertEqual(requisition.state, "done")

    def test_van_then_used_on_site(self):
        """R-PRT-2: parts issued to the engineer's van stay company stock (no
        valuation yet) until the engineer books them as used from the site; the
        rest comes back; the requisition closes only with an empty van."""
        requisition = self._approved(
            [{"product_id": self.fan.id, "quantity": 2}], destination="van"
        )
        requisition.action_issue()
        van = self.wh._after_sales_van_location(self.employee)
        self.assertEqual(requisition.picking_ids.location_dest_id, van)
        self.assertEqual(self._qty(self.fan, van), 2)
        line = requisition.line_ids
        self.assertEqual(line.quantity_in_van, 2)
        self.assertFalse(requisition.picking_ids.move_ids.stock_valuation_layer_ids)
        with self.assertRaises(UserError):
            requisition.action_close()
        requisition.with_user(self.engineer)._do_move_parts("consume", {line: 1})
        self.assertEqual(line.quantity_used, 1)
        self.assertEqual(line.value_consumed, 50.0)
        requisition._do_move_parts("return", {line: 1})
        self.assertEqual(self._qty(self.fan, van), 0)
        self.assertEqual(self._qty(self.fan, self.stock), 9)
        requisition.action_close()
        self.assertEqual(requisition.state, "done")

    def test_never_issued_twice(self):
        """R-PRT-3: once a line is issued, pressing Issue again is refused and no
        second picking exists; more parts need a new approved line."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 2}])
        requisition.action_issue()
        with self.assertRaises(UserError):
            requisition.action_issue()
        self.assertEqual(len(requisition.picking_ids), 1)
        with self.assertRaises(UserError):
            requisition.with_user(self.supervisor).line_ids.quantity = 5
        self.assertEqual(self._qty(self.fan, self.stock), 8)

    def test_serial_numbers(self):
        """R-PRT-1, R-PRT-3, R-X-4: a tracked part is issued with its serial; a
        serial issued to another request and not back is refused there; a serial
        of another product is refused."""
        lot = self.boards[0]
        requisition = self._approved(
            [{"product_id": self.board.id, "quantity": 1, "lot_id": lot.id}]
        )
        requisition.action_issue()
        self.assertEqual(requisition.picking_ids.move_line_ids.lot_id, lot)
        other = self._create_ticket(name="Second unit")
        with self.assertRaises(ValidationError):
            self._requisition(
                [{"product_id": self.board.id, "quantity": 1, "lot_id": lot.id}],
                ticket_id=other.id,
            )
        with self.assertRaises(ValidationError):
            self._requisition(
                [{"product_id": self.fan.id, "quantity": 1, "lot_id": lot.id}]
            )
        # Returned, the serial may go to another request.
        requisition._do_move_parts("return", {requisition.line_ids: 1})
        again = self._requisition(
            [{"product_id": self.board.id, "quantity": 1, "lot_id": lot.id}],
            ticket_id=other.id,
        )
        self.assertTrue(again)

    def test_unlotted_serials_reserved_by_odoo(self):
        """R-PRT-2: serial parts requested without a serial number get the ones
        Odoo reserves; two units are two serials."""
        requisition = self._approved([{"product_id": self.board.id, "quantity": 2}])
        requisition.action_issue()
        self.assertEqual(len(requisition.picking_ids.move_line_ids.lot_id), 2)
        self.assertEqual(requisition.line_ids.quantity_issued, 2)

    def test_shortage_becomes_a_purchase_plan(self):
        """R-PRT-4: what is not in stock stays to issue (partly issued); it
        becomes a purchase plan that cannot be handed in without model and
        specification; the department manager confirms it (no buy route here:
        the chatter says so); while it is open the deadlines pause; on arrival
        they resume and the engineer is told to visit the next day."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 12}])
        requisition.action_issue()
        self.assertEqual(requisition.state, "partial")
        self.assertEqual(requisition.line_ids.quantity_to_issue, 2)
        action = requisition.with_user(self.engineer).action_make_purchase_plan()
        plan = self.env["after_sales.purchase.plan"].browse(action["res_id"])
        self.assertEqual(plan.line_ids.quantity, 2)
        self.assertEqual(plan.line_ids.model, "FM-220")
        with self.assertRaises(ValidationError):
            plan.with_user(self.engineer).action_submit()
        self.assertEqual(plan.state, "draft")
        plan.line_ids.with_user(self.engineer).specification = "220 V 60 W"
        plan.with_user(self.engineer).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertTrue(self.ticket.sla_paused)
        with self.assertRaises(AccessError):
            plan.with_user(self.supervisor).action_confirm()
        plan.with_user(self.manager).action_confirm()
        self.assertEqual(plan.state, "confirmed")
        with self.assertRaises(AccessError):
            plan.with_user(self.engineer).action_record_arrival()
        plan.with_user(self.keeper).action_record_arrival()
        self.assertEqual(plan.state, "received")
        self.assertFalse(self.ticket.sla_paused)
        # Issue 24: the engineer's digest of the day lists the plan, with one
        # to-do due the next day (not a to-do on the plan).
        self.assertFalse(plan.activity_ids)
        digest = self._arrival_digests(plan)
        self.assertEqual(digest.user_id, self.engineer)
        self.assertEqual(digest.day, plan._local_date(plan.arrived_at))
        self.assertEqual(digest.activity_ids.user_id, self.engineer)
        self.assertEqual(
            digest.activity_ids.date_deadline,
            plan._local_date(plan.arrived_at) + timedelta(days=1),
        )

    def test_receipt_of_the_request_group_marks_arrival(self):
        """R-PRT-4: a receipt of the request's procurement group (how a purchase
        of the plan arrives) marks the confirmed plan arrived."""
        plan = (
            self.env["after_sales.purchase.plan"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.fan.id,
                                "quantity": 4,
                                "model": "FM-220",
                                "specification": "220 V",
                            }
                        )
                    ],
                }
            )
        )
        plan.action_submit()
        plan.with_user(self.manager).action_confirm()
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "group_id": self.ticket._parts_procurement_group().id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "fan",
                            "product_id": self.fan.id,
                            "product_uom_qty": 4,
                            "product_uom": self.fan.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock.id,
                            "group_id": self.ticket._parts_procurement_group().id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 4
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(plan.state, "received")

    def test_late_visit_after_arrival_is_an_event(self):
        """R-PRT-4, DESIGN §4: the first visit three days after arrival is two
        days late — one ``parts_visit_late`` event of the engineer, once."""
        plan = (
            self.env["after_sales.purchase.plan"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.fan.id,
                                "quantity": 1,
                                "model": "FM-220",
                                "specification": "220 V",
                            }
                        )
                    ],
                }
            )
        )
        plan.action_submit()
        plan.with_user(self.manager).action_confirm()
        plan.with_user(self.keeper).action_record_arrival()
        plan.sudo()._transition_write(
            {"arrived_at": fields.Datetime.now() - timedelta(days=3)}
        )
        record = self._create_record(self.ticket)
        record.with_user(self.engineer).action_start()
        events = self.env["after_sales.performance.event"].search(
            [("kind", "=", "parts_visit_late"), ("res_id", "=", plan.id)]
        )
        self.assertEqual(len(events), 1)
        self.assertEqual(events.quantity, 2)
        self.assertEqual(events.user_id, self.engineer)

    def test_plan_handed_in_late_after_the_quote(self):
        """R-PRT-4 (000 §3.4.1): the plan is due the day after the customer
        confirmed the quote; handed in three days after, it is two days late —
        one ``purchase_plan_late`` event of who drew it up."""
        quote = self.ticket.quote_ids.filtered(lambda q: q.state == "confirmed")
        quote.sudo()._transition_write(
            {"confirmed_at": fields.Datetime.now() - timedelta(days=3)}
        )
        plan = (
            self.env["after_sales.purchase.plan"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.fan.id,
                                "model": "FM-220",
                                "specification": "220 V",
                            }
                        )
                    ],
                }
            )
        )
        plan.action_submit()
        event = self.env["after_sales.performance.event"].search(
            [("kind", "=", "purchase_plan_late"), ("res_id", "=", plan.id)]
        )
        self.assertEqual(event.quantity, 2)
        self.assertEqual(event.user_id, self.engineer)

    def test_replaced_part_taken_back_is_not_company_value(self):
        """R-PRT-6: a replaced part the customer leaves is received into the
        defective-parts location, owned by the customer — the company's stock
        value does not change; one handed back to the customer is just recorded."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        requisition.action_issue()
        parts = (
            self.env["after_sales.replaced.part"]
            .with_user(self.engineer)
            .create(
                [
                    {
                        "requisition_id": requisition.id,
                        "product_id": self.fan.id,
                        "disposition": "taken_back",
                        "supplier_id": self.customer.id,
                    },
                    {
                        "requisition_id": requisition.id,
                        "product_id": self.fan.id,
                        "disposition": "customer",
                    },
                ]
            )
        )
        with self.assertRaises(AccessError):
            parts[0].with_user(self.engineer).action_take_back()
        parts[0].with_user(self.keeper).action_take_back()
        picking = parts[0].sudo().picking_id
        self.assertEqual(picking.state, "done")
        defective = self.wh.after_sales_defective_location_id
        quant = self.env["stock.quant"].search(
            [("location_id", "=", defective.id), ("product_id", "=", self.fan.id)]
        )
        self.assertEqual(quant.owner_id, self.ticket.commercial_partner_id)
        self.assertFalse(picking.move_ids.stock_valuation_layer_ids)
        with self.assertRaises(UserError):
            parts[1].with_user(self.keeper).action_take_back()

    def test_roles(self):
        """R-PRT-1, SPEC §0: engineers request, supervisors approve (never their
        own), warehouse keepers issue; nobody else — refused in the model."""
        requisition = self._requisition([{"product_id": self.fan.id, "quantity": 1}])
        with self.assertRaises(AccessError):
            self._requisition(
                [{"product_id": self.fan.id, "quantity": 1}], user=self.keeper
            )
        with self.assertRaises(AccessError):
            requisition.with_user(self.engineer_2).action_request()
        requisition.action_request()
        with self.assertRaises(AccessError):
            requisition.with_user(self.engineer).action_approve()
        with self.assertRaises(AccessError):
            requisition.with_user(self.keeper).action_approve()
        own = self._requisition(
            [{"product_id": self.fan.id, "quantity": 1}], user=self.supervisor
        )
        own.with_user(self.supervisor).action_request()
        with self.assertRaises(AccessError):
            own.with_user(self.supervisor).action_approve()
        requisition.with_user(self.supervisor).action_approve()
        with self.assertRaises(AccessError):
            requisition.with_user(self.supervisor).action_issue()
        with self.assertRaises(AccessError):
            requisition.with_user(self.engineer).action_issue()
        with self.assertRaises(AccessError):
            requisition.with_user(self.engineer).write({"state": "issued"})
        requisition.with_user(self.keeper).action_issue()
        self.assertEqual(requisition.state, "issued")

    def test_charge_changed_only_by_a_supervisor_with_a_reason(self):
        """R-PRT-1: chargeable/free follows the warranty determination; only a
        supervisor changes it, with a reason that stays in the chatter."""
        requisition = self._requisition([{"product_id": self.fan.id, "quantity": 1}])
        line = requisition.line_ids
        self.assertEqual(line.chargeable, not line.warranty_free)
        with self.assertRaises(AccessError):
            line.with_user(self.engineer).write(
                {"chargeable": not line.chargeable, "charge_reason": "goodwill"}
            )
        with self.assertRaises(UserError):
            line.with_user(self.supervisor).write({"chargeable": not line.chargeable})
        line.with_user(self.supervisor).write(
            {"chargeable": not line.chargeable, "charge_reason": "Strategic customer"}
        )
        self.assertIn("Strategic customer", requisition.message_ids[0].body)

    def test_bad_input(self):
        """R-X-4, R-X-2: a quantity ≤ 0 (ORM and SQL), a requisition on a closed
        request, issuing a cancelled one, returning more than issued, a part or a
        warehouse of another company: a clear error and nothing changed."""
        with self.assertRaises(ValidationError):
            self._requisition([{"product_id": self.fan.id, "quantity": 0}])
        requisition = self._requisition([{"product_id": self.fan.id, "quantity": 1}])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE after_sales_parts_requisition_line SET quantity = -1 "
                    "WHERE id = %s",
                    [requisition.line_ids.id],
                )
        with self.assertRaises(ValidationError):
            requisition.line_ids.write({"quantity": -2})
        requisition.action_request()
        requisition.with_user(self.supervisor).action_approve()
        self.env["after_sales.parts.requisition.cancel"].with_user(self.keeper).create(
            {"requisition_id": requisition.id, "reason": "Customer fixed it"}
        ).action_cancel()
        with self.assertRaises(UserError):
            requisition.with_user(self.keeper).action_issue()
        self.assertEqual(self._qty(self.fan, self.stock), 10)
        issued = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        issued.action_issue()
        with self.assertRaises(UserError):
            issued._do_move_parts("return", {issued.line_ids: 2})
        self.assertEqual(self._qty(self.fan, self.stock), 9)
        closed = self._create_ticket(name="Closed")
        closed.stage_id = self.stage_done
        with self.assertRaises(UserError):
            self._requisition(
                [{"product_id": self.fan.id, "quantity": 1}], ticket_id=closed.id
            )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_part = self.env["product.product"].create(
            {
                "name": "Other Co part",
                "is_storable": True,
                "company_id": other_company.id,
            }
        )
        with self.assertRaises(UserError):
            self._requisition(
                [{"product_id": foreign_part.id, "quantity": 1}], user=self.supervisor
            )
        other_wh = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        with self.assertRaises(UserError):
            self._requisition(
                [{"product_id": self.fan.id, "quantity": 1}],
                user=self.supervisor,
                warehouse_id=other_wh.id,
            )


@tagged("post_install", "-at_install")
class TestPartsGates(PartsCase):
    """R-APR-3, R-ACC-2: the parts wait for the sign-off and the quote."""

    def test_chargeable_parts_wait_for_the_quote(self):
        """R-ACC-2: a chargeable part of a request whose quote the customer has
        not confirmed is not issued, nor bought; once confirmed it is."""
        ticket = self._create_ticket(name="No quote yet")
        requisition = self._approved(
            [{"product_id": self.fan.id, "quantity": 1}], ticket_id=ticket.id
        )
        line = requisition.line_ids
        if not line.chargeable:
            line.with_user(self.supervisor).write(
                {"chargeable": True, "charge_reason": "Customer damage"}
            )
        with self.assertRaisesRegex(UserError, "quote"):
            requisition.action_issue()
        self.assertFalse(requisition.picking_ids)
        self.assertEqual(self._qty(self.fan, self.stock), 10)
        self._confirm_quote(ticket)
        requisition.action_issue()
        self.assertEqual(requisition.state, "issued")

    def test_goodwill_parts_wait_for_the_signatures(self):
        """R-APR-3: a part given free that the warranty does not cover waits for
        the approved responsibility determination; its amount caps what is given:
        more needs a new determination."""
        ticket = self._create_ticket(name="Goodwill")
        requisition = self._requisition(
            [
                {
                    "product_id": self.fan.id,
                    "quantity": 1,
                    "chargeable": False,
                    "charge_reason": "Strategic customer",
                }
            ],
            user=self.supervisor,
            ticket_id=ticket.id,
        )
        line = requisition.line_ids
        self.assertFalse(line.warranty_free, "the warranty does not cover it")
        requisition.with_user(self.supervisor).action_request()
        requisition.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "determination"):
            requisition.with_user(self.keeper).action_issue()
        self.assertEqual(self._qty(self.fan, self.stock), 10)
        determination = self.env["after_sales.responsibility"].create(
            {"ticket_id": ticket.id, "cause": "Goodwill", "amount": 50.0}
        )
        determination._do_submit()
        for signer in (self.supervisor, self.manager):
            determination.with_user(signer)._do_sign(True, "OK")
        self.assertEqual(determination.state, "approved")
        requisition.with_user(self.keeper).action_issue()
        self.assertEqual(requisition.state, "issued")
        more = self._requisition(
            [
                {
                    "product_id": self.fan.id,
                    "quantity": 1,
                    "chargeable": False,
                    "charge_reason": "Strategic customer",
                }
            ],
            user=self.supervisor,
            ticket_id=ticket.id,
        )
        more.with_user(self.supervisor).action_request()
        more.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "new determination"):
            more.with_user(self.keeper).action_issue()


@tagged("post_install", "-at_install")
class TestPartsArrivalNotice(PartsCase):
    """Issue 24, R-PRT-4: parts that arrive give each engineer one to-do a day
    listing the requests, written in bulk, in the engineer's language."""

    def test_arrivals_of_a_day_make_one_todo(self):
        """R-PRT-4, issue 24: plans of two requests arriving together, and a
        third later the same day, give the engineer one digest and one to-do
        "Parts arrived for N requests" (N follows), due the next day; "Open the
        List" shows the requests; the plans get no to-do and no follower."""
        ticket_2 = self._create_ticket()
        ticket_3 = self._create_ticket()
        for ticket in ticket_2 | ticket_3:
            self._confirm_quote(ticket)
        plans = self._draft_plans(self.ticket | ticket_2)
        late = self._draft_plans(ticket_3)
        (plans | late).with_user(self.engineer).action_submit()
        (plans | late).with_user(self.manager).action_confirm()
        followers = (plans | late).message_partner_ids
        plans.with_user(self.keeper).action_record_arrival()
        digest = self._arrival_digests(plans)
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.arrival_plan_ids, plans)
        todo = digest.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.engineer)
        self.assertEqual(
            todo.summary,
            "Parts arrived for 2 requests: visit the customers tomorrow",
        )
        self.assertEqual(todo.date_deadline, digest.day + timedelta(days=1))
        late.with_user(self.keeper).action_record_arrival()
        self.assertEqual(self._arrival_digests(late), digest)
        self.assertEqual(digest.activity_ids, todo)
        self.assertEqual(
            todo.summary,
            "Parts arrived for 3 requests: visit the customers tomorrow",
        )
        self.assertEqual(digest.with_user(self.engineer).request_count, 3)
        self.assertIn(ticket_3.display_name, digest.summary)
        action = digest.with_user(self.engineer).action_open_items()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        shown = (
            self.env["helpdesk.ticket"]
            .with_user(self.engineer)
            .search(action["domain"])
        )
        self.assertEqual(shown, self.ticket | ticket_2 | ticket_3)
        self.assertFalse((plans | late).activity_ids)
        self.assertEqual((plans | late).message_partner_ids, followers)
        # The engineer does it: the next arrival of the day gives a new to-do.
        todo.with_user(self.engineer).action_feedback(feedback="Visits planned")
        more = self._draft_plans(self.ticket)
        more._notify_arrival(fields.Datetime.now())
        self.assertEqual(len(digest.activity_ids), 1)
        self.assertNotEqual(digest.activity_ids, todo)

    def test_arrival_todo_in_the_engineers_language(self):
        """R-PRT-4, issue 24: the to-do reads in the engineer's language, not in
        the language of the warehouse keeper who recorded the arrival."""
        self._load_chinese()
        self.engineer.lang = "zh_CN"
        plans = self._draft_plans(self.ticket)
        plans.with_user(self.keeper).with_context(lang="en_US")._notify_arrival(
            fields.Datetime.now()
        )
        todo = self._arrival_digests(plans).activity_ids
        self.assertEqual(todo.summary, "1 张服务单的配件已到货：请于次日上门服务客户")

    def test_arrival_notice_queries_do_not_grow(self):
        """R-PRT-4, issue 24: telling the engineers of 1 and of 20 arrived plans
        (of two engineers) costs the same queries: one digest search, one
        create, one INSERT of the items, one create of the to-dos."""
        ticket_2 = self._create_ticket(user_id=self.engineer_2.id)
        Log = self.env["after_sales.work.log"]
        today = Log._after_sales_today(self.company)
        Digest = self.env["after_sales.notice.digest"]

        def count(plans, days):
            # A day of its own each time: every run makes new digests.
            moment = fields.Datetime.now() + timedelta(days=days)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            plans._notify_arrival(moment)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        count(self._draft_plans(self.ticket), 1)  # warm the caches
        one = count(self._draft_plans(self.ticket), 2)
        twenty = count(self._draft_plans(self.ticket | ticket_2, 20), 3)
        self.assertEqual(one, twenty)
        digests = Digest.search(
            [
                ("kind", "=", "parts_arrival"),
                ("day", "=", today + timedelta(days=3)),
            ]
        )
        self.assertEqual(digests.user_id, self.engineer | self.engineer_2)
        self.assertEqual(digests.mapped("item_count"), [10, 10])
        self.assertEqual(len(digests.activity_ids), 2)
        self.assertFalse(digests.message_follower_ids)


@tagged("post_install", "-at_install")
class TestPartsQueries(PartsCase):
    """DESIGN §7: issuing a requisition of N lines costs Odoo's own picking
    validation plus a bounded number of queries that does not grow with N."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parts = cls.env["product.product"].create(
            [
                {"name": f"Part {n}", "is_storable": True, "standard_price": 5.0}
                for n in range(60)
            ]
        )
        for part in cls.parts:
            cls.env["stock.quant"]._update_available_quantity(part, cls.stock, 100)
        cls._confirm_quote(cls.ticket, dict.fromkeys(cls.parts, 1))

    def _count(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _plain_issue(self, parts):
        """Odoo alone: the same picking, reserved and validated."""
        wh = self.wh
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": wh.after_sales_issue_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": wh.after_sales_consumption_location_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": part.name,
                            "product_id": part.id,
                            "product_uom": part.uom_id.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": (
                                wh.after_sales_consumption_location_id.id
                            ),
                        }
                    )
                    for part in parts
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()

    def _overhead(self, parts):
        requisition = self._approved(
            [{"product_id": part.id, "quantity": 1} for part in parts]
        )
        ours = self._count(requisition.action_issue)
        self.assertEqual(requisition.state, "issued")
        plain = self._count(lambda: self._plain_issue(parts))
        return ours - plain

    def test_issue_overhead_does_not_grow_with_lines(self):
        """R-PRT-2, DESIGN §7: the addon's queries on top of Odoo's validation are
        bounded, and the same for 1 line and for 30."""
        one = self._overhead(self.parts[:1])
        thirty = self._overhead(self.parts[30:60])
        _logger.info("issue overhead: 1 line %s queries, 30 lines %s", one, thirty)
        self.assertLessEqual(one, 60)
        self.assertLessEqual(thirty - one, 10)


@tagged("post_install", "-at_install")
class TestPartsReports(PartsCase):
    """R-PRT-5: the parts documents print in Chinese with every copy's role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()

    def _html(self, xmlid, records, lang="zh_CN"):
        report = self.env.ref(xmlid).with_context(lang=lang)
        html, _type = report._render_qweb_html(report.report_name, records.ids)
        return html.decode()

    def test_issue_note_in_four_copies(self):
        """R-PRT-5 (003 出库单): four copies — invoicing clerk, warehouse keeper,
        accounts office, customer — with the parts, their cost and the request."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 2}])
        requisition.action_issue()
        html = self._html(
            "after_sales_service.parts_picking_report_action", requisition.picking_ids
        )
        self.assertEqual(html.count('class="o_copy_label"'), 4)
        for text in ("出库单", "开票员", "库管员", "财会室", "用户", "Fan Motor"):
            self.assertIn(text, html)
        self.assertIn(self.ticket.number, html)
        self.assertIn("100.00", html)  # 2 × 50.00 at the valuation's cost
        requisition_html = self._html(
            "after_sales_service.parts_requisition_report_action", requisition
        )
        self.assertIn("领料单", requisition_html)
        self.assertEqual(requisition_html.count('class="o_copy_label"'), 3)

    def test_transfer_note_in_five_copies(self):
        """R-PRT-5 (003 调拨单): a transfer between service points prints five
        copies: materials accountant, warehouse keeper, accountant, receiving
        unit, finance department."""
        second = self.env["stock.warehouse"].create({"name": "Branch", "code": "BR"})
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh.after_sales_transfer_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": second.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "fan",
                            "product_id": self.fan.id,
                            "product_uom": self.fan.uom_id.id,
                            "product_uom_qty": 3,
                            "location_id": self.stock.id,
                            "location_dest_id": second.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self._qty(self.fan, second.lot_stock_id), 3)
        html = self._html("after_sales_service.parts_picking_report_action", picking)
        self.assertEqual(html.count('class="o_copy_label"'), 5)
        for text in (
            "调拨单",
            "材料会计",
            "库管员",
            "会计员",
            "调入单位",
            "财务会计部",
        ):
            self.assertIn(text, html)

    def test_receipt_note(self):
        """R-PRT-5 (入库单): a receipt of parts prints as a receipt note with its
        copies."""
        suppliers = self.env.ref("stock.stock_location_suppliers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh.in_type_id.id,
                "location_id": suppliers.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "fan",
                            "product_id": self.fan.id,
                            "product_uom": self.fan.uom_id.id,
                            "product_uom_qty": 5,
                            "location_id": suppliers.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                ],
            }
        )
        html = self._html("after_sales_service.parts_picking_report_action", picking)
        self.assertIn("入库单", html)
        self.assertEqual(html.count('class="o_copy_label"'), 3)

    def test_purchase_plan_prints_model_and_specification(self):
        """R-PRT-4, R-PRT-5: the purchase plan prints its parts with model and
        specification, in Chinese."""
        plan = self.env["after_sales.purchase.plan"].create(
            {
                "ticket_id": self.ticket.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.fan.id,
                            "model": "FM-220",
                            "specification": "220 V 60 W",
                        }
                    )
                ],
            }
        )
        html = self._html("after_sales_service.purchase_plan_report_action", plan)
        for text in ("售后采购计划单", "FM-220", "220 V 60 W", "型号", "规格"):
            self.assertIn(text, html)


@tagged("post_install", "-at_install")
class TestPartsPdf(HttpCase, PartsCase):
    """An HttpCase: wkhtmltopdf fetches the report assets from the test server."""

    def test_issue_note_pdf_renders(self):
        """R-PRT-5, R-X-1: the issue note renders as a real PDF."""
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state not in ("ok", "upgrade"):
            self.skipTest(f"wkhtmltopdf is {state} on this machine")
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        requisition.action_issue()
        report = self.env.ref("after_sales_service.parts_picking_report_action")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(report.report_name, requisition.picking_ids.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
