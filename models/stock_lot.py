from odoo import api, fields, models


class StockLot(models.Model):
    """The equipment archive of a serial number (R-IN-3)."""

    _inherit = "stock.lot"

    after_sales_ticket_ids = fields.One2many(
        "helpdesk.ticket", "lot_id", string="Service Requests"
    )
    after_sales_record_ids = fields.One2many(
        "after_sales.service.record", "lot_id", string="Service Records"
    )
    after_sales_ticket_count = fields.Integer(
        string="Service Request Count", compute="_compute_after_sales_counts"
    )
    after_sales_record_count = fields.Integer(
        string="Service Record Count", compute="_compute_after_sales_counts"
    )

    @api.depends("after_sales_ticket_ids", "after_sales_record_ids")
    def _compute_after_sales_counts(self):
        for lot in self:
            lot.after_sales_ticket_count = len(lot.after_sales_ticket_ids)
            lot.after_sales_record_count = len(lot.after_sales_record_ids)

    def action_view_after_sales_history(self):
        """Smart button (serial form, request form): the equipment history."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Equipment History: %(serial)s", serial=self.name),
            "res_model": "stock.lot",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "after_sales_service.stock_lot_view_form_after_sales_history"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }
