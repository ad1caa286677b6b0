# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Table-driven tests of ``tools.depreciation`` (SPEC §4, R-WAR-6)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tools import depreciation as dep
from tools.errors import RuleInputError

D = date
INVOICE = D(2024, 3, 1)
RETURNED = D(2024, 3, 21)


# ---------------------------------------------------------------------------
# R-WAR-6 depreciation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "price, rate, returned, repair_days, days, amount, refund, text",
    [
        pytest.param(
            "5000",
            "0.001",
            D(2024, 3, 21),
            0,
            20,
            "100.00",
            "4900.00",
            "5000.00 × 0.001 × 20 days = 100.00",
            id="R-WAR-6 5000 × 1‰ × 20 days",
        ),
        pytest.param(
            "5000.00",
            "0.001",
            D(2024, 3, 31),
            10,
            20,
            "100.00",
            "4900.00",
            "5000.00 × 0.001 × 20 days = 100.00",
            id="R-WAR-6 days in repair subtracted",
        ),
        pytest.param(
            "1125.00",
            "0.001",
            D(2024, 3, 2),
            0,
            1,
            "1.13",
            "1123.87",
            "1125.00 × 0.001 × 1 days = 1.13",
            id="R-WAR-6 1.125 rounds half-up to 1.13 (not half-even 1.12)",
        ),
        pytest.param(
            "45.00",
            "0.001",
            D(2024, 3, 26),
            0,
            25,
            "1.13",
            "43.87",
            "45.00 × 0.001 × 25 days = 1.13",
            id="R-WAR-6 45 × 1‰ × 25 = 1.125 rounds half-up",
        ),
        pytest.param(
            "1234.56",
            "0.001",
            D(2024, 3, 11),
            0,
            10,
            "12.35",
            "1222.21",
            "1234.56 × 0.001 × 10 days = 12.35",
            id="R-WAR-6 12.3456 rounds to the fen",
        ),
        pytest.param(
            "5000",
            "0.001",
            D(2024, 3, 11),
            15,
            0,
            "0.00",
            "5000.00",
            "5000.00 × 0.001 × 0 days = 0.00",
            id="R-WAR-6 repair days above elapsed days: never below 0",
        ),
        pytest.param(
            "5000",
            "0.001",
            INVOICE,
            0,
            0,
            "0.00",
            "5000.00",
            "5000.00 × 0.001 × 0 days = 0.00",
            id="R-WAR-6 returned on the invoice date",
        ),
        pytest.param(
            "5000",
            "0",
            D(2024, 4, 1),
            0,
            31,
            "0.00",
            "5000.00",
            "5000.00 × 0 × 31 days = 0.00",
            id="R-WAR-6 zero rate",
        ),
    ],
)
def test_depreciation(price, rate, returned, repair_days, days, amount, refund, text):
    result = dep.depreciation(
        Decimal(price), Decimal(rate), INVOICE, returned, repair_days
    )
    assert result.days == days
    assert result.amount == Decimal(amount)
    assert str(result.amount) == amount
    assert result.refund == Decimal(refund)
    assert result.arithmetic == text
    assert not result.capped


def test_depreciation_capped_at_price():
    result = dep.depreciation(Decimal("100"), Decimal("0.5"), INVOICE, D(2024, 3, 4))
    assert result.capped
    assert (result.amount, result.refund) == (Decimal("100.00"), Decimal("0.00"))


def _depr(price="5000", rate="0.001", returned=RETURNED, repair_days=0):
    return lambda: dep.depreciation(
        Decimal(price), Decimal(rate), INVOICE, returned, repair_days
    )


@pytest.mark.parametrize(
    "build, params",
    [
        pytest.param(
            _depr(rate="1.5"), {"rate": Decimal("1.5")}, id="R-WAR-6 rate above 1"
        ),
        pytest.param(
            _depr(rate="-0.001"),
            {"rate": Decimal("-0.001")},
            id="R-WAR-6 negative rate",
        ),
        pytest.param(
            _depr(returned=D(2024, 2, 29)),
            {"return_date": D(2024, 2, 29), "invoice_date": INVOICE},
            id="R-WAR-6 return date before invoice date",
        ),
        pytest.param(
            _depr(price="-1"), {"price": Decimal("-1")}, id="R-WAR-6 negative price"
        ),
        pytest.param(
            _depr(repair_days=-2),
            {"field": "days_in_repair", "value": -2},
            id="R-WAR-6 negative days in repair",
        ),
    ],
)
def test_input_errors(build, params):
    with pytest.raises(RuleInputError) as info:
        build()
    err = info.value
    assert isinstance(err, ValueError)
    for name, value in params.items():
        assert err.params[name] == value
    assert str(err) == (err.template % err.params if err.params else err.template)


@pytest.mark.parametrize(
    "amount, rounded",
    [
        pytest.param("1.125", "1.13", id="R-WAR-6 half-up, not half-even"),
        pytest.param("1.135", "1.14", id="R-WAR-6 half-up odd fen"),
        pytest.param("1.124999", "1.12", id="R-WAR-6 below the half rounds down"),
        pytest.param("0.005", "0.01", id="R-WAR-6 half a fen is a fen"),
        pytest.param("100", "100.00", id="R-WAR-6 whole yuan gets two decimals"),
    ],
)
def test_round_fen(amount, rounded):
    assert str(dep.round_fen(Decimal(amount))) == rounded


def test_refund_is_rounded_price_minus_rounded_fee():
    """R-WAR-6: the three printed numbers add up; the model never rounds again."""
    result = dep.depreciation(Decimal("4999.995"), Decimal("0.0015"), INVOICE, RETURNED)
    assert result.price == Decimal("5000.00")
    assert result.amount == Decimal("150.00")
    assert result.price - result.amount == result.refund == Decimal("4850.00")


def test_float_price_uses_its_shortest_repr():
    """R-WAR-6: a float price from the database is read as typed (0.1, not
    0.1000000000000000055…)."""
    result = dep.depreciation(0.1, 0.001, INVOICE, RETURNED)
    assert result.price == Decimal("0.10")


def test_module_does_not_import_odoo():
    source = Path(dep.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+odoo", source, re.M)
