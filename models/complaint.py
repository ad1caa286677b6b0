# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_amount

from .const import (
    CALLBACK_GRADES,
    COMPLAINT_CAUSES,
    COMPLAINT_CHANNELS,
    COMPLAINT_GRADES,
    COMPLAINT_STATES,
)
from .frozen_mixin import ATTACHMENTS, Denied, Transition

CLERK = "after_sales_service.group_clerk"
SUPERVISOR = "after_sales_service.group_supervisor"
MANAGER = "after_sales_service.group_manager"
GM = "after_sales_service.group_general_manager"
# What is decided while the complaint is handled, and who decides it (002
# §5.3.2: the supervisor grades and assigns, the manager decides it upheld).
SUPERVISOR_FIELDS = (
    "responsible_employee_id",
    "responsible_department_id",
    "escalation_channel",
    "serious_cause",
    "result",
    "compensation_amount",
)
MANAGER_FIELDS = ("upheld_user_ids",)
# The deadlines of a complaint (SLA milestones) that escalate.
COMPLAINT_MILESTONES = ("complaint", "complaint_closed")
# The archive the clerk keeps while the complaint is open.
ARCHIVE_FIELDS = (
    "content",
    "measures",
    "progress",
    "related_ticket_ids",
    "record_ids",
    "cancel_reason",
    ATTACHMENTS,
)
CALLBACK_FIELDS = ("callback_answer", "callback_note", "callback_unreachable_reason")


