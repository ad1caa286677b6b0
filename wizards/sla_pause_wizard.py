# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..models.const import PAUSE_REASONS


class AfterSalesSlaPauseWizard(models.TransientModel):
    """The "Pause" button of a request: ask the documented reason (R-SLA-3)."""

    _name = "after_sales.sla.pause.wizard"
    _description = "Pause Deadlines"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    reason = fields.Selection(PAUSE_REASONS, required=True)
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._do_sla_pause(self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}
