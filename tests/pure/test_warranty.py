# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Table-driven tests of ``tools.warranty`` (SPEC §4, R-WAR-1 … R-WAR-8)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tools import warranty as w

D = date
INVOICE = D(2024, 3, 1)  # whole unit 12 months: covered up to 2025-02-28
COMMERCIAL = w.WarrantyPolicy(whole_months=12, components=(("compressor", 36),))
CONSUMER = w.WarrantyPolicy(whole_months=12, sanbao_applies=True)


def facts(**kw):
    values = {
        "report_date": D(2024, 6, 1),
        "purchase_date": INVOICE,
        "proof_kind": "invoice",
        "fault_kind": "quality",
    }
    values.update(kw)
    return w.WarrantyFacts(**values)


def keys(result):
    return [r.key for r in result.reasons]


def remedies(result):
    return {r.kind: (r.rule, r.key, r.depreciation) for r in result.remedies}


def charging(result):
    c = result.charging
    return c.parts, c.labour, c.travel, c.needs_supervisor_decision


# ---------------------------------------------------------------------------
# R-WAR-5b day counting
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, anniversary",
    [
        pytest.param(D(2024, 3, 15), 12, D(2025, 3, 15), id="R-WAR-5b same day"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 3, 1), id="R-WAR-5b 31 Jan+1m"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 3, 1), id="R-WAR-5b 31 Jan+1m leap"),
        pytest.param(D(2024, 1, 29), 1, D(2024, 2, 29), id="R-WAR-5b 29 Jan+1m leap"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 3, 1), id="R-WAR-5b 29 Feb+12m"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="R-WAR-5b 29 Feb+48m"),
        pytest.param(D(2023, 11, 30), 3, D(2024, 3, 1), id="R-WAR-5b 30 Nov+3m"),
        pytest.param(D(2023, 11, 15), 3, D(2024, 2, 15), id="R-WAR-5b across year"),
        pytest.param(D(2024, 5, 15), 0, D(2024, 5, 15), id="R-WAR-5b zero months"),
    ],
)
def test_add_months(start, months, anniversary):
    assert w.add_months(start, months) == anniversary


@pytest.mark.parametrize(
    "start, months, end",
    [
        pytest.param(D(2024, 3, 15), 12, D(2025, 3, 14), id="R-WAR-5b D+12m-1d"),
        pytest.param(D(2023, 3, 1), 1, D(2023, 3, 31), id="R-WAR-5b 1 Mar+1m"),
        pytest.param(D(2023, 2, 1), 1, D(2023, 2, 28), id="R-WAR-5b 1 Feb+1m"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="R-WAR-5b 31 Jan+1m"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="R-WAR-5b 31 Jan+1m leap"),
        pytest.param(D(2024, 1, 28), 1, D(2024, 2, 27), id="R-WAR-5b 28 Jan+1m leap"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="R-WAR-5b 29 Feb+12m"),
        pytest.param(D(2024, 2, 28), 12, D(2025, 2, 27), id="R-WAR-5b 28 Feb+12m"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 28), id="R-WAR-5b 29 Feb+48m"),
        pytest.param(D(2023, 12, 31), 2, D(2024, 2, 29), id="R-WAR-5b 31 Dec+2m"),
        pytest.param(D(2024, 8, 31), 6, D(2025, 2, 28), id="R-WAR-5b 31 Aug+6m"),
        pytest.param(D(2024, 3, 1), 36, D(2027, 2, 28), id="R-WAR-5b 36 months"),
    ],
)
def test_period_end(start, months, end):
    assert w.period_end(start, months) == end


@pytest.mark.parametrize(
    "day, days, expected",
    [
        pytest.param(D(2024, 3, 1), 7, True, id="R-WAR-5b same day"),
        pytest.param(D(2024, 3, 8), 7, True, id="R-WAR-5b last day of 7-day window"),
        pytest.param(D(2024, 3, 9), 7, False, id="R-WAR-5b day after 7-day window"),
        pytest.param(D(2024, 3, 16), 15, True, id="R-WAR-5b last day of 15 days"),
        pytest.param(D(2024, 3, 17), 15, False, id="R-WAR-5b day after 15 days"),
    ],
)
def test_within_days(day, days, expected):
    """R-WAR-5b: "within N days" of the invoice is (report - invoice) <= N."""
    policy = w.WarrantyPolicy(sanbao_applies=True, return_days=days, exchange_days=days)
    result = w.determine(policy, facts(report_date=day, major_performance_fault=True))
    assert (result.remedy("return") is not None) is expected


