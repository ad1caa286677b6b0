# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AfterSalesCustodyHandBack(models.TransientModel):
    """Hand a customer's unit back: the receipt number the customer holds is
    typed, not chosen (R-REC-7)."""

    _name = "after_sales.custody.hand.back"
    _description = "Hand Back a Customer Unit"

    custody_id = fields.Many2one("after_sales.custody", required=True)
    receipt_number = fields.Char(
        required=True, help="The number printed on the customer's receipt."
    )
    handed_back_to = fields.Char(
        string="Collected By", required=True, help="Who takes the unit away."
    )

    def action_hand_back(self):
        self.ensure_one()
        self.custody_id.action_hand_back(self.receipt_number, self.handed_back_to)
        return {"type": "ir.actions.act_window_close"}
