# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dealer portal (R-IN-6): a dealer sends units in from the portal, the
warehouse keeper receives them with their checks, the expected cycle is a
deadline met by the hand-back, and every route answers each role as it should."""

import base64

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AfterSalesCase

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


class DealerCase(AfterSalesCase):
    """A dealer with a portal login, another dealer, a plain portal customer and
    another company's dealer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.sale_ok = True
        cls.other_product.sale_ok = True
        cls.dealer = cls.env["res.partner"].create(
            {"name": "Jiamei Appliances", "is_company": True, "is_dealer": True}
        )
        cls.dealer_user = cls._portal_user("t_dealer", "Dealer Chen", cls.dealer)
        cls.dealer_2 = cls.env["res.partner"].create(
            {"name": "Other Dealer", "is_company": True, "is_dealer": True}
        )
        cls.dealer_2_user = cls._portal_user("t_dealer2", "Dealer Li", cls.dealer_2)
        cls.customer_user = new_test_user(
            cls.env, "t_plain", groups="base.group_portal", name="Plain Customer"
        )
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.dealer_b = cls.env["res.partner"].create(
            {
                "name": "Dealer of B",
                "is_company": True,
                "is_dealer": True,
                "company_id": cls.company_b.id,
            }
        )
        cls.dealer_b_user = cls._portal_user(
            "t_dealer_b", "Dealer Wang", cls.dealer_b, company=cls.company_b
        )
        calendar = cls.company.resource_calendar_id
        cls.day_hours = calendar.hours_per_day or 8.0

    @classmethod
    def _portal_user(cls, login, name, dealer, company=None):
        company = company or cls.company
        contact = cls.env["res.partner"].create(
            {"name": name, "parent_id": dealer.id, "company_id": dealer.company_id.id}
        )
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": contact.id,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
                    "lang": "en_US",
                    "tz": "UTC",
                }
            )
        )

    @classmethod
    def _unit(cls, **vals):
        unit = {
            "product_id": str(cls.product.id),
            "colour": "White",
            "serial": "DL-0001",
            "purchase_date": fields.Date.to_string(
                fields.Date.subtract(fields.Date.today(), months=2)
            ),
            "problem": "Does not cool.",
            "arrival": "direct",
            "handling": "repair",
            "cycle": "3",
        }
        unit.update(vals)
        return unit

    @classmethod
    def _register(cls, units, user=None):
        Ticket = cls.env["helpdesk.ticket"].with_user(user or cls.dealer_user)
        return Ticket._dealer_register(units)

    @classmethod
    def _receive(cls, ticket, **vals):
        values = {
            "ticket_id": ticket.id,
            "appearance": "good",
            "function_check": "abnormal",
            "function_notes": "Compressor does not start.",
        }
        values.update(vals)
        lot = cls.env["stock.lot"].search(
            [("name", "=", ticket.equipment_code or ticket.lot_id.name)], limit=1
        ) or cls.env["stock.lot"].create(
            {"name": ticket.equipment_code, "product_id": ticket.product_id.id}
        )
        values.setdefault("lot_id", lot.id)
        custody = cls.env["after_sales.custody"].with_user(cls.warehouse).create(values)
        custody.action_receive()
        return custody

    def _dealer_tickets(self):
        return self.env["helpdesk.ticket"].search([("dealer_portal", "=", True)])


