# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import kpi
from .rule_errors import rule_message
from .seed_copy import copy_translations, seed_companies
from .seed_copy import seeded as seeded_records

# The service KPIs of 002 §5.1.5.2 (服务目标分解), each computed by
# ``after_sales.kpi.scorecard._kpi_<code>``.
KPI_CODES = [
    ("first_time_fix", "First-Time-Fix Rate"),
    ("quote_timeliness", "Quote Timeliness"),
    ("repair_timeliness", "Repair Timeliness"),
    ("complaint_satisfaction", "Complaint-Handling Satisfaction"),
    ("overall_satisfaction", "Overall Service Satisfaction"),
]
# The departments 002 §5.1.5.2 breaks the service targets down to. A fixed
# selection, not hr.department records: the breakdown names three functions of
# the company (售后服务部, 业务部, 技术部) whatever its organisation chart
# calls them, every company has them, and a scorecard must keep the same
# department when the chart is reorganised.
KPI_DEPARTMENTS = [
    ("after_sales", "After-Sales Department"),
    ("sales", "Sales Department"),
    ("technical", "Technical Department"),
]


class AfterSalesKpiTarget(models.Model):
    """A service target of the company (服务目标, R-RPT-2; 002 §5.1.5.2): the KPI,
    the department it is broken down to, the target rate and its weight in the
    quarterly scorecard, and its definition — numerator, denominator, which
    documents and which clock — next to it.

    Seeded for the main company (``data/kpi_target_data.xml``) and copied to
    every other company (``_seed_company_targets``), which then sets its own
    targets and weights. A target lies in 0..100 %; the weights of a company's
    active targets add to 100 %, checked when a scorecard is computed or
    confirmed (a manager changes several weights one by one).

    Rights: everybody reads; the department manager edits.
    """

    _name = "after_sales.kpi.target"
    _inherit = ["after_sales.input.bounds"]
    _description = "Service KPI Target"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    code = fields.Selection(KPI_CODES, string="KPI", required=True)
    name = fields.Char(required=True, translate=True)
    department = fields.Selection(KPI_DEPARTMENTS, required=True)
    target = fields.Float(
        string="Target (%)",
        required=True,
        digits=(5, 2),
        help="Met when the quarter's rate is at least this percentage.",
    )
    weight = fields.Float(
        string="Weight (%)",
        required=True,
        digits=(5, 2),
        help="Its share of the scorecard's 100 %; 0 for a target only tracked.",
    )
    definition = fields.Text(
        translate=True,
        help="How it is counted: numerator, denominator, which documents, which "
        "clock.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(company_id, code)",
            "A company has one target per KPI.",
        ),
    ]

    @api.constrains("target", "weight")
    def _check_bounds(self):
        """A target and a weight lie in 0..100 % (R-RPT-2)."""
        for record in self:
            try:
                kpi.check_target(record.target)
                if not 0.0 <= record.weight <= kpi.TOTAL_WEIGHT:
                    kpi.check_weights([record.weight])
            except kpi.KpiInputError as exc:
                raise ValidationError(
                    rule_message(self.env, exc.template, exc.params)
                ) from exc

    @api.model
    def _company_weights_reason(self, company):
        """Why the weights of ``company``'s active targets are refused (they do
        not add to 100 %), or ``False``."""
        targets = self.sudo().search([("company_id", "=", company.id)])
        try:
            kpi.check_weights(targets.mapped("weight"))
        except kpi.KpiInputError as exc:
            return self.env._(
                "%(company)s: %(reason)s Set the weights of its service targets "
                "(Configuration > Service Targets) first.",
                company=company.name,
                reason=rule_message(self.env, exc.template, exc.params),
            )
        return False

    @api.model
    def _check_company_weights(self, company):
        """Raise unless the weights of ``company``'s active targets add to 100 %."""
        reason = self._company_weights_reason(company)
        if reason:
            raise ValidationError(reason)

    # ------------------------------------------------------------------
    # Seeding per company
    # ------------------------------------------------------------------

    @api.model
    def _seed_company_targets(self, companies=None):
        """Give ``companies`` (default: all) a copy of the seeded targets of the
        main company, with their translations; a company that already has a
        target of the same KPI keeps its own."""
        if companies is None:
            Company = self.env["res.company"].with_context(active_test=False)
            companies = Company.search([])
        seed_companies(self, companies)

    @api.model
    def _sync_seeded_translations(self, langs):
        """After a language's terms are loaded: the copies still in the seed's
        English take its translations (``seed_copy.copy_translations``), so a
        company created before Chinese was loaded reads 维修一次成功率 (R-X-1)."""
        seeded = seeded_records(self)
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "not in", seeded.ids)])
        )
        for seed in seeded:
            copies = others.filtered(lambda c, s=seed: c.code == s.code)
            copy_translations(seed, copies, ["name", "definition"], langs)


class ResCompanyKpi(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["after_sales.kpi.target"].sudo()._seed_company_targets(companies)
        return companies
