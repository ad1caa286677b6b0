# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models


class AfterSalesPartsMoveWizard(models.TransientModel):
    """Take parts back (退料) or book the parts of the van as used: the
    quantities per line, at most what is out (R-PRT-2)."""

    _name = "after_sales.parts.move.wizard"
    _description = "Return or Use Parts"

    requisition_id = fields.Many2one(
        "after_sales.parts.requisition", required=True, readonly=True
    )
    kind = fields.Selection(
        [("return", "Return to the Warehouse"), ("consume", "Used on Site")],
        required=True,
        readonly=True,
    )
    line_ids = fields.One2many(
        "after_sales.parts.move.wizard.line", "wizard_id", string="Parts"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        requisition = self.env["after_sales.parts.requisition"].browse(
            values.get("requisition_id")
        )
        kind = values.get("kind") or "return"
        if requisition and "line_ids" in fields_list:
            requisition._parts_check_move_right(kind)  # the moves are read sudo
            lines = []
            for line in requisition.line_ids:
                available = sum(line._parts_lots_out(kind).values())
                if available > 0:
                    lines.append(
                        Command.create(
                            {
                                "requisition_line_id": line.id,
                                "available": available,
                                "quantity": available if kind == "return" else 0,
                            }
                        )
                    )
            values["line_ids"] = lines
        return values

    def action_confirm(self):
        self.ensure_one()
        self.requisition_id._do_move_parts(
            self.kind,
            {line.requisition_line_id: line.quantity for line in self.line_ids},
        )
        return {"type": "ir.actions.act_window_close"}


class AfterSalesPartsMoveWizardLine(models.TransientModel):
    _name = "after_sales.parts.move.wizard.line"
    _description = "Return or Use Parts: Line"

    wizard_id = fields.Many2one(
        "after_sales.parts.move.wizard", required=True, ondelete="cascade"
    )
    requisition_line_id = fields.Many2one(
        "after_sales.parts.requisition.line", required=True, readonly=True
    )
    product_id = fields.Many2one(related="requisition_line_id.product_id")
    available = fields.Float(readonly=True, digits="Product Unit of Measure")
    quantity = fields.Float(digits="Product Unit of Measure")


class AfterSalesPartsRequisitionCancel(models.TransientModel):
    """Cancel a requisition with a reason (R-X-3)."""

    _name = "after_sales.parts.requisition.cancel"
    _description = "Cancel a Parts Requisition"

    requisition_id = fields.Many2one(
        "after_sales.parts.requisition", required=True, readonly=True
    )
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        self.requisition_id._do_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}


class AfterSalesPurchasePlanCancel(models.TransientModel):
    """Cancel a purchase plan with a reason (R-X-3)."""

    _name = "after_sales.purchase.plan.cancel"
    _description = "Cancel a Purchase Plan"

    plan_id = fields.Many2one("after_sales.purchase.plan", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        self.plan_id._do_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
