# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""Warranty and 三包 determination (R-WAR-1 … R-WAR-5b, R-WAR-8).

Plain functions over plain values, no ``odoo`` import: :func:`determine` decides
whether a reported unit is in warranty, which 三包 remedies (return / exchange /
repair) the customer may choose and who pays the parts, the labour and the
travel. :func:`add_months` and :func:`period_end` are the day counting of
R-WAR-5b, exposed so that the models never count days themselves. The
depreciation fee of a return (R-WAR-6) is :mod:`tools.depreciation`.

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
* Main components are named by their **code** (unique per policy); the model
  renders the names in the reader's language.
* Every decision comes with :class:`Reason` items. Their keys form the
  enumerable vocabulary :data:`REASONS` (key → rule code of the spec, the rule's
  name in the user's terms and the English template with named placeholders,
  marked with ``_lt`` for extraction), which penalty rules and reports may name.
  The model prints ``self.env._(reason.message, **reason.params)`` (R-WAR-8).
* Bad input raises :class:`WarrantyInputError`, whose ``template`` and ``params``
  let the model raise a translated ``ValidationError``. Policies and facts are
  checked when they are built, so an invalid one never exists.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from .depreciation import DEFAULT_RATE, check_rate, to_decimal
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
REMEDY_ORDER = (RETURN, EXCHANGE, REPAIR)

COMPANY = "company"
CUSTOMER = "customer"

# Customer-caused fault in warranty (R-WAR-4): who pays what.
CUSTOMER_PAYS_PARTS = "parts"  # 002 §5.2.2.4: parts charged, labour free
CUSTOMER_PAYS_ALL = "all"  # 001 篇四 §1.5.1.2: every cost charged
CUSTOMER_FAULT_CHARGING = (CUSTOMER_PAYS_PARTS, CUSTOMER_PAYS_ALL)


class WarrantyInputError(RuleInputError):
    """Invalid input of the warranty engine."""


# ---------------------------------------------------------------------------
# The reasons: an enumerable vocabulary (R-WAR-8)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonKind:
    """One kind of reason: the spec rule that produces it (``code``, for code and
    tests only), the rule's ``name`` in the user's terms (printed instead of the
    code) and the English ``template`` of its sentence."""

    code: str
    name: str
    template: str


# The rules' names as the customer and the engineer say them.
_PROOF = _lt("Proof of purchase")
_START = _lt("Warranty start")
_CONTRACT = _lt("Contract warranty")
_PERIOD = _lt("Warranty period")
_EXTENSION = _lt("Extension for days in repair")
_COMPONENT = _lt("Main component warranty")
_EXCLUSION = _lt("Warranty exclusion")
_SANBAO = _lt("Three guarantees")
_RETURN_PERIOD = _lt("Three-guarantees return period")
_EXCHANGE_PERIOD = _lt("Three-guarantees exchange period")
_DEFORMED = _lt("Deformed out of the box")
_PARTS = _lt("Parts not supplied")
_DELAY = _lt("Repair delayed by the repairer")
_REPEATED = _lt("Repeated repairs of the same fault")
_RETURN_INSTEAD = _lt("Return instead of exchange")
_REWORK = _lt("Rework")
_CHARGING = _lt("Charging rule")
_REMOTE = _lt("Remote site travel")

