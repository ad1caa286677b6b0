# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.const import RESPONSIBLE_PARTIES
from .report_monthly_common import month_from


class AfterSalesReportCause(models.Model):
    """原因分析统计表 (R-RPT-1): the done service records by month of the
    company's time zone (when the work ended), cause category, responsible
    party, product and engineer (the record's responsible). One row per
    record."""

    _name = "after_sales.report.cause"
    _inherit = "after_sales.report.monthly.mixin"
    _description = "Cause-Category Statistics"
    _auto = False
    _order = "month desc, record_id desc"
    # Flushed before the query reads them (models.py ``_table_sql``).
    _depends = {
        "after_sales.service.record": [
            "state",
            "end_datetime",
            "company_id",
            "cause_category_id",
            "product_id",
            "user_id",
            "responsible_party",
            "ticket_id",
        ],
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    cause_category_id = fields.Many2one("after_sales.cause.category", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    responsible_party = fields.Selection(RESPONSIBLE_PARTIES, readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    record_id = fields.Many2one(
        "after_sales.service.record", string="Service Record", readonly=True
    )
    record_count = fields.Integer(string="Records", readonly=True)

    @property
    def _table_query(self):
        return f"""
            SELECT r.id AS id,
                   per.month,
                   r.company_id, r.cause_category_id, r.product_id, r.user_id,
                   r.responsible_party, r.ticket_id, r.id AS record_id,
                   1 AS record_count
              FROM {month_from("after_sales_service_record", "r", "end_datetime",
                               "state = 'done'")}
        """

    @api.readonly
    def action_open_source(self):
        """The service record of the row."""
        self.ensure_one()
        return self._report_open(self.record_id)
