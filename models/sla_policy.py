# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import sla
from .const import COMPLAINT_GRADES, SERVICE_ZONES, URGENCIES
from .seed_copy import copy_translations

CRITERIA = sla.POLICY_CRITERIA


def _criterion(value):
    """A criterion as the pure rule compares it: an id, a key or None."""
    if isinstance(value, models.BaseModel):
        return value.id or None
    return value or None


class AfterSalesSlaPolicy(models.Model):
    """SLA policy (时限): the allowances a service request must meet (R-SLA-1).

    A policy applies to the requests of its company that match all its criteria
    (service type, urgency, distance zone, team, complaint grade); an empty
    criterion matches any request. The most specific matching policy wins — the
    one with the most criteria set, then the lowest sequence — and alone gives
    every deadline of the request: policies are not merged. Each company keeps one
    active policy without criteria, the default, so every request gets deadlines.

    Rights: department managers configure policies; everybody else reads them.
    """

    _name = "after_sales.sla.policy"
    _inherit = ["after_sales.input.bounds"]
    _input_bounds = {"soon_hours": (0, 8_760)}
    _description = "SLA Policy"
    _order = "sequence, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    note = fields.Text(help="Where the rule comes from and when it applies.")
    # Criteria: empty means any
    service_type_id = fields.Many2one("after_sales.service.type", check_company=True)
    urgency = fields.Selection(URGENCIES)
    distance_zone = fields.Selection(SERVICE_ZONES)
    team_id = fields.Many2one("helpdesk.ticket.team", check_company=True)
    complaint_grade = fields.Selection(
        COMPLAINT_GRADES,
        help="Only complaints of this grade (R-CB-3); empty: any request.",
    )
    specificity = fields.Integer(
        compute="_compute_specificity",
        store=True,
        help="How many criteria are set: the most specific matching policy wins.",
    )
    # Allowances
    line_ids = fields.One2many(
        "after_sales.sla.policy.line", "policy_id", string="Allowances", copy=True
    )
    soon_hours = fields.Float(
        string="Warning Window (h)",
        default=1.0,
        help="A deadline is shown as about to breach when at most this many hours "
        "remain.",
    )

    @api.depends(*CRITERIA)
    def _compute_specificity(self):
        for policy in self:
            policy.specificity = sum(1 for name in CRITERIA if policy[name])

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("line_ids")
    def _check_line_ids(self):
        for policy in self:
            if not policy.line_ids:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s gives no deadline: add at least one "
                        "allowance.",
                        policy=policy.name,
                    )
                )

    @api.constrains("soon_hours")
    def _check_soon_hours(self):
        for policy in self:
            if policy.soon_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The warning window of policy %(policy)s cannot be negative.",
                        policy=policy.name,
                    )
                )

    def _check_default_policy(self, companies):
        """Guard of ``write``: each company keeps an active policy without criteria."""
        for company in companies:
            if not self.sudo().search_count(
                [("company_id", "=", company.id), ("specificity", "=", 0)], limit=1
            ):
                raise UserError(
                    self.env._(
                        "%(company)s needs one active SLA policy without criteria: "
                        "it gives the deadlines of the requests no other policy "
                        "matches.",
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        # ``@api.constrains`` only runs for fields present in the values.
        policies._check_line_ids()
        return policies

    def write(self, vals):
        companies = self.company_id
        res = super().write(vals)
        if {"active", "company_id", *CRITERIA} & set(vals):
            self._check_default_policy(companies | self.company_id)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_default(self):
        for company in self.company_id:
            remaining = self.sudo().search_count(
                [
                    ("company_id", "=", company.id),
                    ("specificity", "=", 0),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
            if not remaining:
                raise UserError(
                    self.env._(
                        "The default SLA policy of %(company)s cannot be deleted.",
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # Matching (R-SLA-1)
    # ------------------------------------------------------------------

    @api.model
    def _match_tickets(self, tickets):
        """Return ``{ticket id: policy}``, the most specific active match of each.

        The rule is :func:`tools.sla.best_policy`; this gathers the inputs — one
        search for all the companies of ``tickets`` — and, for a company without a
        default policy, gives it a copy of the seeded one first.
        """
        Policy = self.sudo().with_context(active_test=True)
        policies = Policy.search([("company_id", "in", tickets.company_id.ids)])
        missing = (
            tickets.company_id
            - policies.filtered(lambda p: not p.specificity).company_id
        )
        if missing:
            policies |= Policy._create_default_policies(missing)
        by_company = defaultdict(list)
        for policy in policies:
            by_company[policy.company_id.id].append(
                sla.PolicyCriteria(
                    policy.id,
                    policy.sequence,
                    **{name: _criterion(policy[name]) for name in CRITERIA},
                )
            )
        result = {}
        for ticket in tickets:
            best = sla.best_policy(
                by_company[ticket.company_id.id],
                {name: _criterion(ticket[name]) for name in CRITERIA},
            )
            result[ticket.id] = Policy.browse(best)
        return result

    @api.model
    def _create_default_policies(self, companies):
        """Give ``companies`` a default policy copied from the seeded one."""
        template = self.env.ref(
            "after_sales_service.sla_policy_default", raise_if_not_found=False
        )
        if not template:
            return self.browse()
        template = template.sudo().with_context(lang="en_US")
        policies = (
            self.sudo()
            .with_context(lang="en_US")
            .create(
                [
                    {
                        "name": template.name,
                        "company_id": company.id,
                        "sequence": template.sequence,
                        "soon_hours": template.soon_hours,
                        "note": template.note,
                        "line_ids": [
                            Command.create(
                                {
                                    "milestone": line.milestone,
                                    "hours": line.hours,
                                    "sequence": line.sequence,
                                    "time_mode": line.time_mode,
                                }
                            )
                            for line in template.line_ids
                        ],
                    }
                    for company in companies
                ]
            )
        )
        copy_translations(template, policies, ["name"])
        return self.sudo().browse(policies.ids)

    @api.model
    def _sync_default_translations(self, langs):
        """After a language's terms are loaded: the default policies copied
        before (see :func:`seed_copy.copy_translations`)."""
        template = self.env.ref(
            "after_sales_service.sla_policy_default", raise_if_not_found=False
        )
        if not template:
            return
        copies = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "!=", template.id)])
        )
        copy_translations(template.sudo(), copies, ["name"], langs)
