# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AfterSalesCase

NOW = "2026-11-03 02:00:00"  # Tuesday 10:00 in Shanghai


@tagged("post_install", "-at_install")
class TestDispatch(AfterSalesCase):
    """R-IN-4: the supervisor dispatches; a team may dispatch by round-robin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer_3 = new_test_user(
            cls.env,
            "t_engineer3",
            groups="base.group_user,after_sales_service.group_engineer",
            name="Engineer 3",
        )
        cls.team.user_ids = [Command.link(cls.engineer_3.id)]
        cls.employee_2 = cls.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": cls.engineer_2.id}
        )
        cls.employee_3 = cls.env["hr.employee"].create(
            {"name": "Engineer 3", "user_id": cls.engineer_3.id}
        )
        Category = cls.env["product.category"]
        cls.categ_appliances = Category.create({"name": "Appliances"})
        cls.categ_ac = Category.create(
            {"name": "Air Conditioners", "parent_id": cls.categ_appliances.id}
        )
        cls.categ_network = Category.create({"name": "Network"})
        cls.product.categ_id = cls.categ_ac
        cls.other_product.categ_id = cls.categ_network
        Member = cls.env["after_sales.dispatch.member"]
        cls.member_1, cls.member_2, cls.member_3 = Member.create(
            [
                {"team_id": cls.team.id, "user_id": user.id, "sequence": sequence}
                for sequence, user in enumerate(
                    (cls.engineer, cls.engineer_2, cls.engineer_3)
                )
            ]
        )

    def _unassigned_ticket(self, **vals):
        """A request registered while the team dispatches by hand."""
        self.team.dispatch_round_robin = False
        return self._create_ticket(user_id=False, **vals)

    def _dispatch(self, ticket):
        self.team.dispatch_round_robin = True
        ticket.with_user(self.supervisor).action_dispatch()
        return ticket.user_id

    def _leave(self, employee):
        now = fields.Datetime.now()
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": employee.resource_id.id,
                "calendar_id": employee.resource_calendar_id.id,
                "date_from": now - timedelta(hours=3),
                "date_to": now + timedelta(hours=5),
            }
        )

    @freeze_time(NOW)
    def test_round_robin_order(self):
        """R-IN-4: in turn, with equal chances; the team keeps the pointer."""
        tickets = [self._unassigned_ticket() for _i in range(4)]
        assigned = [self._dispatch(ticket) for ticket in tickets]
        self.assertEqual(
            assigned, [self.engineer, self.engineer_2, self.engineer_3, self.engineer]
        )
        self.assertEqual(self.team.dispatch_last_member_id, self.member_1)
        self.assertTrue(tickets[0].assigned_date)

    @freeze_time(NOW)
    def test_skill_product_category(self):
        """R-IN-4: an engineer without the product's category (or a parent of it)
        is passed over and keeps the turn."""
        self.member_1.category_ids = self.categ_network
        self.member_2.category_ids = self.categ_appliances  # parent of AC
        ticket = self._unassigned_ticket()
        self.assertEqual(self._dispatch(ticket), self.engineer_2)
        self.assertTrue(self.member_1.owes_turn)
        router = self._unassigned_ticket(
            product_id=self.other_product.id, lot_id=self.other_lot.id
        )
        self.assertEqual(self._dispatch(router), self.engineer)
        self.assertFalse(self.member_1.owes_turn)

    @freeze_time(NOW)
    def test_skill_service_type(self):
        """R-IN-4: an engineer without the request's service type is passed over."""
        self.member_1.service_type_ids = self.type_commissioning
        ticket = self._unassigned_ticket(service_type_id=self.type_repair.id)
        self.assertEqual(self._dispatch(ticket), self.engineer_2)
        commissioning = self._unassigned_ticket(
            service_type_id=self.type_commissioning.id
        )
        self.assertEqual(self._dispatch(commissioning), self.engineer)

    @freeze_time(NOW)
    def test_skip_engineer_on_leave(self):
        """R-IN-4: an engineer whose resource has a calendar leave now is absent;
        the chatter says who was passed over and why."""
        self._leave(self.employee)
        ticket = self._unassigned_ticket()
        self.assertEqual(self._dispatch(ticket), self.engineer_2)
        self.assertIn("on leave", ticket.message_ids[:1].body)

    @freeze_time(NOW)
    def test_leave_over_or_ahead_does_not_count(self):
        """R-IN-4: only a leave covering the dispatch time makes one absent."""
        leave = self._leave(self.employee)
        leave.write(
            {
                "date_from": fields.Datetime.now() + timedelta(days=1),
                "date_to": fields.Datetime.now() + timedelta(days=2),
            }
        )
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer)

    @freeze_time(NOW)
    def test_skip_engineer_on_another_job(self):
        """R-IN-4: still out on a job (外出维修尚未返回) = leading or taking part in
        an in-progress record, or in a draft record planned to be under way now."""
        job = self._create_ticket(user_id=self.engineer.id)
        record = self._create_record(job)
        record.action_start()
        planned = self._create_record(
            self._create_ticket(user_id=self.engineer_3.id),
            user_id=self.supervisor.id,
            engineer_ids=[Command.set(self.employee_2.ids)],
            planned_arrival=fields.Datetime.now() - timedelta(hours=1),
        )
        ticket = self._unassigned_ticket()
        self.assertEqual(self._dispatch(ticket), self.engineer_3)
        self.assertTrue(self.member_1.owes_turn)
        self.assertTrue(self.member_2.owes_turn)
        self.assertIn("out on another job", ticket.message_ids[:1].body)
        # A draft planned earlier than its estimate no longer keeps anyone out.
        planned.planned_arrival = fields.Datetime.now() - timedelta(hours=3)
        record.write(self._confirm_values())
        record.action_done()
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer)

    @freeze_time(NOW)
    def test_skipped_engineer_keeps_the_turn(self):
        """R-IN-4: A is absent, B takes the job; when A is back A is first in line,
        then the rotation goes on after B."""
        leave = self._leave(self.employee)
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer_2)
        self.assertEqual(self.team.dispatch_last_member_id, self.member_2)
        leave.unlink()
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer)
        self.assertEqual(self.team.dispatch_last_member_id, self.member_2)
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer_3)

    @freeze_time(NOW)
    def test_nobody_available(self):
        """R-IN-4: nobody can take the request: a translated error, nothing
        changes."""
        for employee in (self.employee, self.employee_2, self.employee_3):
            self._leave(employee)
        ticket = self._unassigned_ticket()
        with self.assertRaises(UserError) as caught:
            self._dispatch(ticket)
        self.assertIn("Nobody in the dispatch rotation", str(caught.exception))
        self.assertFalse(ticket.user_id)
        self.assertFalse(self.team.dispatch_last_member_id)
        self.assertFalse(
            (self.member_1 | self.member_2 | self.member_3).filtered("owes_turn")
        )

    @freeze_time(NOW)
    def test_dispatch_button_supervisors_only(self):
        """R-IN-4: the supervisor dispatches; a clerk cannot press "Dispatch"."""
        ticket = self._unassigned_ticket()
        self.team.dispatch_round_robin = True
        with self.assertRaises(AccessError):
            ticket.with_user(self.clerk).action_dispatch()
        self.assertFalse(ticket.user_id)

    @freeze_time(NOW)
    def test_dispatch_needs_a_round_robin_team_and_no_engineer(self):
        """R-IN-4: the button only dispatches unassigned requests of round-robin
        teams."""
        ticket = self._unassigned_ticket()
        with self.assertRaises(UserError) as caught:
            ticket.with_user(self.supervisor).action_dispatch()
        self.assertIn("does not dispatch by round-robin", str(caught.exception))
        self.team.dispatch_round_robin = True
        assigned = self._create_ticket(user_id=self.engineer_3.id)
        with self.assertRaises(UserError) as caught:
            assigned.with_user(self.supervisor).action_dispatch()
        self.assertIn("already assigned to", str(caught.exception))
        self.assertEqual(assigned.user_id, self.engineer_3)

    @freeze_time(NOW)
    def test_automatic_dispatch_on_create(self):
        """R-IN-4: a new request of a round-robin team without an engineer is
        dispatched; one with an engineer keeps the supervisor's choice."""
        self.team.dispatch_round_robin = True
        ticket = self._create_ticket(user=self.clerk, user_id=False)
        self.assertEqual(ticket.user_id, self.engineer)
        chosen = self._create_ticket(user_id=self.engineer_3.id)
        self.assertEqual(chosen.user_id, self.engineer_3)
        self.assertEqual(self.team.dispatch_last_member_id, self.member_1)

    @freeze_time(NOW)
    def test_automatic_dispatch_nobody_available(self):
        """R-IN-4: on creation, nobody available leaves the request unassigned
        with a note for the supervisor, and no error."""
        for employee in (self.employee, self.employee_2, self.employee_3):
            self._leave(employee)
        self.team.dispatch_round_robin = True
        ticket = self._create_ticket(user_id=False)
        self.assertFalse(ticket.user_id)
        self.assertIn("found nobody available", ticket.message_ids[:1].body)

    def test_member_once_per_team(self):
        """R-IN-4: an engineer appears once in a team's rotation."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["after_sales.dispatch.member"].create(
                {"team_id": self.team.id, "user_id": self.engineer.id}
            )

    def test_member_must_be_in_the_team(self):
        """R-IN-4: only team members enter the team's rotation."""
        with self.assertRaises(ValidationError) as caught:
            self.env["after_sales.dispatch.member"].create(
                {"team_id": self.team.id, "user_id": self.warehouse.id}
            )
        self.assertIn("is not a member of the team", str(caught.exception))
        self.assertEqual(len(self.team.dispatch_member_ids), 3)

    @freeze_time(NOW)
    def test_member_removed_from_team_is_passed_over(self):
        """R-IN-4: an engineer who left the team is no longer dispatched to."""
        self.team.user_ids = [Command.unlink(self.engineer.id)]
        self.assertEqual(self._dispatch(self._unassigned_ticket()), self.engineer_2)

    def test_supervisor_manages_rotation_engineer_reads(self):
        """R-IN-4: supervisors manage the rotation; engineers only read it."""
        self.member_1.with_user(self.supervisor).sequence = 99
        self.assertEqual(self.member_1.with_user(self.engineer).sequence, 99)
        with self.assertRaises(AccessError):
            self.member_1.with_user(self.engineer).sequence = 1
