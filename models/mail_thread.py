# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models
from odoo.tools import formataddr


class MailThread(models.AbstractModel):
    """The addon's documents never depend on the acting user's e-mail address.

    Chinese companies' service staff often have no company mailbox (issue 19):
    mail refuses any message authored by a user without an address ("Unable to
    send message, please configure the sender's email address") -- helpdesk's
    assignment notice of the form's *Assigned to*, the notice of a to-do
    scheduled for someone else, a note with recipients. On a request and on the
    addon's documents the acting user stays the author (who did it is what the
    chatter records); only the sender address of the e-mail copies, if any go
    out, falls back to the company's address or the outgoing mail default.
    The public user keeps mail's refusal (an anonymous message is no staff's).
    A step that schedules a to-do as superuser (``sudo()``: the chief engineer's,
    the general manager's) still acts as its user: the same fallback applies.
    """

    _inherit = "mail.thread"

    def _message_compute_author(
        self, author_id=None, email_from=None, raise_on_email=True
    ):
        user = self.env.user
        if (
            author_id is None
            and not email_from
            and not user.email
            and not user._is_public()
            and self._after_sales_document()
        ):
            author = user.partner_id
            sender = self._after_sales_sender_address()
            return author.id, sender and formataddr((author.name or "", sender))
        return super()._message_compute_author(
            author_id=author_id, email_from=email_from, raise_on_email=raise_on_email
        )

    def _after_sales_document(self):
        """A request or one of the addon's documents (not Odoo's own models)."""
        return self._name == "helpdesk.ticket" or self._name.startswith("after_sales.")

    def _after_sales_sender_address(self):
        """The company's address, else the outgoing mail default sender (may be
        empty: the message is then posted all the same, without e-mail sender)."""
        company = self.env.company
        if "company_id" in self._fields:
            company = self.company_id[:1] or company
        Server = self.env["ir.mail_server"]
        return company.sudo().email or Server._get_default_from_address()
