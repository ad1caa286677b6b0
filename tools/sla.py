# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""SLA deadline arithmetic (R-SLA-1 … R-SLA-4).

Plain functions over plain values, no ``odoo`` import:

* :func:`deadline` adds an allowance of counted hours to a start time;
* :func:`elapsed` measures the counted hours between a start time and "now";
* :func:`status` turns a deadline into the state and countdown shown in views.

Conventions
-----------
* Every datetime in and out is **naive UTC**, as Odoo stores ``fields.Datetime``.
  "Now" is always an argument: nothing here reads the clock.
* Counted time is calendar time (``calendar=None``, the 24×7 hotline) or the
  working time of a :class:`Calendar` (R-SLA-4), minus the pauses (R-SLA-3).
* Allowances are rounded to the nearest second, because Odoo stores datetimes to
  the second: ``deadline(start, 1 / 6)`` is exactly ten minutes later.
* A pause is ``(start, end)``; ``end=None`` means "still paused". While a pause is
  open the deadline is unknown and :func:`deadline` returns ``None``, unless the
  allowance was already used up before the pause began (a breach is not undone by
  pausing afterwards).

Building a :class:`Calendar` from ``resource.calendar`` (done by the model)::

    Calendar(
        tz=cal.tz,
        attendances=[
            (int(a.dayofweek), a.hour_from, a.hour_to)
            for a in cal.attendance_ids
            if a.day_period != "lunch"
        ],
        leaves=[
            (leave.date_from, leave.date_to)
            for leave in cal.global_leave_ids
        ],
    )

Two-week calendars (``two_weeks_calendar``) are not modelled: pass one week.

