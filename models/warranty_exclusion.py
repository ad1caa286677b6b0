# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AfterSalesWarrantyExclusion(models.Model):
    """A reason that voids free service even inside the period (R-WAR-3).

    Master data: the seeded codes are those of ``tools.warranty.EXCLUSIONS``, whose
    explanations the engine prints; a company may add its own codes, which void
    free service too. The engineer records the exclusions found on the request
    (photos go to its chatter). Rights: every internal user reads them; department
    managers edit them.
    """

    _name = "after_sales.warranty.exclusion"
    _description = "Warranty Exclusion"
    _inherit = ["after_sales.input.bounds"]
    _order = "sequence, id desc"
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True, help="Stable code read by the warranty engine.")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it between companies."
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "The code of a warranty exclusion must be unique per company.",
        ),
    ]
