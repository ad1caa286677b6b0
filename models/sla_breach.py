import logging

from odoo import api, fields, models
from odoo.tools import SQL

from .const import MILESTONES

_logger = logging.getLogger(__name__)


class AfterSalesSlaBreach(models.Model):
    """A missed deadline: an event, recorded once per request and milestone (R-SLA-2).

    Written only by the breach job (:meth:`_detect_breaches`), never by hand: the
    unique constraint on (request, milestone) and ``INSERT … ON CONFLICT DO NOTHING``
    make the job idempotent, however often it runs and from however many workers.
    The penalty ledger (R-PEN-3) consumes each breach once and ticks
    ``penalty_processed``.

    Rights: clerks and engineers read the breaches of their companies, supervisors
    and managers manage them.
    """

    _name = "after_sales.sla.breach"
    _description = "SLA Breach"
    _inherit = ["after_sales.ticket.document"]
    _order = "detected_at desc, id desc"
    _rec_names_search = ["ticket_id.number", "ticket_id.name"]

    ticket_id = fields.Many2one(readonly=True)
    company_id = fields.Many2one(readonly=True)  # system-made: never moved
    milestone = fields.Selection(MILESTONES, required=True, readonly=True)
    deadline = fields.Datetime(required=True, readonly=True)
    detected_at = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        readonly=True,
        index=True,
        help="The engineer the request was assigned to when the deadline passed.",
    )
    employee_id = fields.Many2one("hr.employee", readonly=True, check_company=True)
    team_id = fields.Many2one(related="ticket_id.team_id", string="Team")
    service_type_id = fields.Many2one(
        related="ticket_id.service_type_id", string="Service Type"
    )
    penalty_processed = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set by the penalty ledger once it has booked this breach (R-PEN-3).",
    )

    _sql_constraints = [
        (
            "ticket_milestone_uniq",
            "unique(ticket_id, milestone)",
            "A deadline of a service request is breached only once.",
        ),
    ]

    @api.depends("ticket_id", "milestone")
    def _compute_display_name(self):
        labels = dict(self._fields["milestone"]._description_selection(self.env))
        for breach in self:
            breach.display_name = self.env._(
                "%(ticket)s: %(milestone)s",
                ticket=breach.ticket_id.display_name,
                milestone=labels.get(breach.milestone, ""),
            )

    # ------------------------------------------------------------------
    # The breach job
    # ------------------------------------------------------------------

    @api.model
    def _cron_detect_breaches(self, batch_size=1000):
        """Scheduled action "SLA: detect breaches" (every 5 minutes)."""
        self._detect_breaches(batch_size=batch_size, commit=True)

    @api.model
    def _detect_breaches(self, now=None, batch_size=1000, commit=False):
        """Record a breach for every overdue, unmet, unpaused deadline without one.

        Works in batches of ``batch_size`` deadlines; each batch inserts its
        breaches, schedules their activities and refreshes the status of its
        deadlines inside a savepoint, and with ``commit`` (the cron only: tests
        never commit) commits. A failing batch is rolled back and raises; the
        batches before it stay done, and the next run finishes the rest without
        duplicates. Returns the new breaches.
        """
        now = now or fields.Datetime.now()
        Deadline = self.env["after_sales.ticket.deadline"].sudo()
        breaches = self.browse()
        after = None
        while True:
            with self.env.cr.savepoint():
                rows = self._breach_candidates(now, batch_size, after=after)
                new = self._insert_breaches(rows, now)
                new._schedule_breach_activities()
                done = Deadline.browse(row["deadline_id"] for row in rows)
                done.write({"breach_recorded": True})
                done._refresh_status(now)
                self.env.flush_all()
            breaches |= new
            if rows:
                # Keyset pagination: the next batch starts after this one instead
                # of walking the index entries this batch has just flagged.
                after = (rows[-1]["deadline"], rows[-1]["deadline_id"])
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()  # keep the cache small on long runs
            if len(rows) < batch_size:
                break
        while True:
            with self.env.cr.savepoint():
                due = Deadline._due_for_refresh(now, batch_size)
                changed = due._refresh_status(now)
                self.env.flush_all()
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
            if len(due) < batch_size or not changed:
                break
        if breaches:
            _logger.info("SLA: %s new breach(es) recorded", len(breaches))
        return breaches

    @api.model
    def _breach_candidates(self, now, limit, after=None):
        """Overdue deadlines without a breach: one query, oldest first.

        Unmet (``met_at`` empty), not paused (a paused deadline has none), not yet
        seen by the job (``breach_recorded``: a flag on the row rather than an
        anti-join on the breaches, whose plan degrades while the job fills the
        table), of an active request that was still open when the deadline passed
        (closing a request stops its clocks). A deadline re-created after its
        breach (new policy) is seen again, and ``ON CONFLICT`` skips it. ``after``
        is the ``(deadline, id)`` of the previous batch's last row.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT d.id, d.ticket_id, d.milestone, d.deadline, d.company_id,
                       t.user_id,
                       (SELECT e.id FROM hr_employee e
                         WHERE e.user_id = t.user_id AND e.company_id = d.company_id
                           AND e.active
                         ORDER BY e.id LIMIT 1)
                  FROM after_sales_ticket_deadline d
                  JOIN helpdesk_ticket t ON t.id = d.ticket_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE d.met_at IS NULL
                   AND d.deadline IS NOT NULL
                   AND d.deadline < %(now)s
                   AND t.active
                   AND d.breach_recorded IS NOT TRUE
                   AND (s.closed IS NOT TRUE OR d.deadline < t.closed_date)
                   %(after)s
                 ORDER BY d.deadline, d.id
                 LIMIT %(limit)s
                """,
                now=now,
                limit=limit,
                after=SQL("AND (d.deadline, d.id) > (%s, %s)", *after)
                if after
                else SQL(),
            )
        )
        keys = (
            "deadline_id",
            "ticket_id",
            "milestone",
            "deadline",
            "company_id",
            "user_id",
            "employee_id",
        )
        return [dict(zip(keys, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _insert_breaches(self, rows, now):
        """Insert one breach per row; rows that already have one are skipped.

        ``ON CONFLICT DO NOTHING`` on the unique (request, milestone) makes a second
        insert — a re-run, or another worker in parallel — a no-op. Returns only
        the breaches this call created.
        """
        if not rows:
            return self.browse()
        uid = self.env.uid
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, false, %s, %s, %s, %s)",
                row["ticket_id"],
                row["milestone"],
                row["deadline"],
                now,
                row["user_id"],
                row["employee_id"],
                row["company_id"],
                uid,
                now,
                uid,
                now,
            )
            for row in rows
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO after_sales_sla_breach
                       (ticket_id, milestone, deadline, detected_at, user_id,
                        employee_id, company_id, penalty_processed,
                        create_uid, create_date, write_uid, write_date)
                VALUES %s
                ON CONFLICT (ticket_id, milestone) DO NOTHING
                RETURNING id
                """,
                values,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        # Rows written in SQL: nothing of them is in the cache yet.
        self.env["helpdesk.ticket"].invalidate_model(["sla_breach_ids"])
        return self.browse(ids)

    def _schedule_breach_activities(self):
        """One activity for the responsible engineer and one for the supervisor.

        Called once per new breach by :meth:`_detect_breaches` (a breach is only
        new once). The supervisor is the team leader, else the first member of the
        team in the supervisor group. The assignment e-mails are not sent
        (``mail_activity_quick_update``): the job may raise hundreds at once.
        """
        if not self:
            return
        breaches = self.sudo()
        tickets = breaches.ticket_id
        tickets.mapped("display_name")  # one read for every activity name
        supervisor_group = self.env.ref("after_sales_service.group_supervisor")
        activity_type = self.env.ref(
            "after_sales_service.mail_activity_type_sla_breach",
            raise_if_not_found=False,
        ) or self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        labels = dict(self._fields["milestone"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        supervisors = {}
        vals_list = []
        for breach in breaches:
            team = breach.ticket_id.team_id
            if team not in supervisors:
                supervisors[team] = (
                    team.user_id
                    or (team.user_ids & supervisor_group.users).sorted("id")[:1]
                )
            summary = self.env._(
                "Deadline missed: %(milestone)s", milestone=labels[breach.milestone]
            )
            users = breach.user_id | supervisors[team]
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": breach.ticket_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for user in users
            ]
        # Followed first, once per user: ``mail.activity`` would insert the same
        # follower twice for two breaches of one request.
        to_follow = {}
        for vals in vals_list:
            to_follow.setdefault(vals["user_id"], set()).add(vals["res_id"])
        Users = self.env["res.users"].sudo()
        for user_id, ticket_ids in to_follow.items():
            tickets.browse(ticket_ids).message_subscribe(
                partner_ids=Users.browse(user_id).partner_id.ids
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
