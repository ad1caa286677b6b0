# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_complaint import ComplaintCase
from .test_parts import PartsCase
from .test_penalty import PenaltyCase
from .test_quality import SIGNATURE, QualityCase
from .test_report_submission import ReportSubmissionCase
from .test_signoff import SignoffCase


class NoEmailMixin:
    """Every role's user without an e-mail address: Chinese companies' service
    staff often have no company mailbox (issue 19)."""

    @classmethod
    def _strip_emails(cls):
        users = cls.env["res.users"].search([("login", "=like", "t\\_%")])
        users.partner_id.email = False
        # the company has a general address; its staff have none
        cls.company.email = "service@example.com"

    def _as(self, user):
        """What the web client does: the acting user, mail tracking on."""
        context = dict(self.env.context, tracking_disable=False)
        return self.env(user=user, context=context)

    def assertNoMailFailed(self, since_id):
        """Every notice the test sent had a sender (a to-do scheduled as
        superuser included): none is left failed for want of an address."""
        failed = (
            self.env["mail.mail"]
            .sudo()
            .search([("id", ">", since_id), ("state", "=", "exception")])
        )
        self.assertFalse(failed.mapped("failure_reason"))

    def _last_mail_id(self):
        last = self.env["mail.mail"].sudo().search([], order="id desc", limit=1)
        return last.id or 0

    def _notices_to(self, record, user):
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )


@tagged("post_install", "-at_install")
class TestNoEmailRequest(NoEmailMixin, SignoffCase):
    """R-IN-4, R-APR-2: no path depends on the acting user's e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_assign_in_form(self):
        """R-IN-4: the supervisor (no e-mail) assigns the engineer in the form's
        *Assigned to* field; the engineer still gets helpdesk's notice."""
        self.supervisor.name = "王主管"
        ticket = self._create_ticket(user_id=False)
        self._as(self.supervisor)["helpdesk.ticket"].browse(ticket.id).write(
            {"user_id": self.engineer_2.id}
        )
        self.assertEqual(ticket.user_id, self.engineer_2)
        self.assertIn(self.engineer_2.partner_id, ticket.message_partner_ids)
        notice = self._notices_to(ticket, self.engineer_2)
        self.assertEqual(notice.author_id, self.supervisor.partner_id)
        self.assertEqual(notice.email_from, '"王主管" <service@example.com>')

    def test_assign_without_any_address(self):
        """R-IN-4: neither the supervisor nor the company has an address: the
        notice is posted all the same (the e-mail copy cannot go out)."""
        self.company.email = False
        ticket = self._create_ticket(user_id=False)
        with mute_logger("odoo.addons.mail.models.mail_mail"):
            self._as(self.supervisor)["helpdesk.ticket"].browse(ticket.id).write(
                {"user_id": self.engineer_2.id}
            )
        self.assertTrue(self._notices_to(ticket, self.engineer_2))

    def test_dispatch_button(self):
        """R-IN-4: the dispatch button as a supervisor without e-mail; the
        engineer gets the same assignment notice as from the form."""
        self.env["after_sales.dispatch.member"].create(
            {"team_id": self.team.id, "user_id": self.engineer_2.id}
        )
        ticket = self._create_ticket(user_id=False)
        self.team.dispatch_round_robin = True
        self._as(self.supervisor)["helpdesk.ticket"].browse(ticket.id).action_dispatch()
        self.assertEqual(ticket.user_id, self.engineer_2)
        self.assertTrue(self._notices_to(ticket, self.engineer_2))

    def test_clerk_creates_assigned_request(self):
        """R-IN-4: the clerk (no e-mail) registers a request with an engineer."""
        env = self._as(self.clerk)
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Noisy compressor",
                "description": "<p>Loud.</p>",
                "team_id": self.team.id,
                "user_id": self.engineer.id,
                "partner_id": self.customer.id,
                "service_type_id": self.type_repair.id,
                "product_id": self.product.id,
                "lot_id": self.lot.id,
            }
        )
        self.assertEqual(ticket.user_id, self.engineer)
        self.assertTrue(self._notices_to(ticket, self.engineer))

    def test_followers_activity_and_note(self):
        """R-IN-4: adding a follower, scheduling a to-do for another user and a
        note in the chatter, all as users without e-mail."""
        ticket = self._create_ticket(user_id=False)
        as_supervisor = self._as(self.supervisor)["helpdesk.ticket"].browse(ticket.id)
        as_supervisor.message_subscribe(partner_ids=self.manager.partner_id.ids)
        as_supervisor.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.engineer.id, summary="Call"
        )
        self.assertEqual(ticket.activity_ids.user_id, self.engineer)
        self.assertTrue(self._notices_to(ticket, self.engineer))
        as_engineer = self._as(self.engineer)["helpdesk.ticket"].browse(ticket.id)
        message = as_engineer.message_post(
            body="Customer not at home", message_type="comment"
        )
        self.assertEqual(message.author_id, self.engineer.partner_id)
        message = as_supervisor.message_post(
            body="Please call back",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.engineer.partner_id.ids,
        )
        self.assertEqual(message.author_id, self.supervisor.partner_id)

    def test_service_record_and_quote(self):
        """R-REC-1, R-ACC-2: the engineer (no e-mail) completes a visit and
        cancels another with a reason; the quote is sent and confirmed."""
        ticket = self._create_ticket()
        env = self._as(self.engineer)
        record = self._create_record(ticket, user=self.engineer, result="accepted")
        record = record.with_env(env)
        record.write(
            {"customer_refused_to_sign": True, "refusal_reason": "Not on site"}
        )
        # The other visit first: once the request has no open visit left, the
        # confirmed one closes it (R-REC-1).
        other = self._create_record(ticket, user=self.engineer)
        record.action_done()
        self.assertEqual(record.state, "done")
        wizard = (
            env["after_sales.service.record.cancel"]
            .with_context(default_record_ids=other.ids)
            .create({"reason": "Customer rescheduled"})
        )
        wizard.action_cancel()
        self.assertEqual(other.state, "cancelled")
        quote = self._create_quote(ticket).with_env(self._as(self.estimator))
        quote.action_mark_sent()
        quote.with_env(self._as(self.clerk))._do_confirm(
            {
                "confirmation_method": "phone",
                "confirmed_by_name": "Zhang Wei",
                "contacted_by_id": self.clerk.id,
            }
        )
        self.assertEqual(quote.sudo().state, "confirmed")

    def test_sign_determination(self):
        """R-APR-2: the engineer hands in, supervisor, manager and general
        manager (no e-mail) sign; the signers' to-dos follow."""
        determination = self._create_determination(150.0)
        determination = determination.with_env(self._as(self.engineer))
        determination.action_submit()
        self.assertIn(self.supervisor, determination.sudo().activity_ids.user_id)
        for user in (self.supervisor, self.manager, self.general_manager):
            self._sign(determination.with_env(self._as(user)), user)
        self.assertEqual(determination.sudo().state, "approved")


