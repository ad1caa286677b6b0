# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""Depreciation fee of a returned unit (R-WAR-6).

``invoice price × rate per day × days`` where the days run from the invoice date
to the return date, less the days the unit spent in repair or waiting for repair
(never below 0). Money is ``decimal.Decimal``: the price is rounded half-up to the
fen first, the fee half-up to the fen, and the refund is the rounded price minus
the rounded fee, so that the three printed numbers always add up and the model
never rounds again. The fee never exceeds the price.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from .errors import RuleInputError, _lt

FEN = Decimal("0.01")
DEFAULT_RATE = Decimal("0.001")  # 1‰ of the invoice price per day


@dataclass(frozen=True)
class DepreciationResult:
    """Depreciation fee of a return and the refund (R-WAR-6).

    ``message % params`` prints "5000.00 × 0.001 × 20 days = 100.00" (the model
    translates ``message``). ``capped``: the fee reached the price.
    """

    price: Decimal
    rate: Decimal
    days: int
    amount: Decimal
    refund: Decimal
    capped: bool
    message: str
    params: Mapping

    @property
    def arithmetic(self):
        return self.message % dict(self.params)


def to_decimal(value):
    """``value`` as a ``Decimal`` (``float`` through its shortest repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RuleInputError(_lt("%(value)s is not a number."), value=value)
    return Decimal(str(value))


def round_fen(amount):
    """``amount`` rounded half-up to the fen (0.005 → 0.01)."""
    return amount.quantize(FEN, ROUND_HALF_UP)


def check_rate(rate):
    """Refuse a daily rate outside ``[0, 1)``."""
    if rate < 0 or rate >= 1:
        raise RuleInputError(
            _lt(
                "The depreciation rate %(rate)s per day must be at least 0 and less"
                " than 1."
            ),
            rate=rate,
        )


def depreciation_days(invoice_date: date, return_date: date, days_in_repair=0):
    """Days charged: invoice date to return date, less the days in repair, ≥ 0."""
    return max((return_date - invoice_date).days - days_in_repair, 0)


def depreciation(
    invoice_price, rate_per_day, invoice_date, return_date, days_in_repair=0
):
    """Depreciation fee of a return and the refund (R-WAR-6).

    Checks the inputs, counts the days, multiplies and rounds; see the module
    docstring for the rounding.
    """
    price = to_decimal(invoice_price)
    rate = to_decimal(rate_per_day)
    _check_inputs(price, rate, invoice_date, return_date, days_in_repair)
    days = depreciation_days(invoice_date, return_date, days_in_repair)
    price = round_fen(price)
    amount = round_fen(price * rate * days)
    capped = amount > price
    if capped:
        amount = price
    return DepreciationResult(
        price=price,
        rate=rate,
        days=days,
        amount=amount,
        refund=price - amount,
        capped=capped,
        message=_lt("%(price)s × %(rate)s × %(days)s days = %(amount)s"),
        params=MappingProxyType(
            {"price": price, "rate": rate, "days": days, "amount": amount}
        ),
    )


def _check_inputs(price, rate, invoice_date, return_date, days_in_repair):
    check_rate(rate)
    if price < 0:
        raise RuleInputError(
            _lt("The invoice price %(price)s cannot be negative."), price=price
        )
    if days_in_repair < 0:
        raise RuleInputError(
            _lt("The value %(field)s cannot be negative: %(value)s."),
            field="days_in_repair",
            value=days_in_repair,
        )
    if return_date < invoice_date:
        raise RuleInputError(
            _lt(
                "The return date %(return_date)s is before the invoice date"
                " %(invoice_date)s."
            ),
            return_date=return_date,
            invoice_date=invoice_date,
        )
