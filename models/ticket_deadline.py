# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, create_index

from ..tools import sla
from .const import MILESTONES, SLA_STATUSES, TIME_MODES
from .sla_policy_line import sla_reason

# Worst first: the status a request shows for its open deadlines.
OPEN_SEVERITY = (sla.BREACHED, sla.SOON, sla.PAUSED, sla.OK)
# Request fields where the users record their milestones.
SLA_MILESTONE_FIELDS = (
    "sla_contacted_at",
    "sla_responded_at",
    "sla_fed_back_at",
    "sla_complaint_answered_at",
    "sla_complaint_closed_at",
)
# Request fields that feed the deadlines: a change re-synchronises them (R-SLA-1).
SLA_TICKET_INPUTS = frozenset(
    {
        "company_id",
        "service_type_id",
        "urgency",
        "distance_zone",
        "team_id",
        "registered_at",
        "resolution_kind",
        "sla_contacted_at",
        "sla_responded_at",
        "sla_fed_back_at",
        "sla_complaint_answered_at",
        "sla_complaint_closed_at",
    }
)


class AfterSalesTicketDeadline(models.Model):
    """One deadline of a service request: a milestone and when it is due (R-SLA-2).

    One row per request and milestone, written by the request itself
    (:meth:`_sync_tickets`) when it is created, when the inputs of its policy change,
    when a milestone is recorded and when a pause starts or ends. The allowance,
    counting mode and calendar are copied from the policy line, so editing a policy
    later does not move the deadlines of the requests it already applied to. A met
    deadline is frozen.

    ``status`` is stored for list colours and filters; time moves it from on time to
    about to breach to breached, so the breach job refreshes it in SQL
    (:meth:`_refresh_status`, found through :meth:`_due_for_refresh`). Rights:
    everybody who reads the request reads its deadlines; nobody edits them by hand.
    """

    _name = "after_sales.ticket.deadline"
    _description = "Service Request Deadline"
    _inherit = ["after_sales.ticket.document"]
    _order = "ticket_id, deadline, id desc"

    milestone = fields.Selection(MILESTONES, required=True, readonly=True)
    # What the policy gave (a copy)
    policy_line_id = fields.Many2one(
        "after_sales.sla.policy.line",
        string="Policy Allowance",
        ondelete="set null",
        readonly=True,
    )
    policy_id = fields.Many2one(related="policy_line_id.policy_id", string="Policy")
    hours = fields.Float(string="Allowance (h)", readonly=True, digits=(16, 2))
    time_mode = fields.Selection(
        TIME_MODES,
        string="Hours Counted",
        readonly=True,
        help="How the allowance and the remaining time count: working hours of "
        "the service calendar (evenings, weekends, lunch and leaves do not count) "
        "or calendar time, round the clock.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", readonly=True
    )
    soon_hours = fields.Float(string="Warning Window (h)", readonly=True)
    # When
    start_at = fields.Datetime(string="Counted From", readonly=True)
    deadline = fields.Datetime(readonly=True)
    met_at = fields.Datetime(readonly=True)
    paused = fields.Boolean(
        readonly=True, help="A pause holds the countdown: the deadline is unknown."
    )
    status = fields.Selection(SLA_STATUSES, readonly=True, index=True)
    warning_at = fields.Datetime(
        string="About to Breach From",
        compute="_compute_warning_at",
        store=True,
        help="When the deadline turns about to breach: the deadline minus the "
        "warning window.",
    )
    breach_recorded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The breach job has recorded this deadline's breach: it is skipped.",
    )
    remaining_hours = fields.Float(
        string="Remaining (h)",
        compute="_compute_remaining_hours",
        digits=(16, 2),
        help="Hours left until the deadline, counted like the allowance (working "
        "hours of the service calendar, or calendar time: see Hours Counted); "
        "once met, the margin (negative if late).",
    )

    _sql_constraints = [
        (
            "ticket_milestone_uniq",
            "unique(ticket_id, milestone)",
            "A service request has one deadline per milestone.",
        ),
    ]

    def init(self):
        cr = self.env.cr
        # Replaced by the two status indexes below: its range could not serve the
        # "about to breach" test, which compared each row with its own window.
        cr.execute("DROP INDEX IF EXISTS after_sales_ticket_deadline_open_idx")
        # The breach job walks the overdue deadlines it has not seen yet.
        create_index(
            cr,
            "after_sales_ticket_deadline_unbreached_idx",
            self._table,
            ["deadline", "id"],
            where="met_at IS NULL AND deadline IS NOT NULL"
            " AND breach_recorded IS NOT TRUE",
        )
        # The status refresh (``_due_for_refresh``): deadlines still on time or
        # about to breach whose deadline passed, and on-time ones whose warning
        # window started. Rows leave these small indexes as their status moves on.
        create_index(
            cr,
            "after_sales_ticket_deadline_due_breach_idx",
            self._table,
            ["deadline"],
            where="met_at IS NULL AND deadline IS NOT NULL"
            " AND status IN ('ok', 'soon')",
        )
        create_index(
            cr,
            "after_sales_ticket_deadline_due_soon_idx",
            self._table,
            ["warning_at"],
            where="met_at IS NULL AND warning_at IS NOT NULL AND status = 'ok'",
        )

    @api.depends("ticket_id.number", "milestone")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the request and the milestone due."""
        milestones = dict(self._fields["milestone"]._description_selection(self.env))
        for row in self:
            row.display_name = " · ".join(
                filter(None, (row.ticket_id.number, milestones.get(row.milestone)))
            )

    @api.depends("deadline", "soon_hours")
    def _compute_warning_at(self):
        for row in self:
            row.warning_at = sla.warning_start(row.deadline or None, row.soon_hours)

    @api.depends("deadline", "met_at", "time_mode", "resource_calendar_id")
    def _compute_remaining_hours(self):
        """The time left until the deadline (once met, the margin), counted in
        the hours the allowance counts (R-SLA-4): a 4 working-hour allowance
        on a Friday afternoon has 4 hours left, not the weekend's 67, so the
        remaining time is never more than the allowance. Pauses of the request
        do not count either."""
        now = fields.Datetime.now()
        calendars = {}
        Line = self.env["after_sales.sla.policy.line"]
        for row in self:
            if not row.deadline:
                row.remaining_hours = 0.0
                continue
            calendar = (
                Line._sla_calendar(row.sudo().resource_calendar_id, calendars)
                if row.time_mode == "working"
                else None
            )
            pauses = [
                (pause.start_at, pause.end_at or None)
                for pause in row.sudo().ticket_id.sla_pause_ids
                if pause.end_at
            ]
            until = row.met_at or now
            if until <= row.deadline:
                hours = sla.elapsed(until, row.deadline, calendar, pauses)
            else:
                hours = -sla.elapsed(row.deadline, until, calendar, pauses)
            row.remaining_hours = hours

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    @api.model
    def _sync_tickets(self, tickets):
        """(Re)compute the deadlines of ``tickets``; called by the request.

        Matches each request's policy, then for each allowance whose milestone
        applies (:meth:`helpdesk.ticket._sla_milestone_plans`) creates or updates
        the deadline; unmet deadlines the policy no longer gives are removed, met
        ones never change. Batched: the reads are prefetched for all ``tickets``,
        the policy is written once per policy, the rows are created in one
        ``create``, removed in one ``unlink`` and updated by writes the ORM flushes
        together — the queries do not grow with the number of requests.
        """
        if not tickets:
            return
        self = self.sudo()
        tickets = tickets.sudo()
        now = fields.Datetime.now()
        policies = self.env["after_sales.sla.policy"]._match_tickets(tickets)
        changed_policy = defaultdict(list)
        for ticket in tickets:
            if ticket.sla_policy_id != policies[ticket.id]:
                changed_policy[policies[ticket.id]].append(ticket.id)
        for policy, ticket_ids in changed_policy.items():
            tickets.browse(ticket_ids).write({"sla_policy_id": policy.id})
        existing = {
            (row.ticket_id.id, row.milestone): row
            for row in self.search([("ticket_id", "in", tickets.ids)])
        }
        plans = tickets._sla_milestone_plans()
        calendars = {}
        to_create = []
        to_unlink = []
        for ticket in tickets:
            policy = policies[ticket.id]
            moments = plans[ticket.id].moments
            pauses = [
                (pause.start_at, pause.end_at or None) for pause in ticket.sla_pause_ids
            ]
            wanted = set()
            for line in policy.line_ids:
                if line.milestone not in moments:
                    continue
                wanted.add(line.milestone)
                row = existing.get((ticket.id, line.milestone))
                if row and row.met_at:
                    continue
                start, met_at = moments[line.milestone]
                vals = self._prepare_deadline_vals(
                    ticket, line, start, met_at, pauses, now, calendars
                )
                if not row:
                    to_create.append(vals)
                    continue
                # All the values of a changed row: one field set, so the ORM
                # flushes every changed row of the call in one UPDATE.
                if any(
                    _write_value(row, name) != value for name, value in vals.items()
                ):
                    row.write(vals)
            # Deadlines a request sets itself, not its policy (the dealer's
            # expected cycle, R-IN-6): kept and updated like the policy's.
            for milestone, vals in self._sync_extra_deadlines(
                ticket, pauses, now, calendars
            ):
                wanted.add(milestone)
                row = existing.get((ticket.id, milestone))
                if row and row.met_at:
                    continue
                if not row:
                    to_create.append(vals)
                elif any(
                    _write_value(row, name) != value for name, value in vals.items()
                ):
                    row.write(vals)
            to_unlink += [
                row.id
                for (ticket_id, milestone), row in existing.items()
                if ticket_id == ticket.id and milestone not in wanted and not row.met_at
            ]
        self.browse(to_unlink).unlink()
        self.create(to_create)

    @api.model
    def _sync_extra_deadlines(self, ticket, pauses, now, calendars):
        """``[(milestone, deadline values)]`` that ``ticket`` gives itself beside
        its policy's allowances; none here (see the dealer's cycle)."""
        return []

    @api.model
    def _prepare_deadline_vals(
        self, ticket, line, start, met_at, pauses, now, calendars
    ):
        calendar = (
            line._sla_calendar(line.resource_calendar_id, calendars)
            if line.time_mode == "working"
            else None
        )
        soon_hours = line.policy_id.soon_hours
        try:
            deadline = sla.deadline(start, line.hours, calendar, pauses)
            state = sla.status(deadline, now, met_at, soon_hours)
        except sla.SlaInputError as err:
            raise ValidationError(
                self.env._(
                    "The %(milestone)s deadline of %(ticket)s cannot be computed: "
                    "%(reason)s",
                    milestone=line._milestone_label(),
                    ticket=ticket.display_name,
                    reason=sla_reason(self.env, err),
                )
            ) from err
        return self._deadline_row(
            ticket.id,
            line.milestone,
            line.hours,
            line.time_mode,
            line.resource_calendar_id.id,
            soon_hours,
            start,
            deadline,
            met_at,
            state,
            policy_line_id=line.id,
        )

    @api.model
    def _deadline_row(
        self,
        ticket_id,
        milestone,
        hours,
        time_mode,
        calendar_id,
        soon_hours,
        start,
        deadline,
        met_at,
        state,
        policy_line_id=False,
    ):
        """The values of one deadline row (a policy's allowance or a request's
        own, such as the dealer's cycle)."""
        return {
            "ticket_id": ticket_id,
            "milestone": milestone,
            "policy_line_id": policy_line_id,
            "hours": hours,
            "time_mode": time_mode,
            "resource_calendar_id": calendar_id,
            "soon_hours": soon_hours,
            "start_at": start,
            "deadline": deadline or False,
            "met_at": met_at or False,
            "paused": deadline is None and not met_at,
            "status": state.state,
            # Written with the deadline (the compute's rule) rather than
            # recomputed after it, which would cost a second UPDATE.
            "warning_at": sla.warning_start(deadline, soon_hours) or False,
        }

    @api.model
    def _due_for_refresh(self, now, limit):
        """Open deadlines whose stored status time has moved on (one query).

        Each branch of the ``UNION`` is a range scan of its own partial index
        (``init``): deadlines still on time or about to breach whose deadline
        passed, and on-time ones whose warning window started. A re-run with
        nothing due reads no row.
        """
        self.env.flush_all()
        self.env.cr.execute(self._due_for_refresh_query(now, limit))
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _due_for_refresh_query(self, now, limit):
        return SQL(
            """
                SELECT id FROM (
                    (SELECT id, deadline FROM after_sales_ticket_deadline
                      WHERE met_at IS NULL AND deadline IS NOT NULL
                        AND status IN ('ok', 'soon') AND deadline < %(now)s
                      ORDER BY deadline LIMIT %(limit)s)
                    UNION
                    (SELECT id, deadline FROM after_sales_ticket_deadline
                      WHERE met_at IS NULL AND warning_at IS NOT NULL
                        AND status = 'ok' AND warning_at <= %(now)s
                      ORDER BY warning_at LIMIT %(limit)s)
                ) due
                 ORDER BY deadline, id
                 LIMIT %(limit)s
                """,
            now=now,
            limit=limit,
        )

    def _refresh_status(self, now=None):
        """Store the time-dependent status of these open deadlines as of ``now``,
        and the summary of their requests, set-based in SQL.

        The rule is :func:`tools.sla.status` for an unmet deadline: breached once
        the deadline passed, about to breach from its ``warning_at``, else on
        time (a paused one has no deadline and keeps its status). Returns how
        many changed.
        """
        if not self:
            return 0
        now = now or fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE after_sales_ticket_deadline d
                   SET status = s.status
                  FROM (
                        SELECT id, CASE WHEN deadline < %(now)s THEN %(breached)s
                                        WHEN warning_at <= %(now)s THEN %(soon)s
                                        ELSE %(ok)s END AS status
                          FROM after_sales_ticket_deadline
                         WHERE id = ANY(%(ids)s)
                           AND met_at IS NULL AND deadline IS NOT NULL
                   ) s
                 WHERE d.id = s.id AND d.status IS DISTINCT FROM s.status
                RETURNING d.ticket_id
                """,
                now=now,
                ids=self.ids,
                breached=sla.BREACHED,
                soon=sla.SOON,
                ok=sla.OK,
            )
        )
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["status"])
        self.env["helpdesk.ticket"]._sla_store_summary(ticket_ids)
        return len(ticket_ids)


def _write_value(record, name):
    value = record[name]
    return value.id if record._fields[name].type == "many2one" else value
