# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give every existing warehouse its after-sales locations and operation
    types (new warehouses get them on creation), and every company the seeded
    penalty rules (new companies get them on creation), and every company on a
    Chinese chart the chart's after-sales accounts (R-ACC-4)."""
    env["stock.warehouse"].with_context(active_test=False).search(
        []
    )._after_sales_stock_setup()
    env["account.chart.template"]._after_sales_fill_installed_charts()
    env["after_sales.penalty.rule"]._seed_company_rules(
        env["res.company"].with_context(active_test=False).search([])
    )
    # The rules copied to the companies created with the module (the demo
    # company) were copied before the module's translations were loaded: give
    # them the seeded rules' names in every language.
    env.cr.execute(
        """
        UPDATE after_sales_penalty_rule copy
           SET name = seed.name
          FROM after_sales_penalty_rule seed
          JOIN ir_model_data d
            ON d.res_id = seed.id AND d.model = 'after_sales.penalty.rule'
           AND d.module = 'after_sales_service'
         WHERE copy.code = seed.code AND copy.id <> seed.id
           AND copy.name->>'en_US' = seed.name->>'en_US'
        """
    )
