# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The after-sales settings proposed from the Chinese chart (``l10n_cn``, not a
dependency of the addon: the test runs where the suite installs it)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChineseChart(TransactionCase):
    def setUp(self):
        super().setUp()
        if self.env["ir.module.module"]._get("l10n_cn").state != "installed":
            self.skipTest(
                "l10n_cn is not installed in this database (install it with the "
                "addon to run this test)"
            )

    def _load(self, template_code):
        company = self.env["res.company"].create(
            {
                "name": f"After-Sales {template_code}",
                "country_id": self.env.ref("base.cn").id,
                "currency_id": self.env.ref("base.CNY").id,
            }
        )
        self.env["account.chart.template"].try_loading(
            template_code, company, install_demo=False
        )
        return company

    def _codes(self, company, settings):
        # An account's code is per company (the company's chart).
        return {
            setting: company[setting].with_company(company).code for setting in settings
        }

    def test_small_business_chart(self):
        """R-ACC-4: a company that loads the Chinese small-business chart gets
        its after-sales accounts and journals from it; a filled setting is never
        overwritten."""
        company = self._load("cn")
        self.assertEqual(
            self._codes(
                company,
                (
                    "after_sales_expense_account_id",
                    "after_sales_quality_loss_account_id",
                    "after_sales_supplier_receivable_account_id",
                    "after_sales_accrued_labour_account_id",
                    "after_sales_accrued_expense_account_id",
                    "after_sales_provision_account_id",
                    "after_sales_penalty_income_account_id",
                    "after_sales_penalty_payable_account_id",
                    "after_sales_penalty_expense_account_id",
                ),
            ),
            {
                "after_sales_expense_account_id": "660100",
                "after_sales_quality_loss_account_id": "510100",
                "after_sales_supplier_receivable_account_id": "122100",
                "after_sales_accrued_labour_account_id": "221100",
                "after_sales_accrued_expense_account_id": "250100",
                "after_sales_provision_account_id": "280100",
                "after_sales_penalty_income_account_id": "630100",
                "after_sales_penalty_payable_account_id": "221100",
                "after_sales_penalty_expense_account_id": "660100",
            },
        )
        journal = company.after_sales_cost_journal_id
        self.assertEqual(journal.type, "general")
        self.assertEqual(journal.company_id, company)
        self.assertEqual(company.after_sales_penalty_journal_id, journal)
        # A setting finance filled stays.
        other = company.after_sales_accrued_labour_account_id
        company.after_sales_expense_account_id = other
        self.env["account.chart.template"]._after_sales_fill_settings("cn", company)
        self.assertEqual(company.after_sales_expense_account_id, other)

    def test_large_business_chart(self):
        """R-ACC-4: the large-business chart's accounts (其他应付款 224100)."""
        company = self._load("cn_large_bis")
        self.assertEqual(
            self._codes(
                company,
                (
                    "after_sales_accrued_expense_account_id",
                    "after_sales_supplier_receivable_account_id",
                    "after_sales_provision_account_id",
                    "after_sales_expense_account_id",
                ),
            ),
            {
                "after_sales_accrued_expense_account_id": "224100",
                "after_sales_supplier_receivable_account_id": "122100",
                "after_sales_provision_account_id": "280100",
                "after_sales_expense_account_id": "660100",
            },
        )

    def test_companies_on_the_chart_at_install(self):
        """R-ACC-4: a company already on a Chinese chart when the addon installs
        gets the chart's accounts by the install hook."""
        company = self._load("cn")
        company.write(
            {
                "after_sales_expense_account_id": False,
                "after_sales_cost_journal_id": False,
            }
        )
        self.env["account.chart.template"]._after_sales_fill_installed_charts()
        self.assertEqual(
            self._codes(company, ("after_sales_expense_account_id",)),
            {"after_sales_expense_account_id": "660100"},
        )
        self.assertEqual(company.after_sales_cost_journal_id.type, "general")