Bad input raises :class:`SlaInputError`, whose ``template`` (marked with ``_lt``
for translation extraction) and ``params`` let the model raise a translated
``ValidationError``: ``self.env._(err.template, **err.params)``.
"""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import RuleInputError, _lt

# A calendar without any working time for this many consecutive days is treated as
# broken input rather than walked forever (e.g. leaves covering a whole year).
MAX_IDLE_DAYS = 366

OK = "ok"
SOON = "soon"
BREACHED = "breached"
MET = "met"
MET_LATE = "met_late"
PAUSED = "paused"

ZERO = timedelta()

Interval = tuple[datetime, datetime | None]


class SlaInputError(RuleInputError):
    """Invalid input of the SLA arithmetic."""


class Attendance(NamedTuple):
    """A weekly working interval, as ``resource.calendar.attendance``.

    ``weekday`` 0 = Monday; hours are local floats (8.5 = 08:30, 24.0 = midnight).
    """

    weekday: int
    hour_from: float
    hour_to: float


@dataclass(frozen=True)
class Calendar:
    """A working-time calendar described by plain values.

    ``attendances`` are :class:`Attendance` or plain ``(weekday, hour_from,
    hour_to)`` tuples; a lunch break is the gap between two attendances of the same
    day. ``leaves`` are naive-UTC ``(start, end)`` intervals (public holidays)
    excluded from working time. Overlapping attendances or leaves are merged.
    """

    tz: str
    attendances: tuple
    leaves: tuple = ()

    def __post_init__(self):
        zone = _zone(self.tz)
        attendances = tuple(Attendance(*a) for a in self.attendances)
        if not attendances:
            raise SlaInputError(_lt("The working-time calendar has no working hours."))
        for att in attendances:
            if att.weekday not in range(7):
                raise SlaInputError(
                    _lt("Invalid weekday %(weekday)s: use 0 (Monday) to 6 (Sunday)."),
                    weekday=att.weekday,
                )
            if not 0 <= att.hour_from < att.hour_to <= 24:
                raise SlaInputError(
                    _lt(
                        "Invalid working interval %(hour_from)s–%(hour_to)s: the start"
                        " must be before the end, both between 0 and 24."
                    ),
                    hour_from=att.hour_from,
                    hour_to=att.hour_to,
                )
        leaves = tuple(tuple(leave) for leave in self.leaves)
        for leave_start, leave_end in leaves:
            _check_naive(leave_start, leave_end)
            if leave_end < leave_start:
                raise SlaInputError(
                    _lt("The leave ending %(end)s starts after it ends (%(start)s)."),
                    start=_fmt(leave_start),
                    end=_fmt(leave_end),
                )
        object.__setattr__(self, "attendances", attendances)
        object.__setattr__(self, "leaves", leaves)
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "_by_weekday", _day_hours(attendances))
        object.__setattr__(self, "_merged_leaves", _merge(sorted(leaves)))


@dataclass(frozen=True)
class SlaStatus:
    """What a view shows for one deadline.

    ``state`` is one of ``ok``, ``soon``, ``breached``, ``met``, ``met_late``,
    ``paused``. ``remaining_seconds`` is wall-clock ``deadline - now`` (or
    ``deadline - met_at`` once met: the margin, negative when late); ``None`` when
    there is no deadline.
    """

    state: str
    remaining_seconds: int | None


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def deadline(
    start: datetime,
    hours: float,
    calendar: Calendar | None = None,
    pauses: Iterable[tuple[datetime, datetime | None]] = (),
) -> datetime | None:
    """Return the moment ``hours`` of counted time after ``start`` are used up.

    With a calendar, a start outside working time counts from the next working
    moment, and the deadline is always inside working time: an allowance used up
    exactly at the end of an interval ends there, not at the next opening.
    Returns ``None`` while an open pause (``end=None``) holds the countdown.
    """
    _check_naive(start)
    if not isinstance(hours, int | float) or not math.isfinite(hours) or hours <= 0:
        raise SlaInputError(
            _lt("The allowance must be a positive number of hours, not %(hours)s."),
            hours=hours,
        )
    remaining = timedelta(seconds=round(hours * 3600))
    if not remaining:
        raise SlaInputError(
            _lt("The allowance must be at least one second, not %(hours)s hours."),
            hours=hours,
        )
    for seg_start, seg_end in _counted(start, calendar, _check_pauses(pauses)):
        if seg_end is None or remaining <= seg_end - seg_start:
            return seg_start + remaining
        remaining -= seg_end - seg_start
    return None  # an open pause stopped the countdown


def elapsed(
    start: datetime,
    now: datetime,
    calendar: Calendar | None = None,
    pauses: Iterable[tuple[datetime, datetime | None]] = (),
) -> float:
    """Return the counted hours between ``start`` and ``now`` (0.0 if not after).

    Pauses, and with a calendar non-working time and leaves, do not count. It is the
    inverse of :func:`deadline`: ``elapsed(s, deadline(s, h)) == h`` (to the second).
    """
    _check_naive(start, now)
    pauses = _check_pauses(pauses)
    total = timedelta()
    if now > start:
        for seg_start, seg_end in _counted(start, calendar, pauses, stop=now):
            if seg_start >= now:
                break
            total += (now if seg_end is None else min(seg_end, now)) - seg_start
    return total.total_seconds() / 3600


def status(
    deadline: datetime | None,
    now: datetime,
    met_at: datetime | None = None,
    soon_hours: float = 1.0,
) -> SlaStatus:
    """Classify a deadline for the countdown and colour of list and kanban views.

    * ``met`` if ``met_at <= deadline``, ``met_late`` if after; ``met`` also when
      there is no deadline (met during an open pause);
    * else ``paused`` when ``deadline`` is ``None``;
    * else ``breached`` when ``now > deadline`` (on the deadline is still in time);
    * else ``soon`` when at most ``soon_hours`` (wall clock) remain, boundary
      included; else ``ok``.
    """
    _check_naive(now, *(d for d in (deadline, met_at) if d is not None))
    if not isinstance(soon_hours, int | float) or not soon_hours >= 0:
        raise SlaInputError(
            _lt("The warning window must be zero or more hours, not %(hours)s."),
            hours=soon_hours,
        )
    if met_at is not None:
        if deadline is None:
            return SlaStatus(MET, None)
        margin = deadline - met_at
        return SlaStatus(MET if margin >= ZERO else MET_LATE, _seconds(margin))
    if deadline is None:
        return SlaStatus(PAUSED, None)
    remaining = deadline - now
    if remaining < ZERO:
        return SlaStatus(BREACHED, _seconds(remaining))
    if remaining.total_seconds() <= soon_hours * 3600:
        return SlaStatus(SOON, _seconds(remaining))
    return SlaStatus(OK, _seconds(remaining))


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise SlaInputError(_lt("Unknown time zone %(tz)s."), tz=repr(name)) from None


def _check_naive(*values):
    for value in values:
        if not isinstance(value, datetime) or value.tzinfo is not None:
            raise SlaInputError(
                _lt("Expected a naive UTC datetime, got %(value)s."),
                value=repr(value),
            )


def _check_pauses(pauses):
    """Return the pauses sorted by start, refusing reversed or overlapping ones."""
    checked = []
    for pause_start, pause_end in pauses:
        _check_naive(pause_start, *(() if pause_end is None else (pause_end,)))
        if pause_end is not None and pause_end < pause_start:
            raise SlaInputError(
                _lt("The pause starting %(start)s ends before it starts (%(end)s)."),
                start=_fmt(pause_start),
                end=_fmt(pause_end),
            )
        checked.append((pause_start, pause_end))
    checked.sort(key=lambda pause: pause[0])
    for (prev_start, prev_end), (next_start, _next_end) in zip(
        checked, checked[1:], strict=False
    ):
        if prev_end is None or next_start < prev_end:
            raise SlaInputError(
                _lt("The pauses starting %(first)s and %(second)s overlap."),
                first=_fmt(prev_start),
                second=_fmt(next_start),
            )
    return checked


def _fmt(value):
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _seconds(delta):
    return round(delta.total_seconds())


# ---------------------------------------------------------------------------
# Interval arithmetic
# ---------------------------------------------------------------------------


def _merge(intervals):
    """Merge sorted, bounded intervals that overlap or touch."""
    merged = []
    for lo, hi in intervals:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _day_hours(attendances):
    """Weekday -> merged, sorted ``(hour_from, hour_to)`` list."""
    by_weekday = {weekday: [] for weekday in range(7)}
    for att in attendances:
        by_weekday[att.weekday].append((att.hour_from, att.hour_to))
    return {weekday: _merge(sorted(hours)) for weekday, hours in by_weekday.items()}


def _local_to_utc(day: date, hour: float, zone) -> datetime:
    local = datetime(day.year, day.month, day.day) + timedelta(hours=hour)
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _subtract(lo, hi, holes):
    """Yield the parts of ``[lo, hi)`` outside the sorted, merged ``holes``."""
    for hole_lo, hole_hi in holes:
        if hole_hi <= lo:
            continue
        if hole_lo >= hi:
            break
        if hole_lo > lo:
            yield lo, hole_lo
        lo = max(lo, hole_hi)
        if lo >= hi:
            return
    yield lo, hi


def _working(calendar: Calendar, start, stop=None) -> Iterator[Interval]:
    """Yield the calendar's working intervals after ``start``, in UTC and in order.

    Walks day by day in the calendar's time zone. With ``stop`` (elapsed time) the
    walk ends there; without it (deadlines) it raises when :data:`MAX_IDLE_DAYS`
    days in a row have no working time.
    """
    zone = calendar._zone
    day = start.replace(tzinfo=UTC).astimezone(zone).date() - timedelta(days=1)
    last_end = start
    idle_days = 0
    while True:
        if stop is not None and _local_to_utc(day, 0, zone) >= stop:
            return
        found = False
        for hour_from, hour_to in calendar._by_weekday[day.weekday()]:
            lo = max(_local_to_utc(day, hour_from, zone), last_end)
            hi = _local_to_utc(day, hour_to, zone)
            if lo >= hi:
                continue
            for part in _subtract(lo, hi, calendar._merged_leaves):
                found = True
                last_end = part[1]
                yield part
        idle_days = 0 if found else idle_days + 1
        if stop is None and idle_days > MAX_IDLE_DAYS:
            raise SlaInputError(
                _lt(
                    "The calendar has no working time for %(days)s days"
                    " after %(date)s."
                ),
                days=MAX_IDLE_DAYS,
                date=day.isoformat(),
            )
        day += timedelta(days=1)


def _counted(start, calendar, pauses, stop=None) -> Iterator[Interval]:
    """Yield the counted intervals after ``start``: working time minus pauses.

    An end of ``None`` means "forever" (24×7 with no more pauses). The generator
    ends at the start of an open pause.
    """
    base = (
        iter([(start, None)]) if calendar is None else _working(calendar, start, stop)
    )
    first = 0  # pauses before ``first`` end before the current interval
    for lo, hi in base:
        while (
            first < len(pauses)
            and pauses[first][1] is not None
            and (pauses[first][1] <= lo)
        ):
            first += 1
        for pause_start, pause_end in pauses[first:]:
            if hi is not None and pause_start >= hi:
                break
            if pause_start > lo:
                yield lo, pause_start
            if pause_end is None:
                return
            lo = max(lo, pause_end)
            if hi is not None and lo >= hi:
                break
        if hi is None or lo < hi:
            yield lo, hi


def warning_start(deadline: datetime | None, soon_hours: float) -> datetime | None:
    """The first moment :func:`status` calls ``deadline`` ``soon`` (R-SLA-2).

    Deadlines and "now" are whole seconds (Odoo stores datetimes to the second),
    so ``deadline - now <= soon_hours`` is ``now >= warning_start(...)`` exactly.
    Lets the status refresh find the deadlines turning "about to breach" through
    an index instead of comparing every row with its own window.
    """
    if deadline is None:
        return None
    _check_naive(deadline)
    if not isinstance(soon_hours, int | float) or not soon_hours >= 0:
        raise SlaInputError(
            _lt("The warning window must be zero or more hours, not %(hours)s."),
            hours=soon_hours,
        )
    return deadline - timedelta(seconds=math.floor(soon_hours * 3600))


def next_working_day(day: date, calendar: Calendar | None, horizon_days=31) -> date:
    """The first day after ``day`` with working time in ``calendar`` (its time zone).

    Leaves (public holidays) count as non-working time. Without a calendar, or
    when no working time is found within ``horizon_days``, it is simply the next
    day. Used for the work-log deadline (000 §2.11): the same calendar walk as the
    SLA deadlines.
    """
    following = day + timedelta(days=1)
    if calendar is None:
        return following
    zone = calendar._zone
    start = _local_to_utc(following, 0, zone)
    stop = _local_to_utc(following + timedelta(days=horizon_days), 0, zone)
    for seg_start, _seg_end in _working(calendar, start, stop):
        if seg_start >= stop:
            break
        return seg_start.replace(tzinfo=UTC).astimezone(zone).date()
    return following


# ---------------------------------------------------------------------------
# Which milestones apply, and which policy gives them (R-SLA-1)
# ---------------------------------------------------------------------------

CONTACTED = "contacted"
RESPONSE = "response"
ON_SITE = "on_site"
FIXED = "fixed"
FEEDBACK = "feedback"
COMPLAINT = "complaint"
COMPLAINT_CLOSED = "complaint_closed"

# Why a milestone does not apply (yet): codes, for tests and the chatter.
NOT_BY_PHONE = "resolved_by_phone"
NOT_VISIT_TYPE = "type_without_visit"
NOT_ARRIVED = "not_arrived"
NOT_COMPLETED = "not_completed"
NOT_COMPLAINT = "not_complaint"


class Visit(NamedTuple):
    """A service record, as the milestones see it.

    ``state`` is ``draft``, ``in_progress``, ``done`` or ``cancelled``; ``result``
    ``partial`` means the job is not finished.
    """

    state: str
    arrival: datetime | None = None
    end: datetime | None = None
    result: str | None = None


@dataclass(frozen=True)
class MilestonePlan:
    """``moments``: ``{milestone: (counted from, met at or None)}`` of the
    milestones that apply; ``skipped``: ``{milestone: reason code}`` of the others.
    """

    moments: dict
    skipped: dict


def milestone_moments(
    registered: datetime,
    recorded: dict | None = None,
    visits: Iterable[Visit] = (),
    needs_visit: bool = True,
    by_phone: bool = False,
    is_complaint: bool = False,
) -> MilestonePlan:
    """Which milestones of a request apply and from when they count (R-SLA-1).

    ``recorded`` holds what the users recorded: ``contacted``, ``response``,
    ``feedback`` and ``complaint`` moments (or ``None``). Contact and first
    response always apply, from the registration. On site applies when the request
    needs a visit (not resolved by phone, of a type with visits) and is met by the
    first arrival; fixed counts from that arrival and is met by the first finished
    visit that is not partial; feedback counts from that completion; the complaint
    answer and the complaint's close apply to complaints only (R-CB-3). Cancelled
    visits do not count.
    """
    recorded = recorded or {}
    visits = [v for v in visits if v.state != "cancelled"]
    arrival = min((v.arrival for v in visits if v.arrival), default=None)
    completion = min(
        (
            v.end
            for v in visits
            if v.state == "done" and v.result != "partial" and v.end
        ),
        default=None,
    )
    moments = {
        CONTACTED: (registered, recorded.get(CONTACTED)),
        RESPONSE: (registered, recorded.get(RESPONSE)),
    }
    skipped = {}
    if by_phone or not needs_visit:
        reason = NOT_BY_PHONE if by_phone else NOT_VISIT_TYPE
        skipped[ON_SITE] = skipped[FIXED] = reason
    else:
        moments[ON_SITE] = (registered, arrival)
        if arrival:
            moments[FIXED] = (arrival, completion)
        else:
            skipped[FIXED] = NOT_ARRIVED
    if completion:
        moments[FEEDBACK] = (completion, recorded.get(FEEDBACK))
    else:
        skipped[FEEDBACK] = NOT_COMPLETED
    if is_complaint:
        moments[COMPLAINT] = (registered, recorded.get(COMPLAINT))
        moments[COMPLAINT_CLOSED] = (registered, recorded.get(COMPLAINT_CLOSED))
    else:
        skipped[COMPLAINT] = skipped[COMPLAINT_CLOSED] = NOT_COMPLAINT
    return MilestonePlan(moments, skipped)


POLICY_CRITERIA = (
    "service_type_id",
    "urgency",
    "distance_zone",
    "team_id",
    "complaint_grade",
)


class PolicyCriteria(NamedTuple):
    """An SLA policy as the matching sees it: empty criteria match anything."""

    id: int
    sequence: int = 10
    service_type_id: object = None
    urgency: object = None
    distance_zone: object = None
    team_id: object = None
    complaint_grade: object = None

    @property
    def specificity(self):
        return sum(1 for name in POLICY_CRITERIA if getattr(self, name))


def best_policy(policies: Iterable[PolicyCriteria], request: dict):
    """The id of the most specific policy matching ``request`` (R-SLA-1), or None.

    A policy matches when each criterion it sets equals the request's
    (``request`` maps the criteria names to the request's values). The most
    specific match wins — most criteria set — then the lowest sequence, then the
    lowest id. Policies are never merged: the winner gives every deadline.
    """
    ranked = sorted(policies, key=lambda p: (-p.specificity, p.sequence, p.id))
    for policy in ranked:
        if all(
            not getattr(policy, name) or getattr(policy, name) == request.get(name)
            for name in POLICY_CRITERIA
        ):
            return policy.id
    return None
