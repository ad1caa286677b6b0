# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin days and months in the company's time zone (``tools/periods.py``).

R-REC-6: a work log lists the records of one local day; monthly statements and
reports (R-PEN, R-RPT) count local months. Bounds are naive UTC, half open.
"""

from datetime import date, datetime

import pytest

from tools import periods


@pytest.mark.parametrize(
    ("day", "tz", "start", "end"),
    [
        pytest.param(
            date(2026, 11, 20),
            "Asia/Shanghai",
            datetime(2026, 11, 19, 16, 0),
            datetime(2026, 11, 20, 16, 0),
            id="R-REC-6 a Shanghai day starts at 16:00 UTC the day before",
        ),
        pytest.param(
            date(2026, 11, 20),
            "UTC",
            datetime(2026, 11, 20),
            datetime(2026, 11, 21),
            id="R-REC-6 UTC day",
        ),
        pytest.param(
            date(2026, 11, 20),
            False,
            datetime(2026, 11, 20),
            datetime(2026, 11, 21),
            id="R-REC-6 no time zone means UTC",
        ),
        pytest.param(
            date(2026, 3, 29),
            "Europe/Berlin",
            datetime(2026, 3, 28, 23, 0),
            datetime(2026, 3, 29, 22, 0),
            id="R-REC-6 a DST day has 23 hours",
        ),
    ],
)
def test_day_bounds(day, tz, start, end):
    assert periods.day_bounds(day, tz) == (start, end)


@pytest.mark.parametrize(
    ("day", "tz", "start", "end"),
    [
        pytest.param(
            date(2026, 11, 20),
            "Asia/Shanghai",
            datetime(2026, 10, 31, 16, 0),
            datetime(2026, 11, 30, 16, 0),
            id="R-PEN a Shanghai month",
        ),
        pytest.param(
            date(2026, 12, 31),
            "Asia/Shanghai",
            datetime(2026, 11, 30, 16, 0),
            datetime(2026, 12, 31, 16, 0),
            id="R-PEN December ends at the new year",
        ),
        pytest.param(
            date(2028, 2, 1),
            "UTC",
            datetime(2028, 2, 1),
            datetime(2028, 3, 1),
            id="R-PEN leap February",
        ),
    ],
)
def test_month_bounds(day, tz, start, end):
    assert periods.month_bounds(day, tz) == (start, end)


def test_local_date_and_time():
    """R-REC-6: 23:30 UTC is already the next day in Shanghai; 08:30 local."""
    assert periods.local_date(datetime(2026, 11, 20, 23, 30), "Asia/Shanghai") == (
        date(2026, 11, 21)
    )
    assert periods.at_local_time(date(2026, 11, 23), 8.5, "Asia/Shanghai") == (
        datetime(2026, 11, 23, 0, 30)
    )
    assert periods.utc_to_local(datetime(2026, 11, 23, 0, 30), "Asia/Shanghai") == (
        datetime(2026, 11, 23, 8, 30)
    )


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: periods.day_bounds(date(2026, 1, 1), "Mars/Base"), "time zone"),
        (lambda: periods.day_bounds(datetime(2026, 1, 1), "UTC"), "Expected a date"),
        (lambda: periods.at_local_time(date(2026, 1, 1), 24, "UTC"), "between 0"),
    ],
)
def test_input_errors(call, fragment):
    """R-X-1: bad input raises the engines' error with a readable message."""
    with pytest.raises(periods.PeriodInputError, match=fragment):
        call()
