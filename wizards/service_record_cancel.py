# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AfterSalesServiceRecordCancel(models.TransientModel):
    """Cancel service records with a reason (R-X-3: nothing vanishes silently)."""

    _name = "after_sales.service.record.cancel"
    _description = "Cancel Service Records"

    record_ids = fields.Many2many(
        "after_sales.service.record", "after_sales_record_cancel_rel", required=True
    )
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        self.record_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
