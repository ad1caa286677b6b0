# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import IMPROVEMENT_EFFICACY, IMPROVEMENT_STATES, IMPROVEMENT_TYPES
from .frozen_mixin import ALL, Denied, Transition

SUPERVISOR = "after_sales_service.group_supervisor"
MANAGER = "after_sales_service.group_manager"


class AfterSalesImprovement(models.Model):
    """An improvement project (改善项目, R-CB-4; 003 客户投诉改善及追踪).

    A complaint or a quality problem (one or more requests) leads to a project
    with an owner, a deadline, the measures planned and the measures executed,
    and an efficacy check when it is verified; its type is corrective,
    preventive or improvement (as OCA ``mgmtsystem_action``, which we learn
    from and do not depend on).

    ===========================  ======  ========  ==========  =======
    right                        clerk   engineer  supervisor  manager
    ===========================  ======  ========  ==========  =======
    draft                        yes     no        yes         yes
    confirm (owner, deadline)    no      no        yes         yes
    record the execution         no      owner     yes         yes
    verify or send back          no      no        no          yes
    cancel (with a reason)       no      no        yes         yes
    ===========================  ======  ========  ==========  =======

    Flow (the transition layer): draft → confirmed (an activity for the owner
    due on the deadline) → executed → verified; a verification found not
    effective sends it back to confirmed — every round is kept as a check
    (``check_ids``: who, when, the efficacy found). Draft, confirmed or
    executed → cancelled with a reason. Verified and cancelled are frozen.
    """

    _name = "after_sales.improvement"
    _description = "Improvement Project"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _transitions = {
        "confirm": Transition(("draft",), "confirmed", (SUPERVISOR,)),
        "execute": Transition(("confirmed",), "executed"),
        "verify": Transition(("executed",), "verified", (MANAGER,)),
        "send_back": Transition(("executed",), "confirmed", (MANAGER,)),
        "cancel": Transition(
            ("draft", "confirmed", "executed"), "cancelled", (SUPERVISOR,)
        ),
    }
    # Confirmed, the owner writes what was done; executed, the manager writes
    # the efficacy found. The reason of a cancellation is typed until the end.
    _state_editable = {
        "draft": ALL,
        "confirmed": ("measures_planned", "measures_executed", "cancel_reason"),
        "executed": ("efficacy_check", "cancel_reason"),
    }
    _unlink_states = ("draft",)
    _transition_fields = (
        "state",
        "confirmed_at",
        "confirmed_by_id",
        "executed_at",
        "executed_by_id",
        "verified_at",
        "verified_by_id",
        "efficacy_result",
    )

    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Text(string="Problem")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "after_sales_improvement_ticket_rel",
        "improvement_id",
        "ticket_id",
        string="Requests",
        check_company=True,
        help="The complaints and quality problems the project came from.",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_from_requests",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index=True,
    )
    cause_category_id = fields.Many2one(
        "after_sales.cause.category",
        compute="_compute_from_requests",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index=True,
    )
    improvement_type = fields.Selection(
        IMPROVEMENT_TYPES, string="Type", required=True, default="corrective"
    )
    owner_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=[("share", "=", False)],
        help="Who carries out the measures (set before the project is confirmed).",
    )
    deadline = fields.Date(tracking=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    measures_planned = fields.Text()
    measures_executed = fields.Text(help="What was done, when and by whom.")
    efficacy_check = fields.Text(
        help="What the verification found: written before verifying or sending back.",
    )
    efficacy_result = fields.Selection(
        IMPROVEMENT_EFFICACY, string="Efficacy", readonly=True, copy=False
    )
    check_ids = fields.One2many(
        "after_sales.improvement.check",
        "improvement_id",
        string="Verifications",
        readonly=True,
    )
    sent_back_count = fields.Integer(
        string="Times Sent Back", compute="_compute_sent_back_count"
    )
    state = fields.Selection(
        IMPROVEMENT_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    cancel_reason = fields.Text(string="Reason of Cancellation", copy=False)
    confirmed_at = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    executed_at = fields.Datetime(readonly=True, copy=False)
    executed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_at = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    can_confirm = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_confirm_reason = fields.Char(compute="_compute_transitions")
    can_execute = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_execute_reason = fields.Char(compute="_compute_transitions")
    can_verify = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_verify_reason = fields.Char(compute="_compute_transitions")
    can_send_back = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_send_back_reason = fields.Char(compute="_compute_transitions")
    can_cancel = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_cancel_reason = fields.Char(compute="_compute_transitions")

    # ------------------------------------------------------------------
    # Computes and checks
    # ------------------------------------------------------------------

    @api.depends("ticket_ids")
    def _compute_from_requests(self):
        """The product and the cause of the first request (the cause its service
        records found, ``helpdesk.ticket.quality_cause_id``)."""
        for improvement in self:
            first = improvement.ticket_ids.sudo()[:1]
            improvement.product_id = improvement.product_id or first.product_id
            improvement.cause_category_id = (
                improvement.cause_category_id or first.quality_cause_id
            )

    @api.depends("check_ids.result")
    def _compute_sent_back_count(self):
        for improvement in self:
            improvement.sent_back_count = len(
                improvement.check_ids.filtered(lambda c: c.result == "not_effective")
            )

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for improvement in self:
            improvement.overdue = bool(
                improvement.state == "confirmed"
                and improvement.deadline
                and improvement.deadline < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(
                self.env._("Search overdue improvement projects by yes or no.")
            )
        domain = [
            ("state", "=", "confirmed"),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _created_day(self):
        """The day the project was created, in its company's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or "UTC")
        moment = self.create_date or datetime.now()
        return pytz.utc.localize(moment).astimezone(tz).date()

    @api.constrains("deadline")
    def _check_deadline(self):
        """R-CB-4: the deadline of a project is not before the day it was
        created."""
        for improvement in self.filtered("deadline"):
            created = improvement._created_day()
            if improvement.deadline < created:
                raise ValidationError(
                    self.env._(
                        "The deadline of %(project)s (%(deadline)s) cannot be before "
                        "the day it was created (%(created)s).",
                        project=improvement.name,
                        deadline=fields.Date.to_string(improvement.deadline),
                        created=fields.Date.to_string(created),
                    )
                )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _guard_confirm(self):
        if not self.owner_id or not self.deadline:
            return self.env._("Set the owner and the deadline first.")
        return False

    def _person_execute(self):
        """The owner records the execution, or a supervisor for them."""
        if self.env.su or self.env.user == self.owner_id:
            return False
        if self.env.user.has_group(SUPERVISOR):
            return False
        return Denied(
            self.env._(
                "Only the owner of %(project)s or a supervisor records its "
                "execution.",
                project=self.display_name,
            )
        )

    def _guard_execute(self):
        if not (self.measures_executed or "").strip():
            return self.env._("Write the measures executed first.")
        return False

    def _guard_verify(self):
        if not (self.efficacy_check or "").strip():
            return self.env._(
                "Write the efficacy check first: what the verification found."
            )
        return False

    _guard_send_back = _guard_verify

    def _guard_cancel(self):
        if not (self.cancel_reason or "").strip():
            return self.env._("Write the reason of the cancellation first.")
        return False

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Button "Confirm": the owner gets an activity due on the deadline."""
        projects = self._begin_transition("confirm")
        projects._transition_write(
            {
                "state": "confirmed",
                "confirmed_at": fields.Datetime.now(),
                "confirmed_by_id": self.env.uid,
            }
        )
        projects._schedule_owner_activity()
        return True

    def action_execute(self):
        """Button "Executed": the measures were carried out."""
        projects = self._begin_transition("execute")
        projects._transition_write(
            {
                "state": "executed",
                "executed_at": fields.Datetime.now(),
                "executed_by_id": self.env.uid,
            }
        )
        projects.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_verify(self):
        """Button "Verified: Effective": the efficacy check is kept."""
        projects = self._begin_transition("verify")
        projects._record_check("effective")
        projects._transition_write(
            {
                "state": "verified",
                "efficacy_result": "effective",
                "verified_at": fields.Datetime.now(),
                "verified_by_id": self.env.uid,
            }
        )
        return True

    def action_send_back(self):
        """Button "Not Effective: Send Back": the round is kept (who, when, why)
        and the project goes back to its owner."""
        projects = self._begin_transition("send_back")
        projects._record_check("not_effective")
        projects._transition_write(
            {
                "state": "confirmed",
                "efficacy_result": "not_effective",
                "executed_at": False,
                "executed_by_id": False,
            }
        )
        for project in projects:
            project.message_post(
                body=self.env._(
                    "Verification not effective, sent back: %(why)s",
                    why=project.efficacy_check,
                )
            )
        projects._clear_check()
        projects._schedule_owner_activity()
        return True

    def action_cancel(self):
        """Button "Cancel": with the reason written."""
        projects = self._begin_transition("cancel")
        projects._transition_write({"state": "cancelled"})
        projects.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _record_check(self, result):
        self.env["after_sales.improvement.check"].sudo().create(
            [
                {
                    "improvement_id": project.id,
                    "result": result,
                    "efficacy_check": project.efficacy_check,
                    "user_id": self.env.uid,
                }
                for project in self
            ]
        )

    def _clear_check(self):
        """After a round sent back, the next verification writes its own."""
        self._transition_write({"efficacy_check": False})

    def _schedule_owner_activity(self):
        for project in self.filtered("owner_id"):
            project.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=project.deadline,
                user_id=project.owner_id.id,
                summary=project.with_context(lang=project.owner_id.lang).env._(
                    "Carry out improvement project %(name)s", name=project.name
                ),
            )


class AfterSalesImprovementCheck(models.Model):
    """One verification of an improvement project: who checked, when, what was
    found and whether it was effective (R-CB-4). Written by the verification
    only; never changed."""

    _name = "after_sales.improvement.check"
    _description = "Verification of an Improvement Project"
    _order = "id"

    improvement_id = fields.Many2one(
        "after_sales.improvement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="improvement_id.company_id", store=True)
    result = fields.Selection(IMPROVEMENT_EFFICACY, string="Efficacy", required=True)
    efficacy_check = fields.Text()
    user_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    checked_at = fields.Datetime(default=fields.Datetime.now, readonly=True)

    @api.depends("improvement_id", "result")
    def _compute_display_name(self):
        results = dict(self._fields["result"]._description_selection(self.env))
        for check in self:
            check.display_name = (
                f"{check.improvement_id.name}: {results.get(check.result, '')}"
            )
