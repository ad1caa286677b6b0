# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Callbacks exist (R-CB-1): the seeded callback rules of the ledger (000 §3.5),
kept manual until now, react to the callbacks' events in every company that
still has them as seeded. A rule a company changed since is left as it is."""

RULES = {
    "S000_NO_CALLBACK": ("callback_no_contact", "none"),
    "S000_CB_DISSATISFIED": ("callback_answer", "all_poor"),
    "S000_CB_FAIR": ("callback_answer", "all_fair"),
    "S000_CB_VERY_SATISFIED": ("callback_answer", "any_excellent"),
}


def migrate(cr, version):
    for code, (kind, condition) in RULES.items():
        cr.execute(
            """
            UPDATE after_sales_penalty_rule
               SET trigger = 'event', event_kind = %s, condition = %s,
                   description = replace(description,
                       ' (automatic once callbacks are recorded)', '')
             WHERE code = %s AND trigger = 'manual'
            """,
            (kind, condition, code),
        )
