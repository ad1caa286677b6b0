# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Parts, purchase plans, replaced parts, service records and the request's
registration time over JSON-RPC, as each role's browser or script calls them
(issue 18): what was handed in, approved, issued or taken back does not change
under a plain ``write``/``unlink``/``create``; the engineer's van works for the
engineer."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .test_parts import PartsCase


@tagged("post_install", "-at_install")
class TestPartsTrustRpc(JsonRpcMixin, HttpCase, PartsCase):
    def _rpc(self, login, model, method, args, kwargs=None):
        """``(result, error name)`` of ``model.method(*args)`` as ``login``."""
        result, error = self._call_kw(login, model, method, args, kwargs)
        return result, error and error["name"]

    def _assert_refused(self, login, model, method, args, kwargs=None):
        _result, error = self._rpc(login, model, method, args, kwargs)
        self.assertTrue(error, f"{login}: {model}.{method} was not refused")
        self.env.invalidate_all()

    def _plan(self, user=None, **vals):
        values = {
            "ticket_id": self.ticket.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.fan.id,
                        "quantity": 2,
                        "model": "FM-220",
                        "specification": "220 V",
                    }
                )
            ],
        }
        values.update(vals)
        return (
            self.env["after_sales.purchase.plan"]
            .with_user(user or self.engineer)
            .create(values)
        )

    def test_confirmed_plan_lines_frozen(self):
        """R-PRT-4, R-X-3: an engineer deleted lines of a confirmed purchase plan
        on the line model itself. A plan's parts change while it is a draft;
        handed in, only the department manager completes a model or a
        specification; confirmed, nothing — not its lines either."""
        plan = self._plan()
        plan.action_submit()
        line = plan.line_ids
        Line = "after_sales.purchase.plan.line"
        # Handed in: the engineer no longer changes the parts.
        self._assert_refused("t_engineer", Line, "write", [line.ids, {"quantity": 9}])
        self._assert_refused("t_engineer", Line, "unlink", [line.ids])
        self._assert_refused(
            "t_manager", Line, "write", [line.ids, {"product_id": self.board.id}]
        )
        _result, error = self._rpc(
            "t_manager", Line, "write", [line.ids, {"specification": "230 V"}]
        )
        self.assertFalse(error)
        plan.with_user(self.manager).action_confirm()
        for login in ("t_engineer", "t_supervisor", "t_manager"):
            with self.subTest(login=login):
                self._assert_refused(login, Line, "unlink", [line.ids])
                self._assert_refused(login, Line, "write", [line.ids, {"quantity": 9}])
                self._assert_refused(
                    login,
                    Line,
                    "create",
                    [{"plan_id": plan.id, "product_id": self.fan.id, "quantity": 1}],
                )
        self.assertTrue(line.exists())
        self.assertEqual(plan.line_ids, line)
        self.assertEqual(line.quantity, 2)
        self.assertEqual(line.specification, "230 V")

    def test_plan_requisition_fixed_once_handed_in(self):
        """R-PRT-4, R-X-3: a supervisor moved a handed-in plan to another
        requisition (the late-visit event then went to another engineer). The
        plan's requisition and request are fixed once it is handed in, and the
        requisition is always one of the plan's request."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        other_ticket = self._create_ticket(name="Second unit")
        other = self._requisition(
            [{"product_id": self.fan.id, "quantity": 1}], ticket_id=other_ticket.id
        )
        same_request = self._requisition([{"product_id": self.fan.id, "quantity": 1}])
        plan = self._plan(requisition_id=requisition.id)
        Plan = "after_sales.purchase.plan"
        # Never a requisition of another request, not even on a draft.
        self._assert_refused(
            "t_supervisor", Plan, "write", [plan.ids, {"requisition_id": other.id}]
        )
        plan.action_submit()
        for login in ("t_supervisor", "t_engineer", "t_manager"):
            with self.subTest(login=login):
                self._assert_refused(
                    login, Plan, "write", [plan.ids, {"requisition_id": other.id}]
                )
                self._assert_refused(
                    login,
                    Plan,
                    "write",
                    [plan.ids, {"requisition_id": same_request.id}],
                )
                self._assert_refused(
                    login,
                    Plan,
                    "write",
                    [plan.ids, {"ticket_id": other_ticket.id}],
                )
        self.assertEqual(plan.requisition_id, requisition)
        self.assertEqual(plan.ticket_id, self.ticket)

    def test_taken_back_part_frozen(self):
        """R-PRT-6, R-X-3: a replaced part taken back was deleted by an engineer
        and a supervisor, and the warehouse keeper rewrote the supplier the claim
        goes to. Once taken back, the part is neither deleted nor changed."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        requisition.action_issue()
        part = (
            self.env["after_sales.replaced.part"]
            .with_user(self.engineer)
            .create(
                {
                    "requisition_id": requisition.id,
                    "product_id": self.fan.id,
                    "disposition": "taken_back",
                    "supplier_id": self.customer.id,
                }
            )
        )
        part.with_user(self.keeper).action_take_back()
        supplier = self.env["res.partner"].create({"name": "Another Supplier"})
        other = self._requisition([{"product_id": self.fan.id, "quantity": 1}])
        Part = "after_sales.replaced.part"
        for login in ("t_engineer", "t_supervisor"):
            with self.subTest(login=login):
                self._assert_refused(login, Part, "unlink", [part.ids])
        for login in ("t_warehouse", "t_supervisor", "t_engineer"):
            with self.subTest(login=login):
                self._assert_refused(
                    login, Part, "write", [part.ids, {"supplier_id": supplier.id}]
                )
                self._assert_refused(
                    login, Part, "write", [part.ids, {"requisition_id": other.id}]
                )
        self.assertTrue(part.exists())
        self.assertEqual(part.supplier_id, self.customer)
        self.assertEqual(part.requisition_id, requisition)

    def test_approved_requisition_header_and_issued_charge_frozen(self):
        """R-PRT-1, R-X-3: the warehouse keeper rewrote an approved requisition's
        destination and engineer (the keeper acts by Issue and Return only);
        a done line's charge reason was rewritten. An approved requisition's
        header is fixed; an issued line keeps its charge and its reason."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 1}])
        other_employee = self.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": self.engineer_2.id}
        )
        Req = "after_sales.parts.requisition"
        for login in ("t_warehouse", "t_supervisor", "t_engineer"):
            with self.subTest(login=login):
                self._assert_refused(
                    login, Req, "write", [requisition.ids, {"destination": "van"}]
                )
                self._assert_refused(
                    login,
                    Req,
                    "write",
                    [requisition.ids, {"engineer_id": other_employee.id}],
                )
        self.assertEqual(requisition.destination, "consumption")
        self.assertEqual(requisition.engineer_id, self.employee)
        requisition.action_issue()
        requisition.action_close()
        line = requisition.line_ids
        Line = "after_sales.parts.requisition.line"
        for login in ("t_supervisor", "t_engineer"):
            with self.subTest(login=login):
                self._assert_refused(
                    login, Line, "write", [line.ids, {"charge_reason": "Rewritten"}]
                )
                self._assert_refused(
                    login,
                    Line,
                    "write",
                    [line.ids, {"chargeable": False, "charge_reason": "Goodwill"}],
                )
        self.assertFalse(line.charge_reason)
        self.assertTrue(line.chargeable)

    def test_service_record_request_fixed(self):
        """R-REC-1, R-X-3: an engineer moved their own service record onto
        another engineer's request. A record's request never changes after it is
        created."""
        record = self._create_record(self.ticket)
        other = self._create_ticket(name="Second unit", user_id=self.engineer_2.id)
        self._assert_refused(
            "t_engineer",
            "after_sales.service.record",
            "write",
            [record.ids, {"ticket_id": other.id}],
        )
        self._assert_refused(
            "t_supervisor",
            "after_sales.service.record",
            "write",
            [record.ids, {"ticket_id": other.id}],
        )
        self.assertEqual(record.ticket_id, self.ticket)

    def test_registration_time_not_moved_by_the_engineer(self):
        """R-SLA-1, R-X-3: an engineer moved the registration time of their own
        request while it sat in its first stage (every deadline counts from it).
        After creation only a supervisor corrects it, in the first stage, and
        the correction is tracked."""
        registered = fields.Datetime.now().replace(microsecond=0)
        ticket = self._create_ticket(registered_at=registered)
        later = fields.Datetime.to_string(fields.Datetime.now())
        for login in ("t_engineer", "t_clerk"):
            with self.subTest(login=login):
                self._assert_refused(
                    login,
                    "helpdesk.ticket",
                    "write",
                    [ticket.ids, {"registered_at": later}],
                )
        self.assertEqual(ticket.registered_at, registered)
        _result, error = self._rpc(
            "t_supervisor",
            "helpdesk.ticket",
            "write",
            [ticket.ids, {"registered_at": later}],
        )
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertEqual(fields.Datetime.to_string(ticket.registered_at), later[:19])

    def test_engineer_uses_parts_from_the_van(self):
        """R-PRT-2: *Use from Van* worked only for the warehouse keeper (the
        wizard read the stock moves as the engineer). The engineer books the
        parts of their own van as used, without stock rights; another engineer
        cannot."""
        requisition = self._approved(
            [{"product_id": self.fan.id, "quantity": 2}], destination="van"
        )
        requisition.action_issue()
        action = (
            requisition.with_user(self.engineer)
            .with_context(parts_move_kind="consume")
            .action_open_move_wizard()
        )
        Wizard = self.env["after_sales.parts.move.wizard"]
        wizard = (
            Wizard.with_user(self.engineer).with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.line_ids.available, 2)
        wizard.line_ids.quantity = 1
        wizard.action_confirm()
        line = requisition.line_ids
        self.assertEqual(line.quantity_used, 1)
        self.assertEqual(line.quantity_in_van, 1)
        self.assertFalse(self.engineer.has_group("stock.group_stock_user"))
        with self.assertRaises(AccessError):
            Wizard.with_user(self.engineer_2).with_context(**action["context"]).create(
                {}
            )
        self.assertEqual(line.quantity_in_van, 1)
        # The moves are read as superuser: the wizard books only the lines of
        # its own requisition (a line of another van is refused).
        other = self._approved(
            [{"product_id": self.fan.id, "quantity": 1}], destination="van"
        )
        other.action_issue()
        foreign = Wizard.with_user(self.engineer).create(
            {
                "requisition_id": requisition.id,
                "kind": "consume",
                "line_ids": [
                    Command.create(
                        {"requisition_line_id": other.line_ids.id, "quantity": 1}
                    )
                ],
            }
        )
        with self.assertRaises(UserError):
            foreign.action_confirm()
        self.assertEqual(other.line_ids.quantity_in_van, 1)

    def test_engineer_deletes_draft_requisition_with_lines(self):
        """R-PRT-1: deleting a draft requisition with lines failed with a
        MissingError for every role; its engineer deletes it, lines and all."""
        requisition = self._requisition(
            [
                {"product_id": self.fan.id, "quantity": 1},
                {"product_id": self.board.id, "quantity": 1},
            ]
        )
        lines = requisition.line_ids
        _result, error = self._rpc(
            "t_engineer", "after_sales.parts.requisition", "unlink", [requisition.ids]
        )
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertFalse(requisition.exists())
        self.assertFalse(lines.exists())
