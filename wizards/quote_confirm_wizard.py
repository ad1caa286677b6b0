# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..models.const import QUOTE_CONFIRMATIONS


class AfterSalesQuoteConfirmWizard(models.TransientModel):
    """The "Customer Confirmed" button of a quote: how the customer confirmed
    (signature, company stamp photo, by phone), who for the customer, who
    contacted them and when (R-ACC-2, 000 §2.6)."""

    _name = "after_sales.quote.confirm.wizard"
    _description = "Record the Customer's Confirmation of a Quote"

    quote_id = fields.Many2one("after_sales.quote", required=True, readonly=True)
    confirmation_method = fields.Selection(
        QUOTE_CONFIRMATIONS, required=True, default="signature"
    )
    confirmed_by_name = fields.Char(string="Confirmed by (Customer)", required=True)
    contacted_by_id = fields.Many2one(
        "res.users",
        string="Contacted by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    confirmed_at = fields.Datetime(
        string="Confirmed on", required=True, default=fields.Datetime.now
    )
    signature = fields.Image(max_width=1024, max_height=1024)
    stamp_photo = fields.Image(max_width=1920, max_height=1920)

    def action_record_confirmation(self):
        self.ensure_one()
        self.quote_id._do_confirm(
            {
                "confirmation_method": self.confirmation_method,
                "confirmed_by_name": self.confirmed_by_name,
                "contacted_by_id": self.env.user.id,
                "confirmed_at": self.confirmed_at,
                "signature": self.signature,
                "stamp_photo": self.stamp_photo,
            }
        )
        return {"type": "ir.actions.act_window_close"}
