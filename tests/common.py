from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class AfterSalesCase(TransactionCase):
    """Shared fixtures: its own company data, one user per role, small factories.

    Never relies on demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.after_sales_department_code = "SH"
        cls.company.after_sales_request_pattern = "{dept}-{yy}{mm}-{seq}"
        group = "after_sales_service.group_"
        cls.clerk = new_test_user(
            cls.env, "t_clerk", groups=f"base.group_user,{group}clerk", name="Clerk"
        )
        cls.engineer = new_test_user(
            cls.env,
            "t_engineer",
            groups=f"base.group_user,{group}engineer",
            name="Engineer",
        )
        cls.engineer_2 = new_test_user(
            cls.env,
            "t_engineer2",
            groups=f"base.group_user,{group}engineer",
            name="Engineer 2",
        )
        cls.supervisor = new_test_user(
            cls.env,
            "t_supervisor",
            groups=f"base.group_user,{group}supervisor",
            name="Supervisor",
        )
        cls.manager = new_test_user(
            cls.env,
            "t_manager",
            groups=f"base.group_user,{group}manager",
            name="Manager",
        )
        cls.warehouse = new_test_user(
            cls.env,
            "t_warehouse",
            groups=f"base.group_user,{group}warehouse",
            name="Warehouse",
        )
        cls.finance = new_test_user(
            cls.env,
            "t_finance",
            groups=f"base.group_user,{group}finance",
            name="Finance",
        )
        cls.estimator = new_test_user(
            cls.env,
            "t_estimator",
            groups=f"base.group_user,{group}estimator",
            name="Estimator",
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Engineer", "user_id": cls.engineer.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "After-Sales Test Team",
                "user_ids": [
                    Command.set(
                        (cls.clerk | cls.engineer | cls.engineer_2 | cls.supervisor).ids
                    )
                ],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer", "phone": "020-1234567", "city": "Guangzhou"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test Air Conditioner",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.other_product = cls.env["product.product"].create(
            {
                "name": "Test Router",
                "type": "consu",
                "tracking": "serial",
                "is_storable": True,
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "AC-0001", "product_id": cls.product.id}
        )
        cls.other_lot = cls.env["stock.lot"].create(
            {"name": "RT-0001", "product_id": cls.other_product.id}
        )
        cls.type_repair = cls.env.ref("after_sales_service.service_type_repair")
        cls.type_commissioning = cls.env.ref(
            "after_sales_service.service_type_commissioning"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    @classmethod
    def _create_ticket(cls, user=None, **vals):
        values = {
            "name": "Air conditioner does not cool",
            "description": "<p>Outdoor fan does not turn.</p>",
            "team_id": cls.team.id,
            "user_id": cls.engineer.id,
            "partner_id": cls.customer.id,
            "service_type_id": cls.type_repair.id,
            "product_id": cls.product.id,
            "lot_id": cls.lot.id,
            "registered_at": fields.Datetime.now(),
        }
        values.update(vals)
        env = cls.env(user=user) if user else cls.env
        return env["helpdesk.ticket"].create(values)

    @classmethod
    def _create_record(cls, ticket, user=None, **vals):
        values = {"ticket_id": ticket.id, "user_id": cls.engineer.id}
        values.update(vals)
        env = cls.env(user=user) if user else cls.env
        return env["after_sales.service.record"].create(values)

    @staticmethod
    def _confirm_values(**vals):
        values = {
            "site_contact_name": "Zhang Wei",
            "site_contact_phone": "13800138000",
            "result": "accepted",
            "confirm_name": "Zhang Wei",
            "confirm_date": fields.Date.today(),
        }
        values.update(vals)
        return values
