# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .test_parts import PartsCase
from .test_penalty import PenaltyCase
from .test_signoff import SignoffCase


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase, PartsCase, SignoffCase, PenaltyCase):
    """Every role's daily path in a real web client, in Chinese, as users without
    an e-mail address (issue 20): each button is pressed in the browser, the tour
    fails on an error dialog or a red notification, and the facts are read in the
    database afterwards (static/tests/tours/role_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"], overwrite=True
        )
        cls.staff = (
            cls.clerk
            | cls.engineer
            | cls.engineer_2
            | cls.supervisor
            | cls.supervisor_2
            | cls.manager
            | cls.general_manager
            | cls.warehouse
            | cls.finance
            | cls.estimator
        )
        cls.staff.write({"lang": "zh_CN", "email": False})
        cls.company.email = "service@example.com"
        cls.engineer.name = "巡检工程师"
        cls.month = fields.Date.today().replace(day=1)

    _warmed_up = False

    def setUp(self):
        super().setUp()
        if not TestRoleTours._warmed_up:
            # The first backend page after a module update fills the asset and
            # registry caches: on a loaded machine it outlasts the browser's
            # 20-second navigation timeout. Load it once here, with time to spare.
            self.authenticate(self.clerk.login, self.clerk.login)
            self.url_open("/odoo", timeout=180)
            self.logout()
            TestRoleTours._warmed_up = True

    # ------------------------------------------------------------------
    # Data, as the roles before made it (ORM, as those roles)
    # ------------------------------------------------------------------

    def _requested_requisition(self, ticket, quantity=2):
        """An engineer's requisition of fans on ``ticket``, handed in."""
        requisition = (
            self.env["after_sales.parts.requisition"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "engineer_id": self.employee.id,
                    "warehouse_id": self.wh.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.fan.id, "quantity": quantity}
                        )
                    ],
                }
            )
        )
        requisition.action_request()
        return requisition.with_env(self.env)

    def _determination_signed_by(self, *users):
        """A 150-yuan goodwill determination (above the 100-yuan threshold: the
        general manager signs too), handed in and signed by ``users``."""
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        for user in users:
            self._sign(determination, user)
        return determination

    def _statement(self, employee):
        """``employee``'s draft statement of this month, with one fine."""
        employee.sudo().after_sales_wage = 5000
        self.Line.with_user(self.supervisor).create(
            {"employee_id": employee.id, "rule_id": self.uniform.id}
        )
        action = self.Statement.with_user(self.manager).action_generate()
        return self.Statement.search(action["domain"]).filtered(
            lambda s: s.employee_id == employee
        )

    def _signature_of(self, determination, user):
        return determination.signature_ids.filtered(lambda s: s.user_id == user)

    # ------------------------------------------------------------------
    # The roles' days
    # ------------------------------------------------------------------

    def test_supervisor_assigns_in_form_and_approves_parts(self):
        """R-IN-4, R-PRT-1: the supervisor (no e-mail, Chinese) assigns the
        engineer in the request form's *Assigned to* field and saves, then
        approves an engineer's parts requisition."""
        ticket = self._create_ticket(user_id=False)
        self.start_tour(
            f"/odoo/after-sales-requests/{ticket.id}",
            "after_sales_supervisor_assigns",
            login=self.supervisor.login,
        )
        self.assertEqual(ticket.user_id, self.engineer)
        self.assertIn(self.engineer.partner_id, ticket.message_partner_ids)
        requisition = self._requested_requisition(self.ticket)
        self.start_tour(
            "/odoo/action-after_sales_service.action_parts_requisition/"
            f"{requisition.id}",
            "after_sales_supervisor_approves_parts",
            login=self.supervisor.login,
        )
        self.assertEqual(requisition.state, "approved")
        self.assertEqual(requisition.approved_by_id, self.supervisor)

    def test_keeper_issues_from_parts_to_issue(self):
        """R-PRT-1, R-PRT-2: the warehouse keeper opens *Parts to Issue* from the
        menu, opens the approved requisition and issues it: a real validated
        picking of the issue type takes the parts out of stock."""
        ticket = self._create_ticket(
            partner_id=self.env["res.partner"].create({"name": "仓库客户甲"}).id
        )
        self._confirm_quote(ticket)
        requisition = self._requested_requisition(ticket)
        requisition.with_user(self.supervisor).action_approve()
        before = self._qty(self.fan, self.stock)
        self.start_tour(
            "/odoo/after-sales-requests",
            "after_sales_keeper_issues",
            login=self.warehouse.login,
        )
        self.assertEqual(requisition.state, "issued")
        picking = requisition.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.wh.after_sales_issue_type_id)
        self.assertEqual(self._qty(self.fan, self.stock), before - 2)
        self.assertEqual(requisition.line_ids.quantity_issued, 2)

    def test_manager_signs_and_confirms_statement(self):
        """R-APR-1, R-APR-2, R-PEN-5: the department manager signs their step of
        a determination with the sign wizard (the general manager's step stays
        open) and confirms a monthly statement."""
        determination = self._determination_signed_by(self.supervisor)
        self.start_tour(
            "/odoo/action-after_sales_service.responsibility_action/"
            f"{determination.id}",
            "after_sales_sign_determination",
            login=self.manager.login,
        )
        signature = self._signature_of(determination, self.manager)
        self.assertEqual(signature.state, "approved")
        self.assertEqual(signature.comment, "同意")
        self.assertEqual(determination.state, "pending")
        pending = determination.signature_ids.filtered(lambda s: s.state == "pending")
        self.assertEqual(
            pending.group_id,
            self.env.ref("after_sales_service.group_general_manager"),
        )
        statement = self._statement(self.employee)
        self.start_tour(
            "/odoo/action-after_sales_service.penalty_statement_action/"
            f"{statement.id}",
            "after_sales_manager_confirms_statement",
            login=self.manager.login,
        )
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.manager)
        self.assertEqual(set(statement.line_ids.mapped("state")), {"confirmed"})

    def test_general_manager_signs_above_threshold(self):
        """R-APR-1, R-APR-2: above 100 yuan the general manager signs the last
        step with the wizard; the determination is approved."""
        determination = self._determination_signed_by(self.supervisor, self.manager)
        self.start_tour(
            "/odoo/action-after_sales_service.responsibility_action/"
            f"{determination.id}",
            "after_sales_sign_determination",
            login=self.general_manager.login,
        )
        self.assertEqual(
            self._signature_of(determination, self.general_manager).state, "approved"
        )
        self.assertEqual(determination.state, "approved")
        self.assertEqual(determination.ticket_id.signoff_approved_amount, 150.0)

    def test_finance_books_statement_and_opens_entry(self):
        """R-PEN-5: finance books a confirmed monthly statement; the journal entry
        it made opens in the browser without an error."""
        self._configure_accounts()
        statement = self._statement(self.employee_2)
        statement.with_user(self.manager).action_confirm()
        self.start_tour(
            "/odoo/action-after_sales_service.penalty_statement_action/"
            f"{statement.id}",
            "after_sales_finance_books_statement",
            login=self.finance.login,
        )
        self.assertEqual(statement.state, "booked")
        self.assertEqual(statement.move_id.state, "posted")
        self.assertEqual(
            sum(statement.move_id.line_ids.mapped("debit")),
            -statement.net_amount,
        )

    def test_clerk_registers_call_without_email(self):
        """R-IN-1, R-IN-2: a clerk without an e-mail address registers a call in
        the Chinese interface; it is numbered by the company pattern."""
        self.company.after_sales_department_code = "ZH"
        customer = self.env["res.partner"].create({"name": "巡检客户"})
        lot = self.env["stock.lot"].create(
            {"name": "ZH-TOUR-01", "product_id": self.product.id}
        )
        self.start_tour(
            "/odoo", "after_sales_clerk_register_call_zh", login=self.clerk.login
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "室外机漏水")])
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(ticket.lot_id, lot)
        self.assertIn("室外机滴水。", ticket.description)
        self.assertEqual(ticket.service_type_id, self.type_repair)
        self.assertEqual(ticket.create_uid, self.clerk)
        self.assertTrue(ticket.number.startswith("ZH-"))
