# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints (投诉档案): grades, deadlines per grade, escalation, rights, the
frozen archive, upheld complaints in the ledger, the print (R-CB-3, R-CB-4)."""

import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AfterSalesCase, JsonRpcMixin

# (answer hours, close hours) of the seeded policy of each grade.
GRADE_HOURS = {
    "grievance": (72.0, 168.0),
    "general": (24.0, 72.0),
    "serious": (4.0, 24.0),
}


class ComplaintCase(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gm = new_test_user(
            cls.env,
            "t_complaint_gm",
            groups="base.group_user,after_sales_service.group_general_manager",
            name="General Manager",
        )
        cls.type_complaint = cls.env.ref("after_sales_service.service_type_complaint")
        cls.Complaint = cls.env["after_sales.complaint"]

    def _complaint(self, grade=None, **vals):
        ticket = self._create_ticket(
            user=self.clerk, service_type_id=self.type_complaint.id, **vals
        )
        complaint = ticket.complaint_ids
        self.assertEqual(len(complaint), 1)
        if grade:
            getattr(complaint.with_user(self.supervisor), f"action_grade_{grade}")()
        return complaint

    def _answered(self, grade="grievance"):
        complaint = self._complaint(grade)
        complaint.with_user(self.supervisor).write({"result": "Unit replaced."})
        complaint.with_user(self.supervisor).action_answer()
        return complaint

    def _closed(self, grade="grievance"):
        complaint = self._answered(grade)
        complaint.with_user(self.clerk).write({"callback_answer": "good"})
        complaint.with_user(self.clerk).action_record_callback()
        closer = self.manager if grade == "serious" else self.supervisor
        complaint.with_user(closer).action_close()
        return complaint

    def _deadline(self, complaint, milestone):
        return complaint.ticket_id.sla_deadline_ids.filtered(
            lambda d: d.milestone == milestone
        )


@tagged("post_install", "-at_install")
class TestComplaint(ComplaintCase):
    def test_created_with_the_complaint_request(self):
        """R-CB-3: a request of the complaint type gets its archive, numbered
        after it; a request switched to the type too; "Register Complaint" on
        any request registers a complaint request about it."""
        complaint = self._complaint()
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(complaint.name, f"TS-{complaint.ticket_id.number}")
        repair = self._create_ticket(user=self.clerk)
        self.assertFalse(repair.complaint_ids)
        repair.with_user(self.clerk).service_type_id = self.type_complaint
        self.assertEqual(len(repair.complaint_ids), 1)
        other = self._create_ticket(user=self.clerk)
        action = other.with_user(self.clerk).action_register_complaint()
        registered = self.Complaint.browse(action["res_id"])
        self.assertEqual(registered.related_ticket_ids, other)
        self.assertEqual(registered.ticket_id.service_type_id, self.type_complaint)
        self.assertEqual(other.complaint_count, 1)

    def test_deadlines_per_grade(self):
        """R-CB-3, R-SLA-1: each grade's answer and close deadlines come from its
        seeded policy, and move when the complaint is re-graded."""
        for grade, (answer, close) in GRADE_HOURS.items():
            with self.subTest(grade=grade):
                complaint = self._complaint(grade)
                ticket = complaint.ticket_id
                self.assertEqual(
                    ticket.sla_policy_id,
                    self.env.ref(f"after_sales_service.sla_policy_complaint_{grade}"),
                )
                self.assertEqual(self._deadline(complaint, "complaint").hours, answer)
                self.assertEqual(
                    self._deadline(complaint, "complaint_closed").hours, close
                )
        complaint = self._complaint("grievance")
        first = self._deadline(complaint, "complaint_closed").deadline
        complaint.with_user(self.supervisor).action_grade_serious()
        self.assertEqual(self._deadline(complaint, "complaint").hours, 4.0)
        self.assertLess(self._deadline(complaint, "complaint_closed").deadline, first)

    def test_transitions_meet_the_deadlines(self):
        """R-CB-3: "Answered" meets the answer deadline, "Close" the close one."""
        complaint = self._closed()
        self.assertTrue(self._deadline(complaint, "complaint").met_at)
        self.assertTrue(self._deadline(complaint, "complaint_closed").met_at)

    def test_serious_alerts_the_managers_and_records_the_gm(self):
        """R-CB-3 (002 §5.3.2): a serious complaint alerts the department managers
        at once (an activity, no e-mail); the manager records when the GM was
        informed, nobody below may."""
        complaint = self._complaint("serious")
        activities = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref(
                "after_sales_service.mail_activity_type_complaint_escalation"
            )
        )
        self.assertIn(self.manager, activities.user_id)
        self.assertIn(self.gm, activities.user_id)
        self.assertNotIn(self.supervisor, activities.user_id)
        for user in (self.clerk, self.supervisor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).action_inform_gm()
        complaint.with_user(self.manager).action_inform_gm()
        self.assertTrue(complaint.gm_informed_at)
        self.assertEqual(complaint.gm_informed_by_id, self.manager)
        grievance = self._complaint("grievance")
        self.assertFalse(grievance.activity_ids)
        with self.assertRaises(UserError):
            grievance.with_user(self.manager).action_inform_gm()

    def test_rights_per_role(self):
        """R-CB-3: clerks register and write the archive; supervisors grade,
        assign and record the result; the manager closes serious complaints and
        decides them upheld; the GM approves compensation; engineers read the
        graded complaints about their own work, read-only."""
        complaint = self._complaint()
        complaint.with_user(self.clerk).write({"content": "Noisy fan."})
        with self.assertRaises(AccessError):
            complaint.with_user(self.clerk).action_grade_general()
        with self.assertRaises(AccessError):
            complaint.with_user(self.clerk).write(
                {"responsible_employee_id": self.employee.id}
            )
        record = self._create_record(self._create_ticket())
        complaint.with_user(self.clerk).write({"record_ids": [Command.set(record.ids)]})
        with self.assertRaises(AccessError):  # not graded yet
            complaint.with_user(self.engineer).check_access("read")
        complaint.with_user(self.supervisor).action_grade_serious()
        complaint.with_user(self.supervisor).write(
            {"responsible_employee_id": self.employee.id, "compensation_amount": 200}
        )
        complaint.with_user(self.engineer).check_access("read")
        with self.assertRaises(AccessError):
            complaint.with_user(self.engineer).check_access("write")
        with self.assertRaises(AccessError):
            complaint.with_user(self.engineer_2).check_access("read")
        with self.assertRaises(AccessError):
            complaint.with_user(self.supervisor).write(
                {"upheld_user_ids": [Command.set(self.engineer.ids)]}
            )
        complaint.with_user(self.manager).write(
            {"upheld_user_ids": [Command.set(self.engineer.ids)], "result": "Refund."}
        )
        complaint.with_user(self.supervisor).action_answer()
        with self.assertRaises(AccessError):
            complaint.with_user(self.supervisor).action_uphold()
        complaint.with_user(self.manager).action_uphold()
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager).action_approve_compensation()
        complaint.with_user(self.gm).action_approve_compensation()
        self.assertEqual(complaint.compensation_approved_by_id, self.gm)
        complaint.with_user(self.clerk).write({"callback_answer": "fair"})
        complaint.with_user(self.clerk).action_record_callback()
        with self.assertRaises(AccessError):  # serious: the manager closes
            complaint.with_user(self.supervisor).action_close()
        complaint.with_user(self.manager).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_bad_input(self):
        """R-CB-3, R-CB-4: closing without the result's callback, compensation
        not approved, a callback answer outside the four, a second complaint of
        a request, a grade changed after closing: clear errors, nothing changed."""
        complaint = self._answered()
        with self.assertRaisesRegex(UserError, "called back"):
            complaint.with_user(self.supervisor).action_close()
        self.assertEqual(complaint.state, "answered")
        with self.assertRaisesRegex(ValidationError, "no answer of a callback"):
            complaint.with_user(self.clerk).write({"callback_answer": "ecstatic"})
        self.assertFalse(complaint.callback_answer)
        with self.assertRaises(ValidationError):
            self.Complaint.sudo().create({"ticket_id": complaint.ticket_id.id})
        self.assertEqual(
            self.Complaint.search_count([("ticket_id", "=", complaint.ticket_id.id)]),
            1,
        )
        paid = self._complaint("general")
        paid.with_user(self.supervisor).write(
            {"result": "Paid.", "compensation_amount": 300}
        )
        paid.with_user(self.supervisor).action_answer()
        paid.with_user(self.clerk).write({"callback_unreachable_reason": "No answer"})
        paid.with_user(self.clerk).action_record_callback()
        with self.assertRaisesRegex(UserError, "approval"):
            paid.with_user(self.supervisor).action_close()
        self.assertEqual(paid.state, "answered")
        closed = self._closed()
        with self.assertRaises(UserError):
            closed.with_user(self.supervisor).action_grade_serious()
        with self.assertRaises(AccessError):
            closed.with_user(self.supervisor).write({"grade": "serious"})
        with self.assertRaises(UserError):
            closed.with_user(self.supervisor).write({"result": "Changed"})
        self.assertEqual(closed.grade, "grievance")

    def test_upheld_events_priced_only_when_the_rule_is_active(self):
        """R-CB-4, R-PEN-3: an upheld complaint is one ``complaint_upheld`` event
        per engineer; the seeded rule prices them only once a company activates
        it."""
        Line = self.env["after_sales.penalty.line"]
        rule = self.env.ref("after_sales_service.penalty_rule_complaint_upheld")
        self.assertFalse(rule.active)
        self.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": self.engineer_2.id}
        )

        def uphold():
            complaint = self._complaint("general")
            complaint.with_user(self.manager).write(
                {
                    "result": "Late visit.",
                    "upheld_user_ids": [
                        Command.set((self.engineer | self.engineer_2).ids)
                    ],
                }
            )
            complaint.with_user(self.supervisor).action_answer()
            complaint.with_user(self.manager).action_uphold()
            return complaint

        complaint = uphold()
        events = self.env["after_sales.performance.event"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(events.mapped("kind"), ["complaint_upheld"] * 2)
        self.assertEqual(events.user_id, self.engineer | self.engineer_2)
        self.assertEqual(set(events.mapped("value")), {"general"})
        Line._generate_lines()
        domain = [("rule_id", "=", rule.id)]
        self.assertFalse(Line.search_count(domain))
        rule.active = True
        priced = uphold()
        Line._generate_lines()
        lines = Line.search(domain + [("res_id", "=", priced.id)])
        self.assertEqual(lines.employee_id.user_id, self.engineer | self.engineer_2)
        self.assertEqual(lines.mapped("amount"), [-50.0, -50.0])

    def test_breach_escalates(self):
        """R-CB-3: a missed answer deadline of a general complaint escalates to
        the supervisor of the team and to the department managers."""
        complaint = self._complaint("general")
        deadline = self._deadline(complaint, "complaint")
        self.env["after_sales.sla.breach"]._detect_breaches(
            now=deadline.deadline + timedelta(hours=1)
        )
        escalation = self.env.ref(
            "after_sales_service.mail_activity_type_complaint_escalation"
        )
        users = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == escalation
        ).user_id
        self.assertIn(self.supervisor, users)
        self.assertIn(self.manager, users)

    def test_about_to_breach_warns_the_supervisor(self):
        """R-CB-3: a complaint deadline about to be missed warns the supervisor
        of the team (the managers only once it is missed)."""
        complaint = self._complaint("general")
        deadline = self._deadline(complaint, "complaint")
        self.env["after_sales.sla.breach"]._detect_breaches(
            now=deadline.deadline - timedelta(minutes=30)
        )
        self.assertEqual(deadline.status, "soon")
        users = complaint.activity_ids.user_id
        self.assertIn(self.supervisor, users)
        self.assertNotIn(self.manager, users)

    def test_print_in_chinese(self):
        """R-CB-4: the complaint archive prints on the paper form in Chinese, with
        the three signature boxes."""
        self._load_chinese()
        complaint = self._closed("general")
        report = self.env["ir.actions.report"].with_context(
            lang="zh_CN", tz="Asia/Shanghai"
        )
        html, _kind = report._render_qweb_html(
            "after_sales_service.complaint_report_action", complaint.ids
        )
        html = html.decode()
        for css in ("o_as_form", "o_as_form_title", "o_as_grid"):
            self.assertIn(css, html)
        labels = ("投诉档案", "投诉内容", "处理措施", "处理进程", "处理结果", "回访")
        for text in labels:
            self.assertIn(text, html)
        for text in ("受理人", "处理人", "审核"):
            self.assertIn(text, html)
        self.assertIn("一般客诉", html)
        body = re.sub(r"<style.*?</style>", "", html, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", body)
        for word in ("Complaint Archive", "Measures", "Progress", "Taken by"):
            self.assertNotIn(word, text)


@tagged("post_install", "-at_install")
class TestComplaintJsonRpc(JsonRpcMixin, HttpCase, ComplaintCase):
    def test_closed_complaint_frozen_over_json_rpc(self):
        """R-CB-3, R-X-3: over JSON-RPC, a closed complaint's grade, result and
        callback change for nobody — not by a write, not by a grading button."""
        complaint = self._closed()
        calls = (
            ("write", [complaint.ids, {"grade": "serious"}]),
            ("write", [complaint.ids, {"result": "Rewritten"}]),
            ("write", [complaint.ids, {"callback_answer": "poor"}]),
            ("action_grade_serious", [complaint.ids]),
        )
        for login in ("t_supervisor", "t_manager"):
            for method, args in calls:
                with self.subTest(login=login, method=method, args=args):
                    _result, error = self._call_kw(
                        login, "after_sales.complaint", method, args
                    )
                    self.assertTrue(error)
                    self.assertIn(
                        error["name"],
                        ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
                    )
        self.env.invalidate_all()
        self.assertEqual(complaint.grade, "grievance")
        self.assertEqual(complaint.result, "Unit replaced.")
        self.assertEqual(complaint.callback_answer, "good")
        self.assertEqual(complaint.state, "closed")
