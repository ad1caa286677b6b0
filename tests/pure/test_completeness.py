# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""R-REC-3: a record knows which required items it misses, and counts them."""

import pytest

from tools.completeness import check_completeness

REPAIR = ("site_contact_name", "actual_arrival", "cause_category_id", "result")


@pytest.mark.parametrize(
    "required,filled,missing",
    [
        pytest.param(
            REPAIR,
            dict.fromkeys(REPAIR, True),
            (),
            id="R-REC-3 complete record misses nothing",
        ),
        pytest.param(
            REPAIR,
            {"actual_arrival": True, "result": True},
            ("site_contact_name", "cause_category_id"),
            id="R-REC-3 each missing item listed in order",
        ),
        pytest.param(
            REPAIR,
            {
                "site_contact_name": "",
                "actual_arrival": None,
                "cause_category_id": 0,
                "result": False,
            },
            REPAIR,
            id="R-REC-3 empty values count as missing",
        ),
        pytest.param(
            ("result",),
            {},
            ("result",),
            id="R-REC-3 power-on service: only its own items",
        ),
        pytest.param((), {}, (), id="R-REC-3 type without requirements"),
        pytest.param(
            ("result", "result"), {}, ("result",), id="R-REC-3 an item counted once"
        ),
        pytest.param(
            ("unknown_item",),
            {"result": True},
            ("unknown_item",),
            id="R-REC-3 unknown item is missing, never silently complete",
        ),
    ],
)
def test_missing_items(required, filled, missing):
    result = check_completeness(required, filled)
    assert result.missing == missing
    assert result.missing_count == len(missing)
    assert result.complete is (not missing)