REASONS = MappingProxyType(
    {
        # Start of the warranty (R-WAR-2)
        "proof_invoice": ReasonKind(
            "R-WAR-2",
            _PROOF,
            _lt("Proof of purchase: invoice dated %(invoice_date)s."),
        ),
        "proof_warranty_card": ReasonKind(
            "R-WAR-2",
            _PROOF,
            _lt("Proof of purchase: warranty card dated %(invoice_date)s."),
        ),
        "purchase_date_unproven": ReasonKind(
            "R-WAR-2",
            _PROOF,
            _lt(
                "The purchase date %(invoice_date)s has no proof of purchase and"
                " is not used."
            ),
        ),
        "start_installation": ReasonKind(
            "R-WAR-2",
            _START,
            _lt("The warranty starts on the installation date %(start_date)s."),
        ),
        "start_invoice": ReasonKind(
            "R-WAR-2",
            _START,
            _lt("The warranty starts on the purchase date %(start_date)s."),
        ),
        "serial_unreadable": ReasonKind(
            "R-WAR-2",
            _START,
            _lt(
                "No proof of purchase and the serial number or factory date is"
                " missing or unreadable: the warranty start cannot be"
                " established."
            ),
        ),
        "no_start": ReasonKind(
            "R-WAR-2",
            _START,
            _lt(
                "No proof of purchase and no factory date: the warranty start"
                " cannot be established."
            ),
        ),
        "start_factory_plus_grace": ReasonKind(
            "R-WAR-2",
            _START,
            _lt(
                "No proof of purchase: the warranty starts on the factory date"
                " %(factory_date)s plus %(months)s months, on %(start_date)s."
            ),
        ),
        # Periods (R-WAR-1, R-WAR-5a, R-WAR-5b)
        "contract_override": ReasonKind(
            "R-WAR-1",
            _CONTRACT,
            _lt(
                "The contract sets the warranty to %(months)s months instead"
                " of the policy's %(policy_months)s months."
            ),
        ),
        "period": ReasonKind(
            "R-WAR-5b",
            _PERIOD,
            _lt(
                "Warranty of the whole unit: %(months)s months from"
                " %(start_date)s, up to and including %(period_end)s."
            ),
        ),
        "extension": ReasonKind(
            "R-WAR-5a",
            _EXTENSION,
            _lt(
                "Extended by %(days)s days spent in repair or waiting for"
                " parts: covered up to and including %(end_date)s."
            ),
        ),
        "component_in_warranty": ReasonKind(
            "R-WAR-1",
            _COMPONENT,
            _lt(
                "The whole unit is out of warranty but the %(component)s"
                " (%(months)s months) is covered up to and including"
                " %(end_date)s."
            ),
        ),
        # Exclusions (R-WAR-3): the template depends on the code, see EXCLUSIONS
        "exclusion": ReasonKind(
            "R-WAR-3",
            _EXCLUSION,
            _lt("Exclusion %(exclusion)s recorded; free service is void."),
        ),
        # State (R-WAR-1)
        "in_warranty": ReasonKind(
            "R-WAR-1",
            _PERIOD,
            _lt(
                "Reported on %(report_date)s, within the warranty ending"
                " %(end_date)s."
            ),
        ),
        "out_of_warranty": ReasonKind(
            "R-WAR-1",
            _PERIOD,
            _lt(
                "Reported on %(report_date)s, after the warranty ended on"
                " %(end_date)s."
            ),
        ),
        # 三包 remedies (R-WAR-5, R-WAR-5a)
        "sanbao_expired": ReasonKind(
            "R-WAR-5",
            _SANBAO,
            _lt("Out of warranty: the three-guarantees remedies no longer apply."),
        ),
        "sanbao_no_proof": ReasonKind(
            "R-WAR-5",
            _SANBAO,
            _lt(
                "The three-guarantees remedies count from the invoice date and"
                " need a proof of purchase."
            ),
        ),
        "sanbao_customer_fault": ReasonKind(
            "R-WAR-5",
            _SANBAO,
            _lt(
                "Customer-caused fault: the three-guarantees remedies do not" " apply."
            ),
        ),
        "return_window": ReasonKind(
            "R-WAR-5",
            _RETURN_PERIOD,
            _lt(
                "Major performance fault %(days)s days after the invoice date"
                " %(invoice_date)s (within %(limit)s days): return, exchange or"
                " repair at the customer's choice."
            ),
        ),
        "exchange_window": ReasonKind(
            "R-WAR-5",
            _EXCHANGE_PERIOD,
            _lt(
                "Major performance fault %(days)s days after the invoice date"
                " %(invoice_date)s (within %(limit)s days): exchange or repair."
            ),
        ),
        "windows_passed": ReasonKind(
            "R-WAR-5",
            _EXCHANGE_PERIOD,
            _lt(
                "Reported %(days)s days after the invoice date"
                " %(invoice_date)s: past the %(limit)s-day exchange window,"
                " repair only."
            ),
        ),
        "deformed_out_of_box": ReasonKind(
            "R-WAR-5",
            _DEFORMED,
            _lt(
                "New unit severely deformed out of the box, not by the user:"
                " exchange or repair."
            ),
        ),
        "parts_not_supplied": ReasonKind(
            "R-WAR-5",
            _PARTS,
            _lt(
                "Parts not supplied by the producer and not repaired %(days)s days"
                " after sending for repair (over %(limit)s days): exchange or"
                " return."
            ),
        ),
        "repairer_delay": ReasonKind(
            "R-WAR-5",
            _DELAY,
            _lt(
                "Repair delayed %(days)s days by the repairer (over %(limit)s"
                " days): free exchange for the same model."
            ),
        ),
        "repeated_repairs": ReasonKind(
            "R-WAR-5a",
            _REPEATED,
            _lt(
                "Still failing after %(repairs)s repairs of the same fault inside"
                " the three-guarantees period (limit %(limit)s): free exchange or"
                " return at the customer's choice."
            ),
        ),
        "return_with_depreciation": ReasonKind(
            "R-WAR-5",
            _RETURN_INSTEAD,
            _lt(
                "Exchange due and the same model is available, but the customer"
                " wants a return: return with a depreciation fee."
            ),
        ),
        "return_no_same_model": ReasonKind(
            "R-WAR-5",
            _RETURN_INSTEAD,
            _lt(
                "Exchange due but no unit of the same model and the customer"
                " refuses another model: return."
            ),
        ),
        # Rework (R-WAR-5a)
        "not_rework": ReasonKind(
            "R-WAR-5a",
            _REWORK,
            _lt(
                "Last repair on %(last_repair_date)s, %(days)s days ago (over"
                " %(limit)s days): not a rework."
            ),
        ),
        "not_rework_customer": ReasonKind(
            "R-WAR-5a",
            _REWORK,
            _lt(
                "Last repair on %(last_repair_date)s, %(days)s days ago, but the"
                " new fault is customer-caused or excluded: not a rework."
            ),
        ),
        "rework": ReasonKind(
            "R-WAR-5a",
            _REWORK,
            _lt(
                "The fault recurs %(days)s days after the repair of"
                " %(last_repair_date)s (within %(limit)s days): rework, free of"
                " charge."
            ),
        ),
        # Charging (R-WAR-4)
        "customer_pays_all": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt(
                "Customer-caused fault in warranty: the customer pays"
                " parts, labour and travel."
            ),
        ),
        "customer_pays_parts": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt(
                "Customer-caused fault in warranty: the customer pays the"
                " parts, the labour is free."
            ),
        ),
        "free_quality": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt(
                "Quality problem in warranty: parts, labour and travel are"
                " borne by the company."
            ),
        ),
        "fault_unknown": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt(
                "The cause of the fault is not established: free service"
                " provisionally, a supervisor decides."
            ),
        ),
        "unknown_supervisor": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt(
                "The warranty cannot be established: charged as out of warranty"
                " until a supervisor decides."
            ),
        ),
        "customer_pays_out_of_warranty": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt("Not covered by the warranty: the customer pays parts and labour."),
        ),
        "travel_out_of_warranty": ReasonKind(
            "R-WAR-4",
            _CHARGING,
            _lt("Not covered by the warranty: the customer pays the travel."),
        ),
        "remote_travel": ReasonKind(
            "R-WAR-4",
            _REMOTE,
            _lt(
                "Remote site beyond the service area: the customer pays the"
                " travel, even in warranty."
            ),
        ),
        "free_components": ReasonKind(
            "R-WAR-1",
            _COMPONENT,
            _lt(
                "The parts of %(components)s are free: their own warranty still"
                " runs."
            ),
        ),
    }
)

