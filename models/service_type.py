# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .const import SERVICE_TYPE_KINDS


class AfterSalesServiceType(models.Model):
    """Service types (安装, 维修, 投诉, 调试送电, …) and what their records need."""

    _name = "after_sales.service.type"
    _inherit = ["after_sales.input.bounds"]
    _description = "After-Sales Service Type"
    _order = "sequence, id desc"

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

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "A service type code must be unique per company.",
        ),
    ]
