# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .report_monthly_common import day, month_from


class AfterSalesReportMaterial(models.Model):
    """售后服务实际耗用材料明细表 (R-RPT-1): the parts actually used for the
    requests, one row per done stock move of a requisition line that crosses
    the boundary of the company's stock (an internal location on exactly one
    side): an issue to the consumption location, a part of the van booked as
    used, positive; a return from the consumption location, negative. The
    van's issues and returns (internal to internal) move no value and are not
    consumption: the van's parts count when booked as used.

    ``value`` is the move's stock valuation (the sum of its
    ``stock.valuation.layer`` values, sign reversed: an issue positive), so the
    report equals Odoo's valuation of the same moves; ``quantity`` is the done
    quantity in the product's unit. ``chargeable`` is the requisition line's
    (proposed from the request's warranty determination, changed only by a
    supervisor with a reason: R-PRT-1, R-WAR-4)."""

    _name = "after_sales.report.material"
    _inherit = "after_sales.report.monthly.mixin"
    _description = "After-Sales Actual Materials Consumed"
    _auto = False
    _order = "date desc, move_id desc"
    # Flushed before the query reads them (models.py ``_table_sql``).
    _depends = {
        "stock.move": [
            "state",
            "date",
            "company_id",
            "product_id",
            "after_sales_requisition_line_id",
            "location_id",
            "location_dest_id",
        ],
        "stock.move.line": ["move_id", "quantity_product_uom"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "stock.location": ["usage"],
        "after_sales.parts.requisition.line": [
            "ticket_id",
            "requisition_id",
            "engineer_id",
            "chargeable",
        ],
        "hr.employee": ["user_id"],
        "res.company": ["partner_id", "currency_id"],
        "res.partner": ["tz"],
    }

    date = fields.Date(readonly=True, help="The day the move was done.")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    requisition_id = fields.Many2one("after_sales.parts.requisition", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    move_id = fields.Many2one("stock.move", string="Stock Move", readonly=True)
    quantity = fields.Float(
        readonly=True, digits="Product Unit of Measure", aggregator="sum"
    )
    value = fields.Monetary(string="Amount", readonly=True, aggregator="sum")
    currency_id = fields.Many2one("res.currency", readonly=True)
    chargeable = fields.Boolean(
        readonly=True, help="Charged to the customer; otherwise free of charge."
    )

    @property
    def _table_query(self):
        return f"""
            SELECT m.id AS id,
                   {day("m.date")} AS date,
                   per.month,
                   m.company_id,
                   l.ticket_id,
                   l.requisition_id,
                   e.user_id,
                   m.product_id,
                   m.id AS move_id,
                   CASE WHEN src.usage = 'internal' THEN 1 ELSE -1 END
                       * COALESCE(ml.quantity, 0.0) AS quantity,
                   -COALESCE(v.value, 0.0) AS value,
                   per.currency_id,
                   COALESCE(l.chargeable, FALSE) AS chargeable
              FROM {month_from("stock_move", "m", "date",
                               "state = 'done'"
                               " AND after_sales_requisition_line_id IS NOT NULL")}
              JOIN after_sales_parts_requisition_line l
                ON l.id = m.after_sales_requisition_line_id
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              LEFT JOIN hr_employee e ON e.id = l.engineer_id
              LEFT JOIN LATERAL (
                    SELECT SUM(sml.quantity_product_uom) AS quantity
                      FROM stock_move_line sml
                     WHERE sml.move_id = m.id
              ) ml ON TRUE
              LEFT JOIN LATERAL (
                    SELECT SUM(svl.value) AS value
                      FROM stock_valuation_layer svl
                     WHERE svl.stock_move_id = m.id
              ) v ON TRUE
             WHERE (src.usage = 'internal') != (dst.usage = 'internal')
        """

    @api.readonly
    def action_open_source(self):
        """The stock note of the row's move; the requisition for a reader who
        has no stock rights (an engineer)."""
        self.ensure_one()
        picking = self.move_id.picking_id
        if picking.has_access("read"):
            return self._report_open(picking)
        return self._report_open(self.requisition_id)
