# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own accounting tests, run with the addon installed (R-ACC-3, R-ACC-6).

The addon links invoices and journal entries to service requests and posts
entries of its own; what Odoo's accounting does must not change: journal
entries with their lock dates and reversals, customer invoices. The modules,
not the classes, are imported, so that only the subclasses are collected here
(``post_install``: Odoo's own ``at_install`` run happens before this addon
loads). ``OdooDefaultsCase`` gives them the English database they assume
(journal code MISC, English messages) when the company's database is zh_CN by
default.
"""

from odoo.tests import tagged

from odoo.addons.account.tests import test_account_move_entry as entries
from odoo.addons.account.tests import test_account_move_out_invoice as invoices

from .common import OdooDefaultsCase


@tagged("post_install", "-at_install")
class TestOdooAccountEntries(entries.TestAccountMove, OdooDefaultsCase):
    """R-ACC-6: Odoo's journal entries: lock dates, reversals, posted entries."""

    allow_inherited_tests_method = True  # Odoo collects only a class's own tests


@tagged("post_install", "-at_install")
class TestOdooCustomerInvoices(
    invoices.TestAccountMoveOutInvoiceOnchanges, OdooDefaultsCase
):
    """R-ACC-3: Odoo's customer invoices."""

    allow_inherited_tests_method = True
