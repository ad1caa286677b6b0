# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import AfterSalesCase

NOW = "2026-11-03 02:00:00"  # Tuesday 10:00 in Shanghai


@tagged("post_install", "-at_install")
class TestDispatchIntake(AfterSalesCase):
    """R-IN-4: a request registered by someone who does not do the job (a clerk, a
    supervisor) starts unassigned, so the rotation or the supervisor dispatches it
    (issue 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env["after_sales.dispatch.member"].create(
            {"team_id": cls.team.id, "user_id": cls.engineer.id}
        )
        cls.env["hr.employee"].search([("user_id", "=", cls.engineer.id)]).ensure_one()

    def _register(self, user, **vals):
        """The request as the form registers it: no engineer chosen."""
        values = {
            "name": "Air conditioner does not cool",
            "description": "<p>Outdoor fan does not turn.</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "service_type_id": self.type_repair.id,
            "product_id": self.product.id,
            "lot_id": self.lot.id,
            "registered_at": fields.Datetime.now(),
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].with_user(user).create(values)

    def _engineer_on_leave(self):
        employee = self.env["hr.employee"].search([("user_id", "=", self.engineer.id)])
        now = fields.Datetime.now()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": employee.resource_id.id,
                "calendar_id": employee.resource_calendar_id.id,
                "date_from": now - timedelta(hours=3),
                "date_to": now + timedelta(hours=5),
            }
        )

    @freeze_time(NOW)
    def test_clerk_registers_rotation_dispatches(self):
        """R-IN-4: the clerk's call goes to the rotation, not to the clerk."""
        self.team.dispatch_round_robin = True
        ticket = self._register(self.clerk)
        self.assertEqual(ticket.user_id, self.engineer)
        self.assertEqual(self.team.dispatch_last_member_id, self.member)

    @freeze_time(NOW)
    def test_clerk_registers_unassigned_supervisor_dispatches(self):
        """R-IN-4: when nobody is free the clerk's call waits unassigned and the
        supervisor's Dispatch button shows on it."""
        self.team.dispatch_round_robin = True
        self._engineer_on_leave()
        ticket = self._register(self.clerk)
        self.assertFalse(ticket.user_id)
        self.assertTrue(ticket.with_user(self.supervisor).can_dispatch)

    def test_clerk_registers_by_hand_team_unassigned(self):
        """R-IN-4: on a team that dispatches by hand the clerk's call waits for the
        supervisor, unassigned (and the form proposes no one)."""
        self.team.dispatch_round_robin = False
        ticket = self._register(self.clerk)
        self.assertFalse(ticket.user_id)
        defaults = (
            self.env["helpdesk.ticket"]
            .with_user(self.clerk)
            .with_context(default_team_id=self.team.id)
            .default_get(["user_id"])
        )
        self.assertFalse(defaults.get("user_id"))

    @freeze_time(NOW)
    def test_supervisor_registers_rotation_dispatches(self):
        """R-IN-4: a supervisor taking a call does not take the job."""
        self.team.dispatch_round_robin = True
        ticket = self._register(self.supervisor)
        self.assertEqual(ticket.user_id, self.engineer)

    def test_engineer_registers_own_call(self):
        """R-IN-4: an engineer who takes a call on their own phone keeps it."""
        self.team.dispatch_round_robin = True
        ticket = self._register(self.engineer_2)
        self.assertEqual(ticket.user_id, self.engineer_2)

    def test_clerk_chooses_engineer(self):
        """R-IN-4: an engineer chosen explicitly by the clerk stays."""
        self.team.dispatch_round_robin = True
        ticket = self._register(self.clerk, user_id=self.engineer_2.id)
        self.assertEqual(ticket.user_id, self.engineer_2)

    def test_clerk_cannot_resolve_own_registration_by_phone(self):
        """R-IN-5: the clerk who registered the call cannot close it as resolved
        by phone; nothing changes."""
        self.team.dispatch_round_robin = False
        ticket = self._register(self.clerk)
        with self.assertRaises(AccessError):
            ticket.with_user(self.clerk).action_resolve_by_phone()
        self.assertFalse(ticket.resolution_kind)
        self.assertFalse(ticket.closed)


@tagged("post_install", "-at_install")
class TestDispatchIntakeDemo(TransactionCase):
    """R-IN-4: the demo leaves the rotation usable: on the demo day a new request
    of the demo team finds an engineer (issue 20). Runs where the demo data is
    loaded, like tests/test_demo_books.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search(
            [("name", "=", "after_sales_service")]
        )
        if not module.demo:
            cls.skipTest(cls, "installed without demo data")
        cls.company = cls.env.ref(
            "after_sales_service.company_demo", raise_if_not_found=False
        )
        assert cls.company, "the demo data of after_sales_service did not load"

    def _ref(self, xmlid):
        return self.env.ref(f"after_sales_service.{xmlid}")

    def test_demo_rotation_finds_engineer(self):
        """R-IN-4: the demo clerk registers a call; the rotation finds 李强 or 周杰,
        and the supervisor's Dispatch on another call finds one too."""
        team = self._ref("team_after_sales")
        self.assertTrue(team.dispatch_round_robin)
        clerk = self._ref("user_clerk")
        env = self.env(
            user=clerk,
            context=dict(
                self.env.context,
                allowed_company_ids=[self.company.id],
            ),
        )
        engineers = self._ref("user_engineer") | self._ref("user_engineer_2")
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "空调不制冷",
                "company_id": self.company.id,
                "team_id": team.id,
                "partner_id": self._ref("partner_hospital").id,
                "service_type_id": self._ref("service_type_repair").id,
                "product_id": self._ref("product_air_conditioner").id,
                "fault_description": "开机后不制冷",
                "distance_zone": "near",
            }
        )
        self.assertIn(ticket.user_id, engineers, ticket.message_ids.mapped("body"))
        waiting = self._ref("ticket_complaint_waiting")
        if not waiting.user_id and not waiting.closed:
            waiting.with_user(self._ref("user_supervisor")).with_context(
                allowed_company_ids=[self.company.id]
            ).action_dispatch()
            self.assertIn(waiting.user_id, engineers)
