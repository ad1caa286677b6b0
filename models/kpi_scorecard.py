# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..tools import kpi, periods
from .frozen_mixin import ALL, Transition
from .kpi_target import KPI_CODES, KPI_DEPARTMENTS
from .rule_errors import rule_message

CLERK = "after_sales_service.group_clerk"
MANAGER = "after_sales_service.group_manager"
SCORECARD_STATES = [("draft", "Draft"), ("confirmed", "Confirmed")]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]
LINE_STATUSES = [("met", "Met"), ("missed", "Missed"), ("no_data", "No Data")]
# The model whose documents each KPI counts (the drill-down opens them).
KPI_MODELS = {
    "first_time_fix": "helpdesk.ticket",
    "quote_timeliness": "after_sales.quote",
    "repair_timeliness": "after_sales.ticket.deadline",
    "complaint_satisfaction": "after_sales.complaint",
    "overall_satisfaction": "after_sales.callback",
}
# The deadlines of a repair (R-SLA-2): on site, and fixed after arrival.
REPAIR_MILESTONES = ("on_site", "fixed")
SATISFIED = ("excellent", "good")


class AfterSalesKpiScorecard(models.Model):
    """The quarterly service scorecard (服务目标考核表, R-RPT-2; 002 §5.1.5).

    One per company, quarter (in the company's time zone) and department (empty:
    every department, the whole table of 002 §5.1.5.2). Its lines are the
    company's service targets: each KPI's value computed from the documents the
    addon records (see ``_kpi_<code>`` and the target's definition), the target,
    the weight, met or missed, the weighted score (``tools/kpi.py``). A line
    with nothing counted shows "no data", never 100 %, and scores nothing.

    Flow: draft (computed on creation, recomputed on demand or when its quarter
    changes; the department writes its deviation explanation and measures on
    each missed line, 002 §5.1.5.4 a) → confirmed by the department manager,
    then frozen: nothing changes, nothing is deleted. The weights of the
    company's targets add to 100 % or nothing is computed nor confirmed. Each
    line keeps the documents it counted: its drill-down opens exactly them.

    Rights: clerks and supervisors prepare; the manager confirms; finance and
    the general manager read.
    """

    _name = "after_sales.kpi.scorecard"
    _description = "Service Target Scorecard"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin", "mail.thread"]
    _order = "year desc, quarter desc, department, id desc"
    _check_company_auto = True
    _state_editable = {"draft": ALL}
    _transitions = {
        "recompute": Transition(("draft",), "draft", (CLERK,)),
        "confirm": Transition(("draft",), "confirmed", (MANAGER,)),
    }
    _transition_fields = ("state", "confirmed_by_id", "confirmed_at", "computed_at")

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    department = fields.Selection(
        KPI_DEPARTMENTS,
        help="Empty: every department, the company's whole scorecard.",
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    quarter = fields.Selection(
        QUARTERS,
        required=True,
        default=lambda self: str(kpi.quarter_of(fields.Date.context_today(self))),
    )
    period_label = fields.Char(string="Period", compute="_compute_period_label")
    state = fields.Selection(
        SCORECARD_STATES, required=True, default="draft", tracking=True
    )
    line_ids = fields.One2many(
        "after_sales.kpi.scorecard.line", "scorecard_id", string="KPIs"
    )
    total_score = fields.Float(
        compute="_compute_totals",
        store=True,
        digits=(6, 2),
        help="The sum of the lines' weighted scores.",
    )
    scored_weight = fields.Float(
        string="Out of",
        compute="_compute_totals",
        store=True,
        digits=(6, 2),
        help="The weights of the lines with data: a line without data scores "
        "nothing and is left out.",
    )
    computed_at = fields.Datetime(string="Computed on", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_at = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    can_recompute = fields.Boolean(compute="_compute_transitions")
    cannot_recompute_reason = fields.Char(compute="_compute_transitions")
    can_confirm = fields.Boolean(compute="_compute_transitions")
    cannot_confirm_reason = fields.Char(compute="_compute_transitions")

    @api.constrains("company_id", "department", "year", "quarter")
    def _check_unique_period(self):
        for card in self:
            kpi_bounds(card)  # a real quarter
            twin = self.search_count(
                [
                    ("id", "!=", card.id),
                    ("company_id", "=", card.company_id.id),
                    ("department", "=", card.department),
                    ("year", "=", card.year),
                    ("quarter", "=", card.quarter),
                ]
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a scorecard of %(period)s for "
                        "this department.",
                        company=card.company_id.name,
                        period=card.period_label,
                    )
                )

    @api.depends("year", "quarter")
    def _compute_period_label(self):
        for card in self:
            card.period_label = self.env._(
                "%(year)s Q%(quarter)s", year=card.year, quarter=card.quarter
            )

    @api.depends("company_id", "department", "year", "quarter")
    @api.depends_context("lang")
    def _compute_display_name(self):
        departments = dict(self._fields["department"]._description_selection(self.env))
        for card in self:
            card.display_name = " · ".join(
                filter(
                    None,
                    (
                        card.period_label,
                        departments.get(card.department)
                        or self.env._("All Departments"),
                    ),
                )
            )

    @api.depends("line_ids.weighted_score", "line_ids.weight", "line_ids.status")
    def _compute_totals(self):
        for card in self:
            scored = card.line_ids.filtered(lambda line: line.status != "no_data")
            card.total_score = sum(scored.mapped("weighted_score"))
            card.scored_weight = sum(scored.mapped("weight"))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        for card in cards:
            card.action_recompute()
        return cards

    def write(self, vals):
        result = super().write(vals)
        if not self._in_transition_write() and {
            "company_id",
            "department",
            "year",
            "quarter",
        } & set(vals):
            for card in self:
                card.action_recompute()
        return result

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_recompute(self):
        """Button "Recompute": the lines from the company's targets and the
        quarter's documents; the explanations already written stay."""
        for card in self:
            card._begin_transition("recompute")
            self.env["after_sales.kpi.target"]._check_company_weights(card.company_id)
            explained = {line.code: line.explanation for line in card.line_ids}
            commands = [Command.clear()]
            for values in card._compute_lines():
                values["explanation"] = explained.get(values["code"]) or False
                commands.append(Command.create(values))
            card._transition_write(
                {"line_ids": commands, "computed_at": fields.Datetime.now()}
            )
        return True

    def _guard_confirm(self):
        """A missed target is explained before the scorecard is confirmed
        (002 §5.1.5.4 a); the weights add to 100 %."""
        reason = self.env["after_sales.kpi.target"]._company_weights_reason(
            self.company_id
        )
        if reason:
            return reason
        if not self.line_ids:
            return self.env._("it has no KPI to confirm.")
        unexplained = self.line_ids.filtered(
            lambda line: line.status == "missed"
            and not (line.explanation or "").strip()
        )
        if unexplained:
            return self.env._(
                "write the deviation explanation and measures of every missed "
                "target first: %(kpis)s.",
                kpis=", ".join(unexplained.mapped("name")),
            )
        return False

    def action_confirm(self):
        """Button "Confirm" (department manager): the scorecard is frozen."""
        for card in self:
            card._begin_transition("confirm")._transition_write(
                {
                    "state": "confirmed",
                    "confirmed_by_id": self.env.uid,
                    "confirmed_at": fields.Datetime.now(),
                }
            )
        return True

    def action_print(self):
        return self.env.ref(
            "after_sales_service.kpi_scorecard_report_action"
        ).report_action(self)

    # ------------------------------------------------------------------
    # The KPIs
    # ------------------------------------------------------------------

    def _compute_lines(self):
        """Values of the lines: one per active target of the company (of the
        department, when one is set)."""
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id)]
        if self.department:
            domain.append(("department", "=", self.department))
        targets = self.env["after_sales.kpi.target"].sudo().search(domain)
        start, end = kpi_bounds(self)
        lines = []
        for target in targets:
            counted, hits = getattr(self, f"_kpi_{target.code}")(start, end)
            value = rate_or_error(self.env, len(hits), len(counted))
            met = kpi.is_met(value, target.target)
            score = kpi.weighted_score(value, target.target, target.weight)
            lines.append(
                {
                    "target_id": target.id,
                    "code": target.code,
                    "department": target.department,
                    "res_model": KPI_MODELS[target.code],
                    "denominator_ids": sorted(counted),
                    "numerator_ids": sorted(hits),
                    "denominator": len(counted),
                    "numerator": len(hits),
                    "value": value or 0.0,
                    "target": target.target,
                    "weight": target.weight,
                    "status": "no_data" if met is None else "met" if met else "missed",
                    "weighted_score": score or 0.0,
                }
            )
        return lines

    def _fetch(self, query):
        """``(counted ids, numerator ids)`` of a query returning ``(id, hit)``."""
        self.env.flush_all()
        self.env.cr.execute(query)
        rows = self.env.cr.fetchall()
        return {row[0] for row in rows}, {row[0] for row in rows if row[1]}

    def _kpi_first_time_fix(self, start, end):
        """维修一次成功率: service requests whose first finished visit (service
        record done) ended in the quarter; counted when still a first-time fix
        (one visit, not partial, not reworked)."""
        return self._fetch(
            SQL(
                """
                SELECT t.id, t.first_time_fix
                  FROM helpdesk_ticket t
                  JOIN (SELECT ticket_id, MIN(end_datetime) AS fixed_at
                          FROM after_sales_service_record
                         WHERE state = 'done'
                         GROUP BY ticket_id) r ON r.ticket_id = t.id
                 WHERE t.company_id = %(company)s AND t.active
                   AND r.fixed_at >= %(start)s AND r.fixed_at < %(end)s
                """,
                company=self.company_id.id,
                start=start,
                end=end,
            )
        )

    def _kpi_quote_timeliness(self, start, end):
        """服务维修报价及时率: quotes created in the quarter that reached the
        customer (sent, or confirmed straight from the draft), and drafts whose
        allowance already ran out; on time when they reached the customer within
        the company's allowance after being created."""
        now = fields.Datetime.now()
        hours = self.company_id.after_sales_kpi_quote_hours
        return self._fetch(
            SQL(
                """
                SELECT q.id, reached <= q.create_date + %(allowance)s
                  FROM (SELECT q.id, q.create_date, q.state,
                               LEAST(q.confirmed_at,
                                     (SELECT MIN(l.at)
                                        FROM after_sales_transition_log l
                                       WHERE l.res_model = 'after_sales.quote'
                                         AND l.res_id = q.id
                                         AND l.to_state = 'sent')) AS reached
                          FROM after_sales_quote q
                         WHERE q.company_id = %(company)s
                           AND q.create_date >= %(start)s
                           AND q.create_date < %(end)s) q
                 WHERE q.reached IS NOT NULL
                    OR (q.state = 'draft'
                        AND q.create_date + %(allowance)s < %(now)s)
                """,
                company=self.company_id.id,
                start=start,
                end=end,
                now=now,
                allowance=timedelta(hours=hours),
            )
        )

    def _kpi_repair_timeliness(self, start, end):
        """服务维修及时率: the on-site and fixed deadlines of service requests
        (R-SLA-2) due in the quarter, met or already passed; on time when met
        by the deadline (a breach is a miss)."""
        return self._fetch(
            SQL(
                """
                SELECT d.id, d.met_at IS NOT NULL AND d.met_at <= d.deadline
                  FROM after_sales_ticket_deadline d
                  JOIN helpdesk_ticket t ON t.id = d.ticket_id
                 WHERE d.company_id = %(company)s AND t.active
                   AND d.milestone IN %(milestones)s
                   AND d.deadline >= %(start)s AND d.deadline < %(end)s
                   AND (d.met_at IS NOT NULL OR d.deadline < %(now)s)
                """,
                company=self.company_id.id,
                milestones=REPAIR_MILESTONES,
                start=start,
                end=end,
                now=fields.Datetime.now(),
            )
        )

    def _kpi_complaint_satisfaction(self, start, end):
        """客诉处理满意率: complaints closed in the quarter whose customer answered
        the callback of the result; satisfied when very satisfied or satisfied."""
        return self._fetch(
            SQL(
                """
                SELECT c.id, c.callback_answer IN %(satisfied)s
                  FROM after_sales_complaint c
                 WHERE c.company_id = %(company)s AND c.state = 'closed'
                   AND c.callback_answer IS NOT NULL
                   AND c.closed_at >= %(start)s AND c.closed_at < %(end)s
                """,
                company=self.company_id.id,
                satisfied=SATISFIED,
                start=start,
                end=end,
            )
        )

    def _kpi_overall_satisfaction(self, start, end):
        """服务满意率: service callbacks answered in the quarter; satisfied when
        the lowest answer is very satisfied or satisfied."""
        return self._fetch(
            SQL(
                """
                SELECT c.id, c.satisfaction IN %(satisfied)s
                  FROM after_sales_callback c
                 WHERE c.company_id = %(company)s AND c.state = 'done'
                   AND c.satisfaction IS NOT NULL
                   AND c.done_at >= %(start)s AND c.done_at < %(end)s
                """,
                company=self.company_id.id,
                satisfied=SATISFIED,
                start=start,
                end=end,
            )
        )

    # ------------------------------------------------------------------
    # Print
    # ------------------------------------------------------------------

    def _report_lang(self):
        """The 服务目标考核表 is the department's Chinese form: printed in
        Chinese when Chinese is installed, else in the reader's language."""
        installed = dict(self.env["res.lang"].get_installed())
        return "zh_CN" if "zh_CN" in installed else self.env.lang

    def _report_confirmed_on(self):
        self.ensure_one()
        if not self.confirmed_at:
            return False
        return format_date(
            self.env, fields.Datetime.context_timestamp(self, self.confirmed_at)
        )

    def _report_period(self):
        """The quarter's first and last local days, in the reader's format."""
        self.ensure_one()
        start, end = kpi_bounds(self)
        tz = self.company_id.partner_id.tz
        first = format_date(self.env, periods.local_date(start, tz))
        last = format_date(self.env, periods.local_date(end, tz) - timedelta(days=1))
        return f"{first} – {last}"


