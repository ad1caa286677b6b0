# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.penalty_line import LEDGER_CURSOR_KEY
from .common import AfterSalesCase

REPETITIONS = 10


class PenaltyCase(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["after_sales.penalty.line"]
        cls.Rule = cls.env["after_sales.penalty.rule"]
        cls.Event = cls.env["after_sales.performance.event"]
        cls.Statement = cls.env["after_sales.penalty.statement"]
        cls.ticket = cls._create_ticket(user_id=cls.engineer.id)
        cls.employee_2 = cls.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": cls.engineer_2.id}
        )
        cls.team.user_ids = [Command.link(cls.supervisor.id)]
        cls.uniform = cls.env.ref("after_sales_service.penalty_rule_s004_uniform")
        cls.praise = cls.env.ref("after_sales_service.penalty_rule_s004_praise_letter")

    def _event(self, kind, key="", quantity=1.0, value=None, res_id=None, user=None):
        ids = self.Event.sudo()._record(
            [
                {
                    "kind": kind,
                    "key": key,
                    "quantity": quantity,
                    "value": value,
                    "res_model": "helpdesk.ticket",
                    "res_id": res_id or self.ticket.id,
                    "ticket_id": self.ticket.id,
                    "company_id": self.company.id,
                    "user_id": (user or self.engineer).id,
                }
            ]
        )
        return self.Event.browse(ids)

    def _lines(self, events):
        return self.Line.search([("event_id", "in", events.ids)])

    def _manual(self, user=None, **vals):
        return self.Line.with_user(user or self.supervisor).create(
            {"employee_id": self.employee.id, "rule_id": self.uniform.id, **vals}
        )

    def _configure_accounts(self):
        Account = self.env["account.account"]
        company = self.company

        def account(code, kind):
            return Account.create(
                {
                    "code": code,
                    "name": code,
                    "account_type": kind,
                    "company_ids": [Command.set(company.ids)],
                }
            )

        company.after_sales_penalty_journal_id = self.env["account.journal"].create(
            {"name": "Assessment", "code": "ASMT", "type": "general"}
        )
        company.after_sales_penalty_payable_account_id = account(
            "221199", "liability_current"
        )
        company.after_sales_penalty_income_account_id = account(
            "630199", "income_other"
        )
        company.after_sales_penalty_expense_account_id = account("660199", "expense")


