# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Parts rules without Odoo (R-PRT-4)."""

from datetime import timedelta


def visit_days_late(arrival, visit, pauses=()):
    """Days the visit after the parts arrived is late (000 §2.8: the service is
    scheduled the day after the parts arrive).

    ``arrival`` and ``visit`` are dates; ``pauses`` are ``(start, end)`` dates,
    both included, on which the request was paused for a reason that is not the
    engineer's: those days do not count. A visit on the day after arrival or
    earlier is on time (0).
    """
    due = arrival + timedelta(days=1)
    if visit <= due:
        return 0
    late = 0
    day = due + timedelta(days=1)
    while day <= visit:
        if not any(start <= day <= end for start, end in pauses):
            late += 1
        day += timedelta(days=1)
    return late
