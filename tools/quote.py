# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""Price of a quote for chargeable service (R-ACC-2, R-ACC-2a).

The seeded rule (003 ISO §4.5) is "cost (materials + labour + travel + tax) + 40 %".
Two markup bases (R-ACC-2a):

``tax_exclusive`` (the default)
    Each line's untaxed price is its tax-exclusive cost × (1 + markup); the VAT
    is added on the untaxed total: ``untaxed × (1 + vat)``.

``tax_inclusive`` (the seed formula taken literally)
    ``(材料费 + 人工费 + 差旅 + 税费) + 40 %``: the tax is a cost item of its
    own, taken on every other one — materials, labour and travel alike — and
    the markup lies on the cost including it: ``cost × (1 + vat) × (1 + markup)``
    per line. The result is the customer's tax-inclusive price; its VAT is the
    part of it a VAT invoice shows (``× vat / (1 + vat)``) and the rest is
    untaxed. With the tax on every item the product commutes: the prices equal
    the default base's; the base says how the price is read (the seed's cost
    including tax), not a different price.

A line may carry a ``fixed_price`` (a price list's or the estimator's untaxed
unit price): it replaces the marked-up price of that line, and the part of it
above the rule's price is the line's *extra margin* (000 §3.3.2 rewards 10 % of
it when out of warranty; the ledger computes the reward).

Money is ``decimal.Decimal`` rounded half-up to the fen: each line's untaxed
price, then the tax of the total, so that the printed lines add up to the total.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import RuleInputError, _lt

FEN = Decimal("0.01")
TAX_EXCLUSIVE = "tax_exclusive"
TAX_INCLUSIVE = "tax_inclusive"
BASES = (TAX_EXCLUSIVE, TAX_INCLUSIVE)
PARTS = "parts"
LABOUR = "labour"
TRAVEL = "travel"
KINDS = (PARTS, LABOUR, TRAVEL)
DEFAULT_MARKUP = Decimal("0.40")


def fen(amount):
    """``amount`` rounded half-up to the fen."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuoteLine:
    """One line: ``kind`` (parts, labour, travel), ``quantity``, tax-exclusive
    ``unit_cost``, optional untaxed ``fixed_price`` per unit."""

    kind: str
    quantity: Decimal
    unit_cost: Decimal
    fixed_price: Decimal | None = None


@dataclass(frozen=True)
class PricedLine:
    """A priced line: its cost, the rule's untaxed price (``standard``), the
    untaxed price charged (``untaxed``), the margin above the rule and the
    untaxed ``unit_price`` the line is charged at (the fixed price, or the unit
    cost × (1 + markup) on both bases): ``untaxed`` is ``quantity × unit_price``
    to the fen whenever the line's cost ``quantity × unit_cost`` is a whole
    number of fen (the cost is rounded first)."""

    cost: Decimal
    standard: Decimal
    untaxed: Decimal
    extra_margin: Decimal
    unit_price: Decimal = Decimal(0)


@dataclass(frozen=True)
class QuoteResult:
    """A priced quote. ``untaxed + tax == total``; ``extra_margin`` is the sum
    of the lines' margins above the rule (never below 0)."""

    lines: tuple
    cost: Decimal
    untaxed: Decimal
    tax: Decimal
    total: Decimal
    extra_margin: Decimal


def _check(lines, markup, vat, base):
    if base not in BASES:
        raise RuleInputError(_lt("Unknown markup base %(base)s."), base=base)
    if markup < 0 or markup > 10:
        raise RuleInputError(
            _lt("The markup must lie between 0 and 1000 %%, not %(markup)s."),
            markup=markup,
        )
    if vat < 0 or vat >= 1:
        raise RuleInputError(
            _lt("The tax rate must lie between 0 and 100 %%, not %(rate)s."),
            rate=vat,
        )
    for line in lines:
        if line.kind not in KINDS:
            raise RuleInputError(_lt("Unknown line kind %(kind)s."), kind=line.kind)
        if line.quantity < 0 or line.unit_cost < 0:
            raise RuleInputError(
                _lt("A quote line cannot have a negative quantity or cost.")
            )
        if line.fixed_price is not None and line.fixed_price < 0:
            raise RuleInputError(_lt("A quote line cannot have a negative price."))


def price_quote(lines, markup=DEFAULT_MARKUP, vat=Decimal("0.13"), base=TAX_EXCLUSIVE):
    """Price ``lines`` (:class:`QuoteLine`) with ``markup`` and the ``vat`` rate
    (fractions: 0.40, 0.13) on ``base``; returns a :class:`QuoteResult`."""
    markup, vat = Decimal(markup), Decimal(vat)
    _check(lines, markup, vat, base)
    priced = []
    for line in lines:
        cost = fen(Decimal(line.quantity) * Decimal(line.unit_cost))
        if base == TAX_EXCLUSIVE:
            standard = fen(cost * (1 + markup))
        else:
            # The tax on every cost item, the markup on the cost with its tax:
            # the line's tax-inclusive price, then its untaxed share.
            inclusive = cost * (1 + vat) * (1 + markup)
            standard = fen(inclusive / (1 + vat))
        if line.fixed_price is not None:
            unit_price = Decimal(line.fixed_price)
            untaxed = fen(Decimal(line.quantity) * unit_price)
        else:
            # (cost × (1 + vat) × (1 + markup)) / (1 + vat) on the seed's base.
            unit_price = Decimal(line.unit_cost) * (1 + markup)
            untaxed = standard
        priced.append(
            PricedLine(
                cost=cost,
                standard=standard,
                untaxed=untaxed,
                extra_margin=max(untaxed - standard, Decimal(0)),
                unit_price=unit_price,
            )
        )
    untaxed = sum((line.untaxed for line in priced), Decimal("0.00"))
    # On both bases the invoice shows the VAT of the untaxed total (on the
    # seed's base the untaxed lines are already the inclusive prices' share).
    tax = fen(untaxed * vat)
    return QuoteResult(
        lines=tuple(priced),
        cost=sum((line.cost for line in priced), Decimal("0.00")),
        untaxed=untaxed,
        tax=tax,
        total=untaxed + tax,
        extra_margin=sum((line.extra_margin for line in priced), Decimal("0.00")),
    )