@tagged("post_install", "-at_install")
class TestPenaltyLedger(PenaltyCase):
    """The penalty and reward ledger (SPEC §8): rules, lines from events,
    manual lines, disputes, statements."""

    def test_rules_seeded_with_their_source(self):
        """R-PEN-1: the lists of 000 §3, 004 §7, 001 篇三/篇五 are seeded, each
        with its source; amounts as the policies say."""
        rules = self.Rule.search([("company_id", "=", self.company.id)])
        self.assertGreaterEqual(len(rules), 60)
        self.assertFalse(rules.filtered(lambda r: "Seed" not in (r.description or "")))
        by_code = {r.code: r for r in rules}
        self.assertEqual(by_code["S000_CONTACT"].amount, -3)
        self.assertEqual(by_code["S000_EXTRA_MARGIN"].percent, 10)
        self.assertEqual(by_code["S004_REGULATOR"].amount, -500)
        self.assertEqual(by_code["S004_SUGGESTION"].amount, 200)
        self.assertEqual(by_code["S001_DRESS_CODE"].amount, -30)
        self.assertEqual(by_code["S001_MAJOR_DEMERIT"].merit_grade, "major_demerit")

    def test_events_become_lines_once(self):
        """R-PEN-2, R-PEN-3: each event makes one line per matching rule, with the
        rule's amount per unit or percentage; re-running adds nothing."""
        phone = self._event("phone_resolution")
        missing = self._event("record_missing_item", key="cause", quantity=1)
        late = self._event("work_log_late", quantity=3)
        margin = self._event("quote_extra_margin", quantity=123.45)
        breach = self._event("sla_breach", key="contacted")
        other_breach = self._event("sla_breach", key="response")
        self.assertEqual(self.Line._generate_lines(), 5)
        amounts = {
            line.event_id: line.amount
            for line in self._lines(phone | missing | late | margin | breach)
        }
        self.assertEqual(amounts[phone], 5)
        self.assertEqual(amounts[missing], -2)
        self.assertEqual(amounts[late], -6)
        self.assertEqual(amounts[margin], 12.35)  # 10 %, half-up to the fen
        self.assertEqual(amounts[breach], -3)
        self.assertFalse(self._lines(other_breach))
        line = self._lines(phone)
        self.assertEqual(line.employee_id, self.employee)
        self.assertEqual(line.ticket_id, self.ticket)
        self.assertEqual(line.state, "draft")
        self.assertEqual(self.Line._generate_lines(), 0)
        with self.assertRaises(UserError):
            line.with_user(self.manager).write({"amount": 50})

    def test_evaluation_conditions_per_record(self):
        """R-PEN-3 (000 §3.2.7): all items poor −5, all fair −2, any excellent +3,
        once per record whatever the number of items."""
        for res_id, grades, expected in (
            (1001, ("poor", "poor", "poor", "poor"), [-5]),
            (1002, ("fair", "fair", "fair", "fair"), [-2]),
            (1003, ("good", "excellent", "excellent", "fair"), [3]),
            (1004, ("good", "poor", "fair", "good"), []),
        ):
            events = self.Event.browse()
            for item, grade in zip(
                ("attitude", "punctuality", "skill", "result"), grades, strict=True
            ):
                events |= self._event(
                    "record_evaluation", key=item, value=grade, res_id=res_id
                )
            self.Line._generate_lines()
            self.assertEqual(
                self._lines(events).mapped("amount"), expected, (res_id, grades)
            )

    def test_archived_rule_and_other_company_events(self):
        """R-PEN-1: an archived rule makes no line; a rule reacts to its own
        company's events only."""
        rule = self.env.ref("after_sales_service.penalty_rule_s000_phone")
        rule.active = False
        event = self._event("phone_resolution", key="archived")
        self.Line._generate_lines()
        self.assertFalse(self._lines(event))

    def test_ledger_cron_in_chunks_resumes_after_a_crash(self):
        """R-PEN-3, issue 24: the ledger cron scans at most a few batches per
        call, telling Odoo's progress what remains; a call killed half-way
        leaves the batches before the crash, and the next call resumes the pass
        where the dead one stopped (not from the window's start); the calls
        end with exactly one line per event and rule; then a new pass starts
        from the window's start."""
        self.Line._generate_lines()  # the demo's events: booked already
        events = self.Event.browse()
        for n in range(6):
            events |= self._event("phone_resolution", key=f"chunk-{n}")
        self.assertEqual(events.ids, list(range(events[0].id, events[0].id + 6)))
        cron = self.env.ref("after_sales_service.ir_cron_penalty_generate_lines")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        Line = self.Line.with_context(ir_cron_progress_id=progress.id)
        # The pass stands at the test's events (from the window's start, batches
        # of one event would take a call per event of the demo).
        Line._set_ledger_cursor(events[0].id)
        original = type(self.Line)._generate_lines_query
        scans = []  # the first event id of each batch scanned
        kill_at = []

        def scan(model, low, high):
            scans.append(low)
            if len(scans) in kill_at:
                raise UserError(self.env._("boom"))
            return original(model, low, high)

        def call():
            scans.clear()
            return Line._generate_lines(batch_size=1, max_batches=2)

        with patch.object(type(self.Line), "_generate_lines_query", scan):
            self.assertEqual(call(), 2)
            self.assertEqual(scans, events[:2].ids)
            self.assertEqual((progress.done, progress.remaining), (2, 4))
            self.assertEqual(Line._ledger_cursor(), events[2].id)
            kill_at.append(2)
            # Not ``assertRaises``: its savepoint would also undo the first batch.
            try:
                call()
            except UserError as error:
                self.assertEqual(str(error), "boom")
            else:
                self.fail("The call should have been killed in its second batch.")
            kill_at.clear()
            self.assertEqual(len(self._lines(events)), 3)
            self.assertEqual(Line._ledger_cursor(), events[3].id)
            self.assertEqual(call(), 2)
            self.assertEqual(scans, events[3:5].ids)  # resumed, not restarted
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(call(), 1)
            self.assertEqual(scans, events[5:].ids)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertIsNone(Line._ledger_cursor())  # the pass is over
            lines = self._lines(events)
            self.assertEqual(len(lines), 6)
            self.assertEqual(lines.event_id, events)
            # The next call starts a new pass from the window's start.
            self.env.cr.execute(
                "SELECT MIN(id) FROM after_sales_performance_event"
                " WHERE occurred_at >= date_trunc('month', now() at time zone 'UTC')"
                " - interval '1 month'"
            )
            start = self.env.cr.fetchone()[0]
            self.assertEqual(call(), 0)
            self.assertEqual(scans[0], start)
        self.assertEqual(len(self._lines(events)), 6)

    def test_ledger_job_queries_do_not_grow(self):
        """R-PEN-3: 1 and 300 events cost the same number of queries: one
        ``INSERT … SELECT`` per batch, not a query per line."""

        def queries(n, prefix):
            self.Event.sudo()._record(
                [
                    {
                        "kind": "phone_resolution",
                        "key": f"{prefix}{i}",
                        "res_model": "helpdesk.ticket",
                        "res_id": self.ticket.id,
                        "company_id": self.company.id,
                        "user_id": self.engineer.id,
                    }
                    for i in range(n)
                ]
            )
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            created = self.Line._generate_lines()
            return self.env.cr.sql_log_count - before, created

        queries(1, "warm-")
        one, created_one = queries(1, "one-")
        many, created_many = queries(300, "many-")
        self.assertEqual((created_one, created_many), (1, 300))
        self.assertEqual(one, many)
        self.assertLessEqual(one, 4)

    def test_manual_line_by_supervisor_and_dispute_upheld(self):
        """R-PEN-4: the supervisor enters a fine for their team; the engineer sees
        it in "My assessment" and disputes it; the manager upholds: cancelled.
        A confirmed line disputed and upheld is reversed by a counter-line."""
        line = self._manual(note="No uniform at the hospital")
        self.assertEqual(line.amount, -50)
        mine = self.Line.with_user(self.engineer).search([])
        self.assertIn(line, mine)
        self.assertNotIn(line, self.Line.with_user(self.engineer_2).search([]))
        with self.assertRaises(AccessError):
            line.with_user(self.engineer_2).action_dispute("Not me")
        with self.assertRaises(AccessError):
            line.with_user(self.engineer).write({"amount": -1})
        line.with_user(self.engineer).action_dispute("I wore it")
        self.assertEqual(line.dispute_state, "open")
        with self.assertRaises(UserError):
            line.with_user(self.engineer).action_dispute("Again")
        with self.assertRaises(AccessError):
            line.with_user(self.supervisor).action_decide_dispute(True, "ok")
        line.with_user(self.manager).action_decide_dispute(True, "Photo shows it")
        self.assertEqual((line.state, line.dispute_state), ("cancelled", "upheld"))
        with self.assertRaises(UserError):
            line.with_user(self.engineer).action_dispute("On a cancelled line")

        confirmed = self._manual(note="Second time")
        confirmed.with_user(self.manager).action_confirm()
        with self.assertRaises(UserError):
            confirmed.with_user(self.supervisor).write({"amount": -10})
        with self.assertRaises(UserError):
            confirmed.with_user(self.supervisor).unlink()
        confirmed.with_user(self.engineer).action_dispute("Not on duty")
        confirmed.with_user(self.manager).action_decide_dispute(True, "Day off")
        reversal = confirmed.reversal_line_ids
        self.assertEqual(reversal.amount, 50)
        self.assertEqual(reversal.state, "confirmed")
        self.assertEqual(confirmed.amount, -50)

    def test_manual_line_refusals(self):
        """R-PEN-4, R-X-4: a zero amount, an automatic rule, a rule of another
        company, an archived employee, someone outside the supervisor's teams:
        a clear error, nothing created."""
        count = self.Line.search_count([])
        outsider_user = new_test_user(self.env, "t_outsider", groups="base.group_user")
        outsider = self.env["hr.employee"].create(
            {"name": "Outsider", "user_id": outsider_user.id}
        )
        archived = self.env["hr.employee"].create({"name": "Gone", "active": False})
        company_b = self.env["res.company"].create({"name": "Ledger B"})
        rule_b = self.Rule.create(
            {"code": "B1", "name": "B", "amount": -5, "company_id": company_b.id}
        )
        auto_rule = self.env.ref("after_sales_service.penalty_rule_s000_phone")
        for vals, error in (
            ({"amount": 0}, ValidationError),
            ({"rule_id": auto_rule.id}, ValidationError),
            ({"rule_id": rule_b.id}, UserError),
            ({"employee_id": archived.id}, ValidationError),
            ({"employee_id": outsider.id}, AccessError),
        ):
            with self.subTest(vals=vals), self.assertRaises(error):
                with self.env.cr.savepoint():
                    self._manual(**vals)
                    self.env.flush_all()
        self.assertEqual(self.Line.search_count([]), count)
        # The manager enters lines for anyone of the company.
        self.assertTrue(self._manual(user=self.manager, employee_id=outsider.id))

    def test_monthly_statement_cap_confirm_and_book(self):
        """R-PEN-5, R-PEN-6, R-PEN-7: the month's statement sums fines and
        rewards, applies the cap (20 % of wage, minimum wage) and carries the
        rest over; the manager confirms once (lines confirmed); finance books
        one entry with one line pair per employee, refused without accounts."""
        self.employee.sudo().after_sales_wage = 2500
        self.company.after_sales_minimum_wage = 2300
        big = self.Rule.create(
            {
                "code": "T_BIG",
                "name": "Big fine",
                "amount": -300,
                "merit_grade": "demerit",
            }
        )
        self._manual(rule_id=big.id)
        self._manual(rule_id=self.praise.id)
        disputed = self._manual()
        disputed.with_user(self.engineer).action_dispute("No")
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.supervisor).action_generate()
        with self.assertRaises(UserError):
            self.Statement.with_user(self.manager).action_generate("not a month")
        action = self.Statement.with_user(self.manager).action_generate()
        statement = self.Statement.search(action["domain"]).filtered(
            lambda s: s.employee_id == self.employee
        )
        self.assertNotIn(disputed, statement.line_ids)
        self.assertEqual((statement.fines, statement.rewards), (300, 100))
        # 20 % of 2500 = 500; minimum wage: 2500 + 100 − 2300 = 300.
        self.assertEqual(statement.deductible, 300)
        self.assertEqual(statement.carry_over, 0)
        self.assertEqual(statement.net_amount, -200)
        self.assertEqual(statement.merit_points, -3)
        self.assertFalse(statement.cap_note)  # all 300 deducted: no cap bit
        # R-X-1: the monthly job computed them; the reader reads them in their
        # language.
        self._load_chinese()
        chinese = statement.with_context(lang="zh_CN")
        self.assertIn("记过", chinese.merit_summary)
        self.assertNotIn("Demerit", chinese.merit_summary)
        self.assertIn("Demerit", statement.merit_summary)
        self.assertEqual(self.Statement.with_user(self.engineer).search([]), statement)
        with self.assertRaises(AccessError):
            statement.with_user(self.supervisor).action_confirm()
        statement.with_user(self.manager).action_confirm()
        self.assertEqual(set(statement.line_ids.mapped("state")), {"confirmed"})
        with self.assertRaises(UserError):
            statement.with_user(self.manager).action_confirm()
        with self.assertRaises(UserError):
            statement.with_user(self.manager).write({"wage": 9000})
        with self.assertRaises(AccessError):
            statement.with_user(self.manager).action_book()
        with self.assertRaises(UserError):
            statement.with_user(self.finance).action_book()
        self.assertEqual(statement.state, "confirmed")
        self._configure_accounts()
        move = self.env["account.move"].browse(
            statement.with_user(self.finance).action_book()["res_id"]
        )
        self.assertEqual(statement.state, "booked")
        self.assertEqual(move.state, "posted")
        self.assertEqual(len(move.line_ids), 2)
        self.assertEqual(sum(move.line_ids.mapped("debit")), 200)
        with self.assertRaises(UserError):
            statement.with_user(self.finance).action_book()
        # Printable in Chinese and exported for payroll.
        html = self.env["ir.actions.report"]._render_qweb_html(
            "after_sales_service.report_penalty_statement", statement.ids
        )[0]
        self.assertIn(b"300.00", html)
        action = statement.with_user(self.finance).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertTrue(attachment.raw.startswith(b"PK"))
        with self.assertRaises(AccessError):
            statement.with_user(self.engineer).action_export_xlsx()


