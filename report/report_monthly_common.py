# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the four monthly reports of R-RPT-1 share: the day and the month of a
moment in its company's time zone, computed in SQL (the database holds UTC).

Every query joins ``res_company co`` and its partner ``p`` (whose ``tz`` is
the company's time zone; UTC when unset), like models/quality_review.py."""

from odoo import api, fields, models

# The day of a moment (UTC in the database) in its company's time zone.
DAY = "(({ts} AT TIME ZONE 'UTC') AT TIME ZONE COALESCE(p.tz, 'UTC'))::date"
# The month (its first day) of a moment in its company's time zone.
MONTH = (
    "date_trunc('month', ({ts} AT TIME ZONE 'UTC') AT TIME ZONE "
    "COALESCE(p.tz, 'UTC'))::date"
)
# The company and its time zone, for a table aliased ``alias``.
COMPANY_JOIN = """
    JOIN res_company co ON co.id = {alias}.company_id
    JOIN res_partner p ON p.id = co.partner_id
"""


def day(ts):
    return DAY.format(ts=ts)


def month(ts):
    return MONTH.format(ts=ts)


def company_join(alias):
    return COMPANY_JOIN.format(alias=alias)


class AfterSalesReportMonthlyMixin(models.AbstractModel):
    """A monthly report of R-RPT-1 on a SQL view: read-only, one row per fact
    (so that a figure of the pivot opens the rows it sums, and a row its source
    document), periods in the company's time zone."""

    _name = "after_sales.report.monthly.mixin"
    _description = "Monthly After-Sales Report"

    month = fields.Date(
        readonly=True,
        help="The first day of the month, in the company's time zone.",
    )
    company_id = fields.Many2one("res.company", readonly=True)

    @api.readonly
    @api.depends("month")
    def _compute_display_name(self):
        for row in self:
            row.display_name = row.month and row.month.strftime("%Y-%m") or ""

    @api.readonly
    def _report_open(self, record):
        """The form of ``record`` (a source document of the row)."""
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
