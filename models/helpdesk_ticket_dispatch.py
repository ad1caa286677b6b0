# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import dispatch


class HelpdeskTicketDispatch(models.Model):
    """Dispatch of the service request (R-IN-4).

    The supervisor assigns the engineer (``user_id``, helpdesk's own field and
    behaviour). A team may dispatch by round-robin: the button "Dispatch" and new
    requests without an engineer take the next available engineer of the team's
    rotation who has the skill (``tools/dispatch.py``).
    """

    _inherit = "helpdesk.ticket"

    can_dispatch = fields.Boolean(compute="_compute_can_dispatch")

    @api.depends("team_id.dispatch_round_robin", "user_id", "stage_id.closed")
    def _compute_can_dispatch(self):
        for ticket in self:
            ticket.can_dispatch = (
                ticket.team_id.dispatch_round_robin
                and not ticket.user_id
                and not ticket.closed
            )

    def action_dispatch(self):
        """Button "Dispatch" (supervisors): assign the next engineer in turn; a
        translated ``UserError`` says why when nobody can take the request."""
        self.ensure_one()
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise AccessError(
                self.env._("Only service supervisors dispatch service requests.")
            )
        self._check_can_dispatch()
        result = self._dispatch_round_robin()
        if not result.dispatched:
            raise UserError(
                self.env._(
                    "Nobody in the dispatch rotation of %(team)s can take "
                    "%(ticket)s now:\n%(reasons)s",
                    team=self.team_id.display_name,
                    ticket=self.display_name,
                    reasons=self._dispatch_skip_text(result) or self.env._("no one"),
                )
            )
        return True

    def _check_can_dispatch(self):
        for ticket in self:
            if not ticket.can_dispatch:
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be dispatched by round-robin: its team "
                        "does not dispatch by round-robin, an engineer is already "
                        "assigned or the request is closed.",
                        ticket=ticket.display_name,
                    )
                )

    def _dispatch_on_create(self):
        """Called by ``create``: new requests of a round-robin team without an
        engineer are dispatched; when nobody can take one, it stays unassigned
        with a note in the chatter."""
        for ticket in self.filtered("can_dispatch"):
            result = ticket._dispatch_round_robin()
            if not result.dispatched:
                ticket.message_post(
                    body=self.env._(
                        "Round-robin dispatch found nobody available; the request "
                        "waits for the supervisor. %(reasons)s",
                        reasons=ticket._dispatch_skip_text(result),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _dispatch_round_robin(self):
        """Gather the rotation, call ``tools.dispatch.choose_engineer`` and store
        the outcome: the engineer, the team's pointer, the owed turns. Returns the
        ``tools.dispatch.Dispatch``."""
        self.ensure_one()
        team = self.team_id
        # The rotation and its pointer are shared state the dispatcher (a clerk
        # on create, a supervisor) may not write: only the outcome is written.
        members = team.sudo().dispatch_member_ids
        now = fields.Datetime.now()
        result = dispatch.choose_engineer(
            members._dispatch_members(now),
            team.sudo().dispatch_last_member_id.id or None,
            self._dispatch_need(),
        )
        if not result.dispatched:
            return result
        chosen = members.browse(result.chosen_id)
        for member in members:
            owed = member.id in result.owed_ids
            if member.owes_turn != owed:
                member.owes_turn = owed
        if result.pointer_id != team.sudo().dispatch_last_member_id.id:
            team.sudo().dispatch_last_member_id = result.pointer_id
        self.user_id = chosen.user_id
        body = self.env._(
            "Dispatched by round-robin to %(engineer)s.", engineer=chosen.user_id.name
        )
        if result.skips:
            body = self.env._(
                "%(dispatched)s Passed over: %(reasons)s",
                dispatched=body,
                reasons=self._dispatch_skip_text(result),
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return result

    def _dispatch_need(self):
        """What the request needs: its product category with its parents (the
        member's categories cover their subcategories) and its service type."""
        self.ensure_one()
        category = self.product_id.categ_id
        path = []
        while category:
            path.append(category.id)
            category = category.parent_id
        return dispatch.Need(
            category_path=tuple(path),
            service_type_id=self.service_type_id.id or None,
        )

    def _dispatch_skip_text(self, result):
        """The passed-over engineers and why, one per line, translated."""
        reasons = {
            dispatch.NO_CATEGORY_SKILL: self.env._("no skill for the product"),
            dispatch.NO_SERVICE_TYPE_SKILL: self.env._("no skill for the service type"),
            dispatch.ON_LEAVE: self.env._("on leave"),
            dispatch.ON_JOB: self.env._("out on another job"),
            dispatch.NOT_IN_TEAM: self.env._("no longer in the team"),
        }
        members = self.env["after_sales.dispatch.member"].sudo()
        return "\n".join(
            self.env._(
                "%(engineer)s: %(reason)s",
                engineer=members.browse(skip.member_id).user_id.name,
                reason=reasons.get(skip.detail or skip.reason, skip.reason),
            )
            for skip in result.skips
        )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._dispatch_on_create()
        return tickets
