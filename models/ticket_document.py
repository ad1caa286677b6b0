# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AfterSalesTicketDocument(models.AbstractModel):
    """A document of one service request (record, appraisal, deadline, pause,
    breach, warranty determination): it belongs to the request's company (R-X-2).

    A document goes with its request (``ondelete="cascade"``); records and
    appraisals, which carry signatures, redefine it as ``restrict``. The company
    follows the request and company-bound relations are checked against it.
    """

    _name = "after_sales.ticket.document"
    _description = "Document of a Service Request"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )

    @api.depends("ticket_id")
    def _compute_company_id(self):
        for document in self:
            document.company_id = document.ticket_id.company_id or self.env.company
