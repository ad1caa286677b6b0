# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class StockWarehouse(models.Model):
    """Each warehouse is a service point with its after-sales locations and
    operation types. Feature files extend ``_after_sales_stock_setup`` (calling
    super) to add theirs; it is idempotent and runs for existing warehouses at
    install (post-init hook) and for each new warehouse."""

    _inherit = "stock.warehouse"

    def _after_sales_stock_setup(self):
        """Create what is missing of the after-sales stock set-up; idempotent."""
        return True

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._after_sales_stock_setup()
        return warehouses
