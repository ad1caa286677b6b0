# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

REPETITIONS = 5
SETTINGS = (
    "after_sales_cost_journal_id",
    "after_sales_expense_account_id",
    "after_sales_accrued_expense_account_id",
)


@tagged("post_install", "-at_install")
class TestCostingRaces(TransactionCase):
    """Two finance users book the same request at the same moment, with two
    real cursors (threads and a barrier), repeated: one entry is posted."""

    def _committed_env(self, cr):
        # Not Registry(dbname): the running tests hold the registry lock.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _setup(self):
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            company = env.company
            before = {name: company[name].id for name in SETTINGS}
            Account = env["account.account"]
            company.write(
                {
                    "after_sales_cost_journal_id": env["account.journal"]
                    .search(
                        [("type", "=", "general"), ("company_id", "=", company.id)],
                        limit=1,
                    )
                    .id,
                    "after_sales_expense_account_id": Account.search(
                        [("account_type", "=", "expense")], limit=1
                    ).id,
                    "after_sales_accrued_expense_account_id": Account.search(
                        [("account_type", "=", "liability_current")], limit=1
                    ).id,
                }
            )
            team = env["helpdesk.ticket.team"].create({"name": "Race Team"})
            ticket = env["helpdesk.ticket"].create(
                {"name": "Race", "description": "<p>x</p>", "team_id": team.id}
            )
            env["after_sales.cost.line"].create(
                {
                    "ticket_id": ticket.id,
                    "kind": "travel",
                    "name": "Travel",
                    "amount": 50.0,
                    "bearer": "company",
                }
            )
            cr.commit()  # pylint: disable=invalid-commit
            return before, team.id, ticket.id

    def _cleanup(self, before, team_id, ticket_id):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM account_move WHERE after_sales_ticket_id = %s",
                [ticket_id],
            )
            for table, column, value in (
                ("after_sales_cost_line", "ticket_id", ticket_id),
                ("helpdesk_ticket", "id", ticket_id),
                ("helpdesk_ticket_team", "id", team_id),
            ):
                cr.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])
            env = self._committed_env(cr)
            env.company.write(before)
            cr.commit()  # pylint: disable=invalid-commit

    def _book(self, barrier, ticket_id, outcomes):
        try:
            with self.registry.cursor() as cr:
                env = self._committed_env(cr)
                barrier.wait(timeout=10)
                for _attempt in range(5):
                    try:
                        env["helpdesk.ticket"].browse(ticket_id).action_costing_book()
                        cr.commit()  # pylint: disable=invalid-commit
                        outcomes.append("done")
                        return
                    except SerializationFailure:
                        cr.rollback()
                        env.invalidate_all()
                    except UserError:
                        cr.rollback()
                        outcomes.append("refused")
                        return
                outcomes.append("gave up")
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcomes.append(repr(error))

    def test_booking_twice_at_once_posts_once(self):
        """R-ACC-4, R-ACC-6: two cursors book one request at once: one posts,
        the other is told the costs are booked; one entry exists."""
        Ticket = type(self.env["helpdesk.ticket"])
        with patch.object(Ticket, "_signoff_free_cost_blockers", return_value=[]):
            for _repetition in range(REPETITIONS):
                before, team_id, ticket_id = self._setup()
                try:
                    barrier = threading.Barrier(2)
                    outcomes = []
                    threads = [
                        threading.Thread(
                            target=self._book, args=(barrier, ticket_id, outcomes)
                        )
                        for _n in range(2)
                    ]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join(timeout=60)
                    self.assertEqual(sorted(outcomes), ["done", "refused"])
                    with self.registry.cursor() as cr:
                        cr.execute(
                            "SELECT count(*) FROM account_move "
                            "WHERE after_sales_ticket_id = %s AND state = 'posted'",
                            [ticket_id],
                        )
                        self.assertEqual(cr.fetchone()[0], 1)
                finally:
                    self._cleanup(before, team_id, ticket_id)
