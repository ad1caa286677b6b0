# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class HelpdeskTicket(models.Model):
    """Parts of a service request: requisitions, parts status (``_parts_*``)."""

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Gates other features extend (call super and add their reasons)
    # ------------------------------------------------------------------

    def _parts_issue_blockers(self, free_amount, chargeable_amount):
        """Why parts of this request may not be issued now.

        ``free_amount``: company-currency value of the free lines to issue that
        the warranty does not cover (goodwill: needs the responsibility sign-off);
        ``chargeable_amount``: value of the chargeable lines to issue (needs the
        customer's quote confirmation). Returns a list of translated reasons;
        empty means allowed."""
        self.ensure_one()
        return []

    def _parts_purchase_blockers(self, free_amount, chargeable_amount):
        """Why a purchase plan for parts of this request may not be confirmed
        now; same arguments and result as ``_parts_issue_blockers``."""
        self.ensure_one()
        return []
