# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestRegisterCallTour(HttpCase, AfterSalesCase):
    def test_clerk_registers_call_in_browser(self):
        """R-IN-1, R-IN-2: a clerk registers a call in the browser; it is numbered."""
        self.env.company.after_sales_department_code = "TR"
        self.env["res.partner"].create({"name": "Tour Customer"})
        product = self.env["product.product"].create(
            {
                "name": "Tour Air Conditioner",
                "type": "consu",
                "tracking": "serial",
                "is_storable": True,
            }
        )
        self.env["stock.lot"].create({"name": "TOUR-0001", "product_id": product.id})
        self.start_tour("/odoo", "after_sales_register_call", login=self.clerk.login)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Outdoor unit leaks water")]
        )
        self.assertEqual(ticket.product_id, product)
        self.assertIn("Water drips from the outdoor unit.", ticket.description)
        self.assertTrue(ticket.number.startswith("TR-"))


@tagged("post_install", "-at_install")
class TestDailyWorkTours(HttpCase, AfterSalesCase):
    """The supervisor's and the engineer's day in the browser, in Chinese, as users
    without an e-mail address (issue #9): each button is pressed in a real client
    and the tour fails on an error dialog or a red notification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"], overwrite=True
        )
        (cls.supervisor | cls.engineer).write({"lang": "zh_CN", "email": False})
        cls.engineer.name = "Tour Engineer"

    def test_supervisor_dispatches_by_rotation(self):
        ticket = self._create_ticket(user_id=False)
        self.env["after_sales.dispatch.member"].create(
            {"team_id": self.team.id, "user_id": self.engineer.id}
        )
        self.team.dispatch_round_robin = True
        self.start_tour(
            f"/odoo/after-sales-requests/{ticket.id}",
            "after_sales_supervisor_dispatch",
            login=self.supervisor.login,
        )
        self.assertEqual(ticket.user_id, self.engineer)

    def test_engineer_resolves_by_phone(self):
        ticket = self._create_ticket()
        self.start_tour(
            f"/odoo/after-sales-requests/{ticket.id}",
            "after_sales_engineer_phone",
            login=self.engineer.login,
        )
        self.assertEqual(ticket.resolution_kind, "phone")
        self.assertTrue(ticket.closed)

    def test_engineer_records_visit_and_submits_log(self):
        ticket = self._create_ticket()
        record = self._create_record(
            ticket, engineer_ids=[Command.set(self.employee.ids)]
        )
        self.start_tour(
            f"/odoo/after-sales-records/{record.id}",
            "after_sales_engineer_visit",
            login=self.engineer.login,
        )
        self.assertEqual(record.state, "done")
        self.assertEqual(record.confirm_name, "张伟")
        log = self.env["after_sales.work.log"].create({"employee_id": self.employee.id})
        self.start_tour(
            f"/odoo/action-after_sales_service.work_log_action/{log.id}",
            "after_sales_engineer_work_log",
            login=self.engineer.login,
        )
        self.assertEqual(log.state, "submitted")
