# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import periods
from .const import (
    CRON_CHUNKS,
    MERIT_GRADES,
    PENALTY_DISPUTE_STATES,
    PENALTY_LINE_STATES,
)
from .frozen_mixin import TRANSITION, Denied, Transition

_logger = logging.getLogger(__name__)

# The session advisory lock of the ledger job: one worker runs it at a time.
_JOB_LOCK = 0x50454E31  # "PEN1"
# Where the cron's current pass over the events stands: the id of the next event
# to scan (absent: the next call starts a new pass from the window's start).
# Read and written in SQL only, in the batch's own transaction: the ORM's
# ``set_param`` clears every worker's caches, once per batch would be too much.
LEDGER_CURSOR_KEY = "after_sales_service.ledger_next_event_id"
SUPERVISOR = "after_sales_service.group_supervisor"
MANAGER = "after_sales_service.group_manager"
# What a supervisor types on a draft manual line.
MANUAL_FIELDS = (
    "employee_id",
    "rule_id",
    "amount",
    "merit_grade",
    "date",
    "ticket_id",
    "note",
    "company_id",
)
LINE_ORIGINS = [
    ("auto", "Automatic"),
    ("manual", "Manual"),
    ("reversal", "Reversal"),
]


class AfterSalesPenaltyLine(models.Model):
    """One line of the penalty and reward ledger (售后绩效奖惩台账, R-PEN-2…4).

    Automatic lines are made by the ledger job from the performance events (one
    line per event and rule, ``UNIQUE(event_id, rule_id)``); manual lines by a
    supervisor for the people of their teams. A line is draft, then confirmed
    (with its monthly statement, or by a supervisor), or cancelled with a reason;
    a confirmed line is never edited nor deleted: a reversal line undoes it.
    The employee disputes a line of theirs with a reason; the department manager
    upholds the dispute (the line is cancelled, or reversed when confirmed) or
    rejects it.

    Rights: engineers read their own lines (the employee's user) and dispute them;
    supervisors read the company's lines and create, confirm and cancel manual
    ones for their teams; managers decide disputes and reverse lines; finance
    reads. Nobody edits a confirmed line, and nobody confirms a line about
    themselves or one they entered (SPEC §0).
    """

    _name = "after_sales.penalty.line"
    _description = "Penalty and Reward Line"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
    ]
    _order = "date desc, id desc"
    _rec_names_search = ["employee_id.name", "rule_id.code", "rule_id.name"]
    _check_company_auto = True
    _input_bounds = {"amount": (-1_000_000, 1_000_000)}
    # A draft manual line is edited by its supervisor (an automatic one follows
    # its rule and event); a confirmed or cancelled line never changes (R-PEN-2).
    _state_editable = {"draft": MANUAL_FIELDS}
    _unlink_states = ("draft",)
    _transitions = {
        "confirm": Transition(("draft",), "confirmed", (SUPERVISOR,)),
        "cancel": Transition(("draft",), "cancelled", (SUPERVISOR,)),
        "reverse": Transition(("confirmed",), None, (MANAGER,)),
        "dispute": Transition(),
        "decide_dispute": Transition((), None, (MANAGER,)),
    }
    # Everything the amount, the person and the source depend on (R-PEN-2).
    _decided_fields = (
        "employee_id",
        "user_id",
        "date",
        "rule_id",
        "amount",
        "merit_grade",
        "note",
        "company_id",
        "ticket_id",
        "team_id",
        "res_model",
        "res_id",
    )
    _transition_fields = (
        "state",
        "origin",
        "event_id",
        "cancel_reason",
        "reversed_line_id",
        "dispute_state",
        "dispute_reason",
        "dispute_decision",
        "dispute_decided_by_id",
        "statement_id",
    )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, tracking=True
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="User"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    rule_id = fields.Many2one(
        "after_sales.penalty.rule",
        required=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Negative: a fine; positive: a reward.",
    )
    merit_grade = fields.Selection(
        MERIT_GRADES,
        string="Merit/Demerit",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Text()
    origin = fields.Selection(LINE_ORIGINS, required=True, default="manual")
    state = fields.Selection(
        PENALTY_LINE_STATES, required=True, default="draft", tracking=True
    )
    cancel_reason = fields.Text(readonly=True)
    # The source: the event (automatic lines) and the request it belongs to.
    event_id = fields.Many2one(
        "after_sales.performance.event",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
    )
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source", model_field="res_model", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    reversed_line_id = fields.Many2one(
        "after_sales.penalty.line", string="Reverses", readonly=True, index=True
    )
    reversal_line_ids = fields.One2many(
        "after_sales.penalty.line", "reversed_line_id", string="Reversals"
    )
    dispute_state = fields.Selection(
        PENALTY_DISPUTE_STATES,
        string="Dispute",
        required=True,
        default="none",
        tracking=True,
    )
    dispute_reason = fields.Text(readonly=True)
    dispute_decision = fields.Text(readonly=True)
    dispute_decided_by_id = fields.Many2one("res.users", readonly=True)
    statement_id = fields.Many2one(
        "after_sales.penalty.statement", readonly=True, index="btree_not_null"
    )
    carried_over = fields.Boolean(
        string="Carried Over from an Earlier Month",
        compute="_compute_carried_over",
        help="A line of an earlier month, carried over to this statement.",
    )
    carried_from = fields.Char(
        string="Carried Over From", compute="_compute_carried_over"
    )
    can_dispute = fields.Boolean(
        compute="_compute_transitions",
        depends=["state", "origin", "dispute_state", "user_id"],
        search="_search_can_dispute",
    )
    can_decide_dispute = fields.Boolean(
        compute="_compute_transitions", depends=["dispute_state"]
    )
    can_reverse = fields.Boolean(
        compute="_compute_transitions", depends=["state", "origin"]
    )

    _sql_constraints = [
        (
            "event_rule_uniq",
            "UNIQUE(event_id, rule_id)",
            "An event makes at most one line per rule.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("rule_id")
    def _compute_amount(self):
        for line in self:
            if line.rule_id and line.origin == "manual":
                line.amount = line.rule_id.amount
                line.merit_grade = line.rule_id.merit_grade
            else:
                line.amount = line.amount
                line.merit_grade = line.merit_grade

    @api.depends("date", "statement_id.month")
    @api.depends_context("lang")
    def _compute_carried_over(self):
        """A line dated before its statement's month was carried over to it
        (R-PEN-5): it shows its own month, in the reader's language."""
        lang = self.env.lang or "en_US"
        for line in self:
            month = line.statement_id.month
            line.carried_over = bool(month and line.date and line.date < month)
            line.carried_from = (
                periods.month_label(line.date, lang) if line.carried_over else False
            )

    @api.depends("rule_id.name", "employee_id.name", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the rule, the person and the day as the reader
        writes it (2026年12月07日), never ``after_sales.penalty.line,1``."""
        for line in self:
            line.display_name = (
                f"{line.rule_id.name or ''} – {line.employee_id.name or ''} "
                f"({format_date(line.env, line.date) if line.date else ''})"
            )

    @api.constrains("amount", "merit_grade")
    def _check_amount(self):
        for line in self:
            if (
                line.currency_id.compare_amounts(line.amount, 0.0) == 0
                and not line.merit_grade
            ):
                raise ValidationError(
                    self.env._("A ledger line needs an amount or a merit grade.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Manual lines by a supervisor for the people of their teams (R-PEN-4);
        automatic and reversal lines are the system's."""
        lines = super().create(vals_list)
        if not self._in_transition():
            lines._check_manual_lines()
        return lines

    def write(self, vals):
        if not self._in_transition():
            touched = set(vals) & set(self._decided_fields)
            if touched and self.filtered(lambda line: line.origin != "manual"):
                raise UserError(
                    self.env._(
                        "An automatic line follows its rule and its event: cancel it "
                        "with a reason instead of editing it."
                    )
                )
        result = super().write(vals)
        if not self._in_transition() and {"employee_id", "rule_id"} & set(vals):
            self._check_manual_lines()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_manual_draft(self):
        for line in self:
            if line.origin != "manual":
                raise UserError(
                    self.env._(
                        "Only a draft manual line can be deleted: cancel or reverse "
                        "the others with a reason."
                    )
                )

    def _check_manual_lines(self):
        """A manual line: a manual rule of the company, an active employee of the
        supervisor's teams (managers: anyone of the company)."""
        is_manager = self.env.user.has_group("after_sales_service.group_manager")
        team_users = (
            self.env["helpdesk.ticket.team"]
            .search([("user_ids", "in", self.env.user.id)])
            .user_ids
        )
        for line in self:
            if line.rule_id.trigger != "manual":
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s is applied by the system from events: choose "
                        "a manual rule.",
                        rule=line.rule_id.display_name,
                    )
                )
            if not line.employee_id.active:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is archived: no new ledger line.",
                        employee=line.employee_id.name,
                    )
                )
            if not is_manager and line.employee_id.user_id not in team_users:
                raise AccessError(
                    self.env._(
                        "%(employee)s is not in one of your teams: only their "
                        "supervisor or the department manager enters their lines.",
                        employee=line.employee_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Button "Confirm": the draft lines count (also done by the statement)."""
        self.check_access("write")
        self._begin_transition("confirm")._do_confirm()
        return True

    def _guard_confirm(self):
        if self.dispute_state == "open":
            return self.env._("A disputed line waits for the manager's decision.")
        return self._not_own_reason()

    def _not_own_reason(self):
        """Nobody approves their own (SPEC §0, R-PEN-4): nobody confirms a line
        about themselves, nor a manual line they entered themselves."""
        user = self.env.user
        if not self.env.su and (
            self.user_id == user
            or (self.origin == "manual" and self.create_uid == user)
        ):
            return Denied(
                self.env._(
                    "Nobody confirms a ledger line about themselves or one they "
                    "entered: %(line)s waits for another supervisor or the "
                    "department manager.",
                    line=self.display_name,
                )
            )
        return False

    def _do_confirm(self):
        self._transition_write({"state": "confirmed"})

    def action_cancel(self, reason):
        """Cancel draft lines with a reason (a confirmed line is reversed)."""
        self.check_access("write")
        self._check_transition("cancel")
        self._do_cancel(reason)
        return True

    def _do_cancel(self, reason):
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason for the cancellation."))
        self._lock_for_transition()
        if self.filtered(lambda line: line.state != "draft"):
            raise UserError(
                self.env._(
                    "Only a draft line is cancelled; a confirmed line is reversed."
                )
            )
        self._transition_write({"state": "cancelled", "cancel_reason": reason.strip()})

    def action_reverse(self, reason):
        """Reverse confirmed lines with a counter-line (R-PEN-2); managers."""
        self.check_access("write")
        self._check_transition("reverse")
        return self._do_reverse(reason).ids

    def _guard_reverse(self):
        if self.origin == "reversal" or self.reversal_line_ids:
            return self.env._("Only a confirmed line, not yet reversed, is reversed.")
        return False

    def _do_reverse(self, reason):
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason for the reversal."))
        self._lock_for_transition()
        if self.filtered(
            lambda line: line.state != "confirmed"
            or line.origin == "reversal"
            or line.reversal_line_ids
        ):
            raise UserError(
                self.env._("Only a confirmed line, not yet reversed, is reversed.")
            )
        vals_list = [
            {
                "company_id": line.company_id.id,
                "employee_id": line.employee_id.id,
                "rule_id": line.rule_id.id,
                "amount": -line.amount,
                "merit_grade": line.merit_grade,
                "ticket_id": line.ticket_id.id,
                "origin": "reversal",
                "state": "confirmed",
                "reversed_line_id": line.id,
                "note": reason.strip(),
            }
            for line in self
        ]
        return (
            self.sudo()
            .with_context(after_sales_transition=TRANSITION)
            .create(vals_list)
        )

    def action_dispute(self, reason):
        """Button "Dispute" of "My assessment": the employee contests a line."""
        self.check_access("read")
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason of your dispute."))
        self._begin_transition("dispute")
        self.sudo()._transition_write(
            {"dispute_state": "open", "dispute_reason": reason.strip()}
        )
        return True

    def _person_dispute(self):
        if self.user_id != self.env.user:
            return Denied(self.env._("You can only dispute your own lines."))
        return False

    def _guard_dispute(self):
        if self.state == "cancelled" or self.origin == "reversal":
            return self.env._("A cancelled line or a reversal cannot be disputed.")
        if self.dispute_state != "none":
            return self.env._("This line has already been disputed.")
        return False

    def _search_can_dispute(self, operator, value):
        """Filter "Disputable" of "My Assessment" (R-PEN-4): the lines the user
        may still dispute, by the rule of ``_person_dispute`` and
        ``_guard_dispute`` — their own, live, not a reversal, not disputed yet."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search disputable lines by yes or no."))
        disputable = [
            ("user_id", "=", self.env.uid),
            ("state", "!=", "cancelled"),
            ("origin", "!=", "reversal"),
            ("dispute_state", "=", "none"),
        ]
        if (operator == "=") == value:
            return disputable
        return ["!", *expression.normalize_domain(disputable)]

    def action_decide_dispute(self, upheld, decision):
        """The department manager upholds (the line is cancelled, or reversed when
        confirmed) or rejects the dispute, with the decision's reasons."""
        self.check_access("write")
        if not isinstance(decision, str) or not decision.strip():
            raise UserError(self.env._("Give the reasons for the decision."))
        self._begin_transition("decide_dispute")
        decision = decision.strip()
        self._transition_write(
            {
                "dispute_state": "upheld" if upheld else "rejected",
                "dispute_decision": decision,
                "dispute_decided_by_id": self.env.user.id,
            }
        )
        if upheld:
            drafts = self.filtered(lambda line: line.state == "draft")
            drafts._do_cancel(decision)
            (self - drafts)._do_reverse(decision)
        return True

    def _guard_decide_dispute(self):
        if self.dispute_state != "open":
            return self.env._("Only an open dispute is decided.")
        return False

    def action_open_source(self):
        """Button "Source": the document that produced the line."""
        self.ensure_one()
        if not self.res_model:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # The ledger job (DESIGN §4)
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_lines(self, max_batches=CRON_CHUNKS):
        """Scheduled action "Ledger: lines from performance events": at most
        ``max_batches`` committed batches per call, then the worker is handed
        back; Odoo calls again at once while the progress says some remain
        (issue 24)."""
        self._generate_lines(commit=True, max_batches=max_batches)

    @api.model
    def _generate_lines(self, batch_size=10_000, commit=False, max_batches=None):
        """Turn the performance events into ledger lines: one line per event and
        matching rule, at most once (``UNIQUE(event_id, rule_id)`` and ``ON
        CONFLICT DO NOTHING``), one ``INSERT … SELECT`` per ``batch_size`` events
        of the current and the previous month — the number of queries does not
        depend on the number of lines. Events without an employee are skipped.

        With ``commit`` (the cron), a second worker at the same time yields: the
        job holds a session advisory lock and starts from a fresh snapshot once it
        holds it, so it never meets lines another worker committed after its
        snapshot. Without (tests, the demo) a concurrent insert of the same line
        is a serialization failure: the batch is rolled back to its savepoint and
        left to the next run. Returns the number of new lines.

        Without ``max_batches`` one call scans the whole window. With it (the
        cron), a call scans at most that many batches of the current *pass*: it
        resumes where the pass stands (``LEDGER_CURSOR_KEY``, moved on in the
        transaction of each batch, so a call killed half-way leaves the batches
        it committed and the next call goes on from there), reports to the
        cron's progress what it scanned and what remains, and when the pass
        reaches the last event the next call starts a new pass from the
        window's start — which finds the events committed late with ids the
        pass had already passed.
        """
        cr = self.env.cr
        if commit:
            cr.execute(SQL("SELECT pg_try_advisory_lock(%s)", _JOB_LOCK))
            if not cr.fetchone()[0]:
                _logger.info("Ledger: the job runs in another worker; skipped")
                return 0
        try:
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
            total = self._generate_line_batches(batch_size, commit, max_batches)
        except Exception:
            if commit:
                cr.rollback()
            raise
        finally:
            if commit:
                cr.execute(SQL("SELECT pg_advisory_unlock(%s)", _JOB_LOCK))
        if total:
            _logger.info("Ledger: %s new line(s) from performance events", total)
        return total

    @api.model
    def _generate_line_batches(self, batch_size, commit, max_batches=None):
        self.env.flush_all()
        cr = self.env.cr
        since = fields.Date.subtract(fields.Date.today().replace(day=1), months=1)
        cr.execute(
            SQL(
                "SELECT MIN(id), MAX(id) FROM after_sales_performance_event "
                "WHERE occurred_at >= %s",
                since,
            )
        )
        low, high = cr.fetchone()
        if max_batches and low is not None:
            low = max(low, self._ledger_cursor() or low)
        total = scanned = batches = 0
        while low is not None and low <= high:
            if max_batches and batches >= max_batches:
                break
            try:
                with cr.savepoint(flush=False):
                    cr.execute(
                        self._generate_lines_query(low, low + batch_size - 1),
                        log_exceptions=False,
                    )
                    total += cr.rowcount
            except Exception as error:  # noqa: BLE001 - only serialization skips
                if getattr(error, "pgcode", None) != "40001":
                    raise
                _logger.info("Ledger: events booked by another worker; skipped")
            scanned += min(batch_size, high - low + 1)
            low += batch_size
            batches += 1
            if max_batches:
                self._set_ledger_cursor(low)
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
        if max_batches:
            more = low is not None and low <= high
            if not more:
                self._set_ledger_cursor(None)  # the pass is over: the next starts anew
            self.env["ir.cron"]._notify_progress(
                done=scanned, remaining=high - low + 1 if more else 0
            )
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()
        return total

    @api.model
    def _ledger_cursor(self):
        """The id of the next event of the cron's current pass, or ``None``."""
        self.env.cr.execute(
            SQL(
                "SELECT value FROM ir_config_parameter WHERE key = %s",
                LEDGER_CURSOR_KEY,
            )
        )
        row = self.env.cr.fetchone()
        return int(row[0]) if row and (row[0] or "").isdigit() else None

    @api.model
    def _set_ledger_cursor(self, next_id):
        """Move the pass on to event ``next_id`` (``None``: the pass is over)."""
        if next_id is None:
            self.env.cr.execute(
                SQL("DELETE FROM ir_config_parameter WHERE key = %s", LEDGER_CURSOR_KEY)
            )
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO ir_config_parameter
                       (key, value, create_uid, create_date, write_uid, write_date)
                VALUES (%(key)s, %(value)s, %(uid)s, now() at time zone 'UTC',
                        %(uid)s, now() at time zone 'UTC')
                ON CONFLICT (key) DO UPDATE
                   SET value = EXCLUDED.value, write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                """,
                key=LEDGER_CURSOR_KEY,
                value=str(next_id),
                uid=self.env.uid,
            )
        )

    @api.model
    def _generate_lines_query(self, low, high):
        """The set-based ``INSERT … SELECT`` of events ``low`` … ``high``.

        A rule reacts to the events of its kind (and key, if given) of its company
        since its start date; its amount is fixed, per unit of the event's quantity
        or a percentage of it, rounded to the fen. The evaluation conditions (all
        poor / all fair / any excellent) look at all the evaluation events of the
        same service record, or all the answers of the same callback (000 §3.5.2),
        and fire on its first one.
        """
        now = fields.Datetime.now()
        uid = self.env.uid
        return SQL(
            """
            WITH ev AS (
                SELECT e.* FROM after_sales_performance_event e
                 WHERE e.id BETWEEN %(low)s AND %(high)s
                   AND e.employee_id IS NOT NULL
            ), grp AS (
                SELECT g.res_model, g.res_id, MIN(g.id) AS first_id,
                       BOOL_AND(g.value = 'poor') AS all_poor,
                       BOOL_AND(g.value = 'fair') AS all_fair,
                       BOOL_OR(g.value = 'excellent') AS any_excellent
                  FROM after_sales_performance_event g
                 WHERE g.kind IN ('record_evaluation', 'callback_answer')
                   AND (g.res_model, g.res_id) IN (
                        SELECT res_model, res_id FROM ev
                         WHERE kind IN ('record_evaluation', 'callback_answer'))
                 GROUP BY g.res_model, g.res_id
            ), candidate AS (
                SELECT ev.id AS event_id, r.id AS rule_id, ev.employee_id,
                       ev.company_id,
                       (ev.occurred_at AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(p.tz, 'UTC'))::date AS date,
                       ROUND((CASE r.amount_mode
                           WHEN 'per_unit' THEN r.amount * ev.quantity
                           WHEN 'percent' THEN r.percent * ev.quantity / 100
                           ELSE r.amount END)::numeric, 2) AS amount,
                       r.merit_grade, ev.ticket_id, ev.res_model, ev.res_id,
                       ev.team_id
                  FROM ev
                  JOIN after_sales_penalty_rule r
                    ON r.company_id = ev.company_id
                   AND r.active AND r.trigger = 'event'
                   AND r.event_kind = ev.kind
                   AND COALESCE(r.event_key, '') IN ('', ev.key)
                   AND ev.occurred_at >= r.date_from
                  JOIN res_company c ON c.id = ev.company_id
                  JOIN res_partner p ON p.id = c.partner_id
                  LEFT JOIN grp
                    ON ev.kind IN ('record_evaluation', 'callback_answer')
                   AND grp.res_model = ev.res_model AND grp.res_id = ev.res_id
                 WHERE r.condition = 'none'
                    OR (grp.first_id = ev.id AND (
                           (r.condition = 'all_poor' AND grp.all_poor)
                        OR (r.condition = 'all_fair' AND grp.all_fair)
                        OR (r.condition = 'any_excellent' AND grp.any_excellent)))
            )
            INSERT INTO after_sales_penalty_line (
                event_id, rule_id, employee_id, user_id, company_id, date, amount,
                merit_grade, ticket_id, res_model, res_id, team_id, origin, state,
                dispute_state, create_uid, create_date, write_uid, write_date)
            SELECT c.event_id, c.rule_id, c.employee_id, emp.user_id, c.company_id,
                   c.date, c.amount, c.merit_grade, c.ticket_id, c.res_model,
                   c.res_id, c.team_id, 'auto', 'draft', 'none',
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM candidate c
              JOIN hr_employee emp ON emp.id = c.employee_id
             WHERE c.amount <> 0 OR c.merit_grade IS NOT NULL
            ON CONFLICT (event_id, rule_id) DO NOTHING
            """,
            low=low,
            high=high,
            uid=uid,
            now=now,
        )
