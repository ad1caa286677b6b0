# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

RATE_READERS = "after_sales_service.group_finance,after_sales_service.group_manager"


class HrEmployee(models.Model):
    """The wage the monthly assessment caps fines against: HR data, read by the
    statements' generation as the system (R-PEN-7). The engineer's own labour
    rate of the service costs (R-ACC-1): read and written by finance and the
    after-sales managers only (who also need the right to edit employees)."""

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
    after_sales_labour_rate = fields.Monetary(
        string="Labour Rate per Hour",
        currency_field="after_sales_currency_id",
        groups=RATE_READERS,
        prefetch="after_sales_labour_rate",
        help="Cost of this engineer's hour on a service record, instead of the "
        "service type's or the company's rate. 0: theirs.",
    )

    @api.constrains("after_sales_labour_rate")
    def _check_after_sales_labour_rate(self):
        for employee in self.sudo():
            currency = employee.after_sales_currency_id or self.env.company.currency_id
            if currency.compare_amounts(employee.after_sales_labour_rate, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The labour rate of %(employee)s cannot be negative.",
                        employee=employee.name,
                    )
                )
