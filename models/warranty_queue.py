# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AfterSalesWarrantyQueue(models.Model):
    """A request waiting to be determined again after a policy edit (R-WAR-8).

    A narrow table rather than a flag on the request: marking thousands of
    requests is one ``INSERT … SELECT``, and the cron claims a batch with one
    ``DELETE … RETURNING`` (``FOR UPDATE SKIP LOCKED``, so that two workers
    share it), without rewriting the wide request rows twice. Written and read
    in SQL by ``helpdesk.ticket._warranty_queue`` and
    ``_warranty_redetermine_pending`` only; administrators may read it.
    """

    _name = "after_sales.warranty.queue"
    _description = "Warranty Re-determination Queue"
    _log_access = False

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")

    @api.depends("ticket_id")
    def _compute_display_name(self):
        """Its title (R-X-1): the request waiting to be determined again."""
        for row in self:
            row.display_name = row.ticket_id.display_name

    _sql_constraints = [
        (
            "ticket_unique",
            "UNIQUE(ticket_id)",
            "A service request is queued once.",
        ),
    ]
