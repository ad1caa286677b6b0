# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import OdooDefaultsCase


@tagged("post_install", "-at_install")
class TestKeyCustomerPurchases(AccountTestInvoicingCommon, OdooDefaultsCase):
    """R-IN-3 with R-X-6: purchases above the configured amount make a key customer.

    Real posted customer invoices; the comparison uses the currency's rounding.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.after_sales_key_customer_amount = 100.0
        cls.customer = cls.env["res.partner"].create({"name": "Purchasing Customer"})

    def _invoice(self, amount):
        return self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[amount], taxes=[], post=True
        )

    def _is_key(self):
        self.customer.invalidate_recordset(["after_sales_key_customer"])
        return self.customer.after_sales_key_customer

    def test_threshold_itself_is_not_above(self):
        """R-X-6: purchases of exactly 100.00 are not above the 100.00 threshold."""
        self._invoice(60.0)
        self._invoice(40.0)
        self.assertFalse(self._is_key())
        found = self.env["res.partner"].search(
            [("after_sales_key_customer", "=", True), ("id", "=", self.customer.id)]
        )
        self.assertFalse(found)

    def test_above_threshold_is_key(self):
        """R-IN-3: purchases above the threshold flag a key customer (searchable)."""
        self._invoice(100.01)
        self.assertTrue(self._is_key())
        found = self.env["res.partner"].search(
            [("after_sales_key_customer", "=", True), ("id", "=", self.customer.id)]
        )
        self.assertEqual(found, self.customer)

    def test_threshold_is_configuration(self):
        """R-IN-3: the amount is company configuration, not a constant."""
        self._invoice(100.01)
        self.env.company.after_sales_key_customer_amount = 500.0
        self.assertFalse(self._is_key())

    def test_draft_invoices_do_not_count(self):
        """R-IN-3: only posted sales count."""
        self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[5000.0], taxes=[]
        )
        self.assertFalse(self._is_key())
