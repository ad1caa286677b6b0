# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .const import PAUSE_REASONS


class AfterSalesSlaPause(models.Model):
    """A documented stop of a request's countdowns (R-SLA-3).

    Only for reasons that are not the engineer's: the customer is not ready
    (客户不具备服务条件), parts are awaited, the customer reschedules. The paused
    time does not count towards any unmet deadline of the request. Pauses of one
    request never overlap; an open pause (no end) holds every countdown until the
    "Resume" button closes it.

    Rights: clerks and engineers start pauses now and end them by the request's
    "Pause" and "Resume" buttons, on the open requests they serve; only a
    supervisor records a pause of the past, with a note saying why. Nobody moves
    the times of a pause afterwards, nor deletes one: they are the evidence that
    a deadline was not missed (R-SLA-3).
    """

    _name = "after_sales.sla.pause"
    _description = "SLA Pause"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "after_sales.ticket.document",
    ]
    # Only the "Resume" action ends a pause; once saved, only its note changes.
    _transition_fields = ("end_at",)
    _state_editable = {"running": ("note",), "ended": ("note",)}
    _order = "start_at desc, id desc"

    reason = fields.Selection(PAUSE_REASONS, required=True)
    note = fields.Text()
    start_at = fields.Datetime(
        string="Paused From", required=True, default=fields.Datetime.now
    )
    end_at = fields.Datetime(string="Resumed At")
    state = fields.Selection(
        [("running", "Running"), ("ended", "Ended")],
        compute="_compute_state",
        store=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Paused By", default=lambda self: self.env.user
    )
    duration_hours = fields.Float(
        string="Duration (h)", compute="_compute_duration_hours", digits=(16, 2)
    )

    @api.depends("ticket_id.number", "reason")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the request and the reason of the pause."""
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for pause in self:
            pause.display_name = " · ".join(
                filter(None, (pause.ticket_id.number, reasons.get(pause.reason)))
            )

    @api.depends("end_at")
    def _compute_state(self):
        for pause in self:
            pause.state = "ended" if pause.end_at else "running"

    @api.depends("start_at", "end_at")
    def _compute_duration_hours(self):
        now = fields.Datetime.now()
        for pause in self:
            if not pause.start_at:
                pause.duration_hours = 0.0
                continue
            end = pause.end_at or now
            pause.duration_hours = max((end - pause.start_at).total_seconds(), 0) / 3600

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("start_at", "end_at", "ticket_id")
    def _check_interval(self):
        now = fields.Datetime.now()
        for pause in self:
            ticket = pause.ticket_id
            if pause.end_at and pause.end_at < pause.start_at:
                raise ValidationError(
                    self.env._(
                        "A pause of %(ticket)s cannot end before it starts.",
                        ticket=ticket.display_name,
                    )
                )
            if pause.start_at > now:
                raise ValidationError(
                    self.env._(
                        "A pause of %(ticket)s cannot start in the future.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.registered_at and pause.start_at < ticket.registered_at:
                raise ValidationError(
                    self.env._(
                        "A pause of %(ticket)s cannot start before the request was "
                        "registered (%(registered)s).",
                        ticket=ticket.display_name,
                        registered=fields.Datetime.context_timestamp(
                            self, ticket.registered_at
                        ),
                    )
                )

    @api.constrains("start_at", "end_at", "ticket_id")
    def _check_overlap(self):
        for pause in self:
            others = self.search(
                [("ticket_id", "=", pause.ticket_id.id), ("id", "!=", pause.id)]
            )
            for other in others:
                if _overlap(pause, other):
                    raise ValidationError(
                        self.env._(
                            "The pauses of %(ticket)s starting %(first)s and "
                            "%(second)s overlap: end one before starting another.",
                            ticket=pause.ticket_id.display_name,
                            first=fields.Datetime.context_timestamp(
                                self, other.start_at
                            ),
                            second=fields.Datetime.context_timestamp(
                                self, pause.start_at
                            ),
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD: the deadlines follow the pauses
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_create_rights(vals_list)
        pauses = super().create(vals_list)
        pauses.ticket_id._sla_sync_deadlines()
        return pauses

    def _frozen_message(self, state, field_names):
        return self.env._(
            "The times and the reason of a pause are kept as recorded; end it with "
            "the Resume button."
        )

    def _in_transition(self):
        return super()._in_transition() or (
            self.env.user.has_group("after_sales_service.group_supervisor")
            and not self.ids
        )

    def _check_create_rights(self, vals_list):
        """Guard of ``create``: a pause starts now on an open request; only a
        supervisor records a past one, saying why in the note."""
        now = fields.Datetime.now()
        supervisor = self.env.su or self.env.user.has_group(
            "after_sales_service.group_supervisor"
        )
        for vals in vals_list:
            ticket = self.env["helpdesk.ticket"].browse(vals.get("ticket_id"))
            if ticket.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is closed: its deadlines can no longer be "
                        "paused.",
                        ticket=ticket.display_name,
                    )
                )
            start = vals.get("start_at")
            backdated = (
                start
                and abs((fields.Datetime.to_datetime(start) - now).total_seconds()) > 60
            )
            if (backdated or vals.get("end_at")) and not supervisor:
                raise AccessError(
                    self.env._(
                        "A pause starts now; only a supervisor records a pause of "
                        "the past."
                    )
                )
            if (backdated or vals.get("end_at")) and not (
                vals.get("note") or ""
            ).strip():
                raise UserError(
                    self.env._("Say in the note why a past pause is recorded.")
                )

    def write(self, vals):
        tickets = self.ticket_id
        res = super().write(vals)
        if {"start_at", "end_at", "ticket_id"} & set(vals):
            (tickets | self.ticket_id)._sla_sync_deadlines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_evidence(self):
        raise UserError(
            self.env._(
                "A pause is kept as evidence of the deadlines: it is not deleted."
            )
        )


def _overlap(first, second):
    """Whether two pauses share time; an open pause runs forever."""
    first_end = first.end_at or fields.Datetime.to_datetime("9999-12-31")
    second_end = second.end_at or fields.Datetime.to_datetime("9999-12-31")
    return first.start_at < second_end and second.start_at < first_end
