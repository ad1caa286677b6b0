# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


class StockLot(models.Model):
    """The equipment archive of a serial number (R-IN-3)."""

    _inherit = "stock.lot"

    after_sales_ticket_ids = fields.One2many(
        "helpdesk.ticket", "lot_id", string="Service Requests"
    )
    after_sales_record_ids = fields.One2many(
        "after_sales.service.record", "lot_id", string="Service Records"
    )
    after_sales_part_line_ids = fields.One2many(
        "after_sales.parts.requisition.line",
        "equipment_lot_id",
        string="Parts Used on This Unit",
    )
    after_sales_parts_value = fields.Monetary(
        string="Value of Parts Used",
        compute="_compute_after_sales_parts_value",
        currency_field="after_sales_currency_id",
    )
    after_sales_currency_id = fields.Many2one(related="company_id.currency_id")
    after_sales_cost_total = fields.Monetary(
        string="Total Cost of Services",
        compute="_compute_after_sales_cost_total",
        currency_field="after_sales_currency_id",
        help="What the services on this unit cost, whoever bore it (the requests "
        "you may read).",
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
        "the policy's grace months.",
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

    @api.depends("after_sales_part_line_ids.value_consumed")
    def _compute_after_sales_parts_value(self):
        for lot in self:
            lot.after_sales_parts_value = sum(
                lot.after_sales_part_line_ids.mapped("value_consumed")
            )

    @api.depends("after_sales_ticket_ids.cost_total")
    def _compute_after_sales_cost_total(self):
        for lot in self:
            currency = lot.after_sales_currency_id or self.env.company.currency_id
            lot.after_sales_cost_total = currency.round(
                sum(lot.after_sales_ticket_ids.mapped("cost_total"))
            )

    @api.constrains("after_sales_contract_months")
    def _check_after_sales_contract_months(self):
        for lot in self:
            if not 0 <= lot.after_sales_contract_months <= 1200:
                raise ValidationError(
                    self.env._(
                        "The contract warranty of %(serial)s must lie between 0 and "
                        "1,200 months.",
                        serial=lot.name,
                    )
                )

    @api.constrains("after_sales_factory_date")
    def _check_after_sales_factory_date(self):
        """A factory date after the purchase or report date of one of the
        serial's open requests is refused here, naming the request (R-WAR-2);
        other invalid facts of those requests never block the serial."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        tickets = Ticket.search(
            [
                ("lot_id", "in", self.filtered("after_sales_factory_date").ids),
                ("stage_id.closed", "=", False),
            ]
        )
        for ticket in tickets:
            factory = ticket.lot_id.after_sales_factory_date
            report = fields.Date.context_today(ticket, ticket.registered_at)
            if ticket.purchase_date and factory > ticket.purchase_date:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the factory date %(factory_date)s is after "
                        "the invoice date %(invoice_date)s.",
                        request=ticket.display_name,
                        factory_date=format_date(self.env, factory),
                        invoice_date=format_date(self.env, ticket.purchase_date),
                    )
                )
            if ticket.registered_at and factory > report:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the factory date %(factory_date)s is after "
                        "the report date %(report_date)s.",
                        request=ticket.display_name,
                        factory_date=format_date(self.env, factory),
                        report_date=format_date(self.env, report),
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if {"after_sales_factory_date", "after_sales_contract_months"} & vals.keys():
            # Re-determine the open requests of these serials (R-WAR-8); one
            # request with invalid facts of its own never blocks the serial.
            self.sudo().after_sales_ticket_ids._warranty_update(strict=False)
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
