# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The screens at a million requests against the same screens at 10,000 (issue
24, "A million requests").

For each screen, the calls the web client makes to open it (the views' own
field specifications, read from ``get_views`` as the role's user), run as the
role's user in its company, timed best of ``--repeat`` (SMALL and LARGE in
turn, run by run, so that the machine's load weighs on both), in SMALL and LARGE
(two databases ``bench_data.py`` built, e.g. with ``-n 10000`` and
``-n 1000000``); prints both times, the ratio LARGE / SMALL and the number of
statements, then for each screen the ``EXPLAIN ANALYZE`` of its slowest
statement in LARGE, flagging a sequential scan of a big table.

The screens: the request list and kanban (the menu's default "Open" filter),
the search by number, serial, phone and customer (the search view's filter
domains; the number's and the phone's go through ``display_name``), the
request dropdown (``name_search``), the equipment history of a serial, the
engineer's "my requests" and the supervisor's board (open requests grouped by
engineer and stage). The reports are ``bench_reports.py``'s.

Nothing is written: each database is rolled back.

Usage (the options after ``--`` are Odoo's)::

    python3 scripts/bench_screens.py SMALL LARGE [--repeat 5] [--only NAME] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import argparse
import sys
import time
from contextlib import ExitStack

from bench_cli import split_argv  # scripts/ is on the path

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.tools import SQL

KANBAN_LIMIT = 40  # a kanban column's first cards
COUNT_LIMIT = 10001  # the pager's count


# ----------------------------------------------------------------------
# What the web client asks for
# ----------------------------------------------------------------------


# ----------------------------------------------------------------------
# The screens
# ----------------------------------------------------------------------

OPEN = [("closed", "=", False)]  # helpdesk_mgmt's "Open", the menu's default
LIST_LIMIT = 80  # the list's page


def view_spec(model, view_type, view_id=False):
    """The addon's own (tools/view_spec.py), importable once the addons path
    is set (after the configuration is parsed)."""
    from odoo.addons.after_sales_service.tools import view_spec as spec

    return spec.view_spec(model, view_type, view_id)


def _list(tickets, domain):
    spec = view_spec(tickets, "list")
    return lambda: tickets.web_search_read(
        domain, spec, limit=LIST_LIMIT, count_limit=COUNT_LIMIT
    )


def _kanban(tickets, domain):
    spec = view_spec(tickets, "kanban")

    def run():
        groups = tickets.web_read_group(domain, ["stage_id"], ["stage_id"])
        return [
            tickets.web_search_read(
                domain + [("stage_id", "=", group["stage_id"][0])],
                spec,
                limit=KANBAN_LIMIT,
            )
            for group in groups["groups"]
            if group["stage_id"] and not group.get("__fold")
        ]

    return run


def _history(env, sample):
    lots = env["stock.lot"]
    view = env.ref("after_sales_service.stock_lot_view_form_after_sales_history")
    spec = view_spec(lots, "form", view.id)
    lot = lots.browse(sample["lot_id"])
    return lambda: lot.web_read(spec)


def _board(tickets):
    return lambda: tickets.web_read_group(
        OPEN, ["__count"], ["user_id", "stage_id"], lazy=False
    )


SCREENS = [
    # (name, role's login, maker(env of the role, sample) -> the call)
    (
        "request list",
        "as_clerk",
        lambda env, s: _list(env["helpdesk.ticket"], OPEN),
    ),
    (
        "request kanban",
        "as_clerk",
        lambda env, s: _kanban(env["helpdesk.ticket"], OPEN),
    ),
    (
        "search by number",
        "as_clerk",
        lambda env, s: _list(
            env["helpdesk.ticket"], [("display_name", "ilike", s["number"])]
        ),
    ),
    (
        "search by serial",
        "as_clerk",
        lambda env, s: _list(
            env["helpdesk.ticket"], [("lot_id", "ilike", s["serial"])]
        ),
    ),
    (
        "search by phone",
        "as_clerk",
        lambda env, s: _list(
            env["helpdesk.ticket"], [("display_name", "ilike", s["phone"])]
        ),
    ),
    (
        "search by customer",
        "as_clerk",
        lambda env, s: _list(
            env["helpdesk.ticket"], [("partner_id", "ilike", s["customer"])]
        ),
    ),
    (
        "request dropdown",
        "as_clerk",
        lambda env, s: lambda: env["helpdesk.ticket"].name_search(s["number"], limit=8),
    ),
    ("equipment history", "as_clerk", _history),
    (
        "my requests",
        "as_engineer",
        lambda env, s: _list(
            env["helpdesk.ticket"], [("user_id", "=", env.uid), *OPEN]
        ),
    ),
    (
        "supervisor's board",
        "as_supervisor",
        lambda env, s: _board(env["helpdesk.ticket"]),
    ),
]


def sample(cr, company_id):
    """A request in the middle of the company's bench requests: its number,
    serial, customer's phone and name."""
    cr.execute(
        "SELECT count(*) FROM helpdesk_ticket"
        " WHERE company_id = %s AND number LIKE 'BR-%%'",
        [company_id],
    )
    (count,) = cr.fetchone()
    cr.execute(
        """SELECT t.number, lot.id, lot.name, p.phone, p.name
             FROM helpdesk_ticket t
             JOIN stock_lot lot ON lot.id = t.lot_id
             JOIN res_partner p ON p.id = t.partner_id
            WHERE t.company_id = %s AND t.number LIKE 'BR-%%'
            ORDER BY t.id OFFSET %s LIMIT 1""",
        [company_id, count // 2],
    )
    number, lot_id, serial, phone, customer = cr.fetchone()
    return {
        "number": number,
        "lot_id": lot_id,
        "serial": serial,
        "phone": phone,
        "customer": customer,
    }


# ----------------------------------------------------------------------
# Timing and plans
# ----------------------------------------------------------------------


class Statements:
    """Records the statements a cursor runs (SQL, parameters, seconds)."""

    def __init__(self):
        self.log = None
        self._execute = sql_db.Cursor.execute

    def __enter__(self):
        self.log = []
        original, log = self._execute, self.log

        def execute(cursor, query, params=None, log_exceptions=True):
            started = time.perf_counter()
            result = original(cursor, query, params, log_exceptions)
            if isinstance(query, SQL):
                query, params = query.code, query.params
            log.append((query, params, time.perf_counter() - started))
            return result

        sql_db.Cursor.execute = execute
        return self

    def __exit__(self, *exc):
        sql_db.Cursor.execute = self._execute


def _role_env(env, login):
    user = env["res.users"].search([("login", "=", login)])
    if not user:
        sys.exit(f"No user {login}")
    return api.Environment(
        env.cr,
        user.id,
        {
            "lang": "en_US",
            "tz": "Asia/Shanghai",
            "allowed_company_ids": [user.company_id.id],
            "bin_size": True,
        },
    )


class Side:
    """One database, open for the run: its cursor, superuser env and sample."""

    def __init__(self, stack, database):
        self.cr = stack.enter_context(odoo.modules.registry.Registry(database).cursor())
        stack.callback(self.cr.rollback)  # nothing is kept
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.cr.execute("SELECT count(*) FROM helpdesk_ticket")
        (self.requests,) = self.cr.fetchone()
        home = self.env["res.users"].search([("login", "=", "as_clerk")]).company_id
        self.sample = sample(self.cr, home.id)

    def call(self, login, maker):
        role = _role_env(self.env, login)
        call = maker(role, self.sample)
        call()  # warm: the view's and the rules' caches, as a server's
        return role, call


def _once(role, call):
    role.invalidate_all()
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(databases, repeat, only, plans):
    """[(screen, [(best seconds, statements, plan lines)] per database)]: the
    databases timed in turn, run by run (the machine's load moves both)."""
    results = []
    with ExitStack() as stack:
        sides = [Side(stack, database) for database in databases]
        for side, database in zip(sides, databases, strict=True):
            print(f"{database}: {side.requests:,} requests", flush=True)
        for name, login, maker in SCREENS:
            if only and name not in only:
                continue
            calls = [side.call(login, maker) for side in sides]
            best = [None] * len(sides)
            for _i in range(repeat):
                for index, (role, call) in enumerate(calls):
                    elapsed = _once(role, call)
                    if best[index] is None or elapsed < best[index]:
                        best[index] = elapsed
            row = []
            for side, (role, call), seconds in zip(sides, calls, best, strict=True):
                role.invalidate_all()
                with Statements() as statements:
                    call()
                plan = _plan(side.cr, statements.log) if plans else []
                row.append((seconds, len(statements.log), plan))
            results.append((name, row))
            print(
                f"  {name}: "
                + ", ".join(f"{r[0] * 1000:.1f} ms ({r[1]} statements)" for r in row),
                flush=True,
            )
    return [side.requests for side in sides], results


def _big_tables(cr):
    cr.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 50000")
    return {name for (name,) in cr.fetchall()}


def _plan(cr, log):
    """The EXPLAIN ANALYZE of the slowest SELECT of ``log``."""
    selects = [entry for entry in log if entry[0].lstrip().upper().startswith("SELECT")]
    if not selects:
        return []
    query, params, _seconds = max(selects, key=lambda entry: entry[2])
    cr.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {query}", params)
    lines = [row[0] for row in cr.fetchall()]
    big = _big_tables(cr)
    flagged = [
        line
        for line in lines
        if "Seq Scan on" in line and line.split("Seq Scan on ")[1].split()[0] in big
    ]
    return [" ".join(query.split())[:300], *lines, *(f"!! {line}" for line in flagged)]


def main(argv):
    ours, odoo_args = split_argv(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", action="append", help="a screen's name")
    parser.add_argument("--no-plans", action="store_true")
    args = parser.parse_args(ours)
    odoo.tools.config.parse_config([*odoo_args, "-d", args.small])
    (n_small, n_large), results = measure(
        [args.small, args.large], args.repeat, args.only, not args.no_plans
    )
    print()
    print(
        f"Screens at {n_large:,} requests against {n_small:,} (best of"
        f" {args.repeat}, the two databases in turn, ms; statements)"
    )
    print(f"{'screen':22} {'small':>8} {'large':>8} {'ratio':>6} {'stmts':>11}")
    for name, ((base, base_count, _), (seconds, count, _plan)) in results:
        print(
            f"{name:22} {base * 1000:>8.1f} {seconds * 1000:>8.1f}"
            f" {seconds / base:>6.2f} {base_count:>5} {count:>5}"
        )
    for name, (_small, (_seconds, _count, plan)) in results:
        if plan:
            print()
            print(f"== {name}: slowest statement at {n_large:,}")
            for line in plan:
                print(f"   {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
