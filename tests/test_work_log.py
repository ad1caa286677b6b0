# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AfterSalesCase

# Asia/Shanghai is UTC+8 without DST. November 2026: Thu 05, Fri 06, Sat 07,
# Sun 08, Mon 09, Tue 10. Times below are naive UTC.
FRIDAY = date(2026, 11, 6)
FRIDAY_EVENING = "2026-11-06 12:00:00"  # Fri 20:00 Shanghai
MONDAY_DEADLINE = datetime(2026, 11, 9, 0, 30)  # Mon 08:30 Shanghai


def utc(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


@tagged("post_install", "-at_install")
class TestWorkLog(AfterSalesCase):
    """R-REC-6: each engineer's daily work log, due the next working day 08:30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.company.after_sales_log_deadline_hour = 8.5
        cls.employee_2 = cls.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": cls.engineer_2.id}
        )
        cls.Log = cls.env["after_sales.work.log"]

    def _record(self, ticket, user, **vals):
        return self._create_record(ticket, user_id=user.id, **vals)

    def _friday_records(self):
        """Three records of the engineer on Friday (Shanghai), and others."""
        ticket = self._create_ticket(registered_at=utc("2026-11-05 00:00"))
        mine = self._record(
            ticket,
            self.engineer,
            actual_arrival=utc("2026-11-06 01:00"),
            start_datetime=utc("2026-11-06 01:00"),
            end_datetime=utc("2026-11-06 03:00"),
            travel_distance=12.0,
        )
        helped = self._record(
            ticket,
            self.engineer_2,
            engineer_ids=[Command.set(self.employee.ids)],
            start_datetime=utc("2026-11-06 06:00"),
            end_datetime=utc("2026-11-06 07:30"),
            travel_distance=5.0,
        )
        # Thursday in UTC, already Friday 00:30 in Shanghai.
        after_midnight = self._record(
            ticket,
            self.engineer,
            actual_arrival=utc("2026-11-05 16:30"),
            start_datetime=utc("2026-11-05 16:30"),
            end_datetime=utc("2026-11-05 17:30"),
            travel_distance=3.0,
        )
        # Thursday 23:30 in Shanghai.
        self._record(
            ticket,
            self.engineer,
            actual_arrival=utc("2026-11-05 15:30"),
            start_datetime=utc("2026-11-05 15:30"),
        )
        # Another engineer's record.
        self._record(ticket, self.engineer_2, actual_arrival=utc("2026-11-06 02:00"))
        return mine | helped | after_midnight

    def _log(self, employee=None, day=FRIDAY, user=None):
        env = self.Log.with_user(user) if user else self.Log
        return env.create({"employee_id": (employee or self.employee).id, "date": day})

    @freeze_time(FRIDAY_EVENING)
    def test_log_collects_the_days_records(self):
        """R-REC-6: the log lists the engineer's records of the day (company time
        zone; led or taken part in) with the hours and travel totals."""
        records = self._friday_records()
        self.Log.with_user(self.supervisor).action_generate_today()
        log = self.Log.search([("employee_id", "=", self.employee.id)])
        self.assertEqual(log.date, FRIDAY)
        self.assertEqual(log.record_ids, records)
        self.assertEqual(log.record_count, 3)
        self.assertAlmostEqual(log.labour_hours_total, 4.5)
        self.assertAlmostEqual(log.travel_distance_total, 20.0)
        self.assertEqual(log.deadline, MONDAY_DEADLINE)
        self.assertFalse(log.is_late)
        other = self.Log.search([("employee_id", "=", self.employee_2.id)])
        self.assertEqual(other.record_count, 2)
        # Generating again creates no duplicate.
        self.Log.with_user(self.supervisor).action_generate_today()
        self.assertEqual(self.Log.search_count([("date", "=", FRIDAY)]), 2)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.engineer).action_generate_today()

    @freeze_time(FRIDAY_EVENING)
    def test_submission_refreshes_the_records(self):
        """R-REC-6: a record closed after the log was created is in it when the
        engineer submits."""
        log = self._log(user=self.engineer)
        self.assertFalse(log.record_ids)
        records = self._friday_records()
        log.with_user(self.engineer).action_submit()
        self.assertEqual(log.record_ids, records)
        self.assertEqual(log.state, "submitted")

    def test_friday_log_submitted_on_time_monday(self):
        """R-REC-6: a Friday log is due Monday 08:30 (next working day of the
        engineer's calendar), not Saturday."""
        with freeze_time(FRIDAY_EVENING):
            log = self._log(user=self.engineer)
        self.assertEqual(log.deadline, MONDAY_DEADLINE)
        with freeze_time("2026-11-09 00:20:00"):
            log.with_user(self.engineer).action_submit()
        self.assertEqual(log.submitted_at, utc("2026-11-09 00:20"))
        self.assertFalse(log.is_late)

    def test_friday_log_submitted_late_monday(self):
        """R-REC-6, R-PEN-3: submitted after Monday 08:30, the Friday log is late:
        one ``work_log_late`` event of one day for the engineer."""
        with freeze_time(FRIDAY_EVENING):
            log = self._log(user=self.engineer)
        with freeze_time("2026-11-09 00:31:00"):
            log.with_user(self.engineer).action_submit()
        self.assertTrue(log.is_late)
        self.assertIn("Submitted late", log.message_ids[:1].body)
        events = self.env["after_sales.performance.event"].search(
            [("res_model", "=", log._name), ("res_id", "=", log.id)]
        )
        self.assertEqual(events.mapped("kind"), ["work_log_late"])
        self.assertEqual(events.quantity, 1)
        self.assertEqual(events.employee_id, log.employee_id)

    def test_not_submitted_past_deadline_is_late(self):
        """R-REC-6: a log still not submitted past its deadline is late once the
        scheduled check runs; before the deadline it is not."""
        with freeze_time(FRIDAY_EVENING):
            log = self._log()
        with freeze_time("2026-11-08 12:00:00"):
            self.Log._cron_generate_logs()
            self.assertFalse(log.is_late)
        with freeze_time("2026-11-09 01:00:00"):
            self.Log._cron_generate_logs()
            self.assertTrue(log.is_late)
            self.assertIn(log, self.Log.search([("is_late", "=", True)]))

    @freeze_time(FRIDAY_EVENING)
    def test_deadline_hour_is_configurable(self):
        """R-REC-6: the deadline hour is company configuration (default 08:30)."""
        self.company.after_sales_log_deadline_hour = 9.75
        log = self._log()
        self.assertEqual(log.deadline, datetime(2026, 11, 9, 1, 45))
        with self.assertRaises(ValidationError):
            self.company.after_sales_log_deadline_hour = 24.0

    @freeze_time(FRIDAY_EVENING)
    def test_public_holiday_moves_the_deadline(self):
        """R-REC-6: a public holiday on Monday (calendar leave without resource)
        is not a working day: the Friday log is due Tuesday."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": utc("2026-11-08 16:00"),
                "date_to": utc("2026-11-09 15:59"),
            }
        )
        log = self._log()
        self.assertEqual(log.deadline, datetime(2026, 11, 10, 0, 30))

    @freeze_time(FRIDAY_EVENING)
    def test_engineer_sees_own_logs_only(self):
        """R-REC-6: an engineer reads and submits only their own logs; the
        supervisor sees all."""
        mine = self._log()
        theirs = self._log(employee=self.employee_2)
        as_engineer = self.Log.with_user(self.engineer)
        self.assertEqual(as_engineer.search([("date", "=", FRIDAY)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.engineer).read(["state"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.engineer).action_submit()
        with self.assertRaises(AccessError):
            self._log(
                employee=self.employee_2, day=date(2026, 11, 5), user=self.engineer
            )
        self.assertEqual(theirs.state, "draft")
        self.assertEqual(
            self.Log.with_user(self.supervisor).search([("date", "=", FRIDAY)]),
            mine | theirs,
        )

    @freeze_time(FRIDAY_EVENING)
    def test_submit_twice(self):
        """R-REC-6: a log is submitted once; the second submission is refused and
        the first time is kept."""
        log = self._log(user=self.engineer)
        log.with_user(self.engineer).action_submit()
        with freeze_time("2026-11-07 01:00:00"):
            with self.assertRaises(UserError) as caught:
                log.with_user(self.engineer).action_submit()
            self.assertIn("already Submitted", str(caught.exception))
        self.assertEqual(log.submitted_at, utc("2026-11-06 12:00"))

    @freeze_time(FRIDAY_EVENING)
    def test_submitted_log_is_frozen(self):
        """R-REC-6: a submitted log is not edited nor deleted."""
        log = self._log(user=self.engineer)
        log.with_user(self.engineer).note = "Two repairs."
        log.with_user(self.engineer).action_submit()
        with self.assertRaises(UserError):
            log.with_user(self.engineer).note = "Three repairs."
        with self.assertRaises(UserError):
            log.with_user(self.supervisor).unlink()
        self.assertEqual(log.note, "Two repairs.")

    @freeze_time(FRIDAY_EVENING)
    def test_engineer_cannot_forge_submission(self):
        """R-REC-6: the state, the time and the lateness are set by the
        submission only."""
        log = self._log(user=self.engineer)
        with self.assertRaises(AccessError):
            log.with_user(self.engineer).write(
                {"state": "submitted", "submitted_at": utc("2026-11-06 10:00")}
            )
        with self.assertRaises(AccessError):
            log.with_user(self.engineer).is_late = True
        with self.assertRaises(AccessError):
            log.with_user(self.supervisor).is_late = False
        self.assertEqual(log.state, "draft")

    @freeze_time(FRIDAY_EVENING)
    def test_log_for_a_future_day(self):
        """R-REC-6: no log for a day still to come (company time zone)."""
        with self.assertRaises(ValidationError) as caught:
            self._log(day=date(2026, 11, 7))
        self.assertIn("future day", str(caught.exception))
        self.assertFalse(self.Log.search([("employee_id", "=", self.employee.id)]))

    @freeze_time(FRIDAY_EVENING)
    def test_one_log_per_engineer_and_day(self):
        """R-REC-6: an engineer has one log per day."""
        self._log()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._log()
