from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    # Warranty (R-WAR-1, R-WAR-2)
    after_sales_factory_date = fields.Date(
        string="Factory Date",
        help="Without a proof of purchase the warranty starts from this date plus "
        "the policy's grace months (003 §1.6).",
    )
    after_sales_contract_months = fields.Integer(
        string="Contract Warranty (Months)",
        help="Warranty of this unit set by its sales contract; beats the customer's "
        "contract and the policy. 0: none.",
    )

    @api.depends("after_sales_ticket_ids", "after_sales_record_ids")
    def _compute_after_sales_counts(self):
        for lot in self:
            lot.after_sales_ticket_count = len(lot.after_sales_ticket_ids)
            lot.after_sales_record_count = len(lot.after_sales_record_ids)

    @api.constrains("after_sales_contract_months")
    def _check_after_sales_contract_months(self):
        for lot in self:
            if lot.after_sales_contract_months < 0:
                raise ValidationError(
                    self.env._(
                        "The contract warranty of %(serial)s cannot be negative.",
                        serial=lot.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if {"after_sales_factory_date", "after_sales_contract_months"} & vals.keys():
            # Re-determine the open requests of these serials (R-WAR-8).
            self.sudo().after_sales_ticket_ids._warranty_update()
        return result

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
