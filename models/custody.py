# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, plaintext2html

from .frozen_mixin import ALL, Transition

STATES = [
    ("draft", "Draft"),
    ("received", "Received"),
    ("returned", "Handed Back"),
    ("cancelled", "Cancelled"),
]
KEEPER_GROUPS = (
    "after_sales_service.group_clerk",
    "after_sales_service.group_warehouse",
)


class AfterSalesCustody(models.Model):
    """Carry-in receipt (客户商品领取收据, R-REC-7): a customer's unit in the
    company's custody while it is repaired.

    ==========================  ========  =====  ==========  =========
    right                       engineer  clerk  supervisor  warehouse
    ==========================  ========  =====  ==========  =========
    read                        own req.  yes    yes         yes
    create, edit a draft        no        yes    yes         yes
    receive, hand back, cancel  no        yes    yes         yes
    ==========================  ========  =====  ==========  =========

    Flow: draft → received → returned (handed back), or draft → cancelled with
    a reason. Receiving creates and validates a receipt of the warehouse's
    carry-in operation type into its "Customer Units" location with the customer
    as owner: the quant is the customer's, never valued as company stock (no
    valuation layer). Handing back needs the receipt number the customer
    holds and is a delivery of the same unit (same serial, same owner). The
    stock work runs as superuser after this model's own role check: clerks have
    no stock rights. The moves of both operation types are the in/out log of
    customer goods (客户商品进出登记本); the repair tag (修护卡) prints from here.
    """

    _name = "after_sales.custody"
    _description = "Carry-in Receipt"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number", "lot_id.name"]

    # A draft is edited freely; from receipt on, what the receipt in the
    # customer's hands says is frozen (the chatter stays open).
    _state_editable = {"draft": ALL}
    _transitions = {
        "receive": Transition(("draft",), "received", KEEPER_GROUPS),
        "hand_back": Transition(("received",), "returned", KEEPER_GROUPS),
        "cancel": Transition(("draft",), "cancelled", KEEPER_GROUPS),
    }
    # Who received or handed back, and when: only through the actions.
    _number_field = "name"
    _transition_fields = (
        "state",
        "received_at",
        "received_by_id",
        "returned_at",
        "returned_by_id",
        "handed_back_to",
        "receipt_picking_id",
        "return_picking_id",
    )

    name = fields.Char(
        string="Receipt Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    ticket_number = fields.Char(related="ticket_id.number", string="Request Number")
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    # The unit
    product_id = fields.Many2one(
        "product.product",
        required=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
        tracking=True,
    )
    needs_lot = fields.Boolean(
        string="Needs a Serial Number", compute="_compute_needs_lot"
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        index="btree_not_null",
        tracking=True,
    )
    accessories = fields.Text(
        string="Accessories Received",
        help="What came with the unit (remote control, cables, box…): what goes back "
        "with it.",
    )
    condition_notes = fields.Text(
        string="Condition on Receipt",
        help="Visible damage, missing parts, the fault as the customer tells it.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Service Point",
        required=True,
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
    )
    # Receipt and hand-back
    received_at = fields.Datetime(readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    returned_at = fields.Datetime(string="Handed Back At", readonly=True, copy=False)
    returned_by_id = fields.Many2one(
        "res.users", string="Handed Back By", readonly=True, copy=False
    )
    handed_back_to = fields.Char(
        readonly=True,
        copy=False,
        help="Who collected the unit against the receipt.",
    )
    receipt_picking_id = fields.Many2one(
        "stock.picking", string="Carry-in Transfer", readonly=True, copy=False
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Hand-back Transfer", readonly=True, copy=False
    )
    cancel_reason = fields.Text(copy=False, tracking=True)
    # Guards (read by the form and raised by the actions)
    can_receive = fields.Boolean(
        compute="_compute_transitions",
        depends=["state", "ticket_id.stage_id", "partner_id", "product_id", "lot_id"],
    )
    cannot_receive_reason = fields.Char(compute="_compute_transitions")
    can_hand_back = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_hand_back_reason = fields.Char(compute="_compute_transitions")
    can_cancel = fields.Boolean(
        compute="_compute_transitions", depends=["state", "cancel_reason"]
    )
    cannot_cancel_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "A receipt number is used once per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("ticket_id")
    def _compute_product_id(self):
        for custody in self:
            if custody.ticket_id.product_id.is_storable:
                custody.product_id = custody.ticket_id.product_id
            elif not custody.product_id:
                custody.product_id = False

    @api.depends("product_id")
    def _compute_needs_lot(self):
        for custody in self:
            custody.needs_lot = custody.product_id.tracking not in (False, "none")

    @api.depends("ticket_id", "product_id")
    def _compute_lot_id(self):
        for custody in self:
            ticket_lot = custody.ticket_id.lot_id
            if ticket_lot and ticket_lot.product_id == custody.product_id:
                custody.lot_id = ticket_lot
            elif custody.lot_id.product_id != custody.product_id:
                custody.lot_id = False

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        Warehouse = self.env["stock.warehouse"]
        for custody in self:
            if custody.warehouse_id.company_id != custody.company_id:
                custody.warehouse_id = Warehouse.search(
                    [("company_id", "=", custody.company_id.id)], limit=1
                )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("product_id", "lot_id")
    def _check_lot_product(self):
        """The serial is one of the product's (R-X-4)."""
        for custody in self:
            if custody.lot_id and custody.lot_id.product_id != custody.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(lot_product)s, not to "
                        "%(product)s.",
                        lot=custody.lot_id.name,
                        lot_product=custody.lot_id.product_id.display_name,
                        product=custody.product_id.display_name,
                    )
                )

    @api.constrains("product_id")
    def _check_product_storable(self):
        for custody in self:
            if not custody.product_id.is_storable:
                raise ValidationError(custody._not_storable_reason())

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Ticket = self.env["helpdesk.ticket"]
        for vals in vals_list:
            self._check_input_bounds(vals)  # before the request is read
            ticket = Ticket.browse(vals.get("ticket_id"))
            if ticket.closed:
                raise UserError(self._closed_reason(ticket))
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_receive(self):
        """Button "Receive Unit": the unit comes into the customer units
        location, owned by the customer."""
        self.ensure_one()
        self.check_access("write")
        self._check_transition("receive")
        self._do_receive()
        return True

    def action_open_hand_back_wizard(self):
        """Button "Hand Back": the wizard asks for the receipt number."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Back the Unit"),
            "res_model": "after_sales.custody.hand.back",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_custody_id": self.id,
                "default_handed_back_to": self.partner_id.name,
            },
        }

    def action_hand_back(self, receipt_number, handed_back_to=None):
        """Hand the unit back against its receipt number; called by the
        hand-back wizard."""
        self.ensure_one()
        self.check_access("write")
        self._check_transition("hand_back")
        self._do_hand_back(receipt_number, handed_back_to)
        return True

    def action_cancel(self):
        """Button "Cancel": a draft receipt, with the reason written on it."""
        self.ensure_one()
        self.check_access("write")
        self._check_transition("cancel")
        self._do_cancel()
        return True

    def action_print(self):
        """Button "Print Receipt": the two-copy carry-in receipt."""
        return self.env.ref(
            "after_sales_service.custody_receipt_report_action"
        ).report_action(self)

    def action_print_tag(self):
        """Button "Print Repair Tag": the label hung on the unit (修护卡)."""
        return self.env.ref(
            "after_sales_service.custody_tag_report_action"
        ).report_action(self)

    def action_view_pickings(self):
        """Smart button (stock users): the carry-in and hand-back transfers."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("after_sales_custody_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Guards: the reasons read by the form and raised by the actions
    # ------------------------------------------------------------------

    def _guard_receive(self):
        """Why this draft unit cannot be received now, or ``False``."""
        if self.ticket_id.closed:
            return self._closed_reason(self.ticket_id)
        if not self.partner_id:
            return self.env._(
                "The request has no customer: the unit would be received as the "
                "company's own stock."
            )
        if not self.product_id.is_storable:
            return self._not_storable_reason()
        if self.needs_lot and not self.lot_id:
            return self.env._(
                "Give the serial number of the unit: %(product)s is tracked by "
                "serial or lot.",
                product=self.product_id.display_name,
            )
        if self.lot_id and self.lot_id.product_id != self.product_id:
            return self.env._(
                "Serial number %(lot)s is not one of %(product)s.",
                lot=self.lot_id.name,
                product=self.product_id.display_name,
            )
        if self.lot_id and (other := self._other_open_custody()):
            return self.env._(
                "Serial number %(lot)s is already in the company's custody "
                "(receipt %(receipt)s).",
                lot=self.lot_id.name,
                receipt=other.name,
            )
        return False

    def _guard_cancel(self):
        """A draft receipt is cancelled with its reason written first."""
        if not (self.cancel_reason or "").strip():
            return self.env._("Write the reason of the cancellation first.")
        return False

    def _closed_reason(self, ticket):
        return self.env._(
            "%(ticket)s is closed (%(stage)s): no unit can be received for it.",
            ticket=ticket.display_name,
            stage=ticket.stage_id.name,
        )

    def _not_storable_reason(self):
        return self.env._(
            "%(product)s is not a storable product: its units cannot be kept in "
            "stock.",
            product=self.product_id.display_name,
        )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _do_receive(self):
        """Draft → received: a validated carry-in receipt owned by the customer."""
        self._begin_transition("receive")
        for custody in self:
            warehouse = custody._custody_warehouse()
            picking = custody._create_custody_picking(
                warehouse.after_sales_custody_in_type_id,
                self.env.ref("stock.stock_location_customers"),
                warehouse.after_sales_custody_location_id,
            )
            custody._transition_write(
                {
                    "state": "received",
                    "received_at": fields.Datetime.now(),
                    "received_by_id": self.env.user.id,
                    "receipt_picking_id": picking.id,
                }
            )

    def _do_hand_back(self, receipt_number, handed_back_to=None):
        """Received → returned against the receipt number: a validated delivery
        of the same unit, from the same owner."""
        self.ensure_one()
        self._begin_transition("hand_back")
        if not isinstance(receipt_number, str) or (
            receipt_number.strip().upper() != self.name.upper()
        ):
            raise UserError(
                self.env._(
                    "The receipt number does not match this unit's receipt: the "
                    "unit is not handed back."
                )
            )
        if handed_back_to is not None and not isinstance(handed_back_to, str):
            raise UserError(self.env._("Who collected the unit must be a name."))
        collector = (handed_back_to or "").strip() or self.partner_id.name
        warehouse = self.warehouse_id
        location = warehouse.sudo().after_sales_custody_location_id
        self._check_unit_in_custody(location)
        picking = self._create_custody_picking(
            warehouse.sudo().after_sales_custody_out_type_id,
            location,
            self.env.ref("stock.stock_location_customers"),
        )
        self._transition_write(
            {
                "state": "returned",
                "returned_at": fields.Datetime.now(),
                "returned_by_id": self.env.user.id,
                "handed_back_to": collector,
                "return_picking_id": picking.id,
            }
        )

    def _do_cancel(self):
        """Draft → cancelled with the reason written on the receipt."""
        self._begin_transition("cancel")
        for custody in self:
            reason = custody.cancel_reason.strip()
            custody._transition_write({"state": "cancelled"})
            custody._message_log(
                body=plaintext2html(self.env._("Cancelled: %(reason)s", reason=reason))
            )

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------

    def _custody_warehouse(self):
        """The service point with its custody set-up (made when missing)."""
        self.ensure_one()
        warehouse = self.warehouse_id.sudo()
        if not (
            warehouse.after_sales_custody_location_id
            and warehouse.after_sales_custody_in_type_id
            and warehouse.after_sales_custody_out_type_id
        ):
            warehouse._after_sales_stock_setup()
        return warehouse

    def _check_unit_in_custody(self, location):
        """The unit is still in the customer units location, the customer's."""
        self.ensure_one()
        quants = (
            self.env["stock.quant"]
            .sudo()
            ._gather(
                self.product_id,
                location,
                lot_id=self.lot_id,
                owner_id=self.partner_id,
                strict=True,
            )
        )
        available = sum(quants.mapped("quantity")) - sum(
            quants.mapped("reserved_quantity")
        )
        rounding = self.product_id.uom_id.rounding
        if float_compare(available, 1.0, precision_rounding=rounding) < 0:
            raise UserError(
                self.env._(
                    "%(receipt)s: the unit is no longer in %(location)s; find it "
                    "before handing it back.",
                    receipt=self.name,
                    location=location.display_name,
                )
            )

    def _prepare_custody_picking_vals(self, picking_type, location, location_dest):
        self.ensure_one()
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "owner_id": self.partner_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "company_id": self.company_id.id,
            "origin": f"{self.name} / {self.ticket_id.number or ''}",
            "user_id": self.env.user.id,
            "after_sales_custody_id": self.id,
            "move_ids": [
                Command.create(
                    {
                        "name": self.product_id.display_name,
                        "product_id": self.product_id.id,
                        "product_uom": self.product_id.uom_id.id,
                        "product_uom_qty": 1.0,
                        "location_id": location.id,
                        "location_dest_id": location_dest.id,
                        "restrict_partner_id": self.partner_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

    def _create_custody_picking(self, picking_type, location, location_dest):
        """Create and validate the transfer of this one unit (its serial, owned by
        the customer). Runs as superuser in the receipt's company: the caller
        checked the role first."""
        self.ensure_one()
        env = self.sudo().with_company(self.company_id).env
        picking = env["stock.picking"].create(
            self._prepare_custody_picking_vals(picking_type, location, location_dest)
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": self.product_id.id,
                "product_uom_id": self.product_id.uom_id.id,
                "lot_id": self.lot_id.id,
                "quantity": 1.0,
                "location_id": location.id,
                "location_dest_id": location_dest.id,
                "owner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "picked": True,
            }
        )
        move.picked = True
        picking.with_context(skip_sms=True, cancel_backorder=True)._action_done()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "%(receipt)s: the transfer %(picking)s could not be validated.",
                    receipt=self.name,
                    picking=picking.name,
                )
            )
        return picking

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _other_open_custody(self):
        """Another receipt of the same unit still in the company's custody."""
        self.ensure_one()
        return self.sudo().search(
            [
                ("id", "not in", self._origin.ids),
                ("product_id", "=", self.product_id.id),
                ("lot_id", "=", self.lot_id.id),
                ("state", "=", "received"),
            ],
            limit=1,
        )

    @api.model
    def _next_number(self, vals):
        ticket = self.env["helpdesk.ticket"].browse(vals.get("ticket_id"))
        company = self.env["res.company"].browse(vals.get("company_id")) or (
            ticket.company_id or self.env.company
        )
        return self._next_receipt_number(company)

    @api.model
    def _next_receipt_number(self, company):
        """The next receipt number of ``company``, by its own per-company
        sequence (made on first use)."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", self._name), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Carry-in receipts of %(company)s", company=company.name
                    ),
                    "code": self._name,
                    "prefix": "SX%(y)s%(month)s-",
                    "padding": 4,
                    "company_id": company.id,
                }
            )
        return sequence.next_by_id()

    def _report_copy_labels(self):
        """The two copies of the printed receipt, in print order."""
        return [
            self.env._("Copy 1: Stub"),
            self.env._("Copy 2: Customer"),
        ]

    def _report_signatures(self):
        """The signature boxes of the printed receipt: the customer handing the
        unit in, the clerk receiving it, and whoever collects it back."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        return [
            {"label": self.env._("Customer"), "name": "", "image": False},
            {
                "label": self.env._("Received By"),
                "name": self.received_by_id.name,
                "image": False,
                "date": form._date(self.received_at),
            },
            {
                "label": self.env._("Collected By"),
                "name": self.handed_back_to or "",
                "image": False,
                "date": form._date(self.returned_at),
            },
        ]
