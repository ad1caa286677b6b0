# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Benchmark of the SLA breach job (R-SLA-2) against hand-written SQL doing the
same work.

Creates N open service requests with overdue deadlines inside one transaction
(one request through the ORM, cloned in SQL), then times, each from the same
fresh state (a savepoint rolled back in between):

* the hand-written SQL: one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` of the
  breaches and one set-based ``UPDATE`` of the deadlines' status and flag;
* ``after_sales.sla.breach._detect_breaches`` without the activities: the same
  breaches and statuses, plus the performance events and the requests' stored
  SLA summary, batch by batch (the target: at most twice the hand SQL);
* the full job with its notices (each person's digest of the day, its items,
  one to-do: issue 24's target, at most twice the hand SQL writing the same
  rows), and its re-run with nothing new.

Prints the times and the ratios, then rolls everything back: the database is
left as it was.

Usage (the options after the database are passed to Odoo's configuration)::

    python3 scripts/bench_sla_breach.py DB [-n 50000] [--batch-size 1000] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import sys
import time
from datetime import timedelta
from unittest.mock import patch

import bench_cli
from bench_clone import clone_ticket_rows, columns  # scripts/ is on the path

from odoo import fields
from odoo.tools import SQL

OVERDUE = """
      FROM after_sales_ticket_deadline d
      JOIN helpdesk_ticket t ON t.id = d.ticket_id
      LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
     WHERE d.met_at IS NULL AND d.deadline IS NOT NULL AND d.deadline < %(now)s
       AND t.active AND d.breach_recorded IS NOT TRUE
       AND (s.closed IS NOT TRUE OR d.deadline < t.closed_date)
"""
HAND_INSERT = (
    """
    INSERT INTO after_sales_sla_breach
           (ticket_id, milestone, deadline, user_id, employee_id, team_id,
            company_id, detected_at, create_uid, create_date, write_uid, write_date)
    SELECT d.ticket_id, d.milestone, d.deadline, t.user_id,
           (SELECT e.id FROM hr_employee e
             WHERE e.user_id = t.user_id AND e.company_id = d.company_id AND e.active
             ORDER BY e.id LIMIT 1),
           t.team_id, d.company_id, %(now)s, 1, %(now)s, 1, %(now)s
"""
    + OVERDUE
    + """
    ON CONFLICT (ticket_id, milestone) DO NOTHING
"""
)
# The rest of what the job writes, for the "everything" comparison: the breaches'
# performance events and the requests' status.
HAND_EVENTS = """
    INSERT INTO after_sales_performance_event
           (kind, key, occurred_at, company_id, ticket_id, res_model, res_id,
            user_id, employee_id, team_id, quantity,
            create_uid, create_date, write_uid, write_date)
    SELECT 'sla_breach', b.milestone, b.deadline, b.company_id, b.ticket_id,
           'after_sales.sla.breach', b.id, b.user_id, b.employee_id, b.team_id, 1.0,
           1, %(now)s, 1, %(now)s
      FROM after_sales_sla_breach b
     WHERE b.detected_at = %(now)s
    ON CONFLICT (kind, res_model, res_id, key) DO NOTHING
"""
# What the job tells people (issue 24): each recipient's digest of the
# company's day (the engineer and the team leader), its items, one to-do.
HAND_DIGESTS = """
    WITH r AS (
        SELECT DISTINCT b.id AS breach_id, u.user_id, b.company_id,
               ((b.detected_at AT TIME ZONE 'UTC')
                   AT TIME ZONE COALESCE(p.tz, 'UTC'))::date AS day
          FROM after_sales_sla_breach b
          JOIN res_company co ON co.id = b.company_id
          JOIN res_partner p ON p.id = co.partner_id
          LEFT JOIN helpdesk_ticket_team tm ON tm.id = b.team_id
         CROSS JOIN LATERAL (VALUES (b.user_id), (tm.user_id)) u(user_id)
         WHERE b.detected_at = %(now)s AND u.user_id IS NOT NULL
    ), d AS (
        INSERT INTO after_sales_notice_digest
               (user_id, company_id, kind, day,
                create_uid, create_date, write_uid, write_date)
        SELECT DISTINCT user_id, company_id, 'sla_breach', day,
               1, %(now)s, 1, %(now)s
          FROM r
        ON CONFLICT DO NOTHING
        RETURNING id, user_id, company_id, day
    ), items AS (
        INSERT INTO after_sales_notice_digest_breach_rel (digest_id, breach_id)
        SELECT d.id, r.breach_id FROM r JOIN d USING (user_id, company_id, day)
    )
    INSERT INTO mail_activity
           (res_model_id, res_model, res_id, activity_type_id, summary, user_id,
            date_deadline, create_uid, create_date, write_uid, write_date)
    SELECT %(model_id)s, 'after_sales.notice.digest', d.id, %(type_id)s,
           'New missed deadlines', d.user_id, d.day, 1, %(now)s, 1, %(now)s
      FROM d
"""
HAND_TICKETS = (
    """
    UPDATE helpdesk_ticket SET sla_status = 'breached'
     WHERE id IN (SELECT d.ticket_id
"""
    + OVERDUE
    + ") AND sla_status IS DISTINCT FROM 'breached'"
)
HAND_UPDATE = (
    """
    UPDATE after_sales_ticket_deadline
       SET breach_recorded = TRUE, status = 'breached'
     WHERE id IN (SELECT d.id
"""
    + OVERDUE
    + ")"
)


def _clone_tickets(env, template, count):
    """Clone ``template`` and its deadlines ``count`` times in SQL; return ids."""
    cr = env.cr
    ids = clone_ticket_rows(env, template, count)
    dcols = columns(cr, "after_sales_ticket_deadline", {"id", "ticket_id"})
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
    # As the cron meets them: deadlines that have just passed, still "on time".
    all_ids = [template.id, *ids]
    cr.execute(
        "UPDATE after_sales_ticket_deadline SET status = 'ok'"
        " WHERE ticket_id = ANY(%s)",
        [all_ids],
    )
    cr.execute(
        "UPDATE helpdesk_ticket SET sla_status = 'ok' WHERE id = ANY(%s)", [all_ids]
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
    Breach = env["after_sales.sla.breach"]

    def timed(label, run):
        savepoint = cr.savepoint(flush=True)
        env.invalidate_all()
        started = time.perf_counter()
        result = run()
        env.flush_all()
        seconds = time.perf_counter() - started
        breaches = _count(cr, "after_sales_sla_breach", template.id)
        events = _count(cr, "after_sales_performance_event", template.id)
        print(f"{label}: {breaches} breaches, {events} events in {seconds:.3f} s")
        return savepoint, seconds, result

    def hand_sql():
        cr.execute(SQL(HAND_INSERT, now=now))
        cr.execute(SQL(HAND_UPDATE, now=now))

    # Every run is rolled back, which leaves dead rows and index entries behind
    # for the next one: the hand SQL runs before and after the job, and the
    # ratio is taken against the mean of both.
    savepoint, hand_s, _result = timed("hand-written SQL (insert + update)", hand_sql)
    savepoint.close()  # rolls back to the fresh overdue set

    with patch.object(type(Breach), "_schedule_breach_activities", lambda self: None):
        savepoint, core_s, _result = timed(
            "breach job without activities",
            lambda: Breach._detect_breaches(now=now, batch_size=batch_size),
        )
    savepoint.close()

    savepoint, hand_again_s, _result = timed("hand-written SQL again", hand_sql)
    savepoint.close()
    hand_s = (hand_s + hand_again_s) / 2

    digest_type = env.ref("after_sales_service.mail_activity_type_breach_digest")
    digest_model = env["ir.model"]._get_id("after_sales.notice.digest")

    def hand_sql_all():
        cr.execute(SQL(HAND_INSERT, now=now))
        cr.execute(SQL(HAND_EVENTS, now=now))
        cr.execute(
            SQL(HAND_DIGESTS, now=now, model_id=digest_model, type_id=digest_type.id)
        )
        cr.execute(SQL(HAND_TICKETS, now=now))
        cr.execute(SQL(HAND_UPDATE, now=now))

    savepoint, hand_all_s, _result = timed(
        "hand-written SQL of everything the job writes (+ events, request status,"
        " digests and their to-dos)",
        hand_sql_all,
    )
    savepoint.close()

    savepoint, job_s, _result = timed(
        "breach job with activities",
        lambda: Breach._detect_breaches(now=now, batch_size=batch_size),
    )
    activities = env["mail.activity"].search_count(
        [
            ("res_model", "=", "after_sales.notice.digest"),
            ("date_deadline", ">=", now.date() - timedelta(days=1)),
        ]
    )
    print(f"  {activities} to-dos (one per person and day)")
    before = cr.sql_log_count
    started = time.perf_counter()
    again = Breach._detect_breaches(now=now, batch_size=batch_size)
    rerun_s = time.perf_counter() - started
    print(
        f"re-run: {len(again)} new breaches in {rerun_s:.3f} s, "
        f"{cr.sql_log_count - before} queries"
    )
    savepoint.close()
    print(
        f"ratio to the hand SQL (mean {hand_s:.3f} s): "
        f"{core_s / hand_s:.2f}x without activities, "
        f"{job_s / hand_s:.2f}x with them; "
        f"{core_s / hand_all_s:.2f}x (without activities) and "
        f"{job_s / hand_all_s:.2f}x (with its notices) the hand SQL of "
        "everything it writes"
    )


def _count(cr, table, first_ticket_id):
    cr.execute(
        SQL(
            "SELECT count(*) FROM %s WHERE ticket_id >= %s",
            SQL.identifier(table),
            first_ticket_id,
        )
    )
    return cr.fetchone()[0]


def main(argv):
    bench_cli.run(
        argv,
        __doc__,
        bench,
        [(("-n", "--tickets"), 50000), (("--batch-size",), 1000)],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
