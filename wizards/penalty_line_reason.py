# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

REASON_ACTIONS = [
    ("dispute", "Dispute"),
    ("cancel", "Cancel"),
    ("reverse", "Reverse"),
    ("uphold", "Uphold the Dispute"),
    ("reject", "Reject the Dispute"),
]


class AfterSalesPenaltyLineReason(models.TransientModel):
    """The reason of a dispute, a cancellation, a reversal or a decision on a
    ledger line; each calls the line's own method, which checks the rights."""

    _name = "after_sales.penalty.line.reason"
    _description = "Reason for a Ledger Line Action"

    line_ids = fields.Many2many(
        "after_sales.penalty.line", "after_sales_penalty_line_reason_rel", required=True
    )
    action = fields.Selection(REASON_ACTIONS, required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        lines = self.line_ids
        if self.action == "dispute":
            lines.action_dispute(self.reason)
        elif self.action == "cancel":
            lines.action_cancel(self.reason)
        elif self.action == "reverse":
            lines.action_reverse(self.reason)
        else:
            lines.action_decide_dispute(self.action == "uphold", self.reason)
        return {"type": "ir.actions.act_window_close"}
