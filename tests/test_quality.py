# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Improvement projects (R-CB-4) and quality feedback (R-CB-5).

003 客户投诉改善及追踪: a complaint or a quality problem leads to an improvement
project with an owner and a deadline, drafted → confirmed → executed →
verified, and a verification found not effective sends it back. 000 §2.13: a
major quality problem calls a quality analysis meeting whose minutes the chief
engineer signs; 002 §6.1: the department reviews callbacks and problems
monthly."""

import base64
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.frozen_mixin import FrozenError
from .common import AfterSalesCase, JsonRpcMixin

# A 1×1 transparent PNG: the drawn signature.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
)


class QualityCase(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests reckon months in the company's time zone: Shanghai.
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.after_sales_repeat_window_days = 90
        cls.company.after_sales_chief_engineer_id = False
        cls.cause = cls.env.ref("after_sales_service.cause_category_component_defect")
        cls.other_cause = cls.env.ref(
            "after_sales_service.cause_category_installation_error"
        )
        cls.Improvement = cls.env["after_sales.improvement"]
        cls.Meeting = cls.env["after_sales.quality.meeting"]
        cls.Review = cls.env["after_sales.quality.review"]
        cls.general_manager = new_test_user(
            cls.env,
            "t_quality_gm",
            groups="base.group_user,after_sales_service.group_general_manager",
            name="General Manager",
        )

    @classmethod
    def _company_today(cls):
        """Today in Shanghai: a project's deadline is checked against the day
        it was created in its company's time zone (16:00 UTC is tomorrow there)."""
        return fields.Date.context_today(cls.env.user.with_context(tz="Asia/Shanghai"))

    @classmethod
    def _problem(cls, registered_at, cause=None, product=None):
        """A request registered at ``registered_at`` (UTC) whose service record
        found ``cause``."""
        ticket = cls._create_ticket(
            registered_at=registered_at,
            product_id=(product or cls.product).id,
            lot_id=False,
        )
        cls._create_record(ticket, cause_category_id=(cause or cls.cause).id)
        return ticket

    def _improvement(self, **vals):
        ticket = self._problem(fields.Datetime.now())
        values = {"name": "Fan noise", "ticket_ids": [Command.set(ticket.ids)]}
        values.update(vals)
        return self.Improvement.with_user(self.clerk).create(values)


