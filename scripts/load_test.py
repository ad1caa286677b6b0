# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Load test (issue 24): the day's work of many users at once on a copy of the
demo database, served by Odoo with several workers, the scheduled jobs running.

Copies SOURCE (the demo database) to ``SOURCE_load``, starts Odoo on it
(``--workers``, ``--max-cron-threads``, listening on 127.0.0.1 only, on a
private port), makes the breach and ledger jobs due every minute, then runs
``--sessions`` JSON-RPC sessions at once for ``--seconds``, each logged in as a
demo role doing that role's operations in a loop: the clerk registers requests
and finds them, the supervisor dispatches, approves parts requisitions and
reads the board, the engineers read their requests, open service records and
ask for parts, the warehouse keeper lists the parts to issue and issues them
(real pickings), the manager and finance read the month's report. The first
four sessions are the clerk, an engineer, the supervisor and the warehouse. It prints
operations per minute, p50/p95/p99 per operation and every error with its
text (a refusal a user would read — a ``UserError`` — is counted apart, as
refused), then checks in SQL that nothing was lost or doubled: every
acknowledged create exists, request numbers are unique, one breach per request
and milestone, one ledger line per event and rule, balanced journal entries.
Exits 1 on any error or inconsistency. Stops Odoo and drops the copy.

Usage (the options after ``--`` are Odoo's: database connection, addons path)::

    python3 scripts/load_test.py SOURCE [--sessions 20] [--seconds 60] \\
        [--port 8190] [--workers 4] [--max-cron-threads 2] -- --db_host=... \\
        --db_port=... --db_user=... --addons-path=... --data-dir=...
"""

import argparse
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from bench_cli import split_argv  # scripts/ is on the path

import odoo
from odoo import sql_db

ROLES = (
    "as_clerk",
    "as_engineer",
    "as_supervisor",
    "as_warehouse",
    "as_engineer2",
    "as_clerk",
    "as_manager",
    "as_finance",
)
JOBS = (
    "after_sales_service.ir_cron_sla_detect_breaches",
    "after_sales_service.ir_cron_penalty_generate_lines",
)


class RpcError(Exception):
    def __init__(self, kind, text):
        super().__init__(text)
        self.kind = kind  # "refused" (a message for the user) or "error"


class Session:
    """One user's JSON-RPC session (``/jsonrpc``, the external API)."""

    _ids = itertools.count(1)

    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.uid = self._call("common", "login", db, login, login)
        if not self.uid:
            raise RuntimeError(f"cannot log in as {login}")

    def _call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self._ids),
            "params": {"service": service, "method": method, "args": list(args)},
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
        if "error" in body:
            data = body["error"].get("data", {})
            name = data.get("name", "")
            text = data.get("message") or body["error"].get("message", "")
            refused = name.endswith(("UserError", "ValidationError", "RedirectWarning"))
            raise RpcError("refused" if refused else "error", f"{name}: {text}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.login,
            model,
            method,
            list(args),
            kwargs,
        )


