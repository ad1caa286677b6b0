# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: issuing a parts requisition of N lines against Odoo validating the
same picking alone.

In a database with the addon: N storable parts in stock; a requisition of N lines
(one unit each), approved, then issued (``_do_issue``: the picking created,
reserved, validated, the lines' quantities and costs stored); then the same
picking made and validated by hand with Odoo's stock API and no requisition.
Prints the statements and the time of both and the ratio; rolls everything back.

Usage (the options after ``--`` are passed to Odoo's configuration)::

    python3 scripts/bench_parts_issue.py DB [-n 30] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import argparse
import sys
import time

import odoo
from odoo import SUPERUSER_ID, Command, api


def _measure(env, function):
    env.flush_all()
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    function()
    env.flush_all()
    return env.cr.sql_log_count - before, time.perf_counter() - start


def _run(database, count):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        stock = warehouse.lot_stock_id
        parts = env["product.product"].create(
            [
                {"name": f"Bench part {n}", "is_storable": True, "standard_price": 3}
                for n in range(2 * count)
            ]
        )
        for part in parts:
            env["stock.quant"]._update_available_quantity(part, stock, 10)
        team = env["helpdesk.ticket.team"].create({"name": "Bench Team"})
        ticket = env["helpdesk.ticket"].create(
            {"name": "Bench", "description": "<p>x</p>", "team_id": team.id}
        )
        employee = env["hr.employee"].create({"name": "Bench Engineer"})
        requisition = env["after_sales.parts.requisition"].create(
            {
                "ticket_id": ticket.id,
                "engineer_id": employee.id,
                "warehouse_id": warehouse.id,
                "line_ids": [
                    Command.create({"product_id": part.id, "quantity": 1})
                    for part in parts[:count]
                ],
            }
        )
        requisition._do_request()
        requisition._do_approve()
        destination = warehouse.after_sales_consumption_location_id

        def plain(parts):
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.after_sales_issue_type_id.id,
                    "location_id": stock.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": part.name,
                                "product_id": part.id,
                                "product_uom": part.uom_id.id,
                                "product_uom_qty": 1,
                                "location_id": stock.id,
                                "location_dest_id": destination.id,
                            }
                        )
                        for part in parts
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True).button_validate()

        warm = env["product.product"].create({"name": "Warm", "is_storable": True})
        env["stock.quant"]._update_available_quantity(warm, stock, 10)
        plain(warm)  # warm the caches (the first picking pays for them)
        ours = _measure(env, requisition._do_issue)
        baseline = _measure(env, lambda: plain(parts[count:]))
        cr.rollback()
    return ours, baseline


def main(argv):
    ours_args, odoo_args = argv, []
    if "--" in argv:
        split = argv.index("--")
        ours_args, odoo_args = argv[:split], argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args(ours_args)
    odoo.tools.config.parse_config(odoo_args)
    (ours_q, ours_t), (base_q, base_t) = _run(args.database, args.n)
    print(f"issue {args.n} lines, requisition: {ours_q} statements, {ours_t:.3f} s")
    print(
        f"the same picking, Odoo alone:            {base_q} statements, {base_t:.3f} s"
    )
    print(f"ratio: {ours_t / base_t:.2f}x the time, {ours_q - base_q:+d} statements")


if __name__ == "__main__":
    main(sys.argv[1:])
