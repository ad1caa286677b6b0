# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


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
