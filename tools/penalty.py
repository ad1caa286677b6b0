# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
"""Monthly deduction cap and merit/demerit arithmetic of the penalty ledger.

R-PEN-7 (《工资支付暂行规定》 art. 16): the fines deducted from one month's pay
never exceed ``cap_percent`` of that month's wage and never bring the pay below the
local minimum wage; what cannot be deducted now carries over to the next month.

R-PEN-6 (001 篇五 §6–8): 嘉奖 +1, 记功 +3, 记大功 +9, 警告 −1, 记过 −3, 记大过 −9;
like kinds offset one for one, three merits make a major merit and three demerits
a major demerit, three major demerits (after offsetting) flag dismissal. Money is
``decimal.Decimal`` rounded half-up to the fen.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import RuleInputError, _lt

FEN = Decimal("0.01")
ZERO = Decimal("0")


def _money(value):
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CapResult:
    """What is deducted this month and what carries over (R-PEN-7).

    ``due``: the month's fines plus the carry-over from earlier months;
    ``limit``: the most that may be deducted (the smaller of the percentage
    limit and the minimum-wage limit); ``deductible`` = min(due, limit);
    ``carry_over`` = due − deductible; ``net_pay`` = wage + rewards − deductible;
    ``reason``: ``"percent"``, ``"minimum_wage"`` or ``""`` — which limit bit.
    """

    due: Decimal
    limit: Decimal
    deductible: Decimal
    carry_over: Decimal
    net_pay: Decimal
    reason: str


def monthly_cap(wage, fines, rewards, carried_in, cap_percent, minimum_wage):
    """Apply the legal cap to a month's fines.

    ``fines`` and ``carried_in`` are positive amounts to deduct, ``rewards`` a
    positive amount paid on top of the wage. Negative inputs are refused
    (``ValueError``): the models validate them before.
    """
    wage, fines, rewards = _money(wage), _money(fines), _money(rewards)
    carried_in, minimum_wage = _money(carried_in), _money(minimum_wage)
    percent = Decimal(str(cap_percent))
    for value in (wage, fines, rewards, carried_in, minimum_wage, percent):
        if value < 0:
            raise RuleInputError(
                _lt("Amounts of the monthly statement cannot be negative.")
            )
    due = fines + carried_in
    percent_limit = _money(wage * percent / 100)
    minimum_limit = max(ZERO, wage + rewards - minimum_wage)
    limit = min(percent_limit, minimum_limit)
    deductible = min(due, limit)
    reason = ""
    if due > limit:
        reason = "minimum_wage" if minimum_limit < percent_limit else "percent"
    return CapResult(
        due=due,
        limit=limit,
        deductible=deductible,
        carry_over=due - deductible,
        net_pay=wage + rewards - deductible,
        reason=reason,
    )


# Grades in ladder order: (code, points). Each merit offsets the demerit of the
# same rank; three of a rank make one of the next.
MERITS = ("commendation", "merit", "major_merit")
DEMERITS = ("warning", "demerit", "major_demerit")
POINTS = {
    "commendation": 1,
    "merit": 3,
    "major_merit": 9,
    "warning": -1,
    "demerit": -3,
    "major_demerit": -9,
}
DISMISSAL_MAJOR_DEMERITS = 3
# 篇五 第八条: three merits make a major merit, three demerits a major demerit
# (commendations and warnings are not promoted: the seed does not say so).
PROMOTIONS = (("merit", "major_merit"), ("demerit", "major_demerit"))


@dataclass(frozen=True)
class MeritResult:
    """The period's grades after offsetting and promotion (R-PEN-6).

    ``points``: the sum of the points of every grade recorded (offsetting and
    promotion keep it); ``grades``: the remaining count per grade; ``dismissal``:
    three or more major demerits remain.
    """

    points: int
    grades: dict
    dismissal: bool


def merit_summary(counts):
    """``counts``: ``{grade: number}`` of the grades recorded in the period."""
    grades = dict.fromkeys(POINTS, 0)
    for grade, number in counts.items():
        if grade not in POINTS:
            raise RuleInputError(_lt("Unknown merit grade %(grade)s."), grade=grade)
        if number < 0:
            raise RuleInputError(_lt("A number of merits cannot be negative."))
        grades[grade] += number
    points = sum(POINTS[g] * n for g, n in grades.items())
    changed = True
    while changed:
        changed = False
        for merit, demerit in zip(MERITS, DEMERITS, strict=True):
            common = min(grades[merit], grades[demerit])
            if common:
                grades[merit] -= common
                grades[demerit] -= common
                changed = True
        for lower, upper in PROMOTIONS:
            if grades[lower] >= 3:
                grades[upper] += grades[lower] // 3
                grades[lower] %= 3
                changed = True
    return MeritResult(
        points=points,
        grades={g: n for g, n in grades.items() if n},
        dismissal=grades["major_demerit"] >= DISMISSAL_MAJOR_DEMERITS,
    )
