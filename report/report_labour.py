# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .report_monthly_common import day, month_from


class AfterSalesReportLabour(models.Model):
    """售后工时统计表 (R-RPT-1): the hours of the done service records, by
    engineer, service type and day or month of the company's time zone (the day
    the work ended).

    The department counts man-hours: every person of a record — each of its
    engineers (``engineer_ids``) and its responsible (``user_id``) — is
    credited the record's full ``labour_hours``, one row each (two engineers
    for three hours are six man-hours), like the engineers' work logs
    (models/work_log.py) which list the record for each of them. A person is
    counted once per record: the responsible's employee in the record's
    company is the same person as that employee among the engineers.
    ``record_count`` is 1 on each row: by engineer the records he worked on; a
    department total counts engineer-visits (the records themselves are the
    feedback report's ``record_count``)."""

    _name = "after_sales.report.labour"
    _inherit = "after_sales.report.monthly.mixin"
    _description = "After-Sales Labour-Hour Statistics"
    _auto = False
    _order = "day desc, record_id desc, user_id"
    # Flushed before the query reads them (models.py ``_table_sql``).
    _depends = {
        "after_sales.service.record": [
            "state",
            "end_datetime",
            "company_id",
            "user_id",
            "engineer_ids",
            "service_type_id",
            "ticket_id",
            "labour_hours",
        ],
        "hr.employee": ["user_id", "company_id", "active"],
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    day = fields.Date(readonly=True, help="The day the work ended.")
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    service_type_id = fields.Many2one("after_sales.service.type", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    record_id = fields.Many2one(
        "after_sales.service.record", string="Service Record", readonly=True
    )
    labour_hours = fields.Float(readonly=True, aggregator="sum")
    record_count = fields.Integer(string="Records", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        # A person once per record: (record, employee) is unique, the one
        # person without an employee being the responsible.
        return f"""
            SELECT r.id::bigint * 1000000 + COALESCE(pe.employee_id, 0) AS id,
                   {day("r.end_datetime")} AS day,
                   per.month,
                   r.company_id,
                   pe.user_id,
                   pe.employee_id,
                   r.service_type_id,
                   r.ticket_id,
                   r.id AS record_id,
                   COALESCE(r.labour_hours, 0.0) AS labour_hours,
                   1 AS record_count
              FROM {month_from("after_sales_service_record", "r", "end_datetime",
                               "state = 'done'")}
             CROSS JOIN LATERAL (
                    SELECT e.id AS employee_id, e.user_id
                      FROM after_sales_service_record_hr_employee_rel rel
                      JOIN hr_employee e ON e.id = rel.hr_employee_id
                     WHERE rel.after_sales_service_record_id = r.id
                    UNION
                    SELECT (SELECT e.id FROM hr_employee e
                             WHERE e.user_id = r.user_id
                               AND e.company_id = r.company_id
                             ORDER BY e.active DESC, e.id
                             LIMIT 1), r.user_id
                     WHERE r.user_id IS NOT NULL
             ) pe
        """

    @api.readonly
    def action_open_source(self):
        """The service record of the row."""
        self.ensure_one()
        return self._report_open(self.record_id)
