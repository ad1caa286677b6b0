# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AfterSalesResponsibilitySignWizard(models.TransientModel):
    """The "Sign" button of a determination: approve the next step, or reject
    it with a comment (R-APR-2)."""

    _name = "after_sales.responsibility.sign.wizard"
    _description = "Sign a Responsibility Determination"

    responsibility_id = fields.Many2one(
        "after_sales.responsibility", required=True, readonly=True
    )
    signature_id = fields.Many2one(
        "after_sales.responsibility.signature",
        string="Step",
        compute="_compute_signature_id",
        store=True,
        readonly=True,
    )
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")],
        required=True,
        default="approve",
    )
    comment = fields.Text(help="Required for a rejection.")

    @api.depends("responsibility_id")
    def _compute_signature_id(self):
        for wizard in self:
            wizard.signature_id = wizard.responsibility_id._next_signature()

    def action_sign(self):
        self.ensure_one()
        self.responsibility_id._do_sign(
            self.decision == "approve", self.comment, line=self.signature_id
        )
        return {"type": "ir.actions.act_window_close"}