# Exclusions of 003 §1.7–1.14 (R-WAR-3), the codes of the seeded master data, with
# the sentence of their "exclusion" reason. The model may add its own codes: any
# recorded code voids free service (the "exclusion" template then names it).
ALTERED_CARD = "altered_card"
EXCLUSIONS = MappingProxyType(
    {
        "misuse": _lt(
            "Exclusion: misuse, negligent use or improper maintenance;"
            " free service is void."
        ),
        "cosmetic_wear": _lt(
            "Exclusion: natural wear of the casing or cosmetic parts;"
            " free service is void."
        ),
        "environment": _lt(
            "Exclusion: corrosive, calcifying, dusty or hot environment;"
            " free service is void."
        ),
        ALTERED_CARD: _lt(
            "Exclusion: the warranty card, purchase date or serial number has been"
            " altered or does not match; no warranty."
        ),
        "force_majeure": _lt(
            "Exclusion: natural disaster or force majeure; free service is void."
        ),
        "expired": _lt(
            "Exclusion: the warranty period has expired; free service is void."
        ),
        "abnormal_power": _lt(
            "Exclusion: abnormal voltage or wiring not to standard;"
            " free service is void."
        ),
        "unauthorised_repair": _lt(
            "Exclusion: dismantled, modified or repaired without the maker's"
            " consent; free service is void."
        ),
    }
)


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


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentPeriod:
    """A main component with its own period (compressor 36 months), by code."""

    code: str
    months: int

    def __post_init__(self):
        if self.months <= 0:
            raise WarrantyInputError(
                _lt(
                    "The warranty period of the component %(component)s must be"
                    " positive, not %(months)s months."
                ),
                component=self.code,
                months=self.months,
            )


