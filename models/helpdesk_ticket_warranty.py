# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import warranty
from .const import FAULT_KINDS, WARRANTY_STATES

_logger = logging.getLogger(__name__)

# Request fields read by the warranty engine: a change re-determines it (R-WAR-8).
WARRANTY_INPUTS = frozenset(
    {
        "registered_at",
        "purchase_date",
        "proof_kind",
        "product_id",
        "lot_id",
        "partner_id",
        "company_id",
        "stage_id",
        "warranty_installation_date",
        "warranty_card_altered",
        "warranty_serial_unreadable",
        "warranty_fault_kind",
        "warranty_major_fault",
        "warranty_component_ids",
        "warranty_exclusion_ids",
        "warranty_earlier_repairs",
        "warranty_days_in_repair",
        "warranty_days_parts_missing",
        "warranty_days_repairer_delay",
        "warranty_last_repair_date",
        "warranty_deformed_out_of_box",
        "warranty_same_model_available",
        "warranty_customer_wants_return",
        "warranty_remote_site",
    }
)


class HelpdeskTicketWarranty(models.Model):
    """Warranty and 三包 of the service request (R-WAR).

    Facts found by the engineer (R-WAR-2, R-WAR-3, R-WAR-5, R-WAR-5a). Every change
    re-determines the warranty (``warranty_determination_ids``, one per request)
    until the request is closed, when the determination is frozen.
    """

    _inherit = "helpdesk.ticket"

    warranty_factory_date = fields.Date(
        related="lot_id.after_sales_factory_date", string="Factory Date"
    )
    warranty_installation_date = fields.Date(string="Installation Date")
    warranty_card_altered = fields.Boolean(
        string="Card or Serial Altered",
        help="The warranty card, purchase date or serial number is altered or does "
        "not match (003 §1.6, §1.10): no warranty.",
    )
    warranty_serial_unreadable = fields.Boolean(
        string="Serial Unreadable",
        help="No readable serial number or factory date on the unit.",
    )
    warranty_fault_kind = fields.Selection(
        FAULT_KINDS,
        string="Fault Cause",
        required=True,
        default=warranty.FAULT_UNKNOWN,
        tracking=True,
    )
    warranty_major_fault = fields.Boolean(string="Major Performance Fault")
    warranty_policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        compute="_compute_warranty_policy_id",
    )
    warranty_component_ids = fields.Many2many(
        "after_sales.warranty.policy.component",
        string="Faulty Components",
        domain="[('policy_id', '=', warranty_policy_id)]",
        help="Main components with their own period involved in the fault.",
    )
    warranty_exclusion_ids = fields.Many2many(
        "after_sales.warranty.exclusion",
        string="Exclusions Found",
        domain="[('company_id', 'in', (company_id, False))]",
        tracking=True,
        help="Reasons voiding free service; attach the photos to the chatter.",
    )
    warranty_earlier_repairs = fields.Integer(
        string="Earlier Repairs of This Fault",
        help="Repairs of the same performance fault inside the three-guarantees "
        "period before this request.",
    )
    warranty_days_in_repair = fields.Integer(
        string="Days in Repair",
        help="Days the unit spent in repair or waiting for repair: they extend the "
        "periods and are deducted from the depreciation.",
    )
    warranty_days_parts_missing = fields.Integer(
        string="Days Without Parts",
        help="Days since sending for repair without the producer supplying parts.",
    )
    warranty_days_repairer_delay = fields.Integer(
        string="Repairer Delay (Days)",
        help="Days the repair is delayed by the repairer.",
    )
    warranty_last_repair_date = fields.Date(
        string="Last Repair",
        compute="_compute_warranty_last_repair_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Last finished visit on this serial before this request (rework).",
    )
    warranty_deformed_out_of_box = fields.Boolean(string="Deformed Out of the Box")
    warranty_same_model_available = fields.Boolean(
        string="Same Model Available", default=True
    )
    warranty_customer_wants_return = fields.Boolean(string="Customer Wants a Return")
    warranty_remote_site = fields.Boolean(
        string="Remote Site",
        help="Beyond the service area: travel may be charged in warranty (003 §1.15).",
    )
    # The determination and its outcome, shown on the Warranty page
    warranty_determination_ids = fields.One2many(
        "after_sales.warranty.determination", "ticket_id", string="Determinations"
    )
    warranty_determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        compute="_compute_warranty_determination_id",
        store=True,
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty",
        compute="_compute_warranty_state",
        store=True,
        index=True,
    )
    warranty_applied_policy_id = fields.Many2one(
        related="warranty_determination_id.policy_id", string="Applied Policy"
    )
    warranty_start_date = fields.Date(
        related="warranty_determination_id.start_date", string="Warranty Start"
    )
    warranty_start_basis = fields.Selection(
        related="warranty_determination_id.start_basis"
    )
    warranty_end_date = fields.Date(
        related="warranty_determination_id.end_date", string="Warranty End"
    )
    warranty_sanbao_end_date = fields.Date(
        related="warranty_determination_id.sanbao_end_date"
    )
    warranty_remedy_return = fields.Boolean(
        related="warranty_determination_id.remedy_return"
    )
    warranty_remedy_exchange = fields.Boolean(
        related="warranty_determination_id.remedy_exchange"
    )
    warranty_remedy_repair = fields.Boolean(
        related="warranty_determination_id.remedy_repair"
    )
    warranty_return_with_depreciation = fields.Boolean(
        related="warranty_determination_id.return_with_depreciation"
    )
    warranty_parts_payer = fields.Selection(
        related="warranty_determination_id.parts_payer"
    )
    warranty_labour_payer = fields.Selection(
        related="warranty_determination_id.labour_payer"
    )
    warranty_travel_payer = fields.Selection(
        related="warranty_determination_id.travel_payer"
    )
    warranty_needs_supervisor = fields.Boolean(
        related="warranty_determination_id.needs_supervisor_decision",
        string="Supervisor Decides",
    )
    warranty_is_rework = fields.Boolean(related="warranty_determination_id.is_rework")
    warranty_frozen = fields.Boolean(related="warranty_determination_id.frozen")
    warranty_reason_ids = fields.One2many(
        related="warranty_determination_id.reason_ids", string="Warranty Reasons"
    )
    warranty_component_line_ids = fields.One2many(
        related="warranty_determination_id.component_line_ids",
        string="Component Warranty",
    )
    return_appraisal_ids = fields.One2many(
        "after_sales.return.appraisal", "ticket_id", string="Return Appraisals"
    )
    return_appraisal_count = fields.Integer(compute="_compute_return_appraisal_count")

    @api.depends("product_id", "company_id")
    def _compute_warranty_policy_id(self):
        Policy = self.env["after_sales.warranty.policy"]
        for ticket in self:
            ticket.warranty_policy_id = Policy._get_for_product(
                ticket.product_id, ticket.company_id or self.env.company
            )

    @api.depends("lot_id", "registered_at")
    def _compute_warranty_last_repair_date(self):
        Record = self.env["after_sales.service.record"].sudo()
        for ticket in self:
            if not ticket.lot_id or not ticket.registered_at:
                continue
            last = Record.search(
                [
                    ("lot_id", "=", ticket.lot_id.id),
                    ("ticket_id", "!=", ticket.id or False),
                    ("state", "=", "done"),
                    ("end_datetime", "<=", ticket.registered_at),
                ],
                order="end_datetime desc",
                limit=1,
            )
            if last:
                ticket.warranty_last_repair_date = fields.Date.context_today(
                    ticket, last.end_datetime
                )

    @api.depends("warranty_determination_ids")
    def _compute_warranty_determination_id(self):
        for ticket in self:
            ticket.warranty_determination_id = ticket.warranty_determination_ids[:1]

    @api.depends("warranty_determination_ids.state")
    def _compute_warranty_state(self):
        for ticket in self:
            ticket.warranty_state = ticket.warranty_determination_ids[:1].state

    @api.depends("return_appraisal_ids")
    def _compute_return_appraisal_count(self):
        for ticket in self:
            ticket.return_appraisal_count = len(ticket.return_appraisal_ids)

    def _warranty_report_date(self):
        """The report date of the engine: the day the request was registered."""
        self.ensure_one()
        return fields.Date.context_today(self, self.registered_at)

    def _warranty_contract_months(self):
        """Contract warranty months: the serial's beat the customer's (R-WAR-1)."""
        self.ensure_one()
        return (
            self.lot_id.after_sales_contract_months
            or self.commercial_partner_id.after_sales_contract_months
            or None
        )

    def _warranty_facts(self):
        """The request as ``tools.warranty.WarrantyFacts``.

        Raises a translated ``ValidationError`` on facts the engine refuses
        (invoice date after the report date, factory date after the invoice…).
        """
        self.ensure_one()
        Determination = self.env["after_sales.warranty.determination"]
        with Determination._translate_input_errors():
            return warranty.WarrantyFacts(
                report_date=self._warranty_report_date(),
                purchase_date=self.purchase_date or None,
                proof_kind=self.proof_kind or warranty.PROOF_NONE,
                factory_date=self.warranty_factory_date or None,
                card_altered=self.warranty_card_altered,
                serial_unreadable=self.warranty_serial_unreadable,
                installation_date=self.warranty_installation_date or None,
                fault_kind=self.warranty_fault_kind or warranty.FAULT_UNKNOWN,
                major_performance_fault=self.warranty_major_fault,
                components=tuple(self.warranty_component_ids.mapped("name")),
                exclusions=tuple(self.warranty_exclusion_ids.mapped("code")),
                earlier_repairs_same_fault=self.warranty_earlier_repairs,
                days_in_repair=self.warranty_days_in_repair,
                days_parts_not_supplied=self.warranty_days_parts_missing,
                days_repairer_delay=self.warranty_days_repairer_delay,
                last_repair_date=self.warranty_last_repair_date or None,
                deformed_out_of_box=self.warranty_deformed_out_of_box,
                same_model_available=self.warranty_same_model_available,
                customer_wants_return=self.warranty_customer_wants_return,
                remote_site=self.warranty_remote_site,
                contract_months=self._warranty_contract_months(),
            )

    def _warranty_update(self, strict=True):
        """(Re-)determine the warranty of open requests, freeze it on closing.

        Called by ``create``/``write`` of requests, warranty policies, serials and
        customers. A closed request keeps its frozen determination (history is not
        rewritten by later policy edits); reopening it determines it again.
        ``strict=False`` (policy edits): a request whose own facts are invalid keeps
        its determination instead of failing the edit of the policy; the request
        reports the error when it is next saved.
        """
        Determination = self.env["after_sales.warranty.determination"].sudo()
        Policy = self.env["after_sales.warranty.policy"]
        policies = {}
        now = fields.Datetime.now()
        for ticket in self:
            current = ticket.sudo().warranty_determination_ids[:1]
            closed = ticket.closed
            if closed and current.frozen:
                continue
            try:
                facts = ticket._warranty_facts()
            except ValidationError as error:
                if strict:
                    raise
                _logger.info(
                    "Warranty of %s not re-determined: %s", ticket.display_name, error
                )
                continue
            key = (ticket.product_id, ticket.company_id)
            if key not in policies:  # one lookup per product, not per request
                policies[key] = Policy._get_for_product(*key)
            policy = policies[key]
            if not policy:
                current.unlink()
                continue
            with Determination._translate_input_errors():
                result = warranty.determine(policy._to_engine(), facts)
            vals = Determination._prepare_determination_vals(ticket, policy, result)
            vals.update(
                report_date=facts.report_date,
                frozen=closed,
                frozen_date=closed and now,
            )
            if current:
                current.write(vals)
            else:
                Determination.create(vals)

    def action_view_return_appraisals(self):
        """Smart button: the return appraisals of this request (R-WAR-7)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.return_appraisal_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # CRUD: a new or changed request is determined again
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._warranty_update()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if WARRANTY_INPUTS.intersection(vals):
            self._warranty_update()
        return result
