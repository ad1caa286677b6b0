from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import PAUSE_REASONS


class AfterSalesSlaPause(models.Model):
    """A documented stop of a request's countdowns (R-SLA-3).

    Only for reasons that are not the engineer's: the customer is not ready
    (客户不具备服务条件), parts are awaited, the customer reschedules. The paused
    time does not count towards any unmet deadline of the request. Pauses of one
    request never overlap; an open pause (no end) holds every countdown until the
    "Resume" button closes it.

    Rights: clerks and engineers start and end pauses (the request's "Pause" and
    "Resume" buttons); supervisors also correct or delete them.
    """

    _name = "after_sales.sla.pause"
    _description = "SLA Pause"
    _inherit = ["after_sales.ticket.document"]
    _order = "start_at desc, id desc"

    reason = fields.Selection(PAUSE_REASONS, required=True)
    note = fields.Text()
    start_at = fields.Datetime(
        string="Paused From", required=True, default=fields.Datetime.now
    )
    end_at = fields.Datetime(string="Resumed At")
    user_id = fields.Many2one(
        "res.users", string="Paused By", default=lambda self: self.env.user
    )
    duration_hours = fields.Float(
        string="Duration (h)", compute="_compute_duration_hours", digits=(16, 2)
    )

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
        pauses = super().create(vals_list)
        pauses.ticket_id._sla_sync_deadlines()
        return pauses

    def write(self, vals):
        tickets = self.ticket_id
        res = super().write(vals)
        if {"start_at", "end_at", "ticket_id"} & set(vals):
            (tickets | self.ticket_id)._sla_sync_deadlines()
        return res

    def unlink(self):
        tickets = self.ticket_id
        res = super().unlink()
        tickets.exists()._sla_sync_deadlines()
        return res


def _overlap(first, second):
    """Whether two pauses share time; an open pause runs forever."""
    first_end = first.end_at or fields.Datetime.to_datetime("9999-12-31")
    second_end = second.end_at or fields.Datetime.to_datetime("9999-12-31")
    return first.start_at < second_end and second.start_at < first_end
