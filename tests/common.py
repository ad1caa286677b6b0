# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

# The role users every test case gets: (attribute, login, group suffix, name).
ROLE_USERS = (
    ("clerk", "t_clerk", "clerk", "Clerk"),
    ("engineer", "t_engineer", "engineer", "Engineer"),
    ("engineer_2", "t_engineer2", "engineer", "Engineer 2"),
    ("supervisor", "t_supervisor", "supervisor", "Supervisor"),
    ("manager", "t_manager", "manager", "Manager"),
    ("warehouse", "t_warehouse", "warehouse", "Warehouse"),
    ("finance", "t_finance", "finance", "Finance"),
    ("estimator", "t_estimator", "estimator", "Estimator"),
)


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
        # One user per role: (attribute, login, group, name).
        for attr, login, role, name in ROLE_USERS:
            user = new_test_user(
                cls.env,
                login,
                groups=f"base.group_user,after_sales_service.group_{role}",
                name=name,
            )
            setattr(cls, attr, user)
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


class WarrantyCase(AfterSalesCase):
    """Own policies (the seeded default is set aside) and a dated request factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["after_sales.warranty.policy"]
        cls.Policy.search(
            [("company_id", "=", cls.company.id), ("is_default", "=", True)]
        ).is_default = False
        cls.categ_parent = cls.env["product.category"].create({"name": "Appliances"})
        cls.categ = cls.env["product.category"].create(
            {"name": "Air Conditioners", "parent_id": cls.categ_parent.id}
        )
        cls.product.categ_id = cls.categ
        cls.policy_default = cls.Policy.create(
            {"name": "Default", "whole_months": 12, "is_default": True}
        )
        cls.policy_categ = cls.Policy.create(
            {
                "name": "Appliances",
                "whole_months": 24,
                "categ_ids": [Command.set(cls.categ_parent.ids)],
            }
        )
        cls.policy = cls.Policy.create(
            {
                "name": "Household",
                "whole_months": 36,
                "sanbao_applies": True,
                "product_ids": [Command.set(cls.product.ids)],
                "component_ids": [Command.create({"name": "Compressor", "months": 60})],
            }
        )
        cls.compressor = cls.policy.component_ids
        cls.misuse = cls.env.ref("after_sales_service.warranty_exclusion_misuse")

    @classmethod
    def _create_dated_ticket(cls, purchase_date, proof_kind="invoice", **vals):
        return cls._create_ticket(
            purchase_date=purchase_date, proof_kind=proof_kind, **vals
        )

    def _reason_keys(self, ticket):
        return ticket.warranty_reason_ids.mapped("key")

    def _run_warranty_queue(self):
        """Run what the cron does after a policy edit (R-WAR-8)."""
        done = self.env["helpdesk.ticket"]._warranty_redetermine_pending()
        self.env.invalidate_all()
        return done
