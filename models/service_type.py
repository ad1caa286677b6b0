# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import SERVICE_TYPE_KINDS


class AfterSalesServiceType(models.Model):
    """Service types (安装, 维修, 投诉, 调试送电, …) and what their records need."""

    _name = "after_sales.service.type"
    _inherit = ["after_sales.input.bounds"]
    _description = "After-Sales Service Type"
    _order = "sequence, id desc"
    _input_bounds = {
        "after_sales_labour_rate": (0, 100_000_000),
        "after_sales_callback_days": (0, 60),
    }

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    kind = fields.Selection(
        SERVICE_TYPE_KINDS,
        required=True,
        default="other",
        help="What the type is, whatever its code or name: complaints get the "
        "complaint deadline.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    required_item_ids = fields.Many2many(
        "after_sales.record.item",
        string="Required Record Items",
        help="Items a field service record of this type must carry; each missing "
        "item is counted when the record is closed (R-REC-3).",
    )
    needs_visit = fields.Boolean(
        default=True,
        help="Uncheck for services usually settled without a visit (consultation).",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the type between companies."
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    after_sales_labour_rate = fields.Monetary(
        string="Labour Rate per Hour",
        currency_field="currency_id",
        help="Cost of an engineer's hour on a record of this type, instead of "
        "the company's rate. 0: the company's rate. An engineer's own rate "
        "beats it.",
    )
    after_sales_callback_days = fields.Integer(
        string="Callback After (Working Days)",
        help="The callback of a service of this type is due this many working days "
        "after the work ended (003: 5–7 days after a delivery). 0: the company's "
        "setting.",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for service_type in self:
            service_type.currency_id = (
                service_type.company_id or self.env.company
            ).currency_id

    @api.constrains("after_sales_labour_rate")
    def _check_after_sales_labour_rate(self):
        for service_type in self:
            if (
                service_type.currency_id.compare_amounts(
                    service_type.after_sales_labour_rate, 0.0
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The labour rate of %(type)s cannot be negative.",
                        type=service_type.name,
                    )
                )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "A service type code must be unique per company.",
        ),
    ]
