# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin which SLA milestones apply, which policy wins and the working-day walk.

``tools/sla.py``: :func:`milestone_moments` (R-SLA-1), :func:`best_policy`
(R-SLA-1), :func:`warning_start` (R-SLA-2) and :func:`next_working_day` (the
work-log deadline, 000 §2.11, on the SLA calendar arithmetic of R-SLA-4).
"""

from datetime import date, datetime, timedelta

import pytest

from tools import sla

REG = datetime(2026, 11, 20, 8, 30)
H = timedelta(hours=1)
ARRIVED = sla.Visit("in_progress", arrival=REG + 2 * H)
DONE = sla.Visit("done", arrival=REG + 2 * H, end=REG + 5 * H, result="fixed")
PARTIAL = sla.Visit("done", arrival=REG + 2 * H, end=REG + 4 * H, result="partial")
CANCELLED = sla.Visit("cancelled", arrival=REG + H, end=REG + 2 * H, result="fixed")


@pytest.mark.parametrize(
    ("kwargs", "moments", "skipped"),
    [
        pytest.param(
            {},
            {"contacted": (REG, None), "response": (REG, None), "on_site": (REG, None)},
            {"fixed": "not_arrived", "feedback": "not_completed"},
            id="R-SLA-1 new request: contact, response, on site",
        ),
        pytest.param(
            {"by_phone": True},
            {"contacted": (REG, None), "response": (REG, None)},
            {"on_site": "resolved_by_phone", "fixed": "resolved_by_phone"},
            id="R-SLA-1 resolved by phone: no visit deadlines",
        ),
        pytest.param(
            {"needs_visit": False},
            {"contacted": (REG, None), "response": (REG, None)},
            {"on_site": "type_without_visit"},
            id="R-SLA-1 type without visit: no visit deadlines",
        ),
        pytest.param(
            {"visits": [ARRIVED]},
            {"on_site": (REG, REG + 2 * H), "fixed": (REG + 2 * H, None)},
            {"feedback": "not_completed"},
            id="R-SLA-1 arrival meets on site and starts fixed",
        ),
        pytest.param(
            {"visits": [PARTIAL]},
            {"fixed": (REG + 2 * H, None)},
            {"feedback": "not_completed"},
            id="R-SLA-1 a partial visit does not fix",
        ),
        pytest.param(
            {"visits": [PARTIAL, DONE], "recorded": {"feedback": REG + 6 * H}},
            {
                "fixed": (REG + 2 * H, REG + 5 * H),
                "feedback": (REG + 5 * H, REG + 6 * H),
            },
            {},
            id="R-SLA-1 completion meets fixed and starts feedback",
        ),
        pytest.param(
            {"visits": [CANCELLED]},
            {"on_site": (REG, None)},
            {"fixed": "not_arrived"},
            id="R-SLA-1 a cancelled visit does not count",
        ),
        pytest.param(
            {"is_complaint": True, "recorded": {"complaint": REG + H}},
            {"complaint": (REG, REG + H)},
            {},
            id="R-SLA-1 complaints get the answer deadline",
        ),
        pytest.param(
            {"recorded": {"contacted": REG + H, "response": REG + H}},
            {"contacted": (REG, REG + H), "response": (REG, REG + H)},
            {"complaint": "not_complaint"},
            id="R-SLA-2 recorded contact meets contact and response",
        ),
    ],
)
def test_milestone_moments(kwargs, moments, skipped):
    plan = sla.milestone_moments(REG, **kwargs)
    for milestone, moment in moments.items():
        assert plan.moments[milestone] == moment
    for milestone, reason in skipped.items():
        assert milestone not in plan.moments
        assert plan.skipped[milestone] == reason


DEFAULT = sla.PolicyCriteria(1, sequence=10)
TEAM = sla.PolicyCriteria(2, sequence=10, team_id=7)
TEAM_URGENT = sla.PolicyCriteria(3, sequence=20, team_id=7, urgency="urgent")
TEAM_URGENT_FIRST = sla.PolicyCriteria(4, sequence=1, team_id=7, urgency="urgent")
FAR = sla.PolicyCriteria(5, sequence=10, distance_zone="far")
ALL = [DEFAULT, TEAM, TEAM_URGENT, TEAM_URGENT_FIRST, FAR]


@pytest.mark.parametrize(
    ("policies", "request_", "expected"),
    [
        pytest.param(ALL, {}, 1, id="R-SLA-1 no criteria: the default"),
        pytest.param(ALL, {"team_id": 7}, 2, id="R-SLA-1 the team's policy"),
        pytest.param(
            ALL,
            {"team_id": 7, "urgency": "urgent"},
            4,
            id="R-SLA-1 most criteria, then the lowest sequence",
        ),
        pytest.param(
            [
                TEAM_URGENT,
                TEAM_URGENT_FIRST.__class__(9, 20, team_id=7, urgency="urgent"),
            ],
            {"team_id": 7, "urgency": "urgent"},
            3,
            id="R-SLA-1 equal sequence: the lowest id",
        ),
        pytest.param(
            ALL,
            {"team_id": 7, "distance_zone": "far"},
            2,
            id="R-SLA-1 equal specificity: the sequence, not the order given",
        ),
        pytest.param(
            [TEAM, FAR], {"team_id": 8}, None, id="R-SLA-1 nothing matches: None"
        ),
    ],
)
def test_best_policy(policies, request_, expected):
    assert sla.best_policy(policies, request_) == expected


@pytest.mark.parametrize(
    ("deadline", "soon_hours", "expected"),
    [
        pytest.param(REG, 1.0, REG - H, id="R-SLA-2 one hour before"),
        pytest.param(REG, 0.0, REG, id="R-SLA-2 no window: at the deadline"),
        pytest.param(
            REG, 0.1667, REG - timedelta(seconds=600), id="R-SLA-2 to the second"
        ),
        pytest.param(None, 1.0, None, id="R-SLA-3 paused: no deadline, no window"),
    ],
)
def test_warning_start(deadline, soon_hours, expected):
    assert sla.warning_start(deadline, soon_hours) == expected


@pytest.mark.parametrize("seconds_before", [0, 1, 600, 601, 3599, 3600, 3601])
def test_warning_start_agrees_with_status(seconds_before):
    """R-SLA-2: ``now >= warning_start`` is exactly ``status == soon``."""
    for soon_hours in (1.0, 0.1667, 0.0):
        now = REG - timedelta(seconds=seconds_before)
        soon = sla.status(REG, now, soon_hours=soon_hours).state == sla.SOON
        assert soon == (now >= sla.warning_start(REG, soon_hours)), soon_hours


OFFICE = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=[(d, h0, h1) for d in range(5) for h0, h1 in ((8.5, 12), (13, 17.5))],
    leaves=[(datetime(2026, 11, 23, 16, 0), datetime(2026, 11, 24, 16, 0))],
)
CLOSED = sla.Calendar(
    tz="Asia/Shanghai",
    attendances=[(0, 8, 9)],
    leaves=[(datetime(2026, 1, 1), datetime(2027, 1, 1))],
)


@pytest.mark.parametrize(
    ("day", "calendar", "expected"),
    [
        pytest.param(date(2026, 11, 18), OFFICE, date(2026, 11, 19), id="Wed: Thu"),
        pytest.param(date(2026, 11, 20), OFFICE, date(2026, 11, 23), id="Fri: Mon"),
        pytest.param(
            date(2026, 11, 23), OFFICE, date(2026, 11, 25), id="Tuesday off: Wed"
        ),
        pytest.param(date(2026, 11, 21), OFFICE, date(2026, 11, 23), id="Sat: Mon"),
        pytest.param(date(2026, 11, 20), None, date(2026, 11, 21), id="no calendar"),
        pytest.param(
            date(2026, 11, 20), CLOSED, date(2026, 11, 21), id="none in a month"
        ),
    ],
)
def test_next_working_day(day, calendar, expected):
    """000 §2.11: the log is due on the next working day of the calendar."""
    assert sla.next_working_day(day, calendar) == expected
