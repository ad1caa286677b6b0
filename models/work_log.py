# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import plaintext2html

from ..tools import periods, sla
from .frozen_mixin import ALL, Transition
from .rule_errors import format_moment

STATES = [("draft", "Draft"), ("submitted", "Submitted")]
# How far ahead the next working day is looked for (long holidays included).
NEXT_WORKING_DAY_HORIZON = timedelta(days=31)


class AfterSalesWorkLog(models.Model):
    """Daily work log of an engineer (售后人员工作记录, R-REC-6, seed 000 §2.11).

    One log per engineer and day lists the service records of the day (arrived or
    started that day in the company's time zone, led or taken part in) with the
    labour hours and travel. The engineer submits it by the deadline: the next
    working day of their calendar at the company's hour (08:30 by default). A log
    submitted after the deadline, or still not submitted past it, is late; the
    submission of a late log is a ``work_log_late`` performance event with the
    days late (DESIGN §4).

    Rights: engineers read, create and submit their own logs; supervisors all logs
    of their companies. Only the submission and the system set the state, the
    timing and the lateness.

    One log a day (000 §2.11: 《售后人员工作记录》 is handed in once, an accurate
    and detailed record of the day): a record of the day that comes after the
    log was submitted (the engineer handed it in early and went on working) is
    added to the same log as an amendment (``amendment_ids``), stamped with when
    it was added; the supervisor sees it. Lateness is judged per entry: an
    amendment added after the deadline is late, the entries handed in on time
    stay on time.
    """

    _name = "after_sales.work.log"
    _description = "Daily Work Log"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, employee_id, id desc"
    _rec_names_search = ["employee_id.name"]
    _check_company_auto = True
    # A submitted log keeps its content; the state, the timing and the lateness
    # are the submission's and the system's only.
    _state_editable = {"draft": ALL}
    _transitions = {
        "submit": Transition(("draft",), "submitted"),
        # The system adds a record of the day that came after the submission.
        "amend": Transition(("submitted",), "submitted"),
    }
    _transition_fields = ("state", "submitted_at", "deadline", "is_late")

    @api.model
    def _default_employee_id(self):
        return self.env.user.employee_id

    @api.model
    def _default_date(self):
        return self._after_sales_today(self.env.company)

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Engineer",
        required=True,
        default=_default_employee_id,
        check_company=True,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, string="User", index=True
    )
    date = fields.Date(required=True, default=_default_date, index=True, tracking=True)
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    note = fields.Text(
        string="Work Description", help="The engineer's account of the day."
    )
    # The day's work
    record_ids = fields.Many2many(
        "after_sales.service.record",
        string="Service Records",
        compute="_compute_record_ids",
        store=True,
        readonly=True,
        copy=False,
    )
    record_count = fields.Integer(compute="_compute_totals", store=True)
    labour_hours_total = fields.Float(
        string="Labour Hours", compute="_compute_totals", store=True
    )
    travel_distance_total = fields.Float(
        string="Travel (km)", compute="_compute_totals", store=True
    )
    # Timing
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        help="The next working day of the engineer's calendar at the company's daily "
        "log hour.",
    )
    submitted_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        help="Submitted after the deadline, or not submitted and the deadline passed.",
    )
    amendment_ids = fields.One2many(
        "after_sales.work.log.amendment",
        "log_id",
        string="Added After Submission",
        readonly=True,
        copy=False,
    )
    amended = fields.Boolean(
        compute="_compute_amended",
        store=True,
        help="Service records were added to the log after it was submitted.",
    )
    late_amendment_count = fields.Integer(
        string="Late Additions",
        compute="_compute_amended",
        store=True,
        help="Service records added after the deadline.",
    )
    can_submit = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_submit_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "employee_date_unique",
            "UNIQUE(employee_id, date)",
            "An engineer has one work log per day.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("employee_id", "date")
    def _compute_display_name(self):
        for log in self:
            log.display_name = self.env._(
                "%(employee)s, %(date)s",
                employee=log.employee_id.name or "",
                date=log.date or "",
            )

    @api.depends("employee_id", "date", "company_id")
    def _compute_record_ids(self):
        """The day's records; also refreshed by ``_refresh_records`` (generation,
        submission) since records change after the log is created."""
        Record = self.env["after_sales.service.record"]
        for log in self:
            if not (log.employee_id and log.date and log.company_id):
                log.record_ids = Record
                continue
            log.record_ids = Record.sudo().search(log._record_domain())

    @api.depends("record_ids.labour_hours", "record_ids.travel_distance")
    def _compute_totals(self):
        for log in self:
            records = log.record_ids
            log.record_count = len(records)
            log.labour_hours_total = sum(records.mapped("labour_hours"))
            log.travel_distance_total = sum(records.mapped("travel_distance"))

    @api.depends("date", "employee_id", "company_id")
    def _compute_deadline(self):
        """The company hour is read when the log is created: a later change of the
        setting does not rewrite the deadlines, and the lateness, of past logs."""
        for log in self:
            if not (log.date and log.company_id):
                log.deadline = False
                continue
            # An engineer computing their own log may not read hr.employee.
            calendar = (
                log.employee_id.sudo().resource_calendar_id
                or log.company_id.resource_calendar_id
            )
            tz = log._after_sales_tz(log.company_id)
            day = log._next_working_day(log.date, calendar, tz)
            log.deadline = periods.at_local_time(
                day, log.company_id.after_sales_log_deadline_hour, tz
            )

    @api.depends("state", "submitted_at", "deadline")
    def _compute_is_late(self):
        """Time-dependent for unsubmitted logs: the cron refreshes it."""
        now = fields.Datetime.now()
        for log in self:
            if not log.deadline:
                log.is_late = False
            elif log.state == "submitted" and log.submitted_at:
                log.is_late = log.submitted_at > log.deadline
            else:
                log.is_late = now > log.deadline

    @api.depends("amendment_ids.is_late")
    def _compute_amended(self):
        for log in self:
            log.amended = bool(log.amendment_ids)
            log.late_amendment_count = len(log.amendment_ids.filtered("is_late"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date", "company_id")
    def _check_date(self):
        for log in self:
            today = self._after_sales_today(log.company_id)
            if log.date > today:
                raise ValidationError(
                    self.env._(
                        "A work log cannot be kept for a future day (%(date)s).",
                        date=log.date,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_submit(self):
        """Button "Submit": the engineer hands in the log of the day."""
        self.check_access("write")  # a role refusal is an AccessError
        self._check_transition("submit")
        self._do_submit()
        return True

    def _do_submit(self):
        """Hand in the logs now; a late one is a ``work_log_late`` event with its
        days late (R-REC-6, R-PEN-3). Called by the "Submit" button."""
        self.check_access("write")
        logs = self._begin_transition("submit")
        logs._refresh_records()
        now = fields.Datetime.now()
        logs.sudo()._transition_write({"state": "submitted", "submitted_at": now})
        late = logs.filtered("is_late")
        for log in late:
            log._message_log(
                body=plaintext2html(
                    self.env._(
                        "Submitted late: the deadline was %(deadline)s.",
                        deadline=format_moment(
                            self.env,
                            log.deadline,
                            log._after_sales_tz(log.company_id),
                        ),
                    ),
                ),
            )
        self.env["after_sales.performance.event"].sudo()._record(
            late._prepare_performance_event_vals()
        )

    def _prepare_performance_event_vals(self):
        """One ``work_log_late`` event per late submitted log; ``quantity`` is the
        days late, each started day counting (a log due 08:30 and handed in at
        09:00 is one day late)."""
        vals_list = []
        for log in self.filtered(lambda log: log.is_late and log.submitted_at):
            late = log.submitted_at - log.deadline
            days = late.days + (1 if late.seconds or late.microseconds else 0)
            vals_list.append(
                {
                    "kind": "work_log_late",
                    "res_model": log._name,
                    "res_id": log.id,
                    "company_id": log.company_id.id,
                    "user_id": log.user_id.id,
                    "employee_id": log.employee_id.id,
                    "occurred_at": log.submitted_at,
                    "quantity": max(days, 1),
                }
            )
        return vals_list

    def action_refresh_records(self):
        """Button "Refresh": list the day's records again (draft logs only)."""
        self.check_access("write")  # a role refusal is an AccessError
        self._refresh_records()
        return True

    @api.model
    def action_generate_today(self):
        """Button "Generate Today's Logs" (supervisors): a log for every engineer
        with a service record today, in the current company."""
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise AccessError(
                self.env._("Only service supervisors generate the daily work logs.")
            )
        company = self.env.company
        day = self._after_sales_today(company)
        logs = self._generate_logs(company, day)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.work_log_action"
        )
        action["domain"] = [("id", "in", logs.ids)]
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    @api.model
    def _after_sales_tz(self, company):
        """The name of the company's time zone: of its working calendar, else of
        its partner. Days and months are counted in it by :mod:`tools.periods`
        (``zoneinfo``, the one time-zone library of the addon's code)."""
        return company.resource_calendar_id.tz or company.partner_id.tz or "UTC"

    @api.model
    def _after_sales_today(self, company):
        return periods.local_date(fields.Datetime.now(), self._after_sales_tz(company))

    @api.model
    def _day_bounds(self, day, company):
        """The naive UTC datetimes of ``day``'s midnight and the next, company tz."""
        return periods.day_bounds(day, self._after_sales_tz(company))

    @api.model
    def _next_working_day(self, day, calendar, tz):
        """The first day after ``day`` with working time in ``calendar`` read in
        ``tz``, public holidays (calendar leaves without resource) excluded; the
        next calendar day when there is no calendar or no working day within a
        month. The walk is the SLA deadlines' (:func:`tools.sla.next_working_day`
        over the calendar built by the SLA policy line), so both deadlines agree
        on what a working day is; a two-week calendar counts its first week."""
        if not calendar or not calendar.attendance_ids:
            return day + timedelta(days=1)
        working = self.env["after_sales.sla.policy.line"]._sla_calendar(calendar, tz=tz)
        return sla.next_working_day(
            day, working, horizon_days=NEXT_WORKING_DAY_HORIZON.days
        )

    def _record_domain(self):
        """Records of the engineer whose work day — the arrival, else the start —
        is the log's date in the company's time zone."""
        self.ensure_one()
        start, end = self._day_bounds(self.date, self.company_id)
        persons = [("engineer_ids", "in", self.employee_id.ids)]
        if self.employee_id.user_id:
            persons = ["|", ("user_id", "=", self.employee_id.user_id.id), *persons]
        return [
            ("company_id", "=", self.company_id.id),
            *persons,
            *self._work_day_domain(start, end),
        ]

    @api.model
    def _work_day_domain(self, start, end):
        """Records whose work day — the arrival, else the start — lies in
        [``start``, ``end``); shared by a log's records and the generation."""
        return [
            "|",
            "&",
            ("actual_arrival", ">=", start),
            ("actual_arrival", "<", end),
            "&",
            "&",
            ("actual_arrival", "=", False),
            ("start_datetime", ">=", start),
            ("start_datetime", "<", end),
        ]

    def _refresh_records(self):
        """Called by the generation, the submission and the button "Refresh";
        a submitted log takes the day's new records as amendments."""
        drafts = self.filtered(lambda log: log.state == "draft")
        if drafts:
            self.env.add_to_compute(self._fields["record_ids"], drafts)
            drafts.flush_recordset(["record_ids"])
        (self - drafts)._amend_records()

    def _amend_records(self):
        """Add to the submitted logs the records of their day that came after the
        submission, each an amendment stamped now: late when now is past the
        log's deadline (R-REC-6, judged per entry)."""
        now = fields.Datetime.now()
        Record = self.env["after_sales.service.record"].sudo()
        for log in self.sudo().filtered(lambda log: log.state == "submitted"):
            new = Record.search(log._record_domain()) - log.record_ids
            if not new:
                continue
            log._begin_transition("amend")._transition_write(
                {
                    "record_ids": [Command.link(record.id) for record in new],
                    "amendment_ids": [
                        Command.create({"record_id": record.id, "added_at": now})
                        for record in new
                    ],
                }
            )
            late = now > log.deadline
            log._message_log(
                body=plaintext2html(
                    self.env._(
                        "Added after submission, late (after the deadline "
                        "%(deadline)s): %(records)s",
                        deadline=fields.Datetime.context_timestamp(self, log.deadline),
                        records=", ".join(new.mapped("name")),
                    )
                    if late
                    else self.env._(
                        "Added after submission: %(records)s",
                        records=", ".join(new.mapped("name")),
                    )
                ),
            )

    @api.model
    def _amend_for_records(self, records):
        """The submitted logs of the engineers of ``records`` on the records'
        work days take them (called when a record's times or state change)."""
        records = records.sudo().filtered(
            lambda r: r.actual_arrival or r.start_datetime
        )
        if not records:
            return
        days, employees = set(), self.env["hr.employee"].sudo()
        for record in records:
            tz = self._after_sales_tz(record.company_id)
            moment = record.actual_arrival or record.start_datetime
            days.add(periods.local_date(moment, tz))
            employees |= record.engineer_ids | record.user_id.employee_ids
        logs = self.sudo().search(
            [
                ("state", "=", "submitted"),
                ("employee_id", "in", employees.ids),
                ("date", "in", list(days)),
            ]
        )
        logs._amend_records()

    @api.model
    def _generate_logs(self, company, day):
        """Create the missing logs of ``day`` for every engineer with a service
        record that day in ``company``; refresh the existing drafts. Returns the
        logs of the day of those engineers."""
        start, end = self._day_bounds(day, company)
        records = (
            self.env["after_sales.service.record"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    *self._work_day_domain(start, end),
                ]
            )
        )
        Employee = self.env["hr.employee"].sudo()
        employees = records.engineer_ids.filtered(
            lambda e: e.company_id == company
        ) | Employee.search(
            [("user_id", "in", records.user_id.ids), ("company_id", "=", company.id)]
        )
        logs = self.sudo().search(
            [("employee_id", "in", employees.ids), ("date", "=", day)]
        )
        logs._refresh_records()
        missing = employees - logs.employee_id
        logs |= self.sudo().create(
            [
                {"employee_id": employee.id, "date": day, "company_id": company.id}
                for employee in missing
            ]
        )
        return logs.sudo(False)

    @api.model
    def _cron_generate_logs(self):
        """Daily cron: today's logs of every company, then the lateness of the
        logs still not submitted past their deadline. In a cron run each
        company's logs are committed on their own (issue 24): a run killed
        half-way keeps the companies done, the next makes only what is missing."""
        companies = self.env["res.company"].search([])
        for company in companies:
            self._generate_logs(company, self._after_sales_today(company))
            if self.env.context.get("cron_id"):
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._refresh_lateness()
        self.env["ir.cron"]._notify_progress(done=len(companies), remaining=0)

    @api.model
    def _refresh_lateness(self):
        overdue = self.search(
            [
                ("state", "=", "draft"),
                ("is_late", "=", False),
                ("deadline", "<", fields.Datetime.now()),
            ]
        )
        if overdue:
            self.env.add_to_compute(self._fields["is_late"], overdue)
            overdue.flush_recordset(["is_late"])
        return overdue


class AfterSalesWorkLogAmendment(models.Model):
    """A service record added to a submitted daily work log (R-REC-6): when it
    was added and whether that was after the log's deadline. Written by the
    system only; the engineer reads their own, the supervisor all."""

    _name = "after_sales.work.log.amendment"
    _description = "Work Log Amendment"
    _order = "added_at, id"
    _check_company_auto = True

    log_id = fields.Many2one(
        "after_sales.work.log", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="log_id.company_id", store=True)
    employee_id = fields.Many2one(related="log_id.employee_id", store=True)
    record_id = fields.Many2one(
        "after_sales.service.record",
        string="Service Record",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    added_at = fields.Datetime(string="Added On", required=True, readonly=True)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        help="Added after the log's deadline.",
    )

    @api.depends("log_id", "record_id")
    def _compute_display_name(self):
        for amendment in self:
            amendment.display_name = self.env._(
                "%(log)s: %(record)s added",
                log=amendment.log_id.display_name or "",
                record=amendment.record_id.display_name or "",
            )

    @api.depends("added_at", "log_id.deadline")
    def _compute_is_late(self):
        for amendment in self:
            deadline = amendment.log_id.deadline
            amendment.is_late = bool(deadline and amendment.added_at > deadline)
