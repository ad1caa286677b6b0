# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class AfterSalesHelpdeskTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's portal routes, with the caller's rights on the request.

    Closing a service request freezes its warranty decision and ends its
    deadlines; helpdesk_mgmt's ``/ticket/close`` loads the ticket with ``sudo()``
    by id, so any logged-in user could close any ticket of any company
    (OCA/helpdesk#1089). The caller must be able to read the ticket (the portal
    customer: their own requests, by helpdesk_mgmt's portal record rule) before
    helpdesk_mgmt closes it.
    """

    @http.route()
    def support_ticket_close(self, **kw):
        """Button "Close" of the portal ticket page."""
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
        except ValueError as error:
            raise BadRequest() from error
        ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
        if not ticket:
            raise Forbidden()
        try:
            ticket.check_access("read")
        except AccessError as error:
            raise Forbidden() from error
        return super().support_ticket_close(**kw)