@tagged("post_install", "-at_install")
class TestPenaltyRace(PenaltyCase):
    """R-PEN-3: two cron workers at once (two real cursors, repeated) book each
    event once."""

    def test_two_workers_book_each_event_once(self):
        """R-PEN-3: two workers run the ledger job at the same moment on the same
        committed events: one line per event and rule, no error."""
        self._race(lambda Line: Line._generate_lines(commit=True))

    def test_two_cron_workers_in_chunks_book_each_event_once(self):
        """R-PEN-3, issue 24: two workers run the ledger cron in chunks (two
        batches of five events per call, the pass's cursor committed with each
        batch), several calls each, at the same moment: one line per event and
        rule, no error, and the pass ends (its cursor gone)."""

        def batch_size(Line):
            # a sixth of the window's ids: a pass is three calls of two batches
            # whatever the ids the database's earlier events used (its
            # sequence also moved on for the events of rolled-back tests)
            since = fields.Date.subtract(fields.Date.today().replace(day=1), months=1)
            Line.env.cr.execute(
                "SELECT MIN(id), MAX(id) FROM after_sales_performance_event"
                " WHERE occurred_at >= %s",
                [since],
            )
            low, high = Line.env.cr.fetchone()
            return max(5, (high - low) // 6 + 1) if low is not None else 5

        def calls(Line):
            for _call in range(15):
                Line._generate_lines(
                    batch_size=batch_size(Line), commit=True, max_batches=2
                )

        try:
            self._race(calls)
            with self.registry.cursor() as cr:
                Line = api.Environment(cr, SUPERUSER_ID, {})["after_sales.penalty.line"]
                for _call in range(50):
                    Line._generate_lines(
                        batch_size=batch_size(Line), commit=True, max_batches=2
                    )
                    if Line._ledger_cursor() is None:
                        break
                self.assertIsNone(Line._ledger_cursor())
        finally:
            with self.registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM ir_config_parameter WHERE key = %s",
                    [LEDGER_CURSOR_KEY],
                )
                cr.commit()  # pylint: disable=invalid-commit

    def _race(self, run):
        """Ten times: five new committed events, then two workers start
        ``run(Line)`` at the same moment; then each event has one line."""
        registry = self.registry
        marker = f"race-{uuid.uuid4().hex}"
        company_id = self.company.id
        errors = []

        def env_of(cr):
            cr.transaction = api.Transaction(registry)
            return api.Environment(cr, SUPERUSER_ID, {})

        with registry.cursor() as cr:
            employee_id = (
                env_of(cr)["hr.employee"]
                .create({"name": marker, "company_id": company_id})
                .id
            )
            cr.commit()  # pylint: disable=invalid-commit

        def work(barrier):
            try:
                with registry.cursor() as cr:
                    env = env_of(cr)
                    barrier.wait(timeout=10)
                    run(env["after_sales.penalty.line"])
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        try:
            for repetition in range(REPETITIONS):
                with registry.cursor() as cr:
                    env_of(cr)["after_sales.performance.event"]._record(
                        [
                            {
                                "kind": "phone_resolution",
                                "key": f"{repetition}-{i}",
                                "res_model": marker,
                                "res_id": 1,
                                "company_id": company_id,
                                "employee_id": employee_id,
                            }
                            for i in range(5)
                        ]
                    )
                    cr.commit()  # pylint: disable=invalid-commit
                barrier = threading.Barrier(2)
                threads = [
                    threading.Thread(target=work, args=(barrier,)) for _ in range(2)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
                self.assertFalse(errors, errors)
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT e.id, count(l.id) FROM after_sales_performance_event e "
                    "LEFT JOIN after_sales_penalty_line l ON l.event_id = e.id "
                    "WHERE e.res_model = %s GROUP BY e.id",
                    [marker],
                )
                counts = dict(cr.fetchall())
            self.assertEqual(len(counts), REPETITIONS * 5)
            self.assertEqual(set(counts.values()), {1})
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM after_sales_penalty_line WHERE event_id IN (SELECT "
                    "id FROM after_sales_performance_event WHERE res_model = %s)",
                    [marker],
                )
                cr.execute(
                    "DELETE FROM after_sales_performance_event WHERE res_model = %s",
                    [marker],
                )
                cr.execute("DELETE FROM hr_employee WHERE id = %s", [employee_id])
                cr.commit()  # pylint: disable=invalid-commit
