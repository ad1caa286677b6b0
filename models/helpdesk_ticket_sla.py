# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_datetime, plaintext2html

from ..tools import sla
from .const import MILESTONES, SLA_STATUSES
from .frozen_mixin import Transition
from .ticket_deadline import OPEN_SEVERITY, SLA_MILESTONE_FIELDS, SLA_TICKET_INPUTS

# The stored SLA summary of the request (see ``_sla_store_summary``).
SLA_SUMMARY_FIELDS = ["sla_next_deadline", "sla_next_milestone", "sla_status"]
# The SLA actions of the request: each has ``can_<x>`` and ``cannot_<x>_reason``.
SLA_ACTIONS = (
    "sla_contact",
    "sla_feed_back",
    "sla_answer_complaint",
    "sla_pause",
    "sla_resume",
)


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
    # Their reasons are computed at once by ``_compute_can_sla`` (one read of
    # the deadlines); the layer raises them.
    _transitions = dict.fromkeys(SLA_ACTIONS, Transition())

    sla_policy_id = fields.Many2one(
        "after_sales.sla.policy",
        string="SLA Policy",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    sla_deadline_ids = fields.One2many(
        "after_sales.ticket.deadline", "ticket_id", string="Deadlines"
    )
    sla_pause_ids = fields.One2many(
        "after_sales.sla.pause", "ticket_id", string="SLA Pauses"
    )
    sla_breach_ids = fields.One2many(
        "after_sales.sla.breach",
        "ticket_id",
        string="SLA Breaches",
        groups="base.group_user",
    )
    sla_breach_count = fields.Integer(
        string="Breaches",
        compute="_compute_sla_breach_count",
        groups="base.group_user",
    )
    sla_next_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_sla_next_deadline",
        store=True,
        help="The earliest deadline not met yet.",
        groups="base.group_user",
    )
    sla_next_milestone = fields.Selection(
        MILESTONES,
        string="Next Milestone",
        compute="_compute_sla_next_deadline",
        store=True,
        groups="base.group_user",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="Service Level",
        compute="_compute_sla_next_deadline",
        store=True,
        index=True,
        help="The worst status of the deadlines not met yet.",
        groups="base.group_user",
    )
    sla_paused = fields.Boolean(
        string="SLA Paused",
        compute="_compute_sla_paused",
        store=True,
        groups="base.group_user",
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
    sla_complaint_closed_at = fields.Datetime(
        string="Complaint Closed At",
        copy=False,
        tracking=True,
        help="Met by the complaint's Close (R-CB-3).",
    )
    is_complaint = fields.Boolean(compute="_compute_is_complaint")
    # Eligibility of the SLA buttons and, when not eligible, why (one compute).
    can_sla_contact = fields.Boolean(compute="_compute_can_sla")
    cannot_sla_contact_reason = fields.Char(
        string="Why Contact Is Unavailable", compute="_compute_can_sla"
    )
    can_sla_feed_back = fields.Boolean(compute="_compute_can_sla")
    cannot_sla_feed_back_reason = fields.Char(
        string="Why Feedback Is Unavailable", compute="_compute_can_sla"
    )
    can_sla_answer_complaint = fields.Boolean(compute="_compute_can_sla")
    cannot_sla_answer_complaint_reason = fields.Char(
        string="Why Complaint Answer Is Unavailable", compute="_compute_can_sla"
    )
    can_sla_pause = fields.Boolean(compute="_compute_can_sla")
    cannot_sla_pause_reason = fields.Char(
        string="Why Pause Is Unavailable", compute="_compute_can_sla"
    )
    can_sla_resume = fields.Boolean(compute="_compute_can_sla")
    cannot_sla_resume_reason = fields.Char(
        string="Why Resume Is Unavailable", compute="_compute_can_sla"
    )

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
    @api.depends_context("lang", "tz")
    def _compute_can_sla(self):
        """``can_sla_<x>`` and ``cannot_sla_<x>_reason`` of every SLA button: the
        view's ``invisible=`` reads the first, the guards raise the second."""
        for ticket in self:
            reasons = ticket._sla_cannot_reasons()
            for action in SLA_ACTIONS:
                reason = reasons.get(action) or False
                ticket[f"can_{action}"] = not reason
                ticket[f"cannot_{action}_reason"] = reason

    def _sla_cannot_reasons(self):
        """``{action: why it cannot be done now}`` for the SLA actions that cannot
        (R-SLA-2, R-SLA-3); the first reason that applies wins."""
        self.ensure_one()
        closed = self.env._("The request is closed.")
        milestones = set(self.sla_deadline_ids.mapped("milestone"))
        reasons = {}
        if self.closed:
            reasons["sla_contact"] = closed
        elif self.sla_contacted_at:
            reasons["sla_contact"] = self.env._(
                "The customer contact was already recorded on %(when)s.",
                when=self._sla_format(self.sla_contacted_at),
            )
        if self.sla_fed_back_at:
            reasons["sla_feed_back"] = self.env._(
                "The result was already fed back on %(when)s.",
                when=self._sla_format(self.sla_fed_back_at),
            )
        elif "feedback" not in milestones:
            reasons["sla_feed_back"] = self.env._(
                "There is no result to feed back yet: no visit of the request is "
                "finished, or its SLA policy has no feedback deadline."
            )
        if not self.is_complaint:
            reasons["sla_answer_complaint"] = self.env._(
                "The request is not a complaint."
            )
        elif self.sla_complaint_answered_at:
            reasons["sla_answer_complaint"] = self.env._(
                "The complaint was already answered on %(when)s.",
                when=self._sla_format(self.sla_complaint_answered_at),
            )
        if self.closed:
            reasons["sla_pause"] = closed
        elif self.sla_paused:
            reasons["sla_pause"] = self.env._("The deadlines are already paused.")
        elif all(deadline.met_at for deadline in self.sla_deadline_ids):
            reasons["sla_pause"] = self.env._(
                "The request has no open deadline to pause."
            )
        if not self.sla_paused:
            reasons["sla_resume"] = self.env._("The deadlines are not paused.")
        return reasons

    def _sla_format(self, value):
        return format_datetime(self.env, value, dt_format="short")

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

    # ------------------------------------------------------------------
    # Actions: action_<x> (button) -> _check_transition(x) -> _do_<x> (transition)
    # ------------------------------------------------------------------

    def action_sla_contacted(self):
        """Button "Customer Contacted"; also the first response if none yet."""
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("sla_contact")
        self._do_sla_contact()
        return True

    def action_sla_fed_back(self):
        """Button "Result Fed Back": the result reached the customer (R-SLA-1)."""
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("sla_feed_back")
        self._do_sla_feed_back()
        return True

    def action_sla_complaint_answered(self):
        """Button "Complaint Answered" of complaint requests (R-SLA-1)."""
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("sla_answer_complaint")
        self._do_sla_answer_complaint()
        return True

    def action_sla_pause(self):
        """Button "Pause": the wizard asks for the reason, then calls
        :meth:`_do_sla_pause` (R-SLA-3)."""
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("sla_pause")
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
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("sla_resume")
        self._do_sla_resume()
        return True

    def _do_sla_contact(self):
        """Record the customer contact now; it is the first response if none yet."""
        self._intake_lock()  # two users at once: the second sees the first
        self._check_transition("sla_contact")
        now = fields.Datetime.now()
        for ticket in self:
            vals = {"sla_contacted_at": now}
            if not ticket.sla_responded_at:
                vals["sla_responded_at"] = now
            ticket._transition_write(vals)

    def _do_sla_feed_back(self):
        self._intake_lock()  # two users at once: the second sees the first
        self._check_transition("sla_feed_back")
        self._transition_write({"sla_fed_back_at": fields.Datetime.now()})

    def _do_sla_answer_complaint(self):
        self._intake_lock()  # two users at once: the second sees the first
        self._check_transition("sla_answer_complaint")
        self._transition_write({"sla_complaint_answered_at": fields.Datetime.now()})

    def _do_sla_pause(self, reason, note=False):
        """Start a pause of the deadlines; called by the pause wizard, which is not
        the only gate: the preconditions are checked again here."""
        self._intake_lock()  # two users at once: the second sees the first
        self._check_transition("sla_pause")
        Pause = self.env["after_sales.sla.pause"]
        labels = dict(Pause._fields["reason"]._description_selection(self.env))
        Pause.create(
            [
                {"ticket_id": ticket.id, "reason": reason, "note": note}
                for ticket in self
            ]
        )
        for ticket in self:
            ticket._message_log(
                body=plaintext2html(
                    self.env._(
                        "Deadlines paused: %(reason)s. %(note)s",
                        reason=labels[reason],
                        note=note or "",
                    ),
                ),
            )

    def _do_sla_resume(self):
        """End the open pause of each request now."""
        self._intake_lock()  # two users at once: the second sees the first
        self._check_transition("sla_resume")
        now = fields.Datetime.now()
        for ticket in self:
            pause = ticket.sla_pause_ids.filtered(lambda p: not p.end_at)
            pause._transition_write({"end_at": now})
            ticket._message_log(
                body=plaintext2html(
                    self.env._(
                        "Deadlines resumed after %(hours)s h.",
                        hours=round(pause.duration_hours, 2),
                    ),
                ),
            )

    def _sla_pause_quietly(self, reason):
        """Pause the deadlines for ``reason`` where they can be paused (another
        document waits, e.g. a purchase plan for parts); never raises."""
        for ticket in self.sudo():
            if not ticket._sla_cannot_reasons().get("sla_pause"):
                ticket._do_sla_pause(reason)

    def _sla_resume_quietly(self, reason):
        """End the open pause of ``reason``, if there is one; never raises."""
        for ticket in self.sudo():
            if ticket.sla_pause_ids.filtered(
                lambda p: not p.end_at and p.reason == reason
            ):
                ticket._do_sla_resume()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

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

    def _sla_milestone_plans(self):
        """``{ticket id: tools.sla.MilestonePlan}``: which milestones apply to each
        request and from when they count (R-SLA-1). Read by the deadline sync; the
        rule is :func:`tools.sla.milestone_moments`, this gathers its inputs."""
        plans = {}
        for ticket in self:
            visits = [
                sla.Visit(
                    record.state,
                    record.actual_arrival or None,
                    record.end_datetime or None,
                    record.result or None,
                )
                for record in ticket.service_record_ids
            ]
            plans[ticket.id] = sla.milestone_moments(
                ticket.registered_at,
                recorded={
                    sla.CONTACTED: ticket.sla_contacted_at or None,
                    sla.RESPONSE: ticket.sla_responded_at or None,
                    sla.FEEDBACK: ticket.sla_fed_back_at or None,
                    sla.COMPLAINT: ticket.sla_complaint_answered_at or None,
                    sla.COMPLAINT_CLOSED: ticket.sla_complaint_closed_at or None,
                },
                visits=visits,
                needs_visit=not ticket.service_type_id
                or ticket.service_type_id.needs_visit,
                by_phone=ticket.resolution_kind == "phone",
                is_complaint=ticket.is_complaint,
            )
        return plans

    def _sla_sync_deadlines(self):
        """(Re)compute the deadlines; called on create, on writes of their inputs,
        by service records and by pauses."""
        self.env["after_sales.ticket.deadline"]._sync_tickets(self)

    @api.model
    def _sla_store_summary(self, ticket_ids):
        """Store the SLA summary of ``ticket_ids`` in SQL, set-based (R-SLA-2).

        The same rule as :meth:`_compute_sla_next_deadline` — the earliest open
        deadline, ties to the newest row, and the worst status of the open ones —
        for the jobs that change deadlines in SQL (the breach job, the status
        refresh): one ``UPDATE`` instead of a Python recompute per request. Tested
        against the compute. Invalidates the cached values.
        """
        if not ticket_ids:
            return
        severity = SQL(" ").join(
            SQL("WHEN bool_or(d.status = %s) THEN %s", state, state)
            for state in OPEN_SEVERITY
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET sla_next_deadline = n.deadline,
                       sla_next_milestone = n.milestone,
                       sla_status = w.status
                  FROM unnest(%(ids)s::int[]) AS x(id)
             LEFT JOIN LATERAL (
                        SELECT d.deadline, d.milestone
                          FROM after_sales_ticket_deadline d
                         WHERE d.ticket_id = x.id
                           AND d.met_at IS NULL AND d.deadline IS NOT NULL
                         ORDER BY d.deadline, d.id DESC
                         LIMIT 1
                   ) n ON TRUE
             LEFT JOIN LATERAL (
                        SELECT CASE %(severity)s END AS status
                          FROM after_sales_ticket_deadline d
                         WHERE d.ticket_id = x.id AND d.met_at IS NULL
                   ) w ON TRUE
                 WHERE t.id = x.id
                   AND (t.sla_next_deadline IS DISTINCT FROM n.deadline
                        OR t.sla_next_milestone IS DISTINCT FROM n.milestone
                        OR t.sla_status IS DISTINCT FROM w.status)
                """,
                ids=sorted(set(ticket_ids)),
                severity=severity,
            )
        )
        self.invalidate_model(SLA_SUMMARY_FIELDS)

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
        if set(SLA_MILESTONE_FIELDS).intersection(vals) and not self._in_transition():
            self._sla_check_milestone_correction()
        result = super().write(vals)
        if SLA_TICKET_INPUTS.intersection(vals):
            self._sla_sync_deadlines()
        return result

    def _sla_check_milestone_correction(self):
        """Guard of ``write``: the milestone times are set by their buttons; only a
        supervisor corrects one by hand, and the change is tracked in the chatter
        (the probe backdated "customer contacted" to remove a breach)."""
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise AccessError(
                self.env._(
                    "The milestone times of a service request are recorded by its "
                    "buttons; only a supervisor corrects them."
                )
            )