# ---------------------------------------------------------------------------
# R-WAR-1 / R-WAR-5b / R-WAR-5a: end of the whole-unit period
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "policy, fact_kw, state, end",
    [
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2025, 2, 28)},
            "in_warranty",
            D(2025, 2, 28),
            id="R-WAR-5b last day of 12 months",
        ),
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2025, 3, 1)},
            "out_of_warranty",
            D(2025, 2, 28),
            id="R-WAR-5b day after 12 months",
        ),
        pytest.param(
            COMMERCIAL,
            {"purchase_date": D(2024, 2, 29), "report_date": D(2025, 2, 28)},
            "in_warranty",
            D(2025, 2, 28),
            id="R-WAR-5b 29 Feb 2024 + 12 months last day",
        ),
        pytest.param(
            COMMERCIAL,
            {"purchase_date": D(2024, 2, 29), "report_date": D(2025, 3, 1)},
            "out_of_warranty",
            D(2025, 2, 28),
            id="R-WAR-5b 29 Feb 2024 + 12 months day after",
        ),
        pytest.param(
            w.WarrantyPolicy(whole_months=1),
            {"purchase_date": D(2023, 1, 31), "report_date": D(2023, 2, 28)},
            "in_warranty",
            D(2023, 2, 28),
            id="R-WAR-5b 31 Jan + 1 month covers 28 Feb",
        ),
        pytest.param(
            w.WarrantyPolicy(whole_months=1),
            {"purchase_date": D(2023, 1, 31), "report_date": D(2023, 3, 1)},
            "out_of_warranty",
            D(2023, 2, 28),
            id="R-WAR-5b 31 Jan + 1 month ends 28 Feb",
        ),
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2025, 3, 10), "days_in_repair": 10},
            "in_warranty",
            D(2025, 3, 10),
            id="R-WAR-5a extension by repair days, last day",
        ),
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2025, 3, 11), "days_in_repair": 10},
            "out_of_warranty",
            D(2025, 3, 10),
            id="R-WAR-5a extension by repair days, day after",
        ),
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2025, 9, 1), "contract_months": 24},
            "in_warranty",
            D(2026, 2, 28),
            id="R-WAR-1 contract override lengthens",
        ),
        pytest.param(
            COMMERCIAL,
            {"report_date": D(2024, 10, 1), "contract_months": 6},
            "out_of_warranty",
            D(2024, 8, 31),
            id="R-WAR-1 contract override shortens",
        ),
    ],
)
def test_whole_unit_period(policy, fact_kw, state, end):
    result = w.determine(policy, facts(**fact_kw))
    assert result.state == state
    assert result.end_date == end
    assert result.start_basis == "invoice"


def test_contract_override_reason():
    result = w.determine(COMMERCIAL, facts(contract_months=24))
    assert result.months == 24
    reason = next(r for r in result.reasons if r.key == "contract_override")
    assert reason.code == "R-WAR-1"
    assert dict(reason.params) == {"months": 24, "policy_months": 12}


# ---------------------------------------------------------------------------
# R-WAR-2 start of the warranty
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "policy, fact_kw, state, basis, start, key",
    [
        pytest.param(
            COMMERCIAL,
            {},
            "in_warranty",
            "invoice",
            INVOICE,
            "start_invoice",
            id="R-WAR-2 invoice date",
        ),
        pytest.param(
            COMMERCIAL,
            {"proof_kind": "warranty_card"},
            "in_warranty",
            "invoice",
            INVOICE,
            "proof_warranty_card",
            id="R-WAR-2 warranty card date",
        ),
        pytest.param(
            COMMERCIAL,
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 10),
            },
            "in_warranty",
            "factory_plus_grace",
            D(2024, 4, 10),
            "start_factory_plus_grace",
            id="R-WAR-2 no proof: factory date + 3 months",
        ),
        pytest.param(
            COMMERCIAL,
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2023, 11, 30),
                "report_date": D(2024, 2, 29),
            },
            "in_warranty",
            "factory_plus_grace",
            D(2024, 3, 1),
            "start_factory_plus_grace",
            id="R-WAR-2 factory 30 Nov + 3 months starts 1 Mar; earlier is covered",
        ),
        pytest.param(
            w.WarrantyPolicy(grace_months=0),
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 10),
            },
            "in_warranty",
            "factory_plus_grace",
            D(2024, 1, 10),
            "start_factory_plus_grace",
            id="R-WAR-2 configurable grace 0 months",
        ),
        pytest.param(
            COMMERCIAL,
            {"proof_kind": "none", "purchase_date": INVOICE, "factory_date": None},
            "unknown",
            None,
            None,
            "purchase_date_unproven",
            id="R-WAR-2 purchase date without proof is not used",
        ),
        pytest.param(
            COMMERCIAL,
            {"proof_kind": "none", "purchase_date": None},
            "unknown",
            None,
            None,
            "no_start",
            id="R-WAR-2 no proof and no factory date: unknown",
        ),
        pytest.param(
            COMMERCIAL,
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 10),
                "serial_unreadable": True,
            },
            "unknown",
            None,
            None,
            "serial_unreadable",
            id="R-WAR-2 no proof and unreadable serial: unknown",
        ),
        pytest.param(
            COMMERCIAL,
            {"serial_unreadable": True},
            "in_warranty",
            "invoice",
            INVOICE,
            "start_invoice",
            id="R-WAR-2 unreadable serial does not matter with an invoice",
        ),
        pytest.param(
            COMMERCIAL,
            {"card_altered": True},
            "excluded",
            None,
            None,
            "exclusion",
            id="R-WAR-3 altered card with invoice: excluded (003 §1.10)",
        ),
        pytest.param(
            COMMERCIAL,
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 10),
                "card_altered": True,
            },
            "excluded",
            None,
            None,
            "exclusion",
            id="R-WAR-3 altered serial without proof: excluded (003 §1.6)",
        ),
        pytest.param(
            w.WarrantyPolicy(start_basis="installation"),
            {"installation_date": D(2024, 4, 20), "report_date": D(2025, 4, 1)},
            "in_warranty",
            "installation",
            D(2024, 4, 20),
            "start_installation",
            id="R-WAR-1 policy starts at installation",
        ),
        pytest.param(
            w.WarrantyPolicy(start_basis="installation"),
            {"report_date": D(2025, 4, 1)},
            "out_of_warranty",
            "invoice",
            INVOICE,
            "start_invoice",
            id="R-WAR-2 installation basis without installation date: invoice",
        ),
    ],
)
def test_start(policy, fact_kw, state, basis, start, key):
    result = w.determine(policy, facts(**fact_kw))
    assert result.state == state
    assert result.start_basis == basis
    assert result.start_date == start
    assert key in keys(result)
    if start is None:
        assert result.end_date is None
        assert result.remedies == ()


