# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AfterSalesServiceRecord(models.Model):
    """The parts of a visit: its requisitions; its start after parts arrived."""

    _inherit = "after_sales.service.record"

    parts_requisition_ids = fields.One2many(
        "after_sales.parts.requisition", "record_id", string="Parts Requisitions"
    )
    parts_requisition_count = fields.Integer(compute="_compute_parts_requisition_count")

    @api.depends("parts_requisition_ids")
    def _compute_parts_requisition_count(self):
        for record in self:
            record.parts_requisition_count = len(record.parts_requisition_ids)

    def action_view_parts_requisitions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.action_parts_requisition"
        )
        action["domain"] = [("record_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.ticket_id.id,
            "default_record_id": self.id,
        }
        return action

    def _do_start(self):
        """The first visit after parts arrived: late days are an event."""
        result = super()._do_start()
        for record in self:
            plans = record.ticket_id.sudo().parts_purchase_plan_ids.filtered(
                lambda p, r=record: p.state == "received"
                and p.arrived_at <= r.actual_arrival
            )
            for plan in plans:
                earlier = record.ticket_id.service_record_ids.filtered(
                    lambda r, p=plan, this=record: r != this
                    and r.actual_arrival
                    and p.arrived_at <= r.actual_arrival <= this.actual_arrival
                )
                if not earlier:
                    plan._record_visit_late(record.actual_arrival)
        return result
