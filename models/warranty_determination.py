from datetime import date
from decimal import Decimal

from odoo import Command, api, fields, models

from ..tools import warranty
from .const import PAYERS, WARRANTY_STATES
from .rule_errors import (
    format_rule_params,
    rule_errors_as_validation,
    rule_message,
)

START_BASES = [
    (warranty.START_INVOICE, "Purchase Date"),
    (warranty.START_INSTALLATION, "Installation Date"),
    (warranty.START_FACTORY_PLUS_GRACE, "Factory Date plus Grace"),
]
# Engine names in error messages → (model, field) whose label the user knows.
INPUT_LABELS = {
    "whole_months": ("after_sales.warranty.policy", "whole_months"),
    "grace_months": ("after_sales.warranty.policy", "grace_months"),
    "return_days": ("after_sales.warranty.policy", "return_days"),
    "exchange_days": ("after_sales.warranty.policy", "exchange_days"),
    "parts_not_supplied_days": (
        "after_sales.warranty.policy",
        "parts_not_supplied_days",
    ),
    "repairer_delay_days": ("after_sales.warranty.policy", "repairer_delay_days"),
    "rework_days": ("after_sales.warranty.policy", "rework_days"),
    "max_repairs_same_fault": ("after_sales.warranty.policy", "max_repairs_same_fault"),
    "earlier_repairs_same_fault": ("helpdesk.ticket", "warranty_earlier_repairs"),
    "days_in_repair": ("helpdesk.ticket", "warranty_days_in_repair"),
    "days_parts_not_supplied": ("helpdesk.ticket", "warranty_days_parts_missing"),
    "days_repairer_delay": ("helpdesk.ticket", "warranty_days_repairer_delay"),
}