def test_exclusion_decides_even_when_the_start_is_unknown():
    fact = facts(proof_kind="none", purchase_date=None, exclusions=("misuse",))
    result = w.determine(COMMERCIAL, fact)
    assert result.state == "excluded"
    assert not result.needs_supervisor_decision


def test_altered_card_is_recorded_as_exclusion():
    result = w.determine(COMMERCIAL, facts(card_altered=True))
    assert result.exclusions == ("altered_card",)
    assert charging(result) == ("customer", "customer", "customer", False)


@pytest.mark.parametrize(
    "fact_kw",
    [
        pytest.param({"proof_kind": "none", "purchase_date": None}, id="R-WAR-2 none"),
        pytest.param(
            {"proof_kind": "none", "purchase_date": None, "serial_unreadable": True},
            id="R-WAR-2 unreadable",
        ),
    ],
)
def test_unknown_start_is_never_in_warranty(fact_kw):
    result = w.determine(CONSUMER, facts(report_date=INVOICE, **fact_kw))
    assert result.state == "unknown"
    assert result.needs_supervisor_decision
    assert charging(result) == ("customer", "customer", "customer", True)
    assert "unknown_supervisor" in keys(result)


# ---------------------------------------------------------------------------
# R-WAR-3 exclusions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [pytest.param(code, id=f"R-WAR-3 exclusion {code}") for code in w.EXCLUSIONS]
    + [pytest.param("custom_code", id="R-WAR-3 custom exclusion from master data")],
)
def test_each_exclusion_voids_free_service(code):
    result = w.determine(CONSUMER, facts(exclusions=[code], report_date=D(2024, 3, 3)))
    assert result.state == "excluded"
    assert result.exclusions == (code,)
    assert result.end_date == D(2025, 2, 28)  # the period is still explained
    assert result.remedies == ()
    assert charging(result) == ("customer", "customer", "customer", False)
    reason = next(r for r in result.reasons if r.key == "exclusion")
    assert reason.code == "R-WAR-3"
    assert reason.params["exclusion"] == code
    assert reason.message == w.EXCLUSIONS.get(code, w.REASONS["exclusion"].template)


# ---------------------------------------------------------------------------
# R-WAR-1 components
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fact_kw, state, in_warranty, free, charge",
    [
        pytest.param(
            {"report_date": D(2025, 6, 1), "components": ("compressor",)},
            "out_of_warranty",
            ("compressor",),
            ("compressor",),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 R-WAR-4 compressor 36m covered, unit 12m not: compressor "
            "parts free, labour and travel charged",
        ),
        pytest.param(
            {"report_date": D(2025, 6, 1), "components": ("Compressor",)},
            "out_of_warranty",
            ("compressor",),
            ("compressor",),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 component names match case-insensitively",
        ),
        pytest.param(
            {"report_date": D(2025, 6, 1), "components": ("compressor", "fan")},
            "out_of_warranty",
            ("compressor",),
            ("compressor",),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 compressor parts free, fan and labour charged",
        ),
        pytest.param(
            {"report_date": D(2025, 6, 1)},
            "out_of_warranty",
            ("compressor",),
            (),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 component covered but not involved",
        ),
        pytest.param(
            {"report_date": D(2027, 2, 28), "components": ("compressor",)},
            "out_of_warranty",
            ("compressor",),
            ("compressor",),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 last day of the compressor's 36 months",
        ),
        pytest.param(
            {"report_date": D(2025, 6, 1), "components": ("door seal",)},
            "out_of_warranty",
            ("compressor",),
            (),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 a faulty part no component covers shares the unit's period",
        ),
        pytest.param(
            {"report_date": D(2027, 3, 1), "components": ("compressor",)},
            "out_of_warranty",
            (),
            (),
            ("customer", "customer", "customer", False),
            id="R-WAR-1 day after the compressor's 36 months",
        ),
    ],
)
def test_components(fact_kw, state, in_warranty, free, charge):
    result = w.determine(COMMERCIAL, facts(**fact_kw))
    assert result.state == state
    assert result.end_date == D(2025, 2, 28)
    assert result.components_in_warranty == in_warranty
    assert result.charging.free_components == free
    assert charging(result) == charge
    (comp,) = result.component_ends
    assert (comp.code, comp.months, comp.end_date) == ("compressor", 36, D(2027, 2, 28))