@tagged("post_install", "-at_install")
class TestImprovement(QualityCase):
    def test_improvement_flow_with_a_sent_back_verification(self):
        """R-CB-4: the clerk drafts a project from the request, the supervisor
        confirms it with an owner and a deadline (an activity for the owner),
        the owner records the execution, the manager finds it not effective
        and sends it back (the round is kept), then verifies it; verified, it is
        frozen."""
        ticket = self._problem(fields.Datetime.now())
        action = ticket.with_user(self.clerk).action_new_improvement()
        project = self.Improvement.browse(action["res_id"])
        self.assertEqual(project.ticket_ids, ticket)
        self.assertEqual(project.product_id, self.product)
        self.assertEqual(project.cause_category_id, self.cause)
        self.assertEqual(ticket.improvement_count, 1)
        deadline = self._company_today() + timedelta(days=14)
        project.with_user(self.clerk).write(
            {"owner_id": self.engineer.id, "deadline": deadline}
        )
        with self.assertRaises(AccessError):
            project.with_user(self.clerk).action_confirm()
        project.with_user(self.supervisor).action_confirm()
        self.assertEqual(project.state, "confirmed")
        activity = project.activity_ids
        self.assertEqual(activity.user_id, self.engineer)
        self.assertEqual(activity.date_deadline, deadline)

        # Another engineer neither reads nor executes it; the owner does.
        with self.assertRaises(AccessError):
            project.with_user(self.engineer_2).action_execute()
        mine = project.with_user(self.engineer)
        with self.assertRaises(UserError):
            mine.action_execute()  # nothing written about what was done
        mine.measures_executed = "Fan blades replaced on 20 units."
        mine.action_execute()
        self.assertEqual(project.state, "executed")
        self.assertEqual(project.executed_by_id, self.engineer)

        # Verifying without an efficacy check: a clear error, nothing changes.
        with self.assertRaises(UserError) as error:
            project.with_user(self.manager).action_verify()
        self.assertIn("efficacy check", str(error.exception))
        self.assertEqual(project.state, "executed")
        with self.assertRaises(AccessError):
            project.with_user(self.supervisor).action_verify()
        project.with_user(self.manager).efficacy_check = "Noise back after a week."
        project.with_user(self.manager).action_send_back()
        self.assertEqual(project.state, "confirmed")
        self.assertEqual(project.sent_back_count, 1)
        failed = project.check_ids
        self.assertEqual(failed.result, "not_effective")
        self.assertEqual(failed.user_id, self.manager)
        self.assertEqual(failed.efficacy_check, "Noise back after a week.")
        self.assertFalse(project.efficacy_check)
        self.assertEqual(project.activity_ids.user_id, self.engineer)

        mine.measures_executed = "Motor mounts changed as well."
        mine.action_execute()
        project.with_user(self.manager).efficacy_check = "Quiet after a month."
        project.with_user(self.manager).action_verify()
        self.assertEqual(project.state, "verified")
        self.assertEqual(project.efficacy_result, "effective")
        self.assertEqual(project.verified_by_id, self.manager)
        self.assertEqual(
            project.check_ids.mapped("result"), ["not_effective", "effective"]
        )
        for vals in ({"name": "x"}, {"measures_executed": "x"}, {"deadline": deadline}):
            with self.assertRaises(FrozenError):
                project.write(vals)
        with self.assertRaises(AccessError):
            project.check_ids.with_user(self.manager).write({"result": "effective"})

    def test_deadline_not_before_the_creation_day(self):
        """R-CB-4: a deadline before the day the project is created is refused
        with a clear error; nothing is created or changed."""
        count = self.Improvement.search_count([])
        yesterday = self._company_today() - timedelta(days=1)
        with self.assertRaises(ValidationError) as error:
            self._improvement(deadline=yesterday)
        self.assertIn("cannot be before the day it was created", str(error.exception))
        self.assertEqual(self.Improvement.search_count([]), count)
        project = self._improvement(deadline=self._company_today())
        with self.assertRaises(ValidationError):
            project.write({"deadline": yesterday})
        self.assertEqual(project.deadline, self._company_today())

    def test_project_from_the_menu(self):
        """R-CB-4: a project drafted from the menu names no request; it takes the
        product and the cause typed on it."""
        project = self.Improvement.with_user(self.clerk).create(
            {"name": "Packaging of the routers", "improvement_type": "improvement"}
        )
        self.assertFalse(project.ticket_ids)
        self.assertFalse(project.product_id)
        project.write({"product_id": self.other_product.id})
        self.assertEqual(project.product_id, self.other_product)

    def test_rights_per_role(self):
        """R-CB-4: engineers do not draft, nor do clerks confirm or cancel;
        the manager alone verifies; cancelling needs a reason."""
        with self.assertRaises(AccessError):
            self._improvement().with_user(self.engineer).read(["name"])
        ticket = self._problem(fields.Datetime.now())
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).action_new_improvement()
        project = self._improvement(
            owner_id=self.engineer.id, deadline=self._company_today()
        )
        with self.assertRaises(AccessError):
            project.with_user(self.clerk).action_cancel()
        with self.assertRaises(UserError):
            project.with_user(self.supervisor).action_cancel()  # no reason
        project.with_user(self.supervisor).action_confirm()
        self.assertEqual(
            project.with_user(self.engineer).read(["state"])[0]["state"], "confirmed"
        )
        project.with_user(self.supervisor).cancel_reason = "Product discontinued."
        project.with_user(self.supervisor).action_cancel()
        self.assertEqual(project.state, "cancelled")

    def test_overdue_projects(self):
        """R-CB-4: a confirmed project past its deadline is overdue (the filter,
        red in the list); an executed one is not."""
        project = self._improvement(
            owner_id=self.engineer.id, deadline=self._company_today()
        )
        project.with_user(self.supervisor).action_confirm()
        past = self._company_today() - timedelta(days=3)
        self.env.cr.execute(
            "UPDATE after_sales_improvement SET deadline = %s WHERE id = %s",
            (past, project.id),
        )
        self.env.invalidate_all()
        self.assertTrue(project.overdue)
        self.assertIn(project, self.Improvement.search([("overdue", "=", True)]))
        project.with_user(self.engineer).measures_executed = "Done."
        project.with_user(self.engineer).action_execute()
        self.assertFalse(project.overdue)
        self.assertNotIn(project, self.Improvement.search([("overdue", "=", True)]))


