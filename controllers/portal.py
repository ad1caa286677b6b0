# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's pages (R-ACC-2, R-REC-5, R-CB-1, R-X-5).

Every route loads its document as superuser only after
``_portal_allowed`` (the document's own single-purpose, unexpired link, or a
portal user of the document's customer); anything else is a 404 — the same
answer for a document that does not exist, so that ids cannot be probed.
The steps themselves are transitions of the documents (``_portal_sign``,
``_portal_decline``, ``_portal_confirm``, ``_portal_answer``), whose guards
verify the link or the ownership again.
"""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AfterSalesCustomerPortal(CustomerPortalHelpdesk):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _after_sales_document(self, model, document_id, access_token):
        document = request.env[model].sudo().browse(document_id).exists()
        if not document or not document._portal_allowed(access_token, request.env.user):
            raise NotFound()
        if request.env.user._is_public():
            lang = document._portal_customer().lang
            if lang:
                request.update_context(lang=lang)
        return document.with_context(lang=request.env.context.get("lang"))

    def _after_sales_values(self, document, access_token, **values):
        values.update(
            {
                "document": document,
                "access_token": access_token or "",
                "token_query": f"?access_token={access_token}" if access_token else "",
                "ticket_number": document.ticket_id.number,
                "page_name": "after_sales_document",
                # the layout's logo and name: the document's company
                "res_company": document.company_id.sudo(),
            }
        )
        return values

    def _after_sales_error(self, error):
        return error.args[0] if error.args else str(error)

    # ------------------------------------------------------------------
    # The request page (helpdesk_mgmt's): what the department does
    # ------------------------------------------------------------------

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["after_sales"] = ticket._portal_summary(
            request.env.user, token=access_token
        )
        return values

    @http.route(
        ["/my/ticket/<int:ticket_id>/custody/<int:custody_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def after_sales_custody_receipt(self, ticket_id, custody_id, access_token=None):
        """The carry-in receipt (PDF) of a unit the department took in."""
        try:
            ticket = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        custody = ticket.custody_ids.filtered(
            lambda c, cid=custody_id: c.id == cid and c.received_at
        )
        if not custody:
            raise NotFound()
        return self._show_report(
            custody, "pdf", "after_sales_service.custody_receipt_report_action"
        )

    # ------------------------------------------------------------------
    # Quote (R-ACC-2)
    # ------------------------------------------------------------------

    @http.route(["/my/quote/<int:quote_id>"], type="http", auth="public", website=True)
    def after_sales_quote(self, quote_id, access_token=None, message=None, **kw):
        quote = self._after_sales_document("after_sales.quote", quote_id, access_token)
        return request.render(
            "after_sales_service.portal_quote_page",
            self._after_sales_values(quote, access_token, message=message),
        )

    @http.route(
        ["/my/quote/<int:quote_id>/pdf"], type="http", auth="public", website=True
    )
    def after_sales_quote_pdf(self, quote_id, access_token=None, **kw):
        quote = self._after_sales_document("after_sales.quote", quote_id, access_token)
        return self._show_report(
            quote, "pdf", "after_sales_service.quote_report_action"
        )

    @http.route(
        ["/my/quote/<int:quote_id>/accept"], type="json", auth="public", website=True
    )
    def after_sales_quote_accept(
        self, quote_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            quote = self._after_sales_document(
                "after_sales.quote", quote_id, access_token
            )
        except NotFound:
            return {"error": request.env._("This link is not valid (any more).")}
        try:
            quote._portal_sign(access_token, name, signature)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return {"error": self._after_sales_error(error)}
        return {
            "force_refresh": True,
            "redirect_url": quote.get_portal_url(query_string="&message=signed"),
        }

    @http.route(
        ["/my/quote/<int:quote_id>/decline"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def after_sales_quote_decline(
        self, quote_id, access_token=None, decline_reason=None, **kw
    ):
        quote = self._after_sales_document("after_sales.quote", quote_id, access_token)
        try:
            quote._portal_decline(access_token, decline_reason)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return request.render(
                "after_sales_service.portal_quote_page",
                self._after_sales_values(
                    quote, access_token, error=self._after_sales_error(error)
                ),
                status=400,
            )
        return request.redirect(quote.get_portal_url(query_string="&message=declined"))

    # ------------------------------------------------------------------
    # Service record: the customer's confirmation (R-REC-5)
    # ------------------------------------------------------------------

    @http.route(
        ["/my/service_record/<int:record_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def after_sales_record(self, record_id, access_token=None, message=None, **kw):
        record = self._after_sales_document(
            "after_sales.service.record", record_id, access_token
        )
        if record.state != "done":
            raise NotFound()
        return request.render(
            "after_sales_service.portal_service_record_page",
            self._after_sales_values(record, access_token, message=message),
        )

    @http.route(
        ["/my/service_record/<int:record_id>/pdf"],
        type="http",
        auth="public",
        website=True,
    )
    def after_sales_record_pdf(self, record_id, access_token=None, **kw):
        record = self._after_sales_document(
            "after_sales.service.record", record_id, access_token
        )
        if record.state != "done":
            raise NotFound()
        return self._show_report(
            record, "pdf", "after_sales_service.service_record_report_action"
        )

    @http.route(
        ["/my/service_record/<int:record_id>/confirm"],
        type="json",
        auth="public",
        website=True,
    )
    def after_sales_record_confirm(
        self, record_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            record = self._after_sales_document(
                "after_sales.service.record", record_id, access_token
            )
        except NotFound:
            return {"error": request.env._("This link is not valid (any more).")}
        try:
            record._portal_confirm(access_token, True, name, signature=signature)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return {"error": self._after_sales_error(error)}
        return {
            "force_refresh": True,
            "redirect_url": record.get_portal_url(query_string="&message=confirmed"),
        }

    @http.route(
        ["/my/service_record/<int:record_id>/refuse"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def after_sales_record_refuse(
        self, record_id, access_token=None, name=None, refusal_reason=None, **kw
    ):
        record = self._after_sales_document(
            "after_sales.service.record", record_id, access_token
        )
        try:
            record._portal_confirm(access_token, False, name, reason=refusal_reason)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return request.render(
                "after_sales_service.portal_service_record_page",
                self._after_sales_values(
                    record, access_token, error=self._after_sales_error(error)
                ),
                status=400,
            )
        return request.redirect(record.get_portal_url(query_string="&message=refused"))

    # ------------------------------------------------------------------
    # Callback: the customer's rating (R-CB-1)
    # ------------------------------------------------------------------

    @http.route(
        ["/my/callback/<int:callback_id>"], type="http", auth="public", website=True
    )
    def after_sales_callback(self, callback_id, access_token=None, message=None, **kw):
        callback = self._after_sales_document(
            "after_sales.callback", callback_id, access_token
        )
        return request.render(
            "after_sales_service.portal_callback_page",
            self._after_sales_values(callback, access_token, message=message),
        )

    @http.route(
        ["/my/callback/<int:callback_id>/answer"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def after_sales_callback_answer(
        self, callback_id, access_token=None, opinion=None, **kw
    ):
        callback = self._after_sales_document(
            "after_sales.callback", callback_id, access_token
        )
        grades = {}
        for key, value in kw.items():
            if key.startswith("grade_") and (answer_id := _int(key[6:])):
                grades[answer_id] = value
        try:
            callback._portal_answer(access_token, grades, opinion)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return request.render(
                "after_sales_service.portal_callback_page",
                self._after_sales_values(
                    callback, access_token, error=self._after_sales_error(error)
                ),
                status=400,
            )
        return request.redirect(
            callback.get_portal_url(query_string="&message=answered")
        )
