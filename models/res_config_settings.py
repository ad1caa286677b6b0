# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    after_sales_department_code = fields.Char(
        related="company_id.after_sales_department_code", readonly=False
    )
    after_sales_request_pattern = fields.Char(
        related="company_id.after_sales_request_pattern", readonly=False
    )
    after_sales_key_customer_amount = fields.Monetary(
        related="company_id.after_sales_key_customer_amount",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="After-Sales Currency"
    )
    after_sales_callback_days = fields.Integer(
        related="company_id.after_sales_callback_days", readonly=False
    )
    after_sales_callback_max_attempts = fields.Integer(
        related="company_id.after_sales_callback_max_attempts", readonly=False
    )
    after_sales_log_deadline_hour = fields.Float(
        related="company_id.after_sales_log_deadline_hour", readonly=False
    )
    after_sales_signoff_threshold = fields.Monetary(
        related="company_id.after_sales_signoff_threshold",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_signoff_de_minimis = fields.Monetary(
        related="company_id.after_sales_signoff_de_minimis",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_quote_markup = fields.Float(
        related="company_id.after_sales_quote_markup", readonly=False
    )
    after_sales_quote_markup_base = fields.Selection(
        related="company_id.after_sales_quote_markup_base", readonly=False
    )
    after_sales_fine_cap_percent = fields.Float(
        related="company_id.after_sales_fine_cap_percent", readonly=False
    )
    after_sales_minimum_wage = fields.Monetary(
        related="company_id.after_sales_minimum_wage",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_penalty_journal_id = fields.Many2one(
        related="company_id.after_sales_penalty_journal_id", readonly=False
    )
    after_sales_penalty_payable_account_id = fields.Many2one(
        related="company_id.after_sales_penalty_payable_account_id", readonly=False
    )
    after_sales_penalty_income_account_id = fields.Many2one(
        related="company_id.after_sales_penalty_income_account_id", readonly=False
    )
    after_sales_penalty_expense_account_id = fields.Many2one(
        related="company_id.after_sales_penalty_expense_account_id", readonly=False
    )
    # Quality feedback (R-CB-5). Appended by QUALITY.
    after_sales_repeat_window_days = fields.Integer(
        related="company_id.after_sales_repeat_window_days", readonly=False
    )
    after_sales_chief_engineer_id = fields.Many2one(
        related="company_id.after_sales_chief_engineer_id", readonly=False
    )
    # Service KPIs (R-RPT-2). Appended by KPI.
    after_sales_kpi_quote_hours = fields.Float(
        related="company_id.after_sales_kpi_quote_hours", readonly=False
    )
    # Monthly reports: due dates and reminders (R-RPT-1). Appended by RPT_SUBMIT.
    after_sales_report_due_day = fields.Integer(
        related="company_id.after_sales_report_due_day", readonly=False
    )
    after_sales_cause_due_day = fields.Integer(
        related="company_id.after_sales_cause_due_day", readonly=False
    )
    after_sales_report_user_id = fields.Many2one(
        related="company_id.after_sales_report_user_id", readonly=False
    )
    after_sales_report_reminder_days = fields.Integer(
        related="company_id.after_sales_report_reminder_days", readonly=False
    )
