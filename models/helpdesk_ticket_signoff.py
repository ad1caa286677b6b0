# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..tools import periods


class HelpdeskTicket(models.Model):
    """Responsibility determinations of a request and the gates they open
    (``_signoff_*``, R-APR-1 … R-APR-5).

    Free parts are not issued nor bought, and free cost not booked, before a
    determination of the request is approved for at least their value, a part
    of cost 0 included, unless their value is no more than the company's
    de-minimis amount (R-APR-3):
    :meth:`_parts_issue_blockers`, :meth:`_parts_purchase_blockers`,
    :meth:`_signoff_free_cost_blockers`.
    """

    _inherit = "helpdesk.ticket"

    responsibility_ids = fields.One2many(
        "after_sales.responsibility",
        "ticket_id",
        string="Responsibility Determinations",
        groups="base.group_user",
    )
    responsibility_count = fields.Integer(
        groups="base.group_user", compute="_compute_signoff_status"
    )
    signoff_state = fields.Selection(
        groups="base.group_user",
        selection=lambda self: self.env["after_sales.responsibility"]
        ._fields["state"]
        ._description_selection(self.env),
        string="Sign-off",
        compute="_compute_signoff_status",
        help="State of the latest responsibility determination of the request.",
    )
    signoff_pending_signers = fields.Char(
        groups="base.group_user",
        string="Still to Sign",
        compute="_compute_signoff_status",
    )
    signoff_approved_amount = fields.Monetary(
        groups="base.group_user",
        string="Approved Free Amount",
        currency_field="company_currency_id",
        compute="_compute_signoff_status",
    )
    company_currency_id = fields.Many2one(
        groups="base.group_user",
        related="company_id.currency_id",
        string="Company Currency",
    )

    @api.depends(
        "responsibility_ids.state",
        "responsibility_ids.amount",
        "responsibility_ids.pending_signers",
    )
    def _compute_signoff_status(self):
        for ticket in self:
            determinations = ticket.responsibility_ids
            latest = determinations.sorted("id", reverse=True)[:1]
            ticket.responsibility_count = len(determinations)
            ticket.signoff_state = latest.state
            ticket.signoff_pending_signers = latest.pending_signers
            ticket.signoff_approved_amount = ticket._signoff_approved().amount

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_signoff_start(self):
        """Button "Free of Charge…": a new determination, its amount proposed
        from the free cost known so far, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Responsibility Determination"),
            "res_model": "after_sales.responsibility",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_responsibilities(self):
        """Smart button: the determinations of this request."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.responsibility_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Gates (R-APR-3)
    # ------------------------------------------------------------------

    def _signoff_known_cost(self):
        """The free cost of this request known so far, proposed as the amount
        of a new determination: the cost of its latest live quote (the work that
        would have been charged), else the goodwill parts requested or issued.
        Costing extends it."""
        self.ensure_one()
        quote = (
            self.sudo()
            .quote_ids.filtered(lambda q: q.state in ("draft", "sent", "confirmed"))
            .sorted("id", reverse=True)[:1]
        )
        return quote.amount_cost or self._parts_goodwill_value(to_issue=True)

    def _signoff_approved(self):
        """The latest approved (not cancelled) determination of this request."""
        self.ensure_one()
        return (
            self.sudo()
            .responsibility_ids.filtered(lambda d: d.state == "approved")
            .sorted("id", reverse=True)[:1]
        )

    def _signoff_free_cost_blockers(self, amount, free_parts=False):
        """Why a free cost of ``amount`` (company currency) may not be given or
        booked now: translated reasons, empty when allowed (R-APR-3). Called by
        the parts gates and by the free cost booking. ``free_parts``: free parts
        the warranty does not cover are given, whatever their cost: they need
        the approved determination even at 0. Nothing is needed when ``amount``
        is no more than the company's de-minimis amount (when set, > 0)."""
        self.ensure_one()
        currency = self.company_id.currency_id
        if not free_parts and currency.compare_amounts(amount, 0.0) <= 0:
            return []
        if self._signoff_below_de_minimis(amount):
            return []
        approved = self._signoff_approved()
        if not approved:
            return [
                self.env._(
                    "Free work worth %(amount)s on %(ticket)s needs an approved "
                    "responsibility determination first.",
                    amount=self._signoff_format(amount),
                    ticket=self.display_name,
                )
            ]
        if currency.compare_amounts(amount, approved.amount) > 0:
            return [
                self.env._(
                    "Free work worth %(amount)s is more than the %(approved)s "
                    "approved by %(determination)s: a larger amount needs a new "
                    "determination.",
                    amount=self._signoff_format(amount),
                    approved=self._signoff_format(approved.amount),
                    determination=approved.name,
                )
            ]
        return []

    def _signoff_below_de_minimis(self, amount):
        """The company lets free work worth no more than its de-minimis amount
        go without a determination (0, the default: it lets nothing go)."""
        self.ensure_one()
        currency = self.company_id.currency_id
        de_minimis = self.company_id.after_sales_signoff_de_minimis
        return (
            currency.compare_amounts(de_minimis, 0.0) > 0
            and currency.compare_amounts(amount, de_minimis) <= 0
        )

    @staticmethod
    def _signoff_free_parts(lines):
        """Whether ``lines`` (requisition or purchase plan lines) give parts
        free that the warranty does not cover."""
        return bool(
            lines
            and lines.filtered(
                lambda line: not line.chargeable and not line.warranty_free
            )
        )

    def _signoff_has_free_parts(self):
        """The request has live requisition lines giving parts free that the
        warranty does not cover: a determination may be made for them even
        when they cost nothing."""
        self.ensure_one()
        return bool(
            self.env["after_sales.parts.requisition.line"]
            .sudo()
            .search_count(
                [
                    ("ticket_id", "=", self.id),
                    ("chargeable", "=", False),
                    ("warranty_free", "=", False),
                    ("state", "!=", "cancelled"),
                ],
                limit=1,
            )
        )

    def _parts_issue_blockers(self, free_amount, chargeable_amount, lines=None):
        reasons = super()._parts_issue_blockers(
            free_amount, chargeable_amount, lines=lines
        )
        return reasons + self._signoff_free_cost_blockers(
            free_amount, free_parts=self._signoff_free_parts(lines)
        )

    def _parts_purchase_blockers(self, free_amount, chargeable_amount, lines=None):
        reasons = super()._parts_purchase_blockers(
            free_amount, chargeable_amount, lines=lines
        )
        return reasons + self._signoff_free_cost_blockers(
            free_amount, free_parts=self._signoff_free_parts(lines)
        )

    def _signoff_final_approval_date(self):
        """The day (company time zone) of the last signature of the request's
        latest approved determination, or ``False``: the purchase plan is due
        the day after it (000 §3.4.2)."""
        self.ensure_one()
        approved = self._signoff_approved()
        if not approved.approved_at:
            return False
        tz = self.env["after_sales.work.log"]._after_sales_tz(self.company_id)
        return periods.local_date(approved.approved_at, tz)

    def _signoff_format(self, amount):
        currency = self.company_id.currency_id
        return f"{currency.round(amount):.{currency.decimal_places}f}"