@tagged("post_install", "-at_install")
class TestQualityFeedback(QualityCase):
    def test_quality_class_set_by_supervisors(self):
        """R-CB-5: supervisors classify a request; engineers and clerks read the
        class but cannot set it."""
        ticket = self._problem(fields.Datetime.now())
        for user in (self.clerk, self.engineer):
            with self.assertRaises(AccessError):
                ticket.with_user(user).write({"quality_class": "new"})
        self.assertFalse(ticket.quality_class)
        ticket.with_user(self.supervisor).quality_class = "new"
        self.assertEqual(ticket.with_user(self.engineer).quality_class, "new")

    def test_major_problem_without_chief_engineer_is_refused(self):
        """R-CB-5: without a chief engineer set, a major batch problem is
        refused with a message telling the manager to set one; nothing
        changes."""
        ticket = self._problem(fields.Datetime.now())
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.supervisor).write({"quality_class": "major"})
        self.assertIn("chief engineer", str(error.exception))
        self.assertFalse(ticket.quality_class)
        self.assertFalse(ticket.quality_meeting_ids)

    def test_major_problem_meeting_signed_by_the_chief_engineer(self):
        """R-CB-5 (000 §2.13): a major batch problem calls a quality analysis
        meeting of the chief engineer (an activity); only the chief engineer
        signs the minutes, which are frozen after; the result is reported to
        the general manager."""
        self.company.after_sales_chief_engineer_id = self.manager
        ticket = self._problem(fields.Datetime.now())
        ticket.with_user(self.supervisor).quality_class = "major"
        meeting = ticket.quality_meeting_ids
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.chief_engineer_id, self.manager)
        self.assertEqual(meeting.activity_ids.user_id, self.manager)
        meeting.with_user(self.supervisor).write(
            {
                "attendee_ids": [Command.set((self.engineer | self.supervisor).ids)],
                "cause_analysis": "Capacitor batch 2611 below specification.",
                "solution": "Replace the batch; supplier audit.",
            }
        )
        with self.assertRaises(UserError):
            meeting.with_user(self.manager)._do_sign(SIGNATURE, "Manager")
        meeting.with_user(self.supervisor).minutes = "Batch recalled."
        with self.assertRaises(AccessError):
            meeting.with_user(self.supervisor)._do_sign(SIGNATURE, "Supervisor")
        with self.assertRaises(AccessError):
            meeting.with_user(self.supervisor).action_open_sign_wizard()
        wizard = self.env["after_sales.quality.meeting.sign"].with_user(self.manager)
        wizard.create(
            {"meeting_id": meeting.id, "signature": SIGNATURE, "signed_by_name": "总工"}
        ).action_sign()
        self.assertEqual(meeting.state, "signed")
        self.assertEqual(meeting.signed_by_name, "总工")
        self.assertTrue(meeting.signature)
        self.assertTrue(meeting.signed_at)
        for user in (self.manager, self.supervisor):
            with self.assertRaises(FrozenError):
                meeting.with_user(user).write({"minutes": "Rewritten."})
        self.assertEqual(meeting.minutes, "Batch recalled.")
        with self.assertRaises(AccessError):
            meeting.with_user(self.engineer).action_report()
        meeting.with_user(self.manager).action_report()
        self.assertEqual(meeting.state, "reported")
        self.assertIn(self.general_manager, meeting.activity_ids.user_id)

    def test_repeated_problem_proposed_within_the_window(self):
        """R-CB-5: a request of the same product and the same cause (the one its
        service record found) as an earlier request registered within the
        company's window is proposed as repeated; outside it, or of another
        cause, it is not; a supervisor accepts the proposal."""
        first = self._problem(datetime(2026, 1, 5, 2, 0))
        within = self._problem(datetime(2026, 3, 20, 2, 0))  # 74 days later
        outside = self._problem(datetime(2026, 7, 1, 2, 0))  # 103 days after
        other = self._problem(datetime(2026, 3, 21, 2, 0), cause=self.other_cause)
        tickets = first | within | outside | other
        self.assertEqual(within.repeat_candidate_ids, first)
        self.assertEqual(
            tickets.filtered("repeat_proposed"), within, "first, outside, other"
        )
        proposed = self.env["helpdesk.ticket"].search(
            [("id", "in", tickets.ids), ("repeat_proposed", "=", True)]
        )
        self.assertEqual(proposed, within)
        self.company.after_sales_repeat_window_days = 120
        self.env.invalidate_all()
        self.assertTrue(outside.repeat_proposed)
        with self.assertRaises(AccessError):
            within.with_user(self.clerk).action_accept_repeat()
        within.with_user(self.supervisor).action_accept_repeat()
        self.assertEqual(within.quality_class, "repeated")
        self.assertFalse(within.repeat_proposed)
        with self.assertRaises(UserError):
            first.with_user(self.supervisor).action_accept_repeat()