# Policy values that must be positive (R-WAR-5 windows and limits).
_POSITIVE_POLICY_VALUES = (
    "return_days",
    "exchange_days",
    "parts_not_supplied_days",
    "repairer_delay_days",
    "rework_days",
    "max_repairs_same_fault",
)


@dataclass(frozen=True)
class WarrantyPolicy:
    """A warranty policy of a product or product category (R-WAR-1, R-WAR-4, R-WAR-5).

    ``whole_months``: period of the whole unit; ``components``: longer periods of
    main components, by code. ``start_basis``: ``"invoice"`` (the purchase date on
    the proof) or ``"installation"`` (the installation date when known, else the
    purchase date). ``grace_months``: added to the factory date when there is no
    proof of purchase (003 §1.6). The ``*_days`` windows and
    ``max_repairs_same_fault`` are the 三包 rules (004 §8, 1995 rules), applied only
    when ``sanbao_applies`` (consumer products). ``depreciation_rate`` is the
    policy's daily rate proposed to return appraisals (R-WAR-6).
    ``customer_fault_charging`` is ``"parts"`` or ``"all"``;
    ``remote_travel_chargeable`` charges travel to remote sites even in warranty
    (003 §1.15); ``out_of_warranty_travel_chargeable`` charges travel outside the
    warranty (001 篇四 §1.5.2.2: all costs).
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
    depreciation_rate: Decimal = DEFAULT_RATE
    customer_fault_charging: str = CUSTOMER_PAYS_PARTS
    remote_travel_chargeable: bool = True
    out_of_warranty_travel_chargeable: bool = True

    def __post_init__(self):
        components = tuple(
            c if isinstance(c, ComponentPeriod) else ComponentPeriod(*c)
            for c in self.components
        )
        object.__setattr__(self, "components", components)
        object.__setattr__(
            self, "depreciation_rate", _policy_rate(self.depreciation_rate)
        )
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
        for name in _POSITIVE_POLICY_VALUES:
            value = getattr(self, name)
            if value <= 0:
                raise WarrantyInputError(
                    _lt("The policy value %(field)s must be positive, not %(value)s."),
                    field=name,
                    value=value,
                )
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
        self._check_dates()
        self._check_counts()

    def _check_dates(self):
        """No date after the report date; the factory date before the invoice."""
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

    def _check_counts(self):
        """Counts of repairs and days are never negative; a contract period is
        positive."""
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

    ``key`` is one of :data:`REASONS`; ``code`` (the spec rule) and ``message``
    come from there (an exclusion's message from :data:`EXCLUSIONS`). ``params``
    keep their types (dates, ints, Decimals) so the model may format them; they
    are read-only.
    """

    code: str
    key: str
    message: str
    params: Mapping = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def name(self):
        """The rule's name in the user's terms (English; the model translates)."""
        return REASONS[self.key].name

    def render(self):
        """Return the English text (the model translates ``message`` instead).

        A tuple of codes (``components``) prints as a comma-separated list.
        """
        if not self.params:
            return self.message
        return self.message % {
            name: ", ".join(value) if isinstance(value, tuple) else value
            for name, value in self.params.items()
        }


def reason(key, template=None, **params):
    """The :class:`Reason` ``key`` of the catalogue with its ``params``."""
    kind = REASONS[key]
    return Reason(kind.code, key, template or kind.template, params)


