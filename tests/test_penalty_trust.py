# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The penalty ledger over JSON-RPC, as each role's browser calls it (issue 18).

What a statement deducts comes from the company's settings and the previous
month, never from what a manager types; a cancelled line never counts; a line
still disputed, or one somebody would approve for themselves, is not confirmed;
a confirmed line keeps its person and its source; a statement's month is a
month."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from ..models.rule_errors import format_month
from .common import JsonRpcMixin
from .test_penalty import PenaltyCase

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
LINE = "after_sales.penalty.line"
STATEMENT = "after_sales.penalty.statement"


READER_LANGS = ("en_US", "zh_CN")


@tagged("post_install", "-at_install")
class TestPenaltyTrust(JsonRpcMixin, HttpCase, PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.after_sales_fine_cap_percent = 20
        cls.company.after_sales_minimum_wage = 2300
        cls.month = fields.Date.today().replace(day=1)

    def _rpc(self, login, model, method, args, kwargs=None):
        """``(result, error name, error message)`` of ``model.method(*args)``
        called as ``login`` over JSON-RPC."""
        result, error = self._call_kw(login, model, method, args, kwargs)
        self.env.invalidate_all()
        if not error:
            return result, None, None
        return None, error["name"], error["message"]

    def _statement(self, month=None, employee=None):
        """The manager generates the month's statements: the employee's one."""
        action = self.Statement.with_user(self.manager).action_generate(month)
        self.env.invalidate_all()
        return self.Statement.search(action["domain"]).filtered(
            lambda s: s.employee_id == (employee or self.employee)
        )

    def test_statement_figures_come_from_the_settings(self):
        """R-PEN-7: the cap percentage and the minimum wage are the company's
        settings, copied when the statement is confirmed; the amount carried in
        is the previous month's carry-over. The manager types none of them over
        JSON-RPC, in any state: refused, nothing changes (a 6,000-yuan wage
        never carries a 5,020-yuan deduction)."""
        self.employee.sudo().after_sales_wage = 6000
        huge = self.Rule.create({"code": "T_HUGE", "name": "Huge", "amount": -5020})
        self._manual(user=self.supervisor, rule_id=huge.id)
        statement = self._statement()
        self.assertEqual((statement.cap_percent, statement.minimum_wage), (20, 2300))
        forged = {"cap_percent": 100.0, "minimum_wage": 0.0, "carried_in": 0.01}

        def refused(state):
            before = statement.read(
                ["cap_percent", "minimum_wage", "carried_in", "deductible"]
            )
            for name, value in forged.items():
                with self.subTest(state=state, field=name):
                    _result, error, _message = self._rpc(
                        "t_manager", STATEMENT, "write", [statement.ids, {name: value}]
                    )
                    self.assertEqual(error, ACCESS_ERROR)
            self.assertEqual(
                statement.read(
                    ["cap_percent", "minimum_wage", "carried_in", "deductible"]
                ),
                before,
            )

        refused("draft")
        # The settings of the day of the confirmation are the statement's.
        self.company.after_sales_fine_cap_percent = 25
        _result, error, _message = self._rpc(
            "t_manager", STATEMENT, "action_confirm", [statement.ids]
        )
        self.assertFalse(error)
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.cap_percent, 25)
        self.company.after_sales_fine_cap_percent = 30
        self.env.invalidate_all()
        self.assertEqual(statement.cap_percent, 25)
        self.assertEqual((statement.deductible, statement.carry_over), (1500, 3520))
        refused("confirmed")
        self._configure_accounts()
        statement.with_user(self.finance).action_book()
        self.assertEqual(statement.state, "booked")
        refused("booked")
        # Nor on a new statement.
        _result, error, _message = self._rpc(
            "t_manager",
            STATEMENT,
            "create",
            [
                {
                    "employee_id": self.employee_2.id,
                    "month": fields.Date.to_string(self.month),
                    "wage": 6000,
                    "cap_percent": 100,
                }
            ],
        )
        self.assertEqual(error, ACCESS_ERROR)
        self.assertFalse(
            self.Statement.search([("employee_id", "=", self.employee_2.id)])
        )
        # The next month carries in what this one carried over.
        following = self._statement(
            fields.Date.to_string(self.month + relativedelta(months=1))
        )
        self.assertEqual(following.carried_in, 3520)

    def test_cancelled_line_never_counts(self):
        """R-PEN-4, R-PEN-5: a line cancelled by an upheld dispute after its
        statement was drafted no longer counts on it, and regenerating drops
        it."""
        fine = self._manual()
        reward = self._manual(rule_id=self.praise.id)
        statement = self._statement()
        self.assertEqual(statement.line_ids, fine | reward)
        self.assertEqual((statement.fines, statement.rewards), (50, 100))
        _result, error, _message = self._rpc(
            "t_engineer", LINE, "action_dispute", [fine.ids, "I wore it"]
        )
        self.assertFalse(error)
        _result, error, _message = self._rpc(
            "t_manager",
            LINE,
            "action_decide_dispute",
            [fine.ids, True, "The photo shows it"],
        )
        self.assertFalse(error)
        self.assertEqual(fine.state, "cancelled")
        self.assertEqual((statement.fines, statement.deductible), (0, 0))
        self.assertEqual(statement.net_amount, 100)
        _result, error, _message = self._rpc(
            "t_manager",
            STATEMENT,
            "action_generate",
            [],
            {"month": fields.Date.to_string(self.month)},
        )
        self.assertFalse(error)
        self.assertEqual(statement.line_ids, reward)
        self.assertFalse(fine.statement_id)

    def test_disputed_line_blocks_the_statement(self):
        """R-PEN-4, R-PEN-5: a line disputed after its statement was drafted
        waits for the manager's decision: confirming the statement is refused,
        naming the line, and nothing is confirmed."""
        fine = self._manual()
        reward = self._manual(rule_id=self.praise.id)
        statement = self._statement()
        self._rpc("t_engineer", LINE, "action_dispute", [fine.ids, "Not me"])
        self.assertEqual(fine.dispute_state, "open")
        _result, error, message = self._rpc(
            "t_manager", STATEMENT, "action_confirm", [statement.ids]
        )
        self.assertEqual(error, USER_ERROR)
        # The line named by its rule and its day as a reader writes it
        # (12/07/2026 or 2026年12月07日: the request thread may format in the
        # database's default language, zh_CN, what the test reads in English).
        days = [
            format_date(self.env(context={"lang": lang}), fine.date)
            for lang in READER_LANGS
        ]
        self.assertTrue(any(f"({day})" in message for day in days), message)
        self.assertIn(self.uniform.name, message)
        self.assertEqual(statement.state, "draft")
        self.assertEqual((fine | reward).mapped("state"), ["draft", "draft"])

    def test_nobody_confirms_their_own_line(self):
        """R-PEN-4 (SPEC §0: nobody approves their own request): a supervisor
        neither confirms a line about themselves nor one they entered; the
        manager does not confirm the lines they entered, with a statement or
        alone, nor their own statement; another approver does."""
        supervisor_employee = self.env["hr.employee"].create(
            {"name": "Supervisor", "user_id": self.supervisor.id}
        )
        own_id, error, _message = self._rpc(
            "t_supervisor",
            LINE,
            "create",
            [{"employee_id": supervisor_employee.id, "rule_id": self.praise.id}],
        )
        self.assertFalse(error)
        entered_id, error, _message = self._rpc(
            "t_supervisor",
            LINE,
            "create",
            [{"employee_id": self.employee.id, "rule_id": self.praise.id}],
        )
        self.assertFalse(error)
        own, entered = self.Line.browse(own_id), self.Line.browse(entered_id)
        for line in (own, entered):
            with self.subTest(line=line.display_name):
                _result, error, _message = self._rpc(
                    "t_supervisor", LINE, "action_confirm", [line.ids]
                )
                self.assertEqual(error, ACCESS_ERROR)
                self.assertEqual(line.state, "draft")
        _result, error, _message = self._rpc(
            "t_manager", LINE, "action_confirm", [entered.ids]
        )
        self.assertFalse(error)
        self.assertEqual(entered.state, "confirmed")
        # The manager's own line, and a statement with it.
        by_manager_id, error, _message = self._rpc(
            "t_manager",
            LINE,
            "create",
            [{"employee_id": self.employee.id, "rule_id": self.uniform.id}],
        )
        by_manager = self.Line.browse(by_manager_id)
        _result, error, _message = self._rpc(
            "t_manager", LINE, "action_confirm", [by_manager.ids]
        )
        self.assertEqual(error, ACCESS_ERROR)
        statement = self._statement()
        self.assertIn(by_manager, statement.line_ids)
        _result, error, _message = self._rpc(
            "t_manager", STATEMENT, "action_confirm", [statement.ids]
        )
        self.assertEqual(error, ACCESS_ERROR)
        self.assertEqual((statement.state, by_manager.state), ("draft", "draft"))
        # The manager's own statement.
        manager_employee = self.env["hr.employee"].create(
            {"name": "Manager", "user_id": self.manager.id}
        )
        self.Line.create(
            {"employee_id": manager_employee.id, "rule_id": self.praise.id}
        )
        own_statement = self._statement(employee=manager_employee)
        _result, error, _message = self._rpc(
            "t_manager", STATEMENT, "action_confirm", [own_statement.ids]
        )
        self.assertEqual(error, ACCESS_ERROR)
        self.assertEqual(own_statement.state, "draft")
        # The general manager confirms them.
        new_test_user(
            self.env,
            "t_general",
            groups="base.group_user,after_sales_service.group_general_manager",
        )
        _result, error, _message = self._rpc(
            "t_general",
            STATEMENT,
            "action_confirm",
            [(statement | own_statement).ids],
        )
        self.assertFalse(error)
        self.assertEqual(by_manager.state, "confirmed")
        self.assertEqual(own_statement.state, "confirmed")

    def test_decided_line_keeps_person_and_source(self):
        """R-PEN-2: a confirmed or cancelled line keeps its team, its source and
        everything its amount and person depend on: a write over JSON-RPC is
        refused and nothing changes."""
        confirmed = self._manual()
        confirmed.with_user(self.manager).action_confirm()
        cancelled = self._manual()
        cancelled.with_user(self.supervisor).action_cancel("Entered twice")
        event = self._event("phone_resolution", key="trust")
        self.Line._generate_lines()
        automatic = self._lines(event)
        automatic.with_user(self.manager).action_confirm()
        forged = (
            ({"team_id": self.team.id}, {USER_ERROR}),
            ({"res_model": "helpdesk.ticket", "res_id": 1}, {USER_ERROR}),
            ({"res_id": self.ticket.id + 1}, {USER_ERROR}),
            # The employee's user is also HR's field: refused as either.
            ({"user_id": self.supervisor.id}, {USER_ERROR, ACCESS_ERROR}),
        )
        for line in (confirmed, cancelled, automatic):
            before = line.read(["team_id", "res_model", "res_id", "user_id"])
            for vals, expected in forged:
                with self.subTest(state=line.state, origin=line.origin, vals=vals):
                    _result, error, _message = self._rpc(
                        "t_supervisor", LINE, "write", [line.ids, vals]
                    )
                    self.assertIn(error, expected)
            self.assertEqual(
                line.read(["team_id", "res_model", "res_id", "user_id"]), before
            )

    def test_statement_month_is_a_month(self):
        """R-PEN-5, R-X-4: a statement's month is the first day of a month; the
        17th is refused over JSON-RPC (one statement per employee and month)
        and nothing is written."""
        seventeenth = fields.Date.to_string(self.month.replace(day=17))
        _result, error, message = self._rpc(
            "t_manager",
            STATEMENT,
            "create",
            [{"employee_id": self.employee.id, "month": seventeenth, "wage": 5000}],
        )
        self.assertEqual(error, VALIDATION_ERROR)
        self.assertTrue(message)
        self.assertFalse(
            self.Statement.search([("employee_id", "=", self.employee.id)])
        )
        statement_id, error, _message = self._rpc(
            "t_manager",
            STATEMENT,
            "create",
            [
                {
                    "employee_id": self.employee.id,
                    "month": fields.Date.to_string(self.month),
                    "wage": 5000,
                }
            ],
        )
        self.assertFalse(error)
        _result, error, _message = self._rpc(
            "t_manager", STATEMENT, "write", [[statement_id], {"month": seventeenth}]
        )
        self.assertEqual(error, VALIDATION_ERROR)
        self.assertEqual(self.Statement.browse(statement_id).month, self.month)

    def test_carry_over_waits_for_the_previous_month(self):
        """R-PEN-7: the next month's statement is confirmed after this month's,
        so that what this month carries over is carried in: refused before,
        with the carry-over after."""
        self.employee.sudo().after_sales_wage = 6000
        huge = self.Rule.create({"code": "T_HUGE", "name": "Huge", "amount": -2000})
        self._manual(rule_id=huge.id)
        next_month = self.month + relativedelta(months=1)
        self._manual(date=next_month)
        statement = self._statement()
        following = self._statement(fields.Date.to_string(next_month))
        _result, error, message = self._rpc(
            "t_manager", STATEMENT, "action_confirm", [following.ids]
        )
        self.assertEqual(error, USER_ERROR)
        # The month as the reader writes it (Dec 2026 / 2026年12月), never
        # 2026-12: in the manager's language or the database's default one
        # (the request thread may not see English the test class activated).
        months = [
            format_month(self.env(context={"lang": lang}), self.month)
            for lang in READER_LANGS
        ]
        self.assertTrue(any(month in message for month in months), message)
        self.assertEqual((following.state, following.carried_in), ("draft", 0))
        for document in (statement, following):
            _result, error, _message = self._rpc(
                "t_manager", STATEMENT, "action_confirm", [document.ids]
            )
            self.assertFalse(error)
        self.assertEqual(statement.carry_over, 800)  # 2000 − 20 % of 6000
        self.assertEqual(following.carried_in, 800)
        self.assertEqual(following.deductible, 850)
