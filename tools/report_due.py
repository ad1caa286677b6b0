# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
"""Due dates of the month's reports (R-RPT-1).

Plain functions, no ``odoo`` import. Seed 000 §2.10/§2.12: the clerk sends the
three statistics (labour hours, materials used, feedback) to finance by the
3rd of the next month and the cause statistics to the marketing director by
the 8th. The day is a company setting (1–28: every month has it); a due day
that falls on a non-working day of the company's calendar (a weekday it does
not work, or a public holiday) moves to the next working day. The reminder
comes a number of days before the due date.
"""

from datetime import date, timedelta

from .errors import RuleInputError, _lt

# Monday = 0 … Sunday = 6, as ``date.weekday()`` and Odoo's ``dayofweek``.
ALL_WEEKDAYS = frozenset(range(7))


class DueDateInputError(RuleInputError):
    """Invalid input of the due-date arithmetic."""


def check_due_day(day):
    """``day`` of the month a report is due: 1 to 28 (every month has it)."""
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 28:
        raise DueDateInputError(
            _lt("A report's due day is between the 1st and the 28th, not %(day)s."),
            day=day,
        )
    return day


def check_reminder_days(days):
    """The reminder's lead time: 0 (on the due day) to 28 days."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 28:
        raise DueDateInputError(
            _lt("A reminder comes 0 to 28 days before the due date, not %(days)s."),
            days=days,
        )
    return days


def month_start(day):
    """The first day of the month of ``day``."""
    _check_date(day)
    return day.replace(day=1)


def next_month(month):
    """The first day of the month after the month of ``month``."""
    return (month_start(month) + timedelta(days=32)).replace(day=1)


def previous_month(day):
    """The first day of the month before the month of ``day``: the month that
    has closed when ``day`` is the company's today."""
    return (month_start(day) - timedelta(days=1)).replace(day=1)


def next_working_day(day, working_weekdays=ALL_WEEKDAYS, holidays=()):
    """``day`` itself when it is a working day, else the next one: a weekday
    of ``working_weekdays`` (Monday = 0) that is not in ``holidays``."""
    _check_date(day)
    working = frozenset(working_weekdays)
    if not working:
        return day  # a calendar without working days moves nothing
    holidays = frozenset(holidays)
    for _n in range(366):
        if day.weekday() in working and day not in holidays:
            return day
        day += timedelta(days=1)
    raise DueDateInputError(
        _lt("No working day within a year after %(day)s."), day=day.isoformat()
    )


def due_date(month, due_day, working_weekdays=ALL_WEEKDAYS, holidays=()):
    """The due date of the report of ``month``: the ``due_day`` of the next
    month, moved to the next working day."""
    check_due_day(due_day)
    nominal = next_month(month).replace(day=due_day)
    return next_working_day(nominal, working_weekdays, holidays)


def reminder_date(due, lead_days):
    """The day the responsible clerk is reminded: ``lead_days`` before ``due``."""
    _check_date(due)
    check_reminder_days(lead_days)
    return due - timedelta(days=lead_days)


def is_late(due, day):
    """Whether a report due on ``due`` is late on (or submitted on) ``day``,
    both dates of the company's calendar: late from the day after."""
    _check_date(due)
    _check_date(day)
    return day > due


def _check_date(day):
    if not isinstance(day, date) or hasattr(day, "hour"):
        raise DueDateInputError(_lt("Expected a date, got %(value)s."), value=repr(day))
