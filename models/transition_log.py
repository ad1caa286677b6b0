# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class AfterSalesTransitionLog(models.Model):
    """The title of a history row (R-X-1): the document and its move, in the
    reader's language (the model itself lives with the transition layer,
    ``frozen_mixin.py``)."""

    _inherit = "after_sales.transition.log"

    @api.depends("res_model", "res_id", "from_state", "to_state")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for log in self:
            move = " → ".join(filter(None, (log.from_label, log.to_label)))
            log.display_name = " · ".join(
                filter(None, (log.document_name or log.document_type, move))
            )
