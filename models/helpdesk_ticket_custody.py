# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """Customer units of a request in the company's custody (送修, R-REC-7): its
    carry-in receipts; a request is not closed while its unit is still here."""

    _inherit = "helpdesk.ticket"

    custody_ids = fields.One2many(
        "after_sales.custody",
        "ticket_id",
        string="Carry-in Receipts",
        groups="base.group_user",
    )
    custody_count = fields.Integer(
        string="Carry-in Units",
        compute="_compute_custody_count",
        groups="base.group_user",
    )

    @api.depends("custody_ids")
    def _compute_custody_count(self):
        for ticket in self:
            ticket.custody_count = len(ticket.custody_ids)

    def write(self, vals):
        self._check_input_bounds(vals)  # before the stage is read
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                self._custody_check_none_held()
        return super().write(vals)

    def _custody_check_none_held(self):
        """Guard of ``write``: a request is not closed while the customer's unit
        is in the company's custody; it is handed back first."""
        held = (
            self.env["after_sales.custody"]
            .sudo()
            .search([("ticket_id", "in", self.ids), ("state", "=", "received")])
        )
        for custody in held:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be closed while the customer's unit is in "
                    "the company's custody (receipt %(receipt)s): hand it back "
                    "first.",
                    ticket=custody.ticket_id.display_name,
                    receipt=custody.name,
                )
            )

    def action_view_custodies(self):
        """Smart button: the carry-in receipts of this request."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.custody_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action
