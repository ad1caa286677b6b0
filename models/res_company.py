from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import request_number
from .rule_errors import rule_message


class ResCompany(models.Model):
    _inherit = "res.company"

    after_sales_department_code = fields.Char(
        string="After-Sales Department Code",
        default="SH",
        help="Printed in front of every service request number (R-IN-2).",
    )
    after_sales_request_pattern = fields.Char(
        string="Request Number Pattern",
        default=request_number.DEFAULT_PATTERN,
        required=True,
        help="Placeholders: {dept} department code, {yyyy} or {yy} year, {mm} month, "
        "{dd} day, {seq} sequence (required, once). The counter restarts with the "
        "smallest date part shown.",
    )
    after_sales_key_customer_amount = fields.Monetary(
        string="Key Customer Purchases",
        currency_field="currency_id",
        default=10000.0,
        help="A customer whose posted invoices exceed this amount is a key customer "
        "(重点客户, R-IN-3).",
    )
    after_sales_log_deadline_hour = fields.Float(
        string="Daily Log Deadline",
        default=8.5,
        help="An engineer's daily work log is due at this hour of the next working "
        "day (R-REC-6).",
    )

    @api.constrains("after_sales_request_pattern")
    def _check_after_sales_request_pattern(self):
        for company in self:
            try:
                request_number.check_pattern(company.after_sales_request_pattern or "")
            except request_number.PatternError as exc:
                raise ValidationError(
                    rule_message(self.env, exc.template, exc.params)
                ) from exc

    @api.constrains("after_sales_log_deadline_hour")
    def _check_after_sales_log_deadline_hour(self):
        for company in self:
            if not 0 <= company.after_sales_log_deadline_hour < 24:
                raise ValidationError(
                    self.env._("The daily log deadline must be an hour of the day.")
                )

    @api.constrains("after_sales_key_customer_amount")
    def _check_after_sales_key_customer_amount(self):
        for company in self:
            if (
                company.currency_id.compare_amounts(
                    company.after_sales_key_customer_amount, 0.0
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("The key customer amount cannot be negative.")
                )
