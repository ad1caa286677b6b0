"""Benchmark of the SLA breach job (R-SLA-2) against one hand-written SELECT.

Creates N open service requests with overdue deadlines inside one transaction
(one request through the ORM, cloned in SQL), times
``after_sales.sla.breach._detect_breaches`` — candidate query, ``INSERT … ON
CONFLICT``, activities, status refresh, batch by batch — and one plain SQL SELECT
of the same overdue set, prints both times and their ratio, then rolls everything
back: the database is left as it was.

Usage (the options after the database are passed to Odoo's configuration)::

    python3 scripts/bench_sla_breach.py DB [-n 50000] [--batch-size 1000] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import argparse
import sys
import time
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL

SELECT_OVERDUE = """
    SELECT d.id, d.ticket_id, d.milestone, d.deadline
      FROM after_sales_ticket_deadline d
      JOIN helpdesk_ticket t ON t.id = d.ticket_id
      LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
     WHERE d.met_at IS NULL AND d.deadline < %(now)s AND t.active
       AND d.breach_recorded IS NOT TRUE
       AND (s.closed IS NOT TRUE OR d.deadline < t.closed_date)
"""


def _columns(cr, table, skip):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def _clone_tickets(env, template, count):
    """Clone ``template`` and its deadlines ``count`` times in SQL; return ids."""
    cr = env.cr
    env.flush_all()
    cols = _columns(cr, "helpdesk_ticket", {"id", "number"})
    col_list = SQL(", ").join(SQL.identifier(c) for c in cols)
    src_list = SQL(", ").join(SQL.identifier("t", c) for c in cols)
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, %s)
            SELECT t.number || '-' || g, %s
              FROM helpdesk_ticket t, generate_series(1, %s) g
             WHERE t.id = %s
            RETURNING id
            """,
            col_list,
            src_list,
            count,
            template.id,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    dcols = _columns(cr, "after_sales_ticket_deadline", {"id", "ticket_id"})
    dcol_list = SQL(", ").join(SQL.identifier(c) for c in dcols)
    dsrc_list = SQL(", ").join(SQL.identifier("d", c) for c in dcols)
    cr.execute(
        SQL(
            """
            INSERT INTO after_sales_ticket_deadline (ticket_id, %s)
            SELECT n.id, %s
              FROM after_sales_ticket_deadline d, unnest(%s::int[]) n(id)
             WHERE d.ticket_id = %s
            """,
            dcol_list,
            dsrc_list,
            ids,
            template.id,
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute("ANALYZE after_sales_ticket_deadline")
    env.invalidate_all()
    return ids


def bench(env, count, batch_size):
    now = fields.Datetime.now()
    team = env["helpdesk.ticket.team"].create(
        {"name": "SLA bench team", "user_id": env.ref("base.user_admin").id}
    )
    template = (
        env["helpdesk.ticket"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            {
                "name": "SLA bench request",
                "description": "<p>bench</p>",
                "team_id": team.id,
                "user_id": env.ref("base.user_admin").id,
                "registered_at": now - timedelta(days=7),
            }
        )
    )
    milestones = template.sla_deadline_ids.mapped("milestone")
    started = time.perf_counter()
    _clone_tickets(env, template, count - 1)
    print(
        f"created {count} open requests, {len(milestones)} overdue deadlines each "
        f"({', '.join(milestones)}) in {time.perf_counter() - started:.1f} s"
    )

    cr = env.cr
    started = time.perf_counter()
    cr.execute(SQL(SELECT_OVERDUE, now=now))
    overdue = len(cr.fetchall())
    select_s = time.perf_counter() - started
    print(f"hand-written SELECT: {overdue} overdue deadlines in {select_s:.3f} s")

    Breach = env["after_sales.sla.breach"]
    # First without the activities (scan, insert, flags, status), then the full job.
    savepoint = cr.savepoint(flush=True)
    with patch.object(type(Breach), "_schedule_breach_activities", lambda self: None):
        started = time.perf_counter()
        breaches = Breach._detect_breaches(now=now, batch_size=batch_size)
        scan_s = time.perf_counter() - started
    print(f"breach job without activities: {len(breaches)} breaches in {scan_s:.3f} s")
    savepoint.close()  # rolls back to the fresh overdue set
    env.invalidate_all()

    started = time.perf_counter()
    breaches = Breach._detect_breaches(now=now, batch_size=batch_size)
    job_s = time.perf_counter() - started
    activities = env["mail.activity"].search_count(
        [("res_model", "=", "helpdesk.ticket"), ("res_id", ">=", template.id)]
    )
    print(
        f"breach job: {len(breaches)} breaches, {activities} activities in "
        f"{job_s:.3f} s (batch size {batch_size})"
    )
    started = time.perf_counter()
    again = Breach._detect_breaches(now=now, batch_size=batch_size)
    rerun_s = time.perf_counter() - started
    print(f"re-run: {len(again)} new breaches in {rerun_s:.3f} s")
    print(
        f"ratio to the SELECT: {scan_s / select_s:.1f}x without activities, "
        f"{job_s / select_s:.1f}x with them"
    )


def main(argv):
    ours, odoo_args = argv, []
    if "--" in argv:
        split = argv.index("--")
        ours, odoo_args = argv[:split], argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("-n", "--tickets", type=int, default=50000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args(ours)
    odoo.tools.config.parse_config([*odoo_args, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            bench(env, args.tickets, args.batch_size)
        finally:
            cr.rollback()  # never keep the benchmark data
    print("rolled back")


if __name__ == "__main__":
    main(sys.argv[1:])
