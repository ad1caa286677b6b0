# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Table-driven tests of ``tools.penalty`` (SPEC §8, R-PEN-6, R-PEN-7)."""

from decimal import Decimal

import pytest

from tools import penalty


@pytest.mark.parametrize(
    "wage, fines, rewards, carried, percent, minimum, deductible, carry, reason",
    [
        # Under both limits: all deducted.
        ("5000", "100", "0", "0", 20, "2300", "100.00", "0.00", ""),
        # 20 % of 5000 = 1000: the rest carries over.
        ("5000", "1200", "0", "0", 20, "2300", "1000.00", "200.00", "percent"),
        # The carry-over of last month counts against this month's limit.
        ("5000", "900", "0", "300", 20, "2300", "1000.00", "200.00", "percent"),
        # Wage 2500, minimum 2300: at most 200 may go, although 20 % is 500.
        ("2500", "400", "0", "0", 20, "2300", "200.00", "200.00", "minimum_wage"),
        # Rewards are paid on top: they raise the minimum-wage limit.
        ("2500", "400", "100", "0", 20, "2300", "300.00", "100.00", "minimum_wage"),
        # Wage below the minimum: nothing deducted, everything carries.
        ("2000", "50", "0", "0", 20, "2300", "0.00", "50.00", "minimum_wage"),
        # Exactly at the limit: deducted, nothing carried.
        ("5000", "1000", "0", "0", 20, "2300", "1000.00", "0.00", ""),
        # Fen rounding of the percentage limit (20 % of 3333.33 = 666.666).
        ("3333.33", "700", "0", "0", 20, "0", "666.67", "33.33", "percent"),
        # No fines: nothing to do.
        ("5000", "0", "200", "0", 20, "2300", "0.00", "0.00", ""),
    ],
)
def test_monthly_cap(
    wage, fines, rewards, carried, percent, minimum, deductible, carry, reason
):
    """R-PEN-7: deducted ≤ 20 % of wage, net ≥ minimum wage, the rest carries."""
    result = penalty.monthly_cap(wage, fines, rewards, carried, percent, minimum)
    assert result.deductible == Decimal(deductible)
    assert result.carry_over == Decimal(carry)
    assert result.reason == reason
    assert result.deductible + result.carry_over == result.due
    assert result.net_pay == (
        Decimal(wage) + Decimal(rewards) - result.deductible
    ).quantize(Decimal("0.01"))


def test_monthly_cap_refuses_negative_input():
    """R-PEN-7: negative amounts are the caller's bug, never silently capped."""
    with pytest.raises(ValueError):
        penalty.monthly_cap("5000", "-1", "0", "0", 20, "2300")


@pytest.mark.parametrize(
    "counts, points, grades, dismissal",
    [
        ({}, 0, {}, False),
        ({"commendation": 1}, 1, {"commendation": 1}, False),
        # Three of a kind promote.
        # 篇五 第八条: merits and demerits promote, commendations and warnings not.
        ({"commendation": 3}, 3, {"commendation": 3}, False),
        ({"merit": 3}, 9, {"major_merit": 1}, False),
        ({"merit": 7}, 21, {"major_merit": 2, "merit": 1}, False),
        ({"warning": 3}, -3, {"warning": 3}, False),
        ({"demerit": 4}, -12, {"major_demerit": 1, "demerit": 1}, False),
        # Like kinds offset one for one.
        ({"commendation": 2, "warning": 1}, 1, {"commendation": 1}, False),
        ({"merit": 1, "demerit": 1}, 0, {}, False),
        ({"major_merit": 1, "major_demerit": 2}, -9, {"major_demerit": 1}, False),
        # Offsetting first, then promotion: 4 merits − 1 demerit = 3 → a major one.
        ({"merit": 4, "demerit": 1}, 9, {"major_merit": 1}, False),
        # A promoted major demerit offsets a major merit.
        ({"demerit": 3, "major_merit": 1}, 0, {}, False),
        # Three major demerits flag dismissal.
        ({"major_demerit": 3}, -27, {"major_demerit": 3}, True),
        ({"demerit": 9}, -27, {"major_demerit": 3}, True),
        # … unless offset by a major merit.
        ({"major_demerit": 3, "major_merit": 1}, -18, {"major_demerit": 2}, False),
    ],
)
def test_merit_summary(counts, points, grades, dismissal):
    """R-PEN-6: points, offsetting, promotion and the dismissal flag."""
    result = penalty.merit_summary(counts)
    assert result.points == points
    assert result.grades == grades
    assert result.dismissal is dismissal


def test_merit_summary_refuses_unknown_grade():
    """R-PEN-6: an unknown grade is refused."""
    with pytest.raises(ValueError):
        penalty.merit_summary({"medal": 1})
