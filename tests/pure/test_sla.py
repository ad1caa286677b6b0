# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin the SLA deadline arithmetic of ``tools/sla.py`` (SPEC §2, R-SLA-1 … R-SLA-4).

The company calendar is Mon–Fri 08:30–12:00 and 13:00–17:30 in Asia/Shanghai
(UTC+8, no DST). ``tools.sla`` takes and returns naive UTC; the tables are written
in Shanghai wall-clock time as ``"MM-DD HH:MM"`` in 2025 and converted by ``sh()``.
March 2025: Mon 03, Tue 04 … Fri 07, Sat 08, Sun 09, Mon 10, … Mon 17, … Mon 24.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tools import sla

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def sh(value):
    """Shanghai wall clock ``"MM-DD HH:MM[:SS]"`` (2025) -> naive UTC.

    ``None`` and datetimes (already naive UTC) pass through unchanged.
    """
    if not isinstance(value, str):
        return value
    fmt = "%Y-%m-%d %H:%M:%S" if value.count(":") == 2 else "%Y-%m-%d %H:%M"
    local = datetime.strptime(f"2025-{value}", fmt).replace(tzinfo=SHANGHAI)
    return local.astimezone(UTC).replace(tzinfo=None)


def utc(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def pauses_of(pauses):
    return [(sh(start), sh(end)) for start, end in pauses]


OFFICE_HOURS = [
    (weekday, hour_from, hour_to)
    for weekday in range(5)
    for hour_from, hour_to in ((8.5, 12.0), (13.0, 17.5))
]
OFFICE = sla.Calendar(tz="Asia/Shanghai", attendances=OFFICE_HOURS)
# Tuesday 03-04 is a public holiday.
HOLIDAY = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=OFFICE_HOURS,
    leaves=[(sh("03-04 00:00"), sh("03-05 00:00"))],
)
# A festival from Friday 03-07 to Sunday 03-16.
FESTIVAL = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=OFFICE_HOURS,
    leaves=[(sh("03-07 00:00"), sh("03-17 00:00"))],
)
# Tuesday 03-04 afternoon off, given as two overlapping leaves.
HALF_DAY = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=OFFICE_HOURS,
    leaves=[
        (sh("03-04 12:00"), sh("03-04 15:00")),
        (sh("03-04 14:00"), sh("03-04 18:00")),
    ],
)
BERLIN = sla.Calendar(tz="Europe/Berlin", attendances=[(d, 9, 17) for d in range(5)])

# ---------------------------------------------------------------------------
# deadline()
# ---------------------------------------------------------------------------


def dl(rule, start, hours, expected, calendar=None, pauses=()):
    return pytest.param(
        sh(start), hours, calendar, pauses_of(pauses), sh(expected), id=rule
    )


