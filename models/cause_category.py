# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .const import RESPONSIBLE_PARTIES


class AfterSalesCauseCategory(models.Model):
    """Fault cause categories of the field service record (原因分析, R-REC-2)."""

    _name = "after_sales.cause.category"
    _inherit = ["after_sales.input.bounds"]
    _description = "After-Sales Fault Cause Category"
    _order = "sequence, id desc"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    responsible_party = fields.Selection(
        RESPONSIBLE_PARTIES,
        required=True,
        default="company",
        help="The party normally responsible for a fault of this category.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the category between companies."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "A cause category code must be unique per company.",
        ),
    ]
