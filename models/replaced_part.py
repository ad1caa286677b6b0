# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .const import REPLACED_PART_DISPOSITIONS
from .frozen_mixin import ALL, Transition

WAREHOUSE = "after_sales_service.group_warehouse"


class AfterSalesReplacedPart(models.Model):
    """A part taken out of the customer's unit (R-PRT-6): it goes back to the
    customer unless they leave it (recorded); a part left with us is taken back
    into the warehouse's defective-parts location — a receipt owned by the
    customer, never valued as company stock — with the supplier to claim from."""

    _name = "after_sales.replaced.part"
    _description = "Replaced Part"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "id"
    _check_company_auto = True
    _frozen_state_field = "disposition_state"
    # Taken back, the part is in the warehouse and claimed from its supplier:
    # only the note changes (R-PRT-6).
    _state_editable = {"open": ALL, "taken_back": ("note",)}
    _transitions = {
        "take_back": Transition(("open",), "taken_back", (WAREHOUSE,)),
    }
    # The receipt is set by "Take Back" only: writing it by hand would mark a
    # part taken back that never came.
    _transition_fields = ("picking_id",)
    _input_bounds = {"quantity": (0, 1_000_000)}

    requisition_id = fields.Many2one(
        "after_sales.parts.requisition", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="requisition_id.company_id", store=True, index=True
    )
    ticket_id = fields.Many2one(related="requisition_id.ticket_id", store=True)
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(
        default=1.0, required=True, digits="Product Unit of Measure"
    )
    disposition = fields.Selection(
        REPLACED_PART_DISPOSITIONS, required=True, default="customer"
    )
    supplier_id = fields.Many2one(
        "res.partner", string="Claim From", help="The supplier to claim the part from."
    )
    picking_id = fields.Many2one("stock.picking", readonly=True, copy=False)
    disposition_state = fields.Selection(
        [("open", "Open"), ("taken_back", "Taken Back")],
        compute="_compute_disposition_state",
        store=True,
    )
    note = fields.Char()

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive.")
    ]

    @api.depends("requisition_id.name", "product_id")
    def _compute_display_name(self):
        """Its title (R-X-1): the requisition and the part taken back."""
        for part in self:
            part.display_name = " · ".join(
                filter(None, (part.requisition_id.name, part.product_id.display_name))
            )

    @api.depends("picking_id.state")
    def _compute_disposition_state(self):
        for part in self:
            part.disposition_state = (
                "taken_back" if part.picking_id.state == "done" else "open"
            )

    @api.constrains("product_id", "lot_id")
    def _check_lot(self):
        for part in self:
            if part.lot_id and part.lot_id.product_id != part.product_id:
                raise ValidationError(
                    self.env._(
                        "The serial number %(lot)s is of %(lot_product)s, not of "
                        "%(product)s.",
                        lot=part.lot_id.name,
                        lot_product=part.lot_id.product_id.display_name,
                        product=part.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)
            if vals.get("quantity", 1.0) <= 0:
                raise ValidationError(self.env._("The quantity must be positive."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_bounds(vals)
        if "quantity" in vals and vals["quantity"] <= 0:
            raise ValidationError(self.env._("The quantity must be positive."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_taken_back(self):
        """A part on its way back (a receipt made) is kept for the claim too."""
        for part in self:
            if part.picking_id:
                raise UserError(
                    self.env._(
                        "%(part)s was taken back into the warehouse: its record "
                        "is kept for the claim and cannot be deleted.",
                        part=part.product_id.display_name,
                    )
                )

    def action_take_back(self):
        """Receive the part into the defective-parts location: a real receipt,
        owned by the customer (the company does not value it)."""
        # Two warehouse keepers at once: the second sees the first's receipt.
        for part in self._begin_transition("take_back"):
            if part.disposition != "taken_back" or part.picking_id:
                raise UserError(
                    self.env._(
                        "%(part)s is not to be taken back, or already is.",
                        part=part.product_id.display_name,
                    )
                )
            requisition = part.requisition_id
            warehouse = requisition.warehouse_id
            warehouse._after_sales_stock_setup()
            customer = requisition.partner_id
            picking = requisition._parts_receive_replaced(part, customer)
            part._transition_write({"picking_id": picking.id})
        return True