DEADLINE_CASES = [
    # 24×7 hotline: plain calendar hours (R-SLA-1 allowances).
    dl("R-SLA-1 24x7 contact within 10 min", "03-03 09:00", 1 / 6, "03-03 09:10"),
    dl("R-SLA-1 24x7 contact within 4 h", "03-03 09:00", 4, "03-03 13:00"),
    dl("R-SLA-1 24x7 72 h run through the weekend", "03-07 20:00", 72, "03-10 20:00"),
    dl("R-SLA-1 24x7 fractional hours", "03-03 09:00", 0.75, "03-03 09:45"),
    # Working-time calendar (R-SLA-4).
    dl("R-SLA-4 deadline inside a morning", "03-03 09:00", 2, "03-03 11:00", OFFICE),
    dl("R-SLA-4 deadline crosses lunch", "03-03 11:00", 2, "03-03 14:00", OFFICE),
    dl("R-SLA-4 deadline crosses end of day", "03-03 16:30", 4, "03-04 11:30", OFFICE),
    dl("R-SLA-4 deadline crosses weekend", "03-07 16:00", 4, "03-10 11:00", OFFICE),
    dl("R-SLA-4 start on Saturday", "03-08 10:00", 1, "03-10 09:30", OFFICE),
    dl("R-SLA-4 start before opening", "03-03 07:00", 0.5, "03-03 09:00", OFFICE),
    dl(
        "R-SLA-4 Sunday 23:00 UTC is Monday 07:00 in Shanghai",
        utc("2025-03-02 23:00"),
        0.5,
        utc("2025-03-03 01:00"),
        OFFICE,
    ),
    dl("R-SLA-4 start during lunch", "03-03 12:30", 1, "03-03 14:00", OFFICE),
    dl("R-SLA-4 start at closing time", "03-03 17:30", 1, "03-04 09:30", OFFICE),
    dl("R-SLA-4 ends at 12:00, not 13:00", "03-03 09:00", 3, "03-03 12:00", OFFICE),
    dl("R-SLA-4 ends at 17:30, not 08:30", "03-03 08:30", 8, "03-03 17:30", OFFICE),
    dl("R-SLA-4 10 min on Friday", "03-07 17:25", 1 / 6, "03-10 08:35", OFFICE),
    dl("R-SLA-4 72 h are nine working days", "03-03 08:30", 72, "03-13 17:30", OFFICE),
    dl("R-SLA-4 public holiday skipped", "03-03 16:30", 4, "03-05 11:30", HOLIDAY),
    dl("R-SLA-4 start on a public holiday", "03-04 10:00", 1, "03-05 09:30", HOLIDAY),
    dl("R-SLA-4 half-day leave", "03-04 11:00", 2, "03-05 09:30", HALF_DAY),
    dl("R-SLA-4 72 h across a festival", "03-06 08:30", 72, "03-26 17:30", FESTIVAL),
    dl(
        # Friday 16:00 CET (UTC+1); on Monday Berlin is on CEST (UTC+2).
        "R-SLA-4 calendar across a DST change",
        utc("2025-03-28 15:00"),
        2,
        utc("2025-03-31 08:00"),
        BERLIN,
    ),
    # Pauses (R-SLA-3), 24×7.
    dl(
        "R-SLA-3 24x7 pause pushes the deadline",
        *("03-03 08:00", 4, "03-03 13:00", None),
        pauses=[("03-03 09:00", "03-03 10:00")],
    ),
    dl(
        "R-SLA-3 24x7 two pauses in any order",
        *("03-03 08:00", 4, "03-03 13:30", None),
        pauses=[("03-03 11:00", "03-03 11:30"), ("03-03 09:00", "03-03 10:00")],
    ),
    dl(
        "R-SLA-3 24x7 adjacent pauses",
        *("03-03 08:00", 4, "03-03 13:30", None),
        pauses=[("03-03 09:00", "03-03 10:00"), ("03-03 10:00", "03-03 10:30")],
    ),
    dl(
        "R-SLA-3 24x7 pause begun before the start",
        *("03-03 08:00", 4, "03-03 13:00", None),
        pauses=[("03-03 07:00", "03-03 09:00")],
    ),
    dl(
        "R-SLA-3 24x7 pause from the deadline on has no effect",
        *("03-03 08:00", 4, "03-03 12:00", None),
        pauses=[("03-03 12:00", "03-03 14:00")],
    ),
    dl(
        "R-SLA-3 open pause: deadline unknown",
        *("03-03 08:00", 4, None, None),
        pauses=[("03-03 09:00", None)],
    ),
    dl(
        "R-SLA-3 closed then open pause: deadline unknown",
        *("03-03 08:00", 4, None, None),
        pauses=[("03-03 08:30", "03-03 09:00"), ("03-03 10:00", None)],
    ),
    dl(
        "R-SLA-3 open pause begun at the deadline keeps it",
        *("03-03 08:00", 4, "03-03 12:00", None),
        pauses=[("03-03 12:00", None)],
    ),
    dl(
        "R-SLA-3 open pause begun before the start",
        *("03-03 08:00", 4, None, None),
        pauses=[("03-02 08:00", None)],
    ),
    # Pauses (R-SLA-3) with the working-time calendar.
    dl(
        "R-SLA-3 pause during lunch has no effect",
        *("03-03 11:00", 2, "03-03 14:00", OFFICE),
        pauses=[("03-03 12:10", "03-03 12:50")],
    ),
    dl(
        "R-SLA-3 overnight pause has no effect",
        *("03-03 16:30", 2, "03-04 09:30", OFFICE),
        pauses=[("03-03 18:00", "03-04 08:00")],
    ),
    dl(
        "R-SLA-3 pause in working time pushes the deadline",
        *("03-03 09:00", 2, "03-03 11:30", OFFICE),
        pauses=[("03-03 10:00", "03-03 10:30")],
    ),
    dl(
        "R-SLA-3 pause across lunch: only its working part counts",
        *("03-03 10:30", 2, "03-03 14:30", OFFICE),
        pauses=[("03-03 11:30", "03-03 13:30")],
    ),
    dl(
        "R-SLA-3 pause across the weekend",
        *("03-07 16:00", 4, "03-10 12:00", OFFICE),
        pauses=[("03-07 17:00", "03-10 09:00")],
    ),
    dl(
        "R-SLA-3 open pause with a calendar",
        *("03-03 09:00", 2, None, OFFICE),
        pauses=[("03-03 10:00", None)],
    ),
    dl(
        "R-SLA-3 open pause after a breach keeps the deadline",
        *("03-03 09:00", 2, "03-03 11:00", OFFICE),
        pauses=[("03-03 12:00", None)],
    ),
]


