# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestPortalRequest(HttpCase, AfterSalesCase):
    """The customer's side of the service request on helpdesk_mgmt's portal:
    customers still submit and close their own requests once this addon is
    installed, and close nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "t_portal", groups="base.group_portal", name="Portal Customer"
        )
        cls.other_portal_user = new_test_user(
            cls.env, "t_portal2", groups="base.group_portal", name="Other Customer"
        )
        cls.basic_user = new_test_user(
            cls.env, "t_basic", groups="base.group_user", name="Basic User"
        )
        cls.own_ticket = cls._create_ticket(
            partner_id=cls.portal_user.partner_id.id, name="own-portal-request"
        )
        cls.other_ticket = cls._create_ticket(
            partner_id=cls.other_portal_user.partner_id.id,
            name="other-portal-request",
        )

    def _close(self, ticket, stage):
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "stage_id": stage.id,
                "ticket_id": ticket.id,
            },
            allow_redirects=False,
        )

    def test_close_own_request(self):
        """The customer closes their own request from the portal."""
        self.authenticate("t_portal", "t_portal")
        response = self._close(self.own_ticket, self.stage_done)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.own_ticket.id}")
        )
        self.assertEqual(self.own_ticket.stage_id, self.stage_done)
        self.assertTrue(self.own_ticket.closed)

    def test_close_other_customers_request(self):
        """OCA/helpdesk#1089: ``/ticket/close`` loaded the ticket with ``sudo()``
        by id, so a customer closed another customer's request (freezing its
        warranty decision, ending its deadlines). The caller's access is checked
        first: 403, the request stays open."""
        stage = self.other_ticket.stage_id
        self.authenticate("t_portal", "t_portal")
        response = self._close(self.other_ticket, self.stage_done)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.other_ticket.stage_id, stage)
        self.assertFalse(self.other_ticket.closed)
        self.assertFalse(self.other_ticket.warranty_frozen)

    def test_close_by_internal_user_without_access(self):
        """An internal user who cannot read the request cannot close it either."""
        self.authenticate("t_basic", "t_basic")
        response = self._close(self.own_ticket, self.stage_done)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.own_ticket.closed)

    def test_close_unknown_request(self):
        """A request id that does not exist closes nothing."""
        self.authenticate("t_portal", "t_portal")
        missing = self.env["helpdesk.ticket"].browse(self.other_ticket.id + 10**6)
        response = self._close(missing, self.stage_done)
        self.assertEqual(response.status_code, 403)

    def test_submit_request(self):
        """The customer submits a request from the portal. Its warranty is
        determined although the customer may not read warranty policies: the
        policy lookup used to drop the ``sudo()`` of helpdesk_mgmt's submission
        and the customer got 403."""
        self.authenticate("t_portal", "t_portal")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "portal-submitted-request",
                "description": "The fan is noisy.",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "portal-submitted-request")]
        )
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertTrue(ticket.registered_at)
        self.assertTrue(ticket.warranty_determination_id)
        self.assertIn("portal-submitted-request", response.text)

    def test_internal_note_not_on_portal_page(self):
        """The customer's ticket page shows the public replies, never the
        internal notes of the department."""
        self.own_ticket.message_post(
            body="internal-note-not-for-customers", subtype_xmlid="mail.mt_note"
        )
        self.own_ticket.message_post(
            body="public-reply-for-customer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.authenticate("t_portal", "t_portal")
        response = self.url_open(f"/my/ticket/{self.own_ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("own-portal-request", response.text)
        self.assertNotIn("internal-note-not-for-customers", response.text)
        messages = (
            self.env["mail.message"]
            .with_user(self.portal_user)
            .search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.own_ticket.id)]
            )
        )
        bodies = " ".join(messages.mapped("body"))
        self.assertNotIn("internal-note-not-for-customers", bodies)
