# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dispatch

# A draft record counts as "under way" from its planned arrival for its estimated
# labour hours, or this long without an estimate; never longer than a day.
PLANNED_VISIT_HOURS = 2.0
MAX_PLANNED_WINDOW = timedelta(days=1)


class AfterSalesDispatchMember(models.Model):
    """One engineer in a team's round-robin rotation (R-IN-4).

    Rights: supervisors manage the rotation; everyone else reads it. The rotation
    order is ``sequence``; empty skills mean "any product category / service type".
    ``owes_turn`` is set by the dispatch when the engineer was passed over and cleared
    when they are served (see ``tools/dispatch.py``).
    """

    _name = "after_sales.dispatch.member"
    _inherit = ["after_sales.input.bounds"]
    _description = "Dispatch Rotation Member"
    _order = "team_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Engineer",
        required=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
        index=True,
    )
    category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="The engineer takes requests for products of these categories and their "
        "subcategories. Empty: any product.",
    )
    service_type_ids = fields.Many2many(
        "after_sales.service.type",
        string="Service Types",
        check_company=True,
        help="The engineer takes requests of these service types. Empty: any type.",
    )
    owes_turn = fields.Boolean(
        string="Turn Owed",
        readonly=True,
        copy=False,
        help="Passed over at a dispatch (absent, out on a job or without the skill): "
        "first in line for the next request they can take.",
    )
    is_last_dispatched = fields.Boolean(
        string="Last in Turn", compute="_compute_is_last_dispatched"
    )

    _sql_constraints = [
        (
            "team_user_unique",
            "UNIQUE(team_id, user_id)",
            "An engineer appears only once in a team's dispatch rotation.",
        ),
    ]

    @api.depends("team_id.name", "user_id.name")
    def _compute_display_name(self):
        """Its title (R-X-1): the team and the member, never ``model,id``."""
        for member in self:
            member.display_name = " · ".join(
                filter(None, (member.team_id.name, member.user_id.name))
            )

    @api.depends("team_id.dispatch_last_member_id")
    def _compute_is_last_dispatched(self):
        for member in self:
            member.is_last_dispatched = member.team_id.dispatch_last_member_id == member

    @api.constrains("team_id", "user_id")
    def _check_user_in_team(self):
        for member in self:
            if member.user_id not in member.team_id.user_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of the team %(team)s: add them to "
                        "the team before putting them in its dispatch rotation.",
                        user=member.user_id.name,
                        team=member.team_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business: inputs of the dispatch rule
    # ------------------------------------------------------------------

    def _dispatch_members(self, now):
        """The rotation as ``tools.dispatch.Member`` values, availability at ``now``.

        Called by ``helpdesk.ticket._do_dispatch``.
        """
        users = self.user_id
        on_leave = self._users_on_leave(users, now)
        on_job = self._users_on_job(users, now)
        members = []
        for member in self:
            reason = ""
            if member.user_id not in member.team_id.user_ids:
                reason = dispatch.NOT_IN_TEAM
            elif member.user_id in on_leave:
                reason = dispatch.ON_LEAVE
            elif member.user_id in on_job:
                reason = dispatch.ON_JOB
            members.append(
                dispatch.Member(
                    id=member.id,
                    category_ids=frozenset(member.category_ids.ids),
                    service_type_ids=frozenset(member.service_type_ids.ids),
                    available=not reason,
                    unavailable_reason=reason,
                    owed=member.owes_turn,
                )
            )
        return members

    @api.model
    def _users_on_leave(self, users, now):
        """Users whose employee resource has a leave (``resource.calendar.leaves``)
        covering ``now``. hr_holidays is not a dependency: approved time off lands in
        the same model when it is installed, and managers can enter leaves directly.
        """
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", users.ids), ("resource_id", "!=", False)])
        )
        if not employees:
            return self.env["res.users"]
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "in", employees.resource_id.ids),
                    ("date_from", "<=", now),
                    ("date_to", ">", now),
                ]
            )
        )
        return employees.filtered(lambda e: e.resource_id in leaves.resource_id).user_id

    @api.model
    def _users_on_job(self, users, now):
        """Users still out on another job at ``now`` (外出维修尚未返回).

        Out on a job means: leading or taking part in a service record that is in
        progress (arrived, not closed), or in a draft record planned to be under way
        now — from ``planned_arrival`` for its estimated labour hours, or
        ``PLANNED_VISIT_HOURS`` when none is estimated.
        """
        Record = self.env["after_sales.service.record"].sudo()
        person = [
            "|",
            ("user_id", "in", users.ids),
            ("engineer_ids.user_id", "in", users.ids),
        ]
        busy = Record.search([("state", "=", "in_progress"), *person])
        planned = Record.search(
            [
                ("state", "=", "draft"),
                ("planned_arrival", "<=", now),
                ("planned_arrival", ">", now - MAX_PLANNED_WINDOW),
                *person,
            ]
        )
        busy |= planned.filtered(
            lambda r: now
            < r.planned_arrival
            + min(
                timedelta(hours=r.labour_hours or PLANNED_VISIT_HOURS),
                MAX_PLANNED_WINDOW,
            )
        )
        return (busy.user_id | busy.engineer_ids.user_id) & users
