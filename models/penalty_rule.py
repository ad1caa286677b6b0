# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import (
    EVENT_KINDS,
    MERIT_GRADES,
    PENALTY_AMOUNT_MODES,
    PENALTY_CONDITIONS,
    PENALTY_TRIGGERS,
)
from .seed_copy import seed_companies


class AfterSalesPenaltyRule(models.Model):
    """A penalty or reward rule of the company's assessment (R-PEN-1).

    Master data: a code, a name, the event kind and key it reacts to (or manual),
    a condition on the evaluations of one record, the amount (negative: a fine
    扣款/负激励, positive: a reward) fixed, per unit of the event's quantity (per
    missing item, per day late) or a percentage of the event's amount (10 % of the
    extra margin), and an optional merit/demerit grade (R-PEN-6). Seeded from the
    policies of seed 000 §3, 004 §7 and 001 篇三/篇五 with their source in the
    description; a company archives the rules it does not use.

    Rights: everybody of the department reads the rules; managers configure them.
    """

    _name = "after_sales.penalty.rule"
    _description = "Penalty and Reward Rule"
    _inherit = ["after_sales.input.bounds"]
    _order = "sequence, code, id desc"
    _rec_names_search = ["code", "name"]
    _check_company_auto = True
    _input_bounds = {"amount": (-1_000_000, 1_000_000), "percent": (0, 100)}

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        help="What the rule punishes or rewards, and its source (the policy's words)."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    trigger = fields.Selection(PENALTY_TRIGGERS, required=True, default="manual")
    event_kind = fields.Selection(
        EVENT_KINDS, help="The performance event the rule reacts to."
    )
    event_key = fields.Char(
        help="Only events with this key (a milestone, a record item); empty: any."
    )
    condition = fields.Selection(
        PENALTY_CONDITIONS,
        required=True,
        default="none",
        help="For customer evaluations: the rule fires once per service record "
        "when all its items are poor, all fair, or any is excellent.",
    )
    amount_mode = fields.Selection(
        PENALTY_AMOUNT_MODES, string="Amount Is", required=True, default="fixed"
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        help="Negative: a fine; positive: a reward. Per unit: multiplied by the "
        "event's quantity (missing items, days late).",
    )
    percent = fields.Float(
        string="Percentage",
        help="Percentage of the event's amount (the extra margin of a quote).",
    )
    merit_grade = fields.Selection(MERIT_GRADES, string="Merit/Demerit")
    date_from = fields.Date(
        string="Applies From",
        required=True,
        default=lambda self: fields.Date.today().replace(day=1),
        help="Events before this date do not make ledger lines.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE(code, company_id)",
            "A rule code is used once per company.",
        ),
    ]

    @api.constrains("trigger", "event_kind", "amount", "amount_mode", "percent")
    def _check_amount(self):
        for rule in self:
            if rule.trigger == "event" and not rule.event_kind:
                raise ValidationError(
                    self.env._("An automatic rule needs the event it reacts to.")
                )
            if rule.amount_mode == "percent":
                if rule.currency_id.compare_amounts(rule.percent, 0.0) == 0:
                    raise ValidationError(
                        self.env._("A percentage rule needs a percentage.")
                    )
            elif (
                rule.currency_id.compare_amounts(rule.amount, 0.0) == 0
                and not rule.merit_grade
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(code)s: the amount cannot be zero (a merit grade "
                        "may go without money).",
                        code=rule.code,
                    )
                )

    @api.model
    def _seed_company_rules(self, companies):
        """Give ``companies`` a copy of the seeded rules of the main company (with
        their translations), which each company then keeps or archives. A
        company that already has a rule of the same code keeps its own."""
        seed_companies(self, companies)
