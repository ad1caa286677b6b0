# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import periods, quote, report_due, request_number
from .rule_errors import rule_message


class ResCompany(models.Model):
    _inherit = "res.company"

    after_sales_department_code = fields.Char(
        string="After-Sales Department Code",
        default="SH",
        help="Printed in front of every service request number (R-IN-2).",
    )
    after_sales_request_pattern = fields.Char(
        string="Request Number Pattern",
        default=request_number.DEFAULT_PATTERN,
        required=True,
        help="Placeholders: {dept} department code, {yyyy} or {yy} year, {mm} month, "
        "{dd} day, {seq} sequence (required, once). The counter restarts with the "
        "smallest date part shown.",
    )
    after_sales_key_customer_amount = fields.Monetary(
        string="Key Customer Purchases",
        currency_field="currency_id",
        default=10000.0,
        help="A customer whose posted invoices exceed this amount is a key customer "
        "(重点客户, R-IN-3).",
    )
    after_sales_log_deadline_hour = fields.Float(
        string="Daily Log Deadline",
        default=8.5,
        help="An engineer's daily work log is due at this hour of the next working "
        "day (R-REC-6).",
    )

    # Responsibility sign-off (R-APR-1, R-APR-4) and quotes (R-ACC-2, R-ACC-2a)
    after_sales_callback_days = fields.Integer(
        string="Callback After (Working Days)",
        default=2,
        help="A finished service is called back this many working days after the "
        "work ended, unless its service type says otherwise.",
    )
    after_sales_callback_max_attempts = fields.Integer(
        string="Callback Attempts",
        default=3,
        help="A customer not reached this many times is given up (not reached).",
    )
    after_sales_signoff_threshold = fields.Monetary(
        string="Sign-off Threshold",
        currency_field="currency_id",
        default=100.0,
        help="A free service whose value is strictly above this amount also needs "
        "the sign-off steps marked 'above the threshold only' (the general "
        "manager's approval).",
    )
    after_sales_signoff_de_minimis = fields.Monetary(
        string="Free Parts Without Sign-off",
        currency_field="currency_id",
        default=0.0,
        help="Free parts the warranty does not cover, worth no more than this "
        "amount on a request, are given without a responsibility determination. "
        "0: every free part needs one.",
    )
    after_sales_quote_markup = fields.Float(
        string="Quote Markup",
        default=0.40,
        digits=(16, 4),
        help="Markup on the cost of chargeable service (0.40 = 40 %).",
    )
    after_sales_quote_markup_base = fields.Selection(
        [
            (quote.TAX_EXCLUSIVE, "Tax-exclusive Cost, VAT Added"),
            (quote.TAX_INCLUSIVE, "Cost Including Tax"),
        ],
        string="Markup Base",
        default=quote.TAX_EXCLUSIVE,
        required=True,
        help="Tax-exclusive: the markup lies on the cost without tax and VAT is "
        "added. Cost including tax (the seed's formula): the tax is added to every "
        "cost item (materials, labour, travel), the markup lies on that cost, and "
        "the result is the price including tax.",
    )

    @api.constrains("after_sales_signoff_threshold", "after_sales_quote_markup")
    def _check_after_sales_signoff(self):
        for company in self:
            if (
                company.currency_id.compare_amounts(
                    company.after_sales_signoff_threshold, 0.0
                )
                < 0
                or not 0 <= company.after_sales_quote_markup <= 10
            ):
                raise ValidationError(
                    self.env._(
                        "The sign-off threshold cannot be negative and the quote "
                        "markup must lie between 0 and 10."
                    )
                )

    @api.constrains("after_sales_signoff_de_minimis")
    def _check_after_sales_signoff_de_minimis(self):
        for company in self:
            if (
                company.currency_id.compare_amounts(
                    company.after_sales_signoff_de_minimis, 0.0
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The amount of free parts given without a sign-off cannot "
                        "be negative."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["after_sales.signoff.step"].sudo()._seed_company_steps(companies)
        return companies

    @api.constrains("after_sales_callback_days", "after_sales_callback_max_attempts")
    def _check_after_sales_callback(self):
        for company in self:
            if not 1 <= company.after_sales_callback_days <= 60:
                raise ValidationError(
                    self.env._(
                        "A callback is due between 1 and 60 working days after the "
                        "service."
                    )
                )
            if not 1 <= company.after_sales_callback_max_attempts <= 20:
                raise ValidationError(
                    self.env._("A customer is tried between 1 and 20 times.")
                )

    @api.constrains("after_sales_request_pattern")
    def _check_after_sales_request_pattern(self):
        for company in self:
            try:
                request_number.check_pattern(company.after_sales_request_pattern or "")
            except request_number.PatternError as exc:
                raise ValidationError(
                    rule_message(self.env, exc.template, exc.params)
                ) from exc

    @api.constrains("after_sales_log_deadline_hour")
    def _check_after_sales_log_deadline_hour(self):
        for company in self:
            if not 0 <= company.after_sales_log_deadline_hour < 24:
                raise ValidationError(
                    self.env._("The daily log deadline must be an hour of the day.")
                )

    @api.constrains("after_sales_key_customer_amount")
    def _check_after_sales_key_customer_amount(self):
        for company in self:
            if (
                company.currency_id.compare_amounts(
                    company.after_sales_key_customer_amount, 0.0
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("The key customer amount cannot be negative.")
                )

    # ------------------------------------------------------------------
    # Service request numbers (R-IN-2)
    # ------------------------------------------------------------------

    def _after_sales_request_numbers(self, days):
        """The next request numbers of this company, one per registration day of
        ``days``, by its pattern; called by ``helpdesk.ticket.create``.

        Numbers are gap-free like ``ir.sequence``'s no_gap: per period of the
        pattern, the counter row is locked and moved on by the count of requests
        in one ``UPDATE … RETURNING``, so that N requests do not cost N round trips.
        """
        self.ensure_one()
        pattern = self.after_sales_request_pattern or request_number.DEFAULT_PATTERN
        periods = {}
        for index, day in enumerate(days):
            start, _end = request_number.period_of(pattern, day)
            periods.setdefault(start, []).append((index, day))
        numbers = [None] * len(days)
        for members in periods.values():
            sequence, date_range = self._after_sales_request_counter(
                pattern, members[0][1]
            )
            date_range.flush_recordset(["number_next"])
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_sequence_date_range SET number_next = number_next + %s "
                    "WHERE id = %s RETURNING number_next - %s",
                    len(members),
                    date_range.id,
                    len(members),
                )
            )
            first = self.env.cr.fetchone()[0]
            date_range.invalidate_recordset(["number_next"])
            for offset, (index, day) in enumerate(members):
                numbers[index] = request_number.format_number(
                    pattern,
                    self.after_sales_department_code,
                    day,
                    first + offset,
                    sequence.padding,
                )
        return numbers

    def _after_sales_request_counter(self, pattern, day):
        """The company's request sequence and its date range for ``day``'s period
        (both created when missing)."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "after_sales.request"), ("company_id", "=", self.id)],
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Service requests of %(company)s", company=self.name
                    ),
                    "code": "after_sales.request",
                    "company_id": self.id,
                    "padding": 4,
                    "use_date_range": True,
                    "implementation": "no_gap",
                }
            )
        DateRange = self.env["ir.sequence.date_range"].sudo()
        date_range = DateRange.search(
            [
                ("sequence_id", "=", sequence.id),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
            ],
            limit=1,
        )
        if not date_range:
            date_from, date_to = request_number.period_of(pattern, day)
            date_range = DateRange.create(
                {"sequence_id": sequence.id, "date_from": date_from, "date_to": date_to}
            )
        return sequence, date_range

    # Quality feedback (R-CB-5; 000 §2.13). Appended by QUALITY.
    after_sales_repeat_window_days = fields.Integer(
        string="Repeated Problem Window (Days)",
        default=90,
        help="A request is proposed as a repeated problem when an earlier request "
        "of the same product and the same cause was registered within this many "
        "days before it.",
    )
    after_sales_chief_engineer_id = fields.Many2one(
        "res.users",
        string="Chief Engineer",
        domain=[("share", "=", False)],
        help="Chairs the quality analysis meeting of a major batch problem and "
        "signs its minutes (总工).",
    )

    @api.constrains("after_sales_repeat_window_days")
    def _check_after_sales_repeat_window(self):
        for company in self:
            if not 1 <= company.after_sales_repeat_window_days <= 3650:
                raise ValidationError(
                    self.env._(
                        "The window of repeated problems is between 1 and 3650 days."
                    )
                )

    # Service KPIs (R-RPT-2; 002 §5.1.5). Appended by KPI.
    after_sales_kpi_quote_hours = fields.Float(
        string="Quote Allowance (Hours)",
        default=24.0,
        help="A quote is on time when it reaches the customer (sent, or confirmed) "
        "within this many hours after it was created: the clock of the quote "
        "timeliness KPI.",
    )

    @api.constrains("after_sales_kpi_quote_hours")
    def _check_after_sales_kpi_quote_hours(self):
        for company in self:
            if not 0 < company.after_sales_kpi_quote_hours <= 720:
                raise ValidationError(
                    self.env._(
                        "The quote allowance is more than 0 and at most 720 hours."
                    )
                )

    # Monthly reports: due dates and reminders (R-RPT-1). Appended by RPT_SUBMIT.
    after_sales_report_due_day = fields.Integer(
        string="Finance Reports Due Day",
        default=3,
        help="The labour-hours, materials and feedback statistics of a month are "
        "sent to finance by this day of the next month (moved to the next "
        "working day of the company's calendar).",
    )
    after_sales_cause_due_day = fields.Integer(
        string="Cause Statistics Due Day",
        default=8,
        help="The cause statistics of a month are sent to the marketing director "
        "by this day of the next month (moved to the next working day).",
    )
    after_sales_report_user_id = fields.Many2one(
        "res.users",
        string="Reports Clerk",
        domain=[("share", "=", False)],
        help="The clerk responsible for submitting the month's reports: reminded "
        "ahead of each due date.",
    )
    after_sales_report_reminder_days = fields.Integer(
        string="Report Reminder (Days Ahead)",
        default=2,
        help="The responsible clerk gets a to-do this many days before a report "
        "is due (0: on the due date).",
    )

    @api.constrains(
        "after_sales_report_due_day",
        "after_sales_cause_due_day",
        "after_sales_report_reminder_days",
    )
    def _check_after_sales_report_due(self):
        """A due day every month has (1–28); a reminder 0–28 days ahead."""
        for company in self:
            for day in (
                company.after_sales_report_due_day,
                company.after_sales_cause_due_day,
            ):
                if not 1 <= day <= 28:
                    raise ValidationError(
                        self.env._(
                            "A monthly report is due between the 1st and the 28th "
                            "of the next month, not on day %(day)s.",
                            day=day,
                        )
                    )
            if not 0 <= company.after_sales_report_reminder_days <= 28:
                raise ValidationError(
                    self.env._(
                        "The reminder of a monthly report comes 0 to 28 days before "
                        "its due date, not %(days)s.",
                        days=company.after_sales_report_reminder_days,
                    )
                )

    def _after_sales_today(self):
        """The company's today: the date on its wall clock (its time zone)."""
        self.ensure_one()
        return periods.local_date(fields.Datetime.now(), self.partner_id.tz)

    def _after_sales_working_days(self, start, end):
        """``(weekdays, holidays)`` of the company's calendar between the dates
        ``start`` and ``end``: the weekdays it works (Monday = 0; every day
        without a calendar) and the local dates of its public holidays (the
        calendar's global leaves and the company's leaves of no calendar)."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return report_due.ALL_WEEKDAYS, frozenset()
        attendances = calendar.sudo().attendance_ids.filtered(
            lambda a: a.day_period != "lunch" and not a.display_type
        )
        weekdays = frozenset(int(a.dayofweek) for a in attendances)
        tz = calendar.tz or self.partner_id.tz
        lo, _x = periods.day_bounds(start, tz)
        _x, hi = periods.day_bounds(end, tz)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", [calendar.id, False]),
                    ("company_id", "in", [self.id, False]),
                    ("date_from", "<", hi),
                    ("date_to", ">", lo),
                ]
            )
        )
        holidays = set()
        for leave in leaves:
            day = periods.local_date(leave.date_from, tz)
            last = periods.local_date(leave.date_to - timedelta(seconds=1), tz)
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        return weekdays or report_due.ALL_WEEKDAYS, frozenset(holidays)
