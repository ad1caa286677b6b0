# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AfterSalesCase

REPETITIONS = 20


@tagged("post_install", "-at_install")
class TestPerformanceEvent(AfterSalesCase):
    """The one stream of performance events (DESIGN §4): each source emits its
    events exactly once, whatever re-runs or concurrent emitters do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["after_sales.performance.event"]
        cls.ticket = cls._create_ticket(
            registered_at=fields.Datetime.now() - timedelta(hours=6)
        )

    def _events(self, source):
        return self.Event.search(
            [("res_model", "=", source._name), ("res_id", "in", source.ids)]
        )

    def _closed_record(self, **vals):
        record = self._create_record(self.ticket, **vals)
        record.action_start()
        record.write(self._confirm_values(**vals))
        record.action_done()
        return record

    # Service record closed (R-REC-3, R-REC-4, R-PEN-3) --------------------

    def test_record_done_emits_missing_items_witness_evaluation(self):
        """R-REC-3, R-PEN-3: closing a repair record emits one event per missing
        required item, one for costs not witnessed where costs arose, one per
        evaluation item with its grade — once, however often it is saved."""
        customer_cause = self.env.ref(
            "after_sales_service.cause_category_incorrect_operation"
        )
        record = self._closed_record(
            cause_category_id=customer_cause.id,
            evaluation_attitude="excellent",
            evaluation_skill="poor",
        )
        self.assertTrue(record.costs_arose)
        events = self._events(record)
        missing = events.filtered(lambda e: e.kind == "record_missing_item")
        self.assertEqual(len(missing), record.missing_item_count)
        self.assertEqual(
            set(missing.mapped("key")), set(record.missing_item_ids.mapped("code"))
        )
        self.assertEqual(
            len(events.filtered(lambda e: e.kind == "record_no_cost_witness")), 1
        )
        grades = {e.key: e.value for e in events if e.kind == "record_evaluation"}
        self.assertEqual(grades, {"attitude": "excellent", "skill": "poor"})
        self.assertEqual(set(events.mapped("user_id")), {self.engineer})
        self.assertEqual(events.employee_id, self.employee)
        self.assertEqual(events.team_id, self.team)
        self.assertEqual(events.ticket_id, self.ticket)
        # Re-saving the record and re-emitting its events add nothing.
        count = len(events)
        record.message_post(body="Checked again.")
        self.Event.sudo()._record(record._prepare_performance_event_vals())
        self.assertEqual(len(self._events(record)), count)

    def test_record_witnessed_costs_emit_nothing(self):
        """R-PEN-3: costs witnessed by the customer's representative: no event."""
        customer_cause = self.env.ref(
            "after_sales_service.cause_category_incorrect_operation"
        )
        record = self._closed_record(
            cause_category_id=customer_cause.id,
            cost_witnessed=True,
            cost_witness_name="Li Na",
        )
        self.assertFalse(
            self._events(record).filtered(lambda e: e.kind == "record_no_cost_witness")
        )

    def test_partial_result_emits_follow_up(self):
        """R-REC-4: a partly done visit needs a follow-up visit: one event, and the
        request is no longer a first-time fix."""
        record = self._closed_record(
            result="partial", completion_degree=50, pending_items="Order the fan."
        )
        follow_up = self._events(record).filtered(
            lambda e: e.kind == "record_follow_up"
        )
        self.assertEqual(len(follow_up), 1)
        self.assertFalse(self.ticket.first_time_fix)

    # Phone resolution (R-IN-5) ----------------------------------------------

    def test_phone_resolution_emits_once_for_the_engineer(self):
        """R-IN-5, R-PEN-3: the engineer who resolved the request by phone gets one
        event; its draft visit is cancelled through the record's cancel path."""
        ticket = self._create_ticket()
        draft = self._create_record(ticket)
        ticket.with_user(self.engineer).action_resolve_by_phone()
        self.assertEqual(draft.state, "cancelled")
        self.assertTrue(draft.cancel_reason)
        events = self._events(ticket)
        self.assertEqual(events.mapped("kind"), ["phone_resolution"])
        self.assertEqual(events.user_id, self.engineer)
        self.assertEqual(events.employee_id, self.employee)
        with self.assertRaises(UserError) as caught:
            ticket.with_user(self.engineer).action_resolve_by_phone()
        self.assertIn("closed", str(caught.exception))

    def test_clerk_does_not_resolve_an_engineers_request_by_phone(self):
        """R-IN-5: the engineer who guided the customer resolves the request and
        earns the reward; a clerk cannot take it, a supervisor may close it for
        the engineer (the event still goes to the engineer)."""
        ticket = self._create_ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.clerk).action_resolve_by_phone()
        self.assertFalse(ticket.closed)
        self.assertFalse(self._events(ticket))
        ticket.with_user(self.supervisor).action_resolve_by_phone()
        self.assertEqual(self._events(ticket).user_id, self.engineer)
        self.assertEqual(len(self._events(ticket)), 1)

    # The stream itself ----------------------------------------------------

    def _vals(self, count, key_prefix="k"):
        return [
            {
                "kind": "record_missing_item",
                "key": f"{key_prefix}{index}",
                "res_model": "after_sales.service.record",
                "res_id": 10**9,
                "company_id": self.company.id,
                "ticket_id": self.ticket.id,
                "user_id": self.engineer.id,
            }
            for index in range(count)
        ]

    def _queries(self, vals_list):
        before = self.env.cr.sql_log_count
        self.Event.sudo()._record(vals_list)
        return self.env.cr.sql_log_count - before

    def test_emitting_costs_the_same_for_1_10_500(self):
        """DESIGN §4: one batched emitter — 1, 10 and 500 events cost the same
        number of queries (an INSERT … ON CONFLICT and one employee lookup)."""
        self._queries(self._vals(1, key_prefix="warm-up"))
        counts = [
            self._queries(self._vals(n, key_prefix=f"n{n}-")) for n in (1, 10, 500)
        ]
        self.assertEqual(len(set(counts)), 1, counts)
        self.assertLessEqual(counts[0], 2)
        self.assertEqual(
            self.Event.search_count([("res_id", "=", 10**9)]), 1 + 1 + 10 + 500
        )
        # Again: nothing new, same cost.
        self.assertEqual(self._queries(self._vals(500, key_prefix="n500-")), counts[0])
        self.assertEqual(
            self.Event.search_count([("res_id", "=", 10**9)]), 1 + 1 + 10 + 500
        )

    def test_events_are_read_only_for_every_role(self):
        """DESIGN §4, R-X-3: nobody creates, changes or deletes an event, not even a
        manager or the administrator; engineers read their own only."""
        self.Event.sudo()._record(self._vals(1))
        event = self.Event.search([("res_id", "=", 10**9)])
        for user in (self.engineer, self.supervisor, self.manager):
            with self.assertRaises(UserError):  # AccessError is a UserError
                self.Event.with_user(user).create(self._vals(1, key_prefix="x")[0])
            with self.assertRaises(UserError):  # AccessError is a UserError
                event.with_user(user).write({"quantity": 5})
            with self.assertRaises(UserError):  # AccessError is a UserError
                event.with_user(user).unlink()
        with self.assertRaises(UserError):
            event.write({"quantity": 5})
        with self.assertRaises(UserError):
            event.unlink()
        self.assertEqual(event.quantity, 1)
        self.assertEqual(self.Event.with_user(self.engineer).search_count([]), 1)
        self.assertFalse(self.Event.with_user(self.engineer_2).search_count([]))
        self.assertTrue(self.Event.with_user(self.supervisor).search_count([]))

    def test_request_with_events_is_not_deleted(self):
        """R-X-3: a request whose work produced events is evidence: no delete."""
        ticket = self._create_ticket()
        ticket.with_user(self.engineer).action_resolve_by_phone()
        with self.assertRaises(UserError):
            ticket.unlink()
        self.assertTrue(ticket.exists())

    def test_two_cursors_emit_the_same_event_once(self):
        """DESIGN §4: two transactions emitting the same event at the same moment
        (threads + barrier, two real cursors, repeated) leave one row."""
        marker = f"race-{uuid.uuid4().hex}"
        registry = self.registry
        company_id = self.company.id
        errors = []

        def emit(barrier, key):
            try:
                with registry.cursor() as cr:
                    # Not Registry(dbname): the test holds the registry lock.
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    vals = {
                        "kind": "phone_resolution",
                        "key": key,
                        "res_model": marker,
                        "res_id": 1,
                        "company_id": company_id,
                    }
                    barrier.wait(timeout=10)
                    # As the server retries a request or a cron job on a
                    # serialization failure: roll back and emit again.
                    for _attempt in range(5):
                        try:
                            env["after_sales.performance.event"]._record([vals])
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except SerializationFailure:
                            cr.rollback()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        try:
            for repetition in range(REPETITIONS):
                barrier = threading.Barrier(2)
                threads = [
                    threading.Thread(target=emit, args=(barrier, str(repetition)))
                    for _ in range(2)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=30)
                self.assertFalse(errors, errors)
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT key, count(*) FROM after_sales_performance_event "
                    "WHERE res_model = %s GROUP BY key",
                    [marker],
                )
                rows = dict(cr.fetchall())
            self.assertEqual(len(rows), REPETITIONS)
            self.assertEqual(set(rows.values()), {1})
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM after_sales_performance_event WHERE res_model = %s",
                    [marker],
                )