@tagged("post_install", "-at_install")
class TestQualityReview(QualityCase):
    def _rows(self, month, product=None):
        self.env.flush_all()
        return self.Review.search(
            [
                ("month", "=", month),
                ("product_id", "=", (product or self.product).id),
            ]
        )

    def test_review_counts_per_month_product_and_cause(self):
        """R-CB-5 (002 §6.1): requests, quality classes, callbacks answered and
        dissatisfied, improvement projects opened and verified, by month of
        the company's time zone (Shanghai), product and cause — a request of
        23:30 on 31 January is January's, one of 00:30 on 1 February is
        February's."""
        late = self._problem(datetime(2026, 1, 31, 15, 30))  # 23:30 Shanghai
        early = self._problem(datetime(2026, 1, 31, 16, 30))  # 00:30 on 1 Feb
        other = self._problem(datetime(2026, 1, 10, 2, 0), cause=self.other_cause)
        late.sudo().quality_class = "new"
        other.sudo().quality_class = "repeated"
        record = self._create_record(
            late, cause_category_id=self.cause.id, **self._confirm_values()
        )
        record.action_done()
        callback = self.env["after_sales.callback"].search(
            [("record_id", "=", record.id)]
        )
        callback.answer_ids.filtered("graded").write({"grade": "poor"})
        callback.with_user(self.clerk).action_answer()
        project = self._improvement(ticket_ids=[Command.set(late.ids)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE after_sales_callback SET done_at = %s WHERE id = %s",
            (datetime(2026, 1, 31, 15, 45), callback.id),
        )
        self.env.cr.execute(
            "UPDATE after_sales_improvement SET create_date = %s, state = 'verified',"
            " verified_at = %s WHERE id = %s",
            (datetime(2026, 1, 20), datetime(2026, 1, 31, 15, 50), project.id),
        )
        january = self._rows(date(2026, 1, 1))
        by_cause = {row.cause_category_id: row for row in january}
        self.assertEqual(set(by_cause), {self.cause, self.other_cause})
        row = by_cause[self.cause]
        self.assertEqual(row.request_count, 1)
        self.assertEqual(row.new_problem_count, 1)
        self.assertEqual(row.callback_answered_count, 1)
        self.assertEqual(row.callback_dissatisfied_count, 1)
        self.assertEqual(row.improvement_opened_count, 1)
        self.assertEqual(row.improvement_verified_count, 1)
        self.assertEqual(by_cause[self.other_cause].repeated_count, 1)
        february = self._rows(date(2026, 2, 1))
        self.assertEqual(february.mapped("request_count"), [1])
        self.assertEqual(february.cause_category_id, self.cause)
        self.assertTrue(early)
        # Supervisors and up read it; clerks and engineers do not.
        self.assertTrue(row.with_user(self.supervisor).read(["request_count"]))
        for user in (self.clerk, self.engineer):
            with self.assertRaises(AccessError):
                row.with_user(user).read(["request_count"])

    def test_review_read_is_flat(self):
        """R-CB-5: the review is read in the same number of queries for one row
        as for many (one SQL view, no query per row)."""
        many = self.env["product.product"].create({"name": "Many", "type": "consu"})
        for day in range(1, 13):
            self._problem(datetime(2025, day, 3, 2, 0), product=many)
        self._problem(datetime(2025, 5, 3, 2, 0))
        fields_ = ["month", "product_id", "cause_category_id", "request_count"]
        self.env.flush_all()

        def count(product):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = self.Review.search_read([("product_id", "=", product.id)], fields_)
            return self.env.cr.sql_log_count - before, len(rows)

        count(self.product)  # warm the caches
        one, rows_one = count(self.product)
        twelve, rows_many = count(many)
        self.assertEqual((rows_one, rows_many), (1, 12))
        self.assertEqual(one, twelve)

    def test_meeting_print_reads_chinese(self):
        """R-CB-5: the printed minutes (质量分析会会议纪要) in Chinese, with the
        chief engineer's signature in its box."""
        self.company.after_sales_chief_engineer_id = self.manager
        ticket = self._problem(fields.Datetime.now())
        ticket.sudo().quality_class = "major"
        meeting = ticket.quality_meeting_ids
        meeting.minutes = "批次召回。"
        meeting.with_user(self.manager)._do_sign(SIGNATURE, "王总工")
        self._chinese_browser_user(self.manager)
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", tz="Asia/Shanghai")
            ._render_qweb_html(
                "after_sales_service.quality_meeting_report_action", meeting.ids
            )[0]
            .decode()
        )
        for label in (
            "质量分析会会议纪要",
            "原因分析",
            "解决方案",
            "总工程师",
            "王总工",
        ):
            self.assertIn(label, html)
        self.assertIn("data:image/png;base64", html)