def test_component_never_ends_before_whole_unit():
    result = w.determine(COMMERCIAL, facts(contract_months=48))
    (comp,) = result.component_ends
    assert comp.end_date == result.end_date == D(2028, 2, 29)


def test_component_extended_by_repair_days():
    result = w.determine(COMMERCIAL, facts(days_in_repair=5))
    assert result.component_ends[0].end_date == D(2027, 3, 5)


# ---------------------------------------------------------------------------
# R-WAR-4 charging
# ---------------------------------------------------------------------------

IN_TERM = {"report_date": D(2024, 9, 1)}
OUT_TERM = {"report_date": D(2025, 9, 1)}


@pytest.mark.parametrize(
    "policy_kw, fact_kw, expected, key",
    [
        pytest.param(
            {},
            {**IN_TERM, "fault_kind": "quality"},
            ("company", "company", "company", False),
            "free_quality",
            id="R-WAR-4 quality problem in warranty: free",
        ),
        pytest.param(
            {},
            {**IN_TERM, "fault_kind": "customer"},
            ("customer", "company", "company", False),
            "customer_pays_parts",
            id="R-WAR-4 customer-caused, default: parts charged, labour free",
        ),
        pytest.param(
            {"customer_fault_charging": "all"},
            {**IN_TERM, "fault_kind": "customer"},
            ("customer", "customer", "customer", False),
            "customer_pays_all",
            id="R-WAR-4 customer-caused, policy 'all': everything charged",
        ),
        pytest.param(
            {},
            {**IN_TERM, "fault_kind": "unknown"},
            ("company", "company", "company", True),
            "fault_unknown",
            id="R-WAR-4 cause unknown in warranty: provisional, supervisor",
        ),
        pytest.param(
            {},
            {**OUT_TERM, "fault_kind": "quality"},
            ("customer", "customer", "customer", False),
            "customer_pays_out_of_warranty",
            id="R-WAR-4 out of warranty: customer pays parts and labour",
        ),
        pytest.param(
            {"out_of_warranty_travel_chargeable": False},
            {**OUT_TERM},
            ("customer", "customer", "company", False),
            "customer_pays_out_of_warranty",
            id="R-WAR-4 out of warranty, travel not charged by policy",
        ),
        pytest.param(
            {"out_of_warranty_travel_chargeable": False},
            {**OUT_TERM, "remote_site": True},
            ("customer", "customer", "customer", False),
            "remote_travel",
            id="R-WAR-4 out of warranty remote site: travel charged",
        ),
        pytest.param(
            {},
            {**IN_TERM, "remote_site": True},
            ("company", "company", "customer", False),
            "remote_travel",
            id="R-WAR-4 remote site in warranty: travel charged (003 §1.15)",
        ),
        pytest.param(
            {},
            {**IN_TERM, "remote_site": True, "fault_kind": "customer"},
            ("customer", "company", "customer", False),
            "remote_travel",
            id="R-WAR-4 remote site, customer-caused default policy",
        ),
        pytest.param(
            {"remote_travel_chargeable": False},
            {**IN_TERM, "remote_site": True},
            ("company", "company", "company", False),
            "free_quality",
            id="R-WAR-4 remote site, policy bears travel in warranty",
        ),
        pytest.param(
            {},
            {**IN_TERM, "exclusions": ("misuse",)},
            ("customer", "customer", "customer", False),
            "customer_pays_out_of_warranty",
            id="R-WAR-3 excluded in period: charged as out of warranty",
        ),
    ],
)
def test_charging(policy_kw, fact_kw, expected, key):
    result = w.determine(w.WarrantyPolicy(**policy_kw), facts(**fact_kw))
    assert charging(result) == expected
    assert result.charging.rule == "R-WAR-4"
    assert key in keys(result)


# ---------------------------------------------------------------------------
# R-WAR-5 / R-WAR-5a 三包 remedies
# ---------------------------------------------------------------------------

WARRANTY_REPAIR = {"repair": ("R-WAR-4", "warranty_repair", False)}
MAJOR = {"fault_kind": "quality", "major_performance_fault": True}