@tagged("post_install", "-at_install")
class TestDealerRegistration(DealerCase):
    """R-IN-6: the dealer's return becomes one request per unit, through the
    internal intake; one bad unit refuses the whole form."""

    def test_register_two_units(self):
        """Two units, one by courier: two requests of the dealer, channel Dealer,
        repair / return service types, warranty determined as today."""
        tickets = self._register(
            [
                self._unit(serial=self.lot.name, end_customer="Mr Li"),
                self._unit(
                    serial="DL-NEW-7",
                    arrival="courier",
                    courier="SF Express",
                    tracking="SF123",
                    handling="exchange",
                    cycle="7",
                ),
            ]
        )
        self.assertEqual(len(tickets), 2)
        first, second = tickets.sudo()
        self.assertEqual(first.partner_id, self.dealer)
        self.assertEqual(
            first.channel_id,
            self.env.ref("after_sales_service.helpdesk_ticket_channel_dealer"),
        )
        self.assertEqual(first.lot_id, self.lot)
        self.assertEqual(first.dealer_end_customer, "Mr Li")
        self.assertEqual(first.service_type_id.code, "repair")
        self.assertEqual(second.service_type_id.code, "return_exchange")
        self.assertFalse(second.lot_id)
        self.assertEqual(second.equipment_code, "DL-NEW-7")
        self.assertEqual(second.dealer_tracking, "SF123")
        self.assertTrue(first.dealer_portal and second.dealer_portal)
        self.assertTrue(first.number and first.number != "/")
        self.assertTrue(first.warranty_determination_id)
        self.assertFalse(first.user_id)

    def test_bad_input_refuses_whole_form(self):
        """Another product's serial, a future date, a 20 MB photo, a non-photo,
        51 units, a courier without number, a missing model: a translated error
        naming the unit, nothing created (R-IN-6, R-X-4)."""
        future = fields.Date.to_string(fields.Date.add(fields.Date.today(), days=3))
        big = [("big.jpg", "image/jpeg", b"x" * (20 * 1024 * 1024))]
        cases = [
            ([self._unit(), self._unit(serial=self.other_lot.name)], "RT-0001"),
            ([self._unit(purchase_date=future)], "future"),
            ([self._unit(photos=big)], "larger than 5 MB"),
            (
                [self._unit(photos=[("a.pdf", "application/pdf", b"%PDF")])],
                "not a photo",
            ),
            ([self._unit(serial=f"S{i}") for i in range(51)], "at most 50"),
            ([self._unit(arrival="courier", courier="SF")], "courier company"),
            ([self._unit(product_id="999999999")], "model"),
            ([self._unit(), self._unit()], "twice"),
            ([self._unit(cycle="30")], "cycle"),
            ([self._unit(problem="x" * 2001)], "longer than"),
        ]
        before = self._dealer_tickets()
        for units, message in cases:
            with self.subTest(message=message), self.assertRaises(UserError) as caught:
                self._register(units)
            self.assertIn(message, str(caught.exception))
            self.assertEqual(self._dealer_tickets(), before)

    def test_only_dealers_register(self):
        """A plain portal customer or an internal user is no dealer."""
        before = self._dealer_tickets()
        for user in (self.customer_user, self.clerk):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._register([self._unit()], user=user)
        self.assertEqual(self._dealer_tickets(), before)

    def test_dealer_cannot_write_requests(self):
        """The portal user writes nothing on the request (no sudo write); no
        internal user marks a request as the dealer portal's."""
        ticket = self._register([self._unit()])
        with self.assertRaises(AccessError):
            ticket.with_user(self.dealer_user).write({"dealer_cycle": "7"})
        with self.assertRaises(AccessError):
            ticket.with_user(self.supervisor).write({"dealer_portal": False})
        with self.assertRaises(AccessError):
            self._create_ticket(user=self.clerk, dealer_portal=True)


