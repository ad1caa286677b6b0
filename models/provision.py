# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import date_utils

FINANCE = "after_sales_service.group_finance"


class AfterSalesProvision(models.Model):
    """The month's service-cost provision (服务费用计提, R-ACC-5).

    Once a month (a scheduled job, or finance by the button) the company's rate
    (default 5 % of sales, 002 §5.1.3.1) is applied to the month's posted
    customer invoice revenue (net of credit notes) and posted: debit the
    after-sales service expense, credit the provision liability (预计负债).
    When the company chooses so, the free-cost entries of the warranty cost
    debit the provision instead of the expense: they consume it. One row per
    company and month; the rows of a year are the yearly budget-vs-actual
    statement (年度服务预/结算表): accrued, consumed and the balance.
    """

    _name = "after_sales.provision"
    _description = "Service Cost Provision"
    _order = "company_id, date_from desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Month", required=True, readonly=True)
    date_to = fields.Date(string="Month End", required=True, readonly=True)
    year = fields.Char(compute="_compute_year", store=True)
    revenue = fields.Monetary(
        string="Sales",
        readonly=True,
        help="Posted customer invoices less credit notes.",
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

    _sql_constraints = [
        (
            "month_unique",
            "UNIQUE(company_id, date_from)",
            "The provision of a month is accrued once.",
        ),
    ]

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
                [("company_id", "=", company.id), ("date_from", "=", month)]
            ):
                self._accrue(company, month)

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
            [("company_id", "=", company.id), ("date_from", "=", date_from)]
        ):
            raise UserError(
                self.env._(
                    "The provision of %(month)s is accrued already.",
                    month=date_from.strftime("%Y-%m"),
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
                    date=fields.Date.to_string(date_to),
                )
            )
        revenue = currency.round(self._revenue(company, date_from, date_to))
        rate = company.after_sales_provision_rate
        amount = currency.round(revenue * rate)
        move = self.env["account.move"]
        if currency.compare_amounts(amount, 0.0) > 0:
            label = self.env._(
                "Service cost provision %(month)s", month=date_from.strftime("%Y-%m")
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
                "revenue": revenue,
                "rate": rate,
                "amount": amount,
                "consumed": currency.round(debit),
                "balance": currency.round(total_credit - total_debit),
                "move_id": move.id,
            }
        )