@pytest.mark.parametrize(
    "policy, fact_kw, expected",
    [
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 8)},
            {
                "return": ("R-WAR-5", "return_window", False),
                "exchange": ("R-WAR-5", "return_window", False),
                "repair": ("R-WAR-5", "return_window", False),
            },
            id="R-WAR-5 last day of 7-day window: return, exchange or repair",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 9)},
            {
                "exchange": ("R-WAR-5", "exchange_window", False),
                "repair": ("R-WAR-5", "exchange_window", False),
            },
            id="R-WAR-5 day after 7-day window: exchange or repair",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 16)},
            {
                "exchange": ("R-WAR-5", "exchange_window", False),
                "repair": ("R-WAR-5", "exchange_window", False),
            },
            id="R-WAR-5 last day of 15-day window: exchange or repair",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 17)},
            WARRANTY_REPAIR,
            id="R-WAR-5 day after 15-day window: repair only",
        ),
        pytest.param(
            w.WarrantyPolicy(sanbao_applies=True, return_days=10, exchange_days=30),
            {**MAJOR, "report_date": D(2024, 3, 11)},
            {
                "return": ("R-WAR-5", "return_window", False),
                "exchange": ("R-WAR-5", "return_window", False),
                "repair": ("R-WAR-5", "return_window", False),
            },
            id="R-WAR-5 configurable windows",
        ),
        pytest.param(
            CONSUMER,
            {"report_date": D(2024, 3, 3)},
            WARRANTY_REPAIR,
            id="R-WAR-5 minor fault within 7 days: repair only",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "fault_kind": "customer", "report_date": D(2024, 3, 3)},
            WARRANTY_REPAIR,
            id="R-WAR-5 customer-caused fault: no 三包 remedy",
        ),
        pytest.param(
            COMMERCIAL,
            {**MAJOR, "report_date": D(2024, 3, 3)},
            WARRANTY_REPAIR,
            id="R-WAR-5 not a consumer product: no 三包 remedy",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "proof_kind": "warranty_card", "report_date": D(2024, 3, 3)},
            {
                "return": ("R-WAR-5", "return_window", False),
                "exchange": ("R-WAR-5", "return_window", False),
                "repair": ("R-WAR-5", "return_window", False),
            },
            id="R-WAR-5 warranty card counts as proof",
        ),
        pytest.param(
            CONSUMER,
            {
                **MAJOR,
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 1),
                "report_date": D(2024, 4, 3),
            },
            WARRANTY_REPAIR,
            id="R-WAR-5 no invoice (factory + grace): no 三包 remedy",
        ),
        pytest.param(
            CONSUMER,
            {"deformed_out_of_box": True, "report_date": D(2024, 3, 3)},
            {
                "exchange": ("R-WAR-5", "deformed_out_of_box", False),
                "repair": ("R-WAR-5", "deformed_out_of_box", False),
            },
            id="R-WAR-5 deformed out of the box: exchange or repair",
        ),
        pytest.param(
            CONSUMER,
            {"days_parts_not_supplied": 90},
            WARRANTY_REPAIR,
            id="R-WAR-5 parts not supplied 90 days: not yet",
        ),
        pytest.param(
            CONSUMER,
            {"days_parts_not_supplied": 91},
            {
                "return": ("R-WAR-5", "parts_not_supplied", False),
                "exchange": ("R-WAR-5", "parts_not_supplied", False),
                "repair": ("R-WAR-4", "warranty_repair", False),
            },
            id="R-WAR-5 parts not supplied over 90 days: exchange or return",
        ),
        pytest.param(
            CONSUMER,
            {"days_repairer_delay": 30},
            WARRANTY_REPAIR,
            id="R-WAR-5 repairer delay 30 days: not yet",
        ),
        pytest.param(
            CONSUMER,
            {"days_repairer_delay": 31},
            {
                "exchange": ("R-WAR-5", "repairer_delay", False),
                "repair": ("R-WAR-4", "warranty_repair", False),
            },
            id="R-WAR-5 repairer delay over 30 days: free exchange",
        ),
        pytest.param(
            CONSUMER,
            {"earlier_repairs_same_fault": 1},
            WARRANTY_REPAIR,
            id="R-WAR-5a one failed repair: repair again",
        ),
        pytest.param(
            CONSUMER,
            {"earlier_repairs_same_fault": 2},
            {
                "return": ("R-WAR-5a", "repeated_repairs", False),
                "exchange": ("R-WAR-5a", "repeated_repairs", False),
                "repair": ("R-WAR-4", "warranty_repair", False),
            },
            id="R-WAR-5a two failed repairs: exchange or return",
        ),
        pytest.param(
            CONSUMER,
            {"earlier_repairs_same_fault": 2, "fault_kind": "unknown"},
            WARRANTY_REPAIR,
            id="R-WAR-5a two repairs but cause unknown: not yet",
        ),
        pytest.param(
            CONSUMER,
            {
                "earlier_repairs_same_fault": 2,
                "days_in_repair": 20,
                "report_date": D(2025, 3, 20),
            },
            {
                "return": ("R-WAR-5a", "repeated_repairs", False),
                "exchange": ("R-WAR-5a", "repeated_repairs", False),
                "repair": ("R-WAR-4", "warranty_repair", False),
            },
            id="R-WAR-5a 三包 period extended by repair days",
        ),
        pytest.param(
            CONSUMER,
            {
                "earlier_repairs_same_fault": 2,
                "days_in_repair": 20,
                "report_date": D(2025, 3, 21),
            },
            {},
            id="R-WAR-5a day after the extended 三包 period",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 12), "customer_wants_return": True},
            {
                "return": ("R-WAR-5", "return_with_depreciation", True),
                "exchange": ("R-WAR-5", "exchange_window", False),
                "repair": ("R-WAR-5", "exchange_window", False),
            },
            id="R-WAR-5 exchange due, same model, wants return: depreciation",
        ),
        pytest.param(
            CONSUMER,
            {
                **MAJOR,
                "report_date": D(2024, 3, 12),
                "customer_wants_return": True,
                "same_model_available": False,
            },
            {
                "return": ("R-WAR-5", "return_no_same_model", False),
                "exchange": ("R-WAR-5", "exchange_window", False),
                "repair": ("R-WAR-5", "exchange_window", False),
            },
            id="R-WAR-5 exchange due, no same model, refuses another: return",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 12), "same_model_available": False},
            {
                "exchange": ("R-WAR-5", "exchange_window", False),
                "repair": ("R-WAR-5", "exchange_window", False),
            },
            id="R-WAR-5 exchange due, no same model, no return asked",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2024, 3, 5), "customer_wants_return": True},
            {
                "return": ("R-WAR-5", "return_window", False),
                "exchange": ("R-WAR-5", "return_window", False),
                "repair": ("R-WAR-5", "return_window", False),
            },
            id="R-WAR-5 return within 7 days has no depreciation",
        ),
        pytest.param(
            CONSUMER,
            {**MAJOR, "report_date": D(2025, 3, 1)},
            {},
            id="R-WAR-5 out of warranty: no remedy",
        ),
    ],
)
def test_sanbao_remedies(policy, fact_kw, expected):
    result = w.determine(policy, facts(**fact_kw))
    assert remedies(result) == expected


