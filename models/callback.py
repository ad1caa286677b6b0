# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import periods
from .const import CALLBACK_GRADES, CALLBACK_RATING, CALLBACK_STATES, CRON_CHUNKS
from .frozen_mixin import Denied, Transition

CLERK = "after_sales_service.group_clerk"
SATISFIED = ("excellent", "good")
# Service kinds whose callback needs no contact person (000 §3.5.1:
# "电力项目送电服务除外").
NO_CONTACT_EXEMPT = ("commissioning",)


class AfterSalesCallback(models.Model):
    """The callback of one finished service (回访, R-CB-1).

    Every service record that is done gets exactly one callback (``UNIQUE``),
    due a number of the company's working days after the work ended (the
    service type's setting, else the company's; 003 says 5–7 days after a
    delivery). The clerk calls the person who received or accepted the service
    (000 §3.5.1: the record's site contact) and asks the company's questions
    (002 §5.3.1.4), each answered 非常满意 / 满意 / 一般 / 不满意 with a note.

    ============================  =======  ========  ==========  =========
    right                         clerk    engineer  supervisor  others
    ============================  =======  ========  ==========  =========
    read                          all      own done  all         no
    answer, not reached, refuse   yes      no        yes         no
    ============================  =======  ========  ==========  =========

    Flow (the transition layer): pending → done (answered), refused (the
    customer declined), no contact (the record names nobody to call), or
    unreachable (not reached, retried the next working day, given up after the
    company's number of attempts). A decided callback is frozen. Nobody calls
    back a service they worked on. A done callback writes one rating of the
    request (Odoo's ``rating``; the engineer who did the service is the rated
    operator) and one ``callback_answer`` performance event per graded answer,
    which the ledger prices (000 §3.5.2); a callback closed for want of a
    contact person is a ``callback_no_contact`` event (000 §3.5.1).
    """

    _name = "after_sales.callback"
    _description = "Service Callback"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "state_sequence, due_date, id"
    _input_bounds = {"attempt_count": (0, 100)}
    _rec_names_search = ["name", "ticket_id.number", "contact_name"]
    _number_field = "name"
    _transitions = {
        "answer": Transition(("pending",), "done", (CLERK,)),
        "not_reached": Transition(("pending",), "pending", (CLERK,)),
        "refuse": Transition(("pending",), "refused", (CLERK,)),
        "no_contact": Transition(("pending",), "no_contact", (CLERK,)),
    }
    _state_editable = {
        "pending": ("answer_ids", "opinion", "note", "user_id"),
    }
    _unlink_states = ()
    _transition_fields = (
        "state",
        "done_at",
        "done_by_id",
        "attempt_count",
        "due_date",
        "rating_id",
    )

    name = fields.Char(
        string="Callback Number", required=True, readonly=True, copy=False, default="/"
    )
    record_id = fields.Many2one(
        "after_sales.service.record",
        string="Service Record",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    ticket_id = fields.Many2one(
        related="record_id.ticket_id", store=True, readonly=True, precompute=True
    )
    service_type_id = fields.Many2one(
        related="record_id.service_type_id", store=True, string="Service Type"
    )
    service_kind = fields.Selection(
        related="service_type_id.kind", store=True, string="Service Kind"
    )
    product_id = fields.Many2one(related="record_id.product_id", store=True)
    team_id = fields.Many2one(
        related="ticket_id.team_id", store=True, string="Team", readonly=True
    )
    engineer_user_id = fields.Many2one(
        related="record_id.user_id",
        store=True,
        string="Engineer",
        readonly=True,
        help="The engineer responsible for the service called back: the one the "
        "satisfaction is counted for.",
    )
    completed_at = fields.Datetime(
        related="record_id.end_datetime", string="Service Completed", store=True
    )
    completed_date = fields.Date(
        string="Day Completed",
        compute="_compute_completed_date",
        store=True,
        index=True,
        help="The day the service was completed in the company's time zone: the "
        "periods of the satisfaction statistics are the company's, whoever looks.",
    )
    contact_name = fields.Char(
        string="Person Called",
        compute="_compute_contact",
        store=True,
        precompute=True,
        help="Who received or accepted the service (the record's site contact).",
    )
    contact_phone = fields.Char(
        string="Phone",
        compute="_compute_contact",
        store=True,
        precompute=True,
        groups=CLERK,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Caller",
        tracking=True,
        domain=[("share", "=", False)],
        help="The clerk who makes the call (empty: whoever takes it).",
    )
    state = fields.Selection(
        CALLBACK_STATES, default="pending", required=True, readonly=True, tracking=True
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    due_date = fields.Date(readonly=True, index=True, tracking=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    attempt_count = fields.Integer(
        string="Attempts Not Reached", readonly=True, default=0
    )
    answer_ids = fields.One2many(
        "after_sales.callback.answer", "callback_id", string="Answers"
    )
    opinion = fields.Text(
        string="Customer's Opinions", help="What the customer said besides the answers."
    )
    note = fields.Text(string="Internal Note")
    satisfaction = fields.Selection(
        CALLBACK_GRADES,
        compute="_compute_satisfaction",
        store=True,
        help="The lowest graded answer: a customer dissatisfied with anything is "
        "not satisfied.",
    )
    called_rate = fields.Float(
        string="Coverage (%)",
        compute="_compute_called_rate",
        store=True,
        aggregator="avg",
        help="100 once the call is made (answered, refused, not reached, no contact "
        "person), 0 while it waits: its average over the services completed in a "
        "period is the callback coverage (target 100 %).",
    )
    satisfied_rate = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_satisfaction",
        store=True,
        aggregator="avg",
        help="100 for a satisfied answer (非常满意 or 满意), 0 otherwise; its average "
        "over answered callbacks is the satisfaction rate (满意率).",
    )
    done_at = fields.Datetime(string="Called At", readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.users", string="Called By", readonly=True, copy=False
    )
    rating_id = fields.Many2one("rating.rating", readonly=True, copy=False)

    can_answer = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_answer_reason = fields.Char(compute="_compute_transitions")
    can_not_reached = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_not_reached_reason = fields.Char(compute="_compute_transitions")
    can_refuse = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_refuse_reason = fields.Char(compute="_compute_transitions")
    can_no_contact = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_no_contact_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "record_uniq",
            "UNIQUE(record_id)",
            "A service record is called back once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("record_id")
    def _compute_contact(self):
        for callback in self:
            record = callback.record_id.sudo()
            ticket = record.ticket_id
            callback.contact_name = (
                record.confirm_name
                or record.site_contact_name
                or ticket.partner_id.name
                or False
            )
            callback.contact_phone = (
                record.site_contact_phone or ticket.contact_phone or False
            )

    @api.depends("completed_at", "company_id")
    def _compute_completed_date(self):
        for callback in self:
            if not callback.completed_at:
                callback.completed_date = False
                continue
            callback.completed_date = periods.local_date(
                callback.completed_at, callback.company_id.partner_id.tz
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {code: index for index, (code, _label) in enumerate(CALLBACK_STATES)}
        for callback in self:
            callback.state_sequence = order.get(callback.state, 99)

    @api.depends("state", "answer_ids.grade")
    def _compute_satisfaction(self):
        rank = [code for code, _label in CALLBACK_GRADES]  # best first
        for callback in self:
            grades = [g for g in callback.answer_ids.mapped("grade") if g]
            if callback.state != "done" or not grades:
                callback.satisfaction = False
                callback.satisfied_rate = 0.0
                continue
            worst = max(grades, key=rank.index)
            callback.satisfaction = worst
            callback.satisfied_rate = 100.0 if worst in SATISFIED else 0.0

    @api.depends("state")
    def _compute_called_rate(self):
        """R-CB-2 (004 §2.1: every service called back): a call made counts."""
        for callback in self:
            callback.called_rate = 0.0 if callback.state == "pending" else 100.0

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for callback in self:
            callback.overdue = bool(
                callback.state == "pending"
                and callback.due_date
                and callback.due_date < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Search overdue callbacks by yes or no."))
        domain = [
            ("state", "=", "pending"),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    @api.depends("name", "contact_name")
    def _compute_display_name(self):
        for callback in self:
            callback.display_name = (
                f"{callback.name} {callback.contact_name}"
                if callback.contact_name
                else callback.name
            )

    # ------------------------------------------------------------------
    # Numbering, creation
    # ------------------------------------------------------------------

    def _next_number(self, vals):
        """The callback is numbered after its service record (HF-FW2612-0001):
        one callback a record, and no sequence to draw a number from per row."""
        record = self.env["after_sales.service.record"].sudo().browse(vals["record_id"])
        return f"HF-{record.name}"

    @api.model_create_multi
    def create(self, vals_list):
        # the rights first: a user who may not make callbacks learns that, not
        # the state of a record they asked about
        self.browse().check_access("create")
        Record = self.env["after_sales.service.record"]
        records = Record.browse([vals.get("record_id") for vals in vals_list])
        if not all(records.ids):
            raise ValidationError(
                self.env._("A callback is made for a finished service record.")
            )
        for record in records.sudo():
            if record.state != "done":
                raise ValidationError(
                    self.env._(
                        "%(record)s is not done: only a finished service is called "
                        "back.",
                        record=record.display_name,
                    )
                )
        self.env.cr.execute(
            SQL(
                "SELECT record_id FROM after_sales_callback WHERE record_id IN %s",
                tuple(records.ids) or (0,),
            )
        )
        called = Record.browse(row[0] for row in self.env.cr.fetchall())
        if called or len(set(records.ids)) < len(records.ids):
            raise ValidationError(
                self.env._(
                    "%(records)s is already called back: a service is called back "
                    "once.",
                    records=", ".join((called or records).sudo().mapped("name")),
                )
            )
        Question = self.env["after_sales.callback.question"].sudo()
        questions = {}
        for vals, record in zip(vals_list, records.sudo(), strict=True):
            company = record.company_id
            if company not in questions:
                questions[company] = Question._for_company(company)
            vals.setdefault(
                "answer_ids",
                [Command.create({"question_id": q.id}) for q in questions[company]],
            )
        callbacks = super(
            AfterSalesCallback,
            self.with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
            ),
        ).create(vals_list)
        undated = callbacks.filtered(lambda c: not c.due_date)
        for due, group in undated._due_dates().items():
            group.sudo()._transition_write({"due_date": due})
        return callbacks.with_env(self.env)

    def _due_dates(self):
        """``{due date: callbacks}``: the date ``days`` working days of the
        company's calendar after the work ended (the service type's callback days,
        else the company's), in the company's time zone, public holidays skipped.
        Computed once per company, day count and completion day."""
        groups = {}
        for callback in self:
            company = callback.company_id
            days = (
                callback.service_type_id.after_sales_callback_days
                or company.after_sales_callback_days
            )
            tz = pytz.timezone(company.partner_id.tz or "UTC")
            moment = callback.completed_at or fields.Datetime.now()
            day = pytz.utc.localize(moment).astimezone(tz).date()
            groups.setdefault((company, days, day), self.browse())
            groups[(company, days, day)] |= callback
        result = {}
        for (company, days, day), callbacks in groups.items():
            due = callbacks[:1]._working_days_after(company, day, days)
            result[due] = result.get(due, self.browse()) | callbacks
        return result

    def _working_days_after(self, company, day, days):
        """The date ``days`` working days after ``day`` by ``company``'s calendar
        (its leaves, the public holidays, skipped); calendar days without one."""
        calendar = company.resource_calendar_id
        if not calendar:
            return day + timedelta(days=days)
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(day + timedelta(days=1), time()))
        planned = calendar.plan_days(days, start, compute_leaves=True)
        if not planned:
            return day + timedelta(days=days)
        return planned.astimezone(tz).date()

    @api.model
    def _create_for_records(self, records):
        """The callbacks of ``records`` that are done and have none yet (the
        transition that closes a record, and the job for any missed)."""
        records = records.filtered(lambda r: r.state == "done")
        if not records:
            return self.browse()
        self.env.cr.execute(
            SQL(
                "SELECT record_id FROM after_sales_callback WHERE record_id IN %s",
                tuple(records.ids),
            )
        )
        called = {row[0] for row in self.env.cr.fetchall()}
        todo = records.filtered(lambda r: r.id not in called)
        if not todo:
            return self.browse()
        return self.sudo().create([{"record_id": record.id} for record in todo])

    @api.model
    def _cron_create_callbacks(self, batch_size=500, max_batches=CRON_CHUNKS):
        """Scheduled: a callback for every done record without one, by batches
        (keyset on the record id), committed per batch in a cron run; at most
        ``max_batches`` per call, the cron's progress saying whether some
        remain (Odoo then calls again at once, issue 24). A run killed
        half-way keeps its committed batches; the next one starts from the
        records still without a callback (``UNIQUE``: none twice)."""
        Record = self.env["after_sales.service.record"]
        last_id = 0
        total = seen = batches = 0
        more = False
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT r.id FROM after_sales_service_record r
                     WHERE r.state = 'done' AND r.id > %s
                       AND NOT EXISTS (SELECT 1 FROM after_sales_callback c
                                        WHERE c.record_id = r.id)
                     ORDER BY r.id LIMIT %s
                    """,
                    last_id,
                    batch_size,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            total += len(self._create_for_records(Record.browse(ids)))
            last_id = ids[-1]
            seen += len(ids)
            batches += 1
            if self.env.context.get("cron_id"):
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if len(ids) < batch_size:
                break
            if max_batches and batches >= max_batches:
                more = True
                break
        self.env["ir.cron"]._notify_progress(
            done=seen, remaining=batch_size if more else 0
        )
        return total

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _own_service(self):
        record = self.record_id.sudo()
        users = record.user_id | record.engineer_ids.user_id
        return self.env.user in users

    def _person_answer(self):
        if self._own_service():
            return Denied(
                self.env._(
                    "Nobody calls back a service they worked on: another colleague "
                    "calls %(callback)s.",
                    callback=self.display_name,
                )
            )
        return False

    _person_not_reached = _person_answer
    _person_refuse = _person_answer
    _person_no_contact = _person_answer

    def _guard_answer(self):
        graded = self.answer_ids.filtered("question_id.graded")
        if any(not answer.grade for answer in graded):
            return self.env._(
                "Give an answer to every question of %(callback)s: %(questions)s.",
                callback=self.display_name,
                questions=", ".join(
                    graded.filtered(lambda a: not a.grade).question_id.mapped("name")
                ),
            )
        return False

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_answer(self):
        """Button "Answered": the answers are recorded, rated and priced."""
        callbacks = self._begin_transition("answer")
        now = fields.Datetime.now()
        callbacks._transition_write(
            {"state": "done", "done_at": now, "done_by_id": self.env.uid}
        )
        callbacks._rate()
        self.env["after_sales.performance.event"].sudo()._record(
            callbacks._prepare_performance_event_vals()
        )
        return True

    def action_not_reached(self):
        """Button "Not Reached": one more attempt; the call is due again the next
        working day, and given up after the company's number of attempts."""
        callbacks = self._begin_transition("not_reached")
        for callback in callbacks:
            attempts = callback.attempt_count + 1
            vals = {"attempt_count": attempts}
            if attempts >= callback.company_id.after_sales_callback_max_attempts:
                vals.update(
                    state="unreachable",
                    done_at=fields.Datetime.now(),
                    done_by_id=self.env.uid,
                )
            else:
                company = callback.company_id
                today = fields.Date.context_today(
                    callback.with_context(tz=company.partner_id.tz or "UTC")
                )
                vals["due_date"] = callback._working_days_after(company, today, 1)
            callback._transition_write(vals)
        return True

    def action_refuse(self):
        """Button "Refused": the customer declined to answer."""
        callbacks = self._begin_transition("refuse")
        callbacks._transition_write(
            {
                "state": "refused",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.uid,
            }
        )
        return True

    def action_no_contact(self):
        """Button "No Contact Person": the record names nobody who received the
        service; the engineer who left it out is fined (000 §3.5.1), except for
        power-on services."""
        callbacks = self._begin_transition("no_contact")
        callbacks._transition_write(
            {
                "state": "no_contact",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.uid,
            }
        )
        self.env["after_sales.performance.event"].sudo()._record(
            callbacks._prepare_performance_event_vals()
        )
        return True

    def action_print(self):
        """Button "Print": the customer callback record (顾客回访记录表)."""
        return self.env.ref("after_sales_service.callback_report_action").report_action(
            self
        )

    def _report_meta(self):
        """The line under the printed form's title, in the reader's words."""
        self.ensure_one()
        env = self.env
        called = env["after_sales.paper.form"]._datetime(self.done_at)
        return [
            (env._("No."), self.name),
            (env._("Request"), self.ticket_id.number or ""),
            (env._("Called At"), called),
        ]

    def _rate(self):
        """One rating of the request per answered callback (Odoo's ``rating``):
        the engineer who did the service is the rated operator."""
        Rating = self.env["rating.rating"].sudo()
        model = self.env["ir.model"]._get("helpdesk.ticket")
        for callback in self.filtered("satisfaction"):
            rating = Rating.create(
                {
                    "res_model_id": model.id,
                    "res_id": callback.ticket_id.id,
                    "rated_partner_id": callback.engineer_user_id.partner_id.id,
                    "partner_id": callback.ticket_id.partner_id.id,
                    "rating": CALLBACK_RATING[callback.satisfaction],
                    "feedback": callback.opinion or False,
                    "consumed": True,
                }
            )
            callback._transition_write({"rating_id": rating.id})

    def _prepare_performance_event_vals(self):
        """One event per graded answer of an answered callback (000 §3.5.2), one
        for a callback closed for want of a contact person (000 §3.5.1)."""
        vals_list = []
        for callback in self:
            record = callback.record_id.sudo()
            base = {
                "res_model": callback._name,
                "res_id": callback.id,
                "company_id": callback.company_id.id,
                "ticket_id": callback.ticket_id.id,
                "user_id": record.user_id.id,
                "team_id": callback.team_id.id,
                "occurred_at": callback.done_at,
            }
            if callback.state == "done":
                for answer in callback.answer_ids.filtered("grade"):
                    vals_list.append(
                        dict(
                            base,
                            kind="callback_answer",
                            key=answer.question_id.code,
                            value=answer.grade,
                        )
                    )
            elif (
                callback.state == "no_contact"
                and callback.service_type_id.kind not in NO_CONTACT_EXEMPT
            ):
                vals_list.append(dict(base, kind="callback_no_contact"))
        return vals_list


class AfterSalesCallbackAnswer(models.Model):
    """One question of a callback and the customer's answer."""

    _name = "after_sales.callback.answer"
    _description = "Callback Answer"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "sequence, id"
    _frozen_parent = "callback_id"

    callback_id = fields.Many2one(
        "after_sales.callback", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="callback_id.company_id", store=True)
    question_id = fields.Many2one(
        "after_sales.callback.question", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="question_id.sequence", store=True)
    graded = fields.Boolean(related="question_id.graded")
    grade = fields.Selection(CALLBACK_GRADES, string="Answer")
    note = fields.Char()

    _sql_constraints = [
        (
            "question_uniq",
            "UNIQUE(callback_id, question_id)",
            "A callback asks each question once.",
        ),
    ]

    @api.constrains("grade", "question_id")
    def _check_grade(self):
        for answer in self:
            if answer.grade and not answer.question_id.graded:
                raise ValidationError(
                    self.env._(
                        "“%(question)s” is answered in words, not graded: write the "
                        "answer in the note.",
                        question=answer.question_id.name,
                    )
                )

    @api.depends("question_id", "grade")
    def _compute_display_name(self):
        grades = dict(self._fields["grade"]._description_selection(self.env))
        for answer in self:
            answer.display_name = (
                f"{answer.question_id.name}: {grades[answer.grade]}"
                if answer.grade
                else answer.question_id.name or ""
            )


class AfterSalesCallbackQuestion(models.Model):
    """A question the clerk asks on every callback (R-CB-1; defaults from
    002 §5.3.1.4): graded ones are answered 非常满意 / 满意 / 一般 / 不满意,
    the others in words. A question without a company is every company's."""

    _name = "after_sales.callback.question"
    _description = "Callback Question"
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    code = fields.Char(
        required=True,
        help="The key of the question's performance events (the ledger's rules may "
        "name it).",
    )
    sequence = fields.Integer(default=10)
    graded = fields.Boolean(
        default=True,
        help="Answered with one of the four grades; otherwise in words only.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    _sql_constraints = [
        (
            "code_uniq",
            "UNIQUE(code, company_id)",
            "Two questions of a company cannot share a code.",
        ),
    ]

    @api.model
    def _for_company(self, company):
        """The active questions asked in ``company``: its own, or else the shared
        ones."""
        own = self.search([("company_id", "=", company.id)])
        return own or self.search([("company_id", "=", False)])
