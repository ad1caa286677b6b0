# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Benchmark of the penalty ledger job (R-PEN-3) against one hand-written
``INSERT … SELECT`` doing the same join.

Records N performance events of the main company's engineer inside one
transaction (phone resolutions, late work logs, missing record items, missed
contact deadlines, evaluations), then times, each from the same fresh state (a
savepoint rolled back in between):

* the hand-written SQL: one ``INSERT … SELECT`` of events × rules (kind, key,
  company, fixed or per-unit amount) ``ON CONFLICT DO NOTHING`` — without the
  evaluation conditions and the company time zone the job also handles;
* ``after_sales.penalty.line._generate_lines``: the same lines, batch by batch;
* its re-run with nothing new.

Prints the times and the ratio, then rolls everything back.

Usage (the options after the database are passed to Odoo's configuration)::

    python3 scripts/bench_penalty_ledger.py DB [-n 10000] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import sys
import time

import bench_cli

from odoo import fields
from odoo.tools import SQL

HAND_INSERT = """
    INSERT INTO after_sales_penalty_line
           (event_id, rule_id, employee_id, company_id, date, amount, origin, state,
            dispute_state, create_uid, create_date, write_uid, write_date)
    SELECT e.id, r.id, e.employee_id, e.company_id, e.occurred_at::date,
           CASE WHEN r.amount_mode = 'per_unit' THEN r.amount * e.quantity
                ELSE r.amount END,
           'auto', 'draft', 'none', 1, %(now)s, 1, %(now)s
      FROM after_sales_performance_event e
      JOIN after_sales_penalty_rule r
        ON r.company_id = e.company_id AND r.active AND r.trigger = 'event'
       AND r.event_kind = e.kind AND COALESCE(r.event_key, '') IN ('', e.key)
       AND r.condition = 'none'
     WHERE e.employee_id IS NOT NULL AND e.occurred_at >= %(since)s
    ON CONFLICT (event_id, rule_id) DO NOTHING
"""
KINDS = (
    ("phone_resolution", "", 1.0, None),
    ("work_log_late", "", 2.0, None),
    ("record_missing_item", "cause", 1.0, None),
    ("sla_breach", "contacted", 1.0, None),
    ("record_evaluation", "attitude", 1.0, "excellent"),
)


def bench(env, count):
    company = env.ref("base.main_company")
    employee = env["hr.employee"].create(
        {"name": "Ledger bench", "company_id": company.id}
    )
    now = fields.Datetime.now()
    started = time.perf_counter()
    env["after_sales.performance.event"]._record(
        [
            {
                "kind": kind,
                "key": key,
                "quantity": quantity,
                "value": value,
                "res_model": "ledger.bench",
                "res_id": i,
                "company_id": company.id,
                "employee_id": employee.id,
                "occurred_at": now,
            }
            for i in range(count)
            for kind, key, quantity, value in (KINDS[i % len(KINDS)],)
        ]
    )
    env.cr.execute("ANALYZE after_sales_performance_event")
    print(f"recorded {count} events in {time.perf_counter() - started:.1f} s")
    cr = env.cr
    Line = env["after_sales.penalty.line"]
    since = fields.Date.subtract(fields.Date.today().replace(day=1), months=1)

    def timed(label, run):
        savepoint = cr.savepoint(flush=True)
        env.invalidate_all()
        started = time.perf_counter()
        run()
        env.flush_all()
        seconds = time.perf_counter() - started
        cr.execute(
            "SELECT count(*) FROM after_sales_penalty_line WHERE employee_id = %s",
            [employee.id],
        )
        print(f"{label}: {cr.fetchone()[0]} lines in {seconds:.3f} s")
        return savepoint, seconds

    def hand_sql():
        cr.execute(SQL(HAND_INSERT, now=now, since=since))

    savepoint, hand_s = timed("hand-written INSERT … SELECT", hand_sql)
    savepoint.close()
    savepoint, job_s = timed("ledger job", Line._generate_lines)
    before = cr.sql_log_count
    started = time.perf_counter()
    again = Line._generate_lines()
    print(
        f"re-run: {again} new lines in {time.perf_counter() - started:.3f} s, "
        f"{cr.sql_log_count - before} queries"
    )
    savepoint.close()
    savepoint, hand_again_s = timed("hand-written INSERT … SELECT again", hand_sql)
    savepoint.close()
    hand_s = (hand_s + hand_again_s) / 2
    print(f"ratio to the hand SQL (mean {hand_s:.3f} s): {job_s / hand_s:.2f}x")


def main(argv):
    bench_cli.run(
        argv,
        __doc__,
        bench,
        [(("-n", "--events"), 10000)],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