def test_sanbao_reasons_carry_the_numbers():
    result = w.determine(CONSUMER, facts(**MAJOR, report_date=D(2024, 3, 9)))
    reason = next(r for r in result.reasons if r.key == "exchange_window")
    assert reason.code == "R-WAR-5"
    assert dict(reason.params) == {
        "days": 8,
        "invoice_date": INVOICE,
        "report_date": D(2024, 3, 9),
        "limit": 15,
    }
    assert result.sanbao_end_date == D(2025, 2, 28)
    assert result.remedy("exchange").key == "exchange_window"
    assert result.remedy("return") is None


@pytest.mark.parametrize(
    "fact_kw, key",
    [
        pytest.param(
            {**MAJOR, "report_date": D(2024, 3, 17)},
            "windows_passed",
            id="R-WAR-5 passed",
        ),
        pytest.param(
            {
                "proof_kind": "none",
                "purchase_date": None,
                "factory_date": D(2024, 1, 1),
            },
            "sanbao_no_proof",
            id="R-WAR-5 no proof",
        ),
        pytest.param(
            {"fault_kind": "customer"}, "sanbao_customer_fault", id="R-WAR-5 customer"
        ),
        pytest.param(
            {"report_date": D(2025, 3, 1)}, "sanbao_expired", id="R-WAR-5 expired"
        ),
    ],
)
def test_sanbao_refusals_are_explained(fact_kw, key):
    assert key in keys(w.determine(CONSUMER, facts(**fact_kw)))


def test_installation_start_without_proof_has_no_sanbao_remedies():
    policy = w.WarrantyPolicy(start_basis="installation", sanbao_applies=True)
    fact = facts(
        **MAJOR,
        proof_kind="none",
        purchase_date=None,
        installation_date=D(2024, 5, 30),
    )
    result = w.determine(policy, fact)
    assert (result.state, result.start_basis) == ("in_warranty", "installation")
    assert result.sanbao_end_date is None
    assert remedies(result) == WARRANTY_REPAIR
    assert "sanbao_no_proof" in keys(result)


