# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..tools import sla

DEALER_ARRIVALS = [("direct", "Brought In"), ("courier", "By Courier")]
DEALER_HANDLINGS = [
    ("repair", "Repair and Return"),
    ("exchange", "Exchange for a Resellable Unit"),
    ("replace", "Whole-Unit Replacement"),
]
DEALER_CYCLES = [("3", "3 Days"), ("5", "5 Days"), ("7", "7 Days")]
# A dealer's return form: at most this many units, photos per unit, bytes a photo.
DEALER_MAX_UNITS = 50
DEALER_MAX_PHOTOS = 3
DEALER_MAX_PHOTO_BYTES = 5 * 1024 * 1024
DEALER_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
# Text lengths of the portal form.
DEALER_TEXT_LIMITS = {
    "colour": 64,
    "serial": 64,
    "end_customer": 128,
    "courier": 64,
    "tracking": 64,
    "problem": 2000,
}


class HelpdeskTicketDealer(models.Model):
    """Units a dealer sends in from the portal (经销商送修, R-IN-6).

    The dealer (a portal user of a partner flagged as dealer) registers one or
    several units in one form (:meth:`_dealer_register`, called by the portal
    controller after nothing but the login was checked): every value is
    validated here first, then the requests are created in one ``create`` of the
    internal intake, with the dealer as customer and the channel "Dealer". The
    warehouse keeper receives the unit on a carry-in receipt with its appearance
    and function checks; the expected cycle is the deadline "Returned to the
    Dealer", counted in the company's working time from the receipt, met by
    the hand-back (R-SLA-1). A unit damaged in transport waits for a
    supervisor's decision before its warranty decision counts.
    """

    _inherit = "helpdesk.ticket"

    dealer_portal = fields.Boolean(
        string="From the Dealer Portal",
        readonly=True,
        copy=False,
        help="Registered by the dealer on the portal.",
    )
    dealer_end_customer = fields.Char(
        string="End Customer", help="The dealer's customer, when known."
    )
    dealer_colour = fields.Char(string="Colour")
    dealer_arrival = fields.Selection(DEALER_ARRIVALS, string="Arrives")
    dealer_courier = fields.Char(string="Courier Company")
    dealer_tracking = fields.Char(string="Tracking Number")
    dealer_handling = fields.Selection(DEALER_HANDLINGS, string="Handling Wished")
    dealer_cycle = fields.Selection(
        DEALER_CYCLES,
        string="Cycle Wished",
        help='The dealer\'s expected cycle: the deadline "Returned to the Dealer", '
        "in working days from the unit's receipt.",
    )
    dealer_transport_damage = fields.Boolean(
        string="Damaged in Transport",
        compute="_compute_dealer_transport_damage",
        store=True,
        help="The unit arrived damaged by transport (carry-in receipt): its "
        "warranty decision waits for a supervisor.",
    )
    dealer_damage_decided = fields.Boolean(
        string="Transport Damage Decided",
        copy=False,
        tracking=True,
        help="A supervisor has decided who bears the transport damage.",
    )

    @api.depends("custody_ids.transport_damage", "custody_ids.state")
    def _compute_dealer_transport_damage(self):
        for ticket in self:
            ticket.dealer_transport_damage = any(
                custody.transport_damage and custody.state != "cancelled"
                for custody in ticket.sudo().custody_ids
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("dealer_portal") for vals in vals_list):
            raise AccessError(self._dealer_portal_only())
        return super().create(vals_list)

    def _dealer_portal_only(self):
        return self.env._(
            "Only the dealer portal marks a request as registered by a dealer."
        )

    def write(self, vals):
        if "dealer_portal" in vals and not self.env.su:
            raise AccessError(self._dealer_portal_only())
        if "dealer_damage_decided" in vals and not self.env.su:
            if not self.env.user.has_group("after_sales_service.group_supervisor"):
                raise AccessError(
                    self.env._(
                        "Only a supervisor decides on a unit damaged in transport."
                    )
                )
        result = super().write(vals)
        if "dealer_damage_decided" in vals:
            self._warranty_update()
        if "dealer_cycle" in vals:
            self._sla_sync_deadlines()
        return result

    # ------------------------------------------------------------------
    # The cycle (R-IN-6 deadline "Returned to the Dealer")
    # ------------------------------------------------------------------

    def _dealer_custody(self):
        """The unit's carry-in receipt that counts: the first received one."""
        self.ensure_one()
        return (
            self.sudo()
            .custody_ids.filtered(lambda c: c.state in ("received", "returned"))
            .sorted(lambda c: (c.received_at, c.id))[:1]
        )

    def _dealer_cycle_hours(self):
        """The expected cycle in working hours of the company's calendar."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        return int(self.dealer_cycle or 0) * (calendar.hours_per_day or 8.0)

    def _dealer_deadline_vals(self, pauses, now, calendars):
        """The deadline "Returned to the Dealer" of this request, or ``None``
        before the unit is received or without an expected cycle."""
        self.ensure_one()
        custody = self._dealer_custody()
        if not self.dealer_cycle or not custody:
            return None
        calendar = self.company_id.resource_calendar_id
        Line = self.env["after_sales.sla.policy.line"]
        engine_calendar = Line._sla_calendar(calendar, calendars)
        hours = self._dealer_cycle_hours()
        start = custody.received_at
        met_at = custody.returned_at or None
        deadline = sla.deadline(start, hours, engine_calendar, pauses)
        soon_hours = calendar.hours_per_day or 8.0
        state = sla.status(deadline, now, met_at, soon_hours)
        return self.env["after_sales.ticket.deadline"]._deadline_row(
            self.id,
            "dealer_return",
            hours,
            "working" if engine_calendar else "calendar",
            calendar.id,
            soon_hours,
            start,
            deadline,
            met_at,
            state,
        )

    # ------------------------------------------------------------------
    # What the dealer reads
    # ------------------------------------------------------------------

    def _dealer_status(self):
        """The state of the unit in plain words, for the dealer."""
        self.ensure_one()
        ticket = self.sudo()
        custody = ticket._dealer_custody()
        if custody.state == "returned":
            return self.env._("Returned to you")
        if ticket.stage_id.closed and not custody:
            return self.env._("Closed")
        if custody.state == "received":
            if ticket.dealer_transport_damage and not ticket.dealer_damage_decided:
                return self.env._(
                    "Received damaged in transport: waiting for our decision"
                )
            return self.env._("Received at the service point: being handled")
        return self.env._("Registered: waiting for the unit to arrive")

    def _dealer_cycle_days(self):
        """Days the unit has spent in its cycle (receipt to hand-back, or to
        now), one decimal; ``None`` before it arrives."""
        self.ensure_one()
        custody = self._dealer_custody()
        if not custody:
            return None
        end = custody.returned_at or fields.Datetime.now()
        return round((end - custody.received_at).total_seconds() / 86400.0, 1)

    def _dealer_late(self):
        """Whether the deadline "Returned to the Dealer" was missed."""
        self.ensure_one()
        row = self.sudo().sla_deadline_ids.filtered(
            lambda d: d.milestone == "dealer_return"
        )
        return row.status in (sla.BREACHED, sla.MET_LATE)

    def _dealer_due(self):
        self.ensure_one()
        row = self.sudo().sla_deadline_ids.filtered(
            lambda d: d.milestone == "dealer_return"
        )
        return row.deadline or False

    def _dealer_outcome(self):
        """What was done, in plain words (empty while under way)."""
        self.ensure_one()
        ticket = self.sudo()
        if ticket._dealer_custody().state != "returned" and not ticket.closed:
            return ""
        labels = dict(self._fields["dealer_handling"]._description_selection(self.env))
        parts = [labels.get(ticket.dealer_handling, "")]
        if ticket.resolution_kind:
            kinds = dict(
                self._fields["resolution_kind"]._description_selection(self.env)
            )
            parts.append(kinds.get(ticket.resolution_kind, ""))
        return " · ".join(filter(None, parts))

    # ------------------------------------------------------------------
    # Registration from the portal
    # ------------------------------------------------------------------

    @api.model
    def _dealer_partner(self):
        """The dealer the current user acts for, or an AccessError."""
        partner = self.env.user.sudo().partner_id.commercial_partner_id
        if not partner.is_dealer:
            raise AccessError(
                self.env._("Only a dealer registers returns on the dealer portal.")
            )
        return partner

    @api.model
    def _dealer_products(self, company=None):
        """The models a dealer may send in: the company's storable products."""
        company = company or self.env.user.company_id
        return (
            self.env["product.product"]
            .sudo()
            .search(
                [
                    ("is_storable", "=", True),
                    ("sale_ok", "=", True),
                    ("company_id", "in", (False, company.id)),
                ],
                order="name, id",
            )
        )

    @api.model
    def _dealer_register(self, units):
        """Create one request per unit of a dealer's return (R-IN-6).

        ``units``: a list of dicts with ``product_id``, ``colour``, ``serial``,
        ``purchase_date`` (ISO date), ``problem``, ``arrival``, ``courier``,
        ``tracking``, ``handling``, ``cycle``, ``end_customer`` and ``photos`` (a
        list of ``(file name, mimetype, bytes)``). Every value is checked first;
        one bad unit refuses the whole form. The requests are created as the
        superuser (portal users cannot create requests) in the dealer's
        company, with the dealer as customer: nothing else the caller sends
        reaches ``create``. Returns the new requests.
        """
        dealer = self._dealer_partner()
        company = self.env.user.company_id
        if not isinstance(units, list) or not units:
            raise UserError(self.env._("Register at least one unit."))
        if len(units) > DEALER_MAX_UNITS:
            raise UserError(
                self.env._(
                    "One return holds at most %(max)s units; split the %(count)s "
                    "units into several returns.",
                    max=DEALER_MAX_UNITS,
                    count=len(units),
                )
            )
        products = self._dealer_products(company)
        vals_list = []
        photos = []
        serials = set()
        for index, unit in enumerate(units, start=1):
            vals, unit_photos = self._dealer_unit_vals(
                index, unit, dealer, company, products, serials
            )
            vals_list.append(vals)
            photos.append(unit_photos)
        Ticket = self.sudo().with_company(company)
        with self.env.cr.savepoint():
            tickets = Ticket.create(vals_list)
            Attachment = self.env["ir.attachment"].sudo()
            for ticket, unit_photos in zip(tickets, photos, strict=True):
                if unit_photos:
                    Attachment.create(
                        [
                            {
                                "name": name,
                                "mimetype": mimetype,
                                "datas": base64.b64encode(data),
                                "res_model": ticket._name,
                                "res_id": ticket.id,
                            }
                            for name, mimetype, data in unit_photos
                        ]
                    )
            for ticket in tickets:
                ticket._message_log(
                    body=plaintext2html(
                        self.env._(
                            "Registered by the dealer %(dealer)s on the dealer "
                            "portal (%(user)s).",
                            dealer=dealer.name,
                            user=self.env.user.name,
                        )
                    )
                )
        return tickets.with_env(self.env)

    @api.model
    def _dealer_unit_vals(self, index, unit, dealer, company, products, serials):
        """Check one unit of the form; its request values and its photos."""
        if not isinstance(unit, dict):
            self._dealer_refuse(index, self.env._("the unit is not readable."))
        texts = self._dealer_check_texts(index, unit)
        product, lot = self._dealer_check_unit(
            index, unit, texts, company, products, serials
        )
        purchase = self._dealer_check_purchase(index, unit.get("purchase_date"))
        arrival, handling, cycle = self._dealer_check_choices(index, unit, texts)
        checked = self._dealer_check_photos(index, unit.get("photos") or [])
        service_type = self._dealer_service_type(handling, company)
        channel = self.env.ref(
            "after_sales_service.helpdesk_ticket_channel_dealer", False
        )
        name = self.env._(
            "Dealer return: %(product)s %(serial)s",
            product=product.display_name,
            serial=texts["serial"],
        )
        vals = {
            "name": name[:200],
            "company_id": company.id,
            "partner_id": dealer.id,
            "channel_id": channel.id if channel else False,
            "service_type_id": service_type.id,
            "product_id": product.id,
            "lot_id": lot.id,
            "purchase_date": purchase,
            "proof_kind": "invoice" if purchase else "none",
            "fault_description": texts["problem"],
            "registered_at": fields.Datetime.now(),
            "dealer_portal": True,
            "dealer_end_customer": texts["end_customer"] or False,
            "dealer_colour": texts["colour"] or False,
            "dealer_arrival": arrival,
            "dealer_courier": texts["courier"] if arrival == "courier" else False,
            "dealer_tracking": texts["tracking"] if arrival == "courier" else False,
            "dealer_handling": handling,
            "dealer_cycle": cycle,
        }
        if not lot:
            # A serial not yet known to the company: written on the request, the
            # warehouse keeper creates the serial when the unit arrives.
            vals["equipment_code"] = texts["serial"]
        return vals, checked

    @api.model
    def _dealer_refuse(self, index, message):
        raise UserError(
            self.env._("Unit %(index)s: %(error)s", index=index, error=message)
        )

    @api.model
    def _dealer_check_texts(self, index, unit):
        texts = {}
        for key, limit in DEALER_TEXT_LIMITS.items():
            value = unit.get(key) or ""
            if not isinstance(value, str):
                self._dealer_refuse(
                    index, self.env._("a text field holds something else than text.")
                )
            value = value.strip()
            if len(value) > limit:
                self._dealer_refuse(
                    index,
                    self.env._(
                        "a text is longer than %(limit)s characters.", limit=limit
                    ),
                )
            texts[key] = value
        if not texts["serial"]:
            self._dealer_refuse(
                index, self.env._("give the serial number of the unit.")
            )
        if not texts["problem"]:
            self._dealer_refuse(
                index, self.env._("describe the problem the customer sees.")
            )
        return texts

    @api.model
    def _dealer_check_unit(self, index, unit, texts, company, products, serials):
        """The model among the dealer's choices; the serial once in the form and,
        when the company knows it, one of that model's (R-X-4)."""
        try:
            product_id = int(unit.get("product_id") or 0)
        except (TypeError, ValueError):
            product_id = 0
        product = products.filtered(lambda p: p.id == product_id)
        if not product:
            self._dealer_refuse(index, self.env._("choose the model of the unit."))
        serial = texts["serial"]
        if serial.upper() in serials:
            self._dealer_refuse(
                index,
                self.env._(
                    "serial number %(serial)s is twice in this return.", serial=serial
                ),
            )
        serials.add(serial.upper())
        lots = (
            self.env["stock.lot"]
            .sudo()
            .search([("name", "=", serial), ("company_id", "in", (False, company.id))])
        )
        lot = lots.filtered(lambda lot: lot.product_id == product)[:1]
        if lots and not lot:
            self._dealer_refuse(
                index,
                self.env._(
                    "serial number %(serial)s is one of %(other)s, not of "
                    "%(product)s.",
                    serial=serial,
                    other=lots[0].product_id.display_name,
                    product=product.display_name,
                ),
            )
        return product, lot

    @api.model
    def _dealer_check_purchase(self, index, purchase):
        """The purchase date: a date, not in the future (or none)."""
        if not purchase:
            return False
        try:
            if not isinstance(purchase, date) or isinstance(purchase, datetime):
                purchase = fields.Date.to_date(purchase)
        except (TypeError, ValueError):
            self._dealer_refuse(index, self.env._("the purchase date is not a date."))
        if not purchase:
            return False
        if purchase > fields.Date.context_today(self):
            self._dealer_refuse(
                index,
                self.env._(
                    "the purchase date %(date)s is in the future.",
                    date=fields.Date.to_string(purchase),
                ),
            )
        return purchase

    @api.model
    def _dealer_check_choices(self, index, unit, texts):
        arrival = unit.get("arrival")
        if arrival not in dict(DEALER_ARRIVALS):
            self._dealer_refuse(index, self.env._("choose how the unit arrives."))
        if arrival == "courier" and not (texts["courier"] and texts["tracking"]):
            self._dealer_refuse(
                index,
                self.env._(
                    "a unit sent by courier needs the courier company and number."
                ),
            )
        handling = unit.get("handling")
        if handling not in dict(DEALER_HANDLINGS):
            self._dealer_refuse(index, self.env._("choose the handling you expect."))
        cycle = unit.get("cycle")
        if cycle not in dict(DEALER_CYCLES):
            self._dealer_refuse(
                index, self.env._("choose the cycle you expect (3, 5 or 7 days).")
            )
        return arrival, handling, cycle

    @api.model
    def _dealer_check_photos(self, index, photos):
        """At most a few photos per unit, images, each at most 5 MB."""
        if not isinstance(photos, list) or len(photos) > DEALER_MAX_PHOTOS:
            self._dealer_refuse(
                index,
                self.env._("at most %(max)s photos per unit.", max=DEALER_MAX_PHOTOS),
            )
        checked = []
        for photo in photos:
            try:
                name, mimetype, data = photo
            except (TypeError, ValueError):
                self._dealer_refuse(index, self.env._("a photo is not readable."))
            if isinstance(data, str):
                try:
                    data = base64.b64decode(data, validate=True)
                except (binascii.Error, ValueError):
                    self._dealer_refuse(index, self.env._("a photo is not readable."))
            if not isinstance(data, bytes) or not data:
                self._dealer_refuse(index, self.env._("a photo is empty."))
            if len(data) > DEALER_MAX_PHOTO_BYTES:
                self._dealer_refuse(
                    index,
                    self.env._(
                        "photo %(name)s is larger than %(max)s MB.",
                        name=str(name)[:64],
                        max=DEALER_MAX_PHOTO_BYTES // (1024 * 1024),
                    ),
                )
            if mimetype not in DEALER_PHOTO_TYPES:
                self._dealer_refuse(
                    index, self.env._("%(name)s is not a photo.", name=str(name)[:64])
                )
            checked.append((str(name)[:128] or "photo", mimetype, data))
        return checked

    @api.model
    def _dealer_service_type(self, handling, company):
        """Repair and return: the repair service; an exchange or replacement:
        the return / exchange service."""
        code = "repair" if handling == "repair" else "return_exchange"
        ServiceType = self.env["after_sales.service.type"].sudo()
        service_type = ServiceType.search(
            [("code", "=", code), ("company_id", "in", (company.id, False))],
            order="company_id",
            limit=1,
        )
        if not service_type:
            raise UserError(
                self.env._(
                    "The service types are not set up: ask the service desk to "
                    "register your return."
                )
            )
        return service_type

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _dealer_demo_load(self):
        """Demo returns of the demo dealer in several states (demo data only)."""
        dealer = self.env.ref("after_sales_service.user_dealer")
        keeper = self.env.ref("after_sales_service.user_warehouse")
        company = dealer.company_id
        air = self.env.ref("after_sales_service.product_air_conditioner")
        Lot = self.env["stock.lot"].sudo()
        serials = ["KFR2511D0101", "KFR2511D0102", "KFR2511D0103", "KFR2511D0104"]
        for serial in serials:
            Lot.create({"name": serial, "product_id": air.id, "company_id": company.id})
        base = {
            "product_id": air.id,
            "colour": "白色",
            "purchase_date": fields.Date.to_string(
                fields.Date.subtract(fields.Date.today(), months=2)
            ),
            "handling": "repair",
            "arrival": "direct",
        }
        units = [
            dict(
                base,
                serial="KFR2511D0100",
                problem="不制冷，外机不转。",
                cycle="5",
                arrival="courier",
                courier="顺丰速运",
                tracking="SF1402231234567",
            ),
            dict(base, serial=serials[0], problem="遥控器无反应。", cycle="3"),
            dict(
                base,
                serial=serials[1],
                problem="面板破裂，开机异响。",
                cycle="7",
                handling="exchange",
                end_customer="李先生",
            ),
            dict(base, serial=serials[2], problem="漏水。", cycle="5"),
            dict(base, serial=serials[3], problem="显示屏不亮。", cycle="3"),
        ]
        tickets = self.with_user(dealer).with_company(company)._dealer_register(units)
        Custody = (
            self.env["after_sales.custody"].with_user(keeper).with_company(company)
        )
        checks = [
            ("scratched", False, "normal", False),
            ("damaged", True, "abnormal", "开机异响"),
            ("good", False, "normal", False),
            ("good", False, "abnormal", "显示屏不亮"),
        ]
        custodies = Custody.browse()
        for ticket, (look, transport, function, notes) in zip(
            tickets[1:], checks, strict=True
        ):
            custody = Custody.create(
                {
                    "ticket_id": ticket.id,
                    "appearance": look,
                    "transport_damage": transport,
                    "function_check": function,
                    "function_notes": notes,
                }
            )
            custody.action_receive()
            custodies |= custody
        # Returned within its cycle.
        custodies[2].action_hand_back(custodies[2].name, "陈佳美")
        # Late: received twelve days ago, still here; the breach job records it.
        late = custodies[3]
        moment = fields.Datetime.subtract(fields.Datetime.now(), days=12)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE after_sales_custody SET received_at = %s WHERE id = %s",
            (moment, late.id),
        )
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET registered_at = %s WHERE id = %s",
            (fields.Datetime.subtract(moment, hours=2), late.ticket_id.id),
        )
        self.env.invalidate_all()
        late.ticket_id._sla_sync_deadlines()
        self.env["after_sales.sla.breach"]._detect_breaches()
