# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Table-driven tests of ``tools.costing`` (SPEC §6, R-ACC-1)."""

from decimal import Decimal

import pytest

from tools import costing as c


@pytest.mark.parametrize(
    "payer, party, cause, goodwill, bearer",
    [
        # R-ACC-1: the warranty has the company pay: free, the department's cost.
        ("company", None, None, False, c.COMPANY),
        ("company", "company", "missing_parts", False, c.COMPANY),
        # R-ACC-1: own manufacturing fault: quality loss (003 §4).
        ("company", "company", "manufacturing_defect", False, c.QUALITY_LOSS),
        # R-ACC-1: a bought-in part's fault: the supplier bears it (003 §4).
        ("company", "supplier", "component_defect", False, c.SUPPLIER),
        # R-ACC-1: out of warranty, or nothing determined: chargeable.
        ("customer", "supplier", "component_defect", False, c.CUSTOMER),
        (None, None, None, False, c.CUSTOMER),
        ("customer", "customer", "incorrect_operation", False, c.CUSTOMER),
        # R-ACC-1: an approved responsibility determination makes it free.
        ("customer", "customer", "incorrect_operation", True, c.COMPANY),
        ("customer", "supplier", "component_defect", True, c.SUPPLIER),
    ],
)
def test_propose_bearer(payer, party, cause, goodwill, bearer):
    """R-ACC-1: the bearer proposed from the warranty, the cause, the sign-off."""
    assert c.propose_bearer(payer, party, cause, goodwill) == bearer


@pytest.mark.parametrize(
    "quantity, unit_cost, amount",
    [
        ("1.5", "80", "120.00"),
        ("2.345", "1", "2.35"),  # half-up to the fen
        ("0", "99.99", "0.00"),
        ("3", "0.333", "1.00"),
    ],
)
def test_line_amount(quantity, unit_cost, amount):
    """R-ACC-1, R-ACC-6: quantity × rate in yuan, two decimals."""
    assert c.line_amount(quantity, unit_cost) == Decimal(amount)
