# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import periods
from .frozen_mixin import Transition

CLERK = "after_sales_service.group_clerk"
# The counts of the month a survey hands in: written at creation, refreshed while
# it is a draft, frozen when it is handed in.
COUNT_FIELDS = (
    "repair_done",
    "install_done",
    "repair_answered",
    "install_answered",
    "called_count",
    "completed_count",
    "answered_count",
    "satisfied_count",
)


class AfterSalesCallbackSurvey(models.Model):
    """The month's customer satisfaction survey the clerk hands in (R-CB-2).

    Seed 004 §4: 顾客满意调查每月需要上交，按照维修单和安装单5比1的数量上交，每个月
    交单的时候一同上交 — the month's answered callbacks are handed in with the
    month's paperwork, repairs and installations at 5 : 1 (the company's
    ratio): one installation survey at least for every five repair surveys, as
    far as installations were done. 004 §7.2: a clerk who does not hand it in by
    the due day is fined (a ``survey_late`` event the ledger prices, rule
    S004_SURVEY) — once per month, whether it comes late or never.

    The month is the company's (its time zone): a service finished at 23:30 on
    the 31st in Shanghai belongs to that month, whoever looks. The due day is
    the company's day of the next month (default the 3rd, with the other monthly
    reports), moved to the next working day of the company's calendar.

    One survey per company and month (``UNIQUE``); the scheduled job opens it
    when the month ends, for the company's survey clerk, with an activity due
    on the due day. The counts are refreshed while it is a draft and frozen
    when it is handed in.
    """

    _name = "after_sales.callback.survey"
    _description = "Monthly Satisfaction Survey"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "month desc, id desc"
    _check_company_auto = True
    _transitions = {
        "refresh": Transition(("draft",), "draft", (CLERK,)),
        "submit": Transition(("draft",), "submitted", (CLERK,)),
    }
    _state_editable = {"draft": ("user_id", "note")}
    _unlink_states = ()
    # The month and the company are given at creation; no state lists them as
    # editable, so nothing changes them after.
    _transition_fields = (
        "state",
        "due_date",
        "submitted_at",
        "submitted_by_id",
        "late",
        *COUNT_FIELDS,
    )

    name = fields.Char(compute="_compute_name", string="Survey")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )
    month = fields.Date(
        required=True,
        readonly=True,
        help="The first day of the company's month the survey covers.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Clerk",
        tracking=True,
        domain=[("share", "=", False)],
        help="The clerk (信息员) who hands the survey in: fined when it is late.",
    )
    state = fields.Selection(
        [("draft", "To Hand In"), ("submitted", "Handed In")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    due_date = fields.Date(string="Hand In By", readonly=True, tracking=True)
    submitted_at = fields.Datetime(string="Handed In At", readonly=True, copy=False)
    submitted_by_id = fields.Many2one(
        "res.users", string="Handed In By", readonly=True, copy=False
    )
    late = fields.Boolean(
        readonly=True,
        help="Handed in after the due day, or not handed in when it passed.",
    )
    note = fields.Text()

    repair_done = fields.Integer(string="Repairs Done", readonly=True)
    install_done = fields.Integer(string="Installations Done", readonly=True)
    repair_answered = fields.Integer(string="Repairs Surveyed", readonly=True)
    install_answered = fields.Integer(string="Installations Surveyed", readonly=True)
    completed_count = fields.Integer(string="Services Done", readonly=True)
    called_count = fields.Integer(string="Called Back", readonly=True)
    answered_count = fields.Integer(string="Surveys Answered", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Answers", readonly=True)
    ratio_label = fields.Char(string="Quota", compute="_compute_quota")
    install_required = fields.Integer(
        string="Installation Surveys Required",
        compute="_compute_quota",
        help="One installation survey for every so many repair surveys (the "
        "company's ratio), as far as installations were done.",
    )
    quota_met = fields.Boolean(compute="_compute_quota")
    coverage = fields.Float(string="Coverage (%)", compute="_compute_rates")
    satisfaction = fields.Float(string="Satisfaction (%)", compute="_compute_rates")

    can_refresh = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_refresh_reason = fields.Char(compute="_compute_transitions")
    can_submit = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_submit_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "month_uniq",
            "UNIQUE(company_id, month)",
            "A company hands in one satisfaction survey a month.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_name(self):
        lang = self.env.lang or "en_US"
        for survey in self:
            survey.name = self.env._(
                "Satisfaction Survey %(month)s",
                month=periods.month_label(survey.month, lang) if survey.month else "",
            )

    @api.depends("repair_answered", "install_answered", "install_done", "company_id")
    def _compute_quota(self):
        for survey in self:
            repairs, installs = survey.company_id._after_sales_survey_ratio()
            survey.ratio_label = f"{repairs} : {installs}"
            required = math.floor(survey.repair_answered * installs / repairs)
            survey.install_required = min(required, survey.install_done)
            survey.quota_met = survey.install_answered >= survey.install_required

    @api.depends("completed_count", "called_count", "answered_count")
    def _compute_rates(self):
        for survey in self:
            survey.coverage = (
                100.0 * survey.called_count / survey.completed_count
                if survey.completed_count
                else 0.0
            )
            survey.satisfaction = (
                100.0 * survey.satisfied_count / survey.answered_count
                if survey.answered_count
                else 0.0
            )

    # ------------------------------------------------------------------
    # The company's month
    # ------------------------------------------------------------------

    def _month_bounds(self):
        """The UTC instants (naive) the company's month starts and ends at."""
        self.ensure_one()
        return periods.month_bounds(self.month, self.company_id.partner_id.tz)

    def _month_callbacks(self):
        self.ensure_one()
        start, end = self._month_bounds()
        return (
            self.env["after_sales.callback"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("completed_at", ">=", start),
                    ("completed_at", "<", end),
                ]
            )
            .with_env(self.env)
        )

    def _count_vals(self):
        """The month's counts, in one query: services done (by their callbacks,
        one per finished record), called, answered and satisfied, repairs and
        installations apart."""
        self.ensure_one()
        start, end = self._month_bounds()
        self.env["after_sales.callback"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE state != 'pending'),
                       count(*) FILTER (WHERE state = 'done'),
                       count(*) FILTER (WHERE state = 'done'
                                          AND satisfaction IN ('excellent', 'good')),
                       count(*) FILTER (WHERE service_kind = 'repair'),
                       count(*) FILTER (WHERE service_kind = 'installation'),
                       count(*) FILTER (WHERE service_kind = 'repair'
                                          AND state = 'done'),
                       count(*) FILTER (WHERE service_kind = 'installation'
                                          AND state = 'done')
                  FROM after_sales_callback
                 WHERE company_id = %s AND completed_at >= %s AND completed_at < %s
                """,
                self.company_id.id,
                start,
                end,
            )
        )
        row = self.env.cr.fetchone()
        return dict(
            zip(
                (
                    "completed_count",
                    "called_count",
                    "answered_count",
                    "satisfied_count",
                    "repair_done",
                    "install_done",
                    "repair_answered",
                    "install_answered",
                ),
                row,
                strict=True,
            )
        )

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """A survey covers a whole past or current month of its company; its
        due day and counts are the layer's to write."""
        self.browse().check_access("create")
        for vals in vals_list:
            month = vals.get("month")
            if not month:
                raise ValidationError(
                    self.env._("Choose the month the satisfaction survey covers.")
                )
            month = fields.Date.to_date(month)
            if month.day != 1:
                raise ValidationError(
                    self.env._(
                        "A satisfaction survey covers a whole month: choose its "
                        "first day."
                    )
                )
            vals["month"] = month
            company_id = vals.get("company_id") or self.env.company.id
            if self.sudo().search_count(
                [("company_id", "=", company_id), ("month", "=", month)], limit=1
            ):
                raise ValidationError(
                    self.env._(
                        "The satisfaction survey of %(month)s exists already: a "
                        "company hands in one a month.",
                        month=periods.month_label(month, self.env.lang or "en_US"),
                    )
                )
        surveys = super().create(vals_list)
        for survey in surveys:
            today = survey._company_today()
            if survey.month > today:
                raise ValidationError(
                    self.env._(
                        "%(survey)s covers a month that has not begun.",
                        survey=survey.name,
                    )
                )
            survey.sudo()._transition_write(
                {"due_date": survey._due_date(), **survey._count_vals()}
            )
        return surveys

    def _company_today(self):
        self.ensure_one()
        tz = self.company_id.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    def _due_date(self):
        """The company's due day of the next month, on a working day."""
        self.ensure_one()
        company = self.company_id
        day = min(max(company.after_sales_survey_due_day, 1), 28)
        due = self.month + relativedelta(months=1, day=day)
        calendar = company.resource_calendar_id
        if not calendar:
            return due
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(due, time()))
        # the first working moment from the due day on (itself if it works)
        planned = calendar.plan_hours(0.01, start, compute_leaves=True)
        return planned.astimezone(tz).date() if planned else due

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_refresh(self):
        """Button "Refresh": the month's counts as they are now."""
        surveys = self._begin_transition("refresh")
        for survey in surveys:
            survey._transition_write(survey._count_vals())
        return True

    def action_submit(self):
        """Button "Hand In": the counts are frozen; handed in after the due day,
        the clerk's lateness is recorded (004 §7.2)."""
        surveys = self._begin_transition("submit")
        now = fields.Datetime.now()
        for survey in surveys:
            late = survey._company_today() > survey.due_date
            survey._transition_write(
                {
                    **survey._count_vals(),
                    "state": "submitted",
                    "submitted_at": now,
                    "submitted_by_id": self.env.uid,
                    "late": late or survey.late,
                }
            )
        surveys.activity_ids.sudo().action_feedback()
        surveys.filtered("late")._record_late()
        return True

    def _record_late(self):
        """One ``survey_late`` event per survey (key: the month), for its clerk."""
        vals_list = [
            {
                "kind": "survey_late",
                "key": survey.month.strftime("%Y-%m"),
                "res_model": survey._name,
                "res_id": survey.id,
                "company_id": survey.company_id.id,
                "user_id": (survey.user_id or survey.submitted_by_id).id,
                # the end of the due day in the company's time zone
                "occurred_at": periods.local_to_utc(
                    datetime.combine(survey.due_date, time(23, 59)),
                    survey.company_id.partner_id.tz,
                ),
            }
            for survey in self
            if survey.user_id or survey.submitted_by_id
        ]
        self.env["after_sales.performance.event"].sudo()._record(vals_list)

    # ------------------------------------------------------------------
    # The scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_surveys(self):
        """Daily: open the survey of each company's month just ended (with an
        activity for its clerk, due on the due day), and mark late the surveys
        whose due day has passed without them (once)."""
        companies = self.env["res.company"].search([])
        for company in companies:
            tz = company.partner_id.tz or "UTC"
            today = fields.Date.context_today(self.with_context(tz=tz))
            last_month = today + relativedelta(months=-1, day=1)
            exists = self.search_count(
                [("company_id", "=", company.id), ("month", "=", last_month)]
            )
            if not exists and company._after_sales_survey_in_use(last_month):
                survey = self.sudo().create(
                    {
                        "company_id": company.id,
                        "month": last_month,
                        "user_id": company.after_sales_survey_user_id.id,
                    }
                )
                survey._schedule_reminder()
        overdue = self.sudo().search(
            [("state", "=", "draft"), ("late", "=", False), ("due_date", "!=", False)]
        )
        overdue = overdue.filtered(lambda s: s._company_today() > s.due_date)
        for survey in overdue:
            survey._transition_write({"late": True})
        overdue._record_late()
        return True

    def _schedule_reminder(self):
        for survey in self.filtered("user_id"):
            user = survey.user_id
            survey.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=survey.due_date,
                user_id=user.id,
                summary=survey.with_context(lang=user.lang).env._(
                    "Hand in the satisfaction survey of %(month)s",
                    month=periods.month_label(survey.month, user.lang or "en_US"),
                ),
            )

    def action_open_callbacks(self):
        """Smart button: the month's callbacks."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.callback_action"
        )
        action["domain"] = [("id", "in", self._month_callbacks().ids)]
        action["context"] = {"search_default_group_kind": 1}
        return action


class ResCompany(models.Model):
    _inherit = "res.company"

    after_sales_survey_due_day = fields.Integer(
        string="Survey Due Day",
        default=3,
        help="The month's satisfaction survey is handed in by this day of the next "
        "month (moved to the next working day).",
    )
    after_sales_survey_repair_ratio = fields.Integer(string="Repair Surveys", default=5)
    after_sales_survey_install_ratio = fields.Integer(
        string="Installation Surveys", default=1
    )
    after_sales_survey_user_id = fields.Many2one(
        "res.users",
        string="Survey Clerk",
        domain=[("share", "=", False)],
        help="The clerk (信息员) who hands in the month's satisfaction survey.",
    )

    @api.constrains(
        "after_sales_survey_due_day",
        "after_sales_survey_repair_ratio",
        "after_sales_survey_install_ratio",
    )
    def _check_after_sales_survey(self):
        for company in self:
            if not 1 <= company.after_sales_survey_due_day <= 28:
                raise ValidationError(
                    self.env._(
                        "The satisfaction survey is due between the 1st and the "
                        "28th of the next month."
                    )
                )
            if not (
                1 <= company.after_sales_survey_repair_ratio <= 100
                and 1 <= company.after_sales_survey_install_ratio <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The survey ratio counts repairs and installations from 1 "
                        "to 100 each."
                    )
                )

    def _after_sales_survey_ratio(self):
        self.ensure_one()
        return (
            self.after_sales_survey_repair_ratio or 5,
            self.after_sales_survey_install_ratio or 1,
        )

    def _after_sales_survey_in_use(self, month):
        """Whether the company had services called back in ``month`` (a company
        without after-sales work gets no survey to hand in)."""
        self.ensure_one()
        start, end = periods.month_bounds(month, self.partner_id.tz)
        return bool(
            self.env["after_sales.callback"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", self.id),
                    ("completed_at", ">=", start),
                    ("completed_at", "<", end),
                ],
                limit=1,
            )
        )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    after_sales_survey_due_day = fields.Integer(
        related="company_id.after_sales_survey_due_day", readonly=False
    )
    after_sales_survey_repair_ratio = fields.Integer(
        related="company_id.after_sales_survey_repair_ratio", readonly=False
    )
    after_sales_survey_install_ratio = fields.Integer(
        related="company_id.after_sales_survey_install_ratio", readonly=False
    )
    after_sales_survey_user_id = fields.Many2one(
        related="company_id.after_sales_survey_user_id", readonly=False
    )
