# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, plaintext2html

from .const import PROOF_KINDS, RESOLUTION_KINDS, SERVICE_ZONES, URGENCIES
from .frozen_mixin import Denied, Transition


class HelpdeskTicket(models.Model):
    """A helpdesk ticket is the after-sales service request (R-IN-1).

    Clerks register it, supervisors dispatch it, engineers record their visits on
    service records (``service_record_ids``) or resolve it by phone (R-IN-5).

    This file holds intake, numbering, the equipment history and phone resolution;
    each other feature extends the request in a file of its own
    (``helpdesk_ticket_<feature>.py``: warranty, sla, dispatch), with its fields,
    computes, ``create``/``write`` hooks, actions and helpers (``_<feature>_*``).
    """

    _name = "helpdesk.ticket"
    _inherit = [
        "helpdesk.ticket",
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
    ]
    # The request is helpdesk's: no state of ours freezes it; its buttons are
    # declared transitions (each feature file adds its own).
    _transitions = {"resolve_by_phone": Transition()}
    _check_company_auto = True

    # Registration
    registered_at = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        copy=False,
        tracking=True,
        help="When the call reached the department: every deadline counts from here.",
    )
    service_type_id = fields.Many2one(
        "after_sales.service.type",
        tracking=True,
        check_company=True,
        index=True,
    )
    urgency = fields.Selection(
        URGENCIES, default="normal", required=True, tracking=True
    )
    # The customer's personal data: for the front office that serves them, not
    # the back office (R-X-5); engineers see it on the requests they serve.
    contact_phone = fields.Char(
        compute="_compute_contact_phone",
        store=True,
        readonly=False,
        precompute=True,
        groups="after_sales_service.group_engineer,after_sales_service.group_clerk",
    )
    # Equipment
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
        tracking=True,
        index="btree_not_null",
    )
    equipment_code = fields.Char(help="设备代号: the code of the unit on site.")
    fault_description = fields.Text(help="故障现象: what the customer sees.")
    # Purchase
    purchase_date = fields.Date(string="Purchase / Invoice Date")
    proof_kind = fields.Selection(
        PROOF_KINDS, string="Proof of Purchase", default="none"
    )
    sale_reference = fields.Char(string="Order / Invoice Reference")
    # Place
    service_address = fields.Char(
        compute="_compute_service_address",
        store=True,
        readonly=False,
        precompute=True,
        groups="after_sales_service.group_engineer,after_sales_service.group_clerk",
    )
    distance_zone = fields.Selection(SERVICE_ZONES, default="city")
    # Archive and outcome
    is_key_customer = fields.Boolean(
        string="Key Customer",
        related="commercial_partner_id.after_sales_key_customer",
        groups="base.group_user",
    )
    archived_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the request was archived: its clocks stop then, the deadlines "
        "missed before still count.",
    )
    resolution_kind = fields.Selection(
        RESOLUTION_KINDS, readonly=True, copy=False, tracking=True
    )
    can_resolve_by_phone = fields.Boolean(
        compute="_compute_transitions",
        depends=["stage_id.closed", "service_record_ids.state", "user_id"],
    )
    cannot_resolve_by_phone_reason = fields.Char(compute="_compute_transitions")

    @api.depends("number", "name")
    def _compute_display_name(self):
        """A request not saved yet has no number: its breadcrumb shows its title
        (or the client's "New"), not "/ - False"."""
        result = super()._compute_display_name()
        for ticket in self:
            if not ticket.number or ticket.number == "/":
                ticket.display_name = ticket.name or False
        return result

    def _search_display_name(self, operator, value):
        """The clerk's first move on every call (R-IN-1): the search box and the
        request dropdowns find a request by its number or title, the customer's
        name, the serial number, the equipment code and, for the front office
        only (R-X-5), by any part of the contact's or the customer's phone or
        mobile, spaces and dashes ignored. A back-office role probing a phone
        finds nothing through it."""
        domain = super()._search_display_name(operator, value)
        if operator not in ("ilike", "like") or not value:
            return domain
        arms = [
            domain,
            [("partner_id", operator, value)],
            [("partner_name", operator, value)],
            [("equipment_code", operator, value)],
        ]
        if self.env["stock.lot"].has_access("read"):
            arms.append([("lot_id.name", operator, value)])
        digits = "".join(char for char in value if char.isdigit())
        front_office = self.env.user.has_groups(
            "after_sales_service.group_clerk,after_sales_service.group_engineer"
        )
        # The requests matching any of them, as a union of one query per way
        # (issue 24): each reads its own index (trigram on number, title,
        # customer name, equipment code and serial; the customers' own), where
        # one query with their OR read every request of the company.
        queries = [self._search(arm).subselect(f'"{self._table}"."id"') for arm in arms]
        if front_office and len(digits) >= 3 and not value.strip(" -+()0123456789"):
            ids = self._search_phone_digits(digits)
            if ids:
                queries.append(SQL("(SELECT unnest(%s::int[]))", ids))
        return [("id", "in", SQL("(%s)", SQL(" UNION ").join(queries)))]

    def _search_phone_digits(self, digits):
        """Ids of the requests whose contact phone or customer's phone or mobile
        holds ``digits``, whatever the spaces, dashes and brackets between them.

        Each phone is read through a trigram index on its digits (see
        ``helpdesk_ticket_screens.py``): a union of index scans, not a scan of
        every request with its customer (issue 24)."""
        pattern = f"%{digits}%"
        self.flush_model(["contact_phone", "partner_id"])
        self.env["res.partner"].flush_model(["phone", "mobile"])
        self.env.cr.execute(
            SQL(
                """SELECT ticket.id FROM helpdesk_ticket ticket
                WHERE regexp_replace(ticket.contact_phone, '[^0-9]', '', 'g') LIKE %s
                UNION
                SELECT ticket.id FROM helpdesk_ticket ticket
                JOIN res_partner partner ON partner.id = ticket.partner_id
                WHERE regexp_replace(partner.phone, '[^0-9]', '', 'g') LIKE %s
                OR regexp_replace(partner.mobile, '[^0-9]', '', 'g') LIKE %s""",
                pattern,
                pattern,
                pattern,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.depends("partner_id")
    def _compute_contact_phone(self):
        for ticket in self:
            if ticket.partner_id and not ticket.contact_phone:
                ticket.contact_phone = ticket.partner_id.phone

    @api.depends("partner_id")
    def _compute_service_address(self):
        for ticket in self:
            if ticket.partner_id and not ticket.service_address:
                ticket.service_address = (
                    ticket.partner_id._display_address(without_company=True)
                    .replace("\n", " ")
                    .strip()
                )

    def _guard_resolve_by_phone(self):
        if self.closed:
            return self.env._(
                "%(ticket)s is closed (%(stage)s).",
                ticket=self.display_name,
                stage=self.stage_id.name,
            )
        if any(
            record.state in ("in_progress", "done")
            for record in self.service_record_ids
        ):
            return self.env._(
                "An engineer has already visited %(ticket)s: close it from its "
                "service record.",
                ticket=self.display_name,
            )
        return False

    def _person_resolve_by_phone(self):
        """The engineer who guided the customer resolves the request (and earns
        the reward); a supervisor may do it for them, a clerk may not (R-IN-5)."""
        if (
            self.env.su
            or self.user_id == self.env.user
            or self.env.user.has_group("after_sales_service.group_supervisor")
        ):
            return False
        return Denied(
            self.env._(
                "Only the engineer of %(ticket)s or a supervisor closes it "
                "as resolved by phone.",
                ticket=self.display_name,
            )
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("purchase_date", "registered_at")
    def _check_purchase_date(self):
        today = fields.Date.context_today(self)
        for ticket in self.filtered("purchase_date"):
            if ticket.purchase_date > today:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of %(ticket)s lies in the future.",
                        date=ticket.purchase_date,
                        ticket=ticket.display_name,
                    )
                )
            reported = fields.Date.context_today(self, ticket.registered_at)
            if ticket.purchase_date > reported:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of %(ticket)s is after the date "
                        "the request was registered (%(reported)s).",
                        date=ticket.purchase_date,
                        ticket=ticket.display_name,
                        reported=reported,
                    )
                )

    @api.constrains("registered_at")
    def _check_registered_at(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.registered_at > now:
                raise ValidationError(
                    self.env._(
                        "A request cannot be registered in the future (%(ticket)s).",
                        ticket=ticket.display_name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for ticket in self.filtered("lot_id"):
            if ticket.product_id and ticket.lot_id.product_id != ticket.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(lot_product)s, not to "
                        "%(product)s.",
                        lot=ticket.lot_id.name,
                        lot_product=ticket.lot_id.product_id.display_name,
                        product=ticket.product_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_evidence(self):
        """A request whose work produced performance events, service records or
        appraisals is evidence: it is archived or cancelled, never deleted (R-X-3)."""
        events = self.env["after_sales.performance.event"].sudo()
        evidence = events.search_count([("ticket_id", "in", self.ids)], limit=1)
        evidence = evidence or any(
            ticket.sudo().service_record_ids or ticket.sudo().return_appraisal_ids
            for ticket in self
        )
        if evidence:
            raise UserError(
                self.env._(
                    "A service request with visits, appraisals or recorded performance "
                    "events cannot be deleted: archive or cancel it instead."
                )
            )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and not self.product_id:
            self.product_id = self.lot_id.product_id

    def _ensure_after_registration(self, document, field_names):
        """Raise unless ``document``'s moments ``field_names`` are not before this
        request was registered (R-X-4). Guard of the request's milestones and of
        the service record's arrival and start."""
        self.ensure_one()
        for name in field_names:
            moment = document[name]
            if moment and self.registered_at and moment < self.registered_at:
                raise ValidationError(
                    self.env._(
                        "%(record)s: %(what)s (%(moment)s) is before the request "
                        "was registered (%(registered)s).",
                        record=document.display_name,
                        what=document._fields[name]._description_string(self.env),
                        moment=fields.Datetime.context_timestamp(self, moment),
                        registered=fields.Datetime.context_timestamp(
                            self, self.registered_at
                        ),
                    )
                )

    # ------------------------------------------------------------------
    # Numbering (R-IN-2)
    # ------------------------------------------------------------------

    @api.model
    def default_get(self, fields):
        """helpdesk assigns a new request to whoever registers it ("Auto assign
        tickets"). Only an engineer registering a call they will handle keeps it: a
        request a clerk or a supervisor registers starts unassigned unless an
        engineer is chosen, so the team's rotation or the supervisor dispatches it
        (R-IN-4) and the clerk never becomes its engineer (R-IN-5)."""
        defaults = super().default_get(fields)
        if (
            defaults.get("user_id") == self.env.uid
            and not self.env.context.get("default_user_id")
            and not self._intake_takes_own_calls()
        ):
            defaults["user_id"] = False
        return defaults

    @api.model
    def _intake_takes_own_calls(self):
        """An engineer who is not a supervisor: the call taken on their own phone
        is their job; clerks register and supervisors dispatch."""
        user = self.env.user
        return user.has_group(
            "after_sales_service.group_engineer"
        ) and not user.has_group("after_sales_service.group_supervisor")

    @api.model_create_multi
    def create(self, vals_list):
        # Copies: the caller's dicts are not given the numbers. Odoo replays a call
        # whose transaction met a concurrent update (``retrying``) with the same
        # dicts, after the rollback returned the numbers to the counter; a number
        # left in them would be given again to the next request (R-IN-2).
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_input_bounds(vals)  # before anything reads the values
            self._intake_default_description(vals)
        self._intake_number_batch(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_bounds(vals)  # before anything reads the values
        if "resolution_kind" in vals and not self._in_transition():
            raise AccessError(
                self.env._(
                    "How a request was resolved is recorded by its actions (the "
                    '"Resolved by Phone" button, its visits), never by editing it.'
                )
            )
        if "active" in vals:
            vals["archived_at"] = False if vals["active"] else fields.Datetime.now()
        if "registered_at" in vals:
            self._intake_check_registration_open()
        return super().write(vals)

    @api.model
    def _intake_default_description(self, vals):
        """helpdesk requires a description; the clerk types the fault once
        (故障现象) and the form leaves the description empty: it is the fault."""
        if not vals.get("description") and vals.get("fault_description"):
            vals["description"] = plaintext2html(vals["fault_description"])

    def _intake_check_registration_open(self):
        """Guard of ``write``: every deadline counts from the registration time,
        set when the request is registered. Afterwards only a supervisor corrects
        it (tracked in the chatter), and only while the request is in its first
        stage (R-SLA-1, R-X-3)."""
        if self.env.su:
            return
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise AccessError(
                self.env._(
                    "The registration time of a request is set when it is "
                    "registered; only a supervisor corrects it."
                )
            )
        for ticket in self:
            first = ticket.team_id._get_applicable_stages()[:1]
            if ticket.stage_id and first and ticket.stage_id != first:
                raise UserError(
                    self.env._(
                        "The registration time of %(ticket)s is fixed once the "
                        "request is under way: every deadline counts from it.",
                        ticket=ticket.display_name,
                    )
                )

    def _intake_number_context(self, values):
        """``(company, day)`` that number a new request."""
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        registered = values.get("registered_at")
        day = fields.Date.context_today(
            self, fields.Datetime.to_datetime(registered) if registered else None
        )
        return company, day

    def _prepare_ticket_number(self, values):
        """Number one request by the company's pattern; called by helpdesk's
        ``create`` (when :meth:`_intake_number_batch` left none) and ``copy``."""
        company, day = self._intake_number_context(values)
        return company._after_sales_request_numbers([day])[0]

    @api.model
    def _intake_number_batch(self, vals_list):
        """Number a batch of new requests, one reservation per company (R-IN-2)."""
        pending = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        by_company = {}
        for vals in pending:
            company, day = self._intake_number_context(vals)
            by_company.setdefault(company, []).append((vals, day))
        for company, members in by_company.items():
            numbers = company._after_sales_request_numbers([day for _v, day in members])
            for (vals, _day), number in zip(members, numbers, strict=True):
                vals["number"] = number

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_resolve_by_phone(self):
        """Button "Resolved by phone": close the request without a visit (R-IN-5)."""
        self.check_access("write")  # a role refusal is an AccessError
        self.ensure_one()
        self._check_transition("resolve_by_phone")
        self._do_resolve_by_phone()
        return True

    def _do_resolve_by_phone(self):
        """Close the requests without a visit: their draft visits are cancelled
        through the record's own cancel path, and the guidance is an event
        (R-IN-5). Called by the "Resolved by Phone" button."""
        self._intake_lock()
        self._check_transition("resolve_by_phone")
        for ticket in self:
            stage = ticket._intake_done_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "The team of %(ticket)s has no closing stage.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.service_record_ids.filtered(lambda r: r.state == "draft")._do_cancel(
                self.env._("Resolved by phone guidance.")
            )
            ticket._transition_write({"stage_id": stage.id, "resolution_kind": "phone"})
            ticket._message_log(
                body=plaintext2html(
                    self.env._("Resolved by phone guidance (电话指导解决), no visit.")
                ),
            )
        self.env["after_sales.performance.event"].sudo()._record(
            self._intake_phone_event_vals()
        )

    def _intake_phone_event_vals(self):
        """One ``phone_resolution`` event per request, for its engineer, who
        guided the customer (R-IN-5, R-PEN-3)."""
        now = fields.Datetime.now()
        return [
            {
                "kind": "phone_resolution",
                "res_model": ticket._name,
                "res_id": ticket.id,
                "company_id": ticket.company_id.id,
                "ticket_id": ticket.id,
                "user_id": (ticket.user_id or self.env.user).id,
                "team_id": ticket.team_id.id,
                "occurred_at": now,
            }
            for ticket in self
        ]

    def _intake_lock(self):
        """Lock the request rows a transition reads and then changes, and re-read
        them: two users at once cannot both pass its guard. The rows are touched
        (a no-op UPDATE), not only locked: a concurrent transaction that read them
        before then fails to serialize and is retried (as Odoo retries requests),
        so it sees what this one committed — a visit added, a request closed."""
        if self.ids:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET write_date = write_date "
                    "WHERE id IN %s",
                    tuple(self.ids),
                ),
                log_exceptions=False,  # a serialization failure is retried
            )
            self.invalidate_recordset()
            self.service_record_ids.invalidate_recordset()

    def _intake_done_stage(self):
        """The team's first closing stage that is not a cancellation or rejection."""
        self.ensure_one()
        stages = self.team_id._get_applicable_stages().filtered("closed")
        not_done = self.env["helpdesk.ticket.stage"]
        for xmlid in ("stage_cancelled", "stage_rejected"):
            not_done |= self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_{xmlid}", False)
        return (stages - not_done)[:1]

    def action_view_equipment_history(self):
        """Smart button: the whole history of this request's serial (R-IN-3)."""
        self.ensure_one()
        if not self.lot_id:
            raise UserError(
                self.env._("Set the serial number of the equipment to see its history.")
            )
        return self.lot_id.action_view_after_sales_history()
