# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_costing import CostingCase


@tagged("post_install", "-at_install")
class TestProvisionConsumption(CostingCase):
    """Issue 19: under 企业会计准则第13号 (或有事项) a company that accrues the
    service-cost provision charges the warranty costs it incurs against it
    (借 预计负债); one that does not accrue books them to the service expense.
    Accruing without consuming counts the expense twice: the settings warn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_provision = cls.env["account.account"].create(
            {"code": "280109", "name": "预计负债", "account_type": "liability_current"}
        )

    def _settings(self, company):
        return (
            self.env["res.config.settings"]
            .with_company(company)
            .with_context(allowed_company_ids=company.ids)
            .create({})
        )

    def test_consumption_on_by_default(self):
        """R-ACC-5: a new company consumes the provision unless it chooses
        otherwise; its settings show the choice ticked."""
        company = self.env["res.company"].create({"name": "计提公司"})
        self.assertTrue(company.after_sales_provision_consume)
        company.after_sales_provision_account_id = self.acc_provision
        settings = self._settings(company)
        self.assertTrue(settings.after_sales_provision_consume)
        self.assertFalse(settings.after_sales_provision_double_count)

    def test_accrual_without_consumption_warned(self):
        """R-ACC-5: a company that accrues (provision account set) but books its
        warranty costs to the expense is warned in the settings that the
        expense counts twice; a company that does not accrue is not."""
        company = self.env["res.company"].create({"name": "不冲减公司"})
        company.after_sales_provision_consume = False
        self.assertFalse(self._settings(company).after_sales_provision_double_count)
        company.after_sales_provision_account_id = self.acc_provision
        self.assertTrue(self._settings(company).after_sales_provision_double_count)
        company.after_sales_provision_consume = True
        self.assertFalse(self._settings(company).after_sales_provision_double_count)

    def test_no_accrual_books_to_expense(self):
        """R-ACC-4, R-ACC-5: a company without a provision account accrues
        nothing, so its warranty costs go to the service expense whatever the
        consumption choice says; once it accrues, they debit 预计负债."""
        self.company.after_sales_provision_account_id = False
        self.company.after_sales_provision_consume = True
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        ticket.with_user(self.finance).action_costing_refresh()
        ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(self._balance(self.acc_expense), 220.0)
        self.assertEqual(self._balance(self.acc_provision), 0.0)
        self.company.after_sales_provision_account_id = self.acc_provision
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        ticket.with_user(self.finance).action_costing_refresh()
        ticket.with_user(self.finance).action_costing_book()
        self.assertEqual(self._balance(self.acc_expense), 220.0)
        self.assertEqual(self._balance(self.acc_provision), 220.0)
