# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import warranty


class HelpdeskTicket(models.Model):
    """Parts of a service request: requisitions, parts status (``_parts_*``)."""

    _inherit = "helpdesk.ticket"

    parts_requisition_ids = fields.One2many(
        "after_sales.parts.requisition", "ticket_id", string="Parts Requisitions"
    )
    parts_requisition_count = fields.Integer(compute="_compute_parts_counts")
    parts_purchase_plan_ids = fields.One2many(
        "after_sales.purchase.plan", "ticket_id", string="Purchase Plans"
    )
    parts_purchase_plan_count = fields.Integer(compute="_compute_parts_counts")
    parts_procurement_group_id = fields.Many2one(
        "procurement.group", string="Procurement Group", copy=False, readonly=True
    )

    @api.depends("parts_requisition_ids", "parts_purchase_plan_ids")
    def _compute_parts_counts(self):
        requisitions = dict(
            self.env["after_sales.parts.requisition"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        plans = dict(
            self.env["after_sales.purchase.plan"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.parts_requisition_count = requisitions.get(ticket, 0)
            ticket.parts_purchase_plan_count = plans.get(ticket, 0)

    def action_view_purchase_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.action_purchase_plan"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_parts_requisitions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.action_parts_requisition"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _parts_ensure_open(self):
        """No new requisition on a closed request (R-X-4)."""
        for ticket in self:
            if ticket.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is closed: no parts can be requested for it.",
                        ticket=ticket.display_name,
                    )
                )

    def _parts_warranty_free(self):
        """The warranty determination has the company pay the parts."""
        self.ensure_one()
        return self.sudo().warranty_parts_payer == warranty.COMPANY

    def _parts_procurement_group(self):
        """The procurement group of the request (one per request, like Odoo's
        ``repair``): its pickings, moves and purchases are grouped by it."""
        self.ensure_one()
        if not self.parts_procurement_group_id:
            group = (
                self.env["procurement.group"]
                .sudo()
                .create(
                    {
                        "name": self.number or self.name,
                        "partner_id": self.commercial_partner_id.id,
                    }
                )
            )
            self.sudo().parts_procurement_group_id = group
        return self.parts_procurement_group_id

    def _parts_goodwill_value(self, to_issue=False):
        """Value of the free parts of this request the warranty does not cover
        (goodwill) that are issued and not returned — and, with ``to_issue``,
        those still to issue on live requisitions: what the responsibility
        sign-off must cover (R-APR-3)."""
        self.ensure_one()
        lines = (
            self.env["after_sales.parts.requisition.line"]
            .sudo()
            .search(
                [
                    ("ticket_id", "=", self.id),
                    ("chargeable", "=", False),
                    ("warranty_free", "=", False),
                    ("state", "!=", "cancelled"),
                ]
            )
        )
        total = 0.0
        for line in lines:
            quantity = line.quantity_out + (line.quantity_to_issue if to_issue else 0)
            total += line.product_uom_id._compute_quantity(
                quantity, line.product_id.uom_id
            ) * (line.unit_cost or line.product_id.standard_price)
        return total

    # ------------------------------------------------------------------
    # Gates other features extend (call super and add their reasons)
    # ------------------------------------------------------------------

    def _parts_issue_blockers(self, free_amount, chargeable_amount, lines=None):
        """Why parts of this request may not be issued now.

        ``free_amount``: company-currency value of the free parts the warranty
        does not cover (goodwill: needs the responsibility sign-off), those to
        issue and those of the request already out;
        ``chargeable_amount``: value of the chargeable lines to issue (needs the
        customer's quote confirmation); ``lines``: the requisition lines to
        issue (their ``quantity_to_issue``): the gates check them part by part,
        whatever their cost. Returns a list of translated reasons; empty means
        allowed."""
        self.ensure_one()
        return []

    def _parts_purchase_blockers(self, free_amount, chargeable_amount, lines=None):
        """Why a purchase plan for parts of this request may not be confirmed
        now; same arguments and result as ``_parts_issue_blockers`` (``lines``:
        the plan's lines, their ``quantity``)."""
        self.ensure_one()
        return []
