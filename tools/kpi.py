# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
"""Service KPIs and the weighted scorecard (R-RPT-2; seed 002 §5.1.5).

Plain functions, no ``odoo`` import. A KPI is a rate, numerator over
denominator, in percent; with no document counted (denominator 0) it has no
data (``None``) — never 100 %. A rate meets its target when it is at least the
target. A line's weighted score is its weight when met, the weight scaled by
value / target when missed, and nothing when it has no data (it is then left
out of the weights scored too). The weights of a company's KPIs add to 100 and
every target lies in 0..100 (002 §5.1.5.2: 25 + 15 + 25 + 35).
"""

from datetime import date, datetime, time

from . import periods
from .errors import RuleInputError, _lt

TOTAL_WEIGHT = 100.0
# Rounding of a rate and a score: 0.01 %.
_DIGITS = 2


class KpiInputError(RuleInputError):
    """Invalid input of the KPI arithmetic."""


def rate(numerator, denominator):
    """``numerator / denominator`` in percent, or ``None`` (no data) when the
    denominator is 0."""
    if denominator < 0 or numerator < 0:
        raise KpiInputError(
            _lt("A count cannot be negative (%(numerator)s of %(denominator)s)."),
            numerator=numerator,
            denominator=denominator,
        )
    if numerator > denominator:
        raise KpiInputError(
            _lt("%(numerator)s counted out of only %(denominator)s."),
            numerator=numerator,
            denominator=denominator,
        )
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, _DIGITS)


def check_target(target):
    """Raise unless ``target`` is a percentage in 0..100."""
    if target is None or not 0.0 <= target <= 100.0:
        raise KpiInputError(
            _lt("A KPI target must lie between 0 %% and 100 %% (got %(target)s)."),
            target=target,
        )


def check_weights(weights):
    """Raise unless the ``weights`` (percent, each ≥ 0) add to 100."""
    for weight in weights:
        if weight < 0 or weight > TOTAL_WEIGHT:
            raise KpiInputError(
                _lt("A KPI weight must lie between 0 %% and 100 %% (got %(weight)s)."),
                weight=weight,
            )
    total = round(sum(weights), _DIGITS)
    if total != TOTAL_WEIGHT:
        raise KpiInputError(
            _lt("The KPI weights add to %(total)s %%, not 100 %%."),
            total=total,
        )


def is_met(value, target):
    """``True`` when ``value`` reaches ``target``, ``False`` when it falls
    short, ``None`` when there is no data."""
    check_target(target)
    if value is None:
        return None
    return value >= target


def weighted_score(value, target, weight):
    """The score of one line: ``weight`` when met, ``weight × value / target``
    when missed, ``None`` without data."""
    met = is_met(value, target)
    if met is None:
        return None
    if met or not target:
        return round(weight, _DIGITS)
    return round(weight * value / target, _DIGITS)


def total_score(lines):
    """``(score, weight scored)`` of ``lines`` — ``(value, target, weight)``
    triples; a line without data scores nothing and its weight is left out."""
    score = scored = 0.0
    for value, target, weight in lines:
        line_score = weighted_score(value, target, weight)
        if line_score is None:
            continue
        score += line_score
        scored += weight
    return round(score, _DIGITS), round(scored, _DIGITS)


def quarter_of(day):
    """The quarter (1..4) of ``day``."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter, tz):
    """``(start, end)``: naive UTC of the local midnights that open quarter
    ``quarter`` of ``year`` and the next quarter, in ``tz``."""
    if quarter not in (1, 2, 3, 4):
        raise KpiInputError(
            _lt("A quarter is 1, 2, 3 or 4 (got %(quarter)s)."), quarter=quarter
        )
    if not isinstance(year, int) or not 1900 <= year <= 9998:
        raise KpiInputError(_lt("Not a year: %(year)s."), year=year)
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return (
        periods.local_to_utc(datetime.combine(first, time.min), tz),
        periods.local_to_utc(datetime.combine(following, time.min), tz),
    )
