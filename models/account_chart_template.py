# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models

from .seed_copy import name_in_langs

# The Chinese chart's accounts (``l10n_cn``, not a dependency) of the
# after-sales settings, by chart template: ``{template: {setting: xmlid}}``.
# The xmlids are the template's (``account.<company id>_<xmlid>`` once loaded).
_CN_COMMON = {
    # 销售费用 (—售后服务费)
    "after_sales_expense_account_id": "l10n_cn_common_660100",
    # 制造费用 (—质量损失)
    "after_sales_quality_loss_account_id": "l10n_cn_common_510100",
    # 营业外收入: fines received
    "after_sales_penalty_income_account_id": "l10n_cn_common_630100",
    # 销售费用: rewards paid
    "after_sales_penalty_expense_account_id": "l10n_cn_common_660100",
}
CN_CHART_ACCOUNTS = {
    "cn_common": _CN_COMMON,
    # 小企业会计准则
    "cn": {
        **_CN_COMMON,
        "after_sales_supplier_receivable_account_id": "l10n_cn_1221",  # 其他应收款
        "after_sales_accrued_labour_account_id": "l10n_cn_2211",  # 应付职工薪酬
        "after_sales_accrued_expense_account_id": "l10n_cn_2501",  # 其他应付款
        "after_sales_provision_account_id": "l10n_cn_2801",  # 预计负债
        "after_sales_penalty_payable_account_id": "l10n_cn_2211",
    },
    # 企业会计准则
    "cn_large_bis": {
        **_CN_COMMON,
        "after_sales_supplier_receivable_account_id": "l10n_cn_large_bis_122100",
        "after_sales_accrued_labour_account_id": "l10n_cn_large_bis_221100",
        "after_sales_accrued_expense_account_id": "l10n_cn_large_bis_224100",
        "after_sales_provision_account_id": "l10n_cn_large_bis_280100",
        "after_sales_penalty_payable_account_id": "l10n_cn_large_bis_221100",
    },
}
# The after-sales journal books costs, the provision and penalties: its own
# journal (its posted entries are locked with a hash, R-ACC-6), not the chart's
# Miscellaneous Operations the company's other entries use.
CN_CHART_JOURNALS = ("after_sales_cost_journal_id", "after_sales_penalty_journal_id")
AFTER_SALES_JOURNAL_CODE = "SHFW"


class AccountChartTemplate(models.AbstractModel):
    """The after-sales accounts proposed from the Chinese chart (R-ACC-4):
    once a Chinese chart loads on a company, its empty after-sales settings get
    the chart's matching accounts; a filled setting is never overwritten."""

    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        if template_code in CN_CHART_ACCOUNTS:
            self._after_sales_fill_settings(template_code, company)
        return result

    def _after_sales_fill_settings(self, template_code, company):
        """Fill ``company``'s empty after-sales account and journal settings
        from the chart ``template_code``'s records (those the company has)."""
        chart = self.with_company(company)
        values = {}
        for setting, xmlid in CN_CHART_ACCOUNTS[template_code].items():
            record = chart.ref(xmlid, raise_if_not_found=False)
            if not company[setting] and record:
                values[setting] = record.id
        if not all(company[setting] for setting in CN_CHART_JOURNALS):
            journal = self._after_sales_journal(company)
            for setting in CN_CHART_JOURNALS:
                if not company[setting]:
                    values[setting] = journal.id
        if values:
            company.sudo().write(values)
        return values

    def _after_sales_journal(self, company):
        """``company``'s after-sales journal (code SHFW), created once."""
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search(
            [("company_id", "=", company.id), ("code", "=", AFTER_SALES_JOURNAL_CODE)],
            limit=1,
        )
        if not journal:
            journal = Journal.with_context(lang="en_US").create(
                {
                    "name": self._after_sales_journal_name(
                        self.with_context(lang="en_US").env
                    ),
                    "code": AFTER_SALES_JOURNAL_CODE,
                    "type": "general",
                    "company_id": company.id,
                }
            )
            name_in_langs(journal, "name", self._after_sales_journal_name)
        return journal.with_env(Journal.env)

    @api.model
    def _after_sales_journal_name(self, env):
        """The after-sales journal's name, read in ``env``'s language."""
        return env._("After-Sales Entries")

    @api.model
    def _after_sales_sync_journal_names(self, langs):
        """After a language's terms are loaded: the after-sales journals
        created before take its name (R-X-1)."""
        journals = (
            self.env["account.journal"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "=", AFTER_SALES_JOURNAL_CODE)])
        )
        for journal in journals:
            name_in_langs(journal, "name", self._after_sales_journal_name, langs)

    def _after_sales_fill_installed_charts(self):
        """The same for the companies already on a Chinese chart when the
        addon installs (the install hook)."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("chart_template", "in", list(CN_CHART_ACCOUNTS))])
        )
        for company in companies:
            self._after_sales_fill_settings(company.chart_template, company)
