# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give every existing warehouse its after-sales locations and operation
    types (new warehouses get them on creation)."""
    env["stock.warehouse"].with_context(active_test=False).search(
        []
    )._after_sales_stock_setup()
