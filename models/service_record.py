# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools.completeness import check_completeness
from .const import (
    EVALUATION,
    EVALUATION_FIELDS,
    RECORD_RESULTS,
    RECORD_STATES,
    RESPONSIBLE_PARTIES,
)
from .frozen_mixin import ALL, Transition

# Record fields that meet or start deadlines of the request (R-SLA-1).
SLA_RECORD_INPUTS = {"ticket_id", "state", "actual_arrival", "end_datetime", "result"}
# What moves the request's stage (``helpdesk.ticket._visit_follow_stage``).
STAGE_RECORD_INPUTS = {"state", "actual_arrival", "start_datetime"}
# What puts a record on a work log already submitted (``_amend_for_records``).
LOG_RECORD_INPUTS = {"actual_arrival", "start_datetime", "engineer_ids", "user_id"}


class AfterSalesServiceRecord(models.Model):
    """Field service record (售后服务现场工作记录表, R-REC-1): one visit of a request.

    Rights: engineers create and edit the records they lead or take part in; clerks
    and supervisors all records of their companies; estimators, warehouse keepers and
    finance read them. Flow: draft → in progress (arrived) → done (customer confirmed
    or refused to sign, with a reason) or cancelled (with a reason). A done record is
    signed: what the customer confirmed is never edited afterwards.
    """

    _name = "after_sales.service.record"
    _description = "Field Service Record"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "after_sales.ticket.document",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "planned_arrival desc, id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    # Open while the visit goes on; done, what the customer signed is never
    # edited afterwards; cancelled, nothing changes (R-X-3).
    _state_editable = {"draft": ALL, "in_progress": ALL}
    _transitions = {
        "start": Transition(("draft",), "in_progress"),
        "done": Transition(("draft", "in_progress"), "done"),
        "cancel": Transition(("draft", "in_progress"), "cancelled"),
    }
    _transition_fields = ("state", "cancel_reason")
    _input_bounds = {
        "labour_hours": (0, 1_000),
        "travel_distance": (0, 10_000),
        "completion_degree": (0, 100),
    }

    name = fields.Char(
        string="Record Number", required=True, readonly=True, copy=False, default="/"
    )
    state = fields.Selection(
        RECORD_STATES,
        default="draft",
        group_expand="_read_group_expand_full",  # kanban: draft → … → cancelled
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    cancel_reason = fields.Text(readonly=True, copy=False)
    # Request and equipment
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    service_type_id = fields.Many2one(
        related="ticket_id.service_type_id", store=True, string="Service Type"
    )
    product_id = fields.Many2one(related="ticket_id.product_id", store=True)
    lot_id = fields.Many2one(related="ticket_id.lot_id", store=True, index=True)
    # People
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    engineer_ids = fields.Many2many(
        "hr.employee", string="Engineers", check_company=True
    )
    # The visit done by a network outlet (网点), not by the own engineers
    # (R-RPT-3): set while the record is open, like the engineers.
    outlet_id = fields.Many2one(
        "res.partner",
        string="Service Outlet",
        domain=[("is_service_outlet", "=", True)],
        check_company=True,
        index="btree_not_null",
        help="The network outlet (网点) that did this visit; empty: the "
        "company's own engineers.",
    )
    site_contact_name = fields.Char(
        string="Site Contact",
        compute="_compute_site_contact",
        store=True,
        readonly=False,
        precompute=True,
        help="The person who received or accepted the service (用户联系人); the "
        "callback goes to this person.",
    )
    site_contact_phone = fields.Char(
        compute="_compute_site_contact",
        store=True,
        readonly=False,
        precompute=True,
        groups="after_sales_service.group_engineer,after_sales_service.group_clerk",
    )
    # Times and travel
    planned_arrival = fields.Datetime(tracking=True)
    actual_arrival = fields.Datetime(tracking=True)
    start_datetime = fields.Datetime(string="Work Started")
    end_datetime = fields.Datetime(string="Work Ended")
    labour_hours = fields.Float(
        compute="_compute_labour_hours", store=True, readonly=False, precompute=True
    )
    travel_distance = fields.Float(string="Travel Distance (km)")
    vehicle = fields.Char()
    # Findings
    site_situation = fields.Text(help="现场情况")
    costs_arose = fields.Boolean(
        string="Costs May Arise",
        compute="_compute_costs_arose",
        store=True,
        readonly=False,
        precompute=True,
        help="The site shows costs someone will bear (a customer's or a supplier's "
        "fault): the customer's representative must witness it.",
    )
    cost_witnessed = fields.Boolean(
        string="Costs Witnessed by Customer",
        help="The customer's representative witnessed the site where costs may arise "
        "(需方代表见证).",
    )
    cost_witness_name = fields.Char(string="Witness")
    cause_category_id = fields.Many2one(
        "after_sales.cause.category", check_company=True
    )
    responsible_party = fields.Selection(
        RESPONSIBLE_PARTIES,
        compute="_compute_responsible_party",
        store=True,
        readonly=False,
        precompute=True,
    )
    measures = fields.Text(string="Measures Taken", help="采取措施")
    result = fields.Selection(RECORD_RESULTS, tracking=True, help="处理结果")
    completion_degree = fields.Integer(
        string="Completion (%)", help="How much of the job this visit completed."
    )
    pending_items = fields.Text(
        string="To Solve Before Next Visit",
        help="What must be solved before the next visit when the job is partly done.",
    )
    # Customer confirmation and evaluation
    confirm_name = fields.Char(string="Confirmed By")
    confirm_signature = fields.Binary(string="Customer Signature", copy=False)
    confirm_date = fields.Date(string="Confirmation Date", copy=False)
    customer_expectation = fields.Text(
        help="What the customer expects when the job is not finished.",
    )
    customer_refused_to_sign = fields.Boolean(copy=False, tracking=True)
    refusal_reason = fields.Text(copy=False)
    evaluation_attitude = fields.Selection(EVALUATION, string="Service Attitude")
    evaluation_punctuality = fields.Selection(EVALUATION, string="Timeliness")
    evaluation_skill = fields.Selection(EVALUATION, string="Technical Skill")
    evaluation_result = fields.Selection(EVALUATION, string="Service Quality")
    # Completeness and first-time fix
    missing_item_ids = fields.Many2many(
        "after_sales.record.item",
        string="Missing Items",
        compute="_compute_missing_items",
        store=True,
    )
    missing_item_count = fields.Integer(compute="_compute_missing_items", store=True)
    first_time_fix = fields.Boolean(
        string="First-Time Fix",
        compute="_compute_first_time_fix",
        store=True,
        help="This visit resolved the request and no other visit was needed "
        "(一次修复, R-REC-4).",
    )
    # Eligibility read by the views and the guards alike, with the reason why not
    can_start = fields.Boolean(
        compute="_compute_transitions", depends=["state", "ticket_id.stage_id.closed"]
    )
    cannot_start_reason = fields.Char(compute="_compute_transitions")
    can_done = fields.Boolean(
        compute="_compute_transitions",
        depends=[
            "state",
            "customer_refused_to_sign",
            "confirm_name",
            "confirm_date",
            "result",
        ],
    )
    cannot_done_reason = fields.Char(compute="_compute_transitions")
    can_cancel = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_cancel_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "labour_hours_positive",
            "CHECK(labour_hours >= 0)",
            "Labour hours cannot be negative.",
        ),
        (
            "travel_distance_positive",
            "CHECK(travel_distance >= 0)",
            "The travel distance cannot be negative.",
        ),
        (
            "completion_degree_range",
            "CHECK(completion_degree BETWEEN 0 AND 100)",
            "The completion must lie between 0 and 100 %.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("ticket_id")
    def _compute_site_contact(self):
        """By default the contact and phone of the request; the engineer corrects
        them on site."""
        for record in self:
            ticket = record.ticket_id
            if not record.site_contact_name:
                record.site_contact_name = ticket.partner_id.name
            if not record.site_contact_phone:
                record.site_contact_phone = (
                    ticket.contact_phone or ticket.partner_id.phone
                )

    @api.depends("start_datetime", "end_datetime")
    def _compute_labour_hours(self):
        for record in self:
            if record.start_datetime and record.end_datetime:
                delta = record.end_datetime - record.start_datetime
                record.labour_hours = max(delta.total_seconds() / 3600.0, 0.0)

    @api.depends("cause_category_id")
    def _compute_responsible_party(self):
        for record in self:
            if record.cause_category_id:
                record.responsible_party = record.cause_category_id.responsible_party

    @api.depends("responsible_party")
    def _compute_costs_arose(self):
        for record in self:
            record.costs_arose = record.responsible_party in ("customer", "supplier")

    @api.depends(
        "service_type_id.required_item_ids",
        "site_contact_name",
        "site_contact_phone",
        "actual_arrival",
        "start_datetime",
        "end_datetime",
        "site_situation",
        "cost_witness_name",
        "cause_category_id",
        "measures",
        "result",
        "confirm_name",
        "confirm_date",
        "confirm_on_portal",
        *EVALUATION_FIELDS,
    )
    def _compute_missing_items(self):
        for record in self:
            items = record.service_type_id.required_item_ids
            filled = {
                item.code: record._record_item_filled(item.code) for item in items
            }
            outcome = check_completeness(items.mapped("code"), filled)
            missing = items.filtered(lambda i, m=outcome.missing: i.code in m)
            record.missing_item_ids = missing
            record.missing_item_count = outcome.missing_count

    @api.depends("ticket_id.first_time_fix", "state")
    def _compute_first_time_fix(self):
        for record in self:
            record.first_time_fix = record.state == "done" and bool(
                record.ticket_id.first_time_fix
            )

    def _guard_start(self):
        if self.ticket_id.closed:
            return self.env._(
                "The request %(ticket)s is closed.", ticket=self.ticket_id.display_name
            )
        return False

    def _guard_done(self):
        confirmed = self.customer_refused_to_sign or (
            self.confirm_name and self.confirm_date
        )
        if not confirmed:
            return self.env._(
                "%(record)s needs the customer's confirmation (name and date), "
                "or mark that the customer refused to sign and say why.",
                record=self.name,
            )
        if not self.result:
            return self.env._("Record the result of %(record)s.", record=self.name)
        return False

    # ------------------------------------------------------------------
    # Items of the record (R-REC-3)
    # ------------------------------------------------------------------

    @api.model
    def _is_record_item_code(self, code):
        return code == "evaluation" or code in self._fields

    def _record_item_filled(self, code):
        self.ensure_one()
        if code == "evaluation":
            return all(self[name] for name in EVALUATION_FIELDS)
        if code == "confirm_name":
            return bool(self.confirm_name) or self.customer_refused_to_sign
        return bool(self[code]) if code in self._fields else False

    # ------------------------------------------------------------------
    # Constraints (R-X-4)
    # ------------------------------------------------------------------

    @api.constrains(
        "start_datetime", "end_datetime", "actual_arrival", "planned_arrival"
    )
    def _check_times(self):
        for record in self:
            if (
                record.start_datetime
                and record.end_datetime
                and record.end_datetime < record.start_datetime
            ):
                raise ValidationError(
                    self.env._(
                        "%(record)s: the work cannot end before it starts.",
                        record=record.name,
                    )
                )
            if record.ticket_id:
                record.ticket_id._ensure_after_registration(
                    record, ("actual_arrival", "start_datetime")
                )

    @api.constrains("labour_hours", "travel_distance", "completion_degree")
    def _check_quantities(self):
        for record in self:
            if record.labour_hours < 0 or record.travel_distance < 0:
                raise ValidationError(
                    self.env._(
                        "%(record)s: labour hours and travel distance cannot be "
                        "negative.",
                        record=record.name,
                    )
                )
            if not 0 <= record.completion_degree <= 100:
                raise ValidationError(
                    self.env._(
                        "%(record)s: the completion must lie between 0 and 100 %%.",
                        record=record.name,
                    )
                )

    @api.constrains("customer_refused_to_sign", "refusal_reason")
    def _check_refusal_reason(self):
        for record in self:
            if (
                record.customer_refused_to_sign
                and not (record.refusal_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the customer refused to sign %(record)s.",
                        record=record.name,
                    )
                )

    @api.constrains("outlet_id")
    def _check_outlet(self):
        """Only a partner flagged as a service outlet (网点) did a visit for the
        company (R-RPT-3: the year counts its repairs apart)."""
        for record in self:
            if record.outlet_id and not record.outlet_id.is_service_outlet:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a service outlet: flag it as one on "
                        "its contact form before naming it on record %(record)s.",
                        partner=record.outlet_id.display_name,
                        record=record.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)  # before anything reads the values
        tickets = self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")]
        )
        tickets._intake_lock()  # not while it is being resolved by phone
        tickets._ensure_open_for_service_records()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("after_sales.service.record")
                    or "/"
                )
        records = super().create(vals_list)
        records.ticket_id._sla_sync_deadlines()  # on site, fixed, feedback (R-SLA)
        if any(STAGE_RECORD_INPUTS.intersection(vals) for vals in vals_list):
            records.ticket_id._visit_follow_stage()
        if any(LOG_RECORD_INPUTS.intersection(vals) for vals in vals_list):
            self.env["after_sales.work.log"]._amend_for_records(records)
        return records

    def write(self, vals):
        self._check_input_bounds(vals)  # before anything reads the values
        if "ticket_id" in vals:
            self._check_request_fixed(vals["ticket_id"])
        tickets = self.ticket_id
        result = super().write(vals)
        if SLA_RECORD_INPUTS.intersection(vals):
            (tickets | self.ticket_id)._sla_sync_deadlines()
        if STAGE_RECORD_INPUTS.intersection(vals):
            self.ticket_id._visit_follow_stage()
        if LOG_RECORD_INPUTS.intersection(vals):
            self.env["after_sales.work.log"]._amend_for_records(self)
        return result

    def _check_request_fixed(self, ticket_id):
        """Guard of ``write``: a record is a visit of the request it was created
        for; it never moves to another one — its times, events and costs are the
        request's (R-REC-1, R-X-3)."""
        for record in self:
            if record.ticket_id.id != (ticket_id or False):
                raise UserError(
                    self.env._(
                        "%(record)s is a visit of %(ticket)s: a service record "
                        "never moves to another request.",
                        record=record.display_name,
                        ticket=record.ticket_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        """Button "Arrived on site": the engineer is there, the work starts."""
        self.check_access("write")  # a role refusal is an AccessError
        self._check_transition("start")
        self._do_start()
        return True

    def _do_start(self):
        """The engineers are on site: arrival and start default to now. One write
        per group of records that lack the same times, so that the request's
        deadlines are synchronised once, not once per record."""
        now = fields.Datetime.now()
        records = self._begin_transition("start")
        groups = records.grouped(lambda r: (not r.actual_arrival, not r.start_datetime))
        for (no_arrival, no_start), group in groups.items():
            vals = {"state": "in_progress"}
            if no_arrival:
                vals["actual_arrival"] = now
            if no_start:
                vals["start_datetime"] = now
            group._transition_write(vals)

    def action_done(self):
        """Button "Done": close the visit; the customer confirmed or refused to sign."""
        self.check_access("write")  # a role refusal is an AccessError
        self._check_transition("done")
        self._do_done()
        return True

    def _do_done(self):
        """Close the visits and record what they tell of the engineers' work:
        missing items, costs not witnessed, the customer's evaluation, a follow-up
        visit needed (DESIGN §4). Called by the "Done" button."""
        now = fields.Datetime.now()
        records = self._begin_transition("done")
        for no_end, group in records.grouped(lambda r: not r.end_datetime).items():
            group._transition_write(
                {"state": "done", "end_datetime": now} if no_end else {"state": "done"}
            )
        for record in records:
            if record.missing_item_ids:
                record._message_log(
                    body=plaintext2html(
                        self.env._(
                            "Closed with %(count)s missing item(s): %(items)s",
                            count=record.missing_item_count,
                            items=", ".join(record.missing_item_ids.mapped("name")),
                        ),
                    ),
                )
        self.env["after_sales.performance.event"].sudo()._record(
            records._prepare_performance_event_vals()
        )
        # Every finished service is called back (R-CB-1).
        self.env["after_sales.callback"]._create_for_records(records)

    def _prepare_performance_event_vals(self):
        """The events of closed records: one per missing required item, one for
        costs not witnessed where costs arose, one per evaluation item with its
        grade, one when a follow-up visit is needed (R-REC-3, R-REC-4, R-PEN-3)."""
        vals_list = []
        for record in self.filtered(lambda r: r.state == "done"):
            base = {
                "res_model": record._name,
                "res_id": record.id,
                "company_id": record.company_id.id,
                "ticket_id": record.ticket_id.id,
                "user_id": record.user_id.id,
                "team_id": record.ticket_id.team_id.id,
                "occurred_at": record.end_datetime,
            }
            for item in record.missing_item_ids:
                vals_list.append(dict(base, kind="record_missing_item", key=item.code))
            if record.costs_arose and not record.cost_witnessed:
                vals_list.append(dict(base, kind="record_no_cost_witness"))
            for name in EVALUATION_FIELDS:
                if record[name]:
                    vals_list.append(
                        dict(
                            base,
                            kind="record_evaluation",
                            key=name.removeprefix("evaluation_"),
                            value=record[name],
                        )
                    )
            if record.result == "partial":
                vals_list.append(dict(base, kind="record_follow_up"))
        return vals_list

    def action_cancel(self, reason):
        """Cancel with a reason; called by the cancel wizard."""
        self.check_access("write")  # a role refusal is an AccessError
        self._check_transition("cancel")
        self._do_cancel(reason)
        return True

    def _do_cancel(self, reason):
        """Cancel the records with ``reason``; called by the cancel wizard and by
        the request when it is resolved by phone."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give a reason to cancel a service record."))
        reason = reason.strip()
        records = self._begin_transition("cancel")
        records._transition_write({"state": "cancelled", "cancel_reason": reason})
        for record in records:
            record._message_log(
                body=plaintext2html(self.env._("Cancelled: %(reason)s", reason=reason)),
            )

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Service Record"),
            "res_model": "after_sales.service.record.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_record_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Report (R-REC-5)
    # ------------------------------------------------------------------

    def action_print(self):
        """Button "Print": the three-copy record form."""
        return self.env.ref(
            "after_sales_service.service_record_report_action"
        ).report_action(self)

    def _report_copy_labels(self):
        """The three copies of the printed record, in print order, each with
        its number and role (第一联 存根…, R-REC-5)."""
        return [
            self.env._("Copy 1: Stub"),
            self.env._("Copy 2: After-Sales Service"),
            self.env._("Copy 3: Customer"),
        ]

    def _report_requisitions(self):
        """The requisitions whose parts this visit used (R-REC-5, R-PRT-5): the
        ones made for the record and, when the record is the request's only
        visit, the request's requisitions made for no record (the record is
        optional on a requisition and fixed once it is issued). The printed
        form is the one every signer holds: read whoever prints it."""
        self.ensure_one()
        record = self.sudo()
        requisitions = self.env["after_sales.parts.requisition"].sudo()
        visits = record.ticket_id.sudo().service_record_ids.filtered(
            lambda visit: visit.state != "cancelled"
        )
        domain = [("record_id", "=", record.id)]
        if visits == record:
            domain = [
                "|",
                ("record_id", "=", record.id),
                "&",
                ("ticket_id", "=", record.ticket_id.id),
                ("record_id", "=", False),
            ]
        return requisitions.search(domain).filtered(
            lambda requisition: requisition.state != "cancelled"
        )

    def _report_parts_used(self):
        """The parts the visit used, as the printed record lists them (R-REC-5,
        R-PRT-5): the lines of its requisitions with a used quantity."""
        self.ensure_one()
        return self._report_requisitions().line_ids.filtered(
            lambda line: line.quantity_used > 0
        )

    def _report_replaced_parts(self):
        """The parts taken out of the customer's unit on this visit (R-PRT-6)."""
        self.ensure_one()
        return self._report_requisitions().replaced_part_ids

    def _report_signatures(self):
        """The signature boxes of the printed record: the engineers, the
        customer (the captured signature when there is one) and the
        department."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        customer = {
            "label": self.env._("Customer Signature"),
            "name": self.confirm_name,
            "image": self.confirm_signature,
            "date": form._date(self.confirm_date),
        }
        if self.customer_refused_to_sign:
            customer.update(
                name=self.env._("The customer refused to sign"), image=False
            )
        return [
            {
                "label": self.env._("Engineer"),
                "name": form._join(self.engineer_ids.mapped("name")),
                "image": False,
                "date": form._date(self.end_datetime),
            },
            customer,
            {"label": self.env._("Warehouse Keeper"), "name": "", "image": False},
            {"label": self.env._("Department Manager"), "name": "", "image": False},
        ]
