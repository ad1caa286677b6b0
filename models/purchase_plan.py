# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.stock.models.stock_rule import ProcurementException

from ..tools import periods
from ..tools.parts import visit_days_late
from .const import PURCHASE_PLAN_STATES
from .frozen_mixin import ALL, Denied, Transition
from .paper_form import form, print_date, print_part, print_quantity, print_user
from .stock_move import copy_label

ENGINEER = "after_sales_service.group_engineer"
MANAGER = "after_sales_service.group_manager"
SUPERVISOR = "after_sales_service.group_supervisor"
WAREHOUSE = "after_sales_service.group_warehouse"


class AfterSalesPurchasePlan(models.Model):
    """Purchase plan (售后采购计划单, R-PRT-4): the parts a request needs that are
    not in stock, with model and specification complete (000 §3.4 fines an
    incomplete one).

    =====================  ========  =======  =========
    right                  engineer  manager  warehouse
    =====================  ========  =======  =========
    create, hand in        own       yes      no
    confirm                no        yes      no
    record the arrival     no        yes      yes
    cancel with a reason   own draft yes      no
    =====================  ========  =======  =========

    Flow: draft → handed in (to the department manager; the request's deadlines
    pause "waiting for parts") → confirmed (Odoo's procurement runs on the
    warehouse's routes: a request for quotation where the Purchase app and a buy
    route exist) → parts arrived (a receipt of the request's procurement group,
    or recorded by the warehouse keeper; the deadlines resume and the engineer
    gets an activity to visit the next day) or cancelled with a reason. Each day
    the next visit is later than the day after arrival, not counting days the
    request was paused, is a ``parts_visit_late`` performance event.
    """

    _name = "after_sales.purchase.plan"
    _description = "After-Sales Purchase Plan"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "after_sales.ticket.document",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    _transition_fields = (
        "state",
        "user_id",
        "cancel_reason",
        "submitted_at",
        "confirmed_by_id",
        "confirmed_at",
        "arrived_at",
    )
    # Drawn up freely; handed in, the manager may complete the lines or choose
    # the warehouse; confirmed, only the note changes (R-X-3).
    _state_editable = {
        "draft": ALL,
        "submitted": ("note", "warehouse_id", "line_ids"),
        "confirmed": ("note",),
        "received": ("note",),
    }
    _transitions = {
        "submit": Transition(("draft",), "submitted", (SUPERVISOR, ENGINEER)),
        "confirm": Transition(("submitted",), "confirmed", (MANAGER,)),
        "record_arrival": Transition(("confirmed",), "received", (WAREHOUSE, MANAGER)),
        "cancel": Transition(
            ("draft", "submitted", "confirmed"), "cancelled", (MANAGER, ENGINEER)
        ),
    }

    name = fields.Char(
        string="Plan Number", required=True, readonly=True, copy=False, default="/"
    )
    state = fields.Selection(
        PURCHASE_PLAN_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    cancel_reason = fields.Text(readonly=True, copy=False)
    ticket_id = fields.Many2one(ondelete="restrict")
    requisition_id = fields.Many2one(
        "after_sales.parts.requisition",
        check_company=True,
        index="btree_not_null",
        domain="[('ticket_id', '=', ticket_id)]",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Drawn Up By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    submitted_at = fields.Datetime(string="Handed In On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_at = fields.Datetime(readonly=True, copy=False)
    arrived_at = fields.Datetime(string="Parts Arrived", readonly=True, copy=False)
    line_ids = fields.One2many(
        "after_sales.purchase.plan.line", "plan_id", string="Parts", copy=True
    )
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)  # before anything reads the values
        if not (self.env.su or self.env.user.has_group(ENGINEER)):
            raise AccessError(
                self.env._(
                    "Only service engineers and managers draw up purchase plans."
                )
            )
        self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")]
        )._parts_ensure_open()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("after_sales.purchase.plan")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_bounds(vals)
        if "ticket_id" in vals:
            self.env["helpdesk.ticket"].browse(vals["ticket_id"])._parts_ensure_open()
        return super().write(vals)

    @api.constrains("requisition_id", "ticket_id")
    def _check_requisition_of_request(self):
        """The plan's requisition is one of the plan's request."""
        for plan in self:
            if plan.requisition_id and plan.requisition_id.ticket_id != plan.ticket_id:
                raise ValidationError(
                    self.env._(
                        "The requisition %(requisition)s belongs to another request.",
                        requisition=plan.requisition_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _is(self, group):
        return self.env.su or self.env.user.has_group(group)

    def _is_own(self):
        """The plan of the engineer: they drew it up, serve the request or the
        requisition."""
        self.ensure_one()
        return self.env.user in (
            self.user_id,
            self.ticket_id.user_id,
            self.requisition_id.engineer_id.user_id,
        )

    def _person_submit(self):
        if not (self._is(SUPERVISOR) or self._is_own()):
            return Denied(
                self.env._("Only the request's engineer or a supervisor hands it in.")
            )
        return False

    def _person_cancel(self):
        if not (self._is(MANAGER) or (self.state == "draft" and self._is_own())):
            return Denied(
                self.env._("Only the department manager cancels a handed-in plan.")
            )
        return False

    def _check_lines_complete(self):
        """Model and specification are required on every line (000 §3.4)."""
        for plan in self:
            if not plan.line_ids:
                raise UserError(self.env._("%(plan)s has no parts.", plan=plan.name))
            incomplete = plan.line_ids.filtered(
                lambda ln: not (ln.model or "").strip()
                or not (ln.specification or "").strip()
            )
            if incomplete:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: give the model and the specification of "
                        "%(parts)s.",
                        plan=plan.name,
                        parts=", ".join(incomplete.product_id.mapped("display_name")),
                    )
                )

    def _check_editable(self, field_names=None):
        """Guard of the plan's lines: their parts change while the plan is a
        draft; handed in, only the department manager completes a model or a
        specification (000 §3.4); confirmed, nothing changes (R-X-3).
        ``field_names``: the line fields written (``None``: a line is added or
        deleted)."""
        completion = field_names is not None and set(field_names) <= {
            "model",
            "specification",
        }
        for plan in self:
            if plan.state == "draft":
                continue
            if plan.state == "submitted" and completion:
                if not self._is(MANAGER):
                    raise AccessError(
                        self.env._(
                            "%(plan)s is handed in: only the department manager "
                            "completes a model or a specification now.",
                            plan=plan.name,
                        )
                    )
                continue
            raise UserError(plan._frozen_message(plan.state, {"line_ids"}))

    # ------------------------------------------------------------------
    # Actions and transitions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._do_submit()
        return True

    def action_confirm(self):
        self._do_confirm()
        return True

    def action_record_arrival(self):
        self._do_record_arrival()
        return True

    def _do_submit(self):
        """Hand the plan to the department manager; the deadlines pause."""
        self._begin_transition("submit")
        self._check_lines_complete()
        self._transition_write(
            {"state": "submitted", "submitted_at": fields.Datetime.now()}
        )
        for plan in self:
            plan.ticket_id._sla_pause_quietly("waiting_parts")
            plan._notify_managers()
        self._record_handed_in_late()

    def _do_confirm(self):
        """The department manager confirms: Odoo's procurement runs."""
        self._begin_transition("confirm")
        self._check_lines_complete()
        for plan in self:
            free, chargeable = plan.line_ids._gate_amounts()
            blockers = plan.ticket_id._parts_purchase_blockers(
                free, chargeable, lines=plan.line_ids
            )
            if blockers:
                raise UserError(
                    self.env._(
                        "%(plan)s cannot be confirmed yet:\n%(reasons)s",
                        plan=plan.name,
                        reasons="\n".join(blockers),
                    )
                )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self._transition_write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.user.id,
                "confirmed_at": fields.Datetime.now(),
            }
        )
        for plan in self:
            plan._run_procurement()

    def _do_record_arrival(self):
        """The parts are here: deadlines resume, the engineer is told to visit the
        next day (000 §2.8)."""
        self._begin_transition("record_arrival")
        now = fields.Datetime.now()
        self._transition_write({"state": "received", "arrived_at": now})
        for plan in self:
            plan.ticket_id._sla_resume_quietly("waiting_parts")
        self._notify_arrival(now)

    def _notify_arrival(self, now):
        """Tell each engineer (of the requisition, else the request's) that the
        parts of their plans arrived (issue 24): the plans go into the
        engineer's digest "Parts Arrived" of the company's day, with one to-do
        on it while they have not done it — "Parts arrived for N requests:
        visit the customers tomorrow", due the next day — not one to-do per
        plan. In bulk for any number of plans; nobody is made a follower, no
        e-mail is sent, the title is in the engineer's language."""
        items = {}
        zones = {}
        Log = self.env["after_sales.work.log"]
        for plan in self.sudo():
            engineer = plan.requisition_id.engineer_id.user_id or plan.ticket_id.user_id
            if not engineer:
                continue
            company = plan.company_id
            if company not in zones:
                zones[company] = Log._after_sales_tz(company)
            day = periods.local_date(now, zones[company])
            items.setdefault((engineer, company, day), []).append(plan.id)
        self.env["after_sales.notice.digest"]._notify("parts_arrival", items)

    def _do_cancel(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling."))
        self._begin_transition("cancel")
        waiting = self.filtered(lambda p: p.state in ("submitted", "confirmed"))
        self._transition_write({"state": "cancelled", "cancel_reason": reason})
        for plan in waiting:
            plan.ticket_id._sla_resume_quietly("waiting_parts")

    def _local_date(self, moment):
        """The day of ``moment`` in the company's time zone (days of 000 §2.8)."""
        tz = self.env["after_sales.work.log"]._after_sales_tz(self.company_id)
        return periods.local_date(moment, tz)

    def _notify_managers(self):
        """An activity for the department manager: of the request's team first,
        else of the company — in the manager's language."""
        self.ensure_one()
        manager_group = self.env.ref(MANAGER).sudo()
        team_managers = self.ticket_id.team_id.user_ids.filtered(
            lambda u: u in manager_group.users
        )
        managers = team_managers or manager_group.users.filtered(
            lambda u: self.company_id in u.company_ids and not u._is_superuser()
        )
        for user in managers[:1]:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.with_context(lang=user.lang).env._(
                    "Confirm purchase plan %(name)s", name=self.name
                ),
            )

    def _run_procurement(self):
        """Run Odoo's procurement for each line on the warehouse's routes; without
        a route that buys (no Purchase app), say so and leave the buying to the
        purchasing staff."""
        self.ensure_one()
        Group = self.env["procurement.group"].sudo()
        group = self.ticket_id._parts_procurement_group()
        procurements = [
            Group.Procurement(
                line.product_id,
                line.quantity,
                line.product_uom_id,
                self.warehouse_id.lot_stock_id,
                f"{self.name}: {line.model} {line.specification}",
                self.name,
                self.company_id,
                {
                    "group_id": group,
                    "warehouse_id": self.warehouse_id,
                    "date_planned": fields.Datetime.now(),
                },
            )
            for line in self.line_ids
        ]
        try:
            with self.env.cr.savepoint():
                Group.run(procurements, raise_user_error=False)
        except ProcurementException:
            self.message_post(
                body=self.env._(
                    "No replenishment route buys these parts in %(warehouse)s: "
                    "purchase them by hand.",
                    warehouse=self.warehouse_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _parts_arrived(self, moves):
        """Receipts of the requests' procurement groups (``moves``) mark the
        confirmed plans whose parts they bring arrived, all in one go."""
        products = {}  # {procurement group: products received}
        for move in moves:
            products.setdefault(move.group_id, set()).add(move.product_id.id)
        arrived = self.filtered(
            lambda plan: set(plan.line_ids.product_id.ids)
            & products.get(plan.ticket_id.parts_procurement_group_id, set())
        )
        if arrived:  # all at once: one notice per engineer and day
            arrived.sudo()._do_record_arrival()

    # ------------------------------------------------------------------
    # Performance events: a late hand-in, the visit after the parts arrived
    # ------------------------------------------------------------------

    def _hand_in_due(self):
        """The day the plan is due (000 §3.4.1, §3.4.2): the day after the
        customer confirmed the quote or the general manager approved the free
        service, whichever is later; ``False`` when neither happened."""
        self.ensure_one()
        ticket = self.ticket_id
        days = [ticket._signoff_final_approval_date()]
        quote = ticket._quote_confirmed()
        if quote.confirmed_at:
            days.append(self._local_date(quote.confirmed_at))
        days = [day for day in days if day]
        return max(days) + timedelta(days=1) if days else False

    def _record_handed_in_late(self):
        """One ``purchase_plan_late`` event per plan handed in after its due day
        (quantity: days late), credited to who drew it up."""
        vals_list = []
        for plan in self.sudo():
            due = plan._hand_in_due()
            if not due or not plan.submitted_at:
                continue
            late = (plan._local_date(plan.submitted_at) - due).days
            if late <= 0:
                continue
            vals_list.append(
                {
                    "kind": "purchase_plan_late",
                    "occurred_at": plan.submitted_at,
                    "company_id": plan.company_id.id,
                    "ticket_id": plan.ticket_id.id,
                    "res_model": plan._name,
                    "res_id": plan.id,
                    "key": "",
                    "quantity": late,
                    "user_id": plan.user_id.id,
                    "team_id": plan.ticket_id.team_id.id,
                }
            )
        self.env["after_sales.performance.event"].sudo()._record(vals_list)

    # ------------------------------------------------------------------
    # Performance event: the visit after the parts arrived
    # ------------------------------------------------------------------

    def _record_visit_late(self, visit_at):
        """The ``parts_visit_late`` event of each arrived plan whose next visit is
        ``visit_at``: the days later than the day after arrival, not counting days
        the request was paused (000 §2.8, §3.4, DESIGN §4)."""
        vals_list = []
        for plan in self.filtered(lambda p: p.state == "received" and p.arrived_at):
            ticket = plan.ticket_id
            pauses = [
                (
                    plan._local_date(pause.start_at),
                    plan._local_date(pause.end_at or visit_at),
                )
                for pause in ticket.sla_pause_ids
                # the plan's own pause ends when the parts arrive
                if pause.reason != "waiting_parts"
                and (pause.end_at or visit_at) > plan.arrived_at
            ]
            days = visit_days_late(
                plan._local_date(plan.arrived_at),
                plan._local_date(visit_at),
                pauses,
            )
            if days <= 0:
                continue
            user = plan.requisition_id.engineer_id.user_id or ticket.user_id
            vals_list.append(
                {
                    "kind": "parts_visit_late",
                    "occurred_at": visit_at,
                    "company_id": plan.company_id.id,
                    "ticket_id": ticket.id,
                    "res_model": plan._name,
                    "res_id": plan.id,
                    "key": "",
                    "quantity": days,
                    "user_id": user.id,
                    "employee_id": plan.requisition_id.engineer_id.id,
                    "team_id": ticket.team_id.id,
                }
            )
        self.env["after_sales.performance.event"].sudo()._record(vals_list)

    def _report_forms(self):
        """The plan's paper forms (售后采购计划单, R-PRT-4, R-PRT-5): the stub the
        department keeps and the purchaser's copy; the parts by code and name
        with model and specification; who drew it up and who confirmed it."""
        self.ensure_one()
        env = self.env
        meta = [
            (env._("No."), self.name),
            (env._("Date"), print_date(env, self.submitted_at or self.create_date)),
        ]
        info = [
            (env._("Request"), self.ticket_id.number or ""),
            (env._("Customer"), self.ticket_id.commercial_partner_id.name or ""),
            (env._("Warehouse"), self.warehouse_id.name or ""),
            (env._("Requisition"), self.requisition_id.name or ""),
            (env._("Confirmed On"), print_date(env, self.confirmed_at)),
            (env._("Arrived On"), print_date(env, self.arrived_at)),
        ]
        headers = [
            (env._("Seq."), False),
            (env._("Part Code"), False),
            (env._("Part Name"), False),
            (env._("Model"), False),
            (env._("Specification"), False),
            (env._("Unit of Measure"), False),
            (env._("Quantity"), True),
            (env._("Charge"), False),
        ]
        rows = []
        for number, line in enumerate(self.line_ids, start=1):
            part = print_part(line.product_id)
            rows.append(
                [
                    str(number),
                    part["code"],
                    part["name"],
                    line.model or "",
                    line.specification or "",
                    line.product_uom_id.name or "",
                    print_quantity(env, line.quantity, line.product_uom_id),
                    env._("Chargeable") if line.chargeable else env._("Free"),
                ]
            )
        signatures = [
            {"label": env._("Drawn up by"), "name": print_user(self.user_id)},
            {
                "label": env._("Department Manager"),
                "name": print_user(self.confirmed_by_id),
            },
            {"label": env._("Purchaser"), "name": ""},
        ]
        roles = [env._("Stub"), env._("Purchaser")]
        return [
            form(
                env._("After-Sales Purchase Plan"),
                copy_label(env, number, role),
                meta,
                info,
                headers,
                rows,
                signatures,
                note=(env._("Remarks"), self.note) if self.note else None,
            )
            for number, role in enumerate(roles, start=1)
        ]


class AfterSalesPurchasePlanLine(models.Model):
    _name = "after_sales.purchase.plan.line"
    _description = "After-Sales Purchase Plan Line"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _check_company_auto = True
    _input_bounds = {"quantity": (0, 1_000_000)}
    _frozen_parent = "plan_id"

    plan_id = fields.Many2one(
        "after_sales.purchase.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    requisition_line_id = fields.Many2one(
        "after_sales.parts.requisition.line", check_company=True
    )
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    model = fields.Char(help="The manufacturer's model designation of the part.")
    specification = fields.Char(
        help="Size, rating, material: what buying the right part needs."
    )
    quantity = fields.Float(
        required=True, default=1.0, digits="Product Unit of Measure"
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
    chargeable = fields.Boolean()
    warranty_free = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive.")
    ]

    @api.depends("plan_id.name", "product_id", "model")
    def _compute_display_name(self):
        """Its title (R-X-1): the plan and the part (or its model) to buy."""
        for line in self:
            line.display_name = " · ".join(
                filter(
                    None,
                    (line.plan_id.name, line.product_id.display_name or line.model),
                )
            )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)
            if vals.get("quantity", 1.0) <= 0:
                raise ValidationError(self.env._("The quantity must be positive."))
        Plan = self.env["after_sales.purchase.plan"]
        Line = self.env["after_sales.parts.requisition.line"].sudo()
        for vals in vals_list:
            # Derived, never typed: from the requisition line, else the warranty.
            source = Line.browse(vals.get("requisition_line_id"))
            if source:
                vals["warranty_free"] = source.warranty_free
                vals["chargeable"] = source.chargeable
            elif not self.env.su or "warranty_free" not in vals:
                ticket = Plan.browse(vals.get("plan_id")).ticket_id
                free = bool(ticket) and ticket._parts_warranty_free()
                vals["warranty_free"] = free
                vals["chargeable"] = not free
        lines = super().create(vals_list)
        lines.plan_id._check_editable()
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_plan(self):
        self.plan_id._check_editable()

    def write(self, vals):
        self._check_input_bounds(vals)
        if "quantity" in vals and vals["quantity"] <= 0:
            raise ValidationError(self.env._("The quantity must be positive."))
        if {"chargeable", "warranty_free"} & set(vals) and not self.env.su:
            # Copied from the requisition line or the warranty: the sign-off and
            # quote gates read them, so nobody sets them by hand.
            raise AccessError(
                self.env._(
                    "Whether a planned part is charged follows its requisition "
                    "and the warranty; it is not edited on the plan."
                )
            )
        self.plan_id._check_editable(list(vals))
        return super().write(vals)

    def _gate_amounts(self):
        free = chargeable = 0.0
        for line in self:
            value = (
                line.product_uom_id._compute_quantity(
                    line.quantity, line.product_id.uom_id
                )
                * line.product_id.standard_price
            )
            if line.chargeable:
                chargeable += value
            elif not line.warranty_free:
                free += value
        return free, chargeable


class StockMove(models.Model):
    _inherit = "stock.move"

    def _after_sales_parts_arrived(self):
        """Receipts of a request's procurement group (a purchase of its plan)
        mark its confirmed plans arrived (R-PRT-4)."""
        result = super()._after_sales_parts_arrived()
        moves = self.filtered(lambda m: m.group_id and not m.after_sales_parts_kind)
        if moves:
            plans = (
                self.env["after_sales.purchase.plan"]
                .sudo()
                .search(
                    [
                        ("state", "=", "confirmed"),
                        (
                            "ticket_id.parts_procurement_group_id",
                            "in",
                            moves.group_id.ids,
                        ),
                    ]
                )
            )
            plans._parts_arrived(moves)
        return result
