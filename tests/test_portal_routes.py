# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every portal route of the addon as every kind of caller (R-X-5).

The routes are found by introspecting the routing map for the controllers of
this module: a route of the addon missing from ``ROUTES`` fails the test. Each
is called as: anonymous (no link), anonymous with a guessed link, anonymous
with the revoked link, another customer, another company's customer, a
dealer — none of whom gets data or changes anything — and as the owner (logged
in, then by the document's link), who does.
"""

import json
from datetime import datetime

from odoo import Command, http
from odoo.modules.registry import Registry
from odoo.tests import tagged

from .test_dealer_portal import DEALER_ROUTES
from .test_portal_customer import PNG_TEXT, PortalCustomerCase

MODULE = "odoo.addons.after_sales_service"

# url rule: (kind of call, the document, the call's parameters, what the
# owner's call does). Kinds: "page" (GET), "json", "form" (POST).
ROUTES = {
    "/my/quote/<int:quote_id>": ("page", "quote", {}, "shows"),
    "/my/quote/<int:quote_id>/pdf": ("page", "quote", {}, "pdf"),
    "/my/quote/<int:quote_id>/accept": (
        "json",
        "quote",
        {"name": "Zhang Wei", "signature": PNG_TEXT},
        "quote_confirmed",
    ),
    "/my/quote/<int:quote_id>/decline": (
        "form",
        "quote",
        {"decline_reason": "Too expensive"},
        "quote_cancelled",
    ),
    "/my/service_record/<int:record_id>": ("page", "record", {}, "shows"),
    "/my/service_record/<int:record_id>/pdf": ("page", "record", {}, "pdf"),
    "/my/service_record/<int:record_id>/confirm": (
        "json",
        "record",
        {"name": "Zhang Wei", "signature": PNG_TEXT},
        "record_confirmed",
    ),
    "/my/service_record/<int:record_id>/refuse": (
        "form",
        "record",
        {"name": "Zhang Wei", "refusal_reason": "Still noisy"},
        "record_refused",
    ),
    "/my/callback/<int:callback_id>": ("page", "callback", {}, "shows"),
    "/my/callback/<int:callback_id>/answer": (
        "form",
        "callback",
        {"grades": "good"},
        "callback_done",
    ),
    "/my/ticket/<int:ticket_id>/custody/<int:custody_id>": (
        "page",
        "custody",
        {},
        "pdf",
    ),
    "/ticket/close": ("form", "ticket", {}, "ticket_closed"),
}


def addon_routes(env):
    """The url rules served by a controller method of this module."""
    registry = Registry(env.cr.dbname)
    modules = sorted(registry._init_modules)
    rules = set()
    for url, endpoint in http._generate_routing_rules(modules, nodb_only=False):
        method = endpoint.func
        name = method.__name__
        if any(
            name in vars(cls) and cls.__module__.startswith(MODULE)
            for cls in type(method.__self__).__mro__
        ):
            rules.add(url)
    return rules


@tagged("post_install", "-at_install")
class TestPortalRoutes(PortalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign_customer = cls.env["res.partner"].create(
            {"name": "Foreign Customer", "company_id": cls.other_company.id}
        )
        cls.foreign_user = cls._portal_contact(
            "t_portal_foreign",
            "Foreign Contact",
            cls.foreign_customer,
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.dealer_partner = cls.env["res.partner"].create({"name": "Dealer Co"})
        cls.dealer_user = cls._portal_contact(
            "t_portal_dealer", "Dealer Contact", cls.dealer_partner
        )
        cls._make_dealer(cls.dealer_partner)
        cls.product.standard_price = 2500.0

    @classmethod
    def _make_dealer(cls, partner):
        """The dealer: a portal user of a partner flagged as dealer (R-IN-6)."""
        partner.is_dealer = True
        return partner

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------

    def _documents(self):
        """A fresh set of the customer's documents on one request."""
        lot = self.env["stock.lot"].create(
            {"name": f"AC-PORTAL-{self._lot_count()}", "product_id": self.product.id}
        )
        ticket = self._create_ticket(
            registered_at=datetime(2026, 12, 3, 1, 0), lot_id=lot.id
        )
        quote = self._create_quote(ticket)
        quote.with_user(self.estimator).action_mark_sent()
        custody = (
            self.env["after_sales.custody"]
            .with_user(self.clerk)
            .create({"ticket_id": ticket.id, "accessories": "遥控器"})
        )
        custody.action_receive()
        record = self._create_record(
            ticket,
            **self._confirm_values(
                confirm_name=False,
                confirm_date=False,
                confirm_on_portal=True,
                start_datetime=datetime(2026, 12, 4, 6, 0),
                end_datetime=datetime(2026, 12, 4, 8, 0),
            ),
        )
        record.with_user(self.engineer).action_done()
        callback = self.env["after_sales.callback"].search(
            [("record_id", "=", record.id)]
        )
        for document in (quote, record, callback):
            document._portal_ensure_token()
        ticket._portal_ensure_token()
        return {
            "ticket": ticket,
            # the visit closed the request: helpdesk_mgmt's close on another one
            "open_ticket": self._create_ticket(lot_id=False),
            "quote": quote,
            "record": record,
            "callback": callback,
            "custody": custody,
        }

    def _lot_count(self):
        return self.env["stock.lot"].search_count([("name", "like", "AC-PORTAL-")])

    def _snapshot(self, docs):
        self.env.invalidate_all()
        return {
            "quote": docs["quote"].state,
            "record": docs["record"].portal_confirmation,
            "callback": docs["callback"].state,
            "ticket": docs["open_ticket"].stage_id.id,
        }

    def _url(self, rule, docs):
        return (
            rule.replace("<int:quote_id>", str(docs["quote"].id))
            .replace("<int:record_id>", str(docs["record"].id))
            .replace("<int:callback_id>", str(docs["callback"].id))
            .replace("<int:ticket_id>", str(docs["ticket"].id))
            .replace("<int:custody_id>", str(docs["custody"].id))
        )

    def _call(self, rule, docs, token=None):
        kind, target, params, _effect = ROUTES[rule]
        url = self._url(rule, docs)
        params = dict(params)
        if rule == "/ticket/close":
            params = {
                "ticket_id": docs["open_ticket"].id,
                "stage_id": self.stage_done.id,
            }
        if "grades" in params:
            grade = params.pop("grades")
            for answer in docs["callback"]._portal_questions():
                params[f"grade_{answer.id}"] = grade
        if token is not None and kind != "json":
            params["access_token"] = token
        if kind == "page":
            query = f"?access_token={token}" if token is not None else ""
            return self.url_open(url + query)  # the website's language prefix
        if kind == "json":
            query = f"?access_token={token}" if token is not None else ""
            return self.url_open(
                url + query,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
        if not getattr(self, "session", None):
            self.authenticate(None, None)  # an anonymous session for the form
        params["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=params, allow_redirects=False)

    def _token(self, rule, docs):
        """The link that opens the route's document: its own, or for the
        carry-in receipt the request's (helpdesk_mgmt's link of the request)."""
        _kind, target, _params, _effect = ROUTES[rule]
        if target in ("custody", "ticket"):
            target = "ticket"
        return docs[target].access_token or ""

    # ------------------------------------------------------------------
    # The table is complete
    # ------------------------------------------------------------------

    def test_every_route_is_in_the_table(self):
        """R-X-5: every route of the addon's controllers is walked below; a new
        one missing from ``ROUTES`` fails."""
        routes = addon_routes(self.env)
        walked = set(ROUTES) | DEALER_ROUTES  # the dealer's: test_dealer_portal
        self.assertFalse(sorted(routes - walked), "add them to ROUTES")
        self.assertFalse(sorted(walked - routes), "no such route")

    # ------------------------------------------------------------------
    # Nobody else gets data or changes anything
    # ------------------------------------------------------------------

    def _assert_denied(self, who, token_of=None):
        docs = self._documents()
        before = self._snapshot(docs)
        names = [docs["quote"].name, docs["record"].name, docs["callback"].name]
        for rule in ROUTES:
            kind = ROUTES[rule][0]
            token = token_of(rule, docs) if token_of else None
            response = self._call(rule, docs, token=token)
            with self.subTest(who=who, route=rule):
                if kind == "json":
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("error", response.json()["result"])
                elif rule == "/ticket/close" and who == "anonymous":
                    # helpdesk_mgmt's route needs a login: to the login page
                    self.assertIn(response.status_code, (303, 302, 403, 404))
                else:
                    self.assertIn(response.status_code, (403, 404), response.text[:200])
                self.assertNotIn("application/pdf", response.headers["Content-Type"])
                for name in names:
                    self.assertNotIn(name, response.text)
                self.assertEqual(self._snapshot(docs), before)

    def test_anonymous(self):
        """No link, no login: nothing."""
        self._assert_denied("anonymous")

    def test_guessed_token(self):
        """A guessed link (another document's, or a made-up one): nothing."""

        def guessed(rule, docs):
            return "0" * 8 + self._token(rule, docs)[8:]

        self._assert_denied("anonymous", guessed)

    def test_other_documents_token(self):
        """The link of another of the customer's documents is single-purpose:
        the quote's link does not open the record or the callback."""

        def other(rule, docs):
            target = ROUTES[rule][1]
            return docs["quote" if target != "quote" else "callback"].access_token

        self._assert_denied("anonymous", other)

    def test_revoked_token(self):
        """A revoked link: nothing."""

        def revoked(rule, docs):
            token = self._token(rule, docs)
            target = ROUTES[rule][1]
            if target in ("quote", "record", "callback"):
                docs[target]._portal_revoke_token()
            else:
                docs["ticket"].sudo().access_token = False
            return token

        self._assert_denied("anonymous", revoked)

    def test_other_customer(self):
        self.authenticate("t_portal_other", "t_portal_other")
        self._assert_denied("other customer")

    def test_other_companys_customer(self):
        self.authenticate("t_portal_foreign", "t_portal_foreign")
        self._assert_denied("other company's customer")

    def test_dealer(self):
        self.authenticate("t_portal_dealer", "t_portal_dealer")
        self._assert_denied("dealer")

    # ------------------------------------------------------------------
    # The owner does
    # ------------------------------------------------------------------

    def _assert_owner(self, by_token):
        for rule, (_kind, _target, _params, effect) in ROUTES.items():
            docs = self._documents()
            token = self._token(rule, docs) if by_token else None
            if rule == "/ticket/close" and by_token:
                continue  # helpdesk_mgmt's close needs the customer's login
            response = self._call(rule, docs, token=token)
            self.env.invalidate_all()
            with self.subTest(route=rule, by_token=by_token):
                if effect == "shows":
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(docs["ticket"].number, response.text)
                elif effect == "pdf":
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(
                        response.headers["Content-Type"], "application/pdf"
                    )
                elif effect == "quote_confirmed":
                    self.assertNotIn("error", response.json()["result"])
                    self.assertEqual(docs["quote"].state, "confirmed")
                elif effect == "quote_cancelled":
                    self.assertEqual(docs["quote"].state, "cancelled")
                elif effect == "record_confirmed":
                    self.assertNotIn("error", response.json()["result"])
                    self.assertEqual(docs["record"].portal_confirmation, "confirmed")
                elif effect == "record_refused":
                    self.assertEqual(docs["record"].portal_confirmation, "refused")
                elif effect == "callback_done":
                    self.assertEqual(docs["callback"].state, "done")
                elif effect == "ticket_closed":
                    self.assertTrue(docs["open_ticket"].closed)

    def test_owner_logged_in(self):
        self.authenticate("t_portal_customer", "t_portal_customer")
        self._assert_owner(by_token=False)

    def test_owner_by_link(self):
        self._assert_owner(by_token=True)
