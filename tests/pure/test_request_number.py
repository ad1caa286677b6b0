# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""R-IN-2: service request numbers follow a configurable pattern."""

from datetime import date

import pytest

from tools.request_number import (
    DEFAULT_PATTERN,
    PatternError,
    check_pattern,
    format_number,
    period_of,
)


@pytest.mark.parametrize(
    "pattern,dept,day,seq,expected",
    [
        pytest.param(
            DEFAULT_PATTERN,
            "SH",
            date(2026, 11, 3),
            1,
            "SH-2611-0001",
            id="R-IN-2 seeded pattern dept+YYMM+0001",
        ),
        pytest.param(
            DEFAULT_PATTERN,
            "SH",
            date(2027, 1, 31),
            123,
            "SH-2701-0123",
            id="R-IN-2 seeded pattern in January",
        ),
        pytest.param(
            DEFAULT_PATTERN,
            "SH",
            date(2026, 12, 1),
            10000,
            "SH-2612-10000",
            id="R-IN-2 sequence beyond padding still unique",
        ),
        pytest.param(
            "{yyyy}{mm}{dd}/{seq}",
            "",
            date(2026, 2, 9),
            7,
            "20260209/0007",
            id="R-IN-2 another company's daily pattern",
        ),
        pytest.param(
            "FW{dept}{yy}-{seq}",
            "BJ",
            date(2026, 5, 5),
            2,
            "FWBJ26-0002",
            id="R-IN-2 literal prefix kept",
        ),
    ],
)
def test_format_number(pattern, dept, day, seq, expected):
    assert format_number(pattern, dept, day, seq) == expected


@pytest.mark.parametrize(
    "pattern,day,expected",
    [
        pytest.param(
            DEFAULT_PATTERN,
            date(2026, 11, 17),
            (date(2026, 11, 1), date(2026, 11, 30)),
            id="R-IN-2 monthly counter: November",
        ),
        pytest.param(
            DEFAULT_PATTERN,
            date(2028, 2, 10),
            (date(2028, 2, 1), date(2028, 2, 29)),
            id="R-IN-2 monthly counter: leap February",
        ),
        pytest.param(
            DEFAULT_PATTERN,
            date(2026, 12, 31),
            (date(2026, 12, 1), date(2026, 12, 31)),
            id="R-IN-2 monthly counter: December",
        ),
        pytest.param(
            "{yyyy}-{seq}",
            date(2026, 6, 1),
            (date(2026, 1, 1), date(2026, 12, 31)),
            id="R-IN-2 yearly",
        ),
        pytest.param(
            "{dd}{mm}-{seq}",
            date(2026, 6, 1),
            (date(2026, 6, 1), date(2026, 6, 1)),
            id="R-IN-2 daily",
        ),
        pytest.param(
            "SR-{seq}",
            date(2026, 6, 1),
            (date(1900, 1, 1), date(9999, 12, 31)),
            id="R-IN-2 no reset",
        ),
    ],
)
def test_period_of(pattern, day, expected):
    assert period_of(pattern, day) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("{dept}-{yy}{mm}", id="R-IN-2 pattern without seq"),
        pytest.param("{seq}-{seq}", id="R-IN-2 seq twice"),
        pytest.param("{dept}-{month}-{seq}", id="R-IN-2 unknown placeholder"),
        pytest.param("{dept-{seq}", id="R-IN-2 malformed braces"),
    ],
)
def test_bad_pattern(pattern):
    with pytest.raises(PatternError) as info:
        check_pattern(pattern)
    assert pattern in str(info.value)


def test_non_positive_sequence_is_refused():
    with pytest.raises(PatternError):
        format_number(DEFAULT_PATTERN, "SH", date(2026, 1, 1), 0)
