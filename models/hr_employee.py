# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployee(models.Model):
    """The wage the monthly assessment caps fines against: HR data, read by the
    statements' generation as the system (R-PEN-7). (The engineer's labour rate
    of the service costs is finance's: ``after_sales.engineer.rate``.)"""

    _inherit = "hr.employee"

    after_sales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Assessment Currency"
    )
    after_sales_wage = fields.Monetary(
        string="Monthly Wage (Assessment)",
        currency_field="after_sales_currency_id",
        groups="hr.group_hr_user",
        prefetch="after_sales_wage",
        help="The wage the monthly assessment caps the fines against.",
    )