@tagged("post_install", "-at_install")
class TestDealerCustody(DealerCase):
    """R-IN-6: receiving checks, transport damage and the expected cycle as a
    deadline (R-SLA-1, R-SLA-2)."""

    def test_receive_needs_checks(self):
        """A dealer's unit is received only with its appearance and function
        checked."""
        ticket = self._register([self._unit(serial="DL-CHK")]).sudo()
        lot = self.env["stock.lot"].create(
            {"name": "DL-CHK", "product_id": self.product.id}
        )
        custody = (
            self.env["after_sales.custody"]
            .with_user(self.warehouse)
            .create({"ticket_id": ticket.id, "lot_id": lot.id})
        )
        with self.assertRaisesRegex(UserError, "appearance"):
            custody.action_receive()
        custody.appearance = "good"
        with self.assertRaisesRegex(UserError, "function check"):
            custody.action_receive()
        custody.function_check = "abnormal"
        with self.assertRaisesRegex(UserError, "does not work"):
            custody.action_receive()
        custody.function_notes = "No power."
        custody.action_receive()
        self.assertEqual(custody.state, "received")

    def test_receive_creates_typed_serial(self):
        """A serial the company did not know: receiving the unit creates it for
        the unit's model and the request takes it (R-IN-6, R-X-4)."""
        ticket = self._register([self._unit(serial="DL-NEW-SN")]).sudo()
        custody = (
            self.env["after_sales.custody"]
            .with_user(self.warehouse)
            .create(
                {
                    "ticket_id": ticket.id,
                    "appearance": "good",
                    "function_check": "normal",
                }
            )
        )
        self.assertFalse(custody.lot_id)
        custody.action_receive()
        self.assertEqual(custody.state, "received")
        self.assertEqual(custody.lot_id.name, "DL-NEW-SN")
        self.assertEqual(custody.lot_id.product_id, self.product)
        self.assertEqual(ticket.lot_id, custody.lot_id)

    def test_transport_damage_waits_for_supervisor(self):
        """A unit damaged in transport: its warranty decision stays provisional,
        whatever the cause found, until a supervisor decides; an intact one is
        decided by the facts."""
        damaged, intact = self._register(
            [self._unit(serial="DL-D1"), self._unit(serial="DL-D2")]
        ).sudo()
        with self.assertRaises(Exception):  # noqa: B017 - the constraint
            with self.env.cr.savepoint():
                self._receive(damaged, appearance="scratched", transport_damage=True)
        self._receive(damaged, appearance="damaged", transport_damage=True)
        self._receive(intact)
        (damaged | intact).write({"warranty_fault_kind": "quality"})
        self.assertTrue(damaged.dealer_transport_damage)
        self.assertFalse(intact.warranty_needs_supervisor)
        self.assertTrue(damaged.warranty_needs_supervisor)
        with self.assertRaises(AccessError):
            damaged.with_user(self.clerk).write({"dealer_damage_decided": True})
        damaged.with_user(self.supervisor).write({"dealer_damage_decided": True})
        self.assertFalse(damaged.warranty_needs_supervisor)

    def _cycle_row(self, ticket):
        return ticket.sla_deadline_ids.filtered(
            lambda d: d.milestone == "dealer_return"
        )

    def test_cycle_deadline_met_by_hand_back(self):
        """The expected cycle (3 days) counts in the company's working time from
        the receipt; handing the unit back meets it."""
        ticket = self._register([self._unit(serial="DL-C1", cycle="3")]).sudo()
        self.assertFalse(self._cycle_row(ticket))
        self.assertFalse(ticket.lot_id)
        custody = self._receive(ticket)
        self.assertEqual(ticket.lot_id.name, "DL-C1")
        row = self._cycle_row(ticket)
        self.assertEqual(row.hours, 3 * self.day_hours)
        self.assertEqual(row.start_at, custody.received_at)
        self.assertEqual(
            row.resource_calendar_id, ticket.company_id.resource_calendar_id
        )
        self.assertGreater(row.deadline, custody.received_at)
        self.assertFalse(row.met_at)
        custody.with_user(self.warehouse).action_hand_back(custody.name, "Dealer")
        row = self._cycle_row(ticket)
        self.assertEqual(row.met_at, custody.returned_at)
        self.assertEqual(row.status, "met")
        self.assertEqual(ticket._dealer_status(), "Returned to you")

    def test_cycle_breach_recorded_once(self):
        """A unit kept past its cycle: the breach job records the breach of
        "Returned to the Dealer" once, like the other deadlines."""
        ticket = self._register([self._unit(serial="DL-L1", cycle="3")]).sudo()
        custody = self._receive(ticket)
        moment = fields.Datetime.subtract(fields.Datetime.now(), days=20)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE after_sales_custody SET received_at = %s WHERE id = %s",
            (moment, custody.id),
        )
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET registered_at = %s WHERE id = %s",
            (moment, ticket.id),
        )
        self.env.invalidate_all()
        ticket._sla_sync_deadlines()
        row = self._cycle_row(ticket)
        self.assertLess(row.deadline, fields.Datetime.now())
        Breach = self.env["after_sales.sla.breach"]
        Breach._detect_breaches()
        Breach._detect_breaches()
        breaches = Breach.search(
            [("ticket_id", "=", ticket.id), ("milestone", "=", "dealer_return")]
        )
        self.assertEqual(len(breaches), 1)
        self.assertEqual(self._cycle_row(ticket).status, "breached")
        self.assertTrue(ticket._dealer_late())


