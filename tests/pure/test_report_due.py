# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin the due dates of the month's reports (``tools/report_due.py``).

R-RPT-1: the three statistics to finance by the 3rd, the cause statistics to
the marketing director by the 8th (company settings, 1–28), moved to the next
working day of the company's calendar; the reminder some days ahead.
"""

from datetime import date, datetime

import pytest

from tools import report_due
from tools.report_due import DueDateInputError

WEEKDAYS = frozenset(range(5))


def test_due_on_a_working_day_stays():
    """R-RPT-1: November 2026's reports are due Thursday 3 December."""
    assert report_due.due_date(date(2026, 11, 1), 3, WEEKDAYS) == date(2026, 12, 3)


def test_due_on_a_sunday_moves_to_monday():
    """R-RPT-1: 3 January 2027 is a Sunday: December's reports are due Monday
    the 4th."""
    assert date(2027, 1, 3).weekday() == 6
    assert report_due.due_date(date(2026, 12, 1), 3, WEEKDAYS) == date(2027, 1, 4)


def test_due_on_a_public_holiday_moves_past_it():
    """R-RPT-1: National Day week (1–7 October 2026): September's cause
    statistics due on Thursday the 8th stay; due on the 5th they move to the
    8th (the holidays and the weekend between)."""
    holidays = {date(2026, 10, d) for d in range(1, 8)}
    month = date(2026, 9, 1)
    assert report_due.due_date(month, 8, WEEKDAYS, holidays) == date(2026, 10, 8)
    assert report_due.due_date(month, 5, WEEKDAYS, holidays) == date(2026, 10, 8)


def test_any_day_of_the_month_gives_the_next_month():
    """R-RPT-1: the month is given by any of its days; December gives January."""
    assert report_due.due_date(date(2026, 12, 31), 8) == date(2027, 1, 8)
    assert report_due.previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert report_due.previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


def test_no_working_weekday_moves_nothing():
    """R-RPT-1: a calendar without any working day leaves the day as it is."""
    assert report_due.next_working_day(date(2027, 1, 3), ()) == date(2027, 1, 3)


@pytest.mark.parametrize("day", [0, 29, 31, -1, 3.0, "3", None, True])
def test_bad_due_day_is_refused(day):
    """R-RPT-1: a due day is 1 to 28."""
    with pytest.raises(DueDateInputError):
        report_due.due_date(date(2026, 11, 1), day)


def test_reminder_date():
    """R-RPT-1: the reminder comes the lead days before the due date."""
    assert report_due.reminder_date(date(2027, 1, 4), 2) == date(2027, 1, 2)
    assert report_due.reminder_date(date(2027, 1, 4), 0) == date(2027, 1, 4)
    with pytest.raises(DueDateInputError):
        report_due.reminder_date(date(2027, 1, 4), -1)


def test_late_from_the_day_after():
    """R-RPT-1: submitted on the due date is on time; the day after is late."""
    assert not report_due.is_late(date(2026, 12, 3), date(2026, 12, 3))
    assert report_due.is_late(date(2026, 12, 3), date(2026, 12, 4))


def test_a_datetime_is_not_a_date():
    """R-RPT-1: the arithmetic takes calendar dates, never moments."""
    with pytest.raises(DueDateInputError):
        report_due.next_working_day(datetime(2026, 12, 3, 10, 0))
