# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AfterSalesEngineerRate(models.Model):
    """An engineer's own labour rate (工时费率, R-ACC-1).

    An hour of a done service record costs the rate of its engineer (the
    highest when several engineers have one), else its service type's, else
    the company's. Kept apart from the employee: Odoo lets only HR officers
    read and edit employees, while the rate is finance's and the after-sales
    managers' to keep; nobody else reads it (wages are close to it)."""

    _name = "after_sales.engineer.rate"
    _inherit = ["after_sales.input.bounds"]
    _description = "Engineer Labour Rate"
    _order = "company_id, employee_id"
    _check_company_auto = True
    _rec_name = "employee_id"
    _input_bounds = {"rate": (0, 100_000_000)}

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee",
        string="Engineer",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    rate = fields.Monetary(
        string="Labour Rate per Hour",
        currency_field="currency_id",
        required=True,
        help="Cost of this engineer's hour on a service record, instead of the "
        "service type's or the company's rate.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "employee_unique",
            "UNIQUE(employee_id)",
            "An engineer has one labour rate.",
        ),
    ]

    @api.constrains("rate")
    def _check_rate(self):
        for line in self:
            if line.currency_id.compare_amounts(line.rate, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The labour rate of %(employee)s cannot be negative.",
                        employee=line.employee_id.sudo().name,
                    )
                )

    @api.model
    def _rate_of(self, employees):
        """The highest rate of ``employees`` that have one, or 0.0."""
        rates = self.sudo().search([("employee_id", "in", employees.ids)])
        return max(rates.mapped("rate"), default=0.0)
