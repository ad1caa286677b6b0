# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the quote and the sign-off really open (issue 18).

The gates of the parts were found open over JSON-RPC on the demo database: a
confirmed quote for 1.00 yuan of labour let every chargeable part of the request
go, and a part of cost 0 passed both gates. The warehouse keeper issues here
over ``/web/dataset/call_kw`` as in the reproduction."""

import base64
from datetime import datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .test_parts import PartsCase

USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestSignoffTrust(JsonRpcMixin, HttpCase, PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.after_sales_signoff_threshold = 100.0
        cls.gasket = cls.env["product.product"].create(
            {"name": "Door Gasket", "is_storable": True, "standard_price": 0.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.gasket, cls.stock, 10)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _rpc(self, login, model, method, args):
        """``(result, error data)`` of ``model.method(*args)`` as ``login``."""
        return self._call_kw(login, model, method, args)

    def _issue_rpc(self, requisition):
        return self._rpc(
            "t_warehouse",
            "after_sales.parts.requisition",
            "action_issue",
            [requisition.ids],
        )

    def _quote(self, ticket, lines):
        """A quote of ``lines`` (kind, product, quantity, unit cost) the customer
        confirmed by phone."""
        quote = self.env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "tax_id": False,
                "line_ids": [
                    Command.create(
                        {
                            "kind": kind,
                            "product_id": product.id if product else False,
                            "name": product.name if product else kind,
                            "quantity": quantity,
                            "unit_cost": cost,
                        }
                    )
                    for kind, product, quantity, cost in lines
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

    def _chargeable(self, ticket, product, quantity):
        requisition = self._approved(
            [{"product_id": product.id, "quantity": quantity}], ticket_id=ticket.id
        )
        line = requisition.line_ids
        if not line.chargeable:
            line.with_user(self.supervisor).write(
                {"chargeable": True, "charge_reason": "Customer damage"}
            )
        return requisition

    def _goodwill(self, ticket, product, quantity):
        requisition = self._requisition(
            [
                {
                    "product_id": product.id,
                    "quantity": quantity,
                    "chargeable": False,
                    "charge_reason": "Strategic customer",
                }
            ],
            user=self.supervisor,
            ticket_id=ticket.id,
        )
        requisition.with_user(self.supervisor).action_request()
        requisition.with_user(self.manager).action_approve()
        self.assertFalse(requisition.line_ids.warranty_free)
        return requisition.with_user(self.keeper)

    def _determination(self, ticket, amount, **vals):
        return (
            self.env["after_sales.responsibility"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "cause": "Goodwill",
                    "responsible_party": "customer",
                    "justification": "hardship",
                    "amount": amount,
                    **vals,
                }
            )
        )

    def _approve(self, determination):
        determination.sudo()._do_submit()
        for signer in (self.supervisor, self.manager):
            determination.with_user(signer)._do_sign(True, "OK")
        self.assertEqual(determination.state, "approved")
        return determination

    def _approved_determination(self, ticket, amount, **vals):
        return self._approve(self._determination(ticket, amount, **vals))

    # ------------------------------------------------------------------
    # Item 1: the quote unlocks what it priced, nothing more
    # ------------------------------------------------------------------

    def test_quote_unlocks_only_the_parts_it_priced(self):
        """R-ACC-2: a confirmed quote for 1.00 yuan of labour does not let five
        fans worth 250.00 go over JSON-RPC; the message names the part and
        nothing is issued."""
        ticket = self._create_ticket(name="One yuan quote")
        self._quote(ticket, [("labour", None, 1, 1.0)])
        requisition = self._chargeable(ticket, self.fan, 5)
        _result, error = self._issue_rpc(requisition)
        self.assertEqual(error and error["name"], USER_ERROR, error)
        self.assertIn("Fan Motor", error["message"])
        self.env.invalidate_all()
        self.assertFalse(requisition.picking_ids)
        self.assertEqual(requisition.line_ids.quantity_issued, 0)
        self.assertEqual(self._qty(self.fan, self.stock), 10)

    def test_quote_caps_the_quantity_over_the_request(self):
        """R-ACC-2: the quoted quantity caps the chargeable part summed over the
        request's issued lines: 2 fans quoted, 2 go, a third is refused (over
        JSON-RPC, naming the part); a part taken back may go again."""
        ticket = self._create_ticket(name="Two fans quoted")
        self._quote(ticket, [("parts", self.fan, 2, 50.0), ("labour", None, 1, 80)])
        five = self._chargeable(ticket, self.fan, 5)
        _result, error = self._issue_rpc(five)
        self.assertEqual(error and error["name"], USER_ERROR, error)
        self.assertIn("Fan Motor", error["message"])
        two = self._chargeable(ticket, self.fan, 2)
        _result, error = self._issue_rpc(two)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(two.line_ids.quantity_issued, 2)
        third = self._chargeable(ticket, self.fan, 1)
        _result, error = self._issue_rpc(third)
        self.assertEqual(error and error["name"], USER_ERROR, error)
        self.assertIn("Fan Motor", error["message"])
        self.env.invalidate_all()
        self.assertEqual(self._qty(self.fan, self.stock), 8)
        # One fan back to the warehouse: one may go again.
        wizard = (
            self.env["after_sales.parts.move.wizard"]
            .with_user(self.keeper)
            .with_context(default_requisition_id=two.id, default_kind="return")
            .create({})
        )
        wizard.line_ids.quantity = 1
        wizard.action_confirm()
        _result, error = self._issue_rpc(third)
        self.assertFalse(error, error)

    def test_purchase_of_a_part_the_quote_does_not_price(self):
        """R-ACC-2, R-PRT-4: the department manager does not confirm a purchase
        plan for a chargeable part the confirmed quote does not price (cost 0
        or not), nor for more than it prices."""
        ticket = self._create_ticket(name="Buy what is quoted")
        self._quote(ticket, [("parts", self.fan, 2, 50.0)])
        plan = (
            self.env["after_sales.purchase.plan"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": quantity,
                                "model": "M",
                                "specification": "S",
                            }
                        )
                        for product, quantity in ((self.gasket, 1), (self.fan, 3))
                    ],
                }
            )
        )
        self.assertTrue(all(plan.line_ids.mapped("chargeable")))
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "Door Gasket") as refusal:
            plan.with_user(self.manager).action_confirm()
        self.assertIn("Fan Motor", str(refusal.exception))
        self.assertEqual(plan.state, "submitted")

    # ------------------------------------------------------------------
    # Item 2: a part of cost 0 passes neither gate
    # ------------------------------------------------------------------

    def test_zero_cost_chargeable_part_needs_the_quote(self):
        """R-ACC-2: a chargeable part of cost 0 waits for the confirmed quote
        that prices it, like any other."""
        ticket = self._create_ticket(name="Free gasket?")
        requisition = self._chargeable(ticket, self.gasket, 1)
        _result, error = self._issue_rpc(requisition)
        self.assertEqual(error and error["name"], USER_ERROR, error)
        self.assertIn("quote", error["message"])
        self._quote(ticket, [("parts", self.gasket, 1, 0.0), ("labour", None, 1, 80)])
        _result, error = self._issue_rpc(requisition)
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(requisition.line_ids.quantity_issued, 1)

    def test_zero_cost_free_part_needs_the_determination(self):
        """R-APR-3: a part given free (not covered by the warranty) of cost 0
        waits for the approved responsibility determination."""
        ticket = self._create_ticket(name="Goodwill gasket")
        requisition = self._goodwill(ticket, self.gasket, 1)
        _result, error = self._issue_rpc(requisition)
        self.assertEqual(error and error["name"], USER_ERROR, error)
        self.assertIn("determination", error["message"])
        self.env.invalidate_all()
        self.assertFalse(requisition.picking_ids)
        # The request has no cost but a free part: a determination may be made.
        self._approved_determination(ticket, 10.0)
        _result, error = self._issue_rpc(requisition)
        self.assertFalse(error, error)

    def test_de_minimis_amount(self):
        """R-APR-3, R-APR-4: the company's de-minimis amount (default 0: every
        free part needs a determination) lets free parts worth no more than it
        go without one; above it they wait."""
        self.assertEqual(self.company.after_sales_signoff_de_minimis, 0.0)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.after_sales_signoff_de_minimis, 0.0)
        settings.after_sales_signoff_de_minimis = 60.0
        settings.execute()
        self.assertEqual(self.company.after_sales_signoff_de_minimis, 60.0)
        ticket = self._create_ticket(name="Small goodwill")
        one = self._goodwill(ticket, self.fan, 1)  # 50.00
        one.action_issue()
        self.assertEqual(one.line_ids.quantity_issued, 1)
        # Another fan: 100.00 of free parts on the request, above 60.00.
        another = self._goodwill(ticket, self.fan, 1)
        with self.assertRaisesRegex(UserError, "determination"):
            another.action_issue()
        self.assertEqual(another.line_ids.quantity_issued, 0)
        # Back to 0: even the small one waits.
        self.company.after_sales_signoff_de_minimis = 0.0
        small = self._goodwill(self._create_ticket(name="Zero"), self.fan, 1)
        with self.assertRaisesRegex(UserError, "determination"):
            small.action_issue()
        with self.assertRaises(ValidationError):
            self.company.after_sales_signoff_de_minimis = -1.0

    # ------------------------------------------------------------------
    # Item 4: the service date of a determination is not in the future
    # ------------------------------------------------------------------

    def test_service_date_not_in_the_future(self):
        """R-APR-1, R-X-4: a determination covers a service done: a service date
        after today (company time zone) is refused, today is allowed."""
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        ticket = self._create_ticket(name="Future service")
        self._quote(ticket, [("labour", None, 1, 80.0)])
        Determination = self.env["after_sales.responsibility"].with_user(self.engineer)
        vals = {
            "ticket_id": ticket.id,
            "cause": "Goodwill",
            "responsible_party": "customer",
            "justification": "hardship",
            "amount": 80.0,
        }
        # 20:00 UTC on 1 March is 04:00 on 2 March in Shanghai.
        with freeze_time(datetime(2026, 3, 1, 20, 0)):
            with self.assertRaises(ValidationError):
                Determination.create(
                    {**vals, "service_date": fields.Date.to_date("2026-03-31")}
                )
            with self.assertRaises(ValidationError):
                Determination.create(
                    {**vals, "service_date": fields.Date.to_date("2026-03-03")}
                )
            determination = Determination.create(
                {**vals, "service_date": fields.Date.to_date("2026-03-02")}
            )
            with self.assertRaises(ValidationError):
                determination.service_date = fields.Date.to_date("2026-03-03")
            self.assertEqual(str(determination.service_date), "2026-03-02")

    # ------------------------------------------------------------------
    # Item 5: the evidence of an approved determination stays
    # ------------------------------------------------------------------

    def test_evidence_of_approved_determination_stays(self):
        """R-APR-3, R-X-3: the requesting engineer cannot remove the evidence
        attached to an approved determination (the transition layer's
        attachment freeze)."""
        ticket = self._create_ticket(name="Evidence")
        self._quote(ticket, [("labour", None, 1, 80.0)])
        determination = self._determination(ticket, 80.0)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.engineer)
            .create(
                {
                    "name": "letter.png",
                    "datas": base64.b64encode(b"letter"),
                    "res_model": "after_sales.responsibility",
                    "res_id": determination.id,
                }
            )
        )
        self._approve(determination)
        # AccessError is a UserError: either refusal will do.
        with self.assertRaises(UserError):
            attachment.with_user(self.engineer).unlink()
        self.assertTrue(attachment.exists())