class AfterSalesComplaint(models.Model):
    """The complaint archive of one complaint request (投诉档案, R-CB-3, R-CB-4).

    One per request (``UNIQUE``), made by the system when a request of a service
    type of kind "complaint" is registered or switched to one (a clerk's
    "Register Complaint" on any request registers such a request, linked to the
    original). It records what the customer said (内容), the measures (措施), the
    progress (进程), the result (结果) and the callback of the result (回访) —
    002 §5.3.2.1: every complaint result is called back by phone.

    Grades (002 §5.3.2): 客户抱怨 grievance, 一般客诉 general complaint (escalated
    to a consumer association, a regulator, a court or online), 严重客诉 serious
    complaint (batch quality, bad policy, personal injury, major property loss).
    The grade picks the SLA policy of the request (answer and close deadlines);
    a serious complaint alerts the department managers at once and records when
    the general manager was informed.

    ==========================  =====  ==========  =======  ===  ========
    right                       clerk  supervisor  manager  GM   engineer
    ==========================  =====  ==========  =======  ===  ========
    read                        all    all         all      all  own [1]
    content, progress, callback yes    yes         yes      yes  no
    grade, assign, result       no     yes         yes      yes  no
    close grievance / general   no     yes         yes      yes  no
    close serious, uphold       no     no          yes      yes  no
    inform the GM               no     no          yes      yes  no
    approve compensation        no     no          no       yes  no
    ==========================  =====  ==========  =======  ===  ========

    [1] once graded, a complaint upheld against them or about their records.

    Flow: registered → handling (graded) → answered (result recorded) → closed
    (the result called back, or why the customer could not be reached);
    cancelled with a reason. Everything decided is frozen once closed.
    """

    _name = "after_sales.complaint"
    _description = "Complaint"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _input_bounds = {"compensation_amount": (0, 100_000_000)}
    _rec_names_search = ["name", "ticket_id.number", "partner_id.name"]
    _number_field = "name"
    _transitions = {
        "grade": Transition(("registered", "handling"), "handling", (SUPERVISOR,)),
        "answer": Transition(("handling",), "answered", (SUPERVISOR,)),
        "uphold": Transition(("answered",), "answered", (MANAGER,)),
        "inform_gm": Transition(("handling", "answered"), None, (MANAGER,)),
        "approve_compensation": Transition(("answered",), "answered", (GM,)),
        "record_callback": Transition(("answered",), "answered", (CLERK,)),
        "close": Transition(("answered",), "closed", (SUPERVISOR,)),
        "cancel": Transition(("registered", "handling"), "cancelled", (SUPERVISOR,)),
    }
    _state_editable = {
        "registered": (
            *ARCHIVE_FIELDS,
            "responsible_employee_id",
            "responsible_department_id",
            "escalation_channel",
            "serious_cause",
        ),
        "handling": (
            *ARCHIVE_FIELDS,
            *SUPERVISOR_FIELDS,
            *MANAGER_FIELDS,
        ),
        "answered": ("progress", *CALLBACK_FIELDS),
    }
    _unlink_states = ()
    _transition_fields = (
        "state",
        "grade",
        "graded_at",
        "graded_by_id",
        "answered_at",
        "answered_by_id",
        "upheld",
        "upheld_at",
        "upheld_by_id",
        "compensation_approved_at",
        "compensation_approved_by_id",
        "gm_informed_at",
        "gm_informed_by_id",
        "callback_at",
        "callback_by_id",
        "closed_at",
        "closed_by_id",
    )

    name = fields.Char(
        string="Complaint Number", required=True, readonly=True, copy=False, default="/"
    )
    ticket_id = fields.Many2one(readonly=True)
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    team_id = fields.Many2one(related="ticket_id.team_id", string="Team", store=True)
    registered_at = fields.Datetime(
        related="ticket_id.registered_at", string="Registered At", store=True
    )
    state = fields.Selection(
        COMPLAINT_STATES,
        default="registered",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    grade = fields.Selection(
        COMPLAINT_GRADES,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_expand_grades",
        help="客户抱怨 grievance, 一般客诉 general complaint (escalated outside), "
        "严重客诉 serious complaint (002 §5.3.2): set by a supervisor, it gives "
        "the deadlines to answer and to close.",
    )
    graded_at = fields.Datetime(readonly=True, copy=False)
    graded_by_id = fields.Many2one("res.users", readonly=True)
    escalation_channel = fields.Selection(
        COMPLAINT_CHANNELS,
        string="Escalated To",
        tracking=True,
        help="Where a general complaint was taken.",
    )
    serious_cause = fields.Selection(
        COMPLAINT_CAUSES, string="Cause", tracking=True, help="Why it is serious."
    )
    # The archive (投诉档案): 内容、措施、进程、结果、回访
    content = fields.Text(string="Complaint", help="What the customer said (内容).")
    measures = fields.Text(help="What is done about it (措施).")
    progress = fields.Text(
        help="How the handling goes (进程), dated by the writer; every change is "
        "kept in the chatter.",
        tracking=True,
    )
    result = fields.Text(help="The outcome told to the customer (结果).")
    related_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "after_sales_complaint_ticket_rel",
        "complaint_id",
        "ticket_id",
        string="About Requests",
        check_company=True,
    )
    record_ids = fields.Many2many(
        "after_sales.service.record",
        "after_sales_complaint_record_rel",
        "complaint_id",
        "record_id",
        string="About Service Records",
        check_company=True,
    )
    responsible_employee_id = fields.Many2one(
        "hr.employee", tracking=True, check_company=True
    )
    responsible_department_id = fields.Many2one(
        "hr.department",
        tracking=True,
        check_company=True,
    )
    upheld_user_ids = fields.Many2many(
        "res.users",
        "after_sales_complaint_upheld_user_rel",
        "complaint_id",
        "user_id",
        string="Upheld Against",
        domain=[("share", "=", False)],
        help="The engineers the complaint is found against, if upheld.",
    )
    upheld = fields.Boolean(string="Complaint Upheld", readonly=True, tracking=True)
    upheld_at = fields.Datetime(readonly=True, copy=False)
    upheld_by_id = fields.Many2one("res.users", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_amount = fields.Monetary(
        string="Special Compensation",
        tracking=True,
        help="Paid to the customer beyond the warranty: the general manager "
        "approves it (002 §5.3.2).",
    )
    compensation_approved_at = fields.Datetime(readonly=True, copy=False)
    compensation_approved_by_id = fields.Many2one("res.users", readonly=True)
    gm_informed_at = fields.Datetime(
        string="GM Informed At", readonly=True, copy=False, tracking=True
    )
    gm_informed_by_id = fields.Many2one(
        "res.users", string="GM Informed By", readonly=True
    )
    answered_at = fields.Datetime(readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", readonly=True)
    # The callback of the result (回访, 002 §5.3.2.1)
    callback_answer = fields.Selection(
        CALLBACK_GRADES, string="Customer's Answer", tracking=True
    )
    callback_note = fields.Text()
    callback_unreachable_reason = fields.Char(
        string="Not Reached Because",
        help="Why the customer could not be called back about the result.",
    )
    callback_at = fields.Datetime(string="Called Back At", readonly=True, copy=False)
    callback_by_id = fields.Many2one(
        "res.users", string="Called Back By", readonly=True
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True)
    cancel_reason = fields.Char(string="Cancellation Reason", tracking=True)
    deadline = fields.Datetime(
        string="Next Deadline", related="ticket_id.sla_next_deadline"
    )
    sla_status = fields.Selection(related="ticket_id.sla_status")

    can_grade = fields.Boolean(compute="_compute_transitions")
    cannot_grade_reason = fields.Char(compute="_compute_transitions")
    can_answer = fields.Boolean(compute="_compute_transitions")
    cannot_answer_reason = fields.Char(compute="_compute_transitions")
    can_uphold = fields.Boolean(compute="_compute_transitions")
    cannot_uphold_reason = fields.Char(compute="_compute_transitions")
    can_inform_gm = fields.Boolean(compute="_compute_transitions")
    cannot_inform_gm_reason = fields.Char(compute="_compute_transitions")
    can_approve_compensation = fields.Boolean(compute="_compute_transitions")
    cannot_approve_compensation_reason = fields.Char(compute="_compute_transitions")
    can_record_callback = fields.Boolean(compute="_compute_transitions")
    cannot_record_callback_reason = fields.Char(compute="_compute_transitions")
    can_close = fields.Boolean(compute="_compute_transitions")
    cannot_close_reason = fields.Char(compute="_compute_transitions")
    can_cancel = fields.Boolean(compute="_compute_transitions")
    cannot_cancel_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        ("ticket_uniq", "UNIQUE(ticket_id)", "A request has one complaint archive."),
    ]

    @api.model
    def _expand_grades(self, values, domain):
        return [code for code, _label in COMPLAINT_GRADES]

    # ------------------------------------------------------------------
    # Numbering, creation, plain writes
    # ------------------------------------------------------------------

    def _next_number(self, vals):
        """Numbered after its request (TS-FW2612-0001): one archive a request."""
        ticket = self.env["helpdesk.ticket"].sudo().browse(vals["ticket_id"])
        return f"TS-{ticket.number or ticket.id}"

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")
        ticket_ids = [vals.get("ticket_id") for vals in vals_list]
        if len(set(ticket_ids)) < len(ticket_ids) or self.sudo().search_count(
            [("ticket_id", "in", ticket_ids)], limit=1
        ):
            raise ValidationError(
                self.env._(
                    "%(tickets)s already has a complaint archive: a request is one "
                    "complaint.",
                    tickets=", ".join(
                        self.env["helpdesk.ticket"]
                        .sudo()
                        .browse(ticket_ids)
                        .mapped("display_name")
                    ),
                )
            )
        for vals in vals_list:
            self._check_callback_answer(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_callback_answer(vals)
        self._check_deciding_role(vals)
        return super().write(vals)

    def _check_callback_answer(self, vals):
        """The customer answers in the four words of every callback."""
        answer = vals.get("callback_answer")
        if answer and answer not in dict(CALLBACK_GRADES):
            raise ValidationError(
                self.env._(
                    "“%(answer)s” is no answer of a callback: the customer is very "
                    "satisfied, satisfied, neutral or dissatisfied.",
                    answer=answer,
                )
            )

    def _check_deciding_role(self, vals):
        """The supervisor assigns and records the result, the manager names the
        engineers a complaint is upheld against (002 §5.3.2)."""
        if self.env.su:
            return
        user = self.env.user
        for names, group in (
            (SUPERVISOR_FIELDS, SUPERVISOR),
            (MANAGER_FIELDS, MANAGER),
        ):
            touched = set(names) & set(vals)
            if touched and not user.has_group(group):
                raise AccessError(
                    self.env._(
                        "Only %(role)s may change %(fields)s of a complaint.",
                        role=self.env.ref(group).sudo().name,
                        fields=", ".join(
                            sorted(
                                self._fields[n]._description_string(self.env)
                                for n in touched
                            )
                        ),
                    )
                )

    @api.model
    def _create_for_tickets(self, tickets):
        """The archives of complaint requests that have none yet (the request's
        create and change of service type)."""
        tickets = tickets.sudo().filtered(
            lambda t: t.service_type_id.kind == "complaint"
        )
        if not tickets:
            return self.browse()
        have = set(self.sudo().search([("ticket_id", "in", tickets.ids)]).ticket_id.ids)
        todo = tickets.filtered(lambda t: t.id not in have)
        if not todo:
            return self.browse()
        return (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                [
                    {
                        "ticket_id": ticket.id,
                        "content": ticket.fault_description or False,
                    }
                    for ticket in todo
                ]
            )
        )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _guard_answer(self):
        if not (self.result or "").strip():
            return self.env._("Record the result told to the customer first.")
        return False

    def _guard_uphold(self):
        if self.upheld:
            return self.env._("The complaint is already upheld.")
        if not self.upheld_user_ids:
            return self.env._(
                "Name the engineers the complaint is upheld against while it is "
                "handled."
            )
        return False

    def _guard_inform_gm(self):
        if self.grade != "serious":
            return self.env._("Only a serious complaint is reported to the GM.")
        if self.gm_informed_at:
            return self.env._("The general manager was already informed.")
        return False

    def _guard_approve_compensation(self):
        if not self.compensation_amount:
            return self.env._("The complaint names no special compensation.")
        if self.compensation_approved_at:
            return self.env._("The special compensation is already approved.")
        return False

    def _guard_record_callback(self):
        if not self.callback_answer and not (self.callback_unreachable_reason or ""):
            return self.env._(
                "Give the customer's answer to the result, or why they could not "
                "be reached."
            )
        return False

    def _person_close(self):
        if self.grade == "serious" and not self.env.user.has_group(MANAGER):
            return Denied(
                self.env._("Only a department manager closes a serious complaint.")
            )
        return False

    def _guard_close(self):
        if not self.callback_at:
            return self.env._(
                "Every complaint result is called back (002 §5.3.2.1): record the "
                "customer's answer, or why they could not be reached, before "
                "closing."
            )
        if self.compensation_amount and not self.compensation_approved_at:
            return self.env._(
                "The special compensation of %(amount)s needs the general "
                "manager's approval before closing.",
                amount=format_amount(
                    self.env, self.compensation_amount, self.currency_id
                ),
            )
        return False

    def _guard_cancel(self):
        if not (self.cancel_reason or "").strip():
            return self.env._("Give the reason for cancelling the complaint.")
        return False

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_grade_grievance(self):
        """Button "Grievance" (客户抱怨)."""
        return self._do_grade("grievance")

    def action_grade_general(self):
        """Button "General Complaint" (一般客诉)."""
        return self._do_grade("general")

    def action_grade_serious(self):
        """Button "Serious Complaint" (严重客诉): the managers are alerted at once."""
        return self._do_grade("serious")

    def _do_grade(self, grade):
        """Grade (or re-grade while handled): the request's deadlines follow the
        grade's SLA policy."""
        complaints = self._begin_transition("grade")
        newly_serious = complaints.filtered(lambda c: c.grade != "serious")
        complaints._transition_write(
            {
                "state": "handling",
                "grade": grade,
                "graded_at": fields.Datetime.now(),
                "graded_by_id": self.env.uid,
            }
        )
        complaints.ticket_id.sudo()._sla_sync_deadlines()
        if grade == "serious":
            newly_serious._alert_managers()
        return True

    def action_answer(self):
        """Button "Answered": the result is told to the customer; it meets the
        request's "Complaint Answered" deadline."""
        complaints = self._begin_transition("answer")
        now = fields.Datetime.now()
        complaints._transition_write(
            {"state": "answered", "answered_at": now, "answered_by_id": self.env.uid}
        )
        for ticket in complaints.ticket_id.sudo():
            if not ticket.sla_complaint_answered_at:
                ticket._transition_write({"sla_complaint_answered_at": now})
        return True

    def action_uphold(self):
        """Button "Upheld": the manager finds the complaint justified against the
        engineers named; one performance event each."""
        complaints = self._begin_transition("uphold")
        complaints._transition_write(
            {
                "upheld": True,
                "upheld_at": fields.Datetime.now(),
                "upheld_by_id": self.env.uid,
            }
        )
        self.env["after_sales.performance.event"].sudo()._record(
            complaints._prepare_performance_event_vals()
        )
        return True

    def action_inform_gm(self):
        """Button "GM Informed": when the general manager heard of a serious
        complaint (R-CB-3)."""
        complaints = self._begin_transition("inform_gm")
        complaints._transition_write(
            {"gm_informed_at": fields.Datetime.now(), "gm_informed_by_id": self.env.uid}
        )
        return True

    def action_approve_compensation(self):
        """Button "Approve Compensation": the general manager's approval."""
        complaints = self._begin_transition("approve_compensation")
        complaints._transition_write(
            {
                "compensation_approved_at": fields.Datetime.now(),
                "compensation_approved_by_id": self.env.uid,
            }
        )
        return True

    def action_record_callback(self):
        """Button "Called Back": the customer's answer to the result."""
        complaints = self._begin_transition("record_callback")
        complaints._transition_write(
            {"callback_at": fields.Datetime.now(), "callback_by_id": self.env.uid}
        )
        return True

    def action_close(self):
        """Button "Close": meets the request's "Complaint Closed" deadline."""
        complaints = self._begin_transition("close")
        now = fields.Datetime.now()
        complaints._transition_write(
            {"state": "closed", "closed_at": now, "closed_by_id": self.env.uid}
        )
        for ticket in complaints.ticket_id.sudo():
            vals = {"sla_complaint_closed_at": now}
            if not ticket.sla_complaint_answered_at:
                vals["sla_complaint_answered_at"] = now
            ticket._transition_write(vals)
        return True

    def action_cancel(self):
        """Button "Cancel": not a complaint after all (the reason is kept)."""
        complaints = self._begin_transition("cancel")
        complaints._transition_write({"state": "cancelled"})
        return True

    def action_print(self):
        """Button "Print": the complaint archive (投诉档案)."""
        return self.env.ref(
            "after_sales_service.complaint_report_action"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Alerts, events, print
    # ------------------------------------------------------------------

    def _managers(self):
        """The department managers of the complaint's company."""
        self.ensure_one()
        group = self.env.ref(MANAGER).sudo()
        return group.users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )

    def _schedule_escalation(self, users, summary):
        """An activity "Complaint escalation" per user, without any e-mail (users
        may have no address): ``mail_activity_quick_update``."""
        self.ensure_one()
        if not users:
            return
        activity_type = self.env.ref(
            "after_sales_service.mail_activity_type_complaint_escalation",
            raise_if_not_found=False,
        ) or self.env.ref("mail.mail_activity_data_todo")
        self.sudo().message_subscribe(partner_ids=users.partner_id.ids)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                }
                for user in users
            ]
        )

    def _alert_managers(self):
        """A serious complaint alerts the department managers at once (R-CB-3)."""
        for complaint in self:
            complaint._schedule_escalation(
                complaint._managers(),
                self.env._(
                    "Serious complaint %(name)s: handle it and inform the general "
                    "manager.",
                    name=complaint.name,
                ),
            )

    def _prepare_performance_event_vals(self):
        """One ``complaint_upheld`` event per engineer upheld against. The event's
        key is unique per source, so it is ``<grade>:<user id>``; the grade is its
        value."""
        return [
            {
                "kind": "complaint_upheld",
                "key": f"{complaint.grade or ''}:{user.id}",
                "value": complaint.grade or False,
                "res_model": complaint._name,
                "res_id": complaint.id,
                "company_id": complaint.company_id.id,
                "ticket_id": complaint.ticket_id.id,
                "user_id": user.id,
                "team_id": complaint.team_id.id,
                "occurred_at": complaint.upheld_at,
            }
            for complaint in self
            for user in complaint.upheld_user_ids
        ]

    def _report_meta(self):
        """The line under the printed form's title, in the reader's words."""
        self.ensure_one()
        env = self.env
        return [
            (env._("No."), self.name),
            (env._("Request"), self.ticket_id.number or ""),
            (
                env._("Registered At"),
                env["after_sales.paper.form"]._datetime(self.registered_at),
            ),
        ]


