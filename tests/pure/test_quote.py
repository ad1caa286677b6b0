# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Table-driven tests of ``tools.quote`` (SPEC §6, R-ACC-2, R-ACC-2a)."""

from decimal import Decimal

import pytest

from tools import quote as q
from tools.errors import RuleInputError

D = Decimal


def _line(kind, quantity, unit_cost, fixed=None):
    return q.QuoteLine(
        kind, D(quantity), D(unit_cost), None if fixed is None else D(fixed)
    )


PARTS_100 = _line(q.PARTS, "1", "100")
LABOUR_50 = _line(q.LABOUR, "2", "25")
TRAVEL_20 = _line(q.TRAVEL, "1", "20")


@pytest.mark.parametrize(
    "lines, base, untaxed, tax, total, extra",
    [
        # R-ACC-2: cost + 40 %, VAT 13 % added (default base).
        pytest.param(
            [PARTS_100, LABOUR_50, TRAVEL_20],
            q.TAX_EXCLUSIVE,
            "238.00",
            "30.94",
            "268.94",
            "0.00",
            id="exclusive-all-kinds",
        ),
        # R-ACC-2a: the seed's literal base (材料费 + 人工费 + 差旅 + 税费) + 40 %:
        # the tax lies on every cost item, the markup on the cost with its tax;
        # the price is tax-inclusive: 170 × 1.13 × 1.4 = 268.94.
        pytest.param(
            [PARTS_100, LABOUR_50, TRAVEL_20],
            q.TAX_INCLUSIVE,
            "238.00",
            "30.94",
            "268.94",
            "0.00",
            id="inclusive-all-kinds",
        ),
        # Labour alone carries the tax too (50 × 1.13 × 1.4 = 79.10).
        pytest.param(
            [LABOUR_50],
            q.TAX_INCLUSIVE,
            "70.00",
            "9.10",
            "79.10",
            "0.00",
            id="inclusive-labour-taxed",
        ),
        pytest.param(
            [TRAVEL_20],
            q.TAX_INCLUSIVE,
            "28.00",
            "3.64",
            "31.64",
            "0.00",
            id="inclusive-travel-taxed",
        ),
        pytest.param(
            [PARTS_100],
            q.TAX_INCLUSIVE,
            "140.00",
            "18.20",
            "158.20",
            "0.00",
            id="inclusive-parts-only",
        ),
        # Rounding to the fen, half up, per line: 0.125 × 1.4 = 0.175 → 0.18.
        pytest.param(
            [_line(q.PARTS, "1", "0.125")],
            q.TAX_EXCLUSIVE,
            "0.18",
            "0.02",
            "0.20",
            "0.00",
            id="half-up-to-the-fen",
        ),
        pytest.param(
            [_line(q.PARTS, "3", "33.33")],
            q.TAX_EXCLUSIVE,
            "139.99",
            "18.20",
            "158.19",
            "0.00",
            id="cost-rounded-first",
        ),
        # A price list's (or the estimator's) price above the rule: extra margin.
        pytest.param(
            [_line(q.PARTS, "2", "100", fixed="150"), LABOUR_50],
            q.TAX_EXCLUSIVE,
            "370.00",
            "48.10",
            "418.10",
            "20.00",
            id="fixed-price-extra-margin",
        ),
        # Below the rule: no negative extra margin.
        pytest.param(
            [_line(q.PARTS, "1", "100", fixed="120")],
            q.TAX_EXCLUSIVE,
            "120.00",
            "15.60",
            "135.60",
            "0.00",
            id="fixed-price-below-rule",
        ),
        pytest.param([], q.TAX_EXCLUSIVE, "0.00", "0.00", "0.00", "0.00", id="empty"),
    ],
)
def test_price_quote(lines, base, untaxed, tax, total, extra):
    """R-ACC-2, R-ACC-2a: both bases, rounding, fixed prices."""
    result = q.price_quote(lines, D("0.40"), D("0.13"), base)
    assert (result.untaxed, result.tax, result.total, result.extra_margin) == (
        D(untaxed),
        D(tax),
        D(total),
        D(extra),
    )
    assert result.untaxed + result.tax == result.total
    assert sum(line.untaxed for line in result.lines) == result.untaxed


def test_other_markup():
    """R-ACC-2: the markup is the company's, not a constant (25 %)."""
    result = q.price_quote([PARTS_100], D("0.25"), D("0.06"))
    assert (result.untaxed, result.tax) == (D("125.00"), D("7.50"))


@pytest.mark.parametrize(
    "lines, markup, vat, base",
    [
        ([_line(q.PARTS, "-1", "10")], "0.4", "0.13", q.TAX_EXCLUSIVE),
        ([_line(q.PARTS, "1", "-10")], "0.4", "0.13", q.TAX_EXCLUSIVE),
        ([_line(q.PARTS, "1", "10", fixed="-1")], "0.4", "0.13", q.TAX_EXCLUSIVE),
        ([_line("gift", "1", "10")], "0.4", "0.13", q.TAX_EXCLUSIVE),
        ([PARTS_100], "-0.1", "0.13", q.TAX_EXCLUSIVE),
        ([PARTS_100], "0.4", "1.5", q.TAX_EXCLUSIVE),
        ([PARTS_100], "0.4", "0.13", "gross"),
    ],
)
def test_bad_input(lines, markup, vat, base):
    """R-X-4: negative lines, rates out of range, unknown base: a rule error."""
    with pytest.raises(RuleInputError):
        q.price_quote(lines, D(markup), D(vat), base)
