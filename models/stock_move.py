# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .const import PARTS_MOVE_KINDS


class StockMove(models.Model):
    _inherit = "stock.move"

    after_sales_requisition_line_id = fields.Many2one(
        "after_sales.parts.requisition.line",
        string="Requisition Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    after_sales_parts_kind = fields.Selection(
        PARTS_MOVE_KINDS, string="After-Sales Movement", copy=False, readonly=True
    )

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "internal"
        )._after_sales_parts_arrived()
        return moves

    def _after_sales_parts_arrived(self):
        """Parts received into stock: the purchase plans waiting for them learn of
        it (R-PRT-4). Extended by the purchase plan."""
        return True


class StockPicking(models.Model):
    _inherit = "stock.picking"

    after_sales_requisition_id = fields.Many2one(
        "after_sales.parts.requisition",
        string="Parts Requisition",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
