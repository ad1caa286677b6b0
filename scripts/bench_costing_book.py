# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Benchmark of the month-end booking of free service costs (R-ACC-4) against
creating and posting the same journal entries directly with the ORM.

Creates N in-warranty service requests of the main company inside one
transaction, each with one free travel cost borne by the company (the warranty
cost: no sign-off needed), on accounts and a journal made for the run. Then
times, each from the same fresh state (a savepoint rolled back in between):

* the ORM alone: the same N entries (``_costing_move_vals`` of each request,
  prepared before the clock starts) in one ``account.move.create([...])`` and
  one ``action_post()`` — without the checks, the locks and the cost lines
  marked booked that the booking adds;
* ``helpdesk.ticket.action_costing_book`` on the N requests (the month-end
  batch of the list's "Book Free Costs").

Prints the times, the SQL statements and the ratio, then rolls everything back.

Usage (the options after the database are passed to Odoo's configuration)::

    python3 scripts/bench_costing_book.py DB [-n 1000] \\
        -- --db_host=... --db_port=... --db_user=... --addons-path=...
"""

import sys
import time

import bench_cli

from odoo import fields


def _fixtures(env, count):
    """The company's cost accounts and journal, and ``count`` in-warranty
    requests with one free travel cost each."""
    company = env.ref("base.main_company")
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    Account = env["account.account"]

    def account(code, name, account_type):
        return Account.create(
            {"code": code, "name": name, "account_type": account_type}
        )

    journal = env["account.journal"].create(
        {"name": "Bench After-Sales Costs", "code": "BASC", "type": "general"}
    )
    company.write(
        {
            "after_sales_cost_journal_id": journal.id,
            "after_sales_expense_account_id": account(
                "669901", "Bench 售后服务费", "expense"
            ).id,
            "after_sales_accrued_expense_account_id": account(
                "224199", "Bench 其他应付款", "liability_current"
            ).id,
            "after_sales_provision_consume": False,
        }
    )
    team = env["helpdesk.ticket.team"].create({"name": "Bench Costs Team"})
    team.user_ids = [(4, env.user.id)]
    partner = env["res.partner"].create({"name": "Bench Customer", "phone": "1"})
    product = env["product.product"].create(
        {"name": "Bench AC", "type": "consu", "is_storable": True}
    )
    purchase = fields.Date.subtract(fields.Date.today(), months=3)
    started = time.perf_counter()
    tickets = (
        env["helpdesk.ticket"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "name": "Does not cool",
                    "description": "<p>Outdoor fan does not turn.</p>",
                    "team_id": team.id,
                    "partner_id": partner.id,
                    "user_id": env.user.id,
                    "service_type_id": env.ref(
                        "after_sales_service.service_type_repair"
                    ).id,
                    "product_id": product.id,
                    "purchase_date": purchase,
                    "proof_kind": "invoice",
                }
                for _n in range(count)
            ]
        )
    )
    env["after_sales.cost.line"].create(
        [
            {
                "ticket_id": ticket.id,
                "kind": "travel",
                "name": "Travel",
                "amount": 50.0 + ticket.id % 100,
                "bearer": "company",
            }
            for ticket in tickets
        ]
    )
    env.flush_all()
    payers = set(tickets.mapped("warranty_travel_payer"))
    print(
        f"{count} requests with one free cost each in "
        f"{time.perf_counter() - started:.1f} s (travel paid by {payers})"
    )
    return tickets, journal


def bench(env, count):
    tickets, journal = _fixtures(env, count)
    env = tickets.env
    cr = env.cr
    today = fields.Date.context_today(tickets)
    vals_list = [
        ticket._costing_move_vals(ticket.cost_line_ids, today, journal)
        for ticket in tickets
    ]

    def timed(label, run):
        savepoint = cr.savepoint(flush=True)
        env.invalidate_all()
        before = cr.sql_log_count
        started = time.perf_counter()
        moves = run()
        env.flush_all()
        seconds = time.perf_counter() - started
        statements = cr.sql_log_count - before
        print(
            f"{label}: {len(moves)} posted entries in {seconds:.2f} s, "
            f"{statements} statements ({statements / count:.1f} per request, "
            f"{seconds / count * 1000:.1f} ms per request)"
        )
        savepoint.close(rollback=True)
        return seconds, statements

    def orm():
        moves = env["account.move"].create(vals_list)
        moves.action_post()
        return moves

    def booking():
        return tickets.action_costing_book()

    orm_s, orm_q = timed("ORM create + action_post", orm)
    book_s, book_q = timed("action_costing_book", booking)
    orm_again_s, _q = timed("ORM create + action_post again", orm)
    orm_s = (orm_s + orm_again_s) / 2
    print(
        f"ratio to the ORM alone (mean {orm_s:.2f} s): {book_s / orm_s:.2f}x the "
        f"time, {book_q / orm_q:.2f}x the statements"
    )


def main(argv):
    bench_cli.run(
        argv,
        __doc__,
        bench,
        [(("-n", "--requests"), 1000)],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
