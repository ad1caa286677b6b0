# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AfterSalesCase


class ReportSubmissionCase(AfterSalesCase):
    """A company in Shanghai working Monday to Friday, its clerk responsible for
    the month's reports. Reads in English in UTC (``TEST_CONTEXT``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.calendar = cls._shanghai_calendar()
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "after_sales_report_user_id": cls.clerk.id,
                "after_sales_report_due_day": 3,
                "after_sales_cause_due_day": 8,
                "after_sales_report_reminder_days": 2,
            }
        )
        cls.Submission = cls.env["after_sales.report.submission"]

    def _submission(self, kind="labour", month="2020-04-01"):
        return self.Submission.sudo().create(
            {"company_id": self.company.id, "kind": kind, "month": month}
        )

    def _company_submissions(self, month):
        return self.Submission.sudo().search(
            [("company_id", "=", self.company.id), ("month", "=", month)]
        )


@tagged("post_install", "-at_install")
class TestReportSubmission(ReportSubmissionCase):
    # ------------------------------------------------------------------
    # Settings and due dates
    # ------------------------------------------------------------------

    def test_due_day_defaults(self):
        """R-RPT-1: a new company sends the three statistics to finance by the
        3rd, the cause statistics by the 8th, reminded 2 days ahead."""
        company = self.env["res.company"].create({"name": "New Branch"})
        self.assertEqual(company.after_sales_report_due_day, 3)
        self.assertEqual(company.after_sales_cause_due_day, 8)
        self.assertEqual(company.after_sales_report_reminder_days, 2)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.after_sales_report_due_day, 3)

    def test_third_on_a_sunday_moves_to_monday(self):
        """R-RPT-1: April 2020's finance reports are due on 3 May, a Sunday:
        Monday the 4th; its cause statistics on Friday the 8th, as set."""
        self.assertEqual(date(2020, 5, 3).weekday(), 6)
        self.assertEqual(self._submission("labour").due_date, date(2020, 5, 4))
        cause = self._submission("cause")
        self.assertEqual(cause.due_date, date(2020, 5, 8))
        self.assertEqual(cause.recipient, "marketing")
        self.assertEqual(self._submission("material").recipient, "finance")

    def test_public_holiday_moves_the_due_date(self):
        """R-RPT-1: National Day (1–7 October 2020, whole days in Shanghai, a
        global leave of the company's calendar): September's reports due on
        Saturday the 3rd are due on Thursday the 8th; a leave in Shanghai
        time, not UTC (it ends at 16:00 UTC on the 7th)."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": self.calendar.id,
                "company_id": self.company.id,
                "date_from": datetime(2020, 9, 30, 16, 0),
                "date_to": datetime(2020, 10, 7, 15, 59, 59),
            }
        )
        self.assertEqual(
            self._submission("feedback", "2020-09-01").due_date, date(2020, 10, 8)
        )
        self.company.after_sales_cause_due_day = 7
        self.assertEqual(
            self._submission("cause", "2020-09-01").due_date, date(2020, 10, 8)
        )

    def test_bad_due_days_are_refused(self):
        """R-RPT-1: a due day is the 1st to the 28th, a reminder 0 to 28 days
        ahead: anything else is refused with a clear error, nothing changes."""
        settings = self.env["res.config.settings"].create({})
        for field_name, value in (
            ("after_sales_report_due_day", 0),
            ("after_sales_report_due_day", 29),
            ("after_sales_cause_due_day", 31),
            ("after_sales_cause_due_day", -1),
            ("after_sales_report_reminder_days", -1),
            ("after_sales_report_reminder_days", 40),
        ):
            with self.subTest(field=field_name, value=value):
                with self.assertRaises(ValidationError) as caught:
                    self.company.write({field_name: value})
                self.assertIn(str(value), str(caught.exception))
                with self.assertRaises(ValidationError):
                    settings.write({field_name: value})
                    settings.execute()
                self.env.invalidate_all()
                self.assertEqual(self.company.after_sales_report_due_day, 3)
                self.assertEqual(self.company.after_sales_cause_due_day, 8)
                self.assertEqual(self.company.after_sales_report_reminder_days, 2)

    def test_open_month_is_refused(self):
        """R-RPT-1: a report covers a whole closed month: its first day, never
        the month still running."""
        with self.assertRaises(ValidationError):
            self._submission("labour", "2020-04-15")
        today = self.company._after_sales_today()
        with self.assertRaises(ValidationError):
            self._submission("labour", today.replace(day=1))

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------

    def test_cron_creates_four_once(self):
        """R-RPT-1: on the company's 1st of December the job opens November's
        four reports; run again, it adds nothing."""
        with freeze_time(datetime(2020, 12, 1, 2, 0)):  # 10:00 in Shanghai
            self.Submission._cron_submissions()
            submissions = self._company_submissions("2020-11-01")
            self.assertEqual(
                sorted(submissions.mapped("kind")),
                ["cause", "feedback", "labour", "material"],
            )
            self.Submission._cron_submissions()
        self.assertEqual(self._company_submissions("2020-11-01"), submissions)

    def test_cron_month_closes_in_the_company_time_zone(self):
        """R-RPT-1: at 17:00 UTC on 30 November it is already 1 December in
        Shanghai: November has closed for the company."""
        with freeze_time(datetime(2020, 11, 30, 15, 0)):  # 23:00 in Shanghai
            self.Submission._cron_submissions()
            self.assertFalse(self._company_submissions("2020-11-01"))
        with freeze_time(datetime(2020, 11, 30, 17, 0)):  # 01:00 on the 1st
            self.Submission._cron_submissions()
            self.assertEqual(len(self._company_submissions("2020-11-01")), 4)

    def test_one_reminder_per_submission_for_the_clerk(self):
        """R-RPT-1: the clerk gets one to-do per report two days before it is
        due (the finance reports due Thursday 3 December: on the 1st; the cause
        statistics due Tuesday the 8th: on the 6th), never twice — not even
        after marking it done."""
        with freeze_time(datetime(2020, 12, 1, 2, 0)):
            self.Submission._cron_submissions()
            self.Submission._cron_submissions()
        submissions = self._company_submissions("2020-11-01")
        cause = submissions.filtered(lambda s: s.kind == "cause")
        finance = submissions - cause
        for submission in finance:
            activity = submission.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.clerk)
            self.assertEqual(activity.date_deadline, date(2020, 12, 3))
            self.assertIn(submission.name, activity.summary)
            self.assertIn("Finance", activity.summary)
        self.assertFalse(cause.activity_ids)
        finance[0].activity_ids.action_feedback()
        with freeze_time(datetime(2020, 12, 6, 2, 0)):
            self.Submission._cron_submissions()
            self.Submission._cron_submissions()
        self.assertEqual(len(cause.activity_ids), 1)
        self.assertEqual(cause.activity_ids.date_deadline, date(2020, 12, 8))
        self.assertIn("Marketing Director", cause.activity_ids.summary)
        self.assertFalse(finance[0].activity_ids)
        self.assertEqual(len(finance[1:].activity_ids), 2)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", self.Submission._name), ("res_id", "in", finance.ids)]
        )
        self.assertEqual(len(activities), 2)

    def test_clerk_named_later_is_reminded(self):
        """R-RPT-1: a company without a responsible clerk when the month
        closed: the clerk named afterwards takes the open reports and is
        reminded by the next run."""
        self.company.after_sales_report_user_id = False
        with freeze_time(datetime(2020, 12, 1, 2, 0)):
            self.Submission._cron_submissions()
        submissions = self._company_submissions("2020-11-01")
        self.assertFalse(submissions.user_id)
        self.assertFalse(submissions.activity_ids)
        self.company.after_sales_report_user_id = self.clerk
        with freeze_time(datetime(2020, 12, 2, 2, 0)):
            self.Submission._cron_submissions()
        self.assertEqual(submissions.user_id, self.clerk)
        self.assertEqual(len(submissions.activity_ids), 3)

    def test_reminder_in_the_clerk_language(self):
        """R-RPT-1: the to-do reads in the clerk's language, whoever runs the
        job (the job here runs in Chinese, the clerk reads English)."""
        self.clerk.lang = "en_US"
        with freeze_time(datetime(2020, 12, 1, 2, 0)):
            self.Submission.with_context(lang="zh_CN")._cron_submissions()
        labour = self._company_submissions("2020-11-01").filtered(
            lambda s: s.kind == "labour"
        )
        self.assertEqual(
            labour.activity_ids.summary,
            "Submit Labour Hours Statistics November 2020 to Finance",
        )

    def test_cron_marks_late_in_the_company_time_zone(self):
        """R-RPT-1: November's finance reports due on 3 December are late when
        the company's 4th begins (16:00 UTC on the 3rd), not before; the
        cause statistics are not."""
        with freeze_time(datetime(2020, 12, 1, 2, 0)):
            self.Submission._cron_submissions()
        submissions = self._company_submissions("2020-11-01")
        with freeze_time(datetime(2020, 12, 3, 15, 30)):  # 23:30 on the 3rd
            self.Submission._cron_submissions()
        self.assertFalse(any(submissions.mapped("late")))
        with freeze_time(datetime(2020, 12, 3, 16, 30)):  # 00:30 on the 4th
            self.Submission._cron_submissions()
        self.assertEqual(
            sorted(submissions.filtered("late").mapped("kind")),
            ["feedback", "labour", "material"],
        )
        self.assertEqual(
            self.Submission.search(
                [("id", "in", submissions.ids), ("late", "=", True)]
            ).mapped("status"),
            ["late"] * 3,
        )

    # ------------------------------------------------------------------
    # Submitting
    # ------------------------------------------------------------------

    def test_submit_freezes_the_print(self):
        """R-RPT-1: the clerk submits; who and when are recorded, the month's
        print is kept as the record's attachment; the clerk's to-do is done;
        nobody adds, changes or deletes the frozen print."""
        submission = self._submission("labour")
        submission._schedule_reminder()
        self.assertEqual(len(submission.activity_ids), 1)
        as_clerk = submission.with_user(self.clerk)
        as_clerk.action_submit()
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.submitted_by_id, self.clerk)
        self.assertTrue(submission.submitted_at)
        self.assertFalse(submission.activity_ids)
        attachment = submission.attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            (submission._name, submission.id),
        )
        content = attachment.raw.decode()
        # The department's form: in Chinese when Chinese is installed, else in
        # the reader's language; its title is the report's name in that language.
        lang = submission._report_lang()
        report = self.env.ref("after_sales_service.report_submission_labour_action")
        self.assertIn(report.with_context(lang=lang).name, content)
        self.assertIn(submission.with_context(lang=lang).month_label, content)
        self.assertIn(self.company.name, content)
        Attachment = self.env["ir.attachment"].with_user(self.clerk)
        with self.assertRaises(UserError):
            attachment.with_user(self.clerk).unlink()
        with self.assertRaises(UserError):
            attachment.with_user(self.clerk).write({"raw": b"forged"})
        with self.assertRaises(UserError):
            Attachment.create(
                {
                    "name": "other.pdf",
                    "raw": b"%PDF",
                    "res_model": submission._name,
                    "res_id": submission.id,
                }
            )
        self.assertTrue(attachment.exists())
        self.assertEqual(attachment.raw.decode(), content)

    def test_submitted_refuses_writes(self):
        """R-RPT-1, R-X-3: a submitted record never changes, whoever asks: the
        clerk cannot edit, reopen, re-date or delete it."""
        submission = self._submission("material")
        submission.with_user(self.clerk).action_submit()
        as_clerk = submission.with_user(self.clerk)
        for vals in (
            {"note": "changed"},
            {"state": "draft"},
            {"due_date": "2020-06-30"},
            {"late": True},
            {"month": "2020-03-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_clerk.write(vals)
        with self.assertRaises(UserError):
            as_clerk.unlink()
        with self.assertRaises(UserError):
            as_clerk.action_submit()
        self.env.invalidate_all()
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.due_date, date(2020, 5, 4))
        self.assertFalse(submission.note)

    def test_draft_transition_fields_refused(self):
        """R-RPT-1: nobody types the due date, the lateness or the clerk of a
        draft: they are the system's."""
        submission = self._submission("labour")
        for vals in (
            {"due_date": "2020-06-30"},
            {"late": False},
            {"state": "submitted"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                submission.with_user(self.clerk).write(vals)
        submission.with_user(self.clerk).write({"note": "Sent by e-mail too"})
        self.assertEqual(submission.note, "Sent by e-mail too")

    def test_late_in_the_company_time_zone(self):
        """R-RPT-1: November's labour statistics are due on 3 December: handed
        in at 23:00 that day in Shanghai (15:00 UTC) on time; at 01:00 on the
        4th in Shanghai (17:00 UTC on the 3rd) late."""
        on_time = self._submission("labour", "2020-11-01")
        late = self._submission("material", "2020-11-01")
        self.assertEqual(on_time.due_date, date(2020, 12, 3))
        with freeze_time(datetime(2020, 12, 3, 15, 0)):
            on_time.with_user(self.clerk).action_submit()
        with freeze_time(datetime(2020, 12, 3, 17, 0)):
            late.with_user(self.clerk).action_submit()
        self.assertFalse(on_time.late)
        self.assertEqual(on_time.status, "submitted")
        self.assertTrue(late.late)
        self.assertEqual(late.status, "submitted_late")
        self.assertEqual(
            self.Submission.search(
                [("id", "in", (on_time | late).ids), ("late", "=", True)]
            ),
            late,
        )

    def test_engineer_cannot_submit(self):
        """R-RPT-1: the clerk or the supervisor submits; an engineer neither
        submits nor reads the record."""
        submission = self._submission("cause")
        with self.assertRaises(AccessError):
            submission.with_user(self.engineer).action_submit()
        with self.assertRaises(AccessError):
            submission.with_user(self.engineer).read(["state"])
        self.assertEqual(submission.state, "draft")
        submission.with_user(self.supervisor).action_submit()
        self.assertEqual(submission.submitted_by_id, self.supervisor)

    def test_prints_read_the_month(self):
        """R-RPT-1: each of the four prints renders from its report model for
        the company and month (one grouped query), in Chinese headings when
        Chinese is installed."""
        for kind in ("labour", "material", "feedback", "cause"):
            submission = self._submission(kind)
            report = self.env.ref(
                f"after_sales_service.report_submission_{kind}_action"
            )
            html, _kind = self.env["ir.actions.report"]._render_qweb_html(
                report.report_name, submission.ids
            )
            self.assertIn(b"o_as_grid", html)
            self.assertIn(self.company.name.encode(), html)
