# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import date_utils
from odoo.tools.misc import format_date

from ..tools import periods
from .rule_errors import format_month

FINANCE = "after_sales_service.group_finance"
MANAGER = "after_sales_service.group_manager"
BASES = [("sales", "Month's Sales"), ("output", "Planned Yearly Output")]


class AfterSalesProvision(models.Model):
    """The month's service-cost provision (服务费用计提, R-ACC-5).

    Once a month (a scheduled job, or finance by the button) the company's rate
    is applied to its basis and posted: debit the after-sales service expense,
    credit the provision liability (预计负债). The basis is either the month's
    posted customer invoice revenue net of credit notes (default 5 % of sales,
    002 §5.1.3.1), or the year's planned output value entered by finance (003
    电力设备公司 §(二)1: 1 % of 总产值): each month accrues a twelfth of
    output × rate, December the rounding remainder, so that the year sums
    exactly to output × rate (the budget; what the actual costs exceed is the
    company's to adjust).
    When the company chooses so, the free-cost entries of the warranty cost
    debit the provision instead of the expense: they consume it. One row per
    company and month; the rows of a year are the yearly budget-vs-actual
    statement (年度服务预/结算表): accrued, consumed and the balance.
    """

    _name = "after_sales.provision"
    _description = "Service Cost Provision"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    # Written by the accrual only; its entry's reversal (Odoo's button) marks it
    # reversed, and the month may be accrued again (R-ACC-5, R-X-3).
    _state_editable = {}
    _transition_fields = ("state",)
    _order = "company_id, date_from desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Month", required=True, readonly=True)
    date_to = fields.Date(string="Month End", required=True, readonly=True)
    year = fields.Char(compute="_compute_year", store=True)
    basis = fields.Selection(BASES, required=True, readonly=True, default="sales")
    base_amount = fields.Monetary(
        string="Basis Amount",
        readonly=True,
        help="The month's posted customer invoices less credit notes, or the "
        "year's planned output value.",
    )
    rate = fields.Float(digits=(16, 4), readonly=True)
    amount = fields.Monetary(string="Accrued", readonly=True)
    consumed = fields.Monetary(
        readonly=True, help="Free warranty costs booked against the provision."
    )
    balance = fields.Monetary(
        readonly=True, help="The provision left at the end of the month."
    )
    move_id = fields.Many2one(
        "account.move", string="Journal Entry", readonly=True, check_company=True
    )
    state = fields.Selection(
        [("accrued", "Accrued"), ("reversed", "Reversed")],
        default="accrued",
        required=True,
        readonly=True,
    )

    def init(self):
        """A month is accrued once: one accrued row per company and month (a
        reversed one leaves the month free; the old constraint is replaced)."""
        self.env.cr.execute(
            "ALTER TABLE after_sales_provision "
            "DROP CONSTRAINT IF EXISTS after_sales_provision_month_unique"
        )
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS after_sales_provision_month_accrued "
            "ON after_sales_provision (company_id, date_from) "
            "WHERE state = 'accrued'"
        )

    def _after_sales_entry_undone(self):
        """Its entry left the books (a posted reversal): the accrual is reversed
        and the month may be accrued again."""
        accrued = self.filtered(lambda p: p.state == "accrued")
        accrued._lock_for_transition()._transition_write({"state": "reversed"})

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the month accrued, as the reader writes a month."""
        for provision in self:
            provision.display_name = self.env._(
                "Service cost provision %(month)s",
                month=format_month(self.env, provision.date_from),
            )

    @api.depends("date_from")
    def _compute_year(self):
        for provision in self:
            date_from = provision.date_from
            provision.year = str(date_from.year) if date_from else ""

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_accrue_last_month(self):
        """Button "Accrue Last Month" (finance): the provision of the month
        before this one, for the current company."""
        if not (self.env.su or self.env.user.has_group(FINANCE)):
            raise AccessError(self.env._("Only finance accrues the provision."))
        month = date_utils.start_of(
            fields.Date.context_today(self) - relativedelta(months=1), "month"
        )
        return self.sudo()._accrue(self.env.company, month).ids

    @api.model
    def _cron_accrue(self):
        """Monthly job: last month's provision of every company that set it up."""
        month = date_utils.start_of(
            fields.Date.today() - relativedelta(months=1), "month"
        )
        companies = self.env["res.company"].search(
            [("after_sales_provision_account_id", "!=", False)]
        )
        for company in companies:
            if not self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("date_from", "=", month),
                    ("state", "=", "accrued"),
                ]
            ):
                self._accrue(company, month)
                # each company's entry committed on its own in a cron run
                # (issue 24): a run killed half-way is not booked twice
                if self.env.context.get("cron_id"):
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env["ir.cron"]._notify_progress(done=len(companies), remaining=0)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    @api.model
    def _revenue(self, company, date_from, date_to):
        """Posted customer invoice revenue of the period, less credit notes."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            aggregates=["balance:sum"],
        )
        return -(groups[0][0] or 0.0) if groups else 0.0

    @api.model
    def _output_share(self, currency, output, rate, month):
        """The accrual of ``month`` (1-12) on the output basis: a twelfth of the
        year's budget ``output × rate``, rounded; December takes the remainder,
        so the twelve months sum exactly to the rounded budget."""
        budget = currency.round(output * rate)
        monthly = currency.round(budget / 12)
        return currency.round(budget - 11 * monthly) if month == 12 else monthly

    @api.model
    def _account_movement(self, company, account, date_from, date_to):
        """(debit, credit) of ``account`` in the period (posted)."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id", "=", account.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            aggregates=["debit:sum", "credit:sum"],
        )
        return groups[0] if groups else (0.0, 0.0)

    @api.model
    def _accrue(self, company, month):
        """Accrue and post the provision of ``month`` (its first day) for
        ``company`` (a record or its id, as the demo data passes it); raises a
        translated ``UserError`` when it cannot."""
        if not isinstance(company, models.BaseModel):
            company = self.env["res.company"].browse(int(company))
        company.ensure_one()
        month = fields.Date.to_date(month)
        currency = company.currency_id
        date_from = date_utils.start_of(month, "month")
        date_to = date_utils.end_of(month, "month")
        if self.search_count(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("state", "=", "accrued"),
            ]
        ):
            raise UserError(
                self.env._(
                    "The provision of %(month)s is accrued already.",
                    month=format_month(self.env, date_from),
                )
            )
        ticket = self.env["helpdesk.ticket"].with_company(company)
        provision_account = ticket._costing_company_account(
            company, "after_sales_provision_account_id"
        )
        expense = ticket._costing_company_account(
            company, "after_sales_expense_account_id"
        )
        journal = ticket._costing_company_account(
            company, "after_sales_cost_journal_id"
        )
        if company._get_violated_lock_dates(date_to, False, journal):
            raise UserError(
                self.env._(
                    "The period of %(date)s is closed: the provision is accrued "
                    "in an open period.",
                    date=format_date(self.env, date_to),
                )
            )
        basis = company.after_sales_provision_basis
        rate = company.after_sales_provision_rate
        if basis == "output":
            base_amount = company.after_sales_provision_output
            amount = self._output_share(currency, base_amount, rate, date_from.month)
        else:
            base_amount = currency.round(self._revenue(company, date_from, date_to))
            amount = currency.round(base_amount * rate)
        move = self.env["account.move"]
        if currency.compare_amounts(amount, 0.0) > 0:
            label = self.env._(
                "Service cost provision %(month)s",
                month=format_month(self.env, date_from),
            )
            move = move.create(
                {
                    "move_type": "entry",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "date": date_to,
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {"name": label, "account_id": expense.id, "debit": amount}
                        ),
                        Command.create(
                            {
                                "name": label,
                                "account_id": provision_account.id,
                                "credit": amount,
                            }
                        ),
                    ],
                }
            )
            move.action_post()
        debit, _credit = self._account_movement(
            company, provision_account, date_from, date_to
        )
        total_debit, total_credit = self._account_movement(
            company, provision_account, date_from.replace(month=1, day=1), date_to
        )
        return self.create(
            {
                "company_id": company.id,
                "date_from": date_from,
                "date_to": date_to,
                "basis": basis,
                "base_amount": base_amount,
                "rate": rate,
                "amount": amount,
                "consumed": currency.round(debit),
                "balance": currency.round(total_credit - total_debit),
                "move_id": move.id,
            }
        )

    # ------------------------------------------------------------------
    # The yearly budget-vs-actual statement (年度服务预/结算表)
    # ------------------------------------------------------------------

    @api.model
    def _check_statement_access(self):
        if not (
            self.env.su
            or self.env.user.has_group(FINANCE)
            or self.env.user.has_group(MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "Only finance and the department's managers read the "
                    "provision statement."
                )
            )

    @api.model
    def _statement_months(self, company, year, rows):
        """The twelve months of the statement: an accrued month as its
        accrual recorded it; a month not accrued with what the provision
        account moved — consumed, and the running balance at the month's end
        (the year's credits less debits, as an accrual records it), so that
        every month has its balance (R-ACC-5)."""
        currency = company.currency_id
        lang = self.env.lang or "en_US"
        by_month = {row.date_from.month: row for row in rows}
        account = company.sudo().after_sales_provision_account_id
        start = fields.Date.to_date(f"{year}-01-01")
        months = []
        for number in range(1, 13):
            date_from = start.replace(month=number)
            row = by_month.get(number, self.browse())
            if row:
                consumed, balance = row.consumed, row.balance
            elif account:
                date_to = date_utils.end_of(date_from, "month")
                Provision = self.sudo()
                debit, _credit = Provision._account_movement(
                    company, account, date_from, date_to
                )
                total_debit, total_credit = Provision._account_movement(
                    company, account, start, date_to
                )
                consumed = currency.round(debit)
                balance = currency.round(total_credit - total_debit)
            else:
                consumed = balance = 0.0
            months.append(
                {
                    "month": f"{year}-{number:02d}",
                    "month_label": periods.month_label(date_from, lang),
                    "provision": row,
                    "basis": row.basis if row else False,
                    "base_amount": row.base_amount if row else 0.0,
                    "accrued": row.amount if row else 0.0,
                    "consumed": consumed,
                    "balance": balance,
                }
            )
        return months

    @api.model
    def _statement(self, company, year):
        """The yearly budget-vs-actual statement of ``company`` for ``year``
        (R-ACC-5): one line per month (accrued, consumed, the balance at the
        month's end — every month has one, see ``_statement_months``), the
        totals and the year-end balance, the year's budget — output × rate on
        the output basis, the sum of the accruals on the sales basis — against
        the actual consumption, and what the actual is over (positive) or under
        (negative) the budget."""
        self._check_statement_access()
        company.ensure_one()
        if company not in self.env.user.company_ids and not self.env.su:
            raise AccessError(
                self.env._(
                    "You cannot read the provision of %(company)s.",
                    company=company.name,
                )
            )
        year = int(year)
        currency = company.currency_id
        rows = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("year", "=", str(year)),
                ("state", "=", "accrued"),
            ],
            order="date_from",
        )
        months = self._statement_months(company, year, rows)
        accrued = currency.round(sum(rows.mapped("amount")))
        consumed = currency.round(sum(m["consumed"] for m in months))
        output_rows = rows.filtered(lambda row: row.basis == "output")
        if output_rows:
            last = output_rows[-1]
            budget = currency.round(last.base_amount * last.rate)
            basis = "output"
        elif not rows and company.after_sales_provision_basis == "output":
            budget = currency.round(
                company.after_sales_provision_output
                * company.after_sales_provision_rate
            )
            basis = "output"
        else:
            budget = accrued
            basis = "sales"
        return {
            "company": company,
            "currency": currency,
            "year": year,
            "basis": basis,
            "basis_label": dict(self._fields["basis"]._description_selection(self.env))[
                basis
            ],
            "months": months,
            "accrued": accrued,
            "consumed": consumed,
            "balance": months[-1]["balance"],
            "budget": budget,
            "variance": currency.round(consumed - budget),
        }
