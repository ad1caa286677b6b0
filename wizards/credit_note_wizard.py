# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AfterSalesCreditNoteWizard(models.TransientModel):
    """The credit note of an approved return: finance confirms or chooses the
    customer invoice of the unit it reverses (R-WAR-6). The invoice found by
    customer, product and invoice date is proposed."""

    _name = "after_sales.credit.note.wizard"
    _description = "Credit Note of a Return"

    appraisal_id = fields.Many2one(
        "after_sales.return.appraisal", required=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", compute="_compute_partner_product", string="Customer"
    )
    product_id = fields.Many2one(
        "product.product", compute="_compute_partner_product", string="Unit"
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice to Credit",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), "
        "('invoice_line_ids.product_id', '=', product_id)]",
        help="The customer invoice of the unit the credit note reverses (its "
        "taxes, reconciled when posted). Empty: a credit note of the invoice "
        "price with the product's taxes.",
    )

    @api.depends("appraisal_id")
    def _compute_partner_product(self):
        for wizard in self:
            ticket = wizard.appraisal_id.ticket_id
            wizard.partner_id = ticket.commercial_partner_id or ticket.partner_id
            wizard.product_id = ticket.product_id

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        appraisal = self.env["after_sales.return.appraisal"].browse(
            values.get("appraisal_id")
        )
        if "invoice_id" in fields_list and appraisal:
            values["invoice_id"] = appraisal._settle_invoice_line().move_id.id
        return values

    def action_confirm(self):
        self.ensure_one()
        return self.appraisal_id.action_create_credit_note(
            invoice_id=self.invoice_id.id or False
        )
