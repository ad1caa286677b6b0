# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    """Invoices and journal entries of a service request, linked both ways
    (R-ACC-3, R-ACC-4)."""

    _inherit = "account.move"

    after_sales_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    after_sales_quote_id = fields.Many2one(
        "after_sales.quote",
        string="Service Quote",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    # The entries of the provision and of the staff statements, found from the
    # entry (the books' "after-sales documents" filter).
    after_sales_provision_ids = fields.One2many(
        "after_sales.provision", "move_id", string="Service Cost Provision"
    )
    after_sales_penalty_statement_ids = fields.One2many(
        "after_sales.penalty.statement", "move_id", string="Assessment Statements"
    )
    after_sales_reversed = fields.Boolean(
        string="Reversed After-Sales Entry",
        compute="_compute_after_sales_reversed",
        help="An after-sales entry (costs, provision, staff statements) with a "
        "posted reversal: it is out of the books and is not reversed again.",
    )

    @api.depends(
        "after_sales_ticket_id",
        "after_sales_provision_ids",
        "after_sales_penalty_statement_ids",
        "reversal_move_ids.state",
    )
    def _compute_after_sales_reversed(self):
        for move in self:
            move.after_sales_reversed = move._after_sales_is_entry() and any(
                reversal.state == "posted" for reversal in move.reversal_move_ids
            )

    def _after_sales_is_entry(self):
        """A journal entry that books an after-sales document (R-ACC-4,
        R-ACC-5, R-PEN-*): a request's costs, a provision, staff statements."""
        self.ensure_one()
        return self.move_type == "entry" and bool(
            self.after_sales_ticket_id
            or self.sudo().after_sales_provision_ids
            or self.sudo().after_sales_penalty_statement_ids
        )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """An after-sales entry is reversed once (R-ACC-6): Odoo leaves "Reverse
        Entry" on a journal entry already reversed (an entry has no payment
        state to say so), and a second reversal would take the costs out of
        the books twice."""
        reversed_twice = self.filtered("after_sales_reversed")
        if reversed_twice:
            raise UserError(
                self.env._(
                    "%(move)s is reversed already (%(reversal)s): it is out of "
                    "the books, nothing is left to reverse.",
                    move=reversed_twice[0].display_name,
                    reversal=", ".join(
                        reversed_twice[0]
                        .reversal_move_ids.filtered(lambda m: m.state == "posted")
                        .mapped("display_name")
                    ),
                )
            )
        return super()._reverse_moves(default_values_list, cancel)

    # ------------------------------------------------------------------
    # After-sales entries leave the books with their document (R-ACC-6)
    # ------------------------------------------------------------------

    def _post(self, soft=True):
        """A posted reversal takes the entry it reverses out of the books: the
        after-sales documents booked by it follow (Odoo's own "Reverse" button
        included, not only the addon's)."""
        posted = super()._post(soft)
        posted.reversed_entry_id._after_sales_unbook()
        return posted

    def write(self, vals):
        """An entry that leaves "posted" (reset to draft, cancelled) takes its
        after-sales documents out of the books. The after-sales journals lock
        their posted entries with a hash, so only an entry posted before its
        journal was locked (an older database) gets here."""
        leaving = self.browse()
        if vals.get("state") in ("draft", "cancel"):
            leaving = self.filtered(lambda move: move.state == "posted")
        result = super().write(vals)
        leaving._after_sales_unbook()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_after_sales_unbook(self):
        """A deleted entry (a draft: posted ones are never deleted) leaves its
        after-sales documents consistent."""
        self._after_sales_unbook()

    def _after_sales_unbook(self):
        """The documents booked by these entries are booked no more (never
        "booked" without a posted, unreversed entry, R-ACC-6): cost lines are
        reversed and the request's costs proposed again from the facts (as
        ``helpdesk.ticket._costing_reverse`` does), with a note in the
        request's chatter; statements are confirmed again, to book anew."""
        if not self:
            return
        env = self.env(su=True)
        costs = env["after_sales.cost.line"].search(
            [("move_id", "in", self.ids), ("state", "=", "booked")]
        )
        if costs:
            costs._lock_for_transition()
            costs._transition_write({"state": "reversed"})
            for ticket, lines in costs.grouped("ticket_id").items():
                ticket.message_post(
                    body=self.env._(
                        "%(moves)s is no longer in the books: its costs (%(costs)s) "
                        "are reversed and proposed again.",
                        moves=", ".join(lines.move_id.mapped("display_name")),
                        costs=", ".join(lines.mapped("name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                ticket._costing_refresh()
        statements = env["after_sales.penalty.statement"].search(
            [("move_id", "in", self.ids), ("state", "=", "booked")]
        )
        statements._after_sales_entry_undone()
        env["after_sales.provision"].search(
            [("move_id", "in", self.ids)]
        )._after_sales_entry_undone()

    def _check_draftable(self):
        """A cancelled invoice of a request's chargeable costs comes back to
        draft only while its costs are on no other invoice, and takes them back
        (a cost is invoiced once, R-ACC-3); a cancelled invoice of a quote only
        while the quote has no other invoice."""
        result = super()._check_draftable()
        self._check_no_booked_bill_costs()
        revived = self.filtered(
            lambda move: move.state == "cancel" and move.after_sales_ticket_id
        )
        for move in revived.sudo():
            # Two cancelled invoices of the same costs revived at once: the
            # second waits and finds the costs taken.
            move.line_ids.after_sales_cost_line_id._lock_for_transition()
            quote = move.after_sales_quote_id
            if quote and move.search_count(
                [
                    ("after_sales_quote_id", "=", quote.id),
                    ("state", "!=", "cancel"),
                    ("id", "!=", move.id),
                ]
            ):
                raise UserError(
                    self.env._(
                        "%(quote)s is invoiced already.",
                        quote=quote.name,
                    )
                )
            moved = move.line_ids.filtered(
                lambda line: line.after_sales_cost_line_id.invoice_line_id
                and line.after_sales_cost_line_id.invoice_line_id != line
                and line.after_sales_cost_line_id.invoice_line_id.parent_state
                != "cancel"
            )
            if moved:
                raise UserError(
                    self.env._(
                        "Cost %(line)s is on another invoice already: this "
                        "invoice stays cancelled.",
                        line=moved[0].after_sales_cost_line_id.name,
                    )
                )
            for line in move.line_ids.filtered("after_sales_cost_line_id"):
                line.after_sales_cost_line_id._transition_write(
                    {"invoice_line_id": line.id}
                )
        return result

    def _check_no_booked_bill_costs(self):
        """A vendor bill whose lines gave a request third-party costs that
        finance booked is not reset to draft (the booking reclassified the
        bill's amounts, R-ACC-6): finance reverses the booking first."""
        booked = (
            self.env["after_sales.cost.line"]
            .sudo()
            .search(
                [
                    ("bill_line_id.move_id", "in", self.ids),
                    ("state", "=", "booked"),
                ],
                limit=1,
            )
        )
        if booked:
            raise UserError(
                self.env._(
                    "%(bill)s is booked as a third-party cost of %(ticket)s: "
                    "reverse that booking first.",
                    bill=booked.bill_line_id.move_id.display_name,
                    ticket=booked.ticket_id.display_name,
                )
            )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    after_sales_cost_line_id = fields.Many2one(
        "after_sales.cost.line",
        string="Service Cost",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The chargeable service cost this invoice line invoices.",
    )
    # A vendor bill line may name the service request it was bought for: it
    # becomes a third-party cost of the request (R-ACC-1).
    after_sales_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        help="The service request this vendor bill line was bought for: its "
        "untaxed amount becomes a third-party cost of the request.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_with_after_sales_costs(self):
        """A bill line deleted (its bill back in draft) takes the draft cost
        lines it gave with it; one whose cost was booked or reversed stays, as
        the request's cost history does."""
        costs = (
            self.env["after_sales.cost.line"]
            .sudo()
            .search([("bill_line_id", "in", self.ids)])
        )
        history = costs.filtered(lambda cost: cost.state != "draft")
        if history:
            raise UserError(
                self.env._(
                    "This line is a third-party cost of %(ticket)s that was "
                    "booked: it stays, as the request's cost history does.",
                    ticket=history[0].ticket_id.display_name,
                )
            )
        costs.unlink()
