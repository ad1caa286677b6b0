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

    def _after_sales_unit_cost(self):
        """The unit cost the valuation booked for this move (printed notes)."""
        self.ensure_one()
        layers = self.sudo().stock_valuation_layer_ids
        quantity = sum(layers.mapped("quantity"))
        if quantity:
            return abs(sum(layers.mapped("value")) / quantity)
        return self.product_id.standard_price

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

    def _after_sales_kind(self):
        """issue, return, transfer, receipt or False: which note this is."""
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        if self.picking_type_id.code == "incoming":
            return "receipt"
        return {
            warehouse.after_sales_issue_type_id: "issue",
            warehouse.after_sales_return_type_id: "return",
            warehouse.after_sales_transfer_type_id: "transfer",
        }.get(self.picking_type_id, False)

    def _after_sales_document_title(self):
        env = self.env
        return {
            "issue": env._("Parts Issue Note"),
            "return": env._("Parts Return Note"),
            "transfer": env._("Parts Transfer Note"),
            "receipt": env._("Parts Receipt Note"),
        }.get(self._after_sales_kind(), env._("Transfer Note"))

    def _after_sales_copy_labels(self):
        """The copies of the printed note and who gets each (seed 003): the issue
        note in four, the transfer note in five."""
        env = self.env
        return [
            env._("Copy %(number)s: %(role)s", number=number, role=role)
            for number, role in enumerate(self._after_sales_copy_roles(), start=1)
        ]

    def _after_sales_copy_roles(self):
        env = self.env
        kind = self._after_sales_kind()
        if kind == "issue":
            return [
                env._("Invoicing Clerk"),
                env._("Warehouse Keeper"),
                env._("Accounts Office"),
                env._("End User"),
            ]
        if kind == "transfer":
            return [
                env._("Materials Accountant"),
                env._("Warehouse Keeper"),
                env._("Accountant"),
                env._("Receiving Unit"),
                env._("Finance Department"),
            ]
        return [env._("Stub"), env._("Warehouse Keeper"), env._("Accounts Office")]
