# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .input_bounds import FLOAT_MAX

# The company settings the free-cost entry needs, in the order they are asked.
COSTING_ACCOUNTS = (
    "after_sales_cost_journal_id",
    "after_sales_expense_account_id",
    "after_sales_quality_loss_account_id",
    "after_sales_supplier_receivable_account_id",
    "after_sales_accrued_labour_account_id",
    "after_sales_accrued_expense_account_id",
)
_logger = logging.getLogger(__name__)

# The journals the addon books on (costs and the provision, the staff
# statements): their posted entries are locked with a hash (R-ACC-6).
AFTER_SALES_JOURNALS = ("after_sales_cost_journal_id", "after_sales_penalty_journal_id")
# The company's after-sales numbers checked on input (R-X-4).
CHECKED_NUMBERS = (
    "after_sales_labour_rate",
    "after_sales_travel_rate",
    "after_sales_provision_rate",
    "after_sales_provision_output",
)


class ResCompany(models.Model):
    """Cost rates and the accounts of after-sales costs (R-ACC-1, R-ACC-4)."""

    _inherit = "res.company"

    after_sales_labour_rate = fields.Monetary(
        string="Labour Rate per Hour",
        currency_field="currency_id",
        default=80.0,
        help="Cost of an engineer's hour on a service record.",
    )
    after_sales_travel_rate = fields.Monetary(
        string="Travel Rate per km",
        currency_field="currency_id",
        default=2.0,
        help="Cost of a kilometre travelled to the customer.",
    )
    after_sales_cost_journal_id = fields.Many2one(
        "account.journal",
        string="After-Sales Cost Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of the entries booking free service costs.",
    )
    after_sales_expense_account_id = fields.Many2one(
        "account.account",
        string="After-Sales Service Expense",
        help="销售费用—售后服务费: debited with the company's warranty cost.",
    )
    after_sales_quality_loss_account_id = fields.Many2one(
        "account.account",
        string="Quality Loss Account",
        help="制造费用—质量损失: debited with the cost of the company's own "
        "manufacturing faults.",
    )
    after_sales_supplier_receivable_account_id = fields.Many2one(
        "account.account",
        string="Receivable from Suppliers",
        help="其他应收款: debited, partner the supplier, with the cost a supplier "
        "bears.",
    )
    after_sales_accrued_labour_account_id = fields.Many2one(
        "account.account",
        string="Accrued Labour",
        help="应付职工薪酬: credited with the engineers' hours.",
    )
    after_sales_accrued_expense_account_id = fields.Many2one(
        "account.account",
        string="Accrued Service Expenses",
        help="Credited with travel, third-party and other costs.",
    )
    after_sales_parts_product_id = fields.Many2one(
        "product.product",
        string="Invoiced Parts Product",
        help="Service product of invoice lines for parts that name no product.",
    )
    after_sales_labour_product_id = fields.Many2one(
        "product.product",
        string="Invoiced Labour Product",
        help="Service product of the labour lines of customer invoices.",
    )
    after_sales_travel_product_id = fields.Many2one(
        "product.product",
        string="Invoiced Travel Product",
        help="Service product of the travel lines of customer invoices.",
    )

    # The provision (R-ACC-5)
    after_sales_provision_basis = fields.Selection(
        [("sales", "Month's Sales"), ("output", "Planned Yearly Output")],
        string="Provision Basis",
        default="sales",
        required=True,
        help="Sales: each month accrues the rate of the month's posted sales less "
        "credit notes. Output: each month accrues a twelfth of the rate of the "
        "year's planned output value, December the remainder.",
    )
    after_sales_provision_output = fields.Monetary(
        string="Planned Yearly Output",
        currency_field="currency_id",
        help="The year's planned output value (总产值) the provision is a share "
        "of, entered by finance.",
    )
    after_sales_provision_rate = fields.Float(
        string="Provision Rate",
        default=0.05,
        digits=(16, 4),
        help="Share of the month's sales (or of the year's planned output) accrued "
        "as service-cost provision (0.05 = 5 %).",
    )
    after_sales_provision_account_id = fields.Many2one(
        "account.account",
        string="Provision Account",
        help="预计负债: credited by the monthly provision. Without it no "
        "provision is accrued.",
    )
    # 企业会计准则第13号 (或有事项): once the warranty provision is accrued, the
    # costs actually incurred are charged against it (借 预计负债), or the
    # expense counts twice. On by default; a company without a provision account
    # accrues nothing and books to the expense whatever this says (issue 19).
    after_sales_provision_consume = fields.Boolean(
        string="Free Costs Consume the Provision",
        default=True,
        help="The company's warranty costs are debited to the provision (预计负债) "
        "instead of the service expense. Only used when a provision account is "
        "set: without one nothing is accrued and warranty costs go to the "
        "service expense.",
    )

    def init(self):
        """Databases whose demo was loaded before consumption became the
        default: the demo company, which accrues and never chose, consumes
        (R-ACC-5). Every other company keeps what it has (an explicit False
        stays False; the settings warn if it accrues)."""
        result = super().init()
        self.env.cr.execute(
            """
            UPDATE res_company
               SET after_sales_provision_consume = TRUE
             WHERE after_sales_provision_consume IS NULL
               AND id IN (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'after_sales_service'
                      AND name = 'company_demo'
                      AND model = 'res.company')
            """
        )
        return result

    def _after_sales_consumes_provision(self):
        """Whether the company's warranty costs debit the provision: it accrues
        (a provision account is set) and chose to consume it (R-ACC-5)."""
        self.ensure_one()
        return bool(
            self.after_sales_provision_account_id and self.after_sales_provision_consume
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_after_sales_input(vals)
        companies = super().create(vals_list)
        companies._after_sales_secure_journals()
        return companies

    def write(self, vals):
        self._check_after_sales_input(vals)
        result = super().write(vals)
        if set(AFTER_SALES_JOURNALS).intersection(vals):
            self._after_sales_secure_journals()
        return result

    def _after_sales_secure_journals(self):
        """The after-sales journals lock their posted entries with a hash
        (Odoo's "Secure Posted Entries with Hash"): an entry booking service
        costs, the provision or the staff statements is never reset to draft
        nor changed, only reversed (R-ACC-6). Set on the journal as soon as a
        company names it in its after-sales settings."""
        journals = self.sudo().mapped(
            lambda company: company[AFTER_SALES_JOURNALS[0]]
            | company[AFTER_SALES_JOURNALS[1]]
        )
        journals.filtered(lambda j: not j.restrict_mode_hash_table).write(
            {"restrict_mode_hash_table": True}
        )
        return journals

    @api.model
    def _after_sales_secure_installed_journals(self):
        """Install and update of the addon (``data/account_journal_data.xml``):
        the after-sales journals of a database where they were not yet locked
        get the option, and the entries already posted on them are hashed
        (secured), so that they too are reversed, never reset to draft. A
        journal whose older entries cannot be hashed (a gap in its numbering)
        stays locked for new entries; the log says which."""
        companies = self.sudo().with_context(active_test=False).search([])
        for journal in companies._after_sales_secure_journals():
            moves = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("journal_id", "=", journal.id),
                        ("state", "=", "posted"),
                        ("inalterable_hash", "=", False),
                    ]
                )
            )
            if not moves:
                continue
            try:
                with self.env.cr.savepoint():
                    moves._hash_moves(
                        force_hash=True, raise_if_gap=False, raise_if_no_document=False
                    )
            except UserError as error:
                _logger.warning(
                    "After-sales journal %s: its posted entries are not hashed: %s",
                    journal.display_name,
                    error,
                )

    @api.model
    def _check_after_sales_input(self, vals):
        """The after-sales numbers finance types (rates, the planned output) go
        through the addon's input guard before the ORM rounds them: text or NaN
        for a number is a translated error, not a traceback (R-X-4)."""
        bounds = self.env["after_sales.input.bounds"]
        for name in CHECKED_NUMBERS:
            value = vals.get(name)
            if value is not None and value is not False:
                message = bounds._input_error(self._fields[name], value)
                if message:
                    raise ValidationError(message)

    @api.constrains(
        "after_sales_labour_rate",
        "after_sales_travel_rate",
        "after_sales_provision_rate",
        "after_sales_provision_output",
    )
    def _check_after_sales_rates(self):
        for company in self:
            currency = company.currency_id
            if not 0 <= company.after_sales_provision_rate <= 1:
                raise ValidationError(
                    self.env._("The provision rate lies between 0 and 1.")
                )
            output = company.after_sales_provision_output
            if (
                not math.isfinite(output)
                or currency.compare_amounts(output, 0.0) < 0
                or output > FLOAT_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "The planned yearly output lies between 0 and %(max)s.",
                        max=int(FLOAT_MAX),
                    )
                )
            if (
                currency.compare_amounts(company.after_sales_labour_rate, 0.0) < 0
                or currency.compare_amounts(company.after_sales_travel_rate, 0.0) < 0
            ):
                raise ValidationError(
                    self.env._("The labour and travel rates cannot be negative.")
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    after_sales_labour_rate = fields.Monetary(
        related="company_id.after_sales_labour_rate",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_travel_rate = fields.Monetary(
        related="company_id.after_sales_travel_rate",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_cost_journal_id = fields.Many2one(
        related="company_id.after_sales_cost_journal_id", readonly=False
    )
    after_sales_expense_account_id = fields.Many2one(
        related="company_id.after_sales_expense_account_id", readonly=False
    )
    after_sales_quality_loss_account_id = fields.Many2one(
        related="company_id.after_sales_quality_loss_account_id", readonly=False
    )
    after_sales_supplier_receivable_account_id = fields.Many2one(
        related="company_id.after_sales_supplier_receivable_account_id",
        readonly=False,
    )
    after_sales_accrued_labour_account_id = fields.Many2one(
        related="company_id.after_sales_accrued_labour_account_id", readonly=False
    )
    after_sales_accrued_expense_account_id = fields.Many2one(
        related="company_id.after_sales_accrued_expense_account_id", readonly=False
    )
    after_sales_parts_product_id = fields.Many2one(
        related="company_id.after_sales_parts_product_id", readonly=False
    )
    after_sales_provision_rate = fields.Float(
        related="company_id.after_sales_provision_rate", readonly=False
    )
    after_sales_provision_basis = fields.Selection(
        related="company_id.after_sales_provision_basis", readonly=False
    )
    after_sales_provision_output = fields.Monetary(
        related="company_id.after_sales_provision_output",
        currency_field="after_sales_currency_id",
        readonly=False,
    )
    after_sales_provision_account_id = fields.Many2one(
        related="company_id.after_sales_provision_account_id", readonly=False
    )
    after_sales_provision_consume = fields.Boolean(
        related="company_id.after_sales_provision_consume", readonly=False
    )
    after_sales_provision_double_count = fields.Boolean(
        string="Provision Counted Twice",
        compute="_compute_after_sales_provision_double_count",
        help="The company accrues the provision but books its warranty costs to "
        "the service expense: the expense counts twice.",
    )
    after_sales_labour_product_id = fields.Many2one(
        related="company_id.after_sales_labour_product_id", readonly=False
    )
    after_sales_travel_product_id = fields.Many2one(
        related="company_id.after_sales_travel_product_id", readonly=False
    )

    @api.depends("after_sales_provision_account_id", "after_sales_provision_consume")
    def _compute_after_sales_provision_double_count(self):
        """Accruing without consuming counts the warranty cost twice (the
        accrual and the cost both debit the expense): the settings warn
        (企业会计准则第13号, issue 19). A warning, not a refusal: the choice is the
        company's, and a database that booked to the expense keeps doing so
        until finance changes it."""
        for settings in self:
            settings.after_sales_provision_double_count = bool(
                settings.after_sales_provision_account_id
                and not settings.after_sales_provision_consume
            )
