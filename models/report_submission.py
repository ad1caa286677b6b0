# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools import periods, report_due
from .frozen_mixin import Transition

CLERK = "after_sales_service.group_clerk"
SUPERVISOR = "after_sales_service.group_supervisor"

# The four monthly reports (R-RPT-1; seeds 000 §2.10, §2.12): the contract
# report model each reads, who receives it, its print.
KINDS = [
    ("labour", "Labour Hours Statistics"),
    ("material", "Materials Actually Used"),
    ("feedback", "Service Feedback Statistics"),
    ("cause", "Cause Analysis Statistics"),
]
KIND_MODEL = {
    "labour": "after_sales.report.labour",
    "material": "after_sales.report.material",
    "feedback": "after_sales.report.feedback",
    "cause": "after_sales.report.cause",
}
KIND_RECIPIENT = {
    "labour": "finance",
    "material": "finance",
    "feedback": "finance",
    "cause": "marketing",
}
_logger = logging.getLogger(__name__)

KIND_REPORT = {
    kind: f"after_sales_service.report_submission_{kind}_action" for kind in KIND_MODEL
}


class AfterSalesReportSubmission(models.Model):
    """The month's report handed in, one per company, report and month (R-RPT-1).

    Seeds 000 §2.10/§2.12: the clerk sends the labour-hours, materials and
    feedback statistics to finance by the 3rd of the next month and the cause
    statistics to the marketing director by the 8th. The due date is computed
    when the record is created, from the company's settings (its due days,
    moved to the next working day of its calendar), and kept. The scheduled
    job opens the four records when the company's month closes and reminds the
    responsible clerk with one activity, the company's lead time ahead.

    Submitting (clerk or supervisor) records who and when, renders the month's
    print and keeps it as the record's attachment: the submitted record, its
    PDF included, never changes (the transition layer freezes it, attachments
    included). ``late``: submitted after the due date, or still not submitted
    when the company's today has passed it — days of the company's time zone.
    """

    _name = "after_sales.report.submission"
    _description = "Monthly Report Submission"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # The seeds' order: labour hours, materials, feedback, then the causes.
    _order = "month desc, kind_sequence, id"
    _check_company_auto = True
    _transitions = {
        "submit": Transition(("draft",), "submitted", (CLERK, SUPERVISOR)),
    }
    _state_editable = {"draft": ("note",)}
    _unlink_states = ()
    # The company, the report and the month are given at creation; no state
    # lists them as editable, so nothing changes them after.
    _transition_fields = (
        "state",
        "due_date",
        "user_id",
        "submitted_at",
        "submitted_by_id",
        "late",
        "reminder_scheduled",
        "attachment_id",
    )

    name = fields.Char(compute="_compute_name", string="Submission")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )
    kind = fields.Selection(KINDS, string="Report", required=True, readonly=True)
    kind_sequence = fields.Integer(compute="_compute_recipient", store=True)
    month = fields.Date(
        required=True,
        readonly=True,
        help="The first day of the company's month the report covers.",
    )
    month_label = fields.Char(string="Month of the Report", compute="_compute_name")
    recipient = fields.Selection(
        [("finance", "Finance"), ("marketing", "Marketing Director")],
        compute="_compute_recipient",
        store=True,
        help="Who receives the report: finance the three statistics, the "
        "marketing director the cause statistics.",
    )
    state = fields.Selection(
        [("draft", "To Submit"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    due_date = fields.Date(string="Due By", readonly=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Clerk",
        readonly=True,
        help="The company's responsible clerk when the record was opened: "
        "reminded ahead of the due date.",
    )
    submitted_at = fields.Datetime(readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    late = fields.Boolean(
        readonly=True,
        help="Submitted after the due date, or not submitted when the company's "
        "today passed it.",
    )
    status = fields.Selection(
        [
            ("due", "To Submit"),
            ("late", "Late, Not Submitted"),
            ("submitted", "Submitted on Time"),
            ("submitted_late", "Submitted Late"),
        ],
        compute="_compute_status",
        store=True,
        help="Where the report stands against its due date (the calendar's "
        "colours).",
    )
    reminder_scheduled = fields.Boolean(readonly=True, copy=False)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Submitted Print", readonly=True, copy=False
    )
    note = fields.Text()
    can_submit = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_submit_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "kind_month_uniq",
            "UNIQUE(company_id, kind, month)",
            "A company submits each report once a month.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("kind", "month")
    @api.depends_context("lang")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        lang = self.env.lang or "en_US"
        for submission in self:
            label = (
                periods.month_label(submission.month, lang) if submission.month else ""
            )
            submission.month_label = label
            submission.name = f"{kinds.get(submission.kind, '')} {label}".strip()

    @api.depends("kind")
    def _compute_recipient(self):
        order = [kind for kind, _label in KINDS]
        for submission in self:
            submission.recipient = KIND_RECIPIENT.get(submission.kind, False)
            submission.kind_sequence = (
                order.index(submission.kind) if submission.kind in order else 0
            )

    @api.depends("state", "late")
    def _compute_status(self):
        for submission in self:
            if submission.state == "submitted":
                submission.status = "submitted_late" if submission.late else "submitted"
            else:
                submission.status = "late" if submission.late else "due"

    @api.depends("kind", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for submission in self:
            submission.display_name = submission.name

    # ------------------------------------------------------------------
    # The company's calendar
    # ------------------------------------------------------------------

    def _company_today(self):
        self.ensure_one()
        return self.company_id._after_sales_today()

    def _due_date(self):
        """The company's due day of the next month, on a working day."""
        self.ensure_one()
        company = self.company_id
        day = (
            company.after_sales_cause_due_day
            if self.kind == "cause"
            else company.after_sales_report_due_day
        )
        nominal = report_due.next_month(self.month).replace(day=day)
        weekdays, holidays = company._after_sales_working_days(
            nominal, nominal + timedelta(days=60)
        )
        return report_due.due_date(self.month, day, weekdays, holidays)

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """A submission covers a whole closed month of its company; its due
        date, clerk and lateness are the layer's to write."""
        self.browse().check_access("create")
        for vals in vals_list:
            month = vals.get("month")
            if not month or not vals.get("kind"):
                raise ValidationError(
                    self.env._("Choose the report and the month it covers.")
                )
            month = fields.Date.to_date(month)
            if month.day != 1:
                raise ValidationError(
                    self.env._(
                        "A monthly report covers a whole month: choose its first day."
                    )
                )
            vals["month"] = month
        submissions = super().create(vals_list)
        for submission in submissions:
            today = submission._company_today()
            if submission.month >= report_due.month_start(today):
                raise ValidationError(
                    self.env._(
                        "%(name)s covers a month that has not closed yet.",
                        name=submission.name,
                    )
                )
            due = submission._due_date()
            submission.sudo()._transition_write(
                {
                    "due_date": due,
                    "user_id": submission.company_id.after_sales_report_user_id.id,
                    "late": report_due.is_late(due, today),
                }
            )
        return submissions

    # ------------------------------------------------------------------
    # Submitting
    # ------------------------------------------------------------------

    def action_submit(self):
        """Button "Submit": the month's print is rendered and kept with the
        record; who and when are recorded; after the due date (the company's
        day) it is late. Nothing changes after."""
        self._begin_transition("submit")._do_submit(fields.Datetime.now())
        return True

    def _do_submit(self, moment):
        """Submitted at ``moment`` (naive UTC), after the transition's check."""
        for submission in self:
            submitted_on = periods.local_date(
                moment, submission.company_id.partner_id.tz
            )
            attachment = submission._freeze_print()
            submission._transition_write(
                {
                    "state": "submitted",
                    "submitted_at": moment,
                    "submitted_by_id": self.env.uid,
                    "late": report_due.is_late(submission.due_date, submitted_on),
                    "attachment_id": attachment.id,
                }
            )
        self.activity_ids.sudo().action_feedback()

    @api.model
    def _demo_submissions(self, company_id, user_id, submit=False):
        """The demo (R-RPT-1): three months ago submitted two days late, two
        months ago on time (each on its due date, 10:00 in the company's time
        zone, by ``user_id``); the month just closed is opened by the job.

        The frozen prints fetch their styles from the running server, which
        does not answer while the demo installs: the install opens the months
        (``submit=False``), ``make demo`` submits them once Odoo serves.
        Running it again changes nothing."""
        company = self.env["res.company"].browse(company_id)
        today = company._after_sales_today()
        clerk = self.env["res.users"].browse(user_id)
        Submission = self.sudo()
        for months_ago, days_late in ((3, 2), (2, 0)):
            month = report_due.month_start(today)
            for _n in range(months_ago):
                month = report_due.previous_month(month)
            submissions = Submission.search(
                [("company_id", "=", company.id), ("month", "=", month)]
            )
            missing = [k for k in KIND_MODEL if k not in submissions.mapped("kind")]
            submissions |= Submission.create(
                [{"company_id": company.id, "kind": k, "month": month} for k in missing]
            )
            if not submit:
                continue
            for submission in submissions.filtered(lambda s: s.state == "draft"):
                moment = periods.at_local_time(
                    submission.due_date + timedelta(days=days_late),
                    10.0,
                    company.partner_id.tz,
                )
                submission.with_user(clerk)._begin_transition("submit")._do_submit(
                    moment
                )
        self._cron_company(company)
        return True

    def _freeze_print(self):
        """The month's print as it is now, kept as the record's attachment
        (the system's file: made as superuser, frozen with the record)."""
        self.ensure_one()
        report = self.env.ref(KIND_REPORT[self.kind]).sudo()
        content, kind = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=self._report_lang())
            ._render_qweb_pdf(report.report_name, self.ids)
        )
        extension, mimetype = (
            ("pdf", "application/pdf") if kind == "pdf" else ("html", "text/html")
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.with_context(lang=self._report_lang()).name}"
                    f".{extension}",
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _report_lang(self):
        """The department's forms are Chinese: printed in Chinese when Chinese
        is installed, else in the reader's language."""
        installed = dict(self.env["res.lang"].get_installed())
        return "zh_CN" if "zh_CN" in installed else self.env.lang

    def _report_date(self, day):
        """A date as the print's reader writes it (2026年12月03日)."""
        return format_date(self.env, day) if day else ""

    def _report_submitted_on(self):
        """The day it was submitted, in the company's time zone."""
        self.ensure_one()
        if not self.submitted_at:
            return False
        return self._report_date(
            periods.local_date(self.submitted_at, self.company_id.partner_id.tz)
        )

    def action_open_print(self):
        """Button "Print": the frozen print of a submitted record, else the
        month's print as it is now."""
        self.ensure_one()
        if self.attachment_id:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.attachment_id.id}?download=true",
                "target": "self",
            }
        return self.env.ref(KIND_REPORT[self.kind]).report_action(self)

    # ------------------------------------------------------------------
    # The month's figures (for the prints)
    # ------------------------------------------------------------------

    def _report_rows(self, groupby, aggregates, order=None):
        """The contract report model's rows of the record's company and month,
        grouped by ``groupby`` (one ``read_group``): the print reads them."""
        self.ensure_one()
        Report = self.env[KIND_MODEL[self.kind]].sudo()
        return Report.with_context(lang=self._report_lang())._read_group(
            [("company_id", "=", self.company_id.id), ("month", "=", self.month)],
            groupby,
            aggregates,
            order=order,
        )

    @api.model
    def _report_sums(self, rows, start, stop):
        """The column totals ``start`` to ``stop`` (excluded) of ``rows``."""
        return [sum(row[i] or 0 for row in rows) for i in range(start, stop)]

    # ------------------------------------------------------------------
    # The scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_submissions(self, batch_size=200):
        """Daily, per company (committed one company at a time): open the four
        records of the company's month just closed; remind the responsible
        clerk once, the lead time before each due date; mark late the records
        whose due date passed unsubmitted. Running it again changes nothing."""
        commit = bool(self.env.context.get("cron_id"))
        for company in self.env["res.company"].search([]):
            self._cron_company(company, batch_size)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return True

    @api.model
    def _cron_company(self, company, batch_size=200):
        today = company._after_sales_today()
        month = report_due.previous_month(today)
        Submission = self.sudo()
        existing = set(
            Submission.search(
                [("company_id", "=", company.id), ("month", "=", month)]
            ).mapped("kind")
        )
        missing = [kind for kind in KIND_MODEL if kind not in existing]
        if missing:
            try:
                with self.env.cr.savepoint():
                    Submission.create(
                        [
                            {"company_id": company.id, "kind": kind, "month": month}
                            for kind in missing
                        ]
                    )
            except psycopg2.errors.UniqueViolation:
                # Another run opened them meanwhile (UNIQUE): nothing to add.
                _logger.info("Report submissions of %s opened by another run", month)
        clerk = company.after_sales_report_user_id
        if clerk:
            unassigned = Submission.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "draft"),
                    ("user_id", "=", False),
                ],
                limit=batch_size,
            )
            # A clerk named after the month was opened takes its open reports.
            unassigned._transition_write({"user_id": clerk.id})
        lead = company.after_sales_report_reminder_days
        drafts = Submission.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                "|",
                ("reminder_scheduled", "=", False),
                ("late", "=", False),
            ],
            limit=batch_size,
        )
        to_remind = drafts.filtered(
            lambda s: not s.reminder_scheduled
            and s.user_id
            and s.due_date
            and today >= report_due.reminder_date(s.due_date, lead)
        )
        to_remind._schedule_reminder()
        overdue = drafts.filtered(
            lambda s: not s.late
            and s.due_date
            and report_due.is_late(s.due_date, today)
        )
        if overdue:
            overdue._transition_write({"late": True})

    def _schedule_reminder(self):
        """One to-do per record for its clerk, due on the due date, in the
        clerk's language; never twice (``reminder_scheduled``)."""
        for submission in self:
            user = submission.user_id
            lang = user.lang or "en_US"
            reader = submission.with_context(lang=lang)
            submission.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=submission.due_date,
                user_id=user.id,
                summary=reader.env._(
                    "Submit %(report)s to %(recipient)s",
                    report=reader.name,
                    recipient=dict(
                        reader._fields["recipient"]._description_selection(reader.env)
                    ).get(submission.recipient, ""),
                ),
                note=reader.env._(
                    "Due by %(date)s.",
                    date=format_date(reader.env, submission.due_date),
                ),
            )
        self._transition_write({"reminder_scheduled": True})