@pytest.mark.parametrize(
    ("start", "hours", "calendar", "pauses", "expected"), DEADLINE_CASES
)
def test_deadline(start, hours, calendar, pauses, expected):
    assert sla.deadline(start, hours, calendar, pauses) == expected


# ---------------------------------------------------------------------------
# elapsed()
# ---------------------------------------------------------------------------


def el(rule, start, now, expected, calendar=None, pauses=()):
    return pytest.param(
        sh(start), sh(now), calendar, pauses_of(pauses), expected, id=rule
    )


LONG_LEAVE = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=OFFICE_HOURS,
    leaves=[(sh("03-07 00:00"), sh("03-07 00:00") + timedelta(days=450))],
)

ELAPSED_CASES = [
    el("R-SLA-3 24x7 10 minutes", "03-03 09:00", "03-03 09:10", 1 / 6),
    el("R-SLA-3 24x7 72 h", "03-03 09:00", "03-06 09:00", 72.0),
    el("R-SLA-3 nothing elapsed at the start", "03-03 09:00", "03-03 09:00", 0.0),
    el("R-SLA-3 now before the start", "03-03 09:00", "03-03 08:00", 0.0),
    el(
        "R-SLA-3 closed pause excluded",
        *("03-03 08:00", "03-03 13:00", 4.0),
        pauses=[("03-03 09:00", "03-03 10:00")],
    ),
    el(
        "R-SLA-3 open pause stops the clock",
        *("03-03 08:00", "03-03 13:00", 1.0),
        pauses=[("03-03 09:00", None)],
    ),
    el(
        "R-SLA-3 now inside a pause",
        *("03-03 08:00", "03-03 09:30", 1.0),
        pauses=[("03-03 09:00", "03-03 10:00")],
    ),
    el("R-SLA-4 across the weekend", "03-07 16:00", "03-10 09:30", 2.5, OFFICE),
    el("R-SLA-4 now during lunch", "03-03 11:00", "03-03 12:45", 1.0, OFFICE),
    el("R-SLA-4 nothing over a weekend", "03-08 09:00", "03-09 18:00", 0.0, OFFICE),
    el("R-SLA-4 public holiday excluded", "03-03 17:00", "03-05 09:00", 1.0, HOLIDAY),
    el(
        "R-SLA-4 inside a leave of over a year",
        *("03-07 09:00", sh("03-07 09:00") + timedelta(days=400), 0.0, LONG_LEAVE),
    ),
    el(
        "R-SLA-3 pause with a calendar excluded",
        *("03-03 09:00", "03-03 15:00", 2.0, OFFICE),
        pauses=[("03-03 10:00", "03-03 14:00")],
    ),
]


@pytest.mark.parametrize(
    ("start", "now", "calendar", "pauses", "expected"), ELAPSED_CASES
)
def test_elapsed(start, now, calendar, pauses, expected):
    assert sla.elapsed(start, now, calendar, pauses) == expected


def sym(rule, start, hours, calendar=None, pauses=()):
    return pytest.param(sh(start), hours, calendar, pauses_of(pauses), id=rule)


SYMMETRY_CASES = [
    sym("R-SLA-1 24x7 10 min", "03-03 09:00", 1 / 6),
    sym("R-SLA-1 24x7 4 h", "03-03 09:00", 4),
    sym("R-SLA-1 24x7 72 h", "03-07 09:00", 72),
    sym("R-SLA-3 24x7 pause", "03-03 08:00", 4, None, [("03-03 09:00", "03-03 10:00")]),
    sym("R-SLA-4 across lunch", "03-03 11:00", 2, OFFICE),
    sym("R-SLA-4 across the weekend", "03-07 16:00", 4, OFFICE),
    sym("R-SLA-4 from Saturday", "03-08 10:00", 1, OFFICE),
    sym("R-SLA-4 10 min over the weekend", "03-07 17:25", 1 / 6, OFFICE),
    sym("R-SLA-4 72 h", "03-03 08:30", 72, OFFICE),
    sym("R-SLA-4 public holiday", "03-03 16:30", 4, HOLIDAY),
    sym("R-SLA-4 long holiday", "03-06 08:30", 72, FESTIVAL),
    sym("R-SLA-4 across a DST change", utc("2025-03-28 15:00"), 2, BERLIN),
    sym(
        "R-SLA-3 calendar, pauses and odd hours",
        *("03-03 09:17", 7.3, OFFICE),
        [("03-03 10:00", "03-03 10:30"), ("03-04 12:00", "03-04 16:05")],
    ),
]


