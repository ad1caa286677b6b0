# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANALYTIC_GROUP = "analytic.group_analytic_accounting"


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team with an optional round-robin dispatch rotation (R-IN-4).

    Only helpdesk managers edit teams; the rotation lines are managed by supervisors
    (``after_sales.dispatch.member``). The pointer ``dispatch_last_member_id`` is
    moved by the dispatch itself, whoever dispatches.
    """

    _inherit = "helpdesk.ticket.team"

    dispatch_round_robin = fields.Boolean(
        string="Round-robin Dispatch",
        help="New requests of this team without an engineer go to the next available "
        "engineer of the dispatch rotation who has the needed skill.",
    )
    dispatch_member_ids = fields.One2many(
        "after_sales.dispatch.member", "team_id", string="Dispatch Rotation"
    )
    dispatch_last_member_id = fields.Many2one(
        "after_sales.dispatch.member",
        string="Last Dispatched",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The rotation continues after this engineer.",
    )
    # The books (R-ACC-4): the analytic distribution of the team's costs and
    # invoices, as sale and purchase lines carry theirs (analytic.mixin).
    after_sales_analytic_distribution = fields.Json(
        string="Analytic Distribution",
        copy=True,
        help="Analytic accounts of the service costs booked and the customer "
        "invoices of this team's requests (where the company uses analytic "
        "accounting).",
    )
    analytic_precision = fields.Integer(
        store=False,
        default=lambda self: self.env["decimal.precision"].precision_get(
            "Percentage Analytic"
        ),
    )

    @api.constrains("after_sales_analytic_distribution")
    def _check_after_sales_analytic_distribution(self):
        Account = self.env["account.analytic.account"].sudo()
        for team in self:
            distribution = team.after_sales_analytic_distribution or {}
            if not isinstance(distribution, dict):
                raise ValidationError(
                    self.env._("The analytic distribution is invalid.")
                )
            for key, share in distribution.items():
                try:
                    ids = [int(part) for part in str(key).split(",")]
                    share = float(share)
                except (TypeError, ValueError) as error:
                    raise ValidationError(
                        self.env._("The analytic distribution is invalid.")
                    ) from error
                accounts = Account.browse(ids).exists()
                if len(accounts) != len(set(ids)) or not 0 <= share <= 100:
                    raise ValidationError(
                        self.env._("The analytic distribution is invalid.")
                    )
                if team.company_id and any(
                    account.company_id and account.company_id != team.company_id
                    for account in accounts
                ):
                    raise ValidationError(
                        self.env._(
                            "The analytic distribution of %(team)s names an "
                            "analytic account of another company.",
                            team=team.name,
                        )
                    )

    def _after_sales_analytic_distribution(self):
        """The team's distribution where the company uses analytic accounting
        (Odoo's setting: the analytic accounting group), else ``False``."""
        self.ensure_one()
        if not self.env.user.has_group(ANALYTIC_GROUP):
            return False
        return self.after_sales_analytic_distribution or False
