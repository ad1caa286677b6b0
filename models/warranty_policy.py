# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import warranty
from .seed_copy import copy_translations
from .warranty_inputs import POLICY_FIELDS, POLICY_INPUTS, engine_inputs

START_BASES = [
    (warranty.START_INVOICE, "Invoice Date"),
    (warranty.START_INSTALLATION, "Installation Date"),
]
CUSTOMER_FAULT_CHARGING = [
    (warranty.CUSTOMER_PAYS_PARTS, "Customer Pays Parts, Labour Free"),
    (warranty.CUSTOMER_PAYS_ALL, "Customer Pays All Costs"),
]
# Fields that decide which policy a request uses.
ASSIGNMENT_FIELDS = ("active", "sequence", "is_default", "product_ids", "categ_ids")


class AfterSalesWarrantyPolicy(models.Model):
    """Warranty policy of products or product categories (R-WAR-1, R-WAR-4, R-WAR-5).

    Every engine field mirrors :class:`tools.warranty.WarrantyPolicy` through
    ``warranty_inputs.POLICY_FIELDS``; :meth:`_to_engine` builds it and is the
    only validation of the values. A request uses the policy
    naming its product, else the one naming its category (the nearest parent
    wins), else the company's default policy (:meth:`_get_for_product`).

    Rights: every internal user reads the policies; department managers edit them.
    Editing a policy queues the re-determination of its open requests, which a
    cron works off in batches (the save returns at once, however many requests
    use the policy); closed ones keep their frozen determination.
    """

    _name = "after_sales.warranty.policy"
    _description = "Warranty Policy"
    _inherit = ["after_sales.input.bounds"]
    _order = "sequence, id desc"
    # A century of warranty at most; windows and delays in days likewise.
    _input_bounds = {
        "whole_months": (0, 1_200),
        "grace_months": (0, 1_200),
        "return_days": (0, 36_500),
        "exchange_days": (0, 36_500),
        "parts_not_supplied_days": (0, 36_500),
        "repairer_delay_days": (0, 36_500),
        "rework_days": (0, 36_500),
        "max_repairs_same_fault": (0, 100),
        "depreciation_rate": (0, 1),
    }
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    note = fields.Text(
        string="Source", translate=True, help="Where the rule comes from."
    )
    # Assignment
    is_default = fields.Boolean(
        string="Default Policy",
        help="Used for the products that no other policy names, directly or by "
        "category. One per company.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        check_company=True,
        help="Products named here use this policy, whatever their category.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories and their subcategories use this policy.",
    )
    # Periods (R-WAR-1, R-WAR-2)
    whole_months = fields.Integer(
        string="Whole Unit (Months)", required=True, default=12
    )
    component_ids = fields.One2many(
        "after_sales.warranty.policy.component",
        "policy_id",
        string="Main Components",
        copy=True,
    )
    start_basis = fields.Selection(
        START_BASES,
        string="Warranty Starts On",
        required=True,
        default=warranty.START_INVOICE,
        help="Installation date: used when known, else the purchase date.",
    )
    grace_months = fields.Integer(
        string="Grace After Factory Date (Months)",
        default=3,
        help="Without a proof of purchase the warranty starts this many months "
        "after the factory date.",
    )
    # 三包 (R-WAR-5, R-WAR-5a)
    sanbao_applies = fields.Boolean(
        string="Three Guarantees Apply",
        help="Consumer products: the 三包 remedies (return, exchange, repair).",
    )
    return_days = fields.Integer(string="Return Window (Days)", default=7)
    exchange_days = fields.Integer(string="Exchange Window (Days)", default=15)
    parts_not_supplied_days = fields.Integer(
        string="Parts Not Supplied (Days)", default=90
    )
    repairer_delay_days = fields.Integer(string="Repairer Delay (Days)", default=30)
    rework_days = fields.Integer(string="Rework Window (Days)", default=30)
    max_repairs_same_fault = fields.Integer(
        string="Repairs of the Same Fault", default=2
    )
    depreciation_rate = fields.Float(
        string="Depreciation Rate per Day",
        digits=(16, 6),
        default=0.001,
        help="Share of the invoice price charged per day on a return (1‰ = 0.001).",
    )
    # Charging (R-WAR-4)
    customer_fault_charging = fields.Selection(
        CUSTOMER_FAULT_CHARGING,
        string="Customer-Caused Fault in Warranty",
        required=True,
        default=warranty.CUSTOMER_PAYS_PARTS,
    )
    remote_travel_chargeable = fields.Boolean(
        string="Charge Travel to Remote Sites",
        default=True,
        help="Remote sites beyond the service area pay the travel even in warranty.",
    )
    out_of_warranty_travel_chargeable = fields.Boolean(
        string="Charge Travel Out of Warranty", default=True
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(*POLICY_INPUTS)
    def _check_engine_values(self):
        for policy in self:
            policy._to_engine()

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for policy in self.filtered(lambda p: p.is_default and p.active):
            others = self.search_count(
                [
                    ("id", "!=", policy.id),
                    ("is_default", "=", True),
                    ("company_id", "=", policy.company_id.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a default warranty policy: clear it "
                        "before making %(policy)s the default.",
                        company=policy.company_id.name,
                        policy=policy.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        policies._recompute_open_determinations(assignment=True)
        return policies

    def write(self, vals):
        result = super().write(vals)
        assignment = any(name in vals for name in ASSIGNMENT_FIELDS)
        if assignment or any(name in vals for name in POLICY_INPUTS):
            self._recompute_open_determinations(assignment=assignment)
        return result

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _to_engine(self):
        """The policy as :class:`tools.warranty.WarrantyPolicy` (``POLICY_FIELDS``).

        Raises a translated ``ValidationError`` on values the engine refuses.
        """
        self.ensure_one()
        Determination = self.env["after_sales.warranty.determination"]
        with Determination._translate_input_errors():
            return warranty.WarrantyPolicy(**engine_inputs(self, POLICY_FIELDS))

    @api.model
    def _get_for_product(self, product, company):
        """The policy of ``product`` in ``company``: product, category, default."""
        policies = self.sudo().search([("company_id", "=", company.id)])
        if product:
            by_product = policies.filtered(lambda p: product in p.product_ids)
            if by_product:
                return by_product[:1].with_env(self.env)
            category = product.categ_id
            while category:
                by_categ = policies.filtered(lambda p, c=category: c in p.categ_ids)
                if by_categ:
                    return by_categ[:1].with_env(self.env)
                category = category.parent_id
        return policies.filtered("is_default")[:1].with_env(self.env)

    def _recompute_open_determinations(self, assignment=False):
        """Queue the re-determination of the open requests after an edit (R-WAR-8).

        A change of assignment may move any request of the company to another
        policy; a change of values only concerns the requests using the policy.
        Closed requests keep their frozen determination. One ``UPDATE`` marks
        the requests, the cron re-determines them in batches
        (:meth:`helpdesk.ticket._warranty_redetermine_pending`).
        """
        if not self:
            return
        if assignment:
            condition = SQL("t.company_id = ANY(%s)", self.company_id.ids)
        else:
            condition = SQL(
                """EXISTS (SELECT 1 FROM after_sales_warranty_determination d
                            WHERE d.ticket_id = t.id AND d.policy_id = ANY(%s))""",
                self.ids,
            )
        self.env["helpdesk.ticket"]._warranty_queue(condition)


class AfterSalesWarrantyPolicyComponent(models.Model):
    """A named main component with its own period (compressor 36 months, R-WAR-1)."""

    _name = "after_sales.warranty.policy.component"
    _description = "Warranty Policy Component"
    _inherit = ["after_sales.input.bounds"]
    _order = "policy_id, sequence, id"
    _input_bounds = {"months": (0, 1_200)}

    policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Component", required=True, translate=True)
    code = fields.Char(
        compute="_compute_code",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Stable key of the component read by the warranty engine, unique per "
        "policy; proposed from the name.",
    )
    months = fields.Integer(required=True, default=12)

    _sql_constraints = [
        (
            "code_policy_unique",
            "UNIQUE(policy_id, code)",
            "The code of a main component must be unique per warranty policy.",
        ),
    ]

    @api.model
    def _sync_seeded_translations(self, langs):
        """After a language's terms are loaded: a component named as a seeded one
        (``data/warranty_policy_data.xml``: "Compressor") in another policy or
        company takes the seed's translations (see
        :func:`seed_copy.copy_translations`), so a policy copied or typed in
        English reads 压缩机 for a Chinese reader (R-X-1)."""
        seeded = (
            self.sudo()
            .browse(
                self.env["ir.model.data"]
                .sudo()
                .search(
                    [("module", "=", "after_sales_service"), ("model", "=", self._name)]
                )
                .mapped("res_id")
            )
            .exists()
        )
        others = self.sudo().search([("id", "not in", seeded.ids)])
        for seed in seeded:
            english = seed.with_context(lang="en_US").name
            copies = others.filtered(
                lambda c, english=english: c.with_context(lang="en_US").name == english
            )
            copy_translations(seed, copies, ["name"], langs)

    @api.depends("name")
    def _compute_code(self):
        for component in self:
            slug = re.sub(r"\W+", "_", (component.name or "").lower()).strip("_")
            component.code = component.code or slug or False

    @api.constrains("months", "code")
    def _check_months(self):
        for component in self:
            component.policy_id._to_engine()

    @api.model_create_multi
    def create(self, vals_list):
        components = super().create(vals_list)
        components.policy_id._recompute_open_determinations()
        return components

    def write(self, vals):
        result = super().write(vals)
        self.policy_id._recompute_open_determinations()
        return result

    def unlink(self):
        policies = self.policy_id
        result = super().unlink()
        policies._recompute_open_determinations()
        return result