class AfterSalesWarrantyDetermination(models.Model):
    """The warranty decision of one service request, with its reasons (R-WAR-8).

    Written only by :meth:`helpdesk.ticket._warranty_update` from the
    output of ``tools.warranty.determine``: users read it, nobody edits it. It is
    re-determined whenever an input changes (request facts, serial, customer
    contract, policy) and frozen when the request is closed, so that later policy
    edits do not rewrite what was decided; reopening the request unfreezes it.
    """

    _name = "after_sales.warranty.determination"
    _description = "Warranty Determination"
    _inherit = ["after_sales.ticket.document"]
    _order = "id desc"

    policy_id = fields.Many2one("after_sales.warranty.policy", check_company=True)
    report_date = fields.Date()
    frozen = fields.Boolean(help="The request is closed: the decision is final.")
    frozen_date = fields.Datetime(string="Frozen On")
    # Periods
    state = fields.Selection(WARRANTY_STATES, string="Warranty", required=True)
    start_date = fields.Date(string="Warranty Start")
    start_basis = fields.Selection(START_BASES)
    months = fields.Integer(string="Period (Months)")
    end_date = fields.Date(string="Warranty End")
    extension_days = fields.Integer(string="Extension (Days)")
    sanbao_end_date = fields.Date(string="Three Guarantees End")
    exclusion_codes = fields.Char(string="Exclusions")
    component_line_ids = fields.One2many(
        "after_sales.warranty.determination.component",
        "determination_id",
        string="Components",
    )
    # Remedies (R-WAR-5)
    remedy_return = fields.Boolean(string="Return Allowed")
    remedy_exchange = fields.Boolean(string="Exchange Allowed")
    remedy_repair = fields.Boolean(string="Repair Allowed")
    return_with_depreciation = fields.Boolean(
        string="Return with Depreciation Fee",
        help="The return costs the depreciation fee (004 §8.6, R-WAR-6).",
    )
    remedy_rules = fields.Char()
    # Charging (R-WAR-4)
    parts_payer = fields.Selection(PAYERS, string="Parts Paid By")
    labour_payer = fields.Selection(PAYERS, string="Labour Paid By")
    travel_payer = fields.Selection(PAYERS, string="Travel Paid By")
    charging_rule = fields.Char()
    free_component_names = fields.Char(string="Free Parts Of")
    needs_supervisor_decision = fields.Boolean(
        help="The decision is provisional: the start or the cause of the fault is "
        "not established."
    )
    is_rework = fields.Boolean(
        string="Rework", help="The fault recurs soon after a repair (R-WAR-5a)."
    )
    reason_ids = fields.One2many(
        "after_sales.warranty.reason", "determination_id", string="Reasons"
    )
    explanation = fields.Text(compute="_compute_explanation")

    _sql_constraints = [
        (
            "ticket_unique",
            "UNIQUE(ticket_id)",
            "A service request has one warranty determination.",
        ),
    ]

    @api.depends("reason_ids.text")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for determination in self:
            determination.explanation = "\n".join(
                determination.reason_ids.mapped("text")
            )

    # ------------------------------------------------------------------
    # Engine glue
    # ------------------------------------------------------------------

    @api.model
    def _prepare_determination_vals(self, ticket, policy, result):
        """Values storing ``result`` (a ``warranty.Determination``) for ``ticket``."""
        charging = result.charging
        remedy_rules = "; ".join(f"{r.kind}: {r.rule} {r.key}" for r in result.remedies)
        return_remedy = result.remedy(warranty.RETURN)
        return {
            "ticket_id": ticket.id,
            "policy_id": policy.id,
            "state": result.state,
            "start_date": result.start_date,
            "start_basis": result.start_basis,
            "months": result.months or 0,
            "end_date": result.end_date,
            "extension_days": result.extension_days,
            "sanbao_end_date": result.sanbao_end_date,
            "exclusion_codes": ", ".join(result.exclusions),
            "remedy_return": bool(return_remedy),
            "remedy_exchange": bool(result.remedy(warranty.EXCHANGE)),
            "remedy_repair": bool(result.remedy(warranty.REPAIR)),
            "return_with_depreciation": bool(
                return_remedy and return_remedy.depreciation
            ),
            "remedy_rules": remedy_rules,
            "parts_payer": charging.parts,
            "labour_payer": charging.labour,
            "travel_payer": charging.travel,
            "charging_rule": charging.rule,
            "free_component_names": ", ".join(charging.free_components),
            "needs_supervisor_decision": result.needs_supervisor_decision,
            "is_rework": result.is_rework,
            "component_line_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": component.name,
                        "months": component.months,
                        "end_date": component.end_date,
                        "in_warranty": component.in_warranty,
                        "free_parts": component.name in charging.free_components,
                    }
                )
                for component in result.component_ends
            ],
            "reason_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "sequence": index,
                        "code": reason.code,
                        "key": reason.key,
                        "message": reason.message,
                        "params": self._encode_params(reason.params),
                    }
                )
                for index, reason in enumerate(result.reasons, start=1)
            ],
        }

    @api.model
    def _encode_params(self, params):
        """JSON-safe engine params: dates tagged to be formatted when displayed."""
        encoded = {}
        for name, value in params.items():
            if isinstance(value, date):
                value = {"date": value.isoformat()}
            elif isinstance(value, Decimal):
                value = str(value)
            encoded[name] = value
        return encoded

    @api.model
    def _format_params(self, params):
        """Engine params formatted for the user's language (dates, field labels)."""
        return format_rule_params(self.env, params, INPUT_LABELS)

    @api.model
    def _translate_message(self, template, params):
        """``template % params`` in the user's language (R-X-1, R-WAR-8)."""
        return rule_message(self.env, template, params, INPUT_LABELS)

    @api.model
    def _translate_input_errors(self):
        """Turn the engine's ``WarrantyInputError`` into a translated error."""
        return rule_errors_as_validation(self.env, INPUT_LABELS)


class AfterSalesWarrantyDeterminationComponent(models.Model):
    """The period of one named main component on a determination (R-WAR-1)."""

    _name = "after_sales.warranty.determination.component"
    _description = "Warranty Determination Component"
    _order = "determination_id, id"

    determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        required=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Component", required=True)
    months = fields.Integer()
    end_date = fields.Date(string="Covered Until")
    in_warranty = fields.Boolean()
    free_parts = fields.Boolean(
        help="Involved in the fault and still in warranty: its parts are free.",
    )


class AfterSalesWarrantyReason(models.Model):
    """One sentence of the explanation of a determination (R-WAR-8).

    Stores the engine's English template and its params; ``text`` renders it in
    the reader's language, so the same decision prints in Chinese or English.
    """

    _name = "after_sales.warranty.reason"
    _description = "Warranty Reason"
    _order = "determination_id, sequence, id"

    determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer()
    code = fields.Char(string="Rule", required=True)
    key = fields.Char(string="Case")
    message = fields.Text(string="Template", required=True)
    params = fields.Json()
    text = fields.Text(string="Reason", compute="_compute_text")

    @api.depends("message", "params")
    @api.depends_context("lang")
    def _compute_text(self):
        Determination = self.env["after_sales.warranty.determination"]
        for reason in self:
            reason.text = Determination._translate_message(
                reason.message, reason.params
            )
