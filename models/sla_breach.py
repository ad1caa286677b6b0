# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import sla
from .const import CRON_CHUNKS, MILESTONES
from .performance_event import _EVENT_COLUMNS

_logger = logging.getLogger(__name__)

# The session advisory lock of the breach job: one worker runs it at a time.
_JOB_LOCK = SQL("hashtext('after_sales_service.sla_breach_job')")
_CANDIDATE_KEYS = (
    "deadline_id",
    "ticket_id",
    "milestone",
    "deadline",
    "company_id",
    "user_id",
    "team_id",
    "employee_id",
)


class AfterSalesSlaBreach(models.Model):
    """A missed deadline: an event, recorded once per request and milestone (R-SLA-2).

    Written only by the breach job (:meth:`_detect_breaches`), never by hand: the
    unique constraint on (request, milestone) and ``INSERT … ON CONFLICT DO NOTHING``
    make the job idempotent, however often it runs and from however many workers.
    Each new breach emits one ``sla_breach`` performance event (DESIGN §4): the
    penalty ledger (R-PEN-3) consumes the events, never the breaches, so nothing
    here is ticked as "processed". The responsible user, employee and team are
    snapshots taken when the breach is detected.

    Rights: everybody who reads a request reads its breaches (engineers those of
    the requests they serve); nobody creates, edits or deletes them.
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
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        readonly=True,
        help="The team of the request when the deadline passed.",
    )
    service_type_id = fields.Many2one(
        related="ticket_id.service_type_id", string="Service Type"
    )
    digest_ids = fields.Many2many(
        "after_sales.notice.digest",
        "after_sales_notice_digest_breach_rel",
        "breach_id",
        "digest_id",
        string="Digests",
        readonly=True,
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
    def _cron_detect_breaches(self, batch_size=1000, max_batches=CRON_CHUNKS):
        """Scheduled action "SLA: detect breaches" (every 5 minutes): at most
        ``max_batches`` committed batches per call, then the worker is handed
        back; Odoo calls again at once while the progress says some remain."""
        self._detect_breaches(
            batch_size=batch_size, commit=True, max_batches=max_batches
        )

    @api.model
    def _detect_breaches(
        self, now=None, batch_size=1000, commit=False, max_batches=None
    ):
        """Record a breach for every overdue, unmet, unpaused deadline without one.

        Works in batches of ``batch_size`` deadlines, each set-based in SQL: one
        candidate query, one ``INSERT … ON CONFLICT DO NOTHING RETURNING`` of the
        breaches and their performance events, one ``UPDATE`` of the deadlines
        (seen, breached), one ``UPDATE`` of the requests' stored SLA status, and
        the activities created in bulk — inside a savepoint, and with
        ``commit`` (the cron only: tests never commit) committed. A failing batch
        is rolled back and raises; the batches before it stay done, and the next
        run finishes the rest without duplicates. Then the status of the other
        open deadlines whose time moved on is refreshed the same way.

        With ``commit``, a second worker running the job at the same time yields
        quietly: the job holds a session advisory lock while it runs, and starts
        from a fresh snapshot once it holds it, so it never meets rows another
        worker wrote after its snapshot (which under Odoo's REPEATABLE READ would
        fail with "could not serialize access"). Returns the new breaches.

        With ``max_batches``, stops after that many batches and reports to the
        cron's progress (Odoo 18's ``_notify_progress``) what it did and that
        some remain, so that the cron runs again as soon as the other jobs had
        their turn (issue 24); the status refresh runs once no breach remains.
        A run killed half-way leaves its committed batches; the next one finds
        what is left (the deadlines not yet flagged), nothing twice.
        """
        now = now or fields.Datetime.now()
        cr = self.env.cr
        if commit:
            cr.execute(SQL("SELECT pg_try_advisory_lock(%s)", _JOB_LOCK))
            if not cr.fetchone()[0]:
                _logger.info("SLA: the breach job runs in another worker; skipped")
                return self.browse()
        try:
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
            breaches, seen, more = self._detect_breach_batches(
                now, batch_size, commit, max_batches
            )
            if not more:
                self._refresh_status_batches(now, batch_size, commit)
            self.env["ir.cron"]._notify_progress(
                done=seen, remaining=batch_size if more else 0
            )
        except Exception:
            if commit:
                cr.rollback()
            raise
        finally:
            if commit:
                cr.execute(SQL("SELECT pg_advisory_unlock(%s)", _JOB_LOCK))
        if breaches:
            _logger.info("SLA: %s new breach(es) recorded", len(breaches))
        return breaches

    @api.model
    def _detect_breach_batches(self, now, batch_size, commit, max_batches=None):
        """(new breaches, deadlines seen, whether some may remain)."""
        breaches = self.browse()
        after = None
        seen = batches = 0
        while True:
            with self.env.cr.savepoint():
                rows = self._breach_candidates(now, batch_size, after=after)
                new = self._insert_breaches(rows, now)
                self._mark_breached(rows)
                new._schedule_breach_activities()
                self.env.flush_all()
            breaches |= new
            seen += len(rows)
            batches += 1
            if rows:
                # Keyset pagination: the next batch starts after this one instead
                # of walking the index entries this batch has just flagged.
                after = (rows[-1]["deadline"], rows[-1]["deadline_id"])
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()  # keep the cache small on long runs
            if len(rows) < batch_size:
                return breaches, seen, False
            if max_batches and batches >= max_batches:
                return breaches, seen, True

    @api.model
    def _refresh_status_batches(self, now, batch_size, commit):
        """Move the other open deadlines on: on time → about to breach → breached
        (e.g. of closed requests, which get no breach)."""
        Deadline = self.env["after_sales.ticket.deadline"].sudo()
        while True:
            with self.env.cr.savepoint():
                due = Deadline._due_for_refresh(now, batch_size)
                changed = due._refresh_status(now)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
            if len(due) < batch_size or not changed:
                break

    @api.model
    def _breach_candidates(self, now, limit, after=None):
        """Overdue deadlines without a breach: one query, oldest first.

        Unmet (``met_at`` empty), not paused (a paused deadline has none), not yet
        seen by the job (``breach_recorded``: a flag on the row rather than an
        anti-join on the breaches, whose plan degrades while the job fills the
        table), of a request still active (or archived only after the deadline
        passed: archiving does not erase a missed deadline) and still open when it
        passed
        (closing a request stops its clocks). A deadline re-created after its
        breach (new policy) is seen again, and ``ON CONFLICT`` skips it. ``after``
        is the ``(deadline, id)`` of the previous batch's last row. Rows another
        transaction is writing (a user recording the milestone) are skipped and
        seen by the next run.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT d.id, d.ticket_id, d.milestone, d.deadline, d.company_id,
                       t.user_id, t.team_id,
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
                   AND (t.active OR d.deadline < t.archived_at)
                   AND d.breach_recorded IS NOT TRUE
                   AND (s.closed IS NOT TRUE OR d.deadline < t.closed_date)
                   %(after)s
                 ORDER BY d.deadline, d.id
                 LIMIT %(limit)s
                   FOR UPDATE OF d SKIP LOCKED
                """,
                now=now,
                limit=limit,
                after=SQL("AND (d.deadline, d.id) > (%s, %s)", *after)
                if after
                else SQL(),
            )
        )
        return [
            dict(zip(_CANDIDATE_KEYS, row, strict=True))
            for row in self.env.cr.fetchall()
        ]

    @api.model
    def _insert_breaches(self, rows, now):
        """Insert one breach per row and its ``sla_breach`` performance event, in
        one set-based statement; rows that already have a breach are skipped.

        ``ON CONFLICT DO NOTHING`` on the unique (request, milestone) makes a second
        insert — a re-run, or another worker in parallel — a no-op, and the event
        of a breach is inserted by the same statement, so a breach and its event
        exist together or not at all. The event (DESIGN §4): key the milestone,
        source the breach, occurred when the deadline passed, people and team as
        the breach snapshot them; the penalty ledger (R-PEN-3) reads it.

        The events are written here rather than through
        ``after_sales.performance.event._record``, which builds one ``VALUES``
        row per event in Python: at the breach job's volume that doubled the job
        (``scripts/bench_sla_breach.py``). Same table, same columns
        (``_EVENT_COLUMNS``), same ``ON CONFLICT`` contract. Returns only the
        breaches this call created.
        """
        if not rows:
            return self.browse()
        uid = self.env.uid
        columns = {
            key: [row[key] for row in rows]
            for key in (
                "ticket_id",
                "milestone",
                "deadline",
                "user_id",
                "employee_id",
                "team_id",
                "company_id",
            )
        }
        event_values = {
            "kind": SQL("'sla_breach'"),
            "key": SQL("new.milestone"),
            "occurred_at": SQL("new.deadline"),
            "company_id": SQL("new.company_id"),
            "ticket_id": SQL("new.ticket_id"),
            "res_model": SQL("%s", self._name),
            "res_id": SQL("new.id"),
            "user_id": SQL("new.user_id"),
            "employee_id": SQL("new.employee_id"),
            "team_id": SQL("new.team_id"),
            "quantity": SQL("1.0"),
            "value": SQL("NULL"),
        }
        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    INSERT INTO after_sales_sla_breach
                           (ticket_id, milestone, deadline, user_id, employee_id,
                            team_id, company_id, detected_at,
                            create_uid, create_date, write_uid, write_date)
                    SELECT c.ticket_id, c.milestone, c.deadline, c.user_id,
                           c.employee_id, c.team_id, c.company_id, %(now)s,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(ticket_id)s::int[], %(milestone)s::varchar[],
                                  %(deadline)s::timestamp[], %(user_id)s::int[],
                                  %(employee_id)s::int[], %(team_id)s::int[],
                                  %(company_id)s::int[])
                           AS c(ticket_id, milestone, deadline, user_id,
                                employee_id, team_id, company_id)
                    ON CONFLICT (ticket_id, milestone) DO NOTHING
                    RETURNING id, ticket_id, milestone, deadline, user_id,
                              employee_id, team_id, company_id
                ), events AS (
                    INSERT INTO %(event_table)s
                           (%(event_columns)s,
                            create_uid, create_date, write_uid, write_date)
                    SELECT %(event_values)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM new
                    ON CONFLICT (kind, res_model, res_id, key) DO NOTHING
                )
                SELECT id FROM new
                """,
                now=now,
                uid=uid,
                event_table=SQL.identifier(
                    self.env["after_sales.performance.event"]._table
                ),
                event_columns=SQL(", ").join(
                    SQL.identifier(name) for name in _EVENT_COLUMNS
                ),
                event_values=SQL(", ").join(
                    event_values[name] for name in _EVENT_COLUMNS
                ),
                **columns,
            )
        )
        ids = sorted(row[0] for row in self.env.cr.fetchall())
        # Rows written in SQL: nothing of them is in the cache yet.
        self.env["helpdesk.ticket"].invalidate_model(["sla_breach_ids"])
        return self.browse(ids)

    @api.model
    def _mark_breached(self, rows):
        """The deadlines of ``rows`` are seen by the job and breached (their
        deadline passed unmet: :func:`tools.sla.status`), and their requests'
        summary follows — two set-based ``UPDATE``s."""
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE after_sales_ticket_deadline
                   SET breach_recorded = TRUE, status = %s
                 WHERE id = ANY(%s)
                """,
                sla.BREACHED,
                [row["deadline_id"] for row in rows],
            )
        )
        self.env["after_sales.ticket.deadline"].invalidate_model(
            ["breach_recorded", "status"]
        )
        # Breached is the worst status and the deadlines themselves did not move:
        # the summary's status alone changes (the general rule is
        # ``helpdesk.ticket._sla_store_summary``).
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket SET sla_status = %(breached)s
                 WHERE id = ANY(%(ids)s)
                   AND sla_status IS DISTINCT FROM %(breached)s
                """,
                breached=sla.BREACHED,
                ids=sorted({row["ticket_id"] for row in rows}),
            )
        )
        self.env["helpdesk.ticket"].invalidate_model(["sla_status"])

    def _schedule_breach_activities(self):
        """Tell the responsible engineer and the supervisor (issue 24): each
        gets the new breaches in their digest of the company's day, with one
        to-do on it while they have not done it — not one to-do per breach.

        Called once per batch of new breaches by :meth:`_detect_breaches` (a
        breach is only new once). The supervisor is the team leader, else the
        first member of the team in the supervisor group. Set-based: the
        digests and their to-dos are written in bulk, nobody is made a follower
        of anything, no e-mail is sent (``mail_activity_quick_update``).
        """
        if not self:
            return
        breaches = self.sudo()
        supervisor_group = self.env.ref("after_sales_service.group_supervisor")
        supervisors = {}
        zones = {}
        items = {}
        for breach in breaches:
            team = breach.team_id
            if team not in supervisors:
                supervisors[team] = (
                    team.user_id
                    or (team.user_ids & supervisor_group.users).sorted("id")[:1]
                )
            company = breach.company_id
            if company not in zones:
                zones[company] = pytz.timezone(company.partner_id.tz or "UTC")
            day = (
                pytz.utc.localize(breach.detected_at).astimezone(zones[company]).date()
            )
            for user in breach.user_id | supervisors[team]:
                items.setdefault((user, company, day), []).append(breach.id)
        self.env["after_sales.notice.digest"]._notify("sla_breach", items)
