# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.const import RECORD_RESULTS
from .report_monthly_common import month_from

# A callback's satisfaction (its lowest graded answer) counted as satisfied
# (非常满意, 满意) or dissatisfied (不满意), as models/callback.py.
SATISFIED = "('excellent', 'good')"
DISSATISFIED = "('poor')"


class AfterSalesReportFeedback(models.Model):
    """售后服务反馈统计表 (R-RPT-1): by month of the company's time zone,
    channel, service type, team and engineer, the requests registered
    (``registered_at``), the service records done (when their work ended, with
    their result) and the callbacks answered (with the customer's
    satisfaction). One row per fact — a request, a record or a callback, named
    by ``ticket_id``, ``record_id``, ``callback_id`` — so that every figure
    opens its documents. ``user_id`` is the request's assignee, the record's
    responsible, the engineer the callback judges."""

    _name = "after_sales.report.feedback"
    _inherit = "after_sales.report.monthly.mixin"
    _description = "After-Sales Feedback Statistics"
    _auto = False
    _order = "month desc, id desc"
    # Flushed before the query reads them (models.py ``_table_sql``).
    _depends = {
        "helpdesk.ticket": [
            "active",
            "registered_at",
            "company_id",
            "channel_id",
            "service_type_id",
            "team_id",
            "user_id",
        ],
        "after_sales.service.record": [
            "state",
            "end_datetime",
            "company_id",
            "service_type_id",
            "user_id",
            "result",
            "ticket_id",
        ],
        "after_sales.callback": [
            "state",
            "done_at",
            "company_id",
            "service_type_id",
            "team_id",
            "engineer_user_id",
            "ticket_id",
            "record_id",
            "satisfaction",
        ],
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    service_type_id = fields.Many2one("after_sales.service.type", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    result = fields.Selection(RECORD_RESULTS, readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    record_id = fields.Many2one(
        "after_sales.service.record", string="Service Record", readonly=True
    )
    callback_id = fields.Many2one("after_sales.callback", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True)
    record_count = fields.Integer(string="Records Done", readonly=True)
    callback_count = fields.Integer(string="Callbacks Answered", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True)

    @property
    def _table_query(self):
        # ids: 3 × the source's id + 0 (request), 1 (record), 2 (callback).
        return f"""
            SELECT t.id * 3 AS id,
                   per.month AS month,
                   t.company_id, t.channel_id, t.service_type_id, t.team_id,
                   t.user_id, NULL::varchar AS result,
                   t.id AS ticket_id, NULL::int AS record_id,
                   NULL::int AS callback_id,
                   1 AS request_count, 0 AS record_count, 0 AS callback_count,
                   0 AS satisfied_count, 0 AS dissatisfied_count
              FROM {month_from("helpdesk_ticket", "t", "registered_at", "active")}
            UNION ALL
            SELECT r.id * 3 + 1,
                   per.month,
                   r.company_id, t.channel_id, r.service_type_id, t.team_id,
                   r.user_id, r.result,
                   r.ticket_id, r.id, NULL,
                   0, 1, 0, 0, 0
              FROM {month_from("after_sales_service_record", "r", "end_datetime",
                               "state = 'done'")}
              JOIN helpdesk_ticket t ON t.id = r.ticket_id
            UNION ALL
            SELECT c.id * 3 + 2,
                   per.month,
                   c.company_id, t.channel_id, c.service_type_id, c.team_id,
                   c.engineer_user_id, NULL,
                   c.ticket_id, c.record_id, c.id,
                   0, 0, 1,
                   (c.satisfaction IN {SATISFIED})::int,
                   (c.satisfaction IN {DISSATISFIED})::int
              FROM {month_from("after_sales_callback", "c", "done_at",
                               "state = 'done'")}
              JOIN helpdesk_ticket t ON t.id = c.ticket_id
        """

    @api.readonly
    def action_open_source(self):
        """The document of the row: the callback, the record, or the request."""
        self.ensure_one()
        return self._report_open(self.callback_id or self.record_id or self.ticket_id)
