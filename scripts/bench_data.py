# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Grow a database to a million requests (issue 24, "A million requests").

Copies SOURCE into ``--db`` (or fills ``--db`` as it is with ``--in-place``),
then, by set-based SQL (``INSERT … SELECT`` over ``generate_series``):

* N requests with one service record each, their callbacks, complaints, cost
  lines, valued parts moves, deadlines, one performance event and ledger lines
  (``bench_reports.fill``; skipped with ``--no-fill`` when SOURCE already holds
  them, e.g. a database ``bench_reports.py --keep`` filled);
* ten companies (the missing ones created through the ORM first, so that each
  has its warehouse, sequences and accounts), the requests spread over them;
* one customer (with a phone) per five requests and one serial number per three
  requests in the request's company, so that a search by customer, phone or
  serial and an equipment history find a handful of rows, as in real life;
* a backlog of ``--open`` open requests (default 2,000, whatever N: the open
  work is the department's size, not its history's), the rest closed;
* a second service record for every other request (1.5 records per request);
* ``--events`` performance events per request in all (default 10).

Then ``ANALYZE``. The database is kept: ``bench_screens.py`` times the screens
in it. ``-n 10000`` builds the small one the screens are compared with.

Usage (the options after ``--`` are Odoo's)::

    python3 scripts/bench_data.py SOURCE --db TARGET [-n 1000000] [--no-fill] \\
        [--open 2000] [--events 10] -- --db_host=... --addons-path=...
"""

import argparse
import sys
import time

from bench_cli import split_argv
from bench_clone import clone_from_template, copy_rows, one  # scripts/ on the path
from bench_reports import fill

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import db as db_service

COMPANIES = 10
PER_CUSTOMER = 5  # requests per customer
PER_SERIAL = 3  # requests per serial number

# The bench requests (numbered ``BR-g`` by bench_reports.fill) and their g.
TICKETS = (
    "SELECT t.*, substr(t.number, 4)::int AS g FROM helpdesk_ticket t"
    " WHERE t.number LIKE 'BR-%'"
)


def _timed(cr, label, query):
    started = time.perf_counter()
    cr.execute(query)  # no parameters: % is SQL's
    print(
        f"  {label}: {cr.rowcount:,} rows in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def ensure_companies(env, home):
    """The ids of ``COMPANIES`` companies, ``home`` (the bench data's) first;
    the missing ones created through the ORM."""
    companies = env["res.company"].search([("id", "!=", home)], order="id")
    for index in range(len(companies) + 1, COMPANIES):
        started = time.perf_counter()
        companies |= env["res.company"].create({"name": f"Bench Company {index}"})
        print(
            f"  company {index}: created in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    env.flush_all()
    return [home, *companies.ids[: COMPANIES - 1]]


def spread(cr, companies, backlog):
    """Customers, serials, companies and a bounded backlog for the requests
    (and their service records and events)."""
    count = one(cr, "SELECT count(*) FROM helpdesk_ticket WHERE number LIKE 'BR-%'")
    ticket = one(cr, "SELECT id FROM helpdesk_ticket WHERE number = 'BR-1'")
    partner = one(cr, "SELECT partner_id FROM helpdesk_ticket WHERE id = %s", ticket)
    lot = one(cr, "SELECT id FROM stock_lot ORDER BY id LIMIT 1")
    product = one(cr, "SELECT product_id FROM stock_lot WHERE id = %s", lot)
    company_array = "ARRAY[" + ",".join(map(str, companies)) + "]::int[]"
    # serial k serves requests 3k-2 .. 3k; the request's company is its serial's
    company_of = f"({company_array})[1 + mod((%s - 1) / {PER_SERIAL}, {COMPANIES})]"
    customers = -(-count // PER_CUSTOMER)
    serials = -(-count // PER_SERIAL)
    print(
        f"Spreading {count:,} requests: {customers:,} customers, {serials:,}"
        f" serials, {len(companies)} companies, {backlog:,} open",
        flush=True,
    )
    clone_from_template(
        cr,
        "res_partner",
        partner,
        f"SELECT g FROM generate_series(1, {customers}) g",
        {
            "name": "'Bench Customer ' || s.g",
            "complete_name": "'Bench Customer ' || s.g",
            "phone": "'138 ' || substr(lpad(s.g::text, 8, '0'), 1, 4)"
            " || ' ' || substr(lpad(s.g::text, 8, '0'), 5, 4)",
            "mobile": "NULL",
            "email": "NULL",
            "ref": "'BC-' || s.g",
            "vat": "NULL",
            "barcode": "NULL",
            "parent_id": "NULL",
            "company_id": "NULL",
            "commercial_partner_id": "NULL",
        },
    )
    _timed(
        cr,
        "res_partner commercial",
        "UPDATE res_partner SET commercial_partner_id = id"
        " WHERE ref LIKE 'BC-%' AND commercial_partner_id IS NULL",
    )
    clone_from_template(
        cr,
        "stock_lot",
        lot,
        f"SELECT g FROM generate_series(1, {serials}) g",
        {
            "name": "'BSN' || lpad(s.g::text, 8, '0')",
            "product_id": str(product),
            "ref": "NULL",
            "company_id": company_of.replace("%s", "(3 * s.g)"),
        },
    )
    open_stage = one(
        cr,
        "SELECT id FROM helpdesk_ticket_stage WHERE NOT closed"
        " ORDER BY sequence DESC, id LIMIT 1",
    )
    # serial k and customer k by k, for hash joins (neither name nor ref is
    # the key of an index a join could use)
    _timed(
        cr,
        "serials by number",
        """CREATE TEMP TABLE bench_lot (k int PRIMARY KEY, id int, product_id int)
           ON COMMIT DROP;
           INSERT INTO bench_lot
           SELECT substr(name, 4)::int, id, product_id FROM stock_lot
            WHERE name LIKE 'BSN%'""",
    )
    _timed(
        cr,
        "customers by number",
        """CREATE TEMP TABLE bench_customer (k int PRIMARY KEY, id int,
                                             name varchar, phone varchar)
           ON COMMIT DROP;
           INSERT INTO bench_customer
           SELECT substr(ref, 4)::int, id, name, phone FROM res_partner
            WHERE ref LIKE 'BC-%'""",
    )
    cr.execute("ANALYZE bench_lot; ANALYZE bench_customer")
    # the latest requests are the open ones: the same share of each company
    is_open = f"s.g > {count - backlog}"
    _timed(
        cr,
        "helpdesk_ticket spread",
        f"""UPDATE helpdesk_ticket t
               SET company_id = {company_of.replace("%s", "s.g")},
                   lot_id = lot.id, product_id = lot.product_id,
                   partner_id = p.id, commercial_partner_id = p.id,
                   partner_name = p.name, contact_phone = p.phone,
                   stage_id = CASE WHEN {is_open} THEN {open_stage}
                                   ELSE t.stage_id END,
                   closed_date = CASE WHEN {is_open} THEN NULL
                                      ELSE t.closed_date END
              FROM ({TICKETS}) s
              JOIN bench_lot lot ON lot.k = (s.g + {PER_SERIAL - 1}) / {PER_SERIAL}
              JOIN bench_customer p
                ON p.k = (s.g + {PER_CUSTOMER - 1}) / {PER_CUSTOMER}
             WHERE t.id = s.id""",
    )
    _timed(
        cr,
        "after_sales_service_record spread",
        """UPDATE after_sales_service_record r
              SET company_id = t.company_id, lot_id = t.lot_id,
                  product_id = t.product_id, partner_id = t.partner_id
             FROM helpdesk_ticket t
            WHERE t.id = r.ticket_id AND t.number LIKE 'BR-%'""",
    )
    for table in (
        "after_sales_performance_event",
        "after_sales_callback",
        "after_sales_complaint",
        "after_sales_cost_line",
    ):
        _timed(
            cr,
            f"{table} spread",
            f"""UPDATE {table} x SET company_id = t.company_id
                 FROM helpdesk_ticket t
                WHERE t.id = x.ticket_id AND t.number LIKE 'BR-%'""",
        )


def grow(cr, events):
    """A second service record for every other request; ``events`` performance
    events per request in all."""
    copy_rows(
        cr,
        "after_sales_service_record",
        "SELECT r.*, substr(r.name, 4)::int AS g FROM after_sales_service_record r"
        " WHERE r.name LIKE 'BR-%' AND substr(r.name, 4)::int % 2 = 0",
        {
            "name": "'BRX-' || s.g",
            "actual_arrival": "s.actual_arrival + interval '3 days'",
            "start_datetime": "s.start_datetime + interval '3 days'",
            "end_datetime": "s.end_datetime + interval '3 days'",
        },
    )
    if events > 1:
        copy_rows(
            cr,
            "after_sales_performance_event",
            "SELECT e.*, k FROM after_sales_performance_event e,"
            f" generate_series(2, {int(events)}) k WHERE e.key LIKE 'bench-%'",
            {
                "key": "s.key || '-' || s.k",
                "occurred_at": "s.occurred_at + s.k * interval '1 hour'",
            },
        )


def counts(cr):
    cr.execute(
        """SELECT (SELECT count(*) FROM helpdesk_ticket),
                  (SELECT count(*) FROM after_sales_service_record),
                  (SELECT count(*) FROM after_sales_performance_event),
                  (SELECT count(*) FROM res_company),
                  (SELECT count(*) FROM helpdesk_ticket t
                     JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
                    WHERE NOT st.closed)"""
    )
    requests, records, events, companies, backlog = cr.fetchone()
    print(
        f"Database: {requests:,} requests ({backlog:,} open), {records:,} service"
        f" records, {events:,} performance events, {companies} companies",
        flush=True,
    )


def main(argv):
    ours, odoo_args = split_argv(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("--db", required=True, help="the database to build (kept)")
    parser.add_argument("-n", "--count", type=int, default=1_000_000)
    parser.add_argument("--in-place", action="store_true", help="do not copy")
    parser.add_argument("--no-fill", action="store_true")
    parser.add_argument("--open", type=int, default=2000)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args(ours)
    odoo.tools.config.parse_config([*odoo_args, "-d", args.db])
    started = time.perf_counter()
    if not args.in_place:
        print(f"Copying {args.source} to {args.db}", flush=True)
        db_service.exp_duplicate_database(args.source, args.db)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        if not args.no_fill:
            fill(cr, args.count)
            cr.commit()
        home = one(cr, "SELECT company_id FROM helpdesk_ticket WHERE number = 'BR-1'")
        companies = ensure_companies(env, home)
        cr.commit()
        spread(cr, companies, args.open)
        cr.commit()
        grow(cr, args.events)
        cr.commit()
        analyze = time.perf_counter()
        cr.execute("ANALYZE")
        print(f"  analyze: {time.perf_counter() - analyze:.1f} s", flush=True)
        counts(cr)
    print(f"Built {args.db} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