# ---------------------------------------------------------------------------
# R-WAR-5a rework
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fact_kw, is_rework, expected, key",
    [
        pytest.param(
            {**OUT_TERM, "last_repair_date": D(2025, 8, 2)},
            True,
            ("company", "company", "company", False),
            "rework",
            id="R-WAR-5a rework on day 30 after repair: free out of warranty",
        ),
        pytest.param(
            {**OUT_TERM, "last_repair_date": D(2025, 8, 1)},
            False,
            ("customer", "customer", "customer", False),
            "not_rework",
            id="R-WAR-5a day 31 after repair: not rework",
        ),
        pytest.param(
            {**IN_TERM, "last_repair_date": D(2024, 8, 20), "fault_kind": "customer"},
            False,
            ("customer", "company", "company", False),
            "not_rework_customer",
            id="R-WAR-5a recurrence caused by the customer: not rework",
        ),
        pytest.param(
            {**IN_TERM, "last_repair_date": D(2024, 8, 20), "exclusions": ("misuse",)},
            False,
            ("customer", "customer", "customer", False),
            "not_rework_customer",
            id="R-WAR-5a recurrence with an exclusion: not rework",
        ),
        pytest.param(
            {
                "proof_kind": "none",
                "purchase_date": None,
                "last_repair_date": D(2024, 5, 20),
            },
            True,
            ("company", "company", "company", True),
            "rework",
            id="R-WAR-5a rework while the start is unknown: free, supervisor",
        ),
        pytest.param(
            {**OUT_TERM, "last_repair_date": D(2025, 8, 2), "remote_site": True},
            True,
            ("company", "company", "company", False),
            "rework",
            id="R-WAR-5a rework at a remote site: travel free too",
        ),
    ],
)
def test_rework(fact_kw, is_rework, expected, key):
    result = w.determine(COMMERCIAL, facts(**fact_kw))
    assert result.is_rework is is_rework
    assert charging(result) == expected
    assert key in keys(result)
    if is_rework:
        assert result.charging.rule == "R-WAR-5a"
        assert result.remedy("repair").rule in {"R-WAR-5a", "R-WAR-4"}


def test_rework_window_is_configurable():
    policy = w.WarrantyPolicy(rework_days=60)
    result = w.determine(policy, facts(**OUT_TERM, last_repair_date=D(2025, 7, 3)))
    assert result.is_rework
    assert result.remedy("repair") == w.Remedy("repair", "R-WAR-5a", "rework")


# ---------------------------------------------------------------------------
# R-WAR-6 the policy's rate (the fee itself: test_depreciation.py)
# ---------------------------------------------------------------------------


def test_policy_depreciation_rate_default():
    assert w.WarrantyPolicy().depreciation_rate == Decimal("0.001")
    assert w.WarrantyPolicy(depreciation_rate="0.002").depreciation_rate == Decimal(
        "0.002"
    )


# ---------------------------------------------------------------------------
# Input errors
# ---------------------------------------------------------------------------


def _policy(**kw):
    return lambda: w.WarrantyPolicy(**kw)


def _facts(**kw):
    return lambda: facts(**kw)


RETURNED = D(2024, 3, 21)


@pytest.mark.parametrize(
    "build, params",
    [
        pytest.param(
            _facts(report_date=D(2024, 2, 29)),
            {"invoice_date": INVOICE, "report_date": D(2024, 2, 29)},
            id="R-WAR-2 invoice date after report date",
        ),
        pytest.param(
            _facts(factory_date=D(2024, 3, 2)),
            {"factory_date": D(2024, 3, 2), "invoice_date": INVOICE},
            id="R-WAR-2 factory date after invoice date",
        ),
        pytest.param(
            _facts(proof_kind="none", purchase_date=None, factory_date=D(2024, 7, 1)),
            {"factory_date": D(2024, 7, 1), "report_date": D(2024, 6, 1)},
            id="R-WAR-2 factory date after report date",
        ),
        pytest.param(
            _facts(purchase_date=None),
            {},
            id="R-WAR-2 proof of purchase without its date",
        ),
        pytest.param(
            _facts(installation_date=D(2024, 7, 1)),
            {"installation_date": D(2024, 7, 1), "report_date": D(2024, 6, 1)},
            id="R-WAR-2 installation date after report date",
        ),
        pytest.param(
            _facts(last_repair_date=D(2024, 7, 1)),
            {"last_repair_date": D(2024, 7, 1), "report_date": D(2024, 6, 1)},
            id="R-WAR-5a last repair after report date",
        ),
        pytest.param(
            _facts(days_in_repair=-1),
            {"field": "days_in_repair", "value": -1},
            id="R-WAR-5a negative days in repair",
        ),
        pytest.param(
            _facts(earlier_repairs_same_fault=-1),
            {"field": "earlier_repairs_same_fault", "value": -1},
            id="R-WAR-5a negative repair count",
        ),
        pytest.param(
            _facts(contract_months=0),
            {"months": 0},
            id="R-WAR-1 zero contract period",
        ),
        pytest.param(
            _facts(proof_kind="receipt"),
            {"field": "proof_kind", "value": "receipt"},
            id="R-WAR-2 unknown proof kind",
        ),
        pytest.param(
            _facts(fault_kind="act_of_god"),
            {"field": "fault_kind", "value": "act_of_god"},
            id="R-WAR-4 unknown fault kind",
        ),
        pytest.param(_policy(whole_months=0), {"months": 0}, id="R-WAR-1 zero period"),
        pytest.param(
            _policy(whole_months=-12), {"months": -12}, id="R-WAR-1 negative period"
        ),
        pytest.param(
            _policy(components=(("compressor", 0),)),
            {"component": "compressor", "months": 0},
            id="R-WAR-1 zero component period",
        ),
        pytest.param(
            _policy(grace_months=-1), {"months": -1}, id="R-WAR-2 negative grace"
        ),
        pytest.param(
            _policy(start_basis="delivery"),
            {"field": "start_basis", "value": "delivery"},
            id="R-WAR-2 unknown start basis",
        ),
        pytest.param(
            _policy(customer_fault_charging="labour"),
            {"field": "customer_fault_charging", "value": "labour"},
            id="R-WAR-4 unknown customer-fault charging",
        ),
        *[
            pytest.param(
                _policy(**{name: 0}),
                {"field": name, "value": 0},
                id=f"R-WAR-5 zero {name}",
            )
            for name in (
                "return_days",
                "exchange_days",
                "parts_not_supplied_days",
                "repairer_delay_days",
                "rework_days",
                "max_repairs_same_fault",
            )
        ],
        pytest.param(
            _policy(exchange_days=-15),
            {"field": "exchange_days", "value": -15},
            id="R-WAR-5 negative window",
        ),
        pytest.param(
            _policy(depreciation_rate=Decimal("1")),
            {"rate": Decimal("1")},
            id="R-WAR-6 policy rate of 1 per day",
        ),
        pytest.param(
            _policy(depreciation_rate=Decimal("-0.001")),
            {"rate": Decimal("-0.001")},
            id="R-WAR-6 policy negative rate",
        ),
        pytest.param(
            _policy(depreciation_rate=None),
            {"value": None},
            id="R-WAR-6 policy rate not a number",
        ),
    ],
)
def test_input_errors(build, params):
    with pytest.raises(w.WarrantyInputError) as info:
        build()
    err = info.value
    assert isinstance(err, ValueError)
    for name, value in params.items():
        assert err.params[name] == value
    assert str(err) == (err.template % err.params if err.params else err.template)


