# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The month of a moment (UTC in the database) in its company's time zone.
_MONTH = (
    "date_trunc('month', ({ts} AT TIME ZONE 'UTC') AT TIME ZONE "
    "COALESCE(p.tz, 'UTC'))::date"
)


class AfterSalesQualityReview(models.Model):
    """The monthly quality review (R-CB-5; 002 §6.1: every month the department
    reviews the callbacks and the problems): by month of the company's time
    zone, product and cause, the requests registered and their quality classes,
    the callbacks answered and dissatisfied, the improvement projects opened and
    verified. A report on a SQL view: one query whatever the number of rows."""

    _name = "after_sales.quality.review"
    _description = "Monthly Quality Review"
    _auto = False
    _order = "month desc, product_id, cause_category_id"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    cause_category_id = fields.Many2one("after_sales.cause.category", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True)
    new_problem_count = fields.Integer(string="New Quality Problems", readonly=True)
    repeated_count = fields.Integer(string="Repeated Problems", readonly=True)
    major_count = fields.Integer(string="Major Batch Problems", readonly=True)
    suggestion_count = fields.Integer(string="Improvement Suggestions", readonly=True)
    callback_answered_count = fields.Integer(string="Callbacks Answered", readonly=True)
    callback_dissatisfied_count = fields.Integer(
        string="Callbacks Dissatisfied", readonly=True
    )
    improvement_opened_count = fields.Integer(
        string="Improvements Opened", readonly=True
    )
    improvement_verified_count = fields.Integer(
        string="Improvements Verified", readonly=True
    )

    @api.depends("month", "product_id", "cause_category_id")
    def _compute_display_name(self):
        for row in self:
            parts = [
                row.month and row.month.strftime("%Y-%m"),
                row.product_id.display_name,
                row.cause_category_id.display_name,
            ]
            row.display_name = " / ".join(p for p in parts if p)

    @property
    def _table_query(self):
        request_month = _MONTH.format(ts="t.registered_at")
        callback_month = _MONTH.format(ts="c.done_at")
        opened_month = _MONTH.format(ts="i.create_date")
        verified_month = _MONTH.format(ts="i.verified_at")
        return f"""
            SELECT row_number() OVER (
                       ORDER BY month, company_id, product_id, cause_category_id
                   ) AS id,
                   month, company_id, product_id, cause_category_id,
                   SUM(requests)::int AS request_count,
                   SUM(new_problems)::int AS new_problem_count,
                   SUM(repeated)::int AS repeated_count,
                   SUM(major)::int AS major_count,
                   SUM(suggestions)::int AS suggestion_count,
                   SUM(answered)::int AS callback_answered_count,
                   SUM(dissatisfied)::int AS callback_dissatisfied_count,
                   SUM(opened)::int AS improvement_opened_count,
                   SUM(verified)::int AS improvement_verified_count
              FROM (
                SELECT {request_month} AS month, t.company_id, t.product_id,
                       t.quality_cause_id AS cause_category_id,
                       1 AS requests,
                       (t.quality_class = 'new')::int AS new_problems,
                       (t.quality_class = 'repeated')::int AS repeated,
                       (t.quality_class = 'major')::int AS major,
                       (t.quality_class = 'suggestion')::int AS suggestions,
                       0 AS answered, 0 AS dissatisfied, 0 AS opened, 0 AS verified
                  FROM helpdesk_ticket t
                  JOIN res_company co ON co.id = t.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE t.active AND t.registered_at IS NOT NULL
                UNION ALL
                SELECT {callback_month}, c.company_id, c.product_id,
                       t.quality_cause_id,
                       0, 0, 0, 0, 0,
                       1, (c.satisfaction = 'poor')::int, 0, 0
                  FROM after_sales_callback c
                  JOIN helpdesk_ticket t ON t.id = c.ticket_id
                  JOIN res_company co ON co.id = c.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE c.state = 'done' AND c.done_at IS NOT NULL
                UNION ALL
                SELECT {opened_month}, i.company_id, i.product_id,
                       i.cause_category_id,
                       0, 0, 0, 0, 0, 0, 0, 1, 0
                  FROM after_sales_improvement i
                  JOIN res_company co ON co.id = i.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE i.state != 'cancelled'
                UNION ALL
                SELECT {verified_month}, i.company_id, i.product_id,
                       i.cause_category_id,
                       0, 0, 0, 0, 0, 0, 0, 0, 1
                  FROM after_sales_improvement i
                  JOIN res_company co ON co.id = i.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE i.state = 'verified' AND i.verified_at IS NOT NULL
              ) facts
             GROUP BY month, company_id, product_id, cause_category_id
        """
