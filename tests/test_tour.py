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
        self.assertTrue(ticket.number.startswith("TR-"))
