# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

REPETITIONS = 20


@tagged("post_install", "-at_install")
class TestRaces(TransactionCase):
    """Two users at once on one request, with two real cursors (threads and a
    barrier), repeated: the transitions lock the request they read and change,
    and a transaction that loses is retried as the server retries it."""

    def _committed_env(self, cr):
        # Not Registry(dbname): the running tests hold the registry lock.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _setup_request(self):
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            team = env["helpdesk.ticket.team"].create({"name": "Race Team"})
            ticket = env["helpdesk.ticket"].create(
                {"name": "Race", "description": "<p>x</p>", "team_id": team.id}
            )
            cr.commit()  # pylint: disable=invalid-commit
            return team.id, ticket.id

    def _cleanup(self, team_id, ticket_id):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = "
                "'after_sales.responsibility' AND res_id IN (SELECT id FROM "
                "after_sales_responsibility WHERE ticket_id = %s)",
                [ticket_id],
            )
            for table, column in (
                ("after_sales_performance_event", "ticket_id"),
                ("after_sales_responsibility", "ticket_id"),
                ("after_sales_quote", "ticket_id"),
                ("after_sales_callback", "ticket_id"),
                ("after_sales_service_record", "ticket_id"),
                ("helpdesk_ticket", "id"),
                ("helpdesk_ticket_team", "id"),
            ):
                value = team_id if table == "helpdesk_ticket_team" else ticket_id
                cr.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])
            cr.commit()  # pylint: disable=invalid-commit

    def _run_retrying(self, barrier, action, outcomes):
        """``action(env)`` in its own transaction, retried on a serialization
        failure; a ``UserError`` is a refusal, recorded as such."""
        try:
            with self.registry.cursor() as cr:
                env = self._committed_env(cr)
                barrier.wait(timeout=10)
                for _attempt in range(5):
                    try:
                        action(env)
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

    def _race(self, *actions):
        """Run the actions at the same moment, each in its own thread and
        transaction (``_run_retrying``): their outcomes."""
        barrier = threading.Barrier(len(actions))
        outcomes = []
        threads = [
            threading.Thread(
                target=self._run_retrying, args=(barrier, action, outcomes)
            )
            for action in actions
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return outcomes

    def test_phone_resolution_against_a_new_visit(self):
        """R-IN-5, R-REC-1: "resolved by phone" at the same moment as a new visit
        record never leaves a closed request with a live visit (the probe got one
        10 of 10 times): either the visit is refused, or it is cancelled by the
        phone resolution."""
        for _repetition in range(REPETITIONS):
            team_id, ticket_id = self._setup_request()
            try:

                def resolve(env, ticket_id=ticket_id):
                    env["helpdesk.ticket"].browse(ticket_id)._do_resolve_by_phone()

                def visit(env, ticket_id=ticket_id):
                    env["after_sales.service.record"].create({"ticket_id": ticket_id})

                outcomes = self._race(resolve, visit)
                self.assertTrue(
                    set(outcomes) <= {"done", "refused"} and len(outcomes) == 2,
                    outcomes,
                )
                with self.registry.cursor() as cr:
                    cr.execute(
                        "SELECT s.closed, array_agg(r.state) FILTER "
                        "(WHERE r.id IS NOT NULL) FROM helpdesk_ticket t "
                        "JOIN helpdesk_ticket_stage s ON s.id = t.stage_id "
                        "LEFT JOIN after_sales_service_record r ON r.ticket_id = t.id "
                        "WHERE t.id = %s GROUP BY s.closed",
                        [ticket_id],
                    )
                    closed, states = cr.fetchone()
                self.assertTrue(closed, "the phone resolution always closes")
                self.assertFalse(
                    set(states or []) & {"draft", "in_progress"},
                    f"a closed request keeps a live visit: {states}",
                )
            finally:
                self._cleanup(team_id, ticket_id)

    def test_two_users_close_one_visit(self):
        """R-REC-1, R-X-3: two people pressing "Done" on one visit at once: one
        closes it, the other is told it is already done (not a unique-violation
        message), and its events are recorded once."""
        for _repetition in range(REPETITIONS):
            team_id, ticket_id = self._setup_request()
            try:
                with self.registry.cursor() as cr:
                    env = self._committed_env(cr)
                    record = env["after_sales.service.record"].create(
                        {
                            "ticket_id": ticket_id,
                            "result": "accepted",
                            "confirm_name": "Zhang Wei",
                            "confirm_date": "2026-11-30",
                            "evaluation_skill": "good",
                        }
                    )
                    record.action_start()
                    cr.commit()  # pylint: disable=invalid-commit
                    record_id = record.id

                def close(env, record_id=record_id):
                    env["after_sales.service.record"].browse(record_id).action_done()

                outcomes = self._race(close, close)
                self.assertEqual(sorted(outcomes), ["done", "refused"], outcomes)
                with self.registry.cursor() as cr:
                    cr.execute(
                        "SELECT count(*) FROM after_sales_performance_event "
                        "WHERE res_model = 'after_sales.service.record' "
                        "AND res_id = %s AND kind = 'record_evaluation'",
                        [record_id],
                    )
                    self.assertEqual(cr.fetchone()[0], 1)
            finally:
                self._cleanup(team_id, ticket_id)

    def test_two_warehouse_keepers_issue_one_requisition(self):
        """R-PRT-3: two warehouse keepers pressing Issue on one requisition at the
        same moment — a plain and a serial-tracked part — make one picking; the
        other is told everything is issued; the stock falls once."""
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            fan = env["product.product"].create(
                {"name": "Race Fan", "is_storable": True, "standard_price": 10}
            )
            board = env["product.product"].create(
                {"name": "Race Board", "is_storable": True, "tracking": "serial"}
            )
            lots = env["stock.lot"].create(
                [
                    {"name": f"RACE-{n}", "product_id": board.id}
                    for n in range(REPETITIONS)
                ]
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            stock = warehouse.lot_stock_id
            env["stock.quant"]._update_available_quantity(fan, stock, 2 * REPETITIONS)
            for lot in lots:
                env["stock.quant"]._update_available_quantity(
                    board, stock, 1, lot_id=lot
                )
            employee = env["hr.employee"].create({"name": "Race Engineer"})
            cr.commit()  # pylint: disable=invalid-commit
            fan_id, board_id, lot_ids = fan.id, board.id, lots.ids
            employee_id, warehouse_id = employee.id, warehouse.id
        tickets = []
        try:
            for repetition in range(REPETITIONS):
                team_id, ticket_id = self._setup_request()
                tickets.append((team_id, ticket_id))
                with self.registry.cursor() as cr:
                    env = self._committed_env(cr)
                    # Chargeable parts wait for the customer's confirmed quote
                    # (R-ACC-2): the request has one.
                    quote = env["after_sales.quote"].create(
                        {
                            "ticket_id": ticket_id,
                            "line_ids": [
                                Command.create(
                                    {"kind": "parts", "name": "Parts", "unit_cost": 1}
                                )
                            ],
                        }
                    )
                    quote.action_mark_sent()
                    quote._do_confirm(
                        {"confirmation_method": "phone", "confirmed_by_name": "Race"}
                    )
                    requisition = env["after_sales.parts.requisition"].create(
                        {
                            "ticket_id": ticket_id,
                            "engineer_id": employee_id,
                            "warehouse_id": warehouse_id,
                            "line_ids": [
                                Command.create({"product_id": fan_id, "quantity": 2}),
                                Command.create(
                                    {
                                        "product_id": board_id,
                                        "quantity": 1,
                                        "lot_id": lot_ids[repetition],
                                    }
                                ),
                            ],
                        }
                    )
                    requisition._do_request()
                    requisition._do_approve()
                    # The customer confirmed the quote pricing these parts:
                    # they may go.
                    quote = env["after_sales.quote"].create(
                        {
                            "ticket_id": ticket_id,
                            "line_ids": [
                                Command.create(
                                    {
                                        "kind": "parts",
                                        "product_id": product_id,
                                        "name": "Parts",
                                        "quantity": quantity,
                                        "unit_cost": 1,
                                    }
                                )
                                for product_id, quantity in ((fan_id, 2), (board_id, 1))
                            ],
                        }
                    )
                    quote.action_mark_sent()
                    quote._do_confirm(
                        {
                            "confirmation_method": "phone",
                            "confirmed_by_name": "Race",
                            "contacted_by_id": env.user.id,
                        }
                    )
                    cr.commit()  # pylint: disable=invalid-commit
                    requisition_id = requisition.id

                def issue(env, requisition_id=requisition_id):
                    env["after_sales.parts.requisition"].browse(
                        requisition_id
                    )._do_issue()

                outcomes = self._race(issue, issue)
                self.assertEqual(sorted(outcomes), ["done", "refused"], outcomes)
                with self.registry.cursor() as cr:
                    cr.execute(
                        "SELECT count(*) FROM stock_picking "
                        "WHERE after_sales_requisition_id = %s",
                        [requisition_id],
                    )
                    self.assertEqual(cr.fetchone()[0], 1, "one picking")
                    cr.execute(
                        "SELECT COALESCE(SUM(quantity), 0) FROM stock_quant "
                        "WHERE product_id = %s AND location_id = %s",
                        [fan_id, stock.id],
                    )
                    self.assertEqual(
                        cr.fetchone()[0], 2 * REPETITIONS - 2 * (repetition + 1)
                    )
        finally:
            self._cleanup_stock([fan_id, board_id], tickets)

    def _cleanup_stock(self, product_ids, tickets):
        with self.registry.cursor() as cr:
            products = tuple(product_ids)
            cr.execute(
                "SELECT DISTINCT picking_id FROM stock_move "
                "WHERE product_id IN %s AND picking_id IS NOT NULL",
                [products],
            )
            pickings = tuple(row[0] for row in cr.fetchall()) or (0,)
            for statement in (
                "DELETE FROM stock_valuation_layer WHERE product_id IN %(p)s",
                "DELETE FROM stock_move_line WHERE product_id IN %(p)s",
                "DELETE FROM stock_move WHERE product_id IN %(p)s",
                "DELETE FROM stock_picking WHERE id IN %(k)s",
                "DELETE FROM stock_quant WHERE product_id IN %(p)s",
                "DELETE FROM after_sales_parts_requisition_line "
                "WHERE product_id IN %(p)s",
                "DELETE FROM stock_lot WHERE product_id IN %(p)s",
            ):
                cr.execute(statement, {"p": products, "k": pickings})
            ticket_ids = tuple(ticket_id for _team, ticket_id in tickets) or (0,)
            cr.execute(
                "DELETE FROM after_sales_quote_line WHERE quote_id IN "
                "(SELECT id FROM after_sales_quote WHERE ticket_id IN %s)",
                [ticket_ids],
            )
            cr.execute(
                "DELETE FROM after_sales_quote WHERE ticket_id IN %s", [ticket_ids]
            )
            cr.execute(
                "DELETE FROM after_sales_parts_requisition WHERE ticket_id IN %s",
                [ticket_ids],
            )
            cr.execute(
                "SELECT parts_procurement_group_id FROM helpdesk_ticket "
                "WHERE id IN %s AND parts_procurement_group_id IS NOT NULL",
                [ticket_ids],
            )
            groups = tuple(row[0] for row in cr.fetchall())
            cr.commit()  # pylint: disable=invalid-commit
        for team_id, ticket_id in tickets:
            self._cleanup(team_id, ticket_id)
        with self.registry.cursor() as cr:
            if groups:
                cr.execute("DELETE FROM procurement_group WHERE id IN %s", [groups])
            cr.execute(
                "SELECT product_tmpl_id FROM product_product WHERE id IN %s",
                [tuple(product_ids)],
            )
            templates = tuple(row[0] for row in cr.fetchall())
            cr.execute(
                "DELETE FROM product_product WHERE id IN %s", [tuple(product_ids)]
            )
            cr.execute("DELETE FROM product_template WHERE id IN %s", [templates])
            cr.execute("DELETE FROM hr_employee WHERE name = 'Race Engineer'")
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_clerks_hand_back_one_unit(self):
        """R-REC-7: two people handing back one customer's unit at the same
        moment, both with the right receipt number: one delivery, the other is
        told the unit is handed back already; the unit leaves the customer
        units location once."""
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            unit = env["product.product"].create(
                {"name": "Race Unit", "is_storable": True, "tracking": "serial"}
            )
            customer = env["res.partner"].create({"name": "Race Customer"})
            lots = env["stock.lot"].create(
                [
                    {"name": f"RACE-UNIT-{n}", "product_id": unit.id}
                    for n in range(REPETITIONS)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            unit_id, customer_id, lot_ids = unit.id, customer.id, lots.ids
        tickets = []
        try:
            for repetition in range(REPETITIONS):
                team_id, ticket_id = self._setup_request()
                tickets.append((team_id, ticket_id))
                with self.registry.cursor() as cr:
                    env = self._committed_env(cr)
                    env["helpdesk.ticket"].browse(ticket_id).write(
                        {
                            "partner_id": customer_id,
                            "product_id": unit_id,
                            "lot_id": lot_ids[repetition],
                        }
                    )
                    custody = env["after_sales.custody"].create(
                        {"ticket_id": ticket_id, "accessories": "-"}
                    )
                    custody._do_receive()
                    cr.commit()  # pylint: disable=invalid-commit
                    custody_id, receipt = custody.id, custody.name
                    location_id = (
                        custody.warehouse_id.after_sales_custody_location_id.id
                    )

                def hand_back(env, custody_id=custody_id, receipt=receipt):
                    env["after_sales.custody"].browse(custody_id)._do_hand_back(
                        receipt, "Race Customer"
                    )

                outcomes = self._race(hand_back, hand_back)
                self.assertEqual(sorted(outcomes), ["done", "refused"], outcomes)
                with self.registry.cursor() as cr:
                    cr.execute(
                        "SELECT count(*) FROM stock_picking "
                        "WHERE after_sales_custody_id = %s",
                        [custody_id],
                    )
                    self.assertEqual(cr.fetchone()[0], 2, "one receipt, one delivery")
                    cr.execute(
                        "SELECT COALESCE(SUM(quantity), 0) FROM stock_quant "
                        "WHERE lot_id = %s AND location_id = %s",
                        [lot_ids[repetition], location_id],
                    )
                    self.assertEqual(cr.fetchone()[0], 0)
        finally:
            self._cleanup_custody(unit_id, customer_id, tickets)

    def _cleanup_custody(self, unit_id, customer_id, tickets):
        with self.registry.cursor() as cr:
            ticket_ids = tuple(ticket_id for _team, ticket_id in tickets) or (0,)
            cr.execute(
                "SELECT id FROM after_sales_custody WHERE ticket_id IN %s",
                [ticket_ids],
            )
            custodies = tuple(row[0] for row in cr.fetchall()) or (0,)
            for statement in (
                "DELETE FROM stock_move_line WHERE product_id = %(u)s",
                "DELETE FROM stock_move WHERE product_id = %(u)s",
                "DELETE FROM stock_picking WHERE after_sales_custody_id IN %(c)s",
                "DELETE FROM stock_quant WHERE product_id = %(u)s",
                "DELETE FROM mail_message WHERE model = 'after_sales.custody' "
                "AND res_id IN %(c)s",
                "DELETE FROM after_sales_custody WHERE id IN %(c)s",
            ):
                cr.execute(statement, {"u": unit_id, "c": custodies})
            cr.commit()  # pylint: disable=invalid-commit
        for team_id, ticket_id in tickets:
            self._cleanup(team_id, ticket_id)
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM stock_lot WHERE product_id = %s", [unit_id])
            cr.execute(
                "SELECT product_tmpl_id FROM product_product WHERE id = %s", [unit_id]
            )
            template = cr.fetchone()[0]
            cr.execute("DELETE FROM product_product WHERE id = %s", [unit_id])
            cr.execute("DELETE FROM product_template WHERE id = %s", [template])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [customer_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_signers_one_step(self):
        """R-APR-2: a supervisor and a manager pressing "Sign" on the same step
        at once: one signature; the other is told the step has just been signed
        (the manager does not slip onto the next step)."""
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            Users = env["res.users"].with_context(no_reset_password=True)
            group = "after_sales_service.group_"
            signers = Users.create(
                [
                    {
                        "name": f"Race {role}",
                        "login": f"race_{role}",
                        "groups_id": [
                            (
                                6,
                                0,
                                [
                                    env.ref("base.group_user").id,
                                    env.ref(group + role).id,
                                ],
                            )
                        ],
                    }
                    for role in ("supervisor", "manager")
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            signer_ids = signers.ids
        try:
            for _repetition in range(REPETITIONS // 2):
                team_id, ticket_id = self._setup_request()
                try:
                    with self.registry.cursor() as cr:
                        env = self._committed_env(cr)
                        env["after_sales.quote"].create(
                            {
                                "ticket_id": ticket_id,
                                "line_ids": [
                                    (0, 0, {"name": "Part", "unit_cost": 150.0})
                                ],
                            }
                        )
                        determination = env["after_sales.responsibility"].create(
                            {"ticket_id": ticket_id, "cause": "Race"}
                        )
                        determination._do_submit()
                        cr.commit()  # pylint: disable=invalid-commit
                        ids = (determination.id, determination.signature_ids[0].id)

                    def sign(env, uid, ids=ids):
                        env = env(user=uid)
                        determination = env["after_sales.responsibility"].browse(ids[0])
                        line = env["after_sales.responsibility.signature"].browse(
                            ids[1]
                        )
                        determination._do_sign(True, "", line=line)

                    outcomes = self._race(
                        *(lambda env, uid=uid: sign(env, uid) for uid in signer_ids)
                    )
                    self.assertEqual(sorted(outcomes), ["done", "refused"], outcomes)
                    with self.registry.cursor() as cr:
                        cr.execute(
                            "SELECT count(*) FROM after_sales_responsibility_signature "
                            "WHERE responsibility_id = %s AND user_id IS NOT NULL",
                            [ids[0]],
                        )
                        self.assertEqual(cr.fetchone()[0], 1)
                finally:
                    self._cleanup(team_id, ticket_id)
        finally:
            with self.registry.cursor() as cr:
                env = self._committed_env(cr)
                env["res.users"].browse(signer_ids).unlink()
                cr.commit()  # pylint: disable=invalid-commit