@dataclass(frozen=True)
class ComponentEnd:
    """The period of one main component (by code), extended like the whole unit."""

    code: str
    months: int
    end_date: date
    in_warranty: bool


@dataclass(frozen=True)
class Remedy:
    """A remedy the customer may choose, with the rule and case that allow it.

    ``key``: the :data:`REASONS` key of the case (``"warranty_repair"`` for the
    plain repair in warranty). ``depreciation``: a return that costs the
    depreciation fee (004 §8.6).
    """

    kind: str
    rule: str
    key: str
    depreciation: bool = False


@dataclass(frozen=True)
class Charging:
    """Who pays the parts, the labour and the travel (``"company"``/``"customer"``).

    ``free_components``: codes of involved components whose parts are free although
    the labour is charged (their own period still runs).
    ``needs_supervisor_decision``: the decision is provisional (start or fault
    cause not established).
    """

    parts: str
    labour: str
    travel: str
    rule: str
    free_components: tuple = ()
    needs_supervisor_decision: bool = False


@dataclass(frozen=True)
class Periods:
    """The periods of a unit whose start is known (R-WAR-1, R-WAR-5a, R-WAR-5b).

    ``end_date`` and ``component_ends`` are inclusive and already extended by the
    days in repair; ``sanbao_end_date`` counts from the invoice date, when 三包
    applies and there is a proof of purchase.
    """

    months: int
    end_date: date
    component_ends: tuple
    components_in_warranty: tuple
    sanbao_end_date: date | None


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


# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------


def determine(policy, facts):
    """Decide warranty state, 三包 remedies and charging for ``facts``.

    The steps, each adding its reasons: the exclusions found (an altered card is
    one), the start of the warranty (R-WAR-2), the periods of the whole unit and
    of the components with the repair-day extension (R-WAR-1, R-WAR-5a,
    R-WAR-5b), the exclusions' explanation (R-WAR-3), the state, the 三包
    remedies (R-WAR-5, R-WAR-5a), rework (R-WAR-5a) and charging (R-WAR-4). A
    unit whose start cannot be established is ``"unknown"``, never
    ``"in_warranty"``.
    """
    reasons = []
    add = reasons.append
    exclusions = _exclusions_found(facts)
    start, basis = _start(policy, facts, add)
    periods = _periods(policy, facts, start, add) if start is not None else None
    _explain_exclusions(exclusions, add)
    state, free_components = _state(policy, facts, periods, exclusions, add)
    remedies = _remedies(policy, facts, state, periods, add)
    is_rework = _rework(policy, facts, exclusions, add)
    remedies = _with_repair(remedies, state, is_rework)
    charging = _charging(policy, facts, state, is_rework, free_components, add)
    return Determination(
        state=state,
        start_date=start,
        start_basis=basis,
        months=periods.months if periods else None,
        end_date=periods.end_date if periods else None,
        extension_days=facts.days_in_repair,
        component_ends=periods.component_ends if periods else (),
        components_in_warranty=periods.components_in_warranty if periods else (),
        exclusions=exclusions,
        remedies=tuple(remedies),
        charging=charging,
        is_rework=is_rework,
        sanbao_end_date=periods.sanbao_end_date if periods else None,
        reasons=tuple(reasons),
    )


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------


def _exclusions_found(facts):
    """The exclusion codes recorded, an altered card first (R-WAR-2, R-WAR-3)."""
    if facts.card_altered and ALTERED_CARD not in facts.exclusions:
        return (ALTERED_CARD, *facts.exclusions)
    return facts.exclusions


def _start(policy, facts, add):
    """Return ``(start, basis)`` of the warranty (R-WAR-2); ``(None, None)``."""
    if facts.card_altered:
        return None, None
    _explain_proof(facts, add)
    if policy.start_basis == START_INSTALLATION and facts.installation_date:
        add(reason("start_installation", start_date=facts.installation_date))
        return facts.installation_date, START_INSTALLATION
    if facts.proof_kind != PROOF_NONE:
        add(reason("start_invoice", start_date=facts.purchase_date))
        return facts.purchase_date, START_INVOICE
    if facts.serial_unreadable:
        add(reason("serial_unreadable"))
        return None, None
    if facts.factory_date is None:
        add(reason("no_start"))
        return None, None
    start = add_months(facts.factory_date, policy.grace_months)
    add(
        reason(
            "start_factory_plus_grace",
            factory_date=facts.factory_date,
            months=policy.grace_months,
            start_date=start,
        )
    )
    return start, START_FACTORY_PLUS_GRACE


