# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin the KPI arithmetic (``tools/kpi.py``, R-RPT-2; seed 002 §5.1.5.2)."""

from datetime import datetime

import pytest

from tools import kpi


def test_rate_is_a_percentage():
    """R-RPT-2: 9 first-time fixes of 10 repairs is 90 %."""
    assert kpi.rate(9, 10) == 90.0
    assert kpi.rate(2, 3) == 66.67


def test_no_denominator_is_no_data_not_100():
    """R-RPT-2: nothing counted is "no data", never 100 %."""
    assert kpi.rate(0, 0) is None
    assert kpi.is_met(None, 90) is None
    assert kpi.weighted_score(None, 90, 25) is None


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_refused(numerator, denominator):
    """R-RPT-2: a count below 0 or a numerator above its denominator is refused."""
    with pytest.raises(kpi.KpiInputError):
        kpi.rate(numerator, denominator)


def test_met_and_missed():
    """R-RPT-2: a rate meets its target when it reaches it."""
    assert kpi.is_met(90.0, 90) is True
    assert kpi.is_met(89.99, 90) is False


def test_weighted_score():
    """R-RPT-2: met scores the weight, missed the weight scaled by value/target."""
    assert kpi.weighted_score(92.0, 90, 25) == 25.0
    assert kpi.weighted_score(45.0, 90, 25) == 12.5
    assert kpi.total_score([(92.0, 90, 25), (45.0, 90, 25), (None, 95, 15)]) == (
        37.5,
        50.0,
    )


def test_seeded_weights_add_to_100():
    """R-RPT-2: 002 §5.1.5.2's weights 25, 15, 25, 35 (and 0 for the tracked
    overall satisfaction) add to 100."""
    kpi.check_weights([25, 15, 25, 35, 0])


@pytest.mark.parametrize("weights", [[25, 15, 25, 30], [25, 15, 25, 40], [-5, 105]])
def test_weights_not_100_refused(weights):
    """R-RPT-2: weights that do not add to 100 % are refused."""
    with pytest.raises(kpi.KpiInputError):
        kpi.check_weights(weights)


@pytest.mark.parametrize("target", [-1, 100.01, None])
def test_target_out_of_bounds_refused(target):
    """R-RPT-2: a target outside 0..100 % is refused."""
    with pytest.raises(kpi.KpiInputError):
        kpi.check_target(target)


def test_quarter_in_the_company_time_zone():
    """R-RPT-2: the first quarter of 2026 in Shanghai starts at 16:00 UTC on
    31 December 2025 and ends at 16:00 UTC on 31 March 2026."""
    assert kpi.quarter_bounds(2026, 1, "Asia/Shanghai") == (
        datetime(2025, 12, 31, 16, 0),
        datetime(2026, 3, 31, 16, 0),
    )
    assert kpi.quarter_bounds(2026, 4, "UTC") == (
        datetime(2026, 10, 1),
        datetime(2027, 1, 1),
    )


@pytest.mark.parametrize(("year", "quarter"), [(2026, 0), (2026, 5), (1, 1)])
def test_bad_quarter_refused(year, quarter):
    """R-RPT-2: a quarter is 1..4 of a real year."""
    with pytest.raises(kpi.KpiInputError):
        kpi.quarter_bounds(year, quarter, "UTC")
