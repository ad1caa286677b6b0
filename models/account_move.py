# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


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