def _explain_proof(facts, add):
    """Which proof of purchase there is, or why the purchase date is not used."""
    if facts.proof_kind == PROOF_INVOICE:
        add(reason("proof_invoice", invoice_date=facts.purchase_date))
    elif facts.proof_kind == PROOF_WARRANTY_CARD:
        add(reason("proof_warranty_card", invoice_date=facts.purchase_date))
    elif facts.purchase_date:
        add(reason("purchase_date_unproven", invoice_date=facts.purchase_date))


def _periods(policy, facts, start, add):
    """The periods of the whole unit, of the components and of 三包 from ``start``."""
    months = _whole_months(policy, facts, add)
    extension = facts.days_in_repair
    base_end = period_end(start, months)
    end_date = base_end + timedelta(days=extension)
    add(reason("period", months=months, start_date=start, period_end=base_end))
    if extension:
        add(reason("extension", days=extension, end_date=end_date))
    report = facts.report_date
    component_ends = tuple(
        _component_end(c, start, end_date, extension, report) for c in policy.components
    )
    components_in_warranty = ()
    if report > end_date:
        covered = [c for c in component_ends if c.in_warranty]
        components_in_warranty = tuple(c.code for c in covered)
        for comp in covered:
            add(
                reason(
                    "component_in_warranty",
                    component=comp.code,
                    months=comp.months,
                    end_date=comp.end_date,
                )
            )
    sanbao_end = None
    if policy.sanbao_applies and facts.proof_kind != PROOF_NONE:
        sanbao_end = period_end(facts.purchase_date, months) + timedelta(days=extension)
    return Periods(months, end_date, component_ends, components_in_warranty, sanbao_end)


def _whole_months(policy, facts, add):
    """The whole-unit period: the contract's when there is one (R-WAR-1)."""
    if facts.contract_months is None:
        return policy.whole_months
    add(
        reason(
            "contract_override",
            months=facts.contract_months,
            policy_months=policy.whole_months,
        )
    )
    return facts.contract_months


def _component_end(component, start, whole_end, extension, report):
    # A component is never covered for less time than the unit it belongs to
    # (a contract may lengthen the whole-unit period beyond a component's).
    end = max(
        period_end(start, component.months) + timedelta(days=extension), whole_end
    )
    return ComponentEnd(component.code, component.months, end, report <= end)


def _explain_exclusions(exclusions, add):
    """One reason per exclusion found (R-WAR-3)."""
    for code in exclusions:
        add(reason("exclusion", EXCLUSIONS.get(code), exclusion=code))


def _involved(policy, facts):
    """Components involved in the fault, in the policy's spelling when named there.

    A part the policy does not name belongs to the whole unit and shares its period.
    """
    by_key = {c.code.casefold(): c.code for c in policy.components}
    return tuple(dict.fromkeys(by_key.get(n.casefold(), n) for n in facts.components))


def _state(policy, facts, periods, exclusions, add):
    """Return ``(state, free_components)`` (R-WAR-1, R-WAR-3).

    An exclusion decides first (an altered card included), then an unknown start.
    In the period the unit is in warranty — also before the start: factory +
    grace is a deemed purchase date, and a unit failing earlier than it was
    surely bought less than a period ago. Past the period the unit is out of
    warranty; the involved components still covered by their own period are
    ``free_components``: their parts are free, the rest (labour, travel, other
    parts) is charged as out of warranty (R-WAR-1, R-WAR-4).
    """
    involved = _involved(policy, facts)
    covered = periods.components_in_warranty if periods else ()
    free = tuple(n for n in involved if n in covered)
    if exclusions:
        return EXCLUDED, free
    if periods is None:
        return UNKNOWN, free
    report = facts.report_date
    end_date = periods.end_date
    if report <= end_date:
        add(reason("in_warranty", report_date=report, end_date=end_date))
        return IN_WARRANTY, free
    add(reason("out_of_warranty", report_date=report, end_date=end_date))
    return OUT_OF_WARRANTY, free


