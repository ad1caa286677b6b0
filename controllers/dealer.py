# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dealer portal (经销商送修, R-IN-6): a dealer registers returns of units,
follows them, downloads their receipt and result, and reads a monthly list.

Every route needs a login (``auth="user"``); the pages of one unit load it
through the portal's ``_document_check_access`` (the caller's own record rule:
the dealer's own requests) and answer 404 for anything else, so another
dealer's unit, another company's or a plain customer's request is not found.
Registration is :meth:`helpdesk.ticket._dealer_register`, which checks every
value itself.
"""

import calendar
from datetime import date, datetime, time, timedelta

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.helpdesk_ticket_dealer import (
    DEALER_ARRIVALS,
    DEALER_CYCLES,
    DEALER_HANDLINGS,
    DEALER_MAX_PHOTOS,
    DEALER_MAX_UNITS,
)

UNIT_KEYS = (
    "product_id",
    "colour",
    "serial",
    "purchase_date",
    "problem",
    "arrival",
    "courier",
    "tracking",
    "handling",
    "cycle",
    "end_customer",
)


class DealerPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dealer_unit_count" in counters:
            values["dealer_unit_count"] = (
                request.env["helpdesk.ticket"].search_count(
                    [("dealer_portal", "=", True)]
                )
                if self._dealer_is_dealer()
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _dealer_is_dealer(self):
        user = request.env.user
        return bool(
            user._is_portal() and user.sudo().partner_id.commercial_partner_id.is_dealer
        )

    def _dealer_check(self):
        """The caller is a dealer's portal user, or 403."""
        if not self._dealer_is_dealer():
            raise Forbidden()

    def _dealer_ticket(self, ticket_id):
        """The caller's own dealer request ``ticket_id`` (sudo), or 404."""
        self._dealer_check()
        try:
            ticket = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        dealer = request.env.user.sudo().partner_id.commercial_partner_id
        if (
            not ticket.dealer_portal
            or ticket.commercial_partner_id != dealer
            or ticket.company_id not in request.env.user.company_ids
        ):
            raise NotFound()
        return ticket

    def _dealer_month(self, month):
        """``(first day, first day of the next month)`` of ``YYYY-MM``."""
        today = fields.Date.context_today(request.env.user)
        try:
            year, number = (int(part) for part in (month or "").split("-"))
            first = date(year, number, 1)
        except (TypeError, ValueError):
            first = today.replace(day=1)
        days = calendar.monthrange(first.year, first.month)[1]
        return first, first + timedelta(days=days)

    def _dealer_selections(self):
        Ticket = request.env["helpdesk.ticket"]
        env = request.env

        def labels(name, choices):
            described = dict(Ticket._fields[name]._description_selection(env))
            return [(key, described.get(key, key)) for key, _label in choices]

        return {
            "arrivals": labels("dealer_arrival", DEALER_ARRIVALS),
            "handlings": labels("dealer_handling", DEALER_HANDLINGS),
            "cycles": labels("dealer_cycle", DEALER_CYCLES),
        }

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route(["/my/dealer"], type="http", auth="user", website=True)
    def dealer_returns(self, month=None, registered=None, **kw):
        """The dealer's returns registered in a month, with their outcomes."""
        self._dealer_check()
        try:
            registered = max(int(registered or 0), 0)
        except ValueError:
            registered = 0
        first, after = self._dealer_month(month)
        Ticket = request.env["helpdesk.ticket"]
        tz_start = datetime.combine(first, time.min)
        tz_end = datetime.combine(after, time.min)
        tickets = Ticket.search(
            [
                ("dealer_portal", "=", True),
                ("registered_at", ">=", tz_start),
                ("registered_at", "<", tz_end),
            ],
            order="registered_at desc, id desc",
        )
        rows = self._dealer_rows(tickets)
        # Units still with the company, whatever month they were registered in.
        pending = Ticket.search(
            [("dealer_portal", "=", True), ("stage_id.closed", "=", False)],
            order="registered_at, id",
            limit=200,
        ).filtered(lambda t: not t._dealer_custody().returned_at)
        previous = (first - timedelta(days=1)).strftime("%Y-%m")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_returns",
                "registered": registered,
                "rows": rows,
                "pending_rows": self._dealer_rows(pending),
                "month": first.strftime("%Y-%m"),
                "previous_month": previous,
                "next_month": after.strftime("%Y-%m"),
                "returned_count": sum(
                    1 for row in rows if row["unit"]._dealer_custody().returned_at
                ),
                "late_count": sum(1 for row in rows if row["late"]),
            }
        )
        return request.render("after_sales_service.portal_dealer_returns", values)

    def _dealer_rows(self, tickets):
        return [
            {
                "unit": ticket.sudo(),
                "status": ticket._dealer_status(),
                "outcome": ticket._dealer_outcome(),
                "days": ticket._dealer_cycle_days(),
                "late": ticket._dealer_late(),
            }
            for ticket in tickets
        ]

    @http.route(
        ["/my/dealer/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def dealer_new(self, units=1, **kw):
        """The return form; ``units``: how many units it holds."""
        self._dealer_check()
        try:
            count = min(max(int(units), 1), DEALER_MAX_UNITS)
        except (TypeError, ValueError):
            count = 1
        return self._dealer_render_form(count, [{} for _i in range(count)], None)

    def _dealer_render_form(self, count, units, error):
        values = self._prepare_portal_layout_values()
        values.update(self._dealer_selections())
        values.update(
            {
                "page_name": "dealer_new",
                "unit_count": count,
                "units": units,
                "error": error,
                "products": request.env["helpdesk.ticket"]._dealer_products(),
                "max_units": DEALER_MAX_UNITS,
                "max_photos": DEALER_MAX_PHOTOS,
                "today": fields.Date.to_string(
                    fields.Date.context_today(request.env.user)
                ),
            }
        )
        return request.render("after_sales_service.portal_dealer_new", values)

    @http.route(
        ["/my/dealer/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def dealer_submit(self, **post):
        """Register the return: every unit or none."""
        self._dealer_check()
        try:
            count = int(post.get("unit_count") or 0)
        except ValueError:
            count = 0
        units = []
        for index in range(max(count, 0)):
            unit = {key: post.get(f"{key}_{index}") for key in UNIT_KEYS}
            unit["photos"] = [
                (upload.filename, upload.mimetype, upload.read())
                for upload in request.httprequest.files.getlist(f"photos_{index}")
                if upload and upload.filename
            ]
            units.append(unit)
        try:
            tickets = request.env["helpdesk.ticket"]._dealer_register(units)
        except (UserError, AccessError) as error:
            shown = [
                {key: value for key, value in unit.items() if key != "photos"}
                for unit in units[:DEALER_MAX_UNITS]
            ]
            return self._dealer_render_form(
                min(max(len(shown), 1), DEALER_MAX_UNITS),
                shown or [{}],
                error.args[0],
            )
        return request.redirect(f"/my/dealer?registered={len(tickets)}")

    @http.route(
        ["/my/dealer/unit/<int:ticket_id>"], type="http", auth="user", website=True
    )
    def dealer_unit(self, ticket_id, **kw):
        """One unit: its state in plain words, its checks, its documents."""
        ticket = self._dealer_ticket(ticket_id)
        custody = ticket._dealer_custody()
        values = self._prepare_portal_layout_values()
        values.update(self._dealer_selections())
        values.update(
            {
                "page_name": "dealer_unit",
                "unit": ticket,
                "custody": custody,
                "status": ticket._dealer_status(),
                "outcome": ticket._dealer_outcome(),
                "days": ticket._dealer_cycle_days(),
                "due": ticket._dealer_due(),
                "late": ticket._dealer_late(),
                "records": self._dealer_records(ticket),
            }
        )
        return request.render("after_sales_service.portal_dealer_unit", values)

    def _dealer_records(self, ticket):
        return ticket.sudo().service_record_ids.filtered(lambda r: r.state == "done")

    @http.route(
        ["/my/dealer/unit/<int:ticket_id>/receipt"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_unit_receipt(self, ticket_id, **kw):
        """The carry-in receipt PDF, once the unit is received."""
        ticket = self._dealer_ticket(ticket_id)
        custody = ticket._dealer_custody()
        if not custody:
            raise NotFound()
        return self._dealer_pdf(
            custody, "after_sales_service.custody_receipt_report_action"
        )

    @http.route(
        ["/my/dealer/unit/<int:ticket_id>/result"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_unit_result(self, ticket_id, **kw):
        """The service record PDF of the finished repair."""
        ticket = self._dealer_ticket(ticket_id)
        records = self._dealer_records(ticket)
        if not records:
            raise NotFound()
        return self._dealer_pdf(
            records[:1], "after_sales_service.service_record_report_action"
        )

    def _dealer_pdf(self, record, report_ref):
        """The PDF of ``record`` (checked by the caller), as a download."""
        Report = request.env["ir.actions.report"].sudo().with_company(record.company_id)
        pdf = Report._render_qweb_pdf(report_ref, record.ids)[0]
        filename = f"{record.name}.pdf".replace("/", "-")
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
