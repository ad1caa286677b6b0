# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer on the portal (R-REC-5, R-ACC-2, R-CB-1, R-X-5).

Three documents carry a single-purpose link for their customer: the quote
(sign or decline it), the service record (confirm or refuse its result) and
the callback (answer it online). Each link is the document's own
``access_token`` (``portal.mixin``) with an expiry; it opens that document
and that step only. A logged-in portal user reaches the documents of their own
company (commercial partner) without a link.

The portal steps are transitions of the documents (``portal_sign``,
``portal_decline``, ``portal_confirm``, ``portal_answer``): their roles are the
portal and public users, and their guards verify the link or the ownership
again, so that the controllers never write a state themselves.
"""

import base64
import binascii
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import consteq

from .callback import AfterSalesCallback
from .const import CALLBACK_GRADES
from .frozen_mixin import Denied, Transition
from .quote import AfterSalesQuote
from .service_record import AfterSalesServiceRecord

PORTAL = ("base.group_portal", "base.group_public")
# A customer's link is valid this many days after it is made (a new link is
# made when the document is sent again, or when the old one expired).
TOKEN_DAYS = 30
PORTAL_CONFIRMATIONS = [
    ("pending", "Awaiting the Customer"),
    ("confirmed", "Confirmed by the Customer"),
    ("refused", "Refused by the Customer"),
]
PORTAL_TOKEN_FIELDS = ("access_token", "access_token_expires")


def _signature_image(env, signature):
    """The drawn signature of ``portal.signature_form`` (base64 PNG), checked."""
    if not signature or not isinstance(signature, str):
        raise UserError(env._("Draw your signature first."))
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError) as error:
        raise UserError(env._("The signature could not be read.")) from error
    if not raw.startswith(b"\x89PNG") or len(raw) > 2_000_000:
        raise UserError(env._("The signature could not be read."))
    return signature


def _clean_text(env, value, what, size=500):
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise UserError(env._("Write %(what)s.", what=what))
    if len(text) > size:
        raise UserError(
            env._(
                "%(what)s is too long (at most %(size)s characters).",
                what=what,
                size=size,
            )
        )
    return text


class AfterSalesPortalDocument(models.AbstractModel):
    """A customer's document with a single-purpose, expiring link."""

    _name = "after_sales.portal.document"
    _inherit = "portal.mixin"
    _description = "Customer Document on the Portal"

    access_token_expires = fields.Datetime(
        string="Customer Link Valid Until", readonly=True, copy=False
    )
    portal_link = fields.Char(
        string="Customer Link",
        compute="_compute_portal_link",
        groups="base.group_user",
        help="The link the customer opens without an account, for this document "
        "only: send it by text message or WeChat. It expires.",
    )

    @api.depends("access_token", "access_token_expires")
    def _compute_portal_link(self):
        now = fields.Datetime.now()
        for document in self:
            valid = (
                document.id
                and document.access_token
                and document.access_token_expires
                and document.access_token_expires > now
            )
            document.portal_link = (
                f"{document.get_base_url()}{document._portal_link_path()}"
                if valid
                else False
            )

    def _portal_link_path(self):
        """The customer's link without the host: in the customer's language
        (the language prefix of Odoo's frontend routing), with the token."""
        self.ensure_one()
        document = self.sudo()
        prefix = ""
        lang = document._portal_customer().lang
        if lang:
            data = self.env["res.lang"]._get_data(code=lang)
            if data.url_code:
                prefix = f"/{data.url_code}"
        return f"{prefix}{document.access_url}?access_token={document.access_token}"

    def _portal_ensure_token(self):
        """portal.mixin's token, written as a transition field (the document's
        state may have frozen it) with its expiry; a new one once expired."""
        now = fields.Datetime.now()
        for document in self.sudo():
            if document.access_token and (
                not document.access_token_expires or document.access_token_expires > now
            ):
                if not document.access_token_expires:
                    document._transition_write(
                        {"access_token_expires": now + timedelta(days=TOKEN_DAYS)}
                    )
                continue
            document._transition_write(
                {
                    "access_token": document._portal_new_token(),
                    "access_token_expires": now + timedelta(days=TOKEN_DAYS),
                }
            )
        return self.access_token if len(self) == 1 else False

    def _portal_new_token(self):
        return str(uuid.uuid4())

    def action_portal_new_link(self):
        """Button "New Customer Link": the customer's old link stops working
        (sent to the wrong person, expired) and a new one replaces it."""
        self.check_access("write")
        self._portal_revoke_token()
        self._portal_ensure_token()
        return True

    def _portal_revoke_token(self):
        """The link stops working (a new one is made the next time)."""
        self.sudo()._transition_write(
            {"access_token": False, "access_token_expires": False}
        )

    def _portal_customer(self):
        """The commercial partner whose document this is."""
        self.ensure_one()
        return self.sudo().ticket_id.partner_id.commercial_partner_id

    def _portal_token_valid(self, token):
        self.ensure_one()
        document = self.sudo()
        return bool(
            token
            and isinstance(token, str)
            and document.access_token
            and consteq(document.access_token, token)
            and document.access_token_expires
            and document.access_token_expires > fields.Datetime.now()
        )

    def _portal_owner(self, user):
        """``user`` is a portal user of the document's customer."""
        self.ensure_one()
        return bool(
            user
            and not user._is_public()
            and user.share
            and user.partner_id.commercial_partner_id == self._portal_customer()
        )

    def _portal_allowed(self, token, user):
        return self._portal_token_valid(token) or self._portal_owner(user)

    def _guard_portal(self):
        """Guard of every portal step: taken by a portal or public user, who
        holds the document's link or is its customer (the controller passes
        both in the context, the guard verifies them)."""
        access = self.env.context.get("after_sales_portal_access") or {}
        user = self.env.user
        if not any(user.has_group(group) for group in PORTAL):
            return Denied(self.env._("Only the customer may do this on the portal."))
        if not self._portal_allowed(access.get("token"), user):
            return Denied(self.env._("This link is not valid (any more)."))
        return False

    def _portal_step(self, transition, token):
        """The documents, as superuser for the reads of the layer, in the
        portal step ``transition`` whose guard checks ``token``. The acting
        user stays the request's (portal or public)."""
        document = self.sudo().with_context(after_sales_portal_access={"token": token})
        return document._begin_transition(transition)

    def _portal_author(self):
        user = self.env.user
        if user._is_public():
            return self._portal_customer()
        return user.partner_id

    def _portal_post_pdf(self, report, body):
        """The signed document's PDF, posted on it and on its request."""
        self.ensure_one()
        document = self.sudo()
        pdf = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=document._portal_customer().lang or self.env.lang)
            ._render_qweb_pdf(report, [document.id])[0]
        )
        filename = f"{document.name.replace('/', '-')}.pdf"
        author = self._portal_author().id
        for target in (document, document.ticket_id):
            target.message_post(
                body=body,
                attachments=[(filename, pdf)],
                author_id=author,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )


class AfterSalesQuotePortal(models.Model):
    """The customer signs or declines a sent quote on the portal (R-ACC-2)."""

    _name = "after_sales.quote"
    _inherit = ["after_sales.quote", "after_sales.portal.document"]

    _transitions = {
        "portal_sign": Transition(("sent",), "confirmed", PORTAL, "_guard_portal"),
        "portal_decline": Transition(
            ("sent",), "cancelled", PORTAL, "_guard_portal_decline"
        ),
    }
    _transition_fields = (
        *AfterSalesQuote._transition_fields,
        *PORTAL_TOKEN_FIELDS,
        "declined_on_portal",
    )

    declined_on_portal = fields.Boolean(
        string="Declined on the Portal", readonly=True, copy=False
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for quote in self:
            quote.access_url = f"/my/quote/{quote.id}"
        return result

    def _guard_portal_decline(self):
        return self._guard_portal()

    def action_mark_sent(self):
        result = super().action_mark_sent()
        self._portal_ensure_token()
        return result

    def _portal_can_sign(self):
        self.ensure_one()
        return self.sudo().state == "sent"

    def _portal_sign(self, token, name, signature):
        """The customer signs the quote on the portal: the confirmation the
        clerk records by phone or stamp photo, method "portal signature"
        (``_do_confirm``), which opens the chargeable-parts gate."""
        self.ensure_one()
        env = self.env
        name = _clean_text(env, name, env._("your name"), 100)
        signature = _signature_image(env, signature)
        quote = self._portal_step("portal_sign", token)
        quote._do_confirm(
            {
                "confirmation_method": "portal",
                "confirmed_by_name": name,
                "signature": signature,
                "contacted_by_id": False,
            },
            transition="portal_sign",
        )
        quote._portal_post_pdf(
            "after_sales_service.quote_report_action",
            env._("Quote signed on the portal by %(name)s.", name=name),
        )
        return True

    def _portal_decline(self, token, reason):
        """The customer declines the quote, saying why: it is cancelled."""
        self.ensure_one()
        env = self.env
        reason = _clean_text(env, reason, env._("why you decline the quote"), 2000)
        quote = self._portal_step("portal_decline", token)
        quote._transition_write(
            {
                "state": "cancelled",
                "declined_on_portal": True,
                "cancel_reason": env._(
                    "Declined by the customer: %(reason)s", reason=reason
                ),
            }
        )
        quote.message_post(
            body=env._("Quote declined on the portal: %(reason)s", reason=reason),
            author_id=quote._portal_author().id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True


class AfterSalesServiceRecordPortal(models.Model):
    """The customer confirms (or refuses) the result of a visit on the portal
    (R-REC-5): the engineer closes the record with "the customer confirms on
    the portal"; the record is done, its confirmation pending; once given it is
    frozen."""

    _name = "after_sales.service.record"
    _inherit = ["after_sales.service.record", "after_sales.portal.document"]

    _transitions = {
        "portal_confirm": Transition(
            ("done",), "done", PORTAL, "_guard_portal_confirm"
        ),
    }
    _transition_fields = (
        *AfterSalesServiceRecord._transition_fields,
        *PORTAL_TOKEN_FIELDS,
        "portal_confirmation",
        "portal_confirmed_at",
    )

    confirm_on_portal = fields.Boolean(
        string="Customer Confirms on the Portal",
        copy=False,
        help="The customer confirms the result (or refuses, with a reason) and "
        "signs on the portal after the visit; the record closes with its "
        "confirmation pending.",
    )
    portal_confirmation = fields.Selection(
        PORTAL_CONFIRMATIONS,
        readonly=True,
        copy=False,
        tracking=True,
    )
    portal_confirmed_at = fields.Datetime(
        string="Confirmed on the Portal On", readonly=True, copy=False
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for record in self:
            record.access_url = f"/my/service_record/{record.id}"
        return result

    def _guard_done(self):
        if not self.confirm_on_portal:
            return super()._guard_done()
        if self.customer_refused_to_sign or self.confirm_signature:
            return self.env._(
                "%(record)s: the customer confirms either on site or on the "
                "portal, not both.",
                record=self.name,
            )
        if not self.result:
            return self.env._("Record the result of %(record)s.", record=self.name)
        return False

    def _record_item_filled(self, code):
        if code in ("confirm_name", "confirm_date") and self.confirm_on_portal:
            return True  # the customer confirms on the portal
        return super()._record_item_filled(code)

    def _do_done(self):
        result = super()._do_done()
        pending = self.filtered(
            lambda r: r.confirm_on_portal and not r.portal_confirmation
        )
        if pending:
            pending.sudo()._transition_write({"portal_confirmation": "pending"})
            pending._portal_ensure_token()
        return result

    def _guard_portal_confirm(self):
        if not self.confirm_on_portal or self.portal_confirmation != "pending":
            return self.env._(
                "%(record)s does not wait for your confirmation: it was given "
                "already.",
                record=self.display_name,
            )
        return self._guard_portal()

    def _portal_confirm(self, token, accept, name, signature=None, reason=None):
        """The customer's confirmation of the visit's result: accepted and
        signed, or refused with a reason (R-REC-5)."""
        self.ensure_one()
        env = self.env
        name = _clean_text(env, name, env._("your name"), 100)
        if accept:
            signature = _signature_image(env, signature)
        else:
            reason = _clean_text(env, reason, env._("why you refuse"), 2000)
        record = self._portal_step("portal_confirm", token)
        now = fields.Datetime.now()
        vals = {
            "portal_confirmation": "confirmed" if accept else "refused",
            "portal_confirmed_at": now,
            "confirm_name": name,
            "confirm_date": fields.Date.context_today(record),
        }
        if accept:
            vals["confirm_signature"] = signature
        else:
            vals.update(customer_refused_to_sign=True, refusal_reason=reason)
        record._transition_write(vals)
        if accept:
            record._portal_post_pdf(
                "after_sales_service.service_record_report_action",
                env._("Service result confirmed on the portal by %(name)s.", name=name),
            )
        else:
            record.message_post(
                body=env._(
                    "The customer refused to confirm the result on the portal: "
                    "%(reason)s",
                    reason=reason,
                ),
                author_id=record._portal_author().id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True


class AfterSalesCallbackPortal(models.Model):
    """The customer answers the callback questions online, once (R-CB-1): the
    answer is the clerk's phone answer (rating, performance events)."""

    _name = "after_sales.callback"
    _inherit = ["after_sales.callback", "after_sales.portal.document"]

    _transitions = {
        "portal_answer": Transition(("pending",), "done", PORTAL, "_guard_portal"),
    }
    _transition_fields = (
        *AfterSalesCallback._transition_fields,
        *PORTAL_TOKEN_FIELDS,
        "answered_on_portal",
    )

    answered_on_portal = fields.Boolean(
        string="Answered on the Portal", readonly=True, copy=False
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for callback in self:
            callback.access_url = f"/my/callback/{callback.id}"
        return result

    @api.model_create_multi
    def create(self, vals_list):
        callbacks = super().create(vals_list)
        callbacks._portal_ensure_token()
        return callbacks

    def _portal_questions(self):
        """The graded questions the customer answers, in order."""
        self.ensure_one()
        return self.sudo().answer_ids.filtered("question_id.graded")

    def _portal_answer(self, token, grades, opinion=None):
        """``grades``: ``{answer id: grade}`` for every graded question, each
        one of the four levels (非常满意 / 满意 / 一般 / 不满意)."""
        self.ensure_one()
        env = self.env
        valid = {key for key, _label in CALLBACK_GRADES}
        if not isinstance(grades, dict) or any(
            value not in valid for value in grades.values()
        ):
            raise UserError(env._("Choose one of the four answers for every question."))
        if opinion is not None and not isinstance(opinion, str):
            raise UserError(env._("Choose one of the four answers for every question."))
        if opinion and len(opinion) > 2000:
            raise UserError(
                env._(
                    "%(what)s is too long (at most %(size)s characters).",
                    what=env._("Your opinion"),
                    size=2000,
                )
            )
        callback = self._portal_step("portal_answer", token)
        questions = callback._portal_questions()
        if set(grades) != set(questions.ids):
            raise UserError(env._("Choose one of the four answers for every question."))
        for answer in questions:
            answer.write({"grade": grades[answer.id]})
        if opinion and opinion.strip():
            callback.write({"opinion": opinion.strip()})
        error = callback._guard_answer()
        if error:
            raise UserError(error)
        user = env.user
        callback._transition_write(
            {
                "state": "done",
                "done_at": fields.Datetime.now(),
                "done_by_id": False if user._is_public() else user.id,
                "answered_on_portal": True,
            }
        )
        callback._rate()
        env["after_sales.performance.event"].sudo()._record(
            callback._prepare_performance_event_vals()
        )
        return True


class HelpdeskTicketPortal(models.Model):
    """What the customer reads of their request on the portal."""

    _inherit = "helpdesk.ticket"

    portal_confirmations = fields.Text(
        string="Confirmations from the Portal",
        compute="_compute_portal_confirmations",
        groups="base.group_user",
        help="The customer's steps taken on the portal: quotes signed or "
        "declined, service results confirmed or refused, callbacks answered.",
    )

    def _compute_portal_confirmations(self):
        env = self.env
        for ticket in self:
            lines = []
            documents = ticket.sudo()
            for quote in documents.quote_ids:
                if quote.confirmation_method == "portal":
                    lines.append(
                        env._(
                            "%(quote)s: signed on the portal by %(name)s",
                            quote=quote.name,
                            name=quote.confirmed_by_name,
                        )
                    )
                elif quote.declined_on_portal:
                    lines.append(
                        env._("%(quote)s: declined on the portal", quote=quote.name)
                    )
            for record in documents.service_record_ids:
                if record.portal_confirmation:
                    lines.append(
                        f"{record.name}: "
                        + ticket._portal_selection_label(record, "portal_confirmation")
                    )
            for callback in (
                env["after_sales.callback"]
                .sudo()
                .search(
                    [("ticket_id", "=", ticket.id), ("answered_on_portal", "=", True)]
                )
            ):
                lines.append(
                    env._(
                        "%(callback)s: answered on the portal", callback=callback.name
                    )
                )
            ticket.portal_confirmations = "\n".join(lines)

    def _portal_state_label(self):
        """The request's state in words a customer understands."""
        self.ensure_one()
        env = self.env
        ticket = self.sudo()
        if ticket.stage_id.closed:
            return env._("Done")
        records = ticket.service_record_ids.filtered(lambda r: r.state != "cancelled")
        if records and all(r.state == "done" for r in records):
            return env._("Done")
        waiting = ticket.parts_requisition_ids.filtered(
            lambda r: r.state in ("requested", "approved", "partial")
        )
        if waiting:
            return env._("Waiting for parts")
        planned = records.filtered(
            lambda r: r.state in ("draft", "in_progress") and r.planned_arrival
        ).sorted("planned_arrival")[:1]
        if planned:
            return env._(
                "Visit planned for %(when)s",
                when=ticket._portal_datetime(planned.planned_arrival),
            )
        if ticket.user_id:
            return env._("Engineer assigned")
        return env._("Request registered")

    def _portal_datetime(self, value):
        """A time in the company's time zone, as the customer reads it."""
        if not value:
            return ""
        company = self.sudo().company_id
        tz = company.partner_id.tz or "Asia/Shanghai"
        local = fields.Datetime.context_timestamp(self.with_context(tz=tz), value)
        return local.strftime("%Y-%m-%d %H:%M")

    def _portal_selection_label(self, record, field_name):
        value = record[field_name]
        if not value:
            return ""
        return dict(record._fields[field_name]._description_selection(self.env)).get(
            value, ""
        )

    def _portal_summary(self, user, token=None):
        """What the customer reads of the request: plain values only (never a
        record the template could walk to other data, R-X-5)."""
        self.ensure_one()
        env = self.env
        ticket = self.sudo()
        customer = ticket.partner_id.commercial_partner_id
        owner = bool(
            user
            and not user._is_public()
            and user.partner_id.commercial_partner_id == customer
        )
        if not owner and not (
            token and ticket.access_token and consteq(ticket.access_token, token)
        ):
            raise AccessError(env._("This link is not valid (any more)."))
        warranty = ticket.warranty_state
        covered = None
        if warranty == "in_warranty":
            covered = env._("Covered by the warranty")
        elif warranty in ("out_of_warranty", "excluded"):
            covered = env._("Not covered by the warranty")
        elif warranty:
            covered = env._("The warranty is being checked")
        reasons = []
        determination = ticket.warranty_determination_id
        if determination and warranty != "in_warranty":
            reasons = [r for r in determination.reason_ids.mapped("display_name") if r][
                :5
            ]
        payers = [
            (label, ticket._portal_selection_label(ticket, field))
            for label, field in (
                (env._("Parts"), "warranty_parts_payer"),
                (env._("Labour"), "warranty_labour_payer"),
                (env._("Travel"), "warranty_travel_payer"),
            )
            if ticket[field]
        ]
        visits = []
        for record in ticket.service_record_ids.filtered(
            lambda r: r.state != "cancelled"
        ).sorted(lambda r: (r.planned_arrival or r.create_date, r.id)):
            visits.append(
                {
                    "name": record.name,
                    "engineer": record.user_id.name or "",
                    "planned": ticket._portal_datetime(record.planned_arrival),
                    "actual": ticket._portal_datetime(record.actual_arrival),
                    "done": record.state == "done",
                    "confirmation": record.portal_confirmation or "",
                    "confirmation_label": ticket._portal_selection_label(
                        record, "portal_confirmation"
                    ),
                    "url": record.state == "done" and record.get_portal_url() or "",
                }
            )
        quotes = []
        for quote in ticket.quote_ids.filtered(
            lambda q: q.state in ("sent", "confirmed", "superseded", "cancelled")
        ).sorted("id", reverse=True):
            quote._portal_ensure_token()
            quotes.append(
                {
                    "name": quote.name,
                    "state": quote.state,
                    "state_label": ticket._portal_selection_label(quote, "state"),
                    "amount": quote.amount_total,
                    "currency": quote.currency_id,
                    "url": quote.get_portal_url(),
                    "to_sign": quote.state == "sent",
                }
            )
        callbacks = []
        for callback in ticket.env["after_sales.callback"].search(
            [("ticket_id", "=", ticket.id), ("state", "=", "pending")]
        ):
            callback._portal_ensure_token()
            callbacks.append({"name": callback.name, "url": callback.get_portal_url()})
        custodies = ticket.custody_ids.filtered(lambda c: c.received_at)
        invoices = ticket.env["account.move"].search(
            [
                ("after_sales_ticket_id", "=", ticket.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
        )
        return {
            "number": ticket.number,
            "state": ticket._portal_state_label(),
            "engineer": ticket.user_id.name or "",
            "warranty": covered,
            "warranty_reasons": reasons,
            "payers": payers,
            "visits": visits,
            "quotes": quotes,
            "callbacks": callbacks,
            "custodies": [
                {
                    "name": custody.name,
                    "received": ticket._portal_datetime(custody.received_at),
                    "url": f"/my/ticket/{ticket.id}/custody/{custody.id}"
                    + (f"?access_token={token}" if token and not owner else ""),
                }
                for custody in custodies
            ],
            "invoices": [
                {
                    "name": invoice.name,
                    "url": invoice.get_portal_url() if owner else "",
                }
                for invoice in invoices
            ],
        }