def _remedies(policy, facts, state, periods, add):
    """三包 remedies of a unit in warranty, or why there are none (R-WAR-5)."""
    if state == IN_WARRANTY:
        return _sanbao_remedies(policy, facts, periods.sanbao_end_date, add)
    if policy.sanbao_applies and state == OUT_OF_WARRANTY:
        add(reason("sanbao_expired"))
    return []


def _sanbao_remedies(policy, facts, sanbao_end, add):
    """三包 remedies of a unit in warranty (R-WAR-5, R-WAR-5a).

    Checks that 三包 applies, collects the remedies of each case (the time
    windows, a unit deformed out of the box, missing parts, repairer delay,
    repeated repairs), adds a return where an exchange is due and the customer
    wants a return, and keeps one remedy per kind.
    """
    if not _sanbao_applies(policy, facts, sanbao_end, add):
        return []
    found = []

    def allow(kinds, key, depreciation=False, **params):
        entry = reason(key, **params)
        add(entry)
        found.extend(Remedy(kind, entry.code, key, depreciation) for kind in kinds)

    _window_remedies(policy, facts, allow, add)
    _special_remedies(policy, facts, sanbao_end, allow)
    _return_instead_of_exchange(facts, found, allow)
    return _one_per_kind(found)


def _sanbao_applies(policy, facts, sanbao_end, add):
    """Whether the 三包 remedies apply: consumer policy, proof, not customer-caused."""
    if not policy.sanbao_applies:
        return False
    if sanbao_end is None:
        add(reason("sanbao_no_proof"))
        return False
    if facts.fault_kind == FAULT_CUSTOMER:
        add(reason("sanbao_customer_fault"))
        return False
    return True


def _window_remedies(policy, facts, allow, add):
    """A major quality fault within the return or exchange window (R-WAR-5)."""
    if not (facts.major_performance_fault and facts.fault_kind == FAULT_QUALITY):
        return
    invoice = facts.purchase_date
    age = (facts.report_date - invoice).days
    window = {"days": age, "invoice_date": invoice, "report_date": facts.report_date}
    if age <= policy.return_days:
        allow(
            (RETURN, EXCHANGE, REPAIR),
            "return_window",
            **window,
            limit=policy.return_days,
        )
    elif age <= policy.exchange_days:
        allow(
            (EXCHANGE, REPAIR), "exchange_window", **window, limit=policy.exchange_days
        )
    else:
        add(reason("windows_passed", **window, limit=policy.exchange_days))


def _special_remedies(policy, facts, sanbao_end, allow):
    """Deformed out of the box, parts missing, repairer delay, repeated repairs
    (R-WAR-5, R-WAR-5a); all but the first need the 三包 period still running."""
    if facts.deformed_out_of_box:
        allow((EXCHANGE, REPAIR), "deformed_out_of_box")
    if facts.report_date > sanbao_end:
        return
    if facts.days_parts_not_supplied > policy.parts_not_supplied_days:
        allow(
            (EXCHANGE, RETURN),
            "parts_not_supplied",
            days=facts.days_parts_not_supplied,
            limit=policy.parts_not_supplied_days,
        )
    if facts.days_repairer_delay > policy.repairer_delay_days:
        allow(
            (EXCHANGE,),
            "repairer_delay",
            days=facts.days_repairer_delay,
            limit=policy.repairer_delay_days,
        )
    if (
        facts.fault_kind == FAULT_QUALITY
        and facts.earlier_repairs_same_fault >= policy.max_repairs_same_fault
    ):
        allow(
            (EXCHANGE, RETURN),
            "repeated_repairs",
            repairs=facts.earlier_repairs_same_fault,
            limit=policy.max_repairs_same_fault,
            sanbao_end_date=sanbao_end,
        )


def _return_instead_of_exchange(facts, found, allow):
    """An exchange is due and the customer wants a return (R-WAR-5): with a
    depreciation fee when the same model is available, without when it is not."""
    kinds = {r.kind for r in found}
    if EXCHANGE not in kinds or RETURN in kinds or not facts.customer_wants_return:
        return
    if facts.same_model_available:
        allow((RETURN,), "return_with_depreciation", depreciation=True)
    else:
        allow((RETURN,), "return_no_same_model")


