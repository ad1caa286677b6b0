# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import periods
from .const import EVALUATION_FIELDS, EVENT_KINDS

# The columns an emitter may give, in the order of the INSERT.
_EVENT_COLUMNS = (
    "kind",
    "key",
    "occurred_at",
    "company_id",
    "ticket_id",
    "res_model",
    "res_id",
    "user_id",
    "employee_id",
    "team_id",
    "quantity",
    "value",
)
_INSERT_CHUNK = 1000


class AfterSalesPerformanceEvent(models.Model):
    """What happened, to whom, when: one append-only stream (DESIGN §4).

    Every fact about people's work that a consumer (the penalty ledger, KPI
    reports) needs is a row here, written by the transition that produced it —
    the breach job, a service record closed, a work log submitted late, a request
    resolved by phone, an appraisal decided — through :meth:`_record` and nothing
    else. Each fact is recorded exactly once: ``UNIQUE(kind, res_model, res_id,
    key)`` and ``INSERT … ON CONFLICT DO NOTHING`` make re-runs and concurrent
    emitters add nothing. Employee, user and team are snapshots taken when the
    event happened, so a later reassignment does not move it.

    Rights: supervisors and managers read the events of their companies,
    engineers their own; nobody creates, edits or deletes them (the system only).
    """

    _name = "after_sales.performance.event"
    _description = "Performance Event"
    _order = "occurred_at desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["ticket_id.number", "employee_id.name"]

    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True, index=True)
    key = fields.Char(
        required=True,
        readonly=True,
        default="",
        help="What the event is about within its source: the milestone, the missing "
        "item, the evaluation item.",
    )
    key_label = fields.Char(string="Detail", compute="_compute_key_label")
    occurred_at = fields.Datetime(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    res_model = fields.Char(string="Source Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source", model_field="res_model", required=True, readonly=True
    )
    source_name = fields.Char(string="Source Document", compute="_compute_source_name")
    user_id = fields.Many2one("res.users", readonly=True, index=True)
    employee_id = fields.Many2one("hr.employee", readonly=True, index=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    quantity = fields.Float(
        readonly=True,
        default=1.0,
        help="How many: missing items, days late.",
    )
    value = fields.Char(
        readonly=True, help="The grade or the decision the event carries."
    )
    value_label = fields.Char(string="Value ", compute="_compute_key_label")

    _sql_constraints = [
        (
            "event_uniq",
            "UNIQUE(kind, res_model, res_id, key)",
            "This event has already been recorded.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("kind", "employee_id.name", "user_id.name", "occurred_at")
    @api.depends_context("lang", "tz")
    def _compute_display_name(self):
        """Its title (R-X-1): what happened, to whom, on which day."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for event in self:
            person = event.employee_id.name or event.user_id.name
            day = event.occurred_at and format_date(
                self.env, fields.Datetime.context_timestamp(event, event.occurred_at)
            )
            event.display_name = " · ".join(
                filter(None, (kinds.get(event.kind), person, day))
            )

    @api.depends("kind", "key", "value")
    @api.depends_context("lang")
    def _compute_key_label(self):
        """The key and value in the reader's words: a milestone, an item, a grade."""
        env = self.env
        milestones = dict(
            env["after_sales.ticket.deadline"]
            ._fields["milestone"]
            ._description_selection(env)
        )
        Record = env["after_sales.service.record"]
        # The key of an evaluation event is the item: ``attitude`` for the field
        # ``evaluation_attitude`` (see service record ``_prepare_performance_*``).
        evaluation_items = {
            name.removeprefix("evaluation_"): Record._fields[name]._description_string(
                env
            )
            for name in EVALUATION_FIELDS
        }
        grades = dict(Record._fields["evaluation_attitude"]._description_selection(env))
        appraisal_states = dict(
            env["after_sales.return.appraisal"]
            ._fields["state"]
            ._description_selection(env)
        )
        items = {
            item.code: item.name
            for item in env["after_sales.record.item"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    (
                        "code",
                        "in",
                        self.filtered(lambda e: e.kind == "record_missing_item").mapped(
                            "key"
                        ),
                    )
                ]
            )
        }
        for event in self:
            key, value = event.key or "", event.value or ""
            if event.kind == "sla_breach":
                event.key_label = milestones.get(key, key)
            elif event.kind == "record_missing_item":
                event.key_label = items.get(key, key)
            elif event.kind == "record_evaluation":
                event.key_label = evaluation_items.get(key, key)
            elif event.kind == "survey_late" and key:
                # the month the survey covers: 2026年11月, November 2026
                event.key_label = periods.month_label(
                    fields.Date.to_date(f"{key}-01"), env.lang or "en_US"
                )
            else:
                event.key_label = key
            if event.kind == "record_evaluation":
                event.value_label = grades.get(value, value)
            elif event.kind == "appraisal_decided":
                event.value_label = appraisal_states.get(value, value)
            else:
                event.value_label = value

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        by_model = {}
        for event in self:
            by_model.setdefault(event.res_model, set()).add(event.res_id)
        names = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            sources = self.env[model].sudo().browse(ids).exists()
            names.update({(model, s.id): s.display_name for s in sources})
        for event in self:
            event.source_name = names.get((event.res_model, event.res_id), "")

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Events are recorded by their transitions through :meth:`_record`; a
        plain create is the system's only (data migrations)."""
        if not self.env.su:
            raise UserError(
                self.env._("Performance events are recorded by the system.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A performance event is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_always(self):
        raise UserError(self.env._("A performance event is never deleted."))

    def action_open_source(self):
        """Button "Source": the document that produced the event."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # The emitter
    # ------------------------------------------------------------------

    @api.model
    def _record(self, vals_list):
        """Record events, each at most once; return the ids of the new rows.

        ``vals_list``: dicts with ``kind``, ``res_model``, ``res_id`` and
        ``company_id``, and optionally ``key``, ``occurred_at`` (default now),
        ``ticket_id``, ``user_id``, ``employee_id`` (default: the user's employee
        in the company), ``team_id``, ``quantity`` (default 1) and ``value``.
        One ``INSERT … ON CONFLICT DO NOTHING`` per thousand events and at most one
        query to find employees: the cost does not grow with the number of events.
        Called by the transitions that produce events, never by users.
        """
        if not vals_list:
            return []
        now = fields.Datetime.now()
        self._record_fill_employees(vals_list)
        uid = self.env.uid
        ids = []
        columns = (
            *_EVENT_COLUMNS,
            "create_uid",
            "create_date",
            "write_uid",
            "write_date",
        )
        for start in range(0, len(vals_list), _INSERT_CHUNK):
            rows = []
            for vals in vals_list[start : start + _INSERT_CHUNK]:
                row = [
                    vals["kind"],
                    vals.get("key") or "",
                    vals.get("occurred_at") or now,
                    vals["company_id"],
                    vals.get("ticket_id") or None,
                    vals["res_model"],
                    vals["res_id"],
                    vals.get("user_id") or None,
                    vals.get("employee_id") or None,
                    vals.get("team_id") or None,
                    vals.get("quantity", 1.0),
                    vals.get("value") or None,
                    uid,
                    now,
                    uid,
                    now,
                ]
                rows.append(SQL("(%s)", SQL(", ").join(SQL("%s", v) for v in row)))
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s) VALUES %s "
                    "ON CONFLICT (kind, res_model, res_id, key) DO NOTHING "
                    "RETURNING id",
                    SQL.identifier(self._table),
                    SQL(", ").join(SQL.identifier(c) for c in columns),
                    SQL(", ").join(rows),
                ),
                # A concurrent emitter of the same event makes this a serialization
                # failure under REPEATABLE READ: the caller's transaction is retried
                # (as Odoo retries requests and cron jobs) and then adds nothing.
                log_exceptions=False,
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        return ids

    @api.model
    def _record_fill_employees(self, vals_list):
        """Snapshot the employee of each event's user in the event's company."""
        wanted = {
            (vals["user_id"], vals["company_id"])
            for vals in vals_list
            if vals.get("user_id") and not vals.get("employee_id")
        }
        if not wanted:
            return
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("user_id", "in", list({u for u, _c in wanted}))],
                ["user_id", "company_id"],
                order="active desc, id",
            )
        )
        by_user = {}
        for row in employees:
            key = (row["user_id"][0], row["company_id"] and row["company_id"][0])
            by_user.setdefault(key, row["id"])
        for vals in vals_list:
            if vals.get("user_id") and not vals.get("employee_id"):
                vals["employee_id"] = by_user.get((vals["user_id"], vals["company_id"]))
