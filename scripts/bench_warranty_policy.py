# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Benchmark of a warranty policy edit (R-WAR-8) against hand-written SQL.

Creates N open service requests (default 50,000) inside one transaction, M of
them (default 5,000) under the policy that is edited and the others under the
company's default policy: one request of each kind through the ORM, cloned in
SQL with its determination, reasons and component lines. Then:

* the hand-written SQL: one ``UPDATE`` of the determinations' stored outputs
  (period, end dates, state), one of the period reasons and one of the
  requests' stored warranty state, for the same M requests — inside a
  savepoint rolled back afterwards. It is a lower bound: it does not rewrite
  the charging reasons of the requests that leave the warranty;
* ours: the manager's save of the policy (its query count is printed: it does
  not depend on M), then the queue the save filled, worked off in batches as the
  cron does (``helpdesk.ticket._warranty_redetermine_pending``).

Prints both times and their ratio, then rolls everything back: the database is
left as it was.

Usage (the options after the database are passed to Odoo's configuration)::

    python3 scripts/bench_warranty_policy.py DB [-n 50000] [-m 5000] \\
        [--batch-size 500] -- --db_host=... --db_port=... --db_user=... \\
        --addons-path=...
"""

import sys
import time
from datetime import date, datetime

import bench_cli
from bench_clone import clone_ticket_rows, columns  # scripts/ is on the path

from odoo import Command
from odoo.tools import SQL

HAND_SQL = [
    """
    UPDATE after_sales_warranty_determination d
       SET months = %(months)s,
           end_date = n.end_date,
           sanbao_end_date = n.end_date,
           state = CASE WHEN d.report_date <= n.end_date
                        THEN 'in_warranty' ELSE 'out_of_warranty' END,
           write_date = now() AT TIME ZONE 'UTC'
      FROM (
            SELECT d2.id,
                   (d2.start_date + make_interval(months => %(months)s))::date
                   - 1 + d2.extension_days AS end_date
              FROM after_sales_warranty_determination d2
              JOIN helpdesk_ticket t ON t.id = d2.ticket_id
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE s.closed IS NOT TRUE AND d2.policy_id = %(policy)s
           ) n
     WHERE n.id = d.id
    """,
    """
    UPDATE after_sales_warranty_reason r
       SET params = jsonb_set(
               jsonb_set(r.params, '{months}', to_jsonb(%(months)s)),
               '{period_end}',
               jsonb_build_object('date', to_char(
                   (d.start_date + make_interval(months => %(months)s))::date - 1,
                   'YYYY-MM-DD'))),
           write_date = now() AT TIME ZONE 'UTC'
      FROM after_sales_warranty_determination d
     WHERE r.determination_id = d.id AND r.key = 'period'
       AND d.policy_id = %(policy)s
    """,
    """
    UPDATE helpdesk_ticket t
       SET warranty_state = d.state,
           write_date = now() AT TIME ZONE 'UTC'
      FROM after_sales_warranty_determination d
     WHERE d.ticket_id = t.id AND d.policy_id = %(policy)s
       AND t.warranty_state IS DISTINCT FROM d.state
    """,
]


def _copy_rows(cr, table, parent_column, source_id, select_parent, join):
    """Copy the rows of ``table`` whose ``parent_column`` is ``source_id``, once
    per parent given by ``select_parent`` (an SQL of ids) joined by ``join``."""
    cols = columns(cr, table, {"id", parent_column})
    col_list = SQL(", ").join(SQL.identifier(c) for c in cols)
    src_list = SQL(", ").join(SQL.identifier("x", c) for c in cols)
    cr.execute(
        SQL(
            "INSERT INTO %s (%s, %s) SELECT p.id, %s FROM %s x, (%s) p(id)"
            " WHERE x.%s = %s %s",
            SQL.identifier(table),
            SQL.identifier(parent_column),
            col_list,
            src_list,
            SQL.identifier(table),
            select_parent,
            SQL.identifier(parent_column),
            source_id,
            join,
        )
    )


def _clone_ticket(env, template, count):
    """Clone ``template`` with its warranty determination ``count`` times."""
    cr = env.cr
    ids = clone_ticket_rows(env, template, count)
    determination = template.warranty_determination_id
    _copy_rows(
        cr,
        "after_sales_warranty_determination",
        "ticket_id",
        template.id,
        SQL("SELECT unnest(%s::int[])", ids),
        SQL(""),
    )
    # Fresh statistics, or the planner loops over the new rows once per row.
    cr.execute("ANALYZE after_sales_warranty_determination")
    new_determinations = SQL(
        "SELECT id FROM after_sales_warranty_determination"
        " WHERE ticket_id IN (SELECT unnest(%s::int[]))",
        ids,
    )
    for table in (
        "after_sales_warranty_reason",
        "after_sales_warranty_determination_component",
    ):
        _copy_rows(
            cr, table, "determination_id", determination.id, new_determinations, SQL("")
        )
    cr.execute(
        SQL(
            """
            UPDATE helpdesk_ticket t
               SET warranty_determination_id = d.id, warranty_state = d.state
              FROM after_sales_warranty_determination d
             WHERE d.ticket_id = t.id AND t.id IN (SELECT unnest(%s::int[]))
            """,
            ids,
        )
    )
    return ids


def _request(env, product, team, partner):
    return (
        env["helpdesk.ticket"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            {
                "name": "Warranty bench request",
                "description": "<p>bench</p>",
                "team_id": team.id,
                "user_id": env.ref("base.user_admin").id,
                "partner_id": partner.id,
                "product_id": product.id,
                "registered_at": datetime(2025, 6, 16, 2, 0),
                "purchase_date": date(2023, 1, 10),
                "proof_kind": "invoice",
                "warranty_fault_kind": "quality",
            }
        )
    )


def bench(env, count, edited, batch_size):
    """Set up, time the hand-written SQL, then ours; print the ratio."""
    policy = _setup(env, count, edited)
    hand_s = _time_hand_sql(env, policy)
    ours_s = _time_ours(env, policy, batch_size)
    print(f"hand SQL {hand_s:.3f} s, ours {ours_s:.3f} s, ratio {ours_s / hand_s:.1f}x")


def _setup(env, count, edited):
    """The edited policy, a default one and ``count`` requests, ``edited`` of
    them under the edited policy."""
    cr = env.cr
    Policy = env["after_sales.warranty.policy"]
    company = env.company
    Policy.search([("company_id", "=", company.id)]).write({"active": False})
    edited_product = env["product.product"].create({"name": "Bench household unit"})
    other_product = env["product.product"].create({"name": "Bench other unit"})
    Policy.create({"name": "Bench default", "whole_months": 12, "is_default": True})
    policy = Policy.create(
        {
            "name": "Bench household",
            "whole_months": 36,
            "sanbao_applies": True,
            "product_ids": [Command.set(edited_product.ids)],
            "component_ids": [Command.create({"name": "Compressor", "months": 60})],
        }
    )
    env["helpdesk.ticket"]._warranty_redetermine_pending()
    team = env["helpdesk.ticket.team"].create({"name": "Warranty bench team"})
    partner = env["res.partner"].create({"name": "Warranty bench customer"})
    started = time.perf_counter()
    edited_template = _request(env, edited_product, team, partner)
    other_template = _request(env, other_product, team, partner)
    _clone_ticket(env, edited_template, edited - 1)
    _clone_ticket(env, other_template, count - edited - 1)
    for table in (
        "helpdesk_ticket",
        "after_sales_warranty_determination",
        "after_sales_warranty_reason",
        "after_sales_warranty_determination_component",
    ):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    print(
        f"created {count} open requests, {edited} under the edited policy, in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return policy


def _time_hand_sql(env, policy):
    """The hand-written UPDATEs, rolled back to the unedited outputs."""
    cr = env.cr
    savepoint = cr.savepoint(flush=True)
    started = time.perf_counter()
    for query in HAND_SQL:
        cr.execute(SQL(query, months=24, policy=policy.id))
    hand_s = time.perf_counter() - started
    print(f"hand-written SQL: {len(HAND_SQL)} UPDATEs in {hand_s:.3f} s")
    savepoint.close()  # rolls back to the unedited outputs
    env.invalidate_all()
    return hand_s


def _time_ours(env, policy, batch_size):
    """The save of the policy, then the queue worked off as the cron does."""
    cr = env.cr
    Ticket = env["helpdesk.ticket"]
    before = cr.sql_log_count
    started = time.perf_counter()
    policy.write({"whole_months": 24})
    env.flush_all()
    save_s = time.perf_counter() - started
    save_queries = cr.sql_log_count - before
    before = cr.sql_log_count
    started = time.perf_counter()
    done = Ticket._warranty_redetermine_pending(batch_size=batch_size)
    env.flush_all()
    queue_s = time.perf_counter() - started
    queue_queries = cr.sql_log_count - before
    ours_s = save_s + queue_s
    cr.execute(
        SQL(
            "SELECT count(*) FROM after_sales_warranty_determination"
            " WHERE policy_id = %s AND months = 24",
            policy.id,
        )
    )
    (updated,) = cr.fetchone()
    print(
        f"ours: save {save_s:.3f} s ({save_queries} queries), queue {queue_s:.3f} s "
        f"({done} requests, {queue_queries} queries, batch size {batch_size}); "
        f"{updated} determinations now at 24 months"
    )
    return ours_s


def main(argv):
    bench_cli.run(
        argv,
        __doc__,
        bench,
        [
            (("-n", "--tickets"), 50000),
            (("-m", "--edited"), 5000),
            (("--batch-size",), 500),
        ],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
