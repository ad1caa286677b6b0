# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import AfterSalesCase

# Friday 2026-12-04, 16:00 in Shanghai.
FRIDAY_AFTERNOON = datetime(2026, 12, 4, 8, 0)
REGISTERED = datetime(2026, 12, 3, 1, 0)


@tagged("post_install", "-at_install")
class TestCallback(AfterSalesCase):
    """Callbacks of finished services (SPEC §9): one per record, the questions,
    the outcomes, the rating, the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests state their time zone and calendar: Shanghai, Mon–Fri.
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.resource_calendar_id = cls.env.ref(
            "resource.resource_calendar_std"
        ).copy({"name": "Callback calendar", "tz": "Asia/Shanghai"})
        cls.company.after_sales_callback_days = 2
        cls.company.after_sales_callback_max_attempts = 3
        cls.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": cls.engineer_2.id}
        )
        cls.Callback = cls.env["after_sales.callback"]
        cls.Line = cls.env["after_sales.penalty.line"]

    def _done_record(self, ticket=None, user=None, **vals):
        ticket = ticket or self._create_ticket(registered_at=REGISTERED)
        values = self._confirm_values(
            start_datetime=datetime(2026, 12, 4, 6, 0), end_datetime=FRIDAY_AFTERNOON
        )
        values.update(vals)
        user = user or self.engineer
        record = self._create_record(ticket, user_id=user.id, **values)
        record.action_done()
        return record

    def _answer(self, callback, *grades, user=None):
        callback = callback.with_user(user or self.clerk)
        graded = callback.answer_ids.filtered("graded")
        for answer, grade in zip(graded, grades, strict=True):
            answer.grade = grade
        callback.action_answer()
        return callback

    # ------------------------------------------------------------------
    # One callback a finished service
    # ------------------------------------------------------------------

    def test_done_record_gets_one_callback_due_in_working_days(self):
        """R-CB-1: a record done on Friday afternoon is called back two working
        days later (Tuesday), to the person who accepted the service, with the
        company's questions; never twice."""
        record = self._done_record(confirm_name="Wang Fang")
        callback = self.Callback.search([("record_id", "=", record.id)])
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.state, "pending")
        self.assertEqual(callback.due_date, date(2026, 12, 8))
        self.assertEqual(callback.contact_name, "Wang Fang")
        self.assertEqual(callback.contact_phone, "13800138000")
        self.assertEqual(callback.ticket_id, record.ticket_id)
        self.assertEqual(callback.engineer_user_id, self.engineer)
        self.assertEqual(
            callback.answer_ids.question_id.mapped("code"),
            ["on_time", "one_visit", "expertise", "opinion"],
        )
        self.assertEqual(callback.name, f"HF-{record.name}")
        # The job makes no second one; a second callback is refused.
        self.Callback._cron_create_callbacks()
        self.assertEqual(self.Callback.search_count([("record_id", "=", record.id)]), 1)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Callback.sudo().create({"record_id": record.id})

    def test_service_type_sets_its_own_delay(self):
        """R-CB-1: a service type may call back later (003: 5–7 days after a
        delivery): five working days after Friday is the next Friday."""
        self.type_repair.after_sales_callback_days = 5
        record = self._done_record()
        callback = self.Callback.search([("record_id", "=", record.id)])
        self.assertEqual(callback.due_date, date(2026, 12, 11))

    def test_no_callback_of_a_record_not_done(self):
        """R-CB-1: only a finished service is called back."""
        record = self._create_record(self._create_ticket())
        with self.assertRaises(ValidationError):
            self.Callback.sudo().create({"record_id": record.id})
        with self.assertRaises(AccessError):
            self.Callback.with_user(self.clerk).create({"record_id": record.id})
        self.assertFalse(self.Callback.search([("record_id", "=", record.id)]))

    # ------------------------------------------------------------------
    # Answers, rating, ledger
    # ------------------------------------------------------------------

    def test_answered_callback_rates_the_request_and_the_engineer(self):
        """R-CB-1, R-CB-2: the answers rate the request (Odoo's rating, the
        engineer who did the service rated); 满意率 counts 非常满意 and 满意."""
        satisfied = self._done_record()
        neutral = self._done_record()
        first = self._answer(
            self.Callback.search([("record_id", "=", satisfied.id)]),
            "excellent",
            "good",
            "excellent",
        )
        second = self._answer(
            self.Callback.search([("record_id", "=", neutral.id)]),
            "good",
            "fair",
            "good",
        )
        self.assertEqual(first.state, "done")
        self.assertEqual(first.done_by_id, self.clerk)
        self.assertEqual(first.satisfaction, "good")  # the lowest answer
        self.assertEqual(second.satisfaction, "fair")
        self.assertEqual(first.rating_id.rated_partner_id, self.engineer.partner_id)
        self.assertEqual(first.rating_id.res_id, satisfied.ticket_id.id)
        self.assertEqual(satisfied.ticket_id.rating_percentage_satisfaction, 100)
        self.assertEqual(neutral.ticket_id.rating_percentage_satisfaction, 0)
        groups = self.Callback._read_group(
            [("id", "in", (first | second).ids)], [], ["satisfied_rate:avg"]
        )
        self.assertEqual(groups[0][0], 50.0)

    def test_every_graded_question_needs_an_answer(self):
        """R-CB-1: an answer is one of the four grades, and every graded question
        is answered before the callback is done."""
        callback = self.Callback.search([("record_id", "=", self._done_record().id)])
        callback = callback.with_user(self.clerk)
        callback.answer_ids[0].grade = "good"
        with self.assertRaises(UserError):
            callback.action_answer()
        self.assertEqual(callback.state, "pending")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            callback.answer_ids[1].grade = "brilliant"
        opinion = callback.answer_ids.filtered(lambda a: not a.graded)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            opinion.grade = "good"

    def test_callback_results_priced_by_the_ledger(self):
        """R-CB-1, R-PEN-3 (000 §3.5.2): all three 不满意 −5, all 一般 −2, any
        满意 nothing, any 非常满意 +2 — to the engineer of the service."""
        cases = {
            ("poor", "poor", "poor"): -5,
            ("fair", "fair", "fair"): -2,
            ("fair", "good", "poor"): 0,
            ("good", "excellent", "fair"): 2,
        }
        callbacks = {}
        for grades in cases:
            record = self._done_record()
            callback = self.Callback.search([("record_id", "=", record.id)])
            callbacks[grades] = self._answer(callback, *grades)
        self.Line._generate_lines()
        for grades, amount in cases.items():
            with self.subTest(grades=grades):
                lines = self.Line.search(
                    [
                        ("res_model", "=", "after_sales.callback"),
                        ("res_id", "=", callbacks[grades].id),
                    ]
                )
                self.assertEqual(sum(lines.mapped("amount")), amount)
                self.assertEqual(len(lines), 1 if amount else 0)
                if lines:
                    self.assertEqual(lines.employee_id.user_id, self.engineer)

    def test_nobody_calls_back_their_own_service(self):
        """R-CB-1: the supervisor who did the service cannot answer its callback."""
        record = self._done_record(user=self.supervisor)
        callback = self.Callback.search([("record_id", "=", record.id)])
        callback.answer_ids.filtered("graded").grade = "good"
        for action in ("action_answer", "action_not_reached", "action_refuse"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(callback.with_user(self.supervisor), action)()
        self.assertEqual(callback.state, "pending")

    # ------------------------------------------------------------------
    # Other outcomes
    # ------------------------------------------------------------------

    def test_not_reached_is_retried_then_given_up(self):
        """R-CB-1: a customer not reached is tried again the next working day and
        given up after the company's number of attempts."""
        self.company.after_sales_callback_max_attempts = 2
        callback = self.Callback.search([("record_id", "=", self._done_record().id)])
        callback.with_user(self.clerk).action_not_reached()
        self.assertEqual(callback.state, "pending")
        self.assertEqual(callback.attempt_count, 1)
        self.assertGreater(callback.due_date, date.today())
        callback.with_user(self.clerk).action_not_reached()
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.attempt_count, 2)
        with self.assertRaises(UserError):
            callback.with_user(self.clerk).action_not_reached()

    def test_no_contact_person_costs_the_engineer(self):
        """R-CB-1 (000 §3.5.1): a record that names nobody to call costs its
        engineer 2 yuan — except a power-on service."""
        record = self._done_record(
            site_contact_name=False, site_contact_phone=False, confirm_name="-"
        )
        callback = self.Callback.search([("record_id", "=", record.id)])
        callback.with_user(self.clerk).action_no_contact()
        self.assertEqual(callback.state, "no_contact")
        commissioning = self._done_record(
            ticket=self._create_ticket(
                service_type_id=self.type_commissioning.id, registered_at=REGISTERED
            )
        )
        exempt = self.Callback.search([("record_id", "=", commissioning.id)])
        exempt.with_user(self.clerk).action_no_contact()
        self.Line._generate_lines()
        lines = self.Line.search(
            [
                ("res_model", "=", "after_sales.callback"),
                ("res_id", "in", (callback | exempt).ids),
            ]
        )
        self.assertEqual(lines.res_id, callback.id)
        self.assertEqual(lines.amount, -2)

    def test_a_decided_callback_is_frozen(self):
        """R-CB-1, R-X-3: once answered, nothing of the callback changes."""
        callback = self.Callback.search([("record_id", "=", self._done_record().id)])
        callback = self._answer(callback, "good", "good", "good")
        with self.assertRaises(UserError), self.cr.savepoint():
            callback.answer_ids[0].grade = "poor"
        with self.assertRaises(UserError), self.cr.savepoint():
            callback.opinion = "changed"
        with self.assertRaises(UserError), self.cr.savepoint():
            callback.answer_ids = [Command.create({"question_id": 1})]
        with self.assertRaises(UserError), self.cr.savepoint():
            callback.sudo().unlink()
        with self.assertRaises(AccessError), self.cr.savepoint():
            callback.with_user(self.supervisor).write({"state": "pending"})
        self.assertEqual(callback.answer_ids[0].grade, "good")

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------

    def test_engineer_sees_own_results_never_the_pending_call(self):
        """R-CB-1, R-X-5: an engineer reads the callbacks of their own services
        once made — never before, never a colleague's, never the phone."""
        mine = self.Callback.search([("record_id", "=", self._done_record().id)])
        theirs = self.Callback.search(
            [("record_id", "=", self._done_record(user=self.engineer_2).id)]
        )
        as_engineer = self.Callback.with_user(self.engineer)
        self.assertFalse(as_engineer.search([("id", "in", (mine | theirs).ids)]))
        self._answer(mine, "good", "good", "good")
        self._answer(theirs, "good", "good", "good")
        self.assertEqual(as_engineer.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            mine.with_user(self.engineer).read(["contact_phone"])
        for role in (self.warehouse, self.finance, self.estimator):
            with self.subTest(role=role.login), self.assertRaises(AccessError):
                mine.with_user(role).read(["name"])

    # ------------------------------------------------------------------
    # Scale
    # ------------------------------------------------------------------

    def test_coverage_and_kinds_in_the_analysis(self):
        """R-CB-2 (004 §2.1, §4): the analysis counts the callbacks of a period by
        service kind (repairs against installations, the monthly 5 : 1 survey)
        and shows the coverage — the share of finished services called back."""
        installation = self.env.ref("after_sales_service.service_type_installation")
        repairs = self._done_record() | self._done_record()
        setup = self._done_record(
            ticket=self._create_ticket(
                registered_at=REGISTERED, service_type_id=installation.id
            )
        )
        callbacks = self.Callback.search([("record_id", "in", (repairs | setup).ids)])
        self._answer(
            callbacks.filtered(lambda c: c.record_id == repairs[0]),
            "good",
            "good",
            "good",
        )
        groups = {
            kind: (count, coverage)
            for kind, count, coverage in self.Callback._read_group(
                [("id", "in", callbacks.ids)],
                ["service_kind"],
                ["__count", "called_rate:avg"],
            )
        }
        self.assertEqual(groups, {"repair": (2, 50.0), "installation": (1, 0.0)})

    def test_callback_job_queries_do_not_grow(self):
        """R-CB-1: the job making the callbacks of N finished records is one
        batch: no query per record. What grows from 1 to 200 records is only
        Odoo's INSERT, which writes 100 rows a statement (200 callbacks and their
        800 answers: 14 statements more) — far below a query a record."""

        def queries(n):
            records = self.env["after_sales.service.record"]
            ticket = self._create_ticket(registered_at=REGISTERED)
            for _i in range(n):
                records |= self._create_record(
                    ticket,
                    **self._confirm_values(
                        start_datetime=datetime(2026, 12, 4, 6, 0),
                        end_datetime=FRIDAY_AFTERNOON,
                    ),
                )
            records.action_done()
            # Closed without their callbacks (as before the callbacks existed).
            self.env.flush_all()
            self.env.cr.execute(
                "DELETE FROM after_sales_callback WHERE record_id IN %s",
                (tuple(records.ids),),
            )
            self.assertFalse(self.Callback.search([("record_id", "in", records.ids)]))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            created = self.Callback._cron_create_callbacks()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before, created

        queries(1)
        one, created_one = queries(1)
        many, created_many = queries(200)
        self.assertEqual((created_one, created_many), (1, 200))
        self.assertLessEqual(many - one, 16)


@tagged("post_install", "-at_install")
class TestCallbackTour(HttpCase, AfterSalesCase):
    """The clerk's callback in a real browser, in Chinese, as a clerk without an
    e-mail address (static/tests/tours/callback_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._chinese_browser_user(cls.clerk)

    def test_clerk_answers_a_callback_in_the_browser(self):
        """R-CB-1: the clerk grades the questions of a finished service in the
        form, writes the customer's opinion and records the call; the request
        is rated for it."""
        ticket = self._create_ticket()
        record = self._create_record(ticket, **self._confirm_values())
        record.action_done()
        callback = self.env["after_sales.callback"].search(
            [("record_id", "=", record.id)]
        )
        self.assertEqual(len(callback.answer_ids.filtered("graded")), 3)
        self.start_tour(
            f"/odoo/action-after_sales_service.callback_action/{callback.id}",
            "after_sales_clerk_callback",
            login=self.clerk.login,
        )
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.done_by_id, self.clerk)
        self.assertEqual(
            callback.answer_ids.filtered("graded").mapped("grade"),
            ["excellent", "good", "good"],
        )
        self.assertEqual(callback.opinion, "师傅很专业，下次还找你们")
        self.assertEqual(callback.satisfaction, "good")
        self.assertEqual(ticket.rating_ids.mapped("rating"), [4.0])

    def test_date_filter_reads_the_period_in_chinese(self):
        """R-X-1: a date filter's facet reads 2026年12月, not "12月 2026"."""
        action = self.env.ref("after_sales_service.callback_action").copy(
            {"context": "{'search_default_filter_done_at': 1}"}
        )
        self.start_tour(
            f"/odoo/action-{action.id}",
            "after_sales_zh_date_facet",
            login=self.clerk.login,
        )
