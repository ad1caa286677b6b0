import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import dispatch, request_number, warranty
from .sla_policy_line import MILESTONES
from .ticket_deadline import (
    OPEN_SEVERITY,
    SLA_MILESTONE_FIELDS,
    SLA_STATUSES,
    SLA_TICKET_INPUTS,
)
from .warranty_determination import WARRANTY_STATES

SERVICE_ZONES = [
    ("city", "City"),
    ("near", "Within 20 km"),
    ("far", "Beyond 20 km"),
]
URGENCIES = [("normal", "Normal"), ("urgent", "Urgent")]
PROOF_KINDS = [
    ("invoice", "Invoice"),
    ("warranty_card", "Warranty Card"),
    ("none", "No Proof"),
]
_logger = logging.getLogger(__name__)

RESOLUTION_KINDS = [
    ("visit", "On-site or Carry-in Service"),
    ("phone", "Phone Guidance"),
]
FAULT_KINDS = [
    (warranty.FAULT_QUALITY, "Quality Problem"),
    (warranty.FAULT_CUSTOMER, "Customer-Caused"),
    (warranty.FAULT_UNKNOWN, "Not Established"),
]
# Request fields read by the warranty engine: a change re-determines it (R-WAR-8).
WARRANTY_INPUTS = {
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


class HelpdeskTicket(models.Model):
    """A helpdesk ticket is the after-sales service request (R-IN-1).

    Clerks register it, supervisors dispatch it, engineers record their visits on
    service records (``service_record_ids``) or resolve it by phone (R-IN-5).
    """

    _inherit = "helpdesk.ticket"
    _check_company_auto = True

    # Registration
    registered_at = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        copy=False,
        tracking=True,
        help="When the call reached the department: every deadline counts from here.",
    )
    service_type_id = fields.Many2one(
        "after_sales.service.type",
        tracking=True,
        check_company=True,
        index=True,
    )
    urgency = fields.Selection(
        URGENCIES, default="normal", required=True, tracking=True
    )
    contact_phone = fields.Char(
        compute="_compute_contact_phone",
        store=True,
        readonly=False,
        precompute=True,
    )
    # Equipment
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
        tracking=True,
        index="btree_not_null",
    )
    equipment_code = fields.Char(help="设备代号: the code of the unit on site.")
    fault_description = fields.Text(help="故障现象: what the customer sees.")
    # Purchase
    purchase_date = fields.Date(string="Purchase / Invoice Date")
    proof_kind = fields.Selection(
        PROOF_KINDS, string="Proof of Purchase", default="none"
    )
    sale_reference = fields.Char(string="Order / Invoice Reference")
    # Place
    service_address = fields.Char(
        compute="_compute_service_address", store=True, readonly=False, precompute=True
    )
    distance_zone = fields.Selection(SERVICE_ZONES, default="city")
    # Archive and outcome
    is_key_customer = fields.Boolean(
        string="Key Customer", related="commercial_partner_id.after_sales_key_customer"
    )
    service_record_ids = fields.One2many(
        "after_sales.service.record", "ticket_id", string="Service Records"
    )
    service_record_count = fields.Integer(compute="_compute_service_record_count")
    resolution_kind = fields.Selection(
        RESOLUTION_KINDS, readonly=True, copy=False, tracking=True
    )
    first_time_fix = fields.Boolean(
        string="First-Time Fix",
        compute="_compute_first_time_fix",
        store=True,
        help="Resolved by its first visit, without a follow-up visit (R-REC-4).",
    )
    can_resolve_by_phone = fields.Boolean(compute="_compute_can_resolve_by_phone")

    @api.depends("partner_id")
    def _compute_contact_phone(self):
        for ticket in self:
            if ticket.partner_id and not ticket.contact_phone:
                ticket.contact_phone = ticket.partner_id.phone

    @api.depends("partner_id")
    def _compute_service_address(self):
        for ticket in self:
            if ticket.partner_id and not ticket.service_address:
                ticket.service_address = (
                    ticket.partner_id._display_address(without_company=True)
                    .replace("\n", " ")
                    .strip()
                )

    @api.depends("service_record_ids")
    def _compute_service_record_count(self):
        groups = self.env["after_sales.service.record"]._read_group(
            [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.service_record_count = counts.get(ticket.id, 0)

    @api.depends("service_record_ids.state", "service_record_ids.result")
    def _compute_first_time_fix(self):
        for ticket in self:
            done = ticket.service_record_ids.filtered(lambda r: r.state == "done")
            ticket.first_time_fix = len(done) == 1 and done.result != "partial"

    @api.depends("stage_id.closed", "service_record_ids.state")
    def _compute_can_resolve_by_phone(self):
        for ticket in self:
            ticket.can_resolve_by_phone = not ticket.closed and not any(
                record.state in ("in_progress", "done")
                for record in ticket.service_record_ids
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("purchase_date", "registered_at")
    def _check_purchase_date(self):
        today = fields.Date.context_today(self)
        for ticket in self.filtered("purchase_date"):
            if ticket.purchase_date > today:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of %(ticket)s lies in the future.",
                        date=ticket.purchase_date,
                        ticket=ticket.display_name,
                    )
                )
            reported = fields.Date.context_today(self, ticket.registered_at)
            if ticket.purchase_date > reported:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of %(ticket)s is after the date "
                        "the request was registered (%(reported)s).",
                        date=ticket.purchase_date,
                        ticket=ticket.display_name,
                        reported=reported,
                    )
                )

    @api.constrains("registered_at")
    def _check_registered_at(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.registered_at > now:
                raise ValidationError(
                    self.env._(
                        "A request cannot be registered in the future (%(ticket)s).",
                        ticket=ticket.display_name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for ticket in self.filtered("lot_id"):
            if ticket.product_id and ticket.lot_id.product_id != ticket.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(lot_product)s, not to "
                        "%(product)s.",
                        lot=ticket.lot_id.name,
                        lot_product=ticket.lot_id.product_id.display_name,
                        product=ticket.product_id.display_name,
                    )
                )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and not self.product_id:
            self.product_id = self.lot_id.product_id

    def _ensure_open_for_service_records(self):
        """Guard of service record creation: no visit on a closed request."""
        for ticket in self:
            if ticket.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is closed (%(stage)s): no new service record can "
                        "be added to it.",
                        ticket=ticket.display_name,
                        stage=ticket.stage_id.name,
                    )
                )

    def _ensure_after_registration(self, document, field_names):
        """Raise unless ``document``'s moments ``field_names`` are not before this
        request was registered (R-X-4). Guard of the request's milestones and of
        the service record's arrival and start."""
        self.ensure_one()
        for name in field_names:
            moment = document[name]
            if moment and self.registered_at and moment < self.registered_at:
                raise ValidationError(
                    self.env._(
                        "%(record)s: %(what)s (%(moment)s) is before the request "
                        "was registered (%(registered)s).",
                        record=document.display_name,
                        what=document._fields[name]._description_string(self.env),
                        moment=fields.Datetime.context_timestamp(self, moment),
                        registered=fields.Datetime.context_timestamp(
                            self, self.registered_at
                        ),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: a new or changed request gets its warranty determination, its
    # deadlines and (round-robin teams) its engineer
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._after_sales_update_warranty()
        tickets._sla_sync_deadlines()
        tickets._dispatch_on_create()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if WARRANTY_INPUTS.intersection(vals):
            self._after_sales_update_warranty()
        if SLA_TICKET_INPUTS.intersection(vals):
            self._sla_sync_deadlines()
        return result

    # ------------------------------------------------------------------
    # Numbering (R-IN-2)
    # ------------------------------------------------------------------

    def _prepare_ticket_number(self, values):
        """Number a new request by the company's pattern; called by ``create``."""
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        registered = values.get("registered_at")
        day = fields.Date.context_today(
            self, fields.Datetime.to_datetime(registered) if registered else None
        )
        pattern = company.after_sales_request_pattern or request_number.DEFAULT_PATTERN
        sequence = self._after_sales_request_sequence(company, pattern, day)
        seq = int(sequence._next(sequence_date=day))
        return request_number.format_number(
            pattern, company.after_sales_department_code, day, seq, sequence.padding
        )

    @api.model
    def _after_sales_request_sequence(self, company, pattern, day):
        """The company's request counter, with a date range for ``day``'s period."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "after_sales.request"), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Service requests of %(company)s", company=company.name
                    ),
                    "code": "after_sales.request",
                    "company_id": company.id,
                    "padding": 4,
                    "use_date_range": True,
                    "implementation": "no_gap",
                }
            )
        date_from, date_to = request_number.period_of(pattern, day)
        has_range = (
            self.env["ir.sequence.date_range"]
            .sudo()
            .search_count(
                [
                    ("sequence_id", "=", sequence.id),
                    ("date_from", "<=", day),
                    ("date_to", ">=", day),
                ],
                limit=1,
            )
        )
        if not has_range:
            self.env["ir.sequence.date_range"].sudo().create(
                {"sequence_id": sequence.id, "date_from": date_from, "date_to": date_to}
            )
        return sequence

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_resolve_by_phone(self):
        """Button "Resolved by phone": close the request without a visit (R-IN-5)."""
        self.ensure_one()
        self._check_can_resolve_by_phone()
        self._do_resolve_by_phone()
        return True

    def _check_can_resolve_by_phone(self):
        for ticket in self:
            if not ticket.can_resolve_by_phone:
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be resolved by phone: it is closed or an "
                        "engineer has already started a visit.",
                        ticket=ticket.display_name,
                    )
                )

    def _do_resolve_by_phone(self):
        for ticket in self:
            stage = ticket._after_sales_done_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "The team of %(ticket)s has no closing stage.",
                        ticket=ticket.display_name,
                    )
                )
            draft_records = ticket.service_record_ids.filtered(
                lambda r: r.state == "draft"
            )
            draft_records.write(
                {
                    "state": "cancelled",
                    "cancel_reason": self.env._("Resolved by phone guidance."),
                }
            )
            ticket.write({"stage_id": stage.id, "resolution_kind": "phone"})
            ticket.message_post(
                body=self.env._("Resolved by phone guidance (电话指导解决), no visit."),
                subtype_xmlid="mail.mt_note",
            )

    def _after_sales_done_stage(self):
        """The team's first closing stage that is not a cancellation or rejection."""
        self.ensure_one()
        stages = self.team_id._get_applicable_stages().filtered("closed")
        not_done = self.env["helpdesk.ticket.stage"]
        for xmlid in ("stage_cancelled", "stage_rejected"):
            not_done |= self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_{xmlid}", False)
        return (stages - not_done)[:1]

    def action_view_service_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.service_record_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_equipment_history(self):
        """Smart button: the whole history of this request's serial (R-IN-3)."""
        self.ensure_one()
        if not self.lot_id:
            raise UserError(
                self.env._("Set the serial number of the equipment to see its history.")
            )
        return self.lot_id.action_view_after_sales_history()

    # ------------------------------------------------------------------
    # --- Warranty and 三包 (R-WAR) ---
    # ------------------------------------------------------------------
    # Facts found by the engineer (R-WAR-2, R-WAR-3, R-WAR-5, R-WAR-5a). Every change
    # re-determines the warranty (``warranty_determination_ids``, one per request)
    # until the request is closed, when the determination is frozen.

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

    def _after_sales_report_date(self):
        """The report date of the engine: the day the request was registered."""
        self.ensure_one()
        return fields.Date.context_today(self, self.registered_at)

    def _after_sales_contract_months(self):
        """Contract warranty months: the serial's beat the customer's (R-WAR-1)."""
        self.ensure_one()
        return (
            self.lot_id.after_sales_contract_months
            or self.commercial_partner_id.after_sales_contract_months
            or None
        )

    def _after_sales_warranty_facts(self):
        """The request as ``tools.warranty.WarrantyFacts``.

        Raises a translated ``ValidationError`` on facts the engine refuses
        (invoice date after the report date, factory date after the invoice…).
        """
        self.ensure_one()
        Determination = self.env["after_sales.warranty.determination"]
        with Determination._translate_input_errors():
            return warranty.WarrantyFacts(
                report_date=self._after_sales_report_date(),
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
                contract_months=self._after_sales_contract_months(),
            )

    def _after_sales_update_warranty(self, strict=True):
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
                facts = ticket._after_sales_warranty_facts()
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
    # --- Service levels (R-SLA) ---
    # ------------------------------------------------------------------
    # The deadlines (``sla_deadline_ids``) come from the most specific SLA policy and
    # are met by events the users record, never by stage changes: the "Customer
    # Contacted", "Result Fed Back" and "Complaint Answered" buttons, the first public
    # reply to the customer (first response), the first arrival of a service record
    # (on site) and the first finished visit that is not partial (fixed). Paused time
    # (``sla_pause_ids``) does not count (R-SLA-3).

    sla_policy_id = fields.Many2one(
        "after_sales.sla.policy", string="SLA Policy", readonly=True, copy=False
    )
    sla_deadline_ids = fields.One2many(
        "after_sales.ticket.deadline", "ticket_id", string="Deadlines"
    )
    sla_pause_ids = fields.One2many(
        "after_sales.sla.pause", "ticket_id", string="SLA Pauses"
    )
    sla_breach_ids = fields.One2many(
        "after_sales.sla.breach", "ticket_id", string="SLA Breaches"
    )
    sla_breach_count = fields.Integer(
        string="Breaches", compute="_compute_sla_breach_count"
    )
    sla_next_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_sla_next_deadline",
        store=True,
        help="The earliest deadline not met yet.",
    )
    sla_next_milestone = fields.Selection(
        MILESTONES,
        string="Next Milestone",
        compute="_compute_sla_next_deadline",
        store=True,
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="Service Level",
        compute="_compute_sla_next_deadline",
        store=True,
        index=True,
        help="The worst status of the deadlines not met yet.",
    )
    sla_paused = fields.Boolean(
        string="SLA Paused", compute="_compute_sla_paused", store=True
    )
    # Milestones recorded by the users
    sla_contacted_at = fields.Datetime(
        string="Customer Contacted At", copy=False, tracking=True
    )
    sla_responded_at = fields.Datetime(
        string="First Response At",
        copy=False,
        tracking=True,
        help="The first contact or public reply to the customer, whichever came "
        "first.",
    )
    sla_fed_back_at = fields.Datetime(
        string="Result Fed Back At", copy=False, tracking=True
    )
    sla_complaint_answered_at = fields.Datetime(
        string="Complaint Answered At", copy=False, tracking=True
    )
    is_complaint = fields.Boolean(compute="_compute_is_complaint")
    can_sla_contact = fields.Boolean(compute="_compute_can_sla")
    can_sla_feed_back = fields.Boolean(compute="_compute_can_sla")
    can_sla_answer_complaint = fields.Boolean(compute="_compute_can_sla")
    can_sla_pause = fields.Boolean(compute="_compute_can_sla")
    can_sla_resume = fields.Boolean(compute="_compute_can_sla")

    def _compute_sla_breach_count(self):
        groups = self.env["after_sales.sla.breach"]._read_group(
            [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.sla_breach_count = counts.get(ticket.id, 0)

    @api.depends(
        "sla_deadline_ids.deadline",
        "sla_deadline_ids.met_at",
        "sla_deadline_ids.status",
    )
    def _compute_sla_next_deadline(self):
        for ticket in self:
            open_rows = ticket.sla_deadline_ids.filtered(lambda d: not d.met_at)
            dated = open_rows.filtered("deadline").sorted("deadline")
            ticket.sla_next_deadline = dated[:1].deadline
            ticket.sla_next_milestone = dated[:1].milestone
            statuses = set(open_rows.mapped("status"))
            ticket.sla_status = next(
                (state for state in OPEN_SEVERITY if state in statuses), False
            )

    @api.depends("sla_pause_ids.end_at")
    def _compute_sla_paused(self):
        for ticket in self:
            ticket.sla_paused = any(not p.end_at for p in ticket.sla_pause_ids)

    @api.depends("service_type_id.code")
    def _compute_is_complaint(self):
        for ticket in self:
            ticket.is_complaint = ticket.service_type_id.code == "complaint"

    @api.depends(
        "stage_id.closed",
        "sla_contacted_at",
        "sla_fed_back_at",
        "sla_complaint_answered_at",
        "sla_paused",
        "sla_deadline_ids.milestone",
        "sla_deadline_ids.met_at",
        "is_complaint",
    )
    def _compute_can_sla(self):
        for ticket in self:
            milestones = set(ticket.sla_deadline_ids.mapped("milestone"))
            has_open = any(not d.met_at for d in ticket.sla_deadline_ids)
            ticket.can_sla_contact = not ticket.closed and not ticket.sla_contacted_at
            ticket.can_sla_feed_back = (
                "feedback" in milestones and not ticket.sla_fed_back_at
            )
            ticket.can_sla_answer_complaint = (
                ticket.is_complaint and not ticket.sla_complaint_answered_at
            )
            ticket.can_sla_pause = (
                not ticket.closed and not ticket.sla_paused and has_open
            )
            ticket.can_sla_resume = ticket.sla_paused

    @api.constrains(
        "registered_at",
        "sla_contacted_at",
        "sla_responded_at",
        "sla_fed_back_at",
        "sla_complaint_answered_at",
    )
    def _check_sla_milestones(self):
        for ticket in self:
            ticket._ensure_after_registration(ticket, SLA_MILESTONE_FIELDS)

    def _message_post_after_hook(self, message, msg_vals):
        """A first public reply by an internal user is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        self._sla_record_response(message)
        return result

    def action_sla_contacted(self):
        """Button "Customer Contacted"; also the first response if none yet."""
        self.ensure_one()
        self._check_can_sla("can_sla_contact")
        now = fields.Datetime.now()
        vals = {"sla_contacted_at": now}
        if not self.sla_responded_at:
            vals["sla_responded_at"] = now
        self.write(vals)
        return True

    def action_sla_fed_back(self):
        """Button "Result Fed Back": the result reached the customer (004 §3.3)."""
        self.ensure_one()
        self._check_can_sla("can_sla_feed_back")
        self.write({"sla_fed_back_at": fields.Datetime.now()})
        return True

    def action_sla_complaint_answered(self):
        """Button "Complaint Answered" of complaint requests (004 §7.3)."""
        self.ensure_one()
        self._check_can_sla("can_sla_answer_complaint")
        self.write({"sla_complaint_answered_at": fields.Datetime.now()})
        return True

    def action_sla_pause(self):
        """Button "Pause": the wizard asks for the reason (R-SLA-3)."""
        self.ensure_one()
        self._check_can_sla("can_sla_pause")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pause Deadlines"),
            "res_model": "after_sales.sla.pause.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_sla_resume(self):
        """Button "Resume": end the open pause now."""
        self.ensure_one()
        self._sla_resume()
        return True

    def _check_can_sla(self, can_field):
        """Guard of the SLA buttons: ``can_field`` is the eligibility they show."""
        labels = {
            "can_sla_contact": self.env._("record the customer contact"),
            "can_sla_feed_back": self.env._("record the feedback of the result"),
            "can_sla_answer_complaint": self.env._("record the complaint answer"),
            "can_sla_pause": self.env._("pause the deadlines"),
            "can_sla_resume": self.env._("resume the deadlines"),
        }
        for ticket in self:
            if not ticket[can_field]:
                raise UserError(
                    self.env._(
                        "You cannot %(action)s of %(ticket)s now: it is closed, "
                        "already recorded or does not apply.",
                        action=labels[can_field],
                        ticket=ticket.display_name,
                    )
                )

    def _sla_pause(self, reason, note=False):
        """Start a pause of the deadlines; called by the pause wizard."""
        self._check_can_sla("can_sla_pause")
        Pause = self.env["after_sales.sla.pause"]
        labels = dict(Pause._fields["reason"]._description_selection(self.env))
        for ticket in self:
            Pause.create({"ticket_id": ticket.id, "reason": reason, "note": note})
            ticket.message_post(
                body=self.env._(
                    "Deadlines paused: %(reason)s. %(note)s",
                    reason=labels[reason],
                    note=note or "",
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _sla_resume(self):
        """End the open pause of each request; called by the "Resume" button."""
        self._check_can_sla("can_sla_resume")
        now = fields.Datetime.now()
        for ticket in self:
            pause = ticket.sla_pause_ids.filtered(lambda p: not p.end_at)
            pause.end_at = now
            ticket.message_post(
                body=self.env._(
                    "Deadlines resumed after %(hours)s h.",
                    hours=round(pause.duration_hours, 2),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _sla_record_response(self, message):
        """Take a public reply of an internal user as the first response."""
        self.ensure_one()
        if self.sla_responded_at or message.message_type != "comment":
            return
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return
        if not message.author_id.user_ids.filtered(lambda u: u._is_internal()):
            return
        self.sudo().sla_responded_at = max(message.date, self.registered_at)

    def _sla_milestone_moments(self):
        """``{milestone: (counted from, met at)}`` of the milestones that apply.

        Read by the deadline sync. On site and fixed do not apply to requests
        resolved by phone or of a type without visit; fixed counts from the first
        arrival, feedback from the first finished visit that is not partial; the
        complaint answer applies to complaints only.
        """
        self.ensure_one()
        registered = self.registered_at
        records = self.service_record_ids.filtered(lambda r: r.state != "cancelled")
        arrival = min(
            (r.actual_arrival for r in records if r.actual_arrival), default=None
        )
        completion = min(
            (
                r.end_datetime
                for r in records
                if r.state == "done" and r.result != "partial" and r.end_datetime
            ),
            default=None,
        )
        moments = {
            "contacted": (registered, self.sla_contacted_at or None),
            "response": (registered, self.sla_responded_at or None),
        }
        needs_visit = self.resolution_kind != "phone" and (
            not self.service_type_id or self.service_type_id.needs_visit
        )
        if needs_visit:
            moments["on_site"] = (registered, arrival)
            if arrival:
                moments["fixed"] = (arrival, completion)
        if completion:
            moments["feedback"] = (completion, self.sla_fed_back_at or None)
        if self.is_complaint:
            moments["complaint"] = (registered, self.sla_complaint_answered_at or None)
        return moments

    def _sla_sync_deadlines(self):
        """(Re)compute the deadlines; called on create, on writes of their inputs,
        by service records and by pauses."""
        self.env["after_sales.ticket.deadline"]._sync_tickets(self)

    def action_view_sla_breaches(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.sla_breach_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # --- Dispatch (R-IN-4) ---
    # ------------------------------------------------------------------
    # The supervisor assigns the engineer (``user_id``, helpdesk's own field and
    # behaviour). A team may dispatch by round-robin: the button "Dispatch" and
    # new requests without an engineer take the next available engineer of the
    # team's rotation who has the skill (``tools/dispatch.py``).

    can_dispatch = fields.Boolean(compute="_compute_can_dispatch")

    @api.depends("team_id.dispatch_round_robin", "user_id", "stage_id.closed")
    def _compute_can_dispatch(self):
        for ticket in self:
            ticket.can_dispatch = (
                ticket.team_id.dispatch_round_robin
                and not ticket.user_id
                and not ticket.closed
            )

    def action_dispatch(self):
        """Button "Dispatch" (supervisors): assign the next engineer in turn; a
        translated ``UserError`` says why when nobody can take the request."""
        self.ensure_one()
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise AccessError(
                self.env._("Only service supervisors dispatch service requests.")
            )
        self._check_can_dispatch()
        result = self._dispatch_round_robin()
        if not result.dispatched:
            raise UserError(
                self.env._(
                    "Nobody in the dispatch rotation of %(team)s can take "
                    "%(ticket)s now:\n%(reasons)s",
                    team=self.team_id.display_name,
                    ticket=self.display_name,
                    reasons=self._dispatch_skip_text(result) or self.env._("no one"),
                )
            )
        return True

    def _check_can_dispatch(self):
        for ticket in self:
            if not ticket.can_dispatch:
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be dispatched by round-robin: its team "
                        "does not dispatch by round-robin, an engineer is already "
                        "assigned or the request is closed.",
                        ticket=ticket.display_name,
                    )
                )

    def _dispatch_on_create(self):
        """Called by ``create``: new requests of a round-robin team without an
        engineer are dispatched; when nobody can take one, it stays unassigned
        with a note in the chatter."""
        for ticket in self.filtered("can_dispatch"):
            result = ticket._dispatch_round_robin()
            if not result.dispatched:
                ticket.message_post(
                    body=self.env._(
                        "Round-robin dispatch found nobody available; the request "
                        "waits for the supervisor. %(reasons)s",
                        reasons=ticket._dispatch_skip_text(result),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _dispatch_round_robin(self):
        """Gather the rotation, call ``tools.dispatch.choose_engineer`` and store
        the outcome: the engineer, the team's pointer, the owed turns. Returns the
        ``tools.dispatch.Dispatch``."""
        self.ensure_one()
        team = self.team_id
        # The rotation and its pointer are shared state the dispatcher (a clerk
        # on create, a supervisor) may not write: only the outcome is written.
        members = team.sudo().dispatch_member_ids
        now = fields.Datetime.now()
        result = dispatch.choose_engineer(
            members._dispatch_members(now),
            team.sudo().dispatch_last_member_id.id or None,
            self._dispatch_need(),
        )
        if not result.dispatched:
            return result
        chosen = members.browse(result.chosen_id)
        for member in members:
            owed = member.id in result.owed_ids
            if member.owes_turn != owed:
                member.owes_turn = owed
        if result.pointer_id != team.sudo().dispatch_last_member_id.id:
            team.sudo().dispatch_last_member_id = result.pointer_id
        self.user_id = chosen.user_id
        body = self.env._(
            "Dispatched by round-robin to %(engineer)s.", engineer=chosen.user_id.name
        )
        if result.skips:
            body = self.env._(
                "%(dispatched)s Passed over: %(reasons)s",
                dispatched=body,
                reasons=self._dispatch_skip_text(result),
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return result

    def _dispatch_need(self):
        """What the request needs: its product category with its parents (the
        member's categories cover their subcategories) and its service type."""
        self.ensure_one()
        category = self.product_id.categ_id
        path = []
        while category:
            path.append(category.id)
            category = category.parent_id
        return dispatch.Need(
            category_path=tuple(path),
            service_type_id=self.service_type_id.id or None,
        )

    def _dispatch_skip_text(self, result):
        """The passed-over engineers and why, one per line, translated."""
        reasons = {
            dispatch.NO_CATEGORY_SKILL: self.env._("no skill for the product"),
            dispatch.NO_SERVICE_TYPE_SKILL: self.env._("no skill for the service type"),
            dispatch.ON_LEAVE: self.env._("on leave"),
            dispatch.ON_JOB: self.env._("out on another job"),
            dispatch.NOT_IN_TEAM: self.env._("no longer in the team"),
        }
        members = self.env["after_sales.dispatch.member"].sudo()
        return "\n".join(
            self.env._(
                "%(engineer)s: %(reason)s",
                engineer=members.browse(skip.member_id).user_id.name,
                reason=reasons.get(skip.detail or skip.reason, skip.reason),
            )
            for skip in result.skips
        )