# ---------------------------------------------------------------------------
# R-WAR-8 explanation
# ---------------------------------------------------------------------------

EXPLAINED = [
    (COMMERCIAL, facts()),
    (COMMERCIAL, facts(report_date=D(2025, 6, 1), components=("compressor", "fan"))),
    (COMMERCIAL, facts(proof_kind="none", purchase_date=None)),
    (CONSUMER, facts(**MAJOR, report_date=D(2024, 3, 12), customer_wants_return=True)),
    (CONSUMER, facts(exclusions=("misuse", "x"), days_in_repair=3, remote_site=True)),
    (CONSUMER, facts(earlier_repairs_same_fault=2, days_parts_not_supplied=95)),
]


@pytest.mark.parametrize(
    "policy, fact",
    [
        pytest.param(p, f, id=f"R-WAR-8 explained case {i}")
        for i, (p, f) in enumerate(EXPLAINED)
    ],
)
def test_every_reason_renders_with_its_params(policy, fact):
    result = w.determine(policy, fact)
    assert result.reasons
    for reason in result.reasons:
        assert re.fullmatch(r"R-WAR-\d[ab]?", reason.code)
        assert reason.key in w.REASONS
        assert reason.code == w.REASONS[reason.key].code
        assert reason.name == w.REASONS[reason.key].name
        assert reason.render()
        placeholders = set(re.findall(r"%\((\w+)\)s", reason.message))
        assert placeholders <= set(reason.params)
    for remedy in result.remedies:
        assert remedy.rule.startswith("R-WAR-")
    assert w.determine(policy, fact) == result  # deterministic


def test_reason_catalogue():
    """R-WAR-8: reason keys are an enumerable vocabulary, each with its rule, a
    name in the user's terms (no requirement id, no source reference) and a
    template; remedies name a catalogue key too."""
    assert len(w.REASONS) > 30
    for key, kind in w.REASONS.items():
        assert re.fullmatch(r"[a-z_]+", key)
        assert re.fullmatch(r"R-WAR-\d[ab]?", kind.code)
        for text in (kind.name, kind.template, *w.EXCLUSIONS.values()):
            assert "R-WAR" not in text
            assert "§" not in text
    for policy, fact in EXPLAINED:
        for remedy in w.determine(policy, fact).remedies:
            assert remedy.key in w.REASONS or remedy.key == "warranty_repair"


def test_messages_use_named_placeholders_only():
    source = Path(w.__file__).read_text(encoding="utf-8")
    templates = re.findall(r'_lt\(\s*((?:"[^"]*"\s*)+)\)', source)
    assert len(templates) > 40
    for template in templates:
        text = "".join(re.findall(r'"([^"]*)"', template))
        assert not re.search(r"%[sdifr]", text.replace("%%", "")), text


def test_module_does_not_import_odoo():
    source = Path(w.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+odoo", source, re.M)
