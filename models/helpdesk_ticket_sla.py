# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .const import MILESTONES, SLA_STATUSES
from .ticket_deadline import OPEN_SEVERITY, SLA_MILESTONE_FIELDS, SLA_TICKET_INPUTS


class HelpdeskTicketSla(models.Model):
    """Service levels of the service request (R-SLA).

    The deadlines (``sla_deadline_ids``) come from the most specific SLA policy and
    are met by events the users record, never by stage changes: the "Customer
    Contacted", "Result Fed Back" and "Complaint Answered" buttons, the first public
    reply to the customer (first response), the first arrival of a service record
    (on site) and the first finished visit that is not partial (fixed). Paused time
    (``sla_pause_ids``) does not count (R-SLA-3).
    """

    _inherit = "helpdesk.ticket"

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

    @api.depends("service_type_id.kind")
    def _compute_is_complaint(self):
        for ticket in self:
            ticket.is_complaint = ticket.service_type_id.kind == "complaint"

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
    # CRUD: a new request gets its deadlines, a change of their inputs syncs them
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._sla_sync_deadlines()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if SLA_TICKET_INPUTS.intersection(vals):
            self._sla_sync_deadlines()
        return result
