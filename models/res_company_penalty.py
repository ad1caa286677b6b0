# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    """Settings of the penalty ledger (R-PEN-5, R-PEN-7)."""

    _inherit = "res.company"

    after_sales_fine_cap_percent = fields.Float(
        string="Fine Deduction Cap (%)",
        default=20.0,
        help="Fines deducted from one month's pay never exceed this percentage of "
        "the month's wage (《工资支付暂行规定》 art. 16).",
    )
    after_sales_minimum_wage = fields.Monetary(
        string="Local Minimum Wage",
        currency_field="currency_id",
        default=2300.0,
        help="Net pay after fines never falls below the local monthly minimum wage.",
    )
    after_sales_penalty_journal_id = fields.Many2one(
        "account.journal",
        string="Assessment Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
    )
    after_sales_penalty_payable_account_id = fields.Many2one(
        "account.account",
        string="Wages Payable Account",
        check_company=True,
        help="应付职工薪酬: fines reduce it, rewards increase it.",
    )
    after_sales_penalty_income_account_id = fields.Many2one(
        "account.account",
        string="Fine Income Account",
        check_company=True,
        help="营业外收入: the fines deducted.",
    )
    after_sales_penalty_expense_account_id = fields.Many2one(
        "account.account",
        string="Reward Expense Account",
        check_company=True,
        help="The rewards paid with the wages.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["after_sales.penalty.rule"].sudo()._seed_company_rules(companies)
        return companies
