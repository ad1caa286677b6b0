# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Completeness of a field service record (R-REC-3).

Which items a record must carry depends on its service type (configuration: the
power-on service of power projects is exempt from most, seed 000 §3.2.1). Closing a
record with missing items is allowed; each missing item is counted, and the penalty
ledger charges per item.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Completeness:
    """The outcome: the missing item codes in the order required, and their count."""

    missing: tuple
    required: tuple

    @property
    def missing_count(self):
        return len(self.missing)

    @property
    def complete(self):
        return not self.missing


def check_completeness(required, filled):
    """Which of the ``required`` item codes are not ``filled``.

    ``required`` is an ordered iterable of item codes; ``filled`` maps an item code to
    whether the record carries it. An item the record does not know is missing: a
    configuration error must not make a record look complete.
    """
    required = tuple(dict.fromkeys(required))
    missing = tuple(code for code in required if not filled.get(code))
    return Completeness(missing=missing, required=required)