@tagged("post_install", "-at_install")
class TestNoEmailParts(NoEmailMixin, PartsCase):
    """R-PRT-2: the parts paths as users without e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_requisition_and_purchase_plan(self):
        """R-PRT-2: request (supervisor's to-do), approve, purchase plan (the
        manager's to-do), confirm, arrival (the engineer's to-do)."""
        requisition = self._requisition(
            [{"product_id": self.fan.id, "quantity": 12}], user=self.engineer
        ).with_env(self._as(self.engineer))
        requisition.action_request()
        requisition.with_env(self._as(self.supervisor)).action_approve()
        requisition.with_env(self._as(self.keeper)).action_issue()
        action = requisition.action_make_purchase_plan()
        plan = self._as(self.engineer)["after_sales.purchase.plan"].browse(
            action["res_id"]
        )
        plan.line_ids.specification = "220 V 60 W"
        plan.action_submit()
        self.assertTrue(plan.sudo().activity_ids)
        plan.with_env(self._as(self.manager)).action_confirm()
        plan.with_env(self._as(self.keeper)).action_record_arrival()
        self.assertEqual(plan.sudo().state, "received")
        digest = self.env["after_sales.notice.digest"].search(
            [("kind", "=", "parts_arrival"), ("arrival_plan_ids", "in", plan.ids)]
        )
        self.assertEqual(digest.activity_ids.user_id, self.engineer)


@tagged("post_install", "-at_install")
class TestNoEmailStatement(NoEmailMixin, PenaltyCase):
    """R-PEN-6, R-PEN-7: the month's statement as users without e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_generate_confirm_book(self):
        """R-PEN-6, R-PEN-7: the manager generates and confirms, finance books."""
        self.employee.sudo().after_sales_wage = 2500
        self._manual(rule_id=self.praise.id)
        Statement = self._as(self.manager)["after_sales.penalty.statement"]
        action = Statement.action_generate()
        statement = Statement.search(action["domain"]).filtered(
            lambda s: s.employee_id == self.employee
        )
        statement.action_confirm()
        self._configure_accounts()
        statement.with_env(self._as(self.finance)).action_book()
        self.assertEqual(statement.sudo().state, "booked")


