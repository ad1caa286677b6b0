# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: creating service requests against creating plain helpdesk tickets.

Creates N requests in one ``create`` call and one request alone, in a database
with the addon, and the same in a database with only helpdesk_mgmt (the baseline:
what a helpdesk ticket costs before this addon), counts the SQL statements and
times them, prints the per-request figures and the ratios, and rolls everything
back: both databases are left as they were.

Usage (the options after ``--`` are passed to Odoo's configuration)::

    python3 scripts/bench_request_create.py DB BASELINE_DB [-n 1000] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import argparse
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api


def _fixtures(env):
    """A team with a rotation-less stage set, a customer and, when the addon is
    installed, a serial-tracked product of a repair request."""
    team = env["helpdesk.ticket.team"].create({"name": "Bench Team"})
    partner = env["res.partner"].create({"name": "Bench Customer", "phone": "1"})
    vals = {
        "name": "Does not cool",
        "description": "<p>Outdoor fan does not turn.</p>",
        "team_id": team.id,
        "partner_id": partner.id,
        "user_id": env.user.id,
    }
    if "service_type_id" in env["helpdesk.ticket"]._fields:
        product = env["product.product"].create(
            {"name": "Bench AC", "type": "consu", "is_storable": True}
        )
        vals.update(
            service_type_id=env.ref("after_sales_service.service_type_repair").id,
            product_id=product.id,
            purchase_date="2026-01-05",
            proof_kind="invoice",
        )
    team.user_ids = [(4, env.user.id)]
    return vals


def _measure(env, vals, count):
    Ticket = env["helpdesk.ticket"].with_context(tracking_disable=True)
    env.flush_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    Ticket.create([dict(vals) for _ in range(count)])
    env.flush_all()
    return env.cr.sql_log_count - before, time.perf_counter() - start


def _run(database, count):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        vals = _fixtures(env)
        _measure(env, vals, 1)  # warm the caches
        one = _measure(env, vals, 1)
        many = _measure(env, vals, count)
        cr.rollback()
    return one, many


def main(argv):
    ours, odoo_args = argv, []
    if "--" in argv:
        split = argv.index("--")
        ours, odoo_args = argv[:split], argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("baseline_database")
    parser.add_argument("-n", type=int, default=1000)
    args = parser.parse_args(ours)
    odoo.tools.config.parse_config([*odoo_args, "-d", args.database])
    odoo.tools.config["sql_log"] = False
    results = {
        "plain helpdesk ticket": _run(args.baseline_database, args.n),
        "service request": _run(args.database, args.n),
    }
    for label, ((q1, t1), (qn, tn)) in results.items():
        print(
            f"{label:>22}: alone {q1} statements {t1 * 1000:.1f} ms; "
            f"batch of {args.n}: {qn / args.n:.1f} statements "
            f"{tn / args.n * 1000:.2f} ms per request"
        )
    (bq1, bt1), (bqn, btn) = results["plain helpdesk ticket"]
    (sq1, st1), (sqn, stn) = results["service request"]
    print(
        f"ratio service request / plain ticket: alone {sq1 / bq1:.2f}x statements, "
        f"batch {sqn / bqn:.2f}x statements, {stn / btn:.2f}x time"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
