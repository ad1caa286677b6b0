# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer on the portal: quote signature (R-ACC-2), the visit's result
(R-REC-5), the online rating (R-CB-1), only their own documents (R-X-5)."""

import json
from datetime import datetime, timedelta

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from .test_quote import PNG
from .test_signoff import SignoffCase

PNG_TEXT = PNG.decode()


class PortalCustomerCase(HttpCase, SignoffCase):
    """A portal customer with a sent quote, a record whose result awaits their
    confirmation and a callback to answer; another customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.portal_user = cls._portal_contact(
            "t_portal_customer", "Portal Customer Contact", cls.customer
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.other_user = cls._portal_contact(
            "t_portal_other", "Other Contact", cls.other_customer
        )
        cls.ticket = cls._create_ticket(registered_at=datetime(2026, 12, 3, 1, 0))
        cls.quote = cls._create_quote(cls.ticket)
        cls.quote.with_user(cls.estimator).action_mark_sent()

    def _pending_record(self):
        values = self._confirm_values(
            confirm_name=False,
            confirm_date=False,
            confirm_on_portal=True,
            start_datetime=datetime(2026, 12, 4, 6, 0),
            end_datetime=datetime(2026, 12, 4, 8, 0),
        )
        record = self._create_record(self.ticket, **values)
        record.with_user(self.engineer).action_done()
        return record

    def _json(self, url, **params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _post(self, url, data):
        if not getattr(self, "session", None):
            self.authenticate(None, None)  # an anonymous session for the form
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)


@tagged("post_install", "-at_install")
class TestPortalQuote(PortalCustomerCase):
    def test_sign_by_link_confirms_through_the_same_path(self):
        """R-ACC-2: the customer signs the sent quote through its link (no
        account): the confirmation is the clerk's, method "portal signature",
        the signed PDF is posted on the request, the parts gate opens."""
        token = self.quote._portal_ensure_token()
        self.assertTrue(self.quote.access_token_expires)
        self.assertFalse(self.ticket._quote_confirmed())
        result = self._json(
            f"/my/quote/{self.quote.id}/accept?access_token={token}",
            name="Zhang Wei",
            signature=PNG_TEXT,
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.quote.state, "confirmed")
        self.assertEqual(self.quote.confirmation_method, "portal")
        self.assertEqual(self.quote.confirmed_by_name, "Zhang Wei")
        self.assertTrue(self.quote.signature)
        self.assertEqual(self.ticket._quote_confirmed(), self.quote)
        pdfs = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.ticket.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )
        self.assertTrue(pdfs)
        self.assertIn("signed on the portal", self.ticket.portal_confirmations)
        # Signing twice: a clear error, nothing changed.
        confirmed_at = self.quote.confirmed_at
        again = self._json(
            f"/my/quote/{self.quote.id}/accept?access_token={token}",
            name="Somebody Else",
            signature=PNG_TEXT,
        )
        self.assertIn("error", again)
        self.assertEqual(self.quote.confirmed_by_name, "Zhang Wei")
        self.assertEqual(self.quote.confirmed_at, confirmed_at)

    def test_owner_signs_logged_in(self):
        """R-ACC-2: the portal user of the customer signs without a link."""
        self.authenticate("t_portal_customer", "t_portal_customer")
        page = self.url_open(f"/my/quote/{self.quote.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.quote.name, page.text)
        result = self._json(
            f"/my/quote/{self.quote.id}/accept", name="Li Na", signature=PNG_TEXT
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.quote.confirmation_method, "portal")

    def test_bad_signatures_change_nothing(self):
        """R-ACC-2: no name, no drawing, a drawing that is no image, a wrong or
        expired link: a clear error, the quote stays sent."""
        token = self.quote._portal_ensure_token()
        url = f"/my/quote/{self.quote.id}/accept?access_token={token}"
        for params in (
            {"name": "", "signature": PNG_TEXT},
            {"name": "Zhang Wei", "signature": ""},
            {"name": "Zhang Wei", "signature": "bm90IGFuIGltYWdl"},
            {"name": "Zhang Wei", "signature": ["x"]},
            {"name": "x" * 500, "signature": PNG_TEXT},
        ):
            self.assertIn("error", self._json(url, **params), params)
        wrong = self._json(
            f"/my/quote/{self.quote.id}/accept?access_token={token[:-1]}x",
            name="Zhang Wei",
            signature=PNG_TEXT,
        )
        self.assertIn("error", wrong)
        self.quote.sudo()._transition_write(
            {"access_token_expires": fields.Datetime.now() - timedelta(minutes=1)}
        )
        self.assertIn("error", self._json(url, name="Zhang Wei", signature=PNG_TEXT))
        self.assertEqual(self.quote.state, "sent")
        self.assertFalse(self.quote.confirmation_method)

    def test_superseded_quote_cannot_be_signed(self):
        """R-ACC-2: a new version supersedes the sent quote: its link no longer
        signs it."""
        token = self.quote._portal_ensure_token()
        self.quote.with_user(self.estimator).action_new_version()
        self.assertEqual(self.quote.state, "superseded")
        result = self._json(
            f"/my/quote/{self.quote.id}/accept?access_token={token}",
            name="Zhang Wei",
            signature=PNG_TEXT,
        )
        self.assertIn("error", result)
        self.assertEqual(self.quote.state, "superseded")

    def test_decline_with_reason(self):
        """R-ACC-2: the customer declines, saying why: cancelled with the
        reason; without a reason a clear error and nothing changed."""
        token = self.quote._portal_ensure_token()
        response = self._post(
            f"/my/quote/{self.quote.id}/decline",
            {"access_token": token, "decline_reason": " "},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.quote.state, "sent")
        response = self._post(
            f"/my/quote/{self.quote.id}/decline",
            {"access_token": token, "decline_reason": "Too expensive"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.quote.state, "cancelled")
        self.assertTrue(self.quote.declined_on_portal)
        self.assertIn("Too expensive", self.quote.cancel_reason)

    def test_wizard_cannot_claim_a_portal_signature(self):
        """R-ACC-2: the portal method is the customer's own: the clerk's path
        refuses it."""
        from odoo.exceptions import UserError

        with self.assertRaises(UserError):
            self.quote.with_user(self.clerk)._do_confirm(
                {
                    "confirmation_method": "portal",
                    "confirmed_by_name": "Zhang Wei",
                    "signature": PNG,
                }
            )
        self.assertEqual(self.quote.state, "sent")

    def test_portal_step_refuses_internal_users(self):
        """The portal transitions are the customer's: an internal user holding
        the link is refused by the guard."""
        from odoo.exceptions import AccessError

        token = self.quote._portal_ensure_token()
        with self.assertRaises(AccessError):
            self.quote.with_user(self.clerk)._portal_sign(token, "Clerk", PNG_TEXT)
        self.assertEqual(self.quote.state, "sent")


@tagged("post_install", "-at_install")
class TestPortalServiceResult(PortalCustomerCase):
    def test_confirm_on_portal_then_frozen(self):
        """R-REC-5: the engineer closes the record with "the customer confirms
        on the portal": done, confirmation pending, no missing item for it;
        the customer signs; once given it is frozen."""
        record = self._pending_record()
        self.assertEqual(record.state, "done")
        self.assertEqual(record.portal_confirmation, "pending")
        self.assertNotIn(
            "confirm_name", record.missing_item_ids.mapped("code"), "not missing"
        )
        token = record.access_token
        self.assertTrue(token)
        result = self._json(
            f"/my/service_record/{record.id}/confirm?access_token={token}",
            name="Zhang Wei",
            signature=PNG_TEXT,
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(record.portal_confirmation, "confirmed")
        self.assertEqual(record.confirm_name, "Zhang Wei")
        self.assertTrue(record.confirm_signature)
        self.assertTrue(record.confirm_date)
        # The printed record shows the customer's name and signature.
        customer_box = record._report_signatures()[1]
        self.assertEqual(customer_box["name"], "Zhang Wei")
        self.assertTrue(customer_box["image"])
        self.assertIn(record.name, self.ticket.portal_confirmations)
        again = self._json(
            f"/my/service_record/{record.id}/confirm?access_token={token}",
            name="Other",
            signature=PNG_TEXT,
        )
        self.assertIn("error", again)
        self.assertEqual(record.confirm_name, "Zhang Wei")
        response = self._post(
            f"/my/service_record/{record.id}/refuse",
            {"access_token": token, "name": "X", "refusal_reason": "No"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(record.customer_refused_to_sign)

    def test_refuse_with_reason(self):
        """R-REC-5: the customer refuses the result, with a reason."""
        record = self._pending_record()
        token = record.access_token
        response = self._post(
            f"/my/service_record/{record.id}/refuse",
            {"access_token": token, "name": "Zhang Wei", "refusal_reason": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(record.portal_confirmation, "pending")
        response = self._post(
            f"/my/service_record/{record.id}/refuse",
            {
                "access_token": token,
                "name": "Zhang Wei",
                "refusal_reason": "Still noisy",
            },
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(record.portal_confirmation, "refused")
        self.assertTrue(record.customer_refused_to_sign)
        self.assertEqual(record.refusal_reason, "Still noisy")

    def test_on_site_paths_unchanged(self):
        """R-REC-5: the engineer's on-site confirmation still closes a record;
        on site and on the portal at once is refused."""
        both = self._create_record(
            self._create_ticket(),
            **self._confirm_values(
                confirm_on_portal=True,
                customer_refused_to_sign=True,
                refusal_reason="No",
            ),
        )
        self.assertFalse(both.can_done)
        record = self._create_record(self.ticket, **self._confirm_values())
        record.with_user(self.engineer).action_done()
        self.assertEqual(record.state, "done")
        self.assertFalse(record.portal_confirmation)


@tagged("post_install", "-at_install")
class TestPortalRating(PortalCustomerCase):
    def _callback(self):
        record = self._create_record(
            self.ticket,
            **self._confirm_values(
                start_datetime=datetime(2026, 12, 4, 6, 0),
                end_datetime=datetime(2026, 12, 4, 8, 0),
            ),
        )
        record.with_user(self.engineer).action_done()
        return self.env["after_sales.callback"].search([("record_id", "=", record.id)])

    def test_rate_once_by_link(self):
        """R-CB-1: the customer answers the callback online through its link,
        once: the answer is the phone callback's (rating, performance events),
        and the callback leaves the clerk's list."""
        callback = self._callback()
        self.assertEqual(callback.state, "pending")
        token = callback.access_token
        self.assertTrue(token)
        page = self.url_open(f"/my/callback/{callback.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        questions = callback._portal_questions()
        data = {f"grade_{answer.id}": "good" for answer in questions}
        data.update(access_token=token, opinion="Quick and clean")
        bad = dict(data, **{f"grade_{questions[0].id}": "perfect"})
        response = self._post(f"/my/callback/{callback.id}/answer", bad)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(callback.state, "pending")
        self.assertFalse(callback.answer_ids.filtered("grade"))
        missing = {k: v for k, v in data.items() if k != f"grade_{questions[0].id}"}
        response = self._post(f"/my/callback/{callback.id}/answer", missing)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(callback.state, "pending")
        response = self._post(f"/my/callback/{callback.id}/answer", data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(callback.state, "done")
        self.assertTrue(callback.answered_on_portal)
        self.assertEqual(callback.satisfaction, "good")
        self.assertTrue(callback.rating_id)
        events = self.env["after_sales.performance.event"].search(
            [
                ("res_model", "=", "after_sales.callback"),
                ("res_id", "=", callback.id),
                ("kind", "=", "callback_answer"),
            ]
        )
        self.assertEqual(len(events), len(questions))
        self.assertFalse(callback.can_answer)
        again = dict(data, **{f"grade_{questions[0].id}": "poor"})
        response = self._post(f"/my/callback/{callback.id}/answer", again)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(callback.satisfaction, "good")


@tagged("post_install", "-at_install")
class TestPortalTicketPage(PortalCustomerCase):
    def test_request_page_in_the_customers_words(self):
        """R-X-5: the request page shows the number, the state in words, the
        engineer's name (never their phone), the quote to sign."""
        self.engineer.partner_id.phone = "13911112222"
        self.authenticate("t_portal_customer", "t_portal_customer")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.ticket.number, page.text)
        self.assertIn("Engineer assigned", page.text)
        self.assertIn(self.engineer.name, page.text)
        self.assertNotIn("13911112222", page.text)
        self.assertIn(self.quote.name, page.text)
        listing = self.url_open("/my/tickets")
        self.assertIn("Engineer assigned", listing.text)

    def test_other_customer_sees_nothing(self):
        """R-X-5: another customer's request, quote or record: no data."""
        self.authenticate("t_portal_other", "t_portal_other")
        page = self.url_open(f"/my/quote/{self.quote.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(self.quote.name, page.text)
        result = self._json(
            f"/my/quote/{self.quote.id}/accept", name="Thief", signature=PNG_TEXT
        )
        self.assertIn("error", result)
        self.assertEqual(self.quote.state, "sent")


@tagged("post_install", "-at_install")
class TestPortalCustomerTour(PortalCustomerCase):
    """The customer on a phone, in Chinese: signs the quote from the request
    page, then rates the finished service through the link (R-ACC-2, R-CB-1)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.portal_user.write({"lang": "zh_CN", "email": False})
        cls.customer.lang = "zh_CN"

    def test_customer_signs_quote_and_rates_on_a_phone(self):
        self.start_tour(
            f"/my/ticket/{self.ticket.id}",
            "after_sales_portal_customer_signs",
            login=self.portal_user.login,
        )
        self.assertEqual(self.quote.state, "confirmed")
        self.assertEqual(self.quote.confirmation_method, "portal")
        self.assertEqual(self.quote.confirmed_by_name, self.customer.name)
        record = self._create_record(
            self.ticket,
            **self._confirm_values(
                start_datetime=datetime(2026, 12, 4, 6, 0),
                end_datetime=datetime(2026, 12, 4, 8, 0),
            ),
        )
        record.with_user(self.engineer).action_done()
        callback = self.env["after_sales.callback"].search(
            [("record_id", "=", record.id)]
        )
        # The link as the clerk sends it: in the customer's language.
        self.assertTrue(callback._portal_link_path().startswith("/zh_CN/my/callback/"))
        self.start_tour(
            callback._portal_link_path(), "after_sales_portal_customer_rates"
        )
        self.assertEqual(callback.state, "done")
        self.assertTrue(callback.answered_on_portal)
        self.assertEqual(callback.satisfaction, "good")
        self.assertEqual(callback.opinion, "师傅很专业")


@tagged("post_install", "-at_install")
class TestPortalNewLink(PortalCustomerCase):
    def test_new_link_replaces_the_old(self):
        """R-X-5: the clerk makes a new customer link (sent to the wrong person,
        expired): the old one opens nothing any more, the new one works."""
        old = self.quote._portal_ensure_token()
        self.quote.with_user(self.clerk).action_portal_new_link()
        new = self.quote.access_token
        self.assertTrue(new)
        self.assertNotEqual(old, new)
        self.assertIn(new, self.quote.with_user(self.clerk).portal_link)
        gone = self.url_open(f"/my/quote/{self.quote.id}?access_token={old}")
        self.assertEqual(gone.status_code, 404)
        page = self.url_open(f"/my/quote/{self.quote.id}?access_token={new}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.quote.name, page.text)
