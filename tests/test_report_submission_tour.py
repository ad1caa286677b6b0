# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged

from ..tools import report_due
from .test_report_submission import ReportSubmissionCase


@tagged("post_install", "-at_install")
class TestReportSubmissionTour(HttpCase, ReportSubmissionCase):
    """The clerk submits the month's report in a real browser, in Chinese, as a
    clerk without an e-mail address (static/tests/tours/report_submission_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._chinese_browser_user(cls.clerk)

    def test_clerk_submits_the_month_in_the_browser(self):
        """R-RPT-1: the clerk opens Monthly Submissions, opens the month's
        labour-hours statistics, presses Submit and sees it submitted; who and
        when are recorded and the print is kept."""
        month = report_due.previous_month(self.company._after_sales_today())
        # The month just closed: opened by the daily job if it ran already.
        submission = self._company_submissions(month).filtered(
            lambda s: s.kind == "labour"
        ) or self._submission("labour", month)
        self.assertEqual(submission.state, "draft")
        submission._schedule_reminder()
        self.start_tour(
            "/odoo/action-after_sales_service.report_submission_action",
            "after_sales_clerk_report_submission",
            login=self.clerk.login,
        )
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.submitted_by_id, self.clerk)
        self.assertTrue(submission.attachment_id)
        self.assertFalse(submission.activity_ids)