@tagged("post_install", "-at_install")
class TestNoEmailComplaint(NoEmailMixin, ComplaintCase):
    """R-CB-3, R-CB-4: a complaint's life as users without e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_serious_complaint_graded_answered_closed(self):
        """R-CB-3: the supervisor grades it serious (every manager gets a to-do),
        the manager records the GM informed, the clerk the result's callback,
        the manager closes it — nobody has an e-mail address."""
        since = self._last_mail_id()
        complaint = self._complaint()
        complaint.with_env(self._as(self.supervisor)).action_grade_serious()
        self.assertIn(self.manager, complaint.activity_ids.user_id)
        complaint.with_env(self._as(self.manager)).action_inform_gm()
        complaint.with_env(self._as(self.supervisor)).write({"result": "Replaced."})
        complaint.with_env(self._as(self.supervisor)).action_answer()
        clerk = complaint.with_env(self._as(self.clerk))
        clerk.write({"callback_answer": "good"})
        clerk.action_record_callback()
        complaint.with_env(self._as(self.manager)).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.gm_informed_at)
        self.assertNoMailFailed(since)


@tagged("post_install", "-at_install")
class TestNoEmailQuality(NoEmailMixin, QualityCase):
    """R-CB-2, R-CB-4, R-CB-5: the survey, an improvement project and a quality
    meeting as users without e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_improvement_meeting_and_survey(self):
        """R-CB-2, R-CB-4, R-CB-5: the supervisor confirms a project (the owner's
        to-do) and classes a major problem (the chief engineer's to-do); the
        chief engineer signs the minutes and the manager reports them; the
        clerk hands in a month's survey late."""
        since = self._last_mail_id()
        project = self._improvement()
        project.with_env(self._as(self.supervisor)).write(
            {
                "owner_id": self.engineer.id,
                "deadline": fields.Date.today() + timedelta(days=10),
            }
        )
        project.with_env(self._as(self.supervisor)).action_confirm()
        self.assertEqual(project.activity_ids.user_id, self.engineer)
        owner = project.with_env(self._as(self.engineer))
        owner.measures_executed = "Dampers fitted on every new installation."
        owner.action_execute()
        self.assertEqual(project.state, "executed")

        self.company.after_sales_chief_engineer_id = self.manager
        ticket = self._problem(fields.Datetime.now())
        ticket.with_env(self._as(self.supervisor)).quality_class = "major"
        meeting = ticket.quality_meeting_ids
        self.assertEqual(meeting.activity_ids.user_id, self.manager)
        meeting.with_env(self._as(self.supervisor)).minutes = "Batch recalled."
        self._as(self.manager)["after_sales.quality.meeting.sign"].create(
            {"meeting_id": meeting.id, "signature": SIGNATURE, "signed_by_name": "总工"}
        ).action_sign()
        meeting.with_env(self._as(self.manager)).action_report()
        self.assertEqual(meeting.state, "reported")

        survey = self._as(self.clerk)["after_sales.callback.survey"].create(
            {"month": date(2020, 1, 1), "user_id": self.clerk.id}
        )
        survey.action_submit()
        self.assertEqual(survey.state, "submitted")
        self.assertTrue(survey.late)
        self.assertNoMailFailed(since)


@tagged("post_install", "-at_install")
class TestNoEmailReportSubmission(NoEmailMixin, ReportSubmissionCase):
    """R-RPT-1: the month's reports as a clerk without e-mail, the job run by
    the superuser as the scheduler does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._strip_emails()

    def test_reminder_and_submission(self):
        """R-RPT-1: the job opens the month's reports and reminds the clerk (no
        address); the clerk submits one (the print kept) and her to-do is
        done; no notice fails for want of an address."""
        since = self._last_mail_id()
        with freeze_time(datetime(2020, 12, 1, 2, 0)):
            self.Submission.with_context(tracking_disable=False)._cron_submissions()
        submissions = self._company_submissions("2020-11-01")
        labour = submissions.filtered(lambda s: s.kind == "labour")
        self.assertEqual(labour.activity_ids.user_id, self.clerk)
        self.assertFalse(self.clerk.partner_id.email)
        labour.with_env(self._as(self.clerk)).action_submit()
        self.assertEqual(labour.state, "submitted")
        self.assertEqual(labour.submitted_by_id, self.clerk)
        self.assertFalse(labour.activity_ids)
        self.assertNoMailFailed(since)
