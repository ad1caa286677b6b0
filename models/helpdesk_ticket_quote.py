# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare, float_round

from ..tools import quote as quote_rule


class HelpdeskTicket(models.Model):
    """Quotes of chargeable work on a request and the gate they open
    (``_quote_*``, R-ACC-2): chargeable parts are not issued nor bought before
    the customer confirmed a quote pricing them, part by part and up to the
    quoted quantity."""

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

    def _quote_parts_quoted(self):
        """``{product: quantity}`` of the parts the request's confirmed quotes
        price (in the product's unit): what the customer agreed to pay for. A
        quote line without a product unlocks no part."""
        self.ensure_one()
        quoted = defaultdict(float)
        confirmed = self.sudo().quote_ids.filtered(lambda q: q.state == "confirmed")
        for line in confirmed.line_ids:
            if line.kind == quote_rule.PARTS and line.product_id:
                quoted[line.product_id] += line.quantity
        return quoted

    def _quote_parts_out(self):
        """``{product: quantity}`` of the request's chargeable parts issued and
        not taken back (in the product's unit)."""
        self.ensure_one()
        lines = (
            self.env["after_sales.parts.requisition.line"]
            .sudo()
            .search(
                [
                    ("ticket_id", "=", self.id),
                    ("chargeable", "=", True),
                    ("quantity_out", ">", 0),
                ]
            )
        )
        out = defaultdict(float)
        for line in lines:
            out[line.product_id] += line.product_uom_id._compute_quantity(
                line.quantity_out, line.product_id.uom_id
            )
        return out

    def _quote_blockers(self, chargeable_amount, lines=None, issue=False):
        """Why chargeable parts may not be issued or bought now (R-ACC-2):
        translated reasons, empty when allowed.

        With ``lines`` (requisition lines to issue when ``issue``, else purchase
        plan lines), a confirmed quote unlocks the chargeable parts it priced,
        product by product, up to the quoted quantity — summed, on issue, with
        what the request's chargeable lines already have out — whatever their
        cost. Without, chargeable parts worth ``chargeable_amount`` wait for a
        confirmed quote."""
        self.ensure_one()
        if lines is None:
            currency = self.company_id.currency_id
            if currency.compare_amounts(chargeable_amount, 0.0) <= 0:
                return []
            if self._quote_confirmed():
                return []
            return [self._quote_wait_message()]
        chargeable = lines.filtered("chargeable")
        if not chargeable:
            return []
        if not self._quote_confirmed():
            return [self._quote_wait_message()]
        quoted = self._quote_parts_quoted()
        wanted = self._quote_parts_out() if issue else defaultdict(float)
        for line in chargeable:
            quantity = line.quantity_to_issue if issue else line.quantity
            wanted[line.product_id] += line.product_uom_id._compute_quantity(
                quantity, line.product_id.uom_id
            )
        reasons = []
        for product in chargeable.product_id:
            uom = product.uom_id
            if (
                float_compare(quoted[product], 0.0, precision_rounding=uom.rounding)
                <= 0
            ):
                reasons.append(
                    self.env._(
                        "%(part)s is not on the confirmed quote of %(ticket)s: the "
                        "customer has not agreed to pay for it (a new version of "
                        "the quote may price it).",
                        part=product.display_name,
                        ticket=self.display_name,
                    )
                )
            elif (
                float_compare(
                    wanted[product], quoted[product], precision_rounding=uom.rounding
                )
                > 0
            ):
                reasons.append(
                    self.env._(
                        "%(part)s: %(quantity)s %(uom)s wanted on %(ticket)s, more "
                        "than the %(quoted)s %(uom)s of its confirmed quote.",
                        part=product.display_name,
                        quantity=self._quote_format_quantity(wanted[product], uom),
                        quoted=self._quote_format_quantity(quoted[product], uom),
                        uom=uom.name,
                        ticket=self.display_name,
                    )
                )
        return reasons

    def _quote_wait_message(self):
        return self.env._(
            "Chargeable parts of %(ticket)s wait for the customer's "
            "confirmation of the quote.",
            ticket=self.display_name,
        )

    @staticmethod
    def _quote_format_quantity(quantity, uom):
        return f"{float_round(quantity, precision_rounding=uom.rounding):g}"

    def _parts_issue_blockers(self, free_amount, chargeable_amount, lines=None):
        reasons = super()._parts_issue_blockers(
            free_amount, chargeable_amount, lines=lines
        )
        return reasons + self._quote_blockers(chargeable_amount, lines, issue=True)

    def _parts_purchase_blockers(self, free_amount, chargeable_amount, lines=None):
        reasons = super()._parts_purchase_blockers(
            free_amount, chargeable_amount, lines=lines
        )
        return reasons + self._quote_blockers(chargeable_amount, lines)
