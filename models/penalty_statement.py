# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools import penalty, periods
from .const import PENALTY_STATEMENT_STATES
from .frozen_mixin import ALL, Denied, Transition
from .rule_errors import format_month

MANAGER = "after_sales_service.group_manager"
FINANCE = "after_sales_service.group_finance"


class AfterSalesPenaltyStatement(models.Model):
    """Monthly statement of one employee (月度考核表, R-PEN-5, R-PEN-6, R-PEN-7).

    The ledger lines of the month (and earlier lines not yet on a statement, but
    not the disputed ones still waiting for a decision), their fines and rewards,
    the merit/demerit grades after offsetting and promotion, and the legal cap:
    what may be deducted from this month's pay (≤ the company's percentage of the
    wage, and never below the local minimum wage) and what carries over to the
    next month. The wage is copied when the statement is generated; the
    percentage and the minimum wage are the company's settings and the amount
    carried in is the previous month's carry-over: the system sets them on the
    draft and copies them again when the statement is confirmed — nobody types
    them (transition fields, R-PEN-7). Cancelled lines never count. The
    department manager confirms the month's statements in one batch (their
    lines are confirmed with them) — not while a line is disputed, nor a
    statement about themselves or with lines they entered (SPEC §0); finance
    books the confirmed statements of a month as one journal entry.

    Rights: engineers read their own statements; supervisors and finance read
    the company's; managers generate and confirm them; finance books them.
    """

    _name = "after_sales.penalty.statement"
    _description = "Monthly Assessment Statement"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "month desc, employee_id, id desc"
    _rec_names_search = ["employee_id.name"]
    _check_company_auto = True
    _input_bounds = {"wage": (0, 10_000_000)}
    # A draft is regenerated and its wage typed; confirmed, nothing changes.
    _state_editable = {"draft": ALL}
    _transitions = {
        "confirm": Transition(("draft",), "confirmed", (MANAGER,)),
        "book": Transition(("confirmed",), "booked", (FINANCE,)),
    }
    _transition_fields = (
        "state",
        "confirmed_by_id",
        "confirmed_at",
        "move_id",
        "cap_percent",
        "minimum_wage",
        "carried_in",
    )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True)
    month = fields.Date(required=True, help="The first day of the month.")
    month_label = fields.Char(string="Assessment Month", compute="_compute_month_label")
    state = fields.Selection(PENALTY_STATEMENT_STATES, required=True, default="draft")
    line_ids = fields.One2many(
        "after_sales.penalty.line", "statement_id", string="Lines", readonly=True
    )
    carried_line_ids = fields.Many2many(
        "after_sales.penalty.line",
        string="Carried Over from Earlier Months",
        compute="_compute_carried_lines",
    )
    carried_months = fields.Char(
        string="Carried Over From", compute="_compute_carried_lines"
    )
    wage = fields.Monetary(
        string="Monthly Wage", currency_field="currency_id", required=True
    )
    cap_percent = fields.Float(
        string="Deduction Cap (%)",
        readonly=True,
        help="The company's setting, copied when the statement is confirmed.",
    )
    minimum_wage = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="The company's setting, copied when the statement is confirmed.",
    )
    carried_in = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="What the confirmed statement of the previous month carried over.",
    )
    fines = fields.Monetary(
        currency_field="currency_id", compute="_compute_totals", store=True
    )
    rewards = fields.Monetary(
        currency_field="currency_id", compute="_compute_totals", store=True
    )
    deductible = fields.Monetary(
        string="Deducted This Month",
        currency_field="currency_id",
        compute="_compute_totals",
        store=True,
    )
    carry_over = fields.Monetary(
        string="Carried Over",
        currency_field="currency_id",
        compute="_compute_totals",
        store=True,
    )
    net_amount = fields.Monetary(
        string="Net to Payroll",
        currency_field="currency_id",
        compute="_compute_totals",
        store=True,
        help="Rewards less the fines deducted this month.",
    )
    # A selection, not a stored text: its label reads in the reader's
    # language whoever (the monthly job) computed it.
    cap_note = fields.Selection(
        [
            ("percent", "Percentage of the wage"),
            ("minimum_wage", "Minimum wage"),
        ],
        string="Cap Applied",
        compute="_compute_totals",
        store=True,
    )
    merit_points = fields.Integer(compute="_compute_totals", store=True)
    merit_summary = fields.Char(
        string="Merits and Demerits", compute="_compute_merit_summary"
    )
    dismissal = fields.Boolean(
        string="Dismissal Flagged", compute="_compute_totals", store=True
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
    confirmed_at = fields.Datetime(readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)

    _sql_constraints = [
        (
            "employee_month_uniq",
            "UNIQUE(employee_id, month)",
            "One statement per employee and month.",
        ),
    ]

    @api.constrains("month")
    def _check_month(self):
        """A statement's month is its first day (one statement per employee
        and month, R-PEN-5): any other day is refused, never moved."""
        for statement in self:
            if statement.month and statement.month.day != 1:
                raise ValidationError(
                    self.env._(
                        "The month of a statement is the first day of the month, "
                        "not %(date)s.",
                        date=fields.Date.to_string(statement.month),
                    )
                )

    def _counted_lines(self):
        """The lines that count: a cancelled line never does (R-PEN-4)."""
        return self.line_ids.filtered(lambda line: line.state != "cancelled")

    @api.depends(
        "line_ids.amount",
        "line_ids.merit_grade",
        "line_ids.origin",
        "line_ids.state",
        "wage",
        "carried_in",
        "cap_percent",
        "minimum_wage",
    )
    def _compute_totals(self):
        for statement in self:
            lines = statement._counted_lines()
            fines = -sum(a for a in lines.mapped("amount") if a < 0)
            rewards = sum(a for a in lines.mapped("amount") if a > 0)
            result = penalty.monthly_cap(
                statement.wage,
                fines,
                rewards,
                statement.carried_in,
                statement.cap_percent,
                statement.minimum_wage,
            )
            statement.fines = fines
            statement.rewards = rewards
            statement.deductible = float(result.deductible)
            statement.carry_over = float(result.carry_over)
            statement.net_amount = rewards - float(result.deductible)
            statement.cap_note = (
                result.reason if result.reason in ("percent", "minimum_wage") else False
            )
            merits = statement._merits()
            statement.merit_points = merits.points
            statement.dismissal = merits.dismissal

    @api.depends("line_ids.merit_grade", "line_ids.origin", "line_ids.state")
    @api.depends_context("lang")
    def _compute_merit_summary(self):
        """Written in the reader's language (not stored: the monthly job
        computes the figures, the reader reads the words)."""
        grades = dict(
            self.env["after_sales.penalty.line"]
            ._fields["merit_grade"]
            ._description_selection(self.env)
        )
        for statement in self:
            statement.merit_summary = ", ".join(
                f"{grades[grade]} × {n}"
                for grade, n in statement._merits().grades.items()
            )

    def _merits(self):
        """The merit grades of the month's lines, offset and promoted."""
        self.ensure_one()
        counts = {}
        for line in self._counted_lines().filtered("merit_grade"):
            sign = -1 if line.origin == "reversal" else 1
            counts[line.merit_grade] = counts.get(line.merit_grade, 0) + sign
        return penalty.merit_summary({grade: max(n, 0) for grade, n in counts.items()})

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        """The month as its reader writes it (2026年12月, December 2026), never
        its first day."""
        lang = self.env.lang or "en_US"
        for statement in self:
            statement.month_label = (
                periods.month_label(statement.month, lang) if statement.month else ""
            )

    @api.depends("line_ids.date", "month")
    @api.depends_context("lang")
    def _compute_carried_lines(self):
        """The lines of earlier months carried over to this statement (R-PEN-5:
        a month's statement takes that month's lines; a line of an earlier
        month left off its month's statement is carried over, never silently)
        and their months."""
        for statement in self:
            carried = statement.line_ids.filtered("carried_over")
            statement.carried_line_ids = carried
            statement.carried_months = "、".join(
                dict.fromkeys(carried.sorted("date").mapped("carried_from"))
            )

    @api.depends("employee_id", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for statement in self:
            statement.display_name = (
                f"{statement.employee_id.name or ''} {statement.month_label or ''}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        statements = super().create(vals_list)
        statements._set_system_figures()
        return statements

    def _set_system_figures(self):
        """Set the figures the cap is computed from, by the system only
        (R-PEN-7): the company's deduction cap and minimum wage as they are
        today, and what the employee's confirmed statement of the previous
        month carried over. Called on creation, on regeneration and at
        confirmation (the copy the statement keeps)."""
        previous = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("month", "in", [s.month - relativedelta(months=1) for s in self]),
                ("state", "!=", "draft"),
            ]
        )
        carried = {(s.employee_id.id, s.month): s.carry_over for s in previous}
        for statement in self:
            company = statement.company_id
            month_before = statement.month - relativedelta(months=1)
            statement.sudo()._transition_write(
                {
                    "cap_percent": company.after_sales_fine_cap_percent,
                    "minimum_wage": company.after_sales_minimum_wage,
                    "carried_in": carried.get(
                        (statement.employee_id.id, month_before), 0.0
                    ),
                }
            )

    def _drop_dead_lines(self, disputed=False):
        """Take the cancelled lines off the statements (R-PEN-4) — and, when
        the statements are generated again, the lines whose dispute is still
        open: they wait for a later month, as on the first generation."""
        dead = self.line_ids.filtered(
            lambda line: line.state == "cancelled"
            or (disputed and line.dispute_state == "open")
        )
        if dead:
            dead.sudo()._transition_write({"statement_id": False})

    # ------------------------------------------------------------------
    # Generation, confirmation, booking
    # ------------------------------------------------------------------

    def _check_group(self, group, message):
        if not self.env.user.has_group(f"after_sales_service.{group}"):
            raise AccessError(message)

    @api.model
    def action_generate(self, month=None):
        """Button "Generate Statements": the draft statements of ``month`` (default:
        the current month) of the current company, with their lines."""
        self._check_group(
            "group_manager",
            self.env._("Only the department manager generates the statements."),
        )
        try:
            month = fields.Date.to_date(month) if month else fields.Date.today()
        except (TypeError, ValueError):
            month = None
        if not month:
            raise UserError(self.env._("Give the month as a date."))
        statements = self._generate(month.replace(day=1), self.env.company)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Monthly Assessment"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", statements.ids)],
        }

    @api.model
    def _generate(self, month, company):
        """Create or refresh the draft statements of ``month``: every employee with
        unstated, undisputed, live lines up to the end of the month. A month's
        statement takes that month's lines — those a later month's draft
        carried over too (R-PEN-5); a line of an earlier month not on any
        statement is carried over to it, and shows so (``carried_over``).
        ``month`` is a date or ``YYYY-MM-DD``, ``company`` a record or an id
        (the demo)."""
        month = fields.Date.to_date(month).replace(day=1)
        if isinstance(company, int):
            company = self.env["res.company"].browse(company)
        Line = self.env["after_sales.penalty.line"].sudo()
        end = month + relativedelta(months=1)
        lines = Line.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                ("dispute_state", "!=", "open"),
                ("date", "<", end),
                "|",
                ("statement_id", "=", False),
                "&",
                ("date", ">=", month),
                "&",
                ("statement_id.state", "=", "draft"),
                ("statement_id.month", ">", month),
            ]
        )
        existing = self.sudo().search(
            [("company_id", "=", company.id), ("month", "=", month)]
        )
        by_employee = {s.employee_id: s for s in existing}
        previous = {
            s.employee_id: s
            for s in self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("month", "=", month - relativedelta(months=1)),
                    ("state", "!=", "draft"),
                ]
            )
        }
        new_vals = []
        employees = lines.employee_id.union(*previous)
        for employee in employees:
            if employee in by_employee:
                continue
            new_vals.append(
                {
                    "company_id": company.id,
                    "employee_id": employee.id,
                    "month": month,
                    "wage": employee.sudo().after_sales_wage,
                }
            )
        drafts = existing.filtered(lambda s: s.state == "draft")
        drafts._drop_dead_lines(disputed=True)
        drafts._set_system_figures()
        statements = existing | self.sudo().create(new_vals)
        by_employee = {s.employee_id: s for s in statements}
        for employee, group in lines.grouped("employee_id").items():
            statement = by_employee[employee]
            if statement.state == "draft":
                group._transition_write({"statement_id": statement.id})
        return statements.filtered(lambda s: s.state == "draft")

    def action_confirm(self):
        """Button "Confirm": the manager confirms the statements in one batch;
        their lines are confirmed with them."""
        self.check_access("write")
        self.line_ids._lock_for_transition()
        self._begin_transition("confirm")._do_confirm()
        return True

    def _guard_confirm(self):
        """Nobody approves their own (SPEC §0); a disputed line waits for the
        manager's decision (R-PEN-4); the previous month's carry-over is carried
        in first (R-PEN-7)."""
        if self.user_id == self.env.user and not self.env.su:
            return Denied(
                self.env._(
                    "Nobody confirms their own statement: %(name)s waits for "
                    "another manager.",
                    name=self.display_name,
                )
            )
        drafts = self._counted_lines().filtered(lambda line: line.state == "draft")
        for line in drafts:
            if reason := line._not_own_reason():
                return reason
        disputed = self._counted_lines().filtered(
            lambda line: line.dispute_state == "open"
        )
        if disputed:
            return self.env._(
                "The statement of %(name)s is not confirmed while a line of "
                "it is disputed: %(lines)s. Decide the dispute first, or "
                "generate the statements again to leave the line to a "
                "later month.",
                name=self.display_name,
                lines=", ".join(disputed.mapped("display_name")),
            )
        month_before = self.month - relativedelta(months=1)
        if self.sudo().search_count(
            [
                ("employee_id", "=", self.employee_id.id),
                ("month", "=", month_before),
                ("state", "=", "draft"),
            ],
            limit=1,
        ):
            return self.env._(
                "Confirm the statement of %(employee)s for %(month)s first: "
                "what it carries over is carried into %(name)s.",
                employee=self.employee_id.name,
                month=format_month(self.env, month_before),
                name=self.display_name,
            )
        return False

    def _do_confirm(self):
        self._drop_dead_lines()
        self._set_system_figures()
        self.line_ids.filtered(lambda line: line.state == "draft").sudo()._do_confirm()
        self._transition_write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.user.id,
                "confirmed_at": fields.Datetime.now(),
            }
        )

    def _report_lang(self):
        """The 月度考核表 is the department's Chinese form: printed in Chinese
        when Chinese is installed, else in the reader's language."""
        installed = dict(self.env["res.lang"].get_installed())
        return "zh_CN" if "zh_CN" in installed else self.env.lang

    def _report_confirmed_on(self):
        """The day the statement was confirmed, in the reader's language and
        time zone, for the manager's signature box of the print."""
        self.ensure_one()
        if not self.confirmed_at:
            return False
        return format_date(
            self.env, fields.Datetime.context_timestamp(self, self.confirmed_at)
        )

    def action_book(self):
        """Button "Book": finance books the confirmed statements of one month as one
        journal entry, one line pair per employee (never one per ledger line)."""
        self.check_access("read")
        self._check_transition("book")
        move = self._do_book()
        if not move:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
        }

    def _do_book(self):
        if not self:
            raise UserError(self.env._("Choose the statements to book."))
        self._begin_transition("book")
        if len(self.company_id) > 1 or len(set(self.mapped("month"))) > 1:
            raise UserError(
                self.env._("Book the statements of one company and month at once.")
            )
        company = self.company_id
        journal = company.after_sales_penalty_journal_id
        payable = company.after_sales_penalty_payable_account_id
        income = company.after_sales_penalty_income_account_id
        expense = company.after_sales_penalty_expense_account_id
        if not (journal and payable and income and expense):
            raise UserError(
                self.env._(
                    "Set the journal and the accounts of the penalty ledger in the "
                    "settings before booking."
                )
            )
        currency = company.currency_id
        month = format_month(self.env, self[0].month)
        line_vals = []
        for statement in self:
            net = statement.net_amount
            if currency.is_zero(net):
                continue
            label = self.env._(
                "Assessment %(month)s: %(employee)s",
                month=month,
                employee=statement.employee_id.name,
            )
            partner = statement.employee_id.work_contact_id.id
            debit, credit = (expense, payable) if net > 0 else (payable, income)
            amount = abs(net)
            line_vals += [
                {
                    "name": label,
                    "account_id": debit.id,
                    "debit": amount,
                    "partner_id": partner,
                },
                {
                    "name": label,
                    "account_id": credit.id,
                    "credit": amount,
                    "partner_id": partner,
                },
            ]
        move = self.env["account.move"]
        if line_vals:
            move = (
                self.env["account.move"]
                .sudo()
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "company_id": company.id,
                        "date": fields.Date.today(),
                        "ref": self.env._("Monthly assessment %(month)s", month=month),
                        "line_ids": [fields.Command.create(v) for v in line_vals],
                    }
                )
            )
            move.action_post()
        # Finance books but never edits a statement: the transition as the system.
        self.sudo()._transition_write({"state": "booked", "move_id": move.id})
        return move

    def _after_sales_entry_undone(self):
        """The booked statements' entry was reversed (or, posted before its
        journal was hash-locked, reset to draft or deleted): they are confirmed
        again, so that finance books them anew (R-ACC-6); the note goes to the
        entry's chatter (the statement has none)."""
        for move, statements in self.grouped("move_id").items():
            move.sudo().message_post(
                body=self.env._(
                    "No longer in the books: %(statements)s confirmed again, to "
                    "book anew.",
                    statements=", ".join(statements.mapped("display_name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.sudo()._transition_write({"state": "confirmed", "move_id": False})

    def action_export_xlsx(self):
        """Button "Export for Payroll": the statements as an XLSX workbook (one
        row per employee) for the payroll office; finance and managers."""
        user = self.env.user
        if not (
            user.has_group("after_sales_service.group_finance")
            or user.has_group("after_sales_service.group_manager")
        ):
            raise AccessError(
                self.env._("Only finance and the department manager export them.")
            )
        self.check_access("read")
        if not self:
            raise UserError(self.env._("Choose the statements to export."))
        # Finance reads the statements but does not edit them: the attachment is
        # the system's; downloading it checks read access to the statement.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("assessment.xlsx"),
                    "raw": self._export_xlsx(),
                    "res_model": self._name,
                    "res_id": self[0].id,
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _export_xlsx(self):
        """The workbook's bytes: month, employee, wage, fines, rewards, carried in,
        deducted, carried over, net, merit points, state."""
        fields_ = (
            "month",
            "employee_id",
            "wage",
            "fines",
            "rewards",
            "carried_in",
            "deductible",
            "carry_over",
            "net_amount",
            "merit_points",
            "state",
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "0.00"})
        for col, name in enumerate(fields_):
            sheet.write(0, col, self._fields[name]._description_string(self.env), bold)
        states = dict(self._fields["state"]._description_selection(self.env))
        for row, statement in enumerate(self, start=1):
            sheet.write(row, 0, statement.month.strftime("%Y-%m"))
            sheet.write(row, 1, statement.employee_id.name)
            for col, name in enumerate(fields_[2:9], start=2):
                sheet.write_number(row, col, statement[name], money)
            sheet.write_number(row, 9, statement.merit_points)
            sheet.write(row, 10, states[statement.state])
        workbook.close()
        return output.getvalue()
