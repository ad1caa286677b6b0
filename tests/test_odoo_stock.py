# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own stock and valuation tests, run with the addon installed (R-PRT-2).

The addon adds operation types and locations to every warehouse, links moves to
requisition lines and listens to done moves; what Odoo's stock does must not
change. These subclasses run a selection of Odoo's test classes of pickings,
returns, warehouses and valuation after the addon is installed (``post_install``:
Odoo's own ``at_install`` run happens before this addon loads). The modules, not
the classes, are imported, so that only the subclasses are collected here;
``allow_inherited_tests_method`` makes Odoo's loader run the inherited tests;
``OdooDefaultsCase`` gives them the English database they assume when the
company's database is zh_CN by default.
"""

from odoo.tests import tagged

from odoo.addons.stock.tests import test_move as stock_moves
from odoo.addons.stock.tests import test_stock_return_picking as stock_returns
from odoo.addons.stock.tests import test_warehouse as stock_warehouses
from odoo.addons.stock_account.tests import test_lot_valuation as lot_valuation
from odoo.addons.stock_account.tests import test_stockvaluationlayer as valuation

from .common import OdooDefaultsCase


@tagged("post_install", "-at_install")
class TestOdooStockMoves(stock_moves.StockMove, OdooDefaultsCase):
    """R-PRT-2: Odoo's stock moves (reservation, lots, packages, owners)."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooStockReturns(stock_returns.TestReturnPicking, OdooDefaultsCase):
    """R-PRT-2: Odoo's return pickings."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooStockWarehouses(stock_warehouses.TestWarehouse, OdooDefaultsCase):
    """R-PRT-2: Odoo's warehouses (the addon adds its types on creation)."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooValuationStandard(valuation.TestStockValuationStandard, OdooDefaultsCase):
    """R-PRT-2: Odoo's valuation at standard cost."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooValuationAverage(valuation.TestStockValuationAVCO, OdooDefaultsCase):
    """R-PRT-2: Odoo's valuation at average cost."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooValuationFifo(valuation.TestStockValuationFIFO, OdooDefaultsCase):
    """R-PRT-2: Odoo's valuation first in, first out."""

    allow_inherited_tests_method = True  # run the parent's tests


@tagged("post_install", "-at_install")
class TestOdooLotValuation(lot_valuation.TestLotValuation, OdooDefaultsCase):
    """R-PRT-2: Odoo's valuation by lot."""

    allow_inherited_tests_method = True  # run the parent's tests