@tagged("post_install", "-at_install")
class TestQualityJsonRpc(JsonRpcMixin, HttpCase, QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.after_sales_chief_engineer_id = cls.manager
        ticket = cls._problem(fields.Datetime.now())
        cls.project = cls.Improvement.create(
            {
                "name": "Verified project",
                "ticket_ids": [Command.set(ticket.ids)],
                "owner_id": cls.engineer.id,
                "deadline": cls._company_today(),
                "measures_executed": "Done.",
            }
        )
        cls.project.with_user(cls.supervisor).action_confirm()
        cls.project.with_user(cls.engineer).action_execute()
        cls.project.efficacy_check = "Effective."
        cls.project.with_user(cls.manager).action_verify()
        ticket.quality_class = "major"
        cls.meeting = ticket.quality_meeting_ids
        cls.meeting.minutes = "Signed minutes."
        cls.meeting.with_user(cls.manager)._do_sign(SIGNATURE, "Chief")

    def test_frozen_after_verify_and_sign_over_json_rpc(self):
        """R-CB-4, R-CB-5, R-X-3: over JSON-RPC a verified project and signed
        minutes refuse every change, even the manager's and the chief
        engineer's; a context sent by the caller opens nothing; only the chief
        engineer opens the signing."""
        calls = (
            ("after_sales.improvement", self.project, {"measures_executed": "x"}),
            ("after_sales.improvement", self.project, {"efficacy_check": "x"}),
            ("after_sales.quality.meeting", self.meeting, {"minutes": "x"}),
            ("after_sales.quality.meeting", self.meeting, {"signature": False}),
        )
        for model, record, vals in calls:
            with self.subTest(model=model, vals=vals):
                _result, error = self._call_kw(
                    "t_manager",
                    model,
                    "write",
                    [record.ids, vals],
                    {"context": {"after_sales_transition": "x"}},
                )
                self.assertTrue(error)
                self.assertIn(
                    error["name"],
                    ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
                )
        self.env.invalidate_all()
        self.assertEqual(self.project.measures_executed, "Done.")
        self.assertEqual(self.meeting.minutes, "Signed minutes.")
        self.assertTrue(self.meeting.signature)
        _result, error = self._call_kw(
            "t_supervisor",
            "after_sales.quality.meeting",
            "action_open_sign_wizard",
            [self.meeting.ids],
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
