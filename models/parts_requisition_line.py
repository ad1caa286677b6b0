# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from .frozen_mixin import ALL

SUPERVISOR = "after_sales_service.group_supervisor"
# What a supervisor still decides on a line before it is issued.
CHARGE_FIELDS = ("chargeable", "charge_reason", "sequence")


class AfterSalesPartsRequisitionLine(models.Model):
    """One part of a requisition (R-PRT-1). Every quantity but the requested one
    is read from the line's stock moves (R-PRT-2, R-PRT-3): issued, returned,
    used, still in the engineer's van, still to issue. Chargeable or free is
    proposed from the request's warranty determination; only a supervisor
    changes it, with a reason kept in the requisition's chatter."""

    _name = "after_sales.parts.requisition.line"
    _description = "Parts Requisition Line"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "requisition_id, sequence, id"
    # The part is chosen on a draft; until it is issued a supervisor may still
    # change whether it is charged (with a reason); issued, the line's part and
    # its charge decision are in the books (R-X-3).
    _state_editable = {
        "draft": ALL,
        "requested": CHARGE_FIELDS,
        "approved": CHARGE_FIELDS,
        "partial": CHARGE_FIELDS,
    }
    _frozen_parent = "requisition_id"
    _check_company_auto = True
    _input_bounds = {"quantity": (0, 1_000_000)}

    sequence = fields.Integer(default=10)
    requisition_id = fields.Many2one(
        "after_sales.parts.requisition",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="requisition_id.company_id", store=True, index=True
    )
    ticket_id = fields.Many2one(
        related="requisition_id.ticket_id", store=True, index=True
    )
    equipment_lot_id = fields.Many2one(
        related="ticket_id.lot_id",
        string="Equipment Serial",
        store=True,
        index="btree_not_null",
    )
    engineer_id = fields.Many2one(related="requisition_id.engineer_id", store=True)
    state = fields.Selection(related="requisition_id.state", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
        required=True,
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(
        string="Requested Qty",
        required=True,
        default=1.0,
        digits="Product Unit of Measure",
    )
    warranty_free = fields.Boolean(
        compute="_compute_warranty_free",
        store=True,
        readonly=True,
        precompute=True,
        help="The request's warranty determination has the company pay the parts.",
    )
    chargeable = fields.Boolean(
        compute="_compute_chargeable",
        store=True,
        readonly=False,
        precompute=True,
        help="Charged to the customer; proposed from the warranty determination.",
    )
    charge_editable = fields.Boolean(
        compute="_compute_charge_editable",
        help="The current user may still change whether the part is charged.",
    )
    charge_reason = fields.Char(
        string="Reason for Changing the Charge",
        help="Why a supervisor changed chargeable/free from what the warranty says.",
    )
    move_ids = fields.One2many(
        "stock.move", "after_sales_requisition_line_id", string="Stock Moves"
    )
    quantity_issued = fields.Float(
        string="Issued",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_returned = fields.Float(
        string="Returned",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_used = fields.Float(
        string="Used",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_in_van = fields.Float(
        string="In the Van",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_out = fields.Float(
        string="Not Returned",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    quantity_to_issue = fields.Float(
        string="To Issue",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_cost = fields.Monetary(
        string="Unit Cost at Issue", compute="_compute_costs", store=True
    )
    value_consumed = fields.Monetary(
        string="Value Used", compute="_compute_costs", store=True
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The requested quantity must be positive.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("requisition_id")
    def _compute_warranty_free(self):
        """What the request's warranty determination says when the line is made
        (R-WAR-4): the form proposes it to the engineer, ``create`` fixes it."""
        for line in self:
            ticket = line.requisition_id.ticket_id
            line.warranty_free = bool(ticket) and ticket._parts_warranty_free()

    @api.depends("warranty_free")
    def _compute_chargeable(self):
        """Proposed from the determination (R-PRT-1, R-WAR-4): chargeable out of
        warranty, free in warranty; a supervisor may change it with a reason."""
        for line in self:
            line.chargeable = not line.warranty_free

    @api.depends("state", "quantity_issued")
    @api.depends_context("uid")
    def _compute_charge_editable(self):
        """Only a supervisor changes chargeable/free, until the part is issued:
        the states where ``_state_editable`` leaves the charge fields open."""
        supervisor = self._is_supervisor()
        for line in self:
            state = line.requisition_id.state or "draft"
            editable = self._state_editable.get(state, ())
            line.charge_editable = (
                supervisor
                and not line.quantity_issued
                and (editable == ALL or "chargeable" in editable)
            )

    @api.depends("requisition_id.name", "product_id")
    def _compute_display_name(self):
        """Its title (R-X-1): the requisition and the part."""
        for line in self:
            line.display_name = " · ".join(
                filter(None, (line.requisition_id.name, line.product_id.display_name))
            )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    def _move_quantities(self):
        """``{kind: quantity}`` of the line's done moves, in the line's unit."""
        self.ensure_one()
        done = defaultdict(float)
        pending = 0.0
        for move in self.move_ids:
            qty = move.product_uom._compute_quantity(
                move.quantity if move.state == "done" else move.product_uom_qty,
                self.product_uom_id,
            )
            if move.state == "done":
                done[move.after_sales_parts_kind] += qty
            elif move.state != "cancel" and move.after_sales_parts_kind == "issue":
                pending += qty
        return done, pending

    @api.depends(
        "quantity",
        "product_uom_id",
        "requisition_id.destination",
        "move_ids.state",
        "move_ids.quantity",
        "move_ids.after_sales_parts_kind",
    )
    def _compute_quantities(self):
        for line in self:
            done, pending = line._move_quantities()
            issued, returned, consumed = done["issue"], done["return"], done["consume"]
            van = line.requisition_id.destination == "van"
            line.quantity_issued = issued
            line.quantity_returned = returned
            line.quantity_used = consumed if van else issued - returned
            line.quantity_in_van = issued - returned - consumed if van else 0.0
            line.quantity_out = issued - returned
            line.quantity_to_issue = max(line.quantity - issued - pending, 0.0)

    @api.depends("move_ids.stock_valuation_layer_ids.value", "quantity_used")
    def _compute_costs(self):
        """The stock valuation of what was used: the value of the moves leaving
        valued stock less the value of the returns (``stock_account``)."""
        for line in self:
            layers = line.move_ids.stock_valuation_layer_ids
            out = layers.filtered(lambda layer: layer.quantity < 0)
            out_qty = -sum(out.mapped("quantity"))
            line.unit_cost = -sum(out.mapped("value")) / out_qty if out_qty else 0.0
            line.value_consumed = -sum(layers.mapped("value"))

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("product_id", "lot_id", "quantity")
    def _check_lot(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "The serial number %(lot)s is of %(lot_product)s, not of "
                        "%(product)s.",
                        lot=line.lot_id.name,
                        lot_product=line.lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            if (
                line.lot_id
                and line.product_id.tracking == "serial"
                and float_compare(line.quantity, 1.0, precision_digits=3) != 0
            ):
                raise ValidationError(
                    self.env._("A serial number is one unit: request 1 per line.")
                )
        self._check_serial_not_used_elsewhere()

    @api.constrains("product_uom_id", "product_id")
    def _check_uom(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "The unit %(unit)s does not measure %(product)s.",
                        unit=line.product_uom_id.name,
                        product=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)
            if "quantity" in vals and vals["quantity"] <= 0:
                raise ValidationError(self._quantity_error())
        Requisition = self.env["after_sales.parts.requisition"]
        for vals in vals_list:
            requisition = Requisition.browse(vals.get("requisition_id"))
            requisition._parts_check_lines_editable()
            # ``warranty_free`` is computed from the requisition (precompute).
            free = requisition.ticket_id._parts_warranty_free()
            if "chargeable" not in vals:
                vals["chargeable"] = not free
            elif vals["chargeable"] == free and not vals.get("charge_reason"):
                raise UserError(self._charge_reason_error())
            elif vals["chargeable"] == free and not self._is_supervisor():
                raise AccessError(self._charge_role_error())
        lines = super().create(vals_list)
        lines._post_charge_changes(
            lines.filtered(lambda ln: ln.chargeable == ln.warranty_free)
        )
        return lines

    def write(self, vals):
        self._check_input_bounds(vals)
        if "quantity" in vals and vals["quantity"] <= 0:
            raise ValidationError(self._quantity_error())
        if "warranty_free" in vals and not self.env.su:
            raise AccessError(self._charge_role_error())
        charge = {"chargeable", "charge_reason"}.intersection(vals)
        if charge and not self._is_supervisor():
            raise AccessError(self._charge_role_error())
        if (
            "chargeable" in vals
            and not (vals.get("charge_reason") or "").strip()
            and self.filtered(lambda ln: ln.warranty_free == bool(vals["chargeable"]))
        ):
            # Back to what the warranty says needs no reason; away from it does.
            raise UserError(self._charge_reason_error())
        if "chargeable" in vals and "charge_reason" not in vals:
            vals = dict(vals, charge_reason=False)  # the old reason no longer holds
        content = set(vals) - {"sequence", "charge_reason", "chargeable"}
        if content:
            self.requisition_id._parts_check_lines_editable()
        elif charge and self.filtered(
            lambda ln: ln.quantity_issued or ln.state not in self._state_editable
        ):
            raise UserError(
                self.env._("Issued parts keep their charge; it is in the books.")
            )
        result = super().write(vals)
        if "chargeable" in vals:
            self._post_charge_changes(self)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.requisition_id._parts_check_lines_editable()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _is_supervisor(self):
        return self.env.su or self.env.user.has_group(SUPERVISOR)

    def _quantity_error(self):
        return self.env._("The requested quantity must be positive.")

    def _charge_reason_error(self):
        return self.env._(
            "Give the reason for charging differently from the warranty determination."
        )

    def _charge_role_error(self):
        return self.env._(
            "Only a service supervisor changes whether a part is charged."
        )

    def _post_charge_changes(self, lines):
        for line in lines:
            charge = self.env._("chargeable") if line.chargeable else self.env._("free")
            if line.chargeable != line.warranty_free:
                body = self.env._(
                    "%(part)s: %(charge)s again, as the warranty says.",
                    part=line.product_id.display_name,
                    charge=charge,
                )
            else:
                body = self.env._(
                    "%(part)s: %(charge)s instead of what the warranty says. "
                    "Reason: %(reason)s",
                    part=line.product_id.display_name,
                    charge=charge,
                    reason=line.charge_reason,
                )
            line.requisition_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _parts_gate_amounts(self):
        """(free not covered by the warranty, chargeable) estimated value of what
        is left to issue, in the company currency: the gates of the sign-off and
        the quote read them."""
        free = chargeable = 0.0
        for line in self:
            qty = line.product_uom_id._compute_quantity(
                line.quantity_to_issue, line.product_id.uom_id
            )
            value = qty * line.product_id.standard_price
            if line.chargeable:
                chargeable += value
            elif not line.warranty_free:
                free += value
        return free, chargeable

    def _parts_move_vals(self, kind, quantity, source, destination):
        self.ensure_one()
        return {
            "name": self.requisition_id.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "after_sales_requisition_line_id": self.id,
            "after_sales_parts_kind": kind,
            "group_id": self.ticket_id._parts_procurement_group().id,
        }

    def _parts_lots_out(self, kind):
        """``{lot: quantity}`` (in the line's unit) of what may be returned or
        used now: issued, not yet returned, nor used from the van.

        Reads the moves as superuser: the callers check the user's right first
        (``_parts_check_move_right``; an engineer has no stock rights)."""
        self.ensure_one()
        out = defaultdict(float)
        signs = {"issue": 1, "return": -1, "consume": -1}
        if kind == "return" and self.requisition_id.destination == "consumption":
            signs["consume"] = 0
        for move in self.sudo().move_ids.filtered(lambda m: m.state == "done"):
            for move_line in move.move_line_ids:
                qty = move_line.product_uom_id._compute_quantity(
                    move_line.quantity, self.product_uom_id
                )
                out[move_line.lot_id] += signs[move.after_sales_parts_kind] * qty
        return {lot: qty for lot, qty in out.items() if qty > 0}

    def _parts_specs_out(self, kind, quantity):
        """``(kind, line, quantity, lot)`` of ``quantity`` taken from what is
        out, lot by lot; more than that is refused."""
        self.ensure_one()
        if quantity < 0:
            raise UserError(self.env._("Quantities cannot be negative."))
        available = self._parts_lots_out(kind)
        if float_compare(quantity, sum(available.values()), precision_digits=3) > 0:
            raise UserError(
                self.env._(
                    "%(part)s: %(quantity)s is more than the %(available)s issued "
                    "and not yet returned or used.",
                    part=self.product_id.display_name,
                    quantity=quantity,
                    available=sum(available.values()),
                )
            )
        specs = []
        for lot, qty in available.items():
            take = min(qty, quantity)
            if take > 0:
                specs.append((kind, self, take, lot))
                quantity -= take
        return specs

    def _check_serial_not_used_elsewhere(self):
        """A serial number used on another request is refused (R-PRT-3)."""
        lines = self.filtered("lot_id")
        if not lines:
            return
        self.env["stock.move.line"].flush_model()
        self.env.cr.execute(
            """
            SELECT ml.lot_id, t.number, t.name
              FROM stock_move_line ml
              JOIN stock_move m ON m.id = ml.move_id
              JOIN after_sales_parts_requisition_line l
                ON l.id = m.after_sales_requisition_line_id
              JOIN helpdesk_ticket t ON t.id = l.ticket_id
             WHERE ml.lot_id IN %s AND m.state = 'done'
             GROUP BY ml.lot_id, l.ticket_id, t.number, t.name
            HAVING SUM(CASE m.after_sales_parts_kind
                       WHEN 'issue' THEN ml.quantity
                       WHEN 'return' THEN -ml.quantity
                       ELSE 0 END) > 0
               AND l.ticket_id NOT IN %s
            """,
            (tuple(lines.lot_id.ids), tuple(lines.ticket_id.ids)),
        )
        for lot_id, number, name in self.env.cr.fetchall():
            raise ValidationError(
                self.env._(
                    "The serial number %(lot)s was issued to request %(ticket)s and "
                    "has not come back.",
                    lot=self.env["stock.lot"].browse(lot_id).name,
                    ticket=number or name,
                )
            )
