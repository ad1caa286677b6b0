# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicket(models.Model):
    """Callbacks of the request's services and its satisfaction (R-CB-1, R-CB-2).

    The request carries Odoo's ``rating.mixin``: every answered callback is one
    rating of the request (非常满意 5, 满意 4, 一般 3, 不满意 1), so that Odoo's own
    satisfaction percentage is the department's 满意率. Core's rating texts are
    not shown: the screens read the callback's own four answers.
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

    callback_ids = fields.One2many(
        "after_sales.callback", "ticket_id", string="Callbacks", readonly=True
    )
    callback_count = fields.Integer(compute="_compute_callback_count")

    def _compute_callback_count(self):
        counts = dict(
            self.env["after_sales.callback"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.callback_count = counts.get(ticket, 0)

    def action_view_callbacks(self):
        """Smart button "Callbacks": the callbacks of the request's services."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.callback_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
