# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dataclasses import replace

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools import dispatch
from .frozen_mixin import Transition


class HelpdeskTicketDispatch(models.Model):
    """Dispatch of the service request (R-IN-4).

    The supervisor assigns the engineer (``user_id``, helpdesk's own field and
    behaviour). A team may dispatch by round-robin: the button "Dispatch" and new
    requests without an engineer take the next available engineer of the team's
    rotation who has the skill (``tools/dispatch.py``).
    """

    _inherit = "helpdesk.ticket"
    _transitions = {
        "dispatch": Transition((), None, ("after_sales_service.group_supervisor",))
    }

    can_dispatch = fields.Boolean(
        compute="_compute_transitions",
        depends=["team_id.dispatch_round_robin", "user_id", "stage_id.closed"],
    )
    cannot_dispatch_reason = fields.Char(compute="_compute_transitions")

    def _guard_dispatch(self):
        if self.closed:
            return self.env._("%(ticket)s is closed.", ticket=self.display_name)
        if self.user_id:
            return self.env._(
                "%(ticket)s is already assigned to %(engineer)s.",
                ticket=self.display_name,
                engineer=self.user_id.name,
            )
        if not self.team_id.dispatch_round_robin:
            return self.env._(
                "The team of %(ticket)s does not dispatch by round-robin: "
                "assign the engineer by hand.",
                ticket=self.display_name,
            )
        return False

    def action_dispatch(self):
        """Button "Dispatch" (supervisors): assign the next engineer in turn; a
        translated ``UserError`` says why when nobody can take the request."""
        self.ensure_one()
        self._check_transition("dispatch")  # the role first: an AccessError
        self._intake_lock()  # two supervisors at once: the second sees the first
        self._check_transition("dispatch")
        self._do_dispatch(raise_if_nobody=True)
        return True

    def _do_dispatch(self, raise_if_nobody=False):
        """Dispatch the requests by their teams' rotations, in order.

        Per team, the rotation and the availability of its engineers are read
        once, the choices are made in turn in memory (``tools.dispatch``), and
        the outcome is written at once: the engineers (one write per engineer),
        the team's pointer and owed turns, one note per request. Called by the
        "Dispatch" button and by ``create``. A request nobody can take stays
        unassigned with a note, or raises with ``raise_if_nobody``.
        """
        now = fields.Datetime.now()
        notes = {}
        for team, tickets in self.grouped("team_id").items():
            # The rotation and its pointer are shared state the dispatcher (a
            # clerk on create, a supervisor) may not write: only the outcome is.
            members = team.sudo().dispatch_member_ids
            rotation = members._dispatch_members(now)
            pointer = team.sudo().dispatch_last_member_id.id or None
            chosen_by_user = {}
            for ticket in tickets:
                result = dispatch.choose_engineer(
                    rotation, pointer, ticket._dispatch_need()
                )
                if not result.dispatched:
                    if raise_if_nobody:
                        raise UserError(
                            self.env._(
                                "Nobody in the dispatch rotation of %(team)s can "
                                "take %(ticket)s now:\n%(reasons)s",
                                team=team.display_name,
                                ticket=ticket.display_name,
                                reasons=ticket._dispatch_skip_text(result, members)
                                or self.env._("no one"),
                            )
                        )
                    notes[ticket] = self.env._(
                        "Round-robin dispatch found nobody available; the request "
                        "waits for the supervisor. %(reasons)s",
                        reasons=ticket._dispatch_skip_text(result, members),
                    )
                    continue
                pointer = result.pointer_id
                rotation = [replace(m, owed=m.id in result.owed_ids) for m in rotation]
                engineer = members.browse(result.chosen_id).user_id
                chosen_by_user.setdefault(engineer, []).append(ticket.id)
                body = self.env._(
                    "Dispatched by round-robin to %(engineer)s.",
                    engineer=engineer.name,
                )
                if result.skips:
                    body = self.env._(
                        "%(dispatched)s Passed over: %(reasons)s",
                        dispatched=body,
                        reasons=ticket._dispatch_skip_text(result, members),
                    )
                notes[ticket] = body
            # mail's "you have been assigned" notice goes out as for the form's
            # field, whether the dispatcher has an e-mail address or not
            # (models/mail_thread.py).
            for engineer, ticket_ids in chosen_by_user.items():
                self.browse(ticket_ids).write({"user_id": engineer.id})
            owed = {m.id for m in rotation if m.owed}
            for member in members:
                if member.owes_turn != (member.id in owed):
                    member.owes_turn = member.id in owed
            if pointer != (team.sudo().dispatch_last_member_id.id or None):
                team.sudo().dispatch_last_member_id = pointer
        if notes:
            tickets = self.browse([ticket.id for ticket in notes])
            tickets._message_log_batch(
                bodies={t.id: plaintext2html(body) for t, body in notes.items()}
            )

    def _dispatch_on_create(self):
        """Called by ``create``: new requests of a round-robin team without an
        engineer are dispatched; when nobody can take one, it stays unassigned
        with a note in the chatter (whoever registers them: the rotation
        dispatches, not the clerk)."""
        self.filtered(lambda ticket: not ticket._guard_dispatch())._do_dispatch()

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

    def _dispatch_skip_text(self, result, members):
        """The passed-over engineers and why, one per line, translated."""
        reasons = {
            dispatch.NO_CATEGORY_SKILL: self.env._("no skill for the product"),
            dispatch.NO_SERVICE_TYPE_SKILL: self.env._("no skill for the service type"),
            dispatch.ON_LEAVE: self.env._("on leave"),
            dispatch.ON_JOB: self.env._("out on another job"),
            dispatch.NOT_IN_TEAM: self.env._("no longer in the team"),
        }
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
