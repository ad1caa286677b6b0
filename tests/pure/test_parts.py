# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin the visit after the parts arrived (``tools/parts.py``).

R-PRT-4: when the parts arrive the service is scheduled the next day (000 §2.8);
each day later is late, except days the request was paused for a reason that is
not the engineer's.
"""

from datetime import date

import pytest

from tools.parts import visit_days_late

D = date


@pytest.mark.parametrize(
    ("arrival", "visit", "pauses", "late"),
    [
        pytest.param(D(2026, 11, 2), D(2026, 11, 2), (), 0, id="R-PRT-4 same day"),
        pytest.param(D(2026, 11, 2), D(2026, 11, 3), (), 0, id="R-PRT-4 next day"),
        pytest.param(D(2026, 11, 2), D(2026, 11, 4), (), 1, id="R-PRT-4 one day late"),
        pytest.param(
            D(2026, 11, 28), D(2026, 12, 3), (), 4, id="R-PRT-4 across a month"
        ),
        pytest.param(
            D(2026, 11, 2),
            D(2026, 11, 6),
            ((D(2026, 11, 4), D(2026, 11, 5)),),
            1,
            id="R-PRT-4 customer pause days excused",
        ),
        pytest.param(
            D(2026, 11, 2),
            D(2026, 11, 6),
            ((D(2026, 10, 20), D(2026, 11, 2)),),
            3,
            id="R-PRT-4 the waiting-for-parts pause before arrival does not excuse",
        ),
        pytest.param(
            D(2026, 11, 2),
            D(2026, 11, 6),
            ((D(2026, 11, 1), D(2026, 11, 30)),),
            0,
            id="R-PRT-4 paused throughout",
        ),
    ],
)
def test_visit_days_late(arrival, visit, pauses, late):
    assert visit_days_late(arrival, visit, pauses) == late