# The dealer's routes, each walked below as every caller (the customer's routes
# are walked by test_portal_routes, which checks that the two tables together
# hold every route of the addon).
DEALER_ROUTES = {
    "/my/dealer",
    "/my/dealer/new",
    "/my/dealer/unit/<int:ticket_id>",
    "/my/dealer/unit/<int:ticket_id>/receipt",
    "/my/dealer/unit/<int:ticket_id>/result",
}


@tagged("post_install", "-at_install")
class TestDealerPortalRoutes(HttpCase, DealerCase):
    """Every dealer route as anonymous, the dealer, another dealer, a plain
    portal customer and another company's dealer (R-IN-6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._register([cls._unit(serial="DL-R1")]).sudo()
        cls.custody = cls._receive(cls.ticket)
        record = cls._create_record(
            cls.ticket, **cls._confirm_values(result="accepted")
        )
        record.action_done()
        cls.other_ticket = cls._register(
            [cls._unit(serial="DL-R2")], user=cls.dealer_2_user
        ).sudo()

    def _get(self, url):
        """GET ``url`` following the redirects (the website's language prefix,
        the login page)."""
        return self.url_open(url, timeout=120)

    def _post(self, units):
        data = {"csrf_token": http.Request.csrf_token(self), "unit_count": len(units)}
        files = []
        for index, unit in enumerate(units):
            for key, value in unit.items():
                if key == "photos":
                    files += [
                        (f"photos_{index}", (name, content, mimetype))
                        for name, mimetype, content in value
                    ]
                else:
                    data[f"{key}_{index}"] = value
        return self.url_open(
            "/my/dealer/new",
            data=data,
            files=files or None,
            allow_redirects=False,
            timeout=120,
        )

    def _unit_urls(self, ticket):
        base = f"/my/dealer/unit/{ticket.id}"
        return [base, f"{base}/receipt", f"{base}/result"]

    def test_anonymous(self):
        """Every route asks for a login; nothing is shown or created."""
        for url in ["/my/dealer", "/my/dealer/new", *self._unit_urls(self.ticket)]:
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("/web/login", response.url)
                self.assertNotIn(self.ticket.number, response.text)
        before = self._dealer_tickets()
        response = self.url_open(
            "/my/dealer/new", data={"unit_count": 1}, allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self._dealer_tickets(), before)

    def test_dealer(self):
        """The dealer reads the list, the form, their unit and its two PDFs."""
        self.authenticate("t_dealer", "t_dealer")
        response = self._get("/my/dealer")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.ticket.number, response.text)
        self.assertNotIn(self.other_ticket.number, response.text)
        # An earlier month lists none of this month's returns; the unit still
        # with the company is listed above the month whatever its month.
        response = self._get("/my/dealer?month=2000-01")
        self.assertEqual(response.status_code, 200)
        self.assertIn("No unit registered this month.", response.text)
        self.assertIn(self.ticket.number, response.text)
        response = self._get("/my/dealer/new?units=2")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_dealer_unit_1", response.text)
        self.assertNotIn("o_dealer_unit_2", response.text)
        page, receipt, result = self._unit_urls(self.ticket)
        response = self._get(page)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Received at the service point", response.text)
        for url in (receipt, result):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Dealer Returns", self._get("/my/home").text)

    def test_dealer_posts_a_return(self):
        """Two units posted with a photo: two requests, the photo attached."""
        self.authenticate("t_dealer", "t_dealer")
        before = self._dealer_tickets()
        response = self._post(
            [
                self._unit(serial="DL-P1", photos=[("a.png", "image/png", PNG)]),
                self._unit(serial="DL-P2", cycle="5"),
            ]
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        new = self._dealer_tickets() - before
        self.assertEqual(len(new), 2)
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", new.ids)]
        )
        self.assertEqual(photo.mimetype, "image/png")

    def test_dealer_posts_bad_return(self):
        """A 20 MB photo on the second unit: the form comes back with the
        error, nothing is created."""
        self.authenticate("t_dealer", "t_dealer")
        before = self._dealer_tickets()
        big = [("big.jpg", "image/jpeg", b"\xff" * (20 * 1024 * 1024))]
        response = self._post(
            [self._unit(serial="DL-B1"), self._unit(serial="DL-B2", photos=big)]
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("larger than 5 MB", response.text)
        self.assertIn("Nothing was registered", response.text)
        self.assertEqual(self._dealer_tickets(), before)

    def _assert_not_found(self, ticket):
        for url in self._unit_urls(ticket):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)

    def test_other_dealer(self):
        """Another dealer's list does not show the unit; its pages are not
        found."""
        self.authenticate("t_dealer2", "t_dealer2")
        response = self._get("/my/dealer")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.ticket.number, response.text)
        self.assertIn(self.other_ticket.number, response.text)
        self._assert_not_found(self.ticket)

    def test_other_company_dealer(self):
        """Another company's dealer neither."""
        self.authenticate("t_dealer_b", "t_dealer_b")
        response = self._get("/my/dealer")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.ticket.number, response.text)
        self._assert_not_found(self.ticket)

    def test_plain_customer(self):
        """A portal customer who is no dealer: 403 everywhere, no entry on the
        home page, nothing created by a post."""
        self.authenticate("t_plain", "t_plain")
        for url in ["/my/dealer", "/my/dealer/new", *self._unit_urls(self.ticket)]:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 403)
        before = self._dealer_tickets()
        self.assertEqual(self._post([self._unit(serial="DL-X")]).status_code, 403)
        self.assertEqual(self._dealer_tickets(), before)
        self.assertNotIn("/my/dealer", self._get("/my/home").text)

    def test_unknown_unit(self):
        self.authenticate("t_dealer", "t_dealer")
        missing = self.env["helpdesk.ticket"].browse(self.other_ticket.id + 10**6)
        self._assert_not_found(missing)


@tagged("post_install", "-at_install")
class TestDealerPortalTour(HttpCase, DealerCase):
    """The dealer registers two units on a phone (390 × 844, touch), in
    Chinese, without an e-mail address (R-IN-6)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.dealer_user.write({"lang": "zh_CN", "email": False})
        cls.product.name = "Tour Air Conditioner"

    def test_dealer_registers_two_units(self):
        before = self._dealer_tickets()
        self.start_tour(
            "/my/dealer", "after_sales_dealer_registers_two_units", login="t_dealer"
        )
        new = (self._dealer_tickets() - before).sudo()
        self.assertEqual(len(new), 2)
        self.assertEqual(set(new.mapped("equipment_code")), {"TOUR-0001", "TOUR-0002"})
        courier = new.filtered(lambda t: t.dealer_arrival == "courier")
        self.assertEqual(courier.dealer_tracking, "SF9988")
        self.assertEqual(set(new.mapped("dealer_cycle")), {"3", "5"})