class Load:
    """The operations of each role, their timings, errors and what was made."""

    def __init__(self, url, db, refs, think=0.0):
        self.url, self.db, self.refs = url, db, refs
        self.think = think  # a user's pause between two operations (seconds)
        # operations before this moment (the warm-up) are not timed: each worker
        # fills its caches (rights, rules, translations) on its first calls
        self.measure_from = 0.0
        self.lock = threading.Lock()
        self.timings = {}
        self.errors = []
        self.refused = {}
        self.created = {
            "helpdesk.ticket": [],
            "after_sales.service.record": [],
            "after_sales.parts.requisition": [],
        }

    def _timed(self, name, run):
        if self.think:
            time.sleep(self.think * (0.5 + random.random()))  # noqa: S311
        started = time.perf_counter()
        try:
            result = run()
        except RpcError as error:
            with self.lock:
                if error.kind == "refused":
                    self.refused[name] = self.refused.get(name, 0) + 1
                else:
                    self.errors.append((name, str(error)[:300]))
            return None
        except (OSError, urllib.error.URLError) as error:
            with self.lock:
                self.errors.append((name, f"{type(error).__name__}: {error}"[:300]))
            return None
        elapsed = time.perf_counter() - started
        if time.monotonic() >= self.measure_from:
            with self.lock:
                self.timings.setdefault(name, []).append(elapsed)
        return result

    # -- the roles' operations --------------------------------------------

    def clerk(self, session, rng):
        def register():
            ticket_id = session.call(
                "helpdesk.ticket",
                "create",
                {
                    "name": f"Load test call {rng.randrange(10**6)}",
                    "description": "<p>Unit does not start.</p>",
                    "partner_id": rng.choice(self.refs["customers"]),
                    "service_type_id": self.refs["repair"],
                    "team_id": self.refs["team"],
                },
            )
            with self.lock:
                self.created["helpdesk.ticket"].append(ticket_id)
            return ticket_id

        self._timed("register a request", register)
        self._timed(
            "find a request",
            lambda: session.call(
                "helpdesk.ticket",
                "search_read",
                [("number", "ilike", f"-{rng.randrange(10):d}")],
                fields=["number", "name", "partner_id", "stage_id", "user_id"],
                limit=80,
            ),
        )

    def supervisor(self, session, rng):
        def dispatch():
            ids = session.call(
                "helpdesk.ticket",
                "search",
                [("user_id", "=", False), ("stage_id.closed", "=", False)],
                limit=20,
            )
            if ids:
                session.call("helpdesk.ticket", "action_dispatch", [rng.choice(ids)])

        self._timed("dispatch", dispatch)

        def approve():
            ids = session.call(
                "after_sales.parts.requisition",
                "search",
                [("state", "=", "requested")],
                limit=20,
            )
            if ids:
                session.call(
                    "after_sales.parts.requisition", "action_approve", [rng.choice(ids)]
                )

        self._timed("approve parts", approve)
        self._timed(
            "the supervisor's board",
            lambda: session.call(
                "helpdesk.ticket",
                "read_group",
                [("stage_id.closed", "=", False)],
                ["user_id"],
                ["user_id", "stage_id"],
                lazy=False,
            ),
        )

    def engineer(self, session, rng):
        mine = self._timed(
            "my requests",
            lambda: session.call(
                "helpdesk.ticket",
                "search_read",
                [("user_id", "=", session.uid), ("stage_id.closed", "=", False)],
                fields=["number", "name", "partner_id", "sla_status"],
                limit=80,
            ),
        )
        if mine:
            ticket = rng.choice(mine)

            def record():
                record_id = session.call(
                    "after_sales.service.record",
                    "create",
                    {"ticket_id": ticket["id"], "user_id": session.uid},
                )
                with self.lock:
                    self.created["after_sales.service.record"].append(record_id)

            self._timed("open a service record", record)

            def request_parts():
                requisition_id = session.call(
                    "after_sales.parts.requisition",
                    "create",
                    {
                        "ticket_id": ticket["id"],
                        "line_ids": [
                            (0, 0, {"product_id": rng.choice(self.refs["parts"])})
                        ],
                    },
                )
                session.call(
                    "after_sales.parts.requisition", "action_request", [requisition_id]
                )
                with self.lock:
                    self.created["after_sales.parts.requisition"].append(requisition_id)

            if self.refs["parts"]:
                self._timed("request parts", request_parts)

    def warehouse(self, session, rng):
        waiting = self._timed(
            "parts to issue",
            lambda: session.call(
                "after_sales.parts.requisition",
                "search_read",
                [("state", "in", ("approved", "partial"))],
                fields=["name", "ticket_id", "engineer_id", "state"],
                limit=80,
            ),
        )
        if waiting:
            self._timed(
                "issue parts",
                lambda: session.call(
                    "after_sales.parts.requisition",
                    "action_issue",
                    [rng.choice(waiting)["id"]],
                ),
            )

    def manager(self, session, rng):
        self._timed(
            "the month's labour report",
            lambda: session.call(
                "after_sales.report.labour",
                "read_group",
                [],
                ["labour_hours:sum"],
                ["month:month", "user_id"],
                lazy=False,
            ),
        )

    finance = manager

    def run_session(self, login, stop_at, seed):
        rng = random.Random(seed)
        try:
            session = Session(self.url, self.db, login)
        except (RpcError, OSError, RuntimeError) as error:
            with self.lock:
                self.errors.append(("log in", f"{login}: {error}"[:300]))
            return
        role = login.removeprefix("as_").rstrip("2")
        work = getattr(self, role)
        while time.monotonic() < stop_at:
            work(session, rng)


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _wait_up(url, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Odoo stopped while starting (see its log)")
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(1)
    raise RuntimeError("Odoo did not answer in time")


def _refs(cr):
    def ref(xmlid):
        module, name = xmlid.split(".")
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
            [module, name],
        )
        return cr.fetchone()[0]

    cr.execute(
        "SELECT company_id FROM res_users WHERE login = 'as_clerk'",
    )
    company_id = cr.fetchone()[0]
    cr.execute(
        """SELECT DISTINCT partner_id FROM helpdesk_ticket
            WHERE company_id = %s AND partner_id IS NOT NULL
            ORDER BY partner_id LIMIT 50""",
        [company_id],
    )
    customers = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT id FROM helpdesk_ticket_team WHERE company_id = %s AND active"
        " ORDER BY id LIMIT 1",
        [company_id],
    )
    team = cr.fetchone()
    # parts the demo's requisitions ask for, untracked, in stock in the company
    cr.execute(
        """SELECT DISTINCT l.product_id FROM after_sales_parts_requisition_line l
             JOIN product_product pp ON pp.id = l.product_id
             JOIN product_template pt ON pt.id = pp.product_tmpl_id
            WHERE l.company_id = %s AND pt.tracking = 'none'
              AND EXISTS (SELECT 1 FROM stock_quant q
                            JOIN stock_location sl ON sl.id = q.location_id
                           WHERE q.product_id = l.product_id
                             AND sl.usage = 'internal' AND q.quantity > 0)
            ORDER BY 1""",
        [company_id],
    )
    parts = [row[0] for row in cr.fetchall()]
    return {
        "repair": ref("after_sales_service.service_type_repair"),
        "team": team[0] if team else ref("after_sales_service.team_after_sales"),
        "customers": customers,
        "parts": parts,
        "jobs": [ref(xmlid) for xmlid in JOBS],
    }


