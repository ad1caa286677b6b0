# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import AfterSalesCase

NOVEMBER = date(2026, 11, 1)
# 23:30 on 30 November in Shanghai (UTC+8): still November there.
LAST_EVENING = datetime(2026, 11, 30, 15, 30)
# 00:30 on 1 December in Shanghai: December there, 30 November in Brussels.
FIRST_NIGHT = datetime(2026, 11, 30, 16, 30)


@tagged("post_install", "-at_install")
class TestCallbackSurvey(AfterSalesCase):
    """The month's satisfaction survey the clerk hands in (R-CB-2; 004 §4, §7.2):
    the company's month, the 5 : 1 quota, the due day, lateness priced once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.resource_calendar_id = cls._shanghai_calendar()
        cls.company.after_sales_survey_due_day = 3
        cls.company.after_sales_survey_repair_ratio = 5
        cls.company.after_sales_survey_install_ratio = 1
        cls.company.after_sales_survey_user_id = cls.clerk
        # The viewer is in Brussels: the month is the company's all the same.
        cls.clerk.tz = "Europe/Brussels"
        cls.clerk_employee = cls.env["hr.employee"].create(
            {"name": "Survey clerk", "user_id": cls.clerk.id}
        )
        cls.type_install = cls.env.ref("after_sales_service.service_type_installation")
        cls.Survey = cls.env["after_sales.callback.survey"]
        cls.Callback = cls.env["after_sales.callback"]

    def _done(self, end, service_type=None):
        ticket = self._create_ticket(
            registered_at=datetime(2026, 11, 2, 1, 0),
            service_type_id=(service_type or self.type_repair).id,
        )
        record = self._create_record(
            ticket,
            user_id=self.engineer.id,
            **self._confirm_values(
                start_datetime=end.replace(hour=1), end_datetime=end
            ),
        )
        record.action_done()
        return self.Callback.search([("record_id", "=", record.id)])

    def _answer(self, callback, grade="good"):
        callback = callback.with_user(self.clerk)
        for answer in callback.answer_ids.filtered("graded"):
            answer.grade = grade
        callback.action_answer()

    @freeze_time("2026-12-02 02:00:00")
    def test_month_counts_and_quota(self):
        """R-CB-2: the survey counts the company's month (a service finished at
        23:30 on the 30th in Shanghai is November's, one at 00:30 on the 1st is
        December's, whatever the Brussels viewer's clock says); one installation
        survey is required for every five repair surveys, as far as
        installations were done; coverage and satisfaction are of the month."""
        repairs = [self._done(datetime(2026, 11, day, 8, 0)) for day in (3, 5, 10, 20)]
        repairs.append(self._done(LAST_EVENING))
        december = self._done(FIRST_NIGHT)
        install = self._done(datetime(2026, 11, 12, 8, 0), self.type_install)
        for callback in repairs[:4]:
            self._answer(callback, "good")
        self._answer(repairs[4], "poor")
        self._answer(december, "good")

        survey = self.Survey.with_user(self.clerk).create({"month": NOVEMBER})
        self.assertEqual(survey.completed_count, 6)
        self.assertEqual(survey.repair_done, 5)
        self.assertEqual(survey.install_done, 1)
        self.assertEqual(survey.repair_answered, 5)
        self.assertEqual(survey.install_answered, 0)
        self.assertEqual(survey.satisfied_count, 4)
        self.assertAlmostEqual(survey.satisfaction, 80.0)
        self.assertAlmostEqual(survey.coverage, 500 / 6)
        self.assertEqual(survey.install_required, 1)
        self.assertFalse(survey.quota_met)
        month_callbacks = survey._month_callbacks()
        self.assertNotIn(december, month_callbacks)
        self.assertIn(repairs[4], month_callbacks)

        self._answer(install, "excellent")
        survey.action_refresh()
        self.assertEqual(survey.install_answered, 1)
        self.assertTrue(survey.quota_met)
        self.assertEqual(survey.coverage, 100.0)

        # Handed in on time (due the 3rd): frozen, nobody charged.
        survey.action_submit()
        self.assertEqual(survey.state, "submitted")
        self.assertFalse(survey.late)
        self.assertEqual(survey.submitted_by_id, self.clerk)
        self.assertFalse(
            self.env["after_sales.performance.event"].search(
                [("kind", "=", "survey_late"), ("company_id", "=", self.company.id)]
            )
        )
        # The counts stay those handed in.
        self._answer(self._done(datetime(2026, 11, 25, 8, 0)))
        self.assertEqual(survey.repair_done, 5)
        with self.assertRaises(UserError):
            survey.with_user(self.clerk).note = "changed after"
        with self.assertRaises(AccessError):
            survey.with_user(self.supervisor).write({"repair_answered": 50})
        with self.assertRaises(UserError):
            survey.with_user(self.supervisor).action_submit()

    def test_due_day_moves_to_the_next_working_day(self):
        """R-CB-2: due on the company's day of the next month; a weekend or a
        public holiday moves it to the next working day."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": datetime(2026, 10, 4, 16, 0),
                "date_to": datetime(2026, 10, 7, 15, 59),
            }
        )
        september = self.Survey.create({"month": date(2026, 9, 1)})
        # 3 October 2026 is a Saturday; 5–7 October are holidays.
        self.assertEqual(september.due_date, date(2026, 10, 8))
        self.company.after_sales_survey_due_day = 8
        october = self.Survey.create({"month": date(2026, 10, 1)})
        self.assertEqual(october.due_date, date(2026, 11, 9))  # Sunday 8th → Monday

    def test_late_survey_charged_to_the_clerk_once(self):
        """R-CB-2, R-PEN-3 (004 §7.2: 信息员未在规定日期内上交顾客满意调查 −50): the
        day after the due day the job marks the survey late and charges its
        clerk; handing it in later charges nothing more."""
        with freeze_time("2026-12-01 02:00:00"):
            self._done(datetime(2026, 11, 10, 8, 0))
            self.Survey._cron_surveys()
            survey = self.Survey.search(
                [("company_id", "=", self.company.id), ("month", "=", NOVEMBER)]
            )
            self.assertEqual(len(survey), 1)
            self.assertEqual(survey.user_id, self.clerk)
            self.assertEqual(survey.due_date, date(2026, 12, 3))
            activity = survey.activity_ids
            self.assertEqual(activity.user_id, self.clerk)
            self.assertEqual(activity.date_deadline, date(2026, 12, 3))
            self.Survey._cron_surveys()
            self.assertEqual(
                self.Survey.search_count(
                    [("company_id", "=", self.company.id), ("month", "=", NOVEMBER)]
                ),
                1,
            )
        with freeze_time("2026-12-03 09:00:00"):  # 17:00 in Shanghai: still due
            self.Survey._cron_surveys()
            self.assertFalse(survey.late)
        with freeze_time("2026-12-03 16:30:00"):  # 00:30 on the 4th in Shanghai
            self.Survey._cron_surveys()
            self.assertTrue(survey.late)
            self.Survey._cron_surveys()
        with freeze_time("2026-12-07 02:00:00"):
            survey.with_user(self.clerk).action_submit()
            self.assertTrue(survey.late)
        events = self.env["after_sales.performance.event"].search(
            [("kind", "=", "survey_late"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(events), 1)
        self.assertEqual(events.employee_id, self.clerk_employee)
        self.assertEqual(events.with_context(lang="en_US").key_label, "November 2026")
        self.assertEqual(events.with_context(lang="zh_CN").key_label, "2026年11月")
        Line = self.env["after_sales.penalty.line"]
        Line._generate_lines()
        lines = Line.search(
            [
                ("res_model", "=", "after_sales.callback.survey"),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual(lines.mapped("amount"), [-50.0])
        # dated the due day in Shanghai, not the day after (23:59 read in UTC)
        self.assertEqual(lines.date, date(2026, 12, 3))
        self.assertEqual(lines.employee_id, self.clerk_employee)

    @freeze_time("2026-12-02 02:00:00")
    def test_bad_input_and_rights(self):
        """R-CB-2: one survey a month and company, of a whole month begun; the
        engineer neither reads nor hands it in; nobody deletes one."""
        survey = self.Survey.with_user(self.clerk).create({"month": NOVEMBER})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Survey.create({"month": date(2026, 10, 15)})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Survey.create({"month": date(2027, 1, 1)})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Survey.create({"month": False})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Survey.create({"month": NOVEMBER})
        with self.assertRaises(AccessError):
            survey.with_user(self.engineer).read(["name"])
        with self.assertRaises(AccessError):
            survey.with_user(self.engineer).action_submit()
        with self.assertRaises(AccessError), self.cr.savepoint():
            survey.with_user(self.clerk).write({"due_date": date(2027, 1, 1)})
        with self.assertRaises(UserError), self.cr.savepoint():
            survey.with_user(self.clerk).write({"month": date(2026, 10, 1)})
        with self.assertRaises(UserError), self.cr.savepoint():
            survey.unlink()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.after_sales_survey_due_day = 31
        self.assertEqual(survey.due_date, date(2026, 12, 3))
        self.assertEqual(survey.month, NOVEMBER)
        self.assertEqual(survey.with_context(lang="zh_CN").name, "2026年11月满意度调查")

    @freeze_time("2026-12-02 02:00:00")
    def test_statistics_by_the_company_month(self):
        """R-CB-2: the satisfaction statistics group by the company's month: a
        service finished at 00:30 on 1 December in Shanghai is December's for a
        viewer in Brussels too (for whom it was still 30 November)."""
        november = self._done(LAST_EVENING)
        december = self._done(FIRST_NIGHT)
        self._answer(november, "excellent")
        self._answer(december, "poor")
        self.assertEqual(november.completed_date, date(2026, 11, 30))
        self.assertEqual(december.completed_date, date(2026, 12, 1))
        groups = (
            self.Callback.with_user(self.clerk)
            .with_context(tz="Europe/Brussels", lang="en_US")
            .read_group(
                [("id", "in", (november | december).ids)],
                ["satisfied_rate:avg"],
                ["completed_date:month"],
            )
        )
        rates = {g["completed_date:month"]: g["satisfied_rate"] for g in groups}
        self.assertEqual(rates, {"November 2026": 100.0, "December 2026": 0.0})


@tagged("post_install", "-at_install")
class TestCallbackDemo(TransactionCase):
    """The demo month's callbacks (issue 21, "Done when"): every outcome, and
    last month's survey handed in."""

    def test_demo_callbacks_in_every_outcome(self):
        """R-CB-1, R-CB-2: the demo has answered (satisfied and not), refused,
        not-reached and still-to-call callbacks, and a handed-in survey."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "after_sales_service")]
        )
        if not module.demo:
            self.skipTest("installed without demo data")
        company = self.env.ref("after_sales_service.company_demo")
        callbacks = self.env["after_sales.callback"].search(
            [("company_id", "=", company.id)]
        )
        outcomes = set(callbacks.mapped("state"))
        self.assertLessEqual({"done", "refused", "unreachable", "pending"}, outcomes)
        answered = callbacks.filtered(lambda c: c.state == "done")
        self.assertIn("poor", answered.mapped("satisfaction"))
        self.assertTrue(set(answered.mapped("satisfaction")) & {"excellent", "good"})
        survey = self.env.ref("after_sales_service.callback_survey_last_month")
        self.assertEqual(survey.state, "submitted")
        self.assertEqual(
            survey.answered_count,
            len(survey._month_callbacks().filtered(lambda c: c.state == "done")),
        )
