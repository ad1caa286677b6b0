# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .const import PARTS_DESTINATIONS, REQUISITION_STATES
from .frozen_mixin import ALL, Denied, Transition
from .paper_form import form, print_date, print_part, print_quantity, print_user
from .stock_move import copy_label

ENGINEER = "after_sales_service.group_engineer"
SUPERVISOR = "after_sales_service.group_supervisor"
WAREHOUSE = "after_sales_service.group_warehouse"


class AfterSalesPartsRequisition(models.Model):
    """Parts requisition (领料单, R-PRT-1 … R-PRT-3): the parts one request needs.

    =========================  ========  ==========  =========
    right                      engineer  supervisor  warehouse
    =========================  ========  ==========  =========
    create, edit a draft       own       yes         no
    request                    own       yes         no
    approve                    no        yes         no
    issue, take back, close    no        no          yes
    consume from the van       own       yes         yes
    cancel (with a reason)     own draft yes         yes
    =========================  ========  ==========  =========

    Flow: draft → requested → approved → partly issued / issued → done, or
    cancelled with a reason. Issuing creates and validates a real
    ``stock.picking`` of the warehouse's after-sales issue type (R-PRT-2), its
    moves linked to the lines; what is not in stock stays to issue (a purchase
    plan, R-PRT-4). Every quantity of a line is read from its moves: nothing is
    issued twice (R-PRT-3), returns and consumption are Odoo's own moves and
    valuation. The transitions lock the requisition rows first, so two
    warehouse keepers pressing Issue at once make one picking.
    """

    _name = "after_sales.parts.requisition"
    _description = "Parts Requisition"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "after_sales.ticket.document",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    # The parts change on a draft; the header is what the supervisor approved,
    # fixed from the approval on (the warehouse keeper acts by Issue and Return
    # only); replaced parts are recorded while the parts are out.
    _state_editable = {
        "draft": ALL,
        "requested": (
            "note",
            "ticket_id",
            "record_id",
            "warehouse_id",
            "destination",
            "engineer_id",
            "line_ids",
        ),
        "approved": ("note", "line_ids", "replaced_part_ids"),
        "partial": ("note", "line_ids", "replaced_part_ids"),
        "issued": ("note", "line_ids", "replaced_part_ids"),
        "done": ("note", "replaced_part_ids"),
    }
    _transitions = {
        "request": Transition(("draft",), "requested", (SUPERVISOR, ENGINEER)),
        "approve": Transition(("requested",), "approved", (SUPERVISOR,)),
        "issue": Transition(("approved", "partial"), None, (WAREHOUSE,)),
        "close": Transition(("partial", "issued"), "done", (WAREHOUSE, SUPERVISOR)),
        "cancel": Transition(
            ("draft", "requested", "approved", "partial", "issued"),
            "cancelled",
            (SUPERVISOR, WAREHOUSE, ENGINEER),
        ),
    }
    _transition_fields = (
        "state",
        "user_id",
        "cancel_reason",
        "requested_at",
        "approved_by_id",
        "approved_at",
    )

    name = fields.Char(
        string="Requisition Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    state = fields.Selection(
        REQUISITION_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    record_id = fields.Many2one(
        "after_sales.service.record",
        string="Service Record",
        index="btree_not_null",
        check_company=True,
        domain="[('ticket_id', '=', ticket_id)]",
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    engineer_id = fields.Many2one(
        "hr.employee",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user.employee_id,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    destination = fields.Selection(
        PARTS_DESTINATIONS,
        required=True,
        default="consumption",
        help="Used on issue: the parts are booked as used when they leave the "
        "warehouse. Engineer's van: they go to the engineer's van and are booked "
        "as used from the service record.",
    )
    requested_at = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_at = fields.Datetime(readonly=True, copy=False)
    note = fields.Text()
    line_ids = fields.One2many(
        "after_sales.parts.requisition.line",
        "requisition_id",
        string="Parts",
        copy=True,
    )
    replaced_part_ids = fields.One2many(
        "after_sales.replaced.part", "requisition_id", string="Replaced Parts"
    )
    picking_ids = fields.One2many(
        "stock.picking", "after_sales_requisition_id", string="Transfers"
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    currency_id = fields.Many2one(related="company_id.currency_id")
    value_consumed = fields.Monetary(
        string="Value Used",
        compute="_compute_value_consumed",
        help="Stock valuation of the parts used (issued less returned).",
    )
    shortage = fields.Boolean(
        compute="_compute_shortage",
        help="Some approved parts could not be issued: they are not in stock.",
    )
    can_request = fields.Boolean(
        compute="_compute_transitions",
        depends=["state", "line_ids", "ticket_id.closed"],
    )
    can_approve = fields.Boolean(compute="_compute_transitions", depends=["state"])
    can_issue = fields.Boolean(
        compute="_compute_transitions", depends=["state", "line_ids"]
    )
    can_close = fields.Boolean(
        compute="_compute_transitions", depends=["state", "line_ids"]
    )
    can_cancel = fields.Boolean(
        compute="_compute_transitions", depends=["state", "line_ids"]
    )
    cannot_issue_reason = fields.Char(compute="_compute_transitions")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        for requisition in self:
            requisition.picking_count = len(requisition.picking_ids)

    @api.depends("line_ids.value_consumed")
    def _compute_value_consumed(self):
        for requisition in self:
            requisition.value_consumed = sum(
                requisition.line_ids.mapped("value_consumed")
            )

    @api.depends("state", "line_ids.quantity_to_issue")
    def _compute_shortage(self):
        for requisition in self:
            requisition.shortage = requisition.state == "partial" and any(
                line.quantity_to_issue > 0 for line in requisition.line_ids
            )

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("record_id", "ticket_id")
    def _check_record_of_request(self):
        for requisition in self:
            if (
                requisition.record_id
                and requisition.record_id.ticket_id != requisition.ticket_id
            ):
                raise UserError(
                    self.env._(
                        "The service record %(record)s belongs to another request.",
                        record=requisition.record_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)  # before anything reads the values
        tickets = self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")]
        )
        tickets._parts_ensure_open()
        if not self._parts_is(ENGINEER):
            raise AccessError(
                self.env._("Only service engineers and supervisors request parts.")
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code(
                        "after_sales.parts.requisition"
                    )
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_bounds(vals)  # before anything reads the values
        if "ticket_id" in vals:
            self.env["helpdesk.ticket"].browse(vals["ticket_id"])._parts_ensure_open()
        result = super().write(vals)
        if vals.get("state") in ("done", "cancelled"):
            # The last open requisition settled may let the request be done.
            self.ticket_id._visit_follow_stage()
        return result

    def unlink(self):
        """The lines go first, through the ORM: left to the database's cascade,
        their stored quantities and costs were flushed after they were gone (a
        ``MissingError`` for every role)."""
        self.check_access("unlink")
        self.filtered(lambda r: r.state == "draft").line_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _parts_is(self, group):
        return self.env.su or self.env.user.has_group(group)

    def _is_own(self):
        """The engineer's own requisition: they asked for it, or it is for them."""
        self.ensure_one()
        return self.env.su or self.env.user in (self.user_id, self.engineer_id.user_id)

    def _person_request(self):
        if not (self._parts_is(SUPERVISOR) or self._is_own()):
            return Denied(
                self.env._("Only the engineer or a supervisor requests these parts.")
            )
        return False

    def _guard_request(self):
        if not self.line_ids:
            return self.env._("Add the parts first.")
        if self.ticket_id.closed:
            return self.env._(
                "The request %(ticket)s is closed.", ticket=self.ticket_id.display_name
            )
        return False

    def _person_approve(self):
        if not self.env.su and self.user_id == self.env.user:
            return Denied(
                self.env._(
                    "You requested these parts: another supervisor approves them."
                )
            )
        return False

    def _guard_issue(self):
        if not any(line.quantity_to_issue > 0 for line in self.line_ids):
            return self.env._(
                "Everything approved on %(requisition)s has been issued already; "
                "more parts need a new approved line.",
                requisition=self.name,
            )
        return "\n".join(self._parts_gate_reasons())

    def _parts_gate_reasons(self):
        """What the sign-off and the quote still hold back (translated)."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.quantity_to_issue > 0)
        free, chargeable = lines._parts_gate_amounts()
        free += self.ticket_id._parts_goodwill_value()
        return self.ticket_id._parts_issue_blockers(free, chargeable, lines=lines)

    def _guard_close(self):
        with_engineer = self.line_ids.filtered(lambda line: line.quantity_in_van > 0)
        if with_engineer:
            return self.env._(
                "Parts are still in the engineer's van (%(parts)s): book them as "
                "used or return them first.",
                parts=", ".join(with_engineer.product_id.mapped("display_name")),
            )
        return False

    def _person_cancel(self):
        if not (
            self._parts_is(SUPERVISOR)
            or self._parts_is(WAREHOUSE)
            or (self.state == "draft" and self._is_own())
        ):
            return Denied(
                self.env._(
                    "Only a supervisor or a warehouse keeper cancels a requisition "
                    "once it is requested."
                )
            )
        return False

    def _guard_cancel(self):
        out = self.line_ids.filtered(lambda line: line.quantity_out > 0)
        if out:
            return self.env._(
                "Parts were issued (%(parts)s): return them before cancelling.",
                parts=", ".join(out.product_id.mapped("display_name")),
            )
        return False

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # Actions (buttons) and transitions
    # ------------------------------------------------------------------

    def action_request(self):
        self._do_request()
        return True

    def action_approve(self):
        self._do_approve()
        return True

    def action_issue(self):
        self._do_issue()
        return True

    def action_close(self):
        self._do_close()
        return True

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("after_sales_requisition_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _do_request(self):
        self._begin_transition("request")
        self._transition_write(
            {"state": "requested", "requested_at": fields.Datetime.now()}
        )
        for requisition in self:
            requisition._parts_notify_approvers()

    def _do_approve(self):
        self._begin_transition("approve")
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self._transition_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_at": fields.Datetime.now(),
            }
        )

    def _do_issue(self):
        """Issue what is left to issue of each line, as far as the stock goes: one
        validated picking per requisition; the rest stays to issue."""
        self._begin_transition("issue")
        pickings = self.env["stock.picking"]
        for requisition in self:
            pickings |= requisition._parts_issue_picking()
        return pickings

    def _do_close(self):
        """Issued → done: what is still to issue is no longer wanted."""
        self._begin_transition("close")
        self._transition_write({"state": "done"})

    def _do_cancel(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling."))
        self._begin_transition("cancel")
        self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).sudo().action_cancel()
        self._transition_write({"state": "cancelled", "cancel_reason": reason})

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------

    def _parts_destination(self):
        """Where issued parts go: the consumption location or the van."""
        self.ensure_one()
        warehouse = self.warehouse_id
        warehouse._after_sales_stock_setup()
        if self.destination == "van":
            return warehouse._after_sales_van_location(self.engineer_id)
        return warehouse.after_sales_consumption_location_id

    def _parts_issue_picking(self):
        """Reserve and issue what is left to issue (R-PRT-2): one validated
        picking; what is not in stock stays to issue."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.quantity_to_issue > 0)
        lines._check_serial_not_used_elsewhere()
        blockers = self._parts_gate_reasons()
        if blockers:
            raise UserError(
                self.env._(
                    "%(requisition)s cannot be issued yet:\n%(reasons)s",
                    requisition=self.name,
                    reasons="\n".join(blockers),
                )
            )
        warehouse = self.warehouse_id
        picking = self._parts_run_picking(
            warehouse.after_sales_issue_type_id,
            warehouse.lot_stock_id,
            self._parts_destination(),
            [("issue", line, line.quantity_to_issue, line.lot_id) for line in lines],
        )
        self.line_ids.invalidate_recordset()
        full = all(line.quantity_to_issue <= 0 for line in self.line_ids)
        self._transition_write({"state": "issued" if full else "partial"})
        return picking

    def _parts_run_picking(self, picking_type, source, destination, specs):
        """Create, reserve and validate one picking of ``specs`` — ``(kind,
        line, quantity, lot)`` — from ``source`` to ``destination``; return it.

        Runs as superuser after the caller's guard (an engineer booking the
        parts of their van has no stock rights); ``sudo`` keeps the user, so the
        picking and its moves record who did it."""
        self.ensure_one()
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "partner_id": self.partner_id.id,
                    "origin": self.name,
                    "after_sales_requisition_id": self.id,
                    "group_id": self.ticket_id._parts_procurement_group().id,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            line._parts_move_vals(kind, qty, source, destination)
                        )
                        for kind, line, qty, _lot in specs
                    ],
                }
            )
        )
        picking.action_confirm()
        MoveLine = self.env["stock.move.line"].sudo()
        to_assign = self.env["stock.move"].sudo()
        for move, (_kind, _line, qty, lot) in zip(
            picking.move_ids.sorted("id"), specs, strict=True
        ):
            if move._should_bypass_reservation():
                move.move_line_ids.unlink()  # confirming made one without a lot
                vals = move._prepare_move_line_vals()
                vals.update(quantity=qty, lot_id=lot.id)
                MoveLine.create(vals)
            elif lot:
                move._update_reserved_quantity(
                    move.product_qty, source, lot_id=lot, strict=False
                )
            else:
                to_assign |= move
        to_assign._action_assign()
        picking.move_ids._recompute_state()
        if not any(move.quantity for move in picking.move_ids):
            raise UserError(
                self.env._(
                    "None of these parts is in %(location)s: make a purchase plan "
                    "for what is missing.",
                    location=source.display_name,
                )
            )
        picking.move_ids.picked = True
        result = picking.with_context(
            skip_backorder=True,
            picking_ids_not_to_backorder=picking.ids,
            skip_sms=True,
        ).button_validate()
        if result is not True or picking.state != "done":
            raise UserError(
                self.env._(
                    "The transfer %(picking)s could not be validated.",
                    picking=picking.name,
                )
            )
        return picking

    def _parts_notify_approvers(self):
        """An activity for a supervisor of the request's team to approve."""
        self.ensure_one()
        supervisors = self.ticket_id.team_id.user_ids.filtered(
            lambda u: u.has_group(SUPERVISOR) and u != self.env.user
        )
        for user in supervisors[:1]:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.with_context(lang=user.lang).env._(
                    "Approve parts requisition %(name)s", name=self.name
                ),
            )

    def _parts_check_move_right(self, kind):
        """Guard of taking parts back (``return``: the warehouse keeper) and of
        booking the van's parts as used (``consume``: its engineer, a supervisor,
        the warehouse keeper). The stock moves are read as superuser after it:
        an engineer has no stock rights (R-PRT-2)."""
        self.ensure_one()
        self.check_access("read")
        if kind == "return" and not self._parts_is(WAREHOUSE):
            raise AccessError(self.env._("Only a warehouse keeper takes parts back."))
        if kind == "consume" and not (
            self._parts_is(WAREHOUSE)
            or self._parts_is(SUPERVISOR)
            or (self._parts_is(ENGINEER) and self._is_own())
        ):
            raise AccessError(
                self.env._("Only the engineer books the parts of their van as used.")
            )

    def _do_move_parts(self, kind, quantities):
        """Take back (``return``) or book as used (``consume``, van only) the
        quantities ``{line: quantity}`` of what is out: one validated picking."""
        self.ensure_one()
        self._lock_for_transition()
        self._parts_check_move_right(kind)
        if self.state not in ("partial", "issued", "done"):
            raise UserError(
                self.env._(
                    "%(requisition)s has no issued parts.", requisition=self.name
                )
            )
        if kind == "consume" and self.destination != "van":
            raise UserError(self.env._("These parts were used when they were issued."))
        quantities = {line: qty for line, qty in quantities.items() if qty}
        if not quantities:
            raise UserError(self.env._("Enter the quantities."))
        for line in quantities:
            if line.requisition_id != self:
                raise UserError(
                    self.env._(
                        "%(part)s is not a part of %(requisition)s.",
                        part=line.product_id.display_name,
                        requisition=self.name,
                    )
                )
        specs = []
        for line, qty in quantities.items():
            specs += line._parts_specs_out(kind, qty)
        warehouse = self.warehouse_id
        if kind == "return":
            destination = warehouse.lot_stock_id
            picking_type = warehouse.after_sales_return_type_id
        else:
            destination = warehouse.after_sales_consumption_location_id
            picking_type = warehouse.after_sales_issue_type_id
        picking = self._parts_run_picking(
            picking_type, self._parts_destination(), destination, specs
        )
        self.line_ids.invalidate_recordset()
        return picking

    def _parts_check_lines_editable(self):
        """Parts are added or changed on a draft requisition, by its engineer or a
        supervisor; afterwards a new requisition (R-PRT-3)."""
        for requisition in self:
            if requisition.state != "draft":
                raise UserError(
                    self.env._(
                        "%(requisition)s is %(state)s: its parts no longer change; "
                        "make a new requisition for more.",
                        requisition=requisition.name,
                        state=requisition._state_label(),
                    )
                )
            if not (
                requisition._parts_is(SUPERVISOR)
                or (requisition._parts_is(ENGINEER) and requisition._is_own())
            ):
                raise AccessError(
                    self.env._("Only the engineer or a supervisor changes its parts.")
                )

    def _parts_receive_replaced(self, part, owner):
        """Receipt of a replaced part from the customer into the defective-parts
        location, owned by ``owner`` (not company stock); validated."""
        self.ensure_one()
        warehouse = self.warehouse_id
        customers = self.env.ref("stock.stock_location_customers")
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": warehouse.after_sales_return_type_id.id,
                    "location_id": customers.id,
                    "location_dest_id": warehouse.after_sales_defective_location_id.id,
                    "partner_id": self.partner_id.id,
                    "owner_id": owner.id,
                    "origin": self.name,
                    "after_sales_requisition_id": self.id,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.name,
                                "product_id": part.product_id.id,
                                "product_uom": part.product_id.uom_id.id,
                                "product_uom_qty": part.quantity,
                                "location_id": customers.id,
                                "location_dest_id": (
                                    warehouse.after_sales_defective_location_id.id
                                ),
                                "company_id": self.company_id.id,
                                "restrict_partner_id": owner.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        move = picking.move_ids
        vals = move._prepare_move_line_vals()
        lot = part.lot_id
        if not lot and part.product_id.tracking != "none":
            raise UserError(self.env._("Give the serial number of the replaced part."))
        vals.update(quantity=part.quantity, lot_id=lot.id, owner_id=owner.id)
        move.move_line_ids.unlink()
        self.env["stock.move.line"].sudo().create(vals)
        move.picked = True
        picking.button_validate()
        return picking

    def action_make_purchase_plan(self):
        """The parts still to issue that the warehouse does not have become a
        purchase plan (R-PRT-4); the plan opens for the model and specification."""
        self.ensure_one()
        if not (
            self._parts_is(SUPERVISOR) or (self._parts_is(ENGINEER) and self._is_own())
        ):
            raise AccessError(
                self.env._("Only the engineer or a supervisor draws up the plan.")
            )
        if self.state not in ("approved", "partial"):
            raise UserError(
                self.env._("Only the parts of an approved requisition are planned.")
            )
        lines = []
        for line in self.line_ids.filtered(lambda ln: ln.quantity_to_issue > 0):
            on_hand = (
                line.product_id.with_context(warehouse_id=self.warehouse_id.id)
                .sudo()
                .free_qty
            )
            on_hand = line.product_id.uom_id._compute_quantity(
                on_hand, line.product_uom_id
            )
            missing = line.quantity_to_issue - max(on_hand, 0.0)
            if missing > 0:
                lines.append(
                    Command.create(
                        {
                            "requisition_line_id": line.id,
                            "product_id": line.product_id.id,
                            "product_uom_id": line.product_uom_id.id,
                            "quantity": missing,
                            "model": line.product_id.default_code or False,
                            "chargeable": line.chargeable,
                            "warranty_free": line.warranty_free,
                        }
                    )
                )
        if not lines:
            raise UserError(
                self.env._("Every part still to issue is in stock: issue it instead.")
            )
        plan = self.env["after_sales.purchase.plan"].create(
            {
                "ticket_id": self.ticket_id.id,
                "requisition_id": self.id,
                "warehouse_id": self.warehouse_id.id,
                "line_ids": lines,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": plan._name,
            "res_id": plan.id,
            "view_mode": "form",
        }

    def action_open_move_wizard(self):
        """Return parts (warehouse) or book the van's parts as used (engineer)."""
        self.ensure_one()
        kind = self.env.context.get("parts_move_kind", "return")
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.parts.move.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_requisition_id": self.id, "default_kind": kind},
        }

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.parts.requisition.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_requisition_id": self.id},
        }

    def _report_copy_labels(self):
        """The copies of the printed requisition, in print order."""
        env = self.env
        roles = [env._("Stub"), env._("Warehouse Keeper"), env._("Engineer")]
        return [copy_label(env, number, role) for number, role in enumerate(roles, 1)]

    def _report_forms(self):
        """The requisition's paper forms (领料单, R-PRT-5), one per copy: the
        request, customer, engineer and warehouse; the parts by code and name
        with what was asked, issued and returned; who asked and who approved."""
        self.ensure_one()
        env = self.env
        meta = [
            (env._("No."), self.name),
            (env._("Date"), print_date(env, self.requested_at or self.create_date)),
        ]
        destination = dict(self._fields["destination"]._description_selection(env))
        info = [
            (env._("Request"), self.ticket_id.number or ""),
            (env._("Customer"), self.partner_id.name or ""),
            (env._("Engineer"), self.engineer_id.name or ""),
            (env._("Warehouse"), self.warehouse_id.name or ""),
            (env._("Destination"), destination.get(self.destination, "")),
            (env._("Approved On"), print_date(env, self.approved_at)),
        ]
        headers = [
            (env._("Seq."), False),
            (env._("Part Code"), False),
            (env._("Part Name"), False),
            (env._("Serial Number"), False),
            (env._("Unit of Measure"), False),
            (env._("Requested Qty"), True),
            (env._("Issued"), True),
            (env._("Returned"), True),
            (env._("Charge"), False),
        ]
        rows = []
        for number, line in enumerate(self.line_ids, start=1):
            part = print_part(line.product_id)
            uom = line.product_uom_id
            rows.append(
                [
                    str(number),
                    part["code"],
                    part["name"],
                    line.lot_id.name or "",
                    uom.name or "",
                    print_quantity(env, line.quantity, uom),
                    print_quantity(env, line.quantity_issued, uom),
                    print_quantity(env, line.quantity_returned, uom),
                    env._("Chargeable") if line.chargeable else env._("Free"),
                ]
            )
        signatures = [
            {"label": env._("Requested by"), "name": print_user(self.user_id)},
            {"label": env._("Approved by"), "name": print_user(self.approved_by_id)},
            {"label": env._("Warehouse Keeper"), "name": ""},
            {"label": env._("Received by"), "name": self.engineer_id.name or ""},
        ]
        return [
            form(
                env._("Parts Requisition"),
                label,
                meta,
                info,
                headers,
                rows,
                signatures,
                note=(env._("Remarks"), self.note) if self.note else None,
            )
            for label in self._report_copy_labels()
        ]
