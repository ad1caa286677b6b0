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


class AccountMoveLine(models.Model):
    """A vendor bill line may name the service request it was bought for: it
    becomes a third-party cost of the request (R-ACC-1)."""

    _inherit = "account.move.line"

    after_sales_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        help="The service request this vendor bill line was bought for: its "
        "untaxed amount becomes a third-party cost of the request.",
    )
