# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
"""Days and months in the company's time zone, as naive UTC bounds.

Plain functions, no ``odoo`` import. Odoo stores ``fields.Datetime`` as naive UTC;
the company counts days and months on its own wall clock (Asia/Shanghai for most
users). Every bound is a half-open interval ``[start, end)`` in naive UTC, the
shape a domain ``(">=", start), ("<", end)`` wants. The one time-zone library of
the addon is :mod:`zoneinfo` (no ``pytz``).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

from .errors import RuleInputError, _lt


class PeriodInputError(RuleInputError):
    """Invalid input of the period arithmetic."""


def zone(name):
    """The :class:`~zoneinfo.ZoneInfo` of ``name``; empty means UTC."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        message = _lt("Unknown time zone %(tz)s.")
        raise PeriodInputError(message, tz=repr(name)) from None


def local_to_utc(local, tz):
    """Naive local wall-clock ``local`` in ``tz`` -> naive UTC.

    A wall-clock time skipped by a DST change is read with the offset before the
    change (``fold=0``), as :mod:`zoneinfo` does.
    """
    return local.replace(tzinfo=zone(tz)).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(moment, tz):
    """Naive UTC ``moment`` -> naive local wall-clock time in ``tz``."""
    return moment.replace(tzinfo=UTC).astimezone(zone(tz)).replace(tzinfo=None)


def local_date(moment, tz):
    """The date of naive UTC ``moment`` on the wall clock of ``tz``."""
    return utc_to_local(moment, tz).date()


def day_bounds(day, tz):
    """``(start, end)``: naive UTC of ``day``'s local midnight and the next one."""
    _check_date(day)
    return (
        local_to_utc(datetime.combine(day, time.min), tz),
        local_to_utc(datetime.combine(day + timedelta(days=1), time.min), tz),
    )


def month_bounds(day, tz):
    """``(start, end)``: naive UTC of the local midnights that open the month of
    ``day`` and the next month."""
    _check_date(day)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        local_to_utc(datetime.combine(first, time.min), tz),
        local_to_utc(datetime.combine(following, time.min), tz),
    )


def month_label(day, lang):
    """The month of ``day`` as a reader of ``lang`` (an Odoo language code)
    writes it: ``2026年12月``, ``December 2026`` — a month, never its first
    day."""
    _check_date(day)
    try:
        locale = Locale.parse(lang or "en_US")
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en_US")
    return format_skeleton("yMMMM", day, locale=locale)


def at_local_time(day, hour, tz):
    """Naive UTC of ``day`` at the local ``hour`` (a float: 8.5 = 08:30), to the
    minute."""
    _check_date(day)
    hours, minutes = divmod(round(hour * 60), 60)
    if not 0 <= hours < 24:
        raise PeriodInputError(
            _lt("The hour %(hour)s is not between 0 and 24."), hour=hour
        )
    return local_to_utc(datetime.combine(day, time(hours, minutes)), tz)


def _check_date(day):
    if not isinstance(day, date) or isinstance(day, datetime):
        raise PeriodInputError(_lt("Expected a date, got %(value)s."), value=repr(day))
