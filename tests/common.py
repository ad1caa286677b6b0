# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

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


class JsonRpcMixin:
    """Calls over real JSON-RPC, as the web client makes them (an ``HttpCase``):
    every public method and field a role reaches, whatever its views show."""

    def _call_kw(self, login, model, method, args, kwargs=None):
        """``(result, error data)`` of ``model.method(*args, **kwargs)`` called
        as ``login`` (password = login). The refusals are the tests' subject:
        odoo.http's log of them is muted."""
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "id": 1,
                        "params": {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        payload = response.json()
        error = payload.get("error")
        return payload.get("result"), error and error["data"]


# What the suite's tests read in, whatever the database's default language is (a
# company's own database is often zh_CN by default; issue 19): English, the language
# the code's strings are written in. A test reading Chinese says so itself
# (``with_context(lang="zh_CN")``). The time zone: UTC, in which the tests reckon
# (new partners take the context's); a test of local hours states its time zone
# on the calendar or the user.
TEST_CONTEXT = {"lang": "en_US", "tz": "UTC"}


def activate_test_language(env):
    """English active for the class (rolled back with it): a database created in
    Chinese (``--load-language=zh_CN``, the database manager in Chinese) has only
    zh_CN active, and Odoo reads an inactive language as the first active one
    (dates 2025年01月10日, a user's interface in Chinese)."""
    env["res.lang"]._activate_lang(TEST_CONTEXT["lang"])


class OdooDefaultsCase(TransactionCase):
    """Odoo's own test classes run with the addon installed (tests/test_odoo_*.py,
    tests/test_key_customer.py) assume Odoo's test database: English by default.
    Listed after Odoo's class, this runs before that class's fixtures are made:
    the class reads in English and its new partners, users and companies are
    English (``ir.default`` of the partner's language, rolled back with the
    class), so that journal codes (MISC, not 杂项) and messages match Odoo's
    assertions on a database whose default language is zh_CN."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_test_language(cls.env)
        cls.env = cls.env(context=dict(cls.env.context, **TEST_CONTEXT))
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        cls.env.company.partner_id.lang = "en_US"
        cls.env.user.lang = "en_US"


class AfterSalesCase(TransactionCase):
    """Shared fixtures: its own company data, one user per role, small factories.

    Never relies on demo data. Reads in English in UTC (``TEST_CONTEXT``),
    whatever the database's default language is.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_test_language(cls.env)
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, **TEST_CONTEXT)
        )
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
                lang=TEST_CONTEXT["lang"],
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
    def _sample_documents(cls):
        """One document of every model a user types in, on one request: what the
        bad-input and the frozen-history walks try (a model of the transition
        layer without a sample here fails ``TestTransitionLayer``)."""
        ticket = cls._create_ticket()
        called = cls._create_record(cls._create_ticket(), **cls._confirm_values())
        called.action_done()
        callback = cls.env["after_sales.callback"].search(
            [("record_id", "=", called.id)]
        )
        policy = cls.env["after_sales.sla.policy"].create(
            {
                "name": "Bad input policy",
                "line_ids": [Command.create({"milestone": "contacted", "hours": 4})],
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        requisition = cls.env["after_sales.parts.requisition"].create(
            {
                "ticket_id": ticket.id,
                "engineer_id": cls.employee.id,
                "warehouse_id": warehouse.id,
                "line_ids": [Command.create({"product_id": cls.product.id})],
            }
        )
        plan = cls.env["after_sales.purchase.plan"].create(
            {
                "ticket_id": ticket.id,
                "warehouse_id": warehouse.id,
                "line_ids": [Command.create({"product_id": cls.product.id})],
            }
        )
        # The quarter's scorecard: created with its lines (R-RPT-2).
        scorecard = cls.env["after_sales.kpi.scorecard"].create(
            {"year": 2019, "quarter": "1", "department": "technical"}
        )
        quote = cls.env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [
                    Command.create({"kind": "parts", "name": "Part", "unit_cost": 50.0})
                ],
            }
        )
        # A major fault three days after the invoice under a 三包 policy: a
        # return may be appraised.
        warranty_policy = cls.env["after_sales.warranty.policy"].create(
            {
                "name": "Sample 三包",
                "whole_months": 12,
                "sanbao_applies": True,
                "product_ids": [Command.set(cls.product.ids)],
                "component_ids": [Command.create({"name": "Motor", "months": 24})],
            }
        )
        appraised = cls._create_ticket(
            purchase_date=fields.Date.subtract(fields.Date.today(), days=3),
            proof_kind="invoice",
            warranty_major_fault=True,
            warranty_fault_kind="quality",
        )
        step = cls.env.ref("after_sales_service.signoff_step_manager")
        signature = cls.env["after_sales.responsibility.signature"].create(
            {
                "responsibility_id": cls.env["after_sales.responsibility"]
                .create({"ticket_id": ticket.id, "cause": "Signature sample"})
                .id,
                "step_id": step.id,
                "sequence": 1,
                "group_id": step.group_id.id,
            }
        )
        penalty_rule = cls.env.ref("after_sales_service.penalty_rule_s004_uniform")
        penalty_line = cls.env["after_sales.penalty.line"].create(
            {"employee_id": cls.employee.id, "rule_id": penalty_rule.id}
        )
        return {
            "after_sales.penalty.rule": penalty_rule,
            "after_sales.penalty.line": penalty_line,
            "after_sales.penalty.statement": cls.env[
                "after_sales.penalty.statement"
            ].create(
                {
                    "employee_id": cls.employee.id,
                    "month": fields.Date.today().replace(day=1),
                    "wage": 5000,
                }
            ),
            "after_sales.parts.requisition": requisition,
            "after_sales.parts.requisition.line": requisition.line_ids,
            "after_sales.replaced.part": cls.env["after_sales.replaced.part"].create(
                {"requisition_id": requisition.id, "product_id": cls.product.id}
            ),
            "after_sales.purchase.plan": plan,
            "after_sales.purchase.plan.line": plan.line_ids,
            "after_sales.quote": quote,
            "after_sales.quote.line": quote.line_ids,
            "after_sales.cost.line": cls.env["after_sales.cost.line"].create(
                {"ticket_id": ticket.id, "name": "Cost", "unit_cost": 10.0}
            ),
            "after_sales.responsibility": cls.env["after_sales.responsibility"].create(
                {"ticket_id": ticket.id, "cause": "Goodwill"}
            ),
            "after_sales.provision": cls.env["after_sales.provision"].create(
                {
                    "company_id": cls.company.id,
                    "date_from": "2020-01-01",
                    "date_to": "2020-01-31",
                }
            ),
            "after_sales.provision.statement": cls.env[
                "after_sales.provision.statement"
            ].create({"year": 2026}),
            "after_sales.signoff.step": cls.env.ref(
                "after_sales_service.signoff_step_manager"
            ),
            "helpdesk.ticket": ticket,
            "after_sales.service.record": cls._create_record(ticket),
            "after_sales.work.log": cls.env["after_sales.work.log"].create(
                {"employee_id": cls.employee.id}
            ),
            "after_sales.custody": cls.env["after_sales.custody"].create(
                {"ticket_id": ticket.id}
            ),
            "after_sales.return.appraisal": cls.env[
                "after_sales.return.appraisal"
            ].create({"ticket_id": appraised.id}),
            "after_sales.sla.pause": cls.env["after_sales.sla.pause"].create(
                {"ticket_id": ticket.id, "reason": "customer_not_ready"}
            ),
            "after_sales.responsibility.signature": signature,
            "after_sales.sla.policy": policy,
            "after_sales.sla.policy.line": policy.line_ids,
            "after_sales.service.type": cls.type_repair,
            "after_sales.engineer.rate": cls.env["after_sales.engineer.rate"].create(
                {"employee_id": cls.employee.id, "rate": 90.0}
            ),
            "after_sales.travel.zone": cls.env["after_sales.travel.zone"].create(
                {"name": "Town", "distance_to": 20.0, "amount": 30.0}
            ),
            "after_sales.cause.category": cls.env.ref(
                "after_sales_service.cause_category_other"
            ),
            "after_sales.record.item": cls.env["after_sales.record.item"].search(
                [], limit=1
            ),
            "after_sales.warranty.policy": warranty_policy,
            "after_sales.warranty.policy.component": warranty_policy.component_ids,
            "after_sales.warranty.exclusion": cls.env.ref(
                "after_sales_service.warranty_exclusion_misuse"
            ),
            "after_sales.dispatch.member": cls.env[
                "after_sales.dispatch.member"
            ].create({"team_id": cls.team.id, "user_id": cls.engineer_2.id}),
            "after_sales.callback": callback,
            "after_sales.callback.answer": callback.answer_ids[:1],
            "after_sales.callback.survey": cls.env[
                "after_sales.callback.survey"
            ].create({"month": "2020-01-01"}),
            "after_sales.kpi.scorecard": scorecard,
            "after_sales.kpi.scorecard.line": scorecard.line_ids[:1],
            "after_sales.kpi.target": scorecard.line_ids[:1].target_id,
            "after_sales.report.submission": cls.env["after_sales.report.submission"]
            .sudo()
            .create({"kind": "labour", "month": "2020-01-01"})
            .sudo(False),
            "after_sales.complaint": cls._create_ticket(
                service_type_id=cls.env.ref(
                    "after_sales_service.service_type_complaint"
                ).id
            ).complaint_ids,
            "after_sales.improvement": cls.env["after_sales.improvement"].create(
                {"name": "Sample project", "ticket_ids": [Command.set(ticket.ids)]}
            ),
            "after_sales.quality.meeting": cls.env[
                "after_sales.quality.meeting"
            ].create(
                {"name": "Sample meeting", "ticket_ids": [Command.set(ticket.ids)]}
            ),
        }

    @classmethod
    def _load_chinese(cls, modules=("after_sales_service",)):
        """Chinese active and the Chinese terms of ``modules`` loaded, overwriting
        (a database updated from an older layout keeps the translations of old
        terms matched to the new ones by likeness): what a print or a label
        reads for a zh_CN reader."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            list(modules), ["zh_CN"], overwrite=True
        )
        cls.env.invalidate_all()

    @classmethod
    def _shanghai_calendar(cls):
        """An office in Shanghai: Monday to Friday 08:30–12:00 and 13:00–17:30."""
        return cls.env["resource.calendar"].create(
            {
                "name": "Shanghai office",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in (
                        (8.5, 12.0, "morning"),
                        (12.0, 13.0, "lunch"),
                        (13.0, 17.5, "afternoon"),
                    )
                ],
            }
        )

    @classmethod
    def _chinese_browser_user(cls, user):
        """``user`` works in the Chinese interface without an e-mail address (the
        browser tours): Chinese loaded with the addon's terms."""
        cls._load_chinese()
        user.write({"lang": "zh_CN", "email": False})

    @classmethod
    def _portal_contact(cls, login, name, customer, **values):
        """A portal user who is a contact of ``customer`` (in English unless
        ``lang`` is given; ``values``: more of ``new_test_user``'s)."""
        values.setdefault("lang", "en_US")
        user = new_test_user(
            cls.env, login, groups="base.group_portal", name=name, **values
        )
        user.partner_id.parent_id = customer
        return user

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
