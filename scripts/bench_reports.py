# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Benchmark of the report models (R-RPT-1, R-RPT-3; issue 22 "Speed"): each
report's grouped read through the ORM against hand-written SQL computing the
same table.

Copies SOURCE into a scratch database ``SOURCE_bench`` (or works in the one
given with ``--db``, which it fills and leaves filled), fills N service records
(default 1,000,000) with their requests, callbacks, complaints, cost lines,
parts moves with their valuation, deadlines, performance events and ledger
lines by set-based SQL (``generate_series``; every row a copy of a demo row
with its dates, types, people and amounts varied), spread over three years,
then times for each monthly report model the month's grouped ``read_group``
(the pivot of a month), and for the yearly figures the year's, against a
hand-written query computing the same groups straight from the tables, and
prints the best of ``--repeat`` runs of each and their ratio (ORM / SQL).

Both sides are checked to give the same table. The scratch database is
dropped at the end unless ``--keep``.

Usage (the options after ``--`` are Odoo's)::

    python3 scripts/bench_reports.py SOURCE [-n 1000000] [--db DB] [--keep] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import argparse
import sys
import time
from datetime import date

from bench_cli import split_argv
from bench_clone import clone_from_template as _clone  # scripts/ is on the path
from bench_clone import one as _one

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.service import db as db_service

START = "2024-01-01"  # the data spans 2024, 2025 and 2026 (UTC)
MINUTES = 3 * 365 * 24 * 60
MONTH = date(2025, 6, 1)  # the month and the year timed
YEAR = 2025


# ----------------------------------------------------------------------
# Filling
# ----------------------------------------------------------------------


def _array(cr, query):
    cr.execute(query)
    ids = [row[0] for row in cr.fetchall()]
    return "ARRAY[" + ",".join(str(i) for i in ids) + "]::int[]", len(ids)


def fill(cr, count):
    """``count`` done service records with their requests and documents,
    copied from the demo's in SQL."""
    ticket = _one(
        cr,
        "SELECT ticket_id FROM after_sales_service_record"
        " WHERE state = 'done' ORDER BY id LIMIT 1",
    )
    record = _one(
        cr, "SELECT id FROM after_sales_service_record WHERE ticket_id = %s", ticket
    )
    company = _one(cr, "SELECT company_id FROM helpdesk_ticket WHERE id = %s", ticket)
    types, n_types = _array(
        cr,
        "SELECT id FROM after_sales_service_type"
        " WHERE kind IN ('repair', 'installation', 'maintenance') ORDER BY id",
    )
    users, n_users = _array(
        cr,
        "SELECT DISTINCT user_id FROM hr_employee WHERE user_id IS NOT NULL"
        f" AND company_id = {company} ORDER BY 1",
    )
    employees, n_employees = _array(
        cr,
        f"SELECT id FROM hr_employee WHERE company_id = {company} ORDER BY id",
    )
    channels, n_channels = _array(cr, "SELECT id FROM helpdesk_ticket_channel")
    causes, n_causes = _array(cr, "SELECT id FROM after_sales_cause_category")
    env = api.Environment(cr, SUPERUSER_ID, {})
    outlet = env["res.partner"].create(
        {"name": "Bench outlet", "is_service_outlet": True}
    )
    env.flush_all()
    outlet = outlet.id
    when = (
        f"timestamp '{START}'"
        f" + ((s.g::bigint * 7919) % {MINUTES}) * interval '1 minute'"
    )
    print(f"Filling {count:,} service records", flush=True)
    _clone(
        cr,
        "helpdesk_ticket",
        ticket,
        f"SELECT g FROM generate_series(1, {count}) g",
        {
            "number": "'BR-' || s.g",
            "name": "'Bench request ' || s.g",
            "registered_at": when,
            "create_date": when,
            "service_type_id": f"({types})[1 + s.g % {n_types}]",
            "user_id": f"({users})[1 + s.g % {n_users}]",
            "channel_id": f"({channels})[1 + s.g % {max(n_channels, 1)}]"
            if n_channels
            else "tpl.channel_id",
            "rework_of_id": f"CASE WHEN s.g % 31 = 0 THEN {ticket} END",
            "company_id": str(company),
        },
    )
    tickets = (
        "SELECT t.id, t.registered_at, t.service_type_id, t.user_id,"
        " substr(t.number, 4)::int AS g"
        " FROM helpdesk_ticket t WHERE t.number LIKE 'BR-%'"
    )
    _clone(
        cr,
        "after_sales_service_record",
        record,
        tickets,
        {
            "name": "'BR-' || s.g",
            "ticket_id": "s.id",
            "service_type_id": "s.service_type_id",
            "user_id": "s.user_id",
            "state": "'done'",
            "actual_arrival": "s.registered_at + interval '20 hours'",
            "start_datetime": "s.registered_at + interval '20 hours'",
            "end_datetime": "s.registered_at + interval '26 hours'",
            "labour_hours": "1 + s.g % 8",
            "outlet_id": f"CASE WHEN s.g % 10 = 0 THEN {outlet} END",
            "cause_category_id": f"({causes})[1 + s.g % {n_causes}]",
            "result": "(ARRAY['accepted', 'partial', 'accepted'])[1 + s.g % 3]",
            "responsible_party": "tpl.responsible_party",
        },
    )
    records = (
        "SELECT r.id, r.ticket_id, r.end_datetime, r.user_id, r.service_type_id,"
        " substr(r.name, 4)::int AS g"
        " FROM after_sales_service_record r WHERE r.name LIKE 'BR-%'"
    )
    cr.execute(
        f"""INSERT INTO after_sales_service_record_hr_employee_rel
                   (after_sales_service_record_id, hr_employee_id)
            SELECT s.id, ({employees})[1 + s.g % {n_employees}] FROM ({records}) s"""
    )
    callback = _one(cr, "SELECT id FROM after_sales_callback ORDER BY id LIMIT 1")
    _clone(
        cr,
        "after_sales_callback",
        callback,
        records,
        {
            "name": "'BR-' || s.g",
            "record_id": "s.id",
            "ticket_id": "s.ticket_id",
            "service_type_id": "s.service_type_id",
            "engineer_user_id": "s.user_id",
            "completed_at": "s.end_datetime",
            "state": "CASE WHEN s.g % 5 = 0 THEN 'pending' ELSE 'done' END",
            "done_at": "CASE WHEN s.g % 5 != 0 THEN s.end_datetime"
            " + interval '3 days' END",
            "satisfaction": "CASE WHEN s.g % 5 = 0 THEN NULL ELSE"
            " (ARRAY['excellent', 'good', 'good', 'fair', 'poor'])[1 + s.g % 5] END",
            "company_id": str(company),
        },
    )
    complaint = _one(cr, "SELECT id FROM after_sales_complaint ORDER BY id LIMIT 1")
    _clone(
        cr,
        "after_sales_complaint",
        complaint,
        f"SELECT t.* FROM ({tickets}) t WHERE t.g % 20 = 0",
        {
            "name": "'BR-' || s.g",
            "ticket_id": "s.id",
            "registered_at": "s.registered_at",
            "state": "'handling'",
            "company_id": str(company),
        },
    )
    cost = _one(cr, "SELECT id FROM after_sales_cost_line ORDER BY id LIMIT 1")
    _clone(
        cr,
        "after_sales_cost_line",
        cost,
        records,
        {
            "ticket_id": "s.ticket_id",
            "record_id": "s.id",
            "kind": "(ARRAY['labour', 'travel', 'parts'])[1 + s.g % 3]",
            "amount": "50 + s.g % 200",
            "state": "'draft'",
            "source_key": "NULL",
            "move_id": "NULL",
            "invoice_line_id": "NULL",
            "company_id": str(company),
        },
    )
    penalty = _one(cr, "SELECT id FROM after_sales_penalty_line ORDER BY id LIMIT 1")
    _clone(
        cr,
        "after_sales_penalty_line",
        penalty,
        f"SELECT r.* FROM ({records}) r WHERE r.g % 10 = 0",
        {
            "date": "s.end_datetime::date",
            "amount": "CASE WHEN s.g % 20 = 0 THEN 100 ELSE -50 END",
            "state": "'confirmed'",
            "origin": "'manual'",
            "event_id": "NULL",
            "statement_id": "NULL",
            "reversed_line_id": "NULL",
            "company_id": str(company),
        },
    )
    deadline = _one(
        cr, "SELECT id FROM after_sales_ticket_deadline ORDER BY id LIMIT 1"
    )
    _clone(
        cr,
        "after_sales_ticket_deadline",
        deadline,
        tickets,
        {
            "ticket_id": "s.id",
            "milestone": "tpl.milestone",
            "deadline": "s.registered_at + interval '24 hours'",
        },
    )
    event = _one(cr, "SELECT id FROM after_sales_performance_event ORDER BY id LIMIT 1")
    _clone(
        cr,
        "after_sales_performance_event",
        event,
        records,
        {
            "res_model": "'after_sales.service.record'",
            "res_id": "s.id",
            "ticket_id": "s.ticket_id",
            "occurred_at": "s.end_datetime",
            "key": "'bench-' || s.g",
        },
    )
    move = _one(
        cr,
        "SELECT m.id FROM stock_move m"
        " JOIN stock_location src ON src.id = m.location_id"
        " JOIN stock_location dst ON dst.id = m.location_dest_id"
        " WHERE m.after_sales_requisition_line_id IS NOT NULL AND m.state = 'done'"
        "   AND src.usage = 'internal' AND dst.usage != 'internal'"
        " ORDER BY m.id LIMIT 1",
    )
    _clone(
        cr,
        "stock_move",
        move,
        f"SELECT r.* FROM ({records}) r WHERE r.g % 3 = 0",
        {
            "reference": "'BR-' || s.g",
            "date": "s.end_datetime",
            "product_uom_qty": "1 + s.g % 3",
            "quantity": "1 + s.g % 3",
        },
    )
    moves = (
        "SELECT m.id, m.date, m.quantity, substr(m.reference, 4)::int AS g"
        " FROM stock_move m WHERE m.reference LIKE 'BR-%'"
    )
    move_line = _one(cr, "SELECT id FROM stock_move_line WHERE move_id = %s", move)
    _clone(
        cr,
        "stock_move_line",
        move_line,
        moves,
        {
            "move_id": "s.id",
            "date": "s.date",
            "quantity": "s.quantity",
            "quantity_product_uom": "s.quantity",
            "lot_id": "NULL",
            "lot_name": "NULL",
        },
    )
    layer = _one(
        cr, "SELECT id FROM stock_valuation_layer WHERE stock_move_id = %s", move
    )
    _clone(
        cr,
        "stock_valuation_layer",
        layer,
        moves,
        {
            "stock_move_id": "s.id",
            "create_date": "s.date",
            "quantity": "-s.quantity",
            "value": "-s.quantity * 120",
            "remaining_qty": "0",
            "remaining_value": "0",
        },
    )
    started = time.perf_counter()
    cr.execute("ANALYZE")
    print(f"  analyze: {time.perf_counter() - started:.1f} s", flush=True)


# ----------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------

# The company's month or year as UTC bounds, computed once (the hand-written
# side filters on the indexed timestamps; the view computes the period of every
# row in the company's time zone).
BOUNDS = """
    SELECT co.id AS company_id,
           (%(start)s::timestamp AT TIME ZONE COALESCE(p.tz, 'UTC'))
               AT TIME ZONE 'UTC' AS lo,
           (%(stop)s::timestamp AT TIME ZONE COALESCE(p.tz, 'UTC'))
               AT TIME ZONE 'UTC' AS hi
      FROM res_company co JOIN res_partner p ON p.id = co.partner_id
"""

HAND = {
    "after_sales.report.labour": (
        ["user_id", "service_type_id", "day:day"],
        ["labour_hours:sum", "record_count:sum"],
        f"""
        WITH b AS ({BOUNDS}),
        r AS (
            SELECT r.*, p.tz FROM after_sales_service_record r
              JOIN b ON b.company_id = r.company_id
              JOIN res_company co ON co.id = r.company_id
              JOIN res_partner p ON p.id = co.partner_id
             WHERE r.state = 'done' AND r.end_datetime >= b.lo
               AND r.end_datetime < b.hi
        ),
        persons AS (
            SELECT rel.after_sales_service_record_id AS record_id,
                   e.id AS employee_id, e.user_id
              FROM after_sales_service_record_hr_employee_rel rel
              JOIN r ON r.id = rel.after_sales_service_record_id
              JOIN hr_employee e ON e.id = rel.hr_employee_id
            UNION
            SELECT r.id, (SELECT e.id FROM hr_employee e
                           WHERE e.user_id = r.user_id
                             AND e.company_id = r.company_id
                           ORDER BY e.active DESC, e.id LIMIT 1), r.user_id
              FROM r WHERE r.user_id IS NOT NULL
        )
        SELECT pe.user_id, r.service_type_id,
               ((r.end_datetime AT TIME ZONE 'UTC')
                   AT TIME ZONE COALESCE(r.tz, 'UTC'))::date AS day,
               SUM(COALESCE(r.labour_hours, 0)), COUNT(*)
          FROM r JOIN persons pe ON pe.record_id = r.id
         GROUP BY 1, 2, 3
        """,
    ),
    "after_sales.report.material": (
        ["product_id", "chargeable"],
        ["quantity:sum", "value:sum"],
        f"""
        WITH b AS ({BOUNDS})
        SELECT m.product_id, COALESCE(l.chargeable, FALSE),
               SUM(CASE WHEN src.usage = 'internal' THEN 1 ELSE -1 END
                   * COALESCE((SELECT SUM(sml.quantity_product_uom)
                                 FROM stock_move_line sml
                                WHERE sml.move_id = m.id), 0)),
               SUM(-COALESCE((SELECT SUM(svl.value) FROM stock_valuation_layer svl
                               WHERE svl.stock_move_id = m.id), 0))
          FROM stock_move m
          JOIN b ON b.company_id = m.company_id
          JOIN after_sales_parts_requisition_line l
            ON l.id = m.after_sales_requisition_line_id
          JOIN stock_location src ON src.id = m.location_id
          JOIN stock_location dst ON dst.id = m.location_dest_id
         WHERE m.state = 'done' AND m.date >= b.lo AND m.date < b.hi
           AND (src.usage = 'internal') != (dst.usage = 'internal')
         GROUP BY 1, 2
        """,
    ),
    "after_sales.report.feedback": (
        ["channel_id", "service_type_id", "result"],
        [
            "request_count:sum",
            "record_count:sum",
            "callback_count:sum",
            "satisfied_count:sum",
            "dissatisfied_count:sum",
        ],
        f"""
        WITH b AS ({BOUNDS})
        SELECT channel_id, service_type_id, result,
               SUM(req), SUM(rec), SUM(cb), SUM(sat), SUM(dis)
          FROM (
            SELECT t.channel_id, t.service_type_id, NULL::varchar AS result,
                   1 AS req, 0 AS rec, 0 AS cb, 0 AS sat, 0 AS dis
              FROM helpdesk_ticket t JOIN b ON b.company_id = t.company_id
             WHERE t.active AND t.registered_at >= b.lo AND t.registered_at < b.hi
            UNION ALL
            SELECT t.channel_id, r.service_type_id, r.result, 0, 1, 0, 0, 0
              FROM after_sales_service_record r
              JOIN b ON b.company_id = r.company_id
              JOIN helpdesk_ticket t ON t.id = r.ticket_id
             WHERE r.state = 'done' AND r.end_datetime >= b.lo
               AND r.end_datetime < b.hi
            UNION ALL
            SELECT t.channel_id, c.service_type_id, NULL, 0, 0, 1,
                   (c.satisfaction IN ('excellent', 'good'))::int,
                   (c.satisfaction = 'poor')::int
              FROM after_sales_callback c
              JOIN b ON b.company_id = c.company_id
              JOIN helpdesk_ticket t ON t.id = c.ticket_id
             WHERE c.state = 'done' AND c.done_at >= b.lo AND c.done_at < b.hi
          ) f
         GROUP BY 1, 2, 3
        """,
    ),
    "after_sales.report.cause": (
        ["cause_category_id", "product_id", "user_id", "responsible_party"],
        ["record_count:sum"],
        f"""
        WITH b AS ({BOUNDS})
        SELECT r.cause_category_id, r.product_id, r.user_id, r.responsible_party,
               COUNT(*)
          FROM after_sales_service_record r JOIN b ON b.company_id = r.company_id
         WHERE r.state = 'done' AND r.end_datetime >= b.lo AND r.end_datetime < b.hi
         GROUP BY 1, 2, 3, 4
        """,
    ),
}


def _hand_year():
    """The year's figures and the previous year's, straight from the tables
    (``%(start)s`` … ``%(stop)s`` is the year, ``%(before)s`` the previous
    one's start)."""
    return (
        ["figure"],
        ["value:sum", "previous_value:sum"],
        """
        WITH b AS (
            SELECT co.id AS company_id,
                   (%(before)s::timestamp AT TIME ZONE COALESCE(p.tz, 'UTC'))
                       AT TIME ZONE 'UTC' AS lo,
                   (%(start)s::timestamp AT TIME ZONE COALESCE(p.tz, 'UTC'))
                       AT TIME ZONE 'UTC' AS mid,
                   (%(stop)s::timestamp AT TIME ZONE COALESCE(p.tz, 'UTC'))
                       AT TIME ZONE 'UTC' AS hi
              FROM res_company co JOIN res_partner p ON p.id = co.partner_id
        ),
        f AS (
            SELECT (SELECT COUNT(*) FILTER (WHERE c.registered_at >= b.mid)
                      FROM after_sales_complaint c JOIN b USING (company_id)
                     WHERE c.state != 'cancelled' AND c.registered_at >= b.lo
                       AND c.registered_at < b.hi) AS complaints,
                   (SELECT COUNT(*) FILTER (WHERE c.registered_at < b.mid)
                      FROM after_sales_complaint c JOIN b USING (company_id)
                     WHERE c.state != 'cancelled' AND c.registered_at >= b.lo
                       AND c.registered_at < b.hi) AS complaints_prev,
                   r.*, l.*, t.*, cb.*, pl.*
              FROM (
                SELECT COUNT(*) FILTER (WHERE cur AND st.kind = 'repair'
                                          AND r.outlet_id IS NULL) AS own,
                       COUNT(*) FILTER (WHERE cur AND st.kind = 'repair'
                                          AND r.outlet_id IS NOT NULL) AS outlet,
                       COUNT(*) FILTER (WHERE cur AND st.kind = 'installation')
                           AS inst,
                       COUNT(*) FILTER (WHERE NOT cur AND st.kind = 'repair'
                                          AND r.outlet_id IS NULL) AS own_p,
                       COUNT(*) FILTER (WHERE NOT cur AND st.kind = 'repair'
                                          AND r.outlet_id IS NOT NULL) AS outlet_p,
                       COUNT(*) FILTER (WHERE NOT cur AND st.kind = 'installation')
                           AS inst_p
                  FROM (SELECT r.*, r.end_datetime >= b.mid AS cur
                          FROM after_sales_service_record r
                          JOIN b USING (company_id)
                         WHERE r.state = 'done' AND r.end_datetime >= b.lo
                           AND r.end_datetime < b.hi) r
                  JOIN after_sales_service_type st ON st.id = r.service_type_id
              ) r,
              (
                SELECT SUM(l.amount) FILTER (WHERE cur AND st.kind = 'repair')
                           AS rcost,
                       SUM(l.amount) FILTER (WHERE cur AND st.kind = 'installation')
                           AS icost,
                       SUM(l.amount) FILTER (WHERE NOT cur AND st.kind = 'repair')
                           AS rcost_p,
                       SUM(l.amount) FILTER (WHERE NOT cur
                                               AND st.kind = 'installation')
                           AS icost_p
                  FROM (SELECT l.*, r.end_datetime >= b.mid AS cur
                          FROM after_sales_cost_line l
                          JOIN b USING (company_id)
                          JOIN after_sales_service_record r ON r.id = l.record_id
                         WHERE l.state != 'reversed'
                           AND l.kind IN ('labour', 'travel', 'third_party', 'other')
                           AND r.end_datetime >= b.lo AND r.end_datetime < b.hi) l
                  JOIN helpdesk_ticket t ON t.id = l.ticket_id
                  JOIN after_sales_service_type st ON st.id = t.service_type_id
              ) l,
              (
                SELECT COUNT(*) FILTER (WHERE t.registered_at >= b.mid) AS req,
                       COUNT(t.rework_of_id) FILTER (WHERE t.registered_at >= b.mid)
                           AS rew,
                       COUNT(*) FILTER (WHERE t.registered_at < b.mid) AS req_p,
                       COUNT(t.rework_of_id) FILTER (WHERE t.registered_at < b.mid)
                           AS rew_p
                  FROM helpdesk_ticket t JOIN b USING (company_id)
                 WHERE t.active AND t.registered_at >= b.lo
                   AND t.registered_at < b.hi
              ) t,
              (
                SELECT COUNT(*) FILTER (WHERE c.done_at >= b.mid) AS ans,
                       COUNT(*) FILTER (WHERE c.done_at >= b.mid AND c.satisfaction
                                        IN ('excellent', 'good')) AS sat,
                       COUNT(*) FILTER (WHERE c.done_at < b.mid) AS ans_p,
                       COUNT(*) FILTER (WHERE c.done_at < b.mid AND c.satisfaction
                                        IN ('excellent', 'good')) AS sat_p
                  FROM after_sales_callback c JOIN b USING (company_id)
                 WHERE c.state = 'done' AND c.done_at >= b.lo AND c.done_at < b.hi
              ) cb,
              (
                SELECT -SUM(pl.amount) FILTER (WHERE pl.date >= %(start)s::date
                           AND COALESCE(o.amount, pl.amount) < 0) AS pen,
                       SUM(pl.amount) FILTER (WHERE pl.date >= %(start)s::date
                           AND COALESCE(o.amount, pl.amount) > 0) AS rew_t,
                       -SUM(pl.amount) FILTER (WHERE pl.date < %(start)s::date
                           AND COALESCE(o.amount, pl.amount) < 0) AS pen_p,
                       SUM(pl.amount) FILTER (WHERE pl.date < %(start)s::date
                           AND COALESCE(o.amount, pl.amount) > 0) AS rew_t_p
                  FROM after_sales_penalty_line pl
                  LEFT JOIN after_sales_penalty_line o ON o.id = pl.reversed_line_id
                 WHERE pl.state = 'confirmed' AND pl.date >= %(before)s::date
                   AND pl.date < %(stop)s::date
              ) pl, b
        )
        SELECT v.figure, v.value, v.previous FROM f, LATERAL (VALUES
            ('complaint_count', f.complaints, f.complaints_prev),
            ('repair_count', f.own + f.outlet, f.own_p + f.outlet_p),
            ('repair_own_count', f.own, f.own_p),
            ('repair_outlet_count', f.outlet, f.outlet_p),
            ('repair_cost', f.rcost, f.rcost_p),
            ('repair_cost_per_unit',
             ROUND(f.rcost / NULLIF(f.own + f.outlet, 0), 2),
             ROUND(f.rcost_p / NULLIF(f.own_p + f.outlet_p, 0), 2)),
            ('installation_count', f.inst, f.inst_p),
            ('installation_cost', f.icost, f.icost_p),
            ('request_count', f.req, f.req_p),
            ('rework_count', f.rew, f.rew_p),
            ('repeat_visit_rate', ROUND(100.0 * f.rew / NULLIF(f.req, 0), 2),
             ROUND(100.0 * f.rew_p / NULLIF(f.req_p, 0), 2)),
            ('callback_answered_count', f.ans, f.ans_p),
            ('callback_satisfied_count', f.sat, f.sat_p),
            ('satisfaction_rate', ROUND(100.0 * f.sat / NULLIF(f.ans, 0), 2),
             ROUND(100.0 * f.sat_p / NULLIF(f.ans_p, 0), 2)),
            ('penalty_total', f.pen, f.pen_p),
            ('reward_total', f.rew_t, f.rew_t_p)
        ) AS v(figure, value, previous)
        """,
    )


def _best_pair(first, second, repeat):
    """The best time and the result of each of ``first`` and ``second``, run
    alternately ``repeat`` times: on a machine doing other work meanwhile, both
    sides meet the same load."""
    best, results = [None, None], [None, None]
    for _i in range(repeat):
        for index, run in enumerate((first, second)):
            started = time.perf_counter()
            results[index] = run()
            elapsed = time.perf_counter() - started
            best[index] = elapsed if best[index] is None else min(best[index], elapsed)
    return (best[0], results[0]), (best[1], results[1])


def _norm(value):
    if isinstance(value, tuple):  # many2one (id, name)
        value = value[0]
    if isinstance(value, float):
        value = round(value, 2)
    if value is None:
        value = False
    return value


def time_reports(env, repeat):
    """[(model, groups, orm seconds, sql seconds, ratio)] of the month's (the
    year's) grouped read of each report model present."""
    cr = env.cr
    month_args = {
        "start": MONTH.isoformat(),
        "stop": date(MONTH.year + MONTH.month // 12, MONTH.month % 12 + 1, 1),
    }
    year_args = {
        "before": f"{YEAR - 1}-01-01",
        "start": f"{YEAR}-01-01",
        "stop": f"{YEAR + 1}-01-01",
    }
    cases = [
        (name, *HAND[name], [("month", "=", MONTH)], month_args)
        for name in HAND
        if name in env
    ]
    cases.append(
        ("after_sales.report.year", *_hand_year(), [("year", "=", YEAR)], year_args)
    )
    # Both sides without PostgreSQL's JIT, as the report models read
    # (report_monthly_common.without_jit): with it, compiling the plans costs
    # seconds at a million records, on the hand SQL too.
    cr.execute("SET LOCAL jit = off")
    rows = []
    for name, groupby, aggregates, sql, domain, args in cases:
        model = env[name]

        def orm(model=model, domain=domain, aggregates=aggregates, groupby=groupby):
            env.invalidate_all()
            return model.read_group(domain, aggregates, groupby, lazy=False)

        def hand(sql=sql, args=args):
            cr.execute(sql, args)
            return cr.fetchall()

        (orm_time, groups), (sql_time, table) = _best_pair(orm, hand, repeat)
        measures = [agg.split(":")[0] for agg in aggregates]
        if name == "after_sales.report.year":
            orm_table = {
                g["figure"]: (_norm(g["value"]), _norm(g["previous_value"]))
                for g in groups
            }
            sql_table = {
                fig: (_norm(float(v or 0)), _norm(float(p or 0))) for fig, v, p in table
            }
        else:

            def key(group, groupby=groupby):
                # a date group by its first day (the ORM labels it)
                return tuple(
                    group["__range"][spec]["from"][:10]
                    if ":" in spec
                    else _norm(group[spec])
                    for spec in groupby
                )

            keys = groupby
            orm_table = {key(g): tuple(_norm(g[m]) for m in measures) for g in groups}
            sql_table = {
                tuple(
                    _norm(v.isoformat() if hasattr(v, "isoformat") else v)
                    for v in row[: len(keys)]
                ): tuple(_norm(float(v or 0)) for v in row[len(keys) :])
                for row in table
            }
        same = orm_table == sql_table
        rows.append((name, len(groups), orm_time, sql_time, orm_time / sql_time, same))
    return rows


def print_table(count, rows):
    print()
    print(f"Reports at {count:,} service records (best of the runs, seconds)")
    print(f"{'report':32} {'groups':>7} {'ORM':>8} {'SQL':>8} {'ratio':>6}  same")
    for name, groups, orm_time, sql_time, ratio, same in rows:
        print(
            f"{name:32} {groups:>7} {orm_time:>8.3f} {sql_time:>8.3f}"
            f" {ratio:>6.2f}  {'yes' if same else 'NO'}"
        )


def main(argv):
    ours, odoo_args = split_argv(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("-n", "--count", type=int, default=1_000_000)
    parser.add_argument("--db", help="fill and time this database (kept)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-fill", action="store_true", help="time only")
    args = parser.parse_args(ours)
    database = args.db or f"{args.source}_bench"
    odoo.tools.config.parse_config([*odoo_args, "-d", database])
    if not args.db:
        print(f"Copying {args.source} to {database}", flush=True)
        db_service.exp_duplicate_database(args.source, database)
    try:
        registry = odoo.modules.registry.Registry(database)
        with registry.cursor() as cr:
            if not args.no_fill:
                started = time.perf_counter()
                fill(cr, args.count)
                cr.commit()
                print(f"Filled in {time.perf_counter() - started:.0f} s", flush=True)
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            print_table(args.count, time_reports(env, args.repeat))
    finally:
        if not args.db and not args.keep:
            sql_db.close_all()
            db_service.exp_drop(database)
            print(f"Dropped {database}")


if __name__ == "__main__":
    main(sys.argv[1:])
