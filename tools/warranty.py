# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""Warranty and 三包 determination (R-WAR-1 … R-WAR-8).

Plain functions over plain values, no ``odoo`` import:

* :func:`determine` decides whether a reported unit is in warranty, which 三包
  remedies (return / exchange / repair) the customer may choose and who pays the
  parts, the labour and the travel;
* :func:`depreciation` computes the depreciation fee of a return (R-WAR-6);
* :func:`add_months`, :func:`period_end` and :func:`within_days` are the day
  counting of R-WAR-5b, exposed so that the models never count days themselves.

Conventions
-----------
* Dates are ``datetime.date``, money is ``decimal.Decimal``. The report date is an
  input: nothing here reads the clock.
* "Within N days" of a date D means ``(report - D).days <= N`` in calendar days,
  so the last day of a 7-day window opened on 1 March is 8 March. "Over N days"
  (parts not supplied, repairer delay) means ``> N``.
* A period of N months starting on day D covers D up to and including the day
  before its *anniversary* ``add_months(D, N)``. When the anniversary day does not
  exist in the target month (31 January + 1 month), the anniversary is the first
  day of the next month, so the period ends on the **last day** of the target
  month: 31 Jan 2023 + 1 month covers 31 Jan … 28 Feb 2023, and 29 Feb 2024 + 12
  months covers 29 Feb 2024 … 28 Feb 2025. This follows 民法典 art. 203 ("没有对应日
  的,月末日为期间的最后一日") and never gives the customer less than the calendar
  month. It deliberately differs from ``relativedelta`` clamping, which would end
  those periods on 27 Feb: a unit bought on 31 January would then be covered for
  fewer days than one bought on 1 February.
* Every decision comes with :class:`Reason` items: the rule code of the spec, a
  stable ``key``, an English ``message`` template with named placeholders (marked
  with ``_lt`` for extraction) and its ``params``, so that the model prints
  ``self.env._(reason.message, **reason.params)`` (R-WAR-8).
* Bad input raises :class:`WarrantyInputError`, whose ``template`` and ``params``
  let the model raise a translated ``ValidationError``. Policies and facts are
  checked when they are built, so an invalid one never exists.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from .errors import RuleInputError, _lt

# Values of the string fields (the model's selection keys).
PROOF_INVOICE = "invoice"
PROOF_WARRANTY_CARD = "warranty_card"
PROOF_NONE = "none"
PROOF_KINDS = (PROOF_INVOICE, PROOF_WARRANTY_CARD, PROOF_NONE)

FAULT_QUALITY = "quality"
FAULT_CUSTOMER = "customer"
FAULT_UNKNOWN = "unknown"
FAULT_KINDS = (FAULT_QUALITY, FAULT_CUSTOMER, FAULT_UNKNOWN)

START_INVOICE = "invoice"
START_INSTALLATION = "installation"
START_FACTORY_PLUS_GRACE = "factory_plus_grace"
POLICY_START_BASES = (START_INVOICE, START_INSTALLATION)

IN_WARRANTY = "in_warranty"
OUT_OF_WARRANTY = "out_of_warranty"
EXCLUDED = "excluded"
UNKNOWN = "unknown"

RETURN = "return"
EXCHANGE = "exchange"
REPAIR = "repair"

COMPANY = "company"
CUSTOMER = "customer"

# Customer-caused fault in warranty (R-WAR-4): who pays what.
CUSTOMER_PAYS_PARTS = "parts"  # 002 §5.2.2.4: parts charged, labour free
CUSTOMER_PAYS_ALL = "all"  # 001 篇四 §1.5.1.2: every cost charged
CUSTOMER_FAULT_CHARGING = (CUSTOMER_PAYS_PARTS, CUSTOMER_PAYS_ALL)

# Exclusions of 003 §1.7–1.14 (R-WAR-3), the codes of the seeded master data. The
# model may add its own codes: any recorded code voids free service.
ALTERED_CARD = "altered_card"
EXCLUSIONS = {
    "misuse": _lt(
        "Exclusion: misuse, negligent use or improper maintenance (003 §1.7);"
        " free service is void."
    ),
    "cosmetic_wear": _lt(
        "Exclusion: natural wear of the casing or cosmetic parts (003 §1.8);"
        " free service is void."
    ),
    "environment": _lt(
        "Exclusion: corrosive, calcifying, dusty or hot environment (003 §1.9);"
        " free service is void."
    ),
    ALTERED_CARD: _lt(
        "Exclusion: the warranty card, purchase date or serial number has been"
        " altered or does not match (003 §1.6, §1.10); no warranty."
    ),
    "force_majeure": _lt(
        "Exclusion: natural disaster or force majeure (003 §1.11);"
        " free service is void."
    ),
    "expired": _lt(
        "Exclusion: the warranty period has expired (003 §1.12);"
        " free service is void."
    ),
    "abnormal_power": _lt(
        "Exclusion: abnormal voltage or wiring not to standard (003 §1.13);"
        " free service is void."
    ),
    "unauthorised_repair": _lt(
        "Exclusion: dismantled, modified or repaired without the maker's consent"
        " (003 §1.14); free service is void."
    ),
}
_OTHER_EXCLUSION = _lt("Exclusion %(exclusion)s recorded; free service is void.")

_FEN = Decimal("0.01")


class WarrantyInputError(RuleInputError):
    """Invalid input of the warranty engine."""


# ---------------------------------------------------------------------------
# Day counting (R-WAR-5b)
# ---------------------------------------------------------------------------


def add_months(day, months):
    """Return the anniversary of ``day`` ``months`` months later.

    The same day of the month; when that day does not exist in the target month,
    the first day of the following month (31 Jan + 1 month → 1 Mar). See the
    module docstring for why this is not ``relativedelta`` clamping.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return date(year, month, last) + timedelta(days=1)
    return date(year, month, day.day)


def period_end(start, months):
    """Return the last day (inclusive) of a period of ``months`` months.

    ``start`` … ``add_months(start, months) - 1 day``: 15 Mar 2024 + 12 months
    ends 14 Mar 2025; 31 Jan 2023 + 1 month ends 28 Feb 2023; 29 Feb 2024 + 12
    months ends 28 Feb 2025.
    """
    return add_months(start, months) - timedelta(days=1)


def within_days(start, day, days):
    """Return whether ``day`` is within ``days`` calendar days of ``start``."""
    return (day - start).days <= days


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentPeriod:
    """A named main component with its own period (compressor 36 months)."""

    name: str
    months: int

    def __post_init__(self):
        if self.months <= 0:
            raise WarrantyInputError(
                _lt(
                    "The warranty period of the component %(component)s must be"
                    " positive, not %(months)s months."
                ),
                component=self.name,
                months=self.months,
            )


@dataclass(frozen=True)
class WarrantyPolicy:
    """A warranty policy of a product or product category (R-WAR-1, R-WAR-4, R-WAR-5).

    ``whole_months``: period of the whole unit; ``components``: longer periods of
    named main components. ``start_basis``: ``"invoice"`` (the purchase date on the
    proof) or ``"installation"`` (the installation date when known, else the
    purchase date). ``grace_months``: added to the factory date when there is no
    proof of purchase (003 §1.6). The ``*_days`` windows and
    ``max_repairs_same_fault`` are the 三包 rules (004 §8, 1995 rules), applied only
    when ``sanbao_applies`` (consumer products). ``customer_fault_charging`` is
    ``"parts"`` or ``"all"``; ``remote_travel_chargeable`` charges travel to remote
    sites even in warranty (003 §1.15); ``out_of_warranty_travel_chargeable``
    charges travel outside the warranty (001 篇四 §1.5.2.2: all costs).
    """

    whole_months: int = 12
    components: tuple = ()
    start_basis: str = START_INVOICE
    grace_months: int = 3
    sanbao_applies: bool = False
    return_days: int = 7
    exchange_days: int = 15
    parts_not_supplied_days: int = 90
    repairer_delay_days: int = 30
    rework_days: int = 30
    max_repairs_same_fault: int = 2
    depreciation_rate: Decimal = Decimal("0.001")
    customer_fault_charging: str = CUSTOMER_PAYS_PARTS
    remote_travel_chargeable: bool = True
    out_of_warranty_travel_chargeable: bool = True

    def __post_init__(self):
        components = tuple(
            c if isinstance(c, ComponentPeriod) else ComponentPeriod(*c)
            for c in self.components
        )
        object.__setattr__(self, "components", components)
        object.__setattr__(self, "depreciation_rate", _decimal(self.depreciation_rate))
        if self.whole_months <= 0:
            raise WarrantyInputError(
                _lt(
                    "The warranty period of the whole unit must be positive, not"
                    " %(months)s months."
                ),
                months=self.whole_months,
            )
        if self.grace_months < 0:
            raise WarrantyInputError(
                _lt("The grace period %(months)s months cannot be negative."),
                months=self.grace_months,
            )
        for name in (
            "return_days",
            "exchange_days",
            "parts_not_supplied_days",
            "repairer_delay_days",
            "rework_days",
            "max_repairs_same_fault",
        ):
            value = getattr(self, name)
            if value <= 0:
                raise WarrantyInputError(
                    _lt("The policy value %(field)s must be positive, not %(value)s."),
                    field=name,
                    value=value,
                )
        _check_rate(self.depreciation_rate)
        _check_choice(self.start_basis, POLICY_START_BASES, "start_basis")
        _check_choice(
            self.customer_fault_charging,
            CUSTOMER_FAULT_CHARGING,
            "customer_fault_charging",
        )


@dataclass(frozen=True)
class WarrantyFacts:
    """What the engineer found about the reported unit.

    ``purchase_date`` is the date on the proof of purchase (``proof_kind``
    ``"invoice"`` or ``"warranty_card"``); with ``"none"`` it is not trusted.
    ``card_altered``: card, purchase date or serial altered (003 §1.6, §1.10);
    ``serial_unreadable``: no readable serial or factory date on the unit.
    ``earlier_repairs_same_fault``: repairs of this fault inside the 三包 period
    before this report. ``days_in_repair``: days spent in repair or waiting for
    parts, which extend every period (R-WAR-5a). ``days_parts_not_supplied`` and
    ``days_repairer_delay`` count from sending the unit for repair.
    ``contract_months`` overrides the whole-unit period (R-WAR-1).
    """

    report_date: date
    purchase_date: date | None = None
    proof_kind: str = PROOF_NONE
    factory_date: date | None = None
    card_altered: bool = False
    serial_unreadable: bool = False
    installation_date: date | None = None
    fault_kind: str = FAULT_UNKNOWN
    major_performance_fault: bool = False
    components: tuple = ()
    exclusions: tuple = ()
    earlier_repairs_same_fault: int = 0
    days_in_repair: int = 0
    days_parts_not_supplied: int = 0
    days_repairer_delay: int = 0
    last_repair_date: date | None = None
    deformed_out_of_box: bool = False
    same_model_available: bool = True
    customer_wants_return: bool = False
    remote_site: bool = False
    contract_months: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "components", tuple(self.components))
        object.__setattr__(self, "exclusions", tuple(dict.fromkeys(self.exclusions)))
        _check_choice(self.proof_kind, PROOF_KINDS, "proof_kind")
        _check_choice(self.fault_kind, FAULT_KINDS, "fault_kind")
        report = self.report_date
        if self.proof_kind != PROOF_NONE and self.purchase_date is None:
            raise WarrantyInputError(
                _lt("A proof of purchase needs its purchase date.")
            )
        if self.purchase_date and self.purchase_date > report:
            raise WarrantyInputError(
                _lt(
                    "The invoice date %(invoice_date)s is after the report date"
                    " %(report_date)s."
                ),
                invoice_date=self.purchase_date,
                report_date=report,
            )
        if self.factory_date and self.factory_date > report:
            raise WarrantyInputError(
                _lt(
                    "The factory date %(factory_date)s is after the report date"
                    " %(report_date)s."
                ),
                factory_date=self.factory_date,
                report_date=report,
            )
        if (
            self.factory_date
            and self.purchase_date
            and self.factory_date > self.purchase_date
        ):
            raise WarrantyInputError(
                _lt(
                    "The factory date %(factory_date)s is after the invoice date"
                    " %(invoice_date)s."
                ),
                factory_date=self.factory_date,
                invoice_date=self.purchase_date,
            )
        if self.installation_date and self.installation_date > report:
            raise WarrantyInputError(
                _lt(
                    "The installation date %(installation_date)s is after the report"
                    " date %(report_date)s."
                ),
                installation_date=self.installation_date,
                report_date=report,
            )
        if self.last_repair_date and self.last_repair_date > report:
            raise WarrantyInputError(
                _lt(
                    "The last repair date %(last_repair_date)s is after the report"
                    " date %(report_date)s."
                ),
                last_repair_date=self.last_repair_date,
                report_date=report,
            )
        for name in (
            "earlier_repairs_same_fault",
            "days_in_repair",
            "days_parts_not_supplied",
            "days_repairer_delay",
        ):
            value = getattr(self, name)
            if value < 0:
                raise WarrantyInputError(
                    _lt("The value %(field)s cannot be negative: %(value)s."),
                    field=name,
                    value=value,
                )
        if self.contract_months is not None and self.contract_months <= 0:
            raise WarrantyInputError(
                _lt(
                    "The contract warranty period must be positive, not %(months)s"
                    " months."
                ),
                months=self.contract_months,
            )


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One step of the explanation: ``message % params`` in English.

    ``params`` keep their types (dates, ints, Decimals) so the model may format
    them; they are read-only.
    """

    code: str
    key: str
    message: str
    params: Mapping = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def render(self):
        """Return the English text (the model translates ``message`` instead)."""
        return self.message % dict(self.params) if self.params else self.message


@dataclass(frozen=True)
class ComponentEnd:
    """The period of one named component, extended like the whole unit."""

    name: str
    months: int
    end_date: date
    in_warranty: bool


@dataclass(frozen=True)
class Remedy:
    """A remedy the customer may choose, with the rule and case that allow it.

    ``depreciation``: a return that costs the depreciation fee (004 §8.6).
    """

    kind: str
    rule: str
    key: str
    depreciation: bool = False


@dataclass(frozen=True)
class Charging:
    """Who pays the parts, the labour and the travel (``"company"``/``"customer"``).

    ``free_components``: involved components whose parts are free although the
    labour is charged (their own period still runs). ``needs_supervisor_decision``:
    the decision is provisional (start or fault cause not established).
    """

    parts: str
    labour: str
    travel: str
    rule: str
    free_components: tuple = ()
    needs_supervisor_decision: bool = False

    @property
    def free(self):
        return self.parts == self.labour == self.travel == COMPANY


@dataclass(frozen=True)
class Determination:
    """The outcome of :func:`determine` with its explanation (R-WAR-8).

    ``state``: ``"in_warranty"``, ``"out_of_warranty"``, ``"excluded"`` or
    ``"unknown"``. ``start_basis``: ``"invoice"``, ``"installation"``,
    ``"factory_plus_grace"`` or ``None``. ``end_date`` and ``component_ends`` are
    inclusive and already extended by ``extension_days``. ``sanbao_end_date``: end
    of the 三包 period counted from the invoice date, when 三包 applies.
    """

    state: str
    start_date: date | None
    start_basis: str | None
    months: int | None
    end_date: date | None
    extension_days: int
    component_ends: tuple
    components_in_warranty: tuple
    exclusions: tuple
    remedies: tuple
    charging: Charging
    is_rework: bool
    sanbao_end_date: date | None
    reasons: tuple

    @property
    def needs_supervisor_decision(self):
        return self.charging.needs_supervisor_decision

    def remedy(self, kind):
        """Return the :class:`Remedy` of ``kind`` or ``None``."""
        return next((r for r in self.remedies if r.kind == kind), None)

    @property
    def remedy_kinds(self):
        return tuple(r.kind for r in self.remedies)


@dataclass(frozen=True)
class DepreciationResult:
    """Depreciation fee of a return (R-WAR-6); ``message % params`` prints
    "5000.00 × 0.001 × 20 days = 100.00". ``capped``: the fee reached the price.
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


# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------


def determine(policy, facts):  # noqa: C901 - one readable pass over R-WAR-1…5b
    """Decide warranty state, 三包 remedies and charging for ``facts``.

    The steps, each adding its reasons: start of the warranty (R-WAR-2), periods
    of the whole unit and components with the repair-day extension (R-WAR-1,
    R-WAR-5a, R-WAR-5b), exclusions (R-WAR-3), state, 三包 remedies (R-WAR-5,
    R-WAR-5a), rework (R-WAR-5a) and charging (R-WAR-4). A unit whose start
    cannot be established is ``"unknown"``, never ``"in_warranty"``.
    """
    reasons = []
    add = reasons.append
    report = facts.report_date
    exclusions = facts.exclusions
    if facts.card_altered and ALTERED_CARD not in exclusions:
        exclusions = (ALTERED_CARD, *exclusions)

    start, basis = _start(policy, facts, add)
    months = policy.whole_months
    extension = facts.days_in_repair
    end_date = sanbao_end = None
    component_ends = ()
    components_in_warranty = ()
    if start is not None:
        if facts.contract_months is not None:
            months = facts.contract_months
            add(
                Reason(
                    "R-WAR-1",
                    "contract_override",
                    _lt(
                        "The contract sets the warranty to %(months)s months instead"
                        " of the policy's %(policy_months)s months."
                    ),
                    {"months": months, "policy_months": policy.whole_months},
                )
            )
        base_end = period_end(start, months)
        end_date = base_end + timedelta(days=extension)
        add(
            Reason(
                "R-WAR-5b",
                "period",
                _lt(
                    "Warranty of the whole unit: %(months)s months from"
                    " %(start_date)s, up to and including %(period_end)s."
                ),
                {"months": months, "start_date": start, "period_end": base_end},
            )
        )
        if extension:
            add(
                Reason(
                    "R-WAR-5a",
                    "extension",
                    _lt(
                        "Extended by %(days)s days spent in repair or waiting for"
                        " parts: covered up to and including %(end_date)s."
                    ),
                    {"days": extension, "end_date": end_date},
                )
            )
        component_ends = tuple(
            _component_end(c, start, end_date, extension, report)
            for c in policy.components
        )
        if report > end_date:
            components_in_warranty = tuple(
                c.name for c in component_ends if c.in_warranty
            )
            for comp in component_ends:
                if comp.in_warranty:
                    add(
                        Reason(
                            "R-WAR-1",
                            "component_in_warranty",
                            _lt(
                                "The whole unit is out of warranty but the"
                                " %(component)s (%(months)s months) is covered up to"
                                " and including %(end_date)s."
                            ),
                            {
                                "component": comp.name,
                                "months": comp.months,
                                "end_date": comp.end_date,
                            },
                        )
                    )
        if policy.sanbao_applies and facts.proof_kind != PROOF_NONE:
            sanbao_end = period_end(facts.purchase_date, months) + timedelta(
                days=extension
            )

    for code in exclusions:
        add(
            Reason(
                "R-WAR-3",
                "exclusion",
                EXCLUSIONS.get(code, _OTHER_EXCLUSION),
                {"exclusion": code},
            )
        )

    involved = _involved(policy, facts)
    free_components = tuple(n for n in involved if n in components_in_warranty)
    if exclusions:  # altered card included: a finding voids free service anyway
        state = EXCLUDED
    elif start is None:
        state = UNKNOWN
    elif report <= end_date:
        # Also before the start: factory + grace is a deemed purchase date, and a
        # unit failing earlier than it was surely bought less than a period ago.
        state = IN_WARRANTY
        add(
            Reason(
                "R-WAR-1",
                "in_warranty",
                _lt(
                    "Reported on %(report_date)s, within the warranty ending"
                    " %(end_date)s."
                ),
                {"report_date": report, "end_date": end_date},
            )
        )
    elif involved and len(free_components) == len(involved):
        state = IN_WARRANTY
        add(
            Reason(
                "R-WAR-1",
                "in_warranty_components",
                _lt(
                    "Reported on %(report_date)s: the whole unit's warranty ended"
                    " %(end_date)s, but the fault lies in %(components)s, still in"
                    " warranty."
                ),
                {
                    "report_date": report,
                    "end_date": end_date,
                    "components": ", ".join(involved),
                },
            )
        )
        free_components = ()
    else:
        state = OUT_OF_WARRANTY
        add(
            Reason(
                "R-WAR-1",
                "out_of_warranty",
                _lt(
                    "Reported on %(report_date)s, after the warranty ended on"
                    " %(end_date)s."
                ),
                {"report_date": report, "end_date": end_date},
            )
        )

    remedies = []
    if state == IN_WARRANTY:
        remedies = _sanbao_remedies(policy, facts, sanbao_end, add)
    elif policy.sanbao_applies and state == OUT_OF_WARRANTY:
        add(
            Reason(
                "R-WAR-5",
                "sanbao_expired",
                _lt("Out of warranty: the three-guarantees remedies no longer apply."),
            )
        )

    is_rework = _rework(policy, facts, exclusions, add)
    if state == IN_WARRANTY and not any(r.kind == REPAIR for r in remedies):
        remedies.append(Remedy(REPAIR, "R-WAR-4", "warranty_repair"))
    elif is_rework and not any(r.kind == REPAIR for r in remedies):
        remedies.append(Remedy(REPAIR, "R-WAR-5a", "rework"))

    charging = _charging(policy, facts, state, is_rework, free_components, add)
    return Determination(
        state=state,
        start_date=start,
        start_basis=basis,
        months=months if start is not None else None,
        end_date=end_date,
        extension_days=extension,
        component_ends=component_ends,
        components_in_warranty=components_in_warranty,
        exclusions=exclusions,
        remedies=tuple(remedies),
        charging=charging,
        is_rework=is_rework,
        sanbao_end_date=sanbao_end,
        reasons=tuple(reasons),
    )


def depreciation(
    invoice_price, rate_per_day, invoice_date, return_date, days_in_repair=0
):
    """Depreciation fee of a return and the refund (R-WAR-6, 004 §8.6).

    ``price × rate × days``, where days = ``(return - invoice).days`` minus the
    days in repair or waiting for repair (never below 0), rounded half-up to the
    fen. The fee never exceeds the price (``capped``).
    """
    price = _decimal(invoice_price)
    rate = _decimal(rate_per_day)
    _check_rate(rate)
    if price < 0:
        raise WarrantyInputError(
            _lt("The invoice price %(price)s cannot be negative."), price=price
        )
    if days_in_repair < 0:
        raise WarrantyInputError(
            _lt("The value %(field)s cannot be negative: %(value)s."),
            field="days_in_repair",
            value=days_in_repair,
        )
    if return_date < invoice_date:
        raise WarrantyInputError(
            _lt(
                "The return date %(return_date)s is before the invoice date"
                " %(invoice_date)s."
            ),
            return_date=return_date,
            invoice_date=invoice_date,
        )
    days = max((return_date - invoice_date).days - days_in_repair, 0)
    price = price.quantize(_FEN, ROUND_HALF_UP)
    amount = (price * rate * days).quantize(_FEN, ROUND_HALF_UP)
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


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------


def _start(policy, facts, add):
    """Return ``(start, basis)`` of the warranty (R-WAR-2); ``(None, None)``."""
    if facts.card_altered:
        return None, None
    proof = facts.proof_kind != PROOF_NONE
    if proof and facts.proof_kind == PROOF_INVOICE:
        add(
            Reason(
                "R-WAR-2",
                "proof_invoice",
                _lt("Proof of purchase: invoice dated %(invoice_date)s."),
                {"invoice_date": facts.purchase_date},
            )
        )
    elif proof:
        add(
            Reason(
                "R-WAR-2",
                "proof_warranty_card",
                _lt("Proof of purchase: warranty card dated %(invoice_date)s."),
                {"invoice_date": facts.purchase_date},
            )
        )
    elif facts.purchase_date:
        add(
            Reason(
                "R-WAR-2",
                "purchase_date_unproven",
                _lt(
                    "The purchase date %(invoice_date)s has no proof of purchase and"
                    " is not used."
                ),
                {"invoice_date": facts.purchase_date},
            )
        )
    if policy.start_basis == START_INSTALLATION and facts.installation_date:
        add(
            Reason(
                "R-WAR-2",
                "start_installation",
                _lt("The warranty starts on the installation date %(start_date)s."),
                {"start_date": facts.installation_date},
            )
        )
        return facts.installation_date, START_INSTALLATION
    if proof:
        add(
            Reason(
                "R-WAR-2",
                "start_invoice",
                _lt("The warranty starts on the purchase date %(start_date)s."),
                {"start_date": facts.purchase_date},
            )
        )
        return facts.purchase_date, START_INVOICE
    if facts.serial_unreadable:
        add(
            Reason(
                "R-WAR-2",
                "serial_unreadable",
                _lt(
                    "No proof of purchase and the serial number or factory date is"
                    " missing or unreadable: the warranty start cannot be"
                    " established."
                ),
            )
        )
        return None, None
    if facts.factory_date is None:
        add(
            Reason(
                "R-WAR-2",
                "no_start",
                _lt(
                    "No proof of purchase and no factory date: the warranty start"
                    " cannot be established."
                ),
            )
        )
        return None, None
    start = add_months(facts.factory_date, policy.grace_months)
    add(
        Reason(
            "R-WAR-2",
            "start_factory_plus_grace",
            _lt(
                "No proof of purchase: the warranty starts on the factory date"
                " %(factory_date)s plus %(months)s months, on %(start_date)s."
            ),
            {
                "factory_date": facts.factory_date,
                "months": policy.grace_months,
                "start_date": start,
            },
        )
    )
    return start, START_FACTORY_PLUS_GRACE


def _component_end(component, start, whole_end, extension, report):
    # A component is never covered for less time than the unit it belongs to
    # (a contract may lengthen the whole-unit period beyond a component's).
    end = max(
        period_end(start, component.months) + timedelta(days=extension), whole_end
    )
    return ComponentEnd(component.name, component.months, end, report <= end)


def _involved(policy, facts):
    """Components involved in the fault, in the policy's spelling when named there.

    A part the policy does not name belongs to the whole unit and shares its period.
    """
    by_key = {c.name.casefold(): c.name for c in policy.components}
    return tuple(dict.fromkeys(by_key.get(n.casefold(), n) for n in facts.components))


def _sanbao_remedies(policy, facts, sanbao_end, add):
    """三包 remedies of a unit in warranty (R-WAR-5, R-WAR-5a)."""
    if not policy.sanbao_applies:
        return []
    if sanbao_end is None:
        add(
            Reason(
                "R-WAR-5",
                "sanbao_no_proof",
                _lt(
                    "The three-guarantees remedies count from the invoice date and"
                    " need a proof of purchase."
                ),
            )
        )
        return []
    if facts.fault_kind == FAULT_CUSTOMER:
        add(
            Reason(
                "R-WAR-5",
                "sanbao_customer_fault",
                _lt(
                    "Customer-caused fault: the three-guarantees remedies do not"
                    " apply."
                ),
            )
        )
        return []
    report = facts.report_date
    invoice = facts.purchase_date
    age = (report - invoice).days
    in_period = report <= sanbao_end
    quality = facts.fault_kind == FAULT_QUALITY
    found = []

    def allow(kinds, key, message, params, rule="R-WAR-5", depreciation=False):
        add(Reason(rule, key, message, params))
        found.extend(Remedy(kind, rule, key, depreciation) for kind in kinds)

    window = {"days": age, "invoice_date": invoice, "report_date": report}
    if facts.major_performance_fault and quality:
        if age <= policy.return_days:
            allow(
                (RETURN, EXCHANGE, REPAIR),
                "return_window",
                _lt(
                    "Major performance fault %(days)s days after the invoice date"
                    " %(invoice_date)s (within %(limit)s days): return, exchange or"
                    " repair at the customer's choice."
                ),
                {**window, "limit": policy.return_days},
            )
        elif age <= policy.exchange_days:
            allow(
                (EXCHANGE, REPAIR),
                "exchange_window",
                _lt(
                    "Major performance fault %(days)s days after the invoice date"
                    " %(invoice_date)s (within %(limit)s days): exchange or repair."
                ),
                {**window, "limit": policy.exchange_days},
            )
        else:
            add(
                Reason(
                    "R-WAR-5",
                    "windows_passed",
                    _lt(
                        "Reported %(days)s days after the invoice date"
                        " %(invoice_date)s: past the %(limit)s-day exchange window,"
                        " repair only."
                    ),
                    {**window, "limit": policy.exchange_days},
                )
            )
    if facts.deformed_out_of_box:
        allow(
            (EXCHANGE, REPAIR),
            "deformed_out_of_box",
            _lt(
                "New unit severely deformed out of the box, not by the user:"
                " exchange or repair."
            ),
            {},
        )
    if in_period and facts.days_parts_not_supplied > policy.parts_not_supplied_days:
        allow(
            (EXCHANGE, RETURN),
            "parts_not_supplied",
            _lt(
                "Parts not supplied by the producer and not repaired %(days)s days"
                " after sending for repair (over %(limit)s days): exchange or"
                " return."
            ),
            {
                "days": facts.days_parts_not_supplied,
                "limit": policy.parts_not_supplied_days,
            },
        )
    if in_period and facts.days_repairer_delay > policy.repairer_delay_days:
        allow(
            (EXCHANGE,),
            "repairer_delay",
            _lt(
                "Repair delayed %(days)s days by the repairer (over %(limit)s"
                " days): free exchange for the same model."
            ),
            {
                "days": facts.days_repairer_delay,
                "limit": policy.repairer_delay_days,
            },
        )
    if (
        in_period
        and quality
        and facts.earlier_repairs_same_fault >= policy.max_repairs_same_fault
    ):
        allow(
            (EXCHANGE, RETURN),
            "repeated_repairs",
            _lt(
                "Still failing after %(repairs)s repairs of the same fault inside"
                " the three-guarantees period (limit %(limit)s): free exchange or"
                " return at the customer's choice."
            ),
            {
                "repairs": facts.earlier_repairs_same_fault,
                "limit": policy.max_repairs_same_fault,
                "sanbao_end_date": sanbao_end,
            },
            rule="R-WAR-5a",
        )
    kinds = {r.kind for r in found}
    if EXCHANGE in kinds and RETURN not in kinds and facts.customer_wants_return:
        if facts.same_model_available:
            allow(
                (RETURN,),
                "return_with_depreciation",
                _lt(
                    "Exchange due and the same model is available, but the customer"
                    " wants a return: return with a depreciation fee."
                ),
                {},
                depreciation=True,
            )
        else:
            allow(
                (RETURN,),
                "return_no_same_model",
                _lt(
                    "Exchange due but no unit of the same model and the customer"
                    " refuses another model: return."
                ),
                {},
            )
    # One remedy per kind, the first rule that allowed it.
    remedies = {}
    for remedy in found:
        remedies.setdefault(remedy.kind, remedy)
    order = (RETURN, EXCHANGE, REPAIR)
    return sorted(remedies.values(), key=lambda r: order.index(r.kind))


def _rework(policy, facts, exclusions, add):
    """Whether the fault recurs within the rework window (R-WAR-5a)."""
    last = facts.last_repair_date
    if last is None:
        return False
    days = (facts.report_date - last).days
    params = {"last_repair_date": last, "days": days, "limit": policy.rework_days}
    if days > policy.rework_days:
        add(
            Reason(
                "R-WAR-5a",
                "not_rework",
                _lt(
                    "Last repair on %(last_repair_date)s, %(days)s days ago (over"
                    " %(limit)s days): not a rework."
                ),
                params,
            )
        )
        return False
    if facts.fault_kind == FAULT_CUSTOMER or exclusions:
        add(
            Reason(
                "R-WAR-5a",
                "not_rework_customer",
                _lt(
                    "Last repair on %(last_repair_date)s, %(days)s days ago, but the"
                    " new fault is customer-caused or excluded: not a rework."
                ),
                params,
            )
        )
        return False
    add(
        Reason(
            "R-WAR-5a",
            "rework",
            _lt(
                "The fault recurs %(days)s days after the repair of"
                " %(last_repair_date)s (within %(limit)s days): rework, free of"
                " charge."
            ),
            params,
        )
    )
    return True


def _charging(policy, facts, state, is_rework, free_components, add):
    """Who pays parts, labour and travel (R-WAR-4, rework R-WAR-5a)."""
    remote = facts.remote_site and policy.remote_travel_chargeable
    if is_rework:
        # The earlier repair failed: the company bears every cost, travel included.
        return Charging(
            COMPANY,
            COMPANY,
            COMPANY,
            "R-WAR-5a",
            needs_supervisor_decision=state == UNKNOWN,
        )
    if state == IN_WARRANTY:
        travel = COMPANY
        if facts.fault_kind == FAULT_CUSTOMER:
            if policy.customer_fault_charging == CUSTOMER_PAYS_ALL:
                add(
                    Reason(
                        "R-WAR-4",
                        "customer_pays_all",
                        _lt(
                            "Customer-caused fault in warranty: the customer pays"
                            " parts, labour and travel."
                        ),
                    )
                )
                return Charging(CUSTOMER, CUSTOMER, CUSTOMER, "R-WAR-4")
            add(
                Reason(
                    "R-WAR-4",
                    "customer_pays_parts",
                    _lt(
                        "Customer-caused fault in warranty: the customer pays the"
                        " parts, the labour is free."
                    ),
                )
            )
            parts, labour = CUSTOMER, COMPANY
        elif facts.fault_kind == FAULT_QUALITY:
            add(
                Reason(
                    "R-WAR-4",
                    "free_quality",
                    _lt(
                        "Quality problem in warranty: parts, labour and travel are"
                        " borne by the company."
                    ),
                )
            )
            parts, labour = COMPANY, COMPANY
        else:
            add(
                Reason(
                    "R-WAR-4",
                    "fault_unknown",
                    _lt(
                        "The cause of the fault is not established: free service"
                        " provisionally, a supervisor decides."
                    ),
                )
            )
            parts, labour = COMPANY, COMPANY
        if remote:
            travel = CUSTOMER
            add(_remote_reason())
        return Charging(
            parts,
            labour,
            travel,
            "R-WAR-4",
            needs_supervisor_decision=facts.fault_kind == FAULT_UNKNOWN,
        )
    travel = CUSTOMER if policy.out_of_warranty_travel_chargeable or remote else COMPANY
    if state == UNKNOWN:
        add(
            Reason(
                "R-WAR-4",
                "unknown_supervisor",
                _lt(
                    "The warranty cannot be established: charged as out of warranty"
                    " until a supervisor decides."
                ),
            )
        )
    add(
        Reason(
            "R-WAR-4",
            "customer_pays_out_of_warranty",
            _lt("Not covered by the warranty: the customer pays parts and labour."),
        )
    )
    if travel == CUSTOMER:
        if policy.out_of_warranty_travel_chargeable:
            add(
                Reason(
                    "R-WAR-4",
                    "travel_out_of_warranty",
                    _lt("Not covered by the warranty: the customer pays the travel."),
                )
            )
        else:
            add(_remote_reason())
    if free_components:
        add(
            Reason(
                "R-WAR-1",
                "free_components",
                _lt(
                    "The parts of %(components)s are free: their own warranty still"
                    " runs."
                ),
                {"components": ", ".join(free_components)},
            )
        )
    return Charging(
        CUSTOMER,
        CUSTOMER,
        travel,
        "R-WAR-4",
        free_components=free_components,
        needs_supervisor_decision=state == UNKNOWN,
    )


def _remote_reason():
    return Reason(
        "R-WAR-4",
        "remote_travel",
        _lt(
            "Remote site beyond the service area: the customer pays the travel, even"
            " in warranty (003 §1.15)."
        ),
    )


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _decimal(value):
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WarrantyInputError(_lt("%(value)s is not a number."), value=value)
    return Decimal(str(value))


def _check_rate(rate):
    if rate < 0 or rate >= 1:
        raise WarrantyInputError(
            _lt(
                "The depreciation rate %(rate)s per day must be at least 0 and less"
                " than 1."
            ),
            rate=rate,
        )


def _check_choice(value, choices, name):
    if value not in choices:
        raise WarrantyInputError(
            _lt("Invalid %(field)s %(value)s: use one of %(choices)s."),
            field=name,
            value=value,
            choices=", ".join(choices),
        )