class AfterSalesSlaBreach(models.Model):
    """A missed complaint deadline escalates (R-CB-3): to the supervisor, and
    for a general or serious complaint to the department managers too (the
    breach job's activities of the request go on as before)."""

    _inherit = "after_sales.sla.breach"

    def _schedule_breach_activities(self):
        result = super()._schedule_breach_activities()
        breaches = self.sudo().filtered(lambda b: b.milestone in COMPLAINT_MILESTONES)
        if not breaches:
            return result
        complaints = (
            self.env["after_sales.complaint"]
            .sudo()
            .search(
                [
                    ("ticket_id", "in", breaches.ticket_id.ids),
                    ("state", "not in", ("closed", "cancelled")),
                ]
            )
        )
        by_ticket = {c.ticket_id.id: c for c in complaints}
        supervisor_group = self.env.ref(SUPERVISOR)
        labels = dict(self._fields["milestone"]._description_selection(self.env))
        for breach in breaches:
            complaint = by_ticket.get(breach.ticket_id.id)
            if not complaint:
                continue
            team = breach.team_id
            users = (
                team.user_id
                or (team.user_ids & supervisor_group.users).sorted("id")[:1]
            )
            if complaint.grade in ("general", "serious"):
                users |= complaint._managers()
            complaint._schedule_escalation(
                users,
                self.env._(
                    "Complaint %(name)s missed its deadline: %(milestone)s",
                    name=complaint.name,
                    milestone=labels[breach.milestone],
                ),
            )
        return result