CHECKS = {
    # numbers the run gave (a request made during the run shares its number)
    "request numbers used twice": """
        SELECT count(*) FROM (SELECT number FROM helpdesk_ticket
                               WHERE number IS NOT NULL
                               GROUP BY company_id, number
                              HAVING count(*) > 1
                                 AND max(id) > %(last_ticket)s) d""",
    "breaches twice for a request and milestone": """
        SELECT count(*) FROM (SELECT 1 FROM after_sales_sla_breach
                               GROUP BY ticket_id, milestone HAVING count(*) > 1) d""",
    "ledger lines twice for an event and rule": """
        SELECT count(*) FROM (SELECT 1 FROM after_sales_penalty_line
                               WHERE event_id IS NOT NULL
                               GROUP BY event_id, rule_id HAVING count(*) > 1) d""",
    "performance events twice": """
        SELECT count(*) FROM (SELECT 1 FROM after_sales_performance_event
                               GROUP BY kind, res_model, res_id, key
                              HAVING count(*) > 1) d""",
    "unbalanced journal entries": """
        SELECT count(*) FROM (SELECT move_id FROM account_move_line
                               GROUP BY move_id
                              HAVING round(sum(debit) - sum(credit), 2) != 0) d""",
    "pickings twice for a requisition line": """
        SELECT count(*) FROM (SELECT m.after_sales_requisition_line_id
                                FROM stock_move m
                                JOIN stock_picking p ON p.id = m.picking_id
                               WHERE m.after_sales_requisition_line_id IS NOT NULL
                                 AND m.state != 'cancel'
                               GROUP BY m.after_sales_requisition_line_id,
                                        p.picking_type_id, m.location_id
                              HAVING count(DISTINCT p.id) > 1) d""",
}


def check(cr, created, last_ticket):
    """[(what, count)] of the inconsistencies found (``last_ticket``: the
    last request before the run)."""
    problems = []
    for model, ids in created.items():
        table = model.replace(".", "_")
        cr.execute(
            f"SELECT count(*) FROM {table} WHERE id = ANY(%s)",  # noqa: S608
            [ids],
        )
        missing = len(set(ids)) - cr.fetchone()[0]
        problems.append((f"acknowledged {model} creates missing", missing))
    for what, query in CHECKS.items():
        cr.execute(query, {"last_ticket": last_ticket})
        problems.append((what, cr.fetchone()[0]))
    return problems