def _one_per_kind(found):
    """One remedy per kind, the first rule that allowed it, in a fixed order."""
    remedies = {}
    for remedy in found:
        remedies.setdefault(remedy.kind, remedy)
    return sorted(remedies.values(), key=lambda r: REMEDY_ORDER.index(r.kind))


def _with_repair(remedies, state, is_rework):
    """Repair is always a remedy in warranty (R-WAR-4) and of a rework (R-WAR-5a)."""
    if any(r.kind == REPAIR for r in remedies):
        return remedies
    if state == IN_WARRANTY:
        return [*remedies, Remedy(REPAIR, "R-WAR-4", "warranty_repair")]
    if is_rework:
        return [*remedies, Remedy(REPAIR, "R-WAR-5a", "rework")]
    return remedies


def _rework(policy, facts, exclusions, add):
    """Whether the fault recurs within the rework window (R-WAR-5a)."""
    last = facts.last_repair_date
    if last is None:
        return False
    days = (facts.report_date - last).days
    params = {"last_repair_date": last, "days": days, "limit": policy.rework_days}
    if days > policy.rework_days:
        add(reason("not_rework", **params))
        return False
    if facts.fault_kind == FAULT_CUSTOMER or exclusions:
        add(reason("not_rework_customer", **params))
        return False
    add(reason("rework", **params))
    return True


def _charging(policy, facts, state, is_rework, free_components, add):
    """Who pays parts, labour and travel (R-WAR-4, rework R-WAR-5a)."""
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
        return _charging_in_warranty(policy, facts, add)
    return _charging_not_covered(policy, facts, state, free_components, add)


def _charging_in_warranty(policy, facts, add):
    """In warranty: free for a quality problem, by policy when customer-caused,
    provisionally free when the cause is unknown; remote travel by policy."""
    if facts.fault_kind == FAULT_CUSTOMER:
        if policy.customer_fault_charging == CUSTOMER_PAYS_ALL:
            add(reason("customer_pays_all"))
            return Charging(CUSTOMER, CUSTOMER, CUSTOMER, "R-WAR-4")
        add(reason("customer_pays_parts"))
        parts = CUSTOMER
    elif facts.fault_kind == FAULT_QUALITY:
        add(reason("free_quality"))
        parts = COMPANY
    else:
        add(reason("fault_unknown"))
        parts = COMPANY
    travel = COMPANY
    if facts.remote_site and policy.remote_travel_chargeable:
        travel = CUSTOMER
        add(reason("remote_travel"))
    return Charging(
        parts,
        COMPANY,
        travel,
        "R-WAR-4",
        needs_supervisor_decision=facts.fault_kind == FAULT_UNKNOWN,
    )


def _charging_not_covered(policy, facts, state, free_components, add):
    """Out of warranty, excluded or unknown: the customer pays parts and labour,
    the travel by policy, except the parts of components still in warranty."""
    remote = facts.remote_site and policy.remote_travel_chargeable
    travel = CUSTOMER if policy.out_of_warranty_travel_chargeable or remote else COMPANY
    if state == UNKNOWN:
        add(reason("unknown_supervisor"))
    add(reason("customer_pays_out_of_warranty"))
    if travel == CUSTOMER:
        if policy.out_of_warranty_travel_chargeable:
            add(reason("travel_out_of_warranty"))
        else:
            add(reason("remote_travel"))
    if free_components:
        add(reason("free_components", components=free_components))
    return Charging(
        CUSTOMER,
        CUSTOMER,
        travel,
        "R-WAR-4",
        free_components=free_components,
        needs_supervisor_decision=state == UNKNOWN,
    )


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _policy_rate(value):
    """The policy's daily depreciation rate, checked as the engine's input."""
    try:
        rate = to_decimal(value)
        check_rate(rate)
    except WarrantyInputError:
        raise
    except RuleInputError as error:
        raise WarrantyInputError(error.template, **error.params) from error
    return rate


def _check_choice(value, choices, name):
    if value not in choices:
        raise WarrantyInputError(
            _lt("Invalid %(field)s %(value)s: use one of %(choices)s."),
            field=name,
            value=value,
            choices=", ".join(choices),
        )