@pytest.mark.parametrize(("start", "hours", "calendar", "pauses"), SYMMETRY_CASES)
def test_elapsed_inverts_deadline(start, hours, calendar, pauses):
    seconds = round(hours * 3600)
    end = sla.deadline(start, hours, calendar, pauses)
    assert sla.elapsed(start, end, calendar, pauses) == seconds / 3600
    # One second earlier the allowance is not yet used up.
    just_before = end - timedelta(seconds=1)
    assert sla.elapsed(start, just_before, calendar, pauses) == (seconds - 1) / 3600


# ---------------------------------------------------------------------------
# status()
# ---------------------------------------------------------------------------

DUE = utc("2025-03-03 10:00")


def st(rule, now, met_at, soon_hours, state, remaining, due=DUE):
    """``now`` and ``met_at`` are offsets in seconds from ``DUE``."""
    now = DUE + timedelta(seconds=now)
    met_at = None if met_at is None else DUE + timedelta(seconds=met_at)
    return pytest.param(due, now, met_at, soon_hours, state, remaining, id=rule)


STATUS_CASES = [
    st("R-SLA-2 ok just before the warning window", -3601, None, 1, "ok", 3601),
    st("R-SLA-2 soon at the warning window boundary", -3600, None, 1, "soon", 3600),
    st("R-SLA-2 soon exactly at the deadline", 0, None, 1, "soon", 0),
    st("R-SLA-2 breached one second after", 1, None, 1, "breached", -1),
    st("R-SLA-2 no warning window", -1, None, 0, "ok", 1),
    st("R-SLA-2 no warning window, at the deadline", 0, None, 0, "soon", 0),
    st("R-SLA-2 wider warning window", -10800, None, 4, "soon", 10800),
    st("R-SLA-2 met early", 3600, -3600, 1, "met", 3600),
    st("R-SLA-2 met exactly at the deadline", 3600, 0, 1, "met", 0),
    st("R-SLA-2 met one second late", -3600, 1, 1, "met_late", -1),
    st("R-SLA-3 open pause: no countdown", 0, None, 1, "paused", None, due=None),
    st("R-SLA-3 met while paused", 0, 0, 1, "met", None, due=None),
]


@pytest.mark.parametrize(
    ("due", "now", "met_at", "soon_hours", "state", "remaining"), STATUS_CASES
)
def test_status(due, now, met_at, soon_hours, state, remaining):
    assert sla.status(due, now, met_at, soon_hours) == sla.SlaStatus(state, remaining)


def test_status_default_warning_window_is_one_hour():
    assert sla.status(DUE, DUE - timedelta(hours=1)).state == "soon"


# ---------------------------------------------------------------------------
# Input errors (R-X-4)
# ---------------------------------------------------------------------------

T0, T1, T2, T3 = (utc(f"2025-03-03 0{hour}:00") for hour in range(4))
SHANGHAI_TZ = "Asia/Shanghai"
NO_WORK_FOR_400_DAYS = sla.Calendar(
    tz=SHANGHAI_TZ, attendances=OFFICE_HOURS, leaves=[(T0, T0 + timedelta(days=400))]
)


def err(rule, call, fragment):
    return pytest.param(call, fragment, id=rule)


