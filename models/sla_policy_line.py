# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import sla
from .const import MILESTONES, TIME_MODES
from .rule_errors import rule_message


def sla_reason(env, err):
    """The translated message of a :class:`tools.sla.SlaInputError`.

    Its template was marked for extraction in ``tools/sla.py``.
    """
    return rule_message(env, err.template, err.params)


class AfterSalesSlaPolicyLine(models.Model):
    """One allowance of an SLA policy: a milestone and the hours to reach it (R-SLA-1).

    ``fixed`` counts from the first arrival on site, ``feedback`` from the completion
    of the job; every other milestone counts from the registration of the request.
    Hours are counted in calendar time or in the working time of a
    ``resource.calendar`` (R-SLA-4).
    """

    _name = "after_sales.sla.policy.line"
    _inherit = ["after_sales.input.bounds"]
    # A year of hours at most: beyond it, no calendar walk is meaningful.
    _input_bounds = {"hours": (0, 8_760)}
    _description = "SLA Policy Allowance"
    _order = "policy_id, sequence, id desc"
    _check_company_auto = True

    policy_id = fields.Many2one(
        "after_sales.sla.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="policy_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    milestone = fields.Selection(MILESTONES, required=True)
    hours = fields.Float(
        required=True,
        digits=(16, 4),
        help="Allowance in hours; use fractions for minutes (10 min = 0.1667).",
    )
    time_mode = fields.Selection(
        TIME_MODES, string="Counting", required=True, default="calendar"
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )

    # The hours are checked in Python rather than by an SQL CHECK so that a bad value
    # is refused with a translated message naming the policy, on create as on write.
    _sql_constraints = [
        (
            "milestone_uniq",
            "unique(policy_id, milestone)",
            "A policy gives one allowance per milestone.",
        ),
    ]

    @api.depends("policy_id.name", "milestone")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the policy and the milestone it times."""
        milestones = dict(self._fields["milestone"]._description_selection(self.env))
        for line in self:
            line.display_name = " · ".join(
                filter(None, (line.policy_id.name, milestones.get(line.milestone)))
            )

    @api.depends("time_mode", "policy_id.company_id")
    def _compute_resource_calendar_id(self):
        for line in self:
            if line.time_mode != "working":
                line.resource_calendar_id = False
            elif not line.resource_calendar_id:
                company = line.policy_id.company_id or self.env.company
                line.resource_calendar_id = company.resource_calendar_id

    @api.constrains("hours")
    def _check_hours(self):
        for line in self:
            if not line.hours > 0:
                raise ValidationError(
                    self.env._(
                        "The allowance for %(milestone)s in policy %(policy)s must be "
                        "more than zero hours, not %(hours)s.",
                        milestone=line._milestone_label(),
                        policy=line.policy_id.name,
                        hours=line.hours,
                    )
                )

    @api.constrains("time_mode", "resource_calendar_id")
    def _check_resource_calendar(self):
        for line in self:
            if line.time_mode == "working" and not line.resource_calendar_id:
                raise ValidationError(
                    self.env._(
                        "Choose the working hours that count the allowance for "
                        "%(milestone)s in policy %(policy)s.",
                        milestone=line._milestone_label(),
                        policy=line.policy_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_line(self):
        policies = self.policy_id.exists()
        for policy in policies:
            if not policy.line_ids - self:
                raise UserError(
                    self.env._(
                        "Policy %(policy)s needs at least one allowance: delete the "
                        "policy instead.",
                        policy=policy.name,
                    )
                )

    def _milestone_label(self):
        self.ensure_one()
        return dict(self._fields["milestone"]._description_selection(self.env))[
            self.milestone
        ]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    @api.model
    def _sla_calendar(self, calendar, cache=None, tz=None):
        """The :class:`tools.sla.Calendar` of a ``resource.calendar`` (R-SLA-4).

        Lunch lines are skipped (the gap is the break); a two-week calendar counts
        its first week. ``cache`` (a dict) spares rebuilding it for every ticket;
        ``tz`` reads the hours in another time zone than the calendar's (the work
        log reads them in the company's). The one working-time walk of the addon:
        SLA deadlines and work-log deadlines both use it.
        """
        if not calendar:
            return None
        key = (calendar.id, tz)
        if cache is not None and key in cache:
            return cache[key]
        attendances = calendar.attendance_ids.filtered(
            lambda a: not a.display_type
            and a.day_period != "lunch"
            and (not calendar.two_weeks_calendar or a.week_type == "0")
        )
        try:
            result = sla.Calendar(
                tz=tz or calendar.tz or "UTC",
                attendances=[
                    (int(a.dayofweek), a.hour_from, a.hour_to) for a in attendances
                ],
                leaves=[
                    (leave.date_from, leave.date_to)
                    for leave in calendar.global_leave_ids
                    if leave.date_from and leave.date_to
                ],
            )
        except sla.SlaInputError as err:
            raise ValidationError(
                self.env._(
                    "Working hours %(calendar)s cannot count SLA time: %(reason)s",
                    calendar=calendar.display_name,
                    reason=sla_reason(self.env, err),
                )
            ) from err
        if cache is not None:
            cache[key] = result
        return result