class AfterSalesTicketDeadline(models.Model):
    """A complaint deadline about to be missed warns the supervisor (R-CB-3)."""

    _inherit = "after_sales.ticket.deadline"

    def _refresh_status(self, now=None):
        moment = now or fields.Datetime.now()
        soon = self.filtered(
            lambda d: d.milestone in COMPLAINT_MILESTONES
            and not d.met_at
            and d.status == "ok"
            and d.warning_at
            and d.deadline
            and d.warning_at <= moment < d.deadline
        )
        result = super()._refresh_status(now)
        if soon:
            soon._warn_complaint_supervisors()
        return result

    def _warn_complaint_supervisors(self):
        complaints = (
            self.env["after_sales.complaint"]
            .sudo()
            .search(
                [
                    ("ticket_id", "in", self.ticket_id.ids),
                    ("state", "not in", ("closed", "cancelled")),
                ]
            )
        )
        by_ticket = {c.ticket_id.id: c for c in complaints}
        supervisor_group = self.env.ref(SUPERVISOR)
        labels = dict(self._fields["milestone"]._description_selection(self.env))
        for deadline in self.sudo():
            complaint = by_ticket.get(deadline.ticket_id.id)
            if not complaint:
                continue
            team = complaint.team_id
            users = (
                team.user_id
                or (team.user_ids & supervisor_group.users).sorted("id")[:1]
            )
            complaint._schedule_escalation(
                users,
                self.env._(
                    "Complaint %(name)s is about to miss its deadline: %(milestone)s",
                    name=complaint.name,
                    milestone=labels[deadline.milestone],
                ),
            )