ERROR_CASES = [
    err("R-X-4 zero hours", lambda: sla.deadline(T0, 0), "positive number"),
    err("R-X-4 negative hours", lambda: sla.deadline(T0, -4), "positive number"),
    err("R-X-4 NaN hours", lambda: sla.deadline(T0, float("nan")), "positive number"),
    err("R-X-4 infinite hours", lambda: sla.deadline(T0, float("inf")), "positive"),
    err("R-X-4 hours not a number", lambda: sla.deadline(T0, "4"), "positive number"),
    err("R-X-4 hours below a second", lambda: sla.deadline(T0, 1e-5), "one second"),
    err(
        "R-X-4 pause ends before it starts",
        lambda: sla.deadline(T0, 4, pauses=[(T2, T1)]),
        "ends before it starts",
    ),
    err(
        "R-X-4 elapsed: pause ends before it starts",
        lambda: sla.elapsed(T0, T3, pauses=[(T2, T1)]),
        "ends before it starts",
    ),
    err(
        "R-X-4 overlapping pauses",
        lambda: sla.deadline(T0, 4, pauses=[(T0, T2), (T1, T3)]),
        "overlap",
    ),
    err(
        "R-X-4 pause inside another pause",
        lambda: sla.deadline(T0, 4, pauses=[(T1, T2), (T0, T3)]),
        "overlap",
    ),
    err(
        "R-X-4 pause after an open pause",
        lambda: sla.deadline(T0, 4, pauses=[(T0, None), (T2, T3)]),
        "overlap",
    ),
    err(
        "R-X-4 two open pauses",
        lambda: sla.deadline(T0, 4, pauses=[(T1, None), (T1, None)]),
        "overlap",
    ),
    err(
        "R-X-4 calendar without working interval",
        lambda: sla.Calendar(tz=SHANGHAI_TZ, attendances=[]),
        "no working hours",
    ),
    err(
        "R-X-4 hour_from equals hour_to",
        lambda: sla.Calendar(tz=SHANGHAI_TZ, attendances=[(0, 12, 12)]),
        "start must be before the end",
    ),
    err(
        "R-X-4 hour_from after hour_to",
        lambda: sla.Calendar(tz=SHANGHAI_TZ, attendances=[(0, 13, 8)]),
        "start must be before the end",
    ),
    err(
        "R-X-4 hour_to beyond midnight",
        lambda: sla.Calendar(tz=SHANGHAI_TZ, attendances=[(0, 8, 25)]),
        "between 0 and 24",
    ),
    err(
        "R-X-4 weekday out of range",
        lambda: sla.Calendar(tz=SHANGHAI_TZ, attendances=[(7, 8, 12)]),
        "Invalid weekday",
    ),
    err(
        "R-X-4 unknown time zone",
        lambda: sla.Calendar(tz="Asia/Shanghia", attendances=OFFICE_HOURS),
        "Unknown time zone",
    ),
    err(
        "R-X-4 empty time zone",
        lambda: sla.Calendar(tz="", attendances=OFFICE_HOURS),
        "Unknown time zone",
    ),
    err(
        "R-X-4 missing time zone",
        lambda: sla.Calendar(tz=None, attendances=OFFICE_HOURS),
        "Unknown time zone",
    ),
    err(
        "R-X-4 leave ends before it starts",
        lambda: sla.Calendar(SHANGHAI_TZ, OFFICE_HOURS, leaves=[(T2, T1)]),
        "starts after it ends",
    ),
    err(
        "R-SLA-4 no working time within 366 days",
        lambda: sla.deadline(T0, 1, NO_WORK_FOR_400_DAYS),
        "no working time for 366 days",
    ),
    err(
        "R-X-4 aware datetime",
        lambda: sla.deadline(T0.replace(tzinfo=UTC), 4),
        "naive UTC",
    ),
    err(
        "R-X-4 now not a datetime",
        lambda: sla.elapsed(T0, "2025-03-03"),
        "naive UTC",
    ),
    err(
        "R-X-4 negative warning window",
        lambda: sla.status(T0, T1, soon_hours=-1),
        "zero or more hours",
    ),
]


@pytest.mark.parametrize(("call", "fragment"), ERROR_CASES)
def test_input_errors(call, fragment):
    with pytest.raises(sla.SlaInputError) as info:
        call()
    error = info.value
    assert isinstance(error, ValueError)
    assert fragment in str(error)
    # Translatable: named placeholders only, and the message is template % params.
    assert not re.search(r"%[sdr]", error.template)
    assert set(re.findall(r"%\((\w+)\)s", error.template)) == set(error.params)
    expected = error.template % error.params if error.params else error.template
    assert str(error) == expected


def test_calendar_accepts_plain_tuples_and_merges_overlaps():
    calendar = sla.Calendar(
        tz=SHANGHAI_TZ, attendances=[(0, 8.5, 12), (0, 10, 14), [0, 14, 15]]
    )
    assert calendar.attendances[0] == sla.Attendance(0, 8.5, 12)
    # Monday 08:30–15:00 without a break: 6.5 h.
    assert sla.deadline(sh("03-03 08:30"), 6.5, calendar) == sh("03-03 15:00")