def main(argv):
    ours, odoo_args = split_argv(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-cron-threads", type=int, default=2)
    parser.add_argument("--log", default="load_test.odoo.log")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="each user pauses about this many seconds before each operation "
        "(0: back to back, a stress test)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=0.0,
        help="the operations of the first seconds are not timed (their errors "
        "and inconsistencies count)",
    )
    args = parser.parse_args(ours)
    database = f"{args.source}_load"
    odoo.tools.config.parse_config([*odoo_args, "-d", database])
    config = odoo.tools.config
    with sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{database}"')
        cr.execute(f'CREATE DATABASE "{database}" TEMPLATE "{args.source}"')
    source_files = os.path.join(config["data_dir"], "filestore", args.source)
    copy_files = os.path.join(config["data_dir"], "filestore", database)
    if os.path.isdir(source_files):
        shutil.copytree(source_files, copy_files, dirs_exist_ok=True)
    url = f"http://127.0.0.1:{args.port}"
    process = None
    try:
        with sql_db.db_connect(database).cursor() as cr:
            refs = _refs(cr)
            cr.execute("SELECT COALESCE(max(id), 0) FROM helpdesk_ticket")
            last_ticket = cr.fetchone()[0]
            # the jobs run while the users work: due now, every minute
            cr.execute(
                """UPDATE ir_cron
                      SET active = TRUE, nextcall = now() AT TIME ZONE 'UTC',
                          interval_number = 1, interval_type = 'minutes'
                    WHERE id = ANY(%s)""",
                [refs["jobs"]],
            )
            cr.commit()
        home = os.path.dirname(os.path.dirname(odoo.__file__))
        odoo_bin = os.path.join(home, "odoo-bin")
        command = [sys.executable, odoo_bin]
        if not os.path.exists(odoo_bin):
            command = [sys.executable, "-m", "odoo"]
        with open(args.log, "w") as log:
            process = subprocess.Popen(
                [
                    *command,
                    *odoo_args,
                    "-d",
                    database,
                    f"--db-filter=^{database}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={args.port}",
                    f"--workers={args.workers}",
                    f"--max-cron-threads={args.max_cron_threads}",
                    "--limit-time-real=600",
                    "--log-level=warn",
                    # the calls Odoo replays after a concurrency error (counted)
                    "--log-handler=odoo.service.model:INFO",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_up(url, process)
        load = Load(url, database, refs, args.think)
        load.measure_from = time.monotonic() + args.warmup
        stop_at = load.measure_from + args.seconds
        threads = [
            threading.Thread(
                target=load.run_session,
                args=(ROLES[index % len(ROLES)], stop_at, index),
            )
            for index in range(args.sessions)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - max(started, load.measure_from)
        total = sum(len(values) for values in load.timings.values())
        print(
            f"\n{args.sessions} sessions for {elapsed:.0f} s, {args.workers} workers,"
            f" {args.max_cron_threads} cron workers, think time {args.think:g} s"
            f" (after {args.warmup:g} s of warm-up, not timed):"
            f" {total} operations, {total * 60 / elapsed:.0f} operations/min"
        )
        print(f"{'operation':32} {'count':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
        for name, values in sorted(load.timings.items()):
            print(
                f"{name:32} {len(values):>6} {_percentile(values, 0.5):>7.3f}"
                f" {_percentile(values, 0.95):>7.3f} {_percentile(values, 0.99):>7.3f}"
            )
        for name, count in sorted(load.refused.items()):
            print(f"refused (a message for the user): {name}: {count}")
        with open(args.log, errors="replace") as log:
            replays = sum("tries left, try again" in line for line in log)
        print(f"calls replayed by Odoo after a concurrent update: {replays}")
        print(f"errors: {len(load.errors)}")
        for name, text in load.errors[:20]:
            print(f"  {name}: {text}")
        with sql_db.db_connect(database).cursor() as cr:
            problems = check(cr, load.created, last_ticket)
            for what, count in problems:
                print(f"check: {what}: {count}")
            cr.execute(
                """SELECT company_id, number, array_agg(id ORDER BY id)
                     FROM helpdesk_ticket WHERE number IS NOT NULL
                    GROUP BY company_id, number
                   HAVING count(*) > 1 AND max(id) > %s""",
                [last_ticket],
            )
            for company_id, number, ids in cr.fetchall():
                print(f"  number {number} of company {company_id}: requests {ids}")
        bad = sum(count for _what, count in problems)
        print(f"inconsistencies: {bad}")
        return 1 if load.errors or bad or not total else 0
    finally:
        if process:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        sql_db.close_all()
        if not args.keep:
            with sql_db.db_connect("postgres").cursor() as cr:
                cr._cnx.autocommit = True
                cr.execute(f'DROP DATABASE IF EXISTS "{database}"')
            shutil.rmtree(copy_files, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