class AfterSalesKpiScorecardLine(models.Model):
    """One KPI of a scorecard: what was counted and how it scored. The figures
    are written only by the scorecard's recompute (transition fields); the
    department writes the deviation explanation and measures while the
    scorecard is a draft."""

    _name = "after_sales.kpi.scorecard.line"
    _description = "Service Target Scorecard Line"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "scorecard_id, sequence, id"
    _frozen_parent = "scorecard_id"
    _transition_fields = (
        "target_id",
        "code",
        "department",
        "res_model",
        "denominator_ids",
        "numerator_ids",
        "denominator",
        "numerator",
        "value",
        "target",
        "weight",
        "status",
        "weighted_score",
    )

    scorecard_id = fields.Many2one(
        "after_sales.kpi.scorecard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    state = fields.Selection(related="scorecard_id.state")
    # A target scored once is archived, never deleted: its line keeps its name.
    target_id = fields.Many2one(
        "after_sales.kpi.target", string="Service Target", ondelete="restrict"
    )
    sequence = fields.Integer(related="target_id.sequence", store=True)
    code = fields.Selection(KPI_CODES, string="KPI", required=True)
    name = fields.Char(related="target_id.name", string="KPI Name")
    definition = fields.Text(related="target_id.definition")
    department = fields.Selection(KPI_DEPARTMENTS)
    res_model = fields.Char(string="Documents Counted")
    denominator_ids = fields.Json(string="Documents Counted (IDs)")
    numerator_ids = fields.Json(string="Documents Meeting It (IDs)")
    denominator = fields.Integer(string="Counted")
    numerator = fields.Integer(string="Meeting It")
    value = fields.Float(string="Value (%)", digits=(5, 2))
    value_display = fields.Char(string="Value", compute="_compute_value_display")
    target = fields.Float(string="Target (%)", digits=(5, 2))
    weight = fields.Float(string="Weight (%)", digits=(5, 2))
    status = fields.Selection(LINE_STATUSES)
    weighted_score = fields.Float(digits=(6, 2))
    explanation = fields.Text(
        string="Deviation Explanation and Measures",
        help="Required on a missed target before the scorecard is confirmed "
        "(差异说明及改进措施, 002 §5.1.5.4 a).",
    )

    @api.depends("value", "status")
    @api.depends_context("lang")
    def _compute_value_display(self):
        for line in self:
            if line.status == "no_data" or not line.status:
                line.value_display = self.env._("No data")
            else:
                line.value_display = f"{line.value:.2f} %"

    def action_open_counted(self):
        """The documents the line counted (its denominator)."""
        return self._open_documents(self.denominator_ids)

    def action_open_meeting(self):
        """The documents that met the KPI (its numerator)."""
        return self._open_documents(self.numerator_ids)

    def _open_documents(self, ids):
        self.ensure_one()
        model = self.env["ir.model"]._get(self.res_model)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(kpi)s: %(model)s", kpi=self.name or self.code, model=model.name
            ),
            "res_model": self.res_model,
            "domain": [("id", "in", list(ids or []))],
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False, "active_test": False},
        }


def kpi_bounds(card):
    """The naive UTC bounds of ``card``'s quarter in its company's time zone."""
    try:
        return kpi.quarter_bounds(
            card.year, int(card.quarter or 0), card.company_id.partner_id.tz
        )
    except kpi.KpiInputError as exc:
        raise ValidationError(rule_message(card.env, exc.template, exc.params)) from exc


def rate_or_error(env, numerator, denominator):
    try:
        return kpi.rate(numerator, denominator)
    except kpi.KpiInputError as exc:
        raise UserError(rule_message(env, exc.template, exc.params)) from exc
