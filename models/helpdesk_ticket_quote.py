# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Quotes of chargeable work on a request and the gate they open
    (``_quote_*``, R-ACC-2): chargeable parts are not issued nor bought before
    the customer confirmed a quote."""

    _inherit = "helpdesk.ticket"

    quote_ids = fields.One2many(
        "after_sales.quote", "ticket_id", string="Quotes", groups="base.group_user"
    )
    quote_count = fields.Integer(
        groups="base.group_user", compute="_compute_quote_status"
    )
    quote_state = fields.Selection(
        groups="base.group_user",
        selection=lambda self: self.env["after_sales.quote"]
        ._fields["state"]
        ._description_selection(self.env),
        string="Quote",
        compute="_compute_quote_status",
        help="State of the latest quote of the request.",
    )

    @api.depends("quote_ids.state")
    def _compute_quote_status(self):
        for ticket in self:
            ticket.quote_count = len(ticket.quote_ids)
            ticket.quote_state = ticket.quote_ids.sorted("id", reverse=True)[:1].state

    def action_view_quotes(self):
        """Smart button: the quotes of this request."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.quote_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def _quote_confirmed(self):
        """The confirmed quote of this request (the latest), if any."""
        self.ensure_one()
        return (
            self.sudo()
            .quote_ids.filtered(lambda q: q.state == "confirmed")
            .sorted("id", reverse=True)[:1]
        )

    def _quote_blockers(self, chargeable_amount):
        """Why chargeable parts worth ``chargeable_amount`` may not be issued or
        bought now (R-ACC-2): translated reasons, empty when allowed."""
        self.ensure_one()
        currency = self.company_id.currency_id
        if currency.compare_amounts(chargeable_amount, 0.0) <= 0:
            return []
        if self._quote_confirmed():
            return []
        return [
            self.env._(
                "Chargeable parts of %(ticket)s wait for the customer's "
                "confirmation of the quote.",
                ticket=self.display_name,
            )
        ]

    def _parts_issue_blockers(self, free_amount, chargeable_amount):
        reasons = super()._parts_issue_blockers(free_amount, chargeable_amount)
        return reasons + self._quote_blockers(chargeable_amount)

    def _parts_purchase_blockers(self, free_amount, chargeable_amount):
        reasons = super()._parts_purchase_blockers(free_amount, chargeable_amount)
        return reasons + self._quote_blockers(chargeable_amount)
