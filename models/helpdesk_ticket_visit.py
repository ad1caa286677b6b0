# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .frozen_mixin import Transition

# The requisitions still open: their parts are not settled yet.
OPEN_REQUISITION_STATES = ("draft", "requested", "approved", "partial", "issued")


class HelpdeskTicketVisit(models.Model):
    """The visits of the service request (R-REC-1, R-REC-4, R-WAR-5a).

    Its field service records, whether it was fixed the first time — by one
    visit, not partial, and not reworked soon after — and the rework link
    between a request and the earlier one whose repair did not hold. A request
    takes no new visit once closed, and is not closed while a visit is under
    way (``_visit_*`` helpers).

    The stage follows the visits (R-REC-1, R-SLA-1): in progress once an
    engineer arrived or a record started, done once a visit's result is
    confirmed and nothing of the request is still open (records, parts
    requisitions, the unit in custody). It only moves forward; the move is in
    the chatter by the stage's tracking.
    """

    _inherit = "helpdesk.ticket"
    _transitions = {
        "visit_progress": Transition(),
        "visit_done": Transition(),
    }

    service_record_ids = fields.One2many(
        "after_sales.service.record", "ticket_id", string="Service Records"
    )
    service_record_count = fields.Integer(compute="_compute_service_record_count")
    first_time_fix = fields.Boolean(
        string="First-Time Fix",
        compute="_compute_first_time_fix",
        store=True,
        help="Resolved by its first visit, without a follow-up visit, and the fault "
        "did not come back within the rework window.",
    )
    # Rework (R-WAR-5a): the fault came back soon after an earlier repair of the
    # unit; the earlier request was then not fixed the first time.
    rework_of_id = fields.Many2one(
        "helpdesk.ticket",
        compute="_compute_rework_of_id",
        store=True,
        index="btree_not_null",
        help="The earlier request whose repair of this unit did not hold.",
    )
    reworked_by_ids = fields.One2many("helpdesk.ticket", "rework_of_id")

    @api.depends("service_record_ids")
    def _compute_service_record_count(self):
        groups = self.env["after_sales.service.record"]._read_group(
            [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.service_record_count = counts.get(ticket.id, 0)

    @api.depends(
        "service_record_ids.state", "service_record_ids.result", "reworked_by_ids"
    )
    def _compute_first_time_fix(self):
        for ticket in self:
            done = ticket.service_record_ids.filtered(lambda r: r.state == "done")
            ticket.first_time_fix = (
                len(done) == 1
                and done.result != "partial"
                and not ticket.reworked_by_ids
            )

    @api.depends("warranty_determination_id.is_rework", "lot_id", "registered_at")
    def _compute_rework_of_id(self):
        """The request of the last finished visit on the same unit before this
        one was registered, when the warranty engine found this is rework."""
        Record = self.env["after_sales.service.record"].sudo()
        for ticket in self:
            rework = ticket.sudo().warranty_determination_id.is_rework
            if not (rework and ticket.lot_id and ticket.registered_at):
                ticket.rework_of_id = False
                continue
            last = Record.search(
                [
                    ("lot_id", "=", ticket.lot_id.id),
                    ("ticket_id", "!=", ticket.id or False),
                    ("state", "=", "done"),
                    ("end_datetime", "<=", ticket.registered_at),
                ],
                order="end_datetime desc",
                limit=1,
            )
            ticket.rework_of_id = last.ticket_id

    def _ensure_open_for_service_records(self):
        """Guard of service record creation: no visit on a closed request."""
        for ticket in self:
            if ticket.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is closed (%(stage)s): no new service record can "
                        "be added to it.",
                        ticket=ticket.display_name,
                        stage=ticket.stage_id.name,
                    )
                )

    def _visit_check_none_under_way(self):
        """Guard of ``write``: a request is not closed while an engineer is on
        site; the visit is closed (or cancelled) first (R-REC-1)."""
        self._intake_lock()
        for ticket in self:
            if any(r.state == "in_progress" for r in ticket.service_record_ids):
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be closed while its visit is in "
                        "progress: close or cancel the service record first.",
                        ticket=ticket.display_name,
                    )
                )

    def _visit_follow_stage(self):
        """Move the requests' stage forward to what their visits say: done, else
        in progress. Called when a record or a parts requisition changes state,
        or an arrival is recorded; as the system (the facts decide, not the
        user's right to move stages), the tracking names the user. The requests
        going to the same stage move in one write (a batch of records)."""
        moves = defaultdict(lambda: self.sudo().browse())
        for ticket in self.sudo().exists():
            for name in ("visit_done", "visit_progress"):
                if not ticket._transition_reason(name):
                    moves[name, ticket._visit_stage(name)] |= ticket
                    break
        for (name, stage), tickets in moves.items():
            tickets._begin_transition(name)._transition_write({"stage_id": stage.id})

    def _visit_stage(self, name):
        """The stage transition ``name`` leads to, among the team's stages."""
        self.ensure_one()
        if name == "visit_done":
            return self._intake_done_stage()
        progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        if self._visit_stage_applies(progress):
            return progress  # read in memory: a batch of records searches nothing
        stages = self.team_id._get_applicable_stages()
        return stages.filtered(lambda s: not s.closed and not s.unattended)[:1]

    def _visit_stage_applies(self, stage):
        """``stage`` is among the team's (``_get_applicable_stages``' rule)."""
        team = self.team_id
        company = team.company_id if team else self.env.company
        return (
            stage.active
            and (not stage.company_id or stage.company_id == company)
            and (not stage.team_ids or (team and team in stage.team_ids))
        )

    def _visit_forward_reason(self, stage):
        """Why the request does not move to ``stage``: a stage never goes back,
        and a closed request stays closed."""
        if not stage:
            return self.env._("The team has no such stage.")
        if self.stage_id.closed or (
            self.stage_id and self.stage_id.sequence >= stage.sequence
        ):
            return self.env._(
                "%(ticket)s is already %(stage)s.",
                ticket=self.display_name,
                stage=self.stage_id.name,
            )
        return False

    def _guard_visit_progress(self):
        """In progress: an engineer arrived, or a record started."""
        started = self.service_record_ids.filtered(
            lambda r: r.actual_arrival or r.state in ("in_progress", "done")
        )
        if not started:
            return self.env._("No engineer has arrived yet.")
        return self._visit_forward_reason(self._visit_stage("visit_progress"))

    def _guard_visit_done(self):
        """Done: a visit's result is confirmed (not partial), and no record,
        parts requisition or custody of the unit is still open."""
        records = self.service_record_ids
        if not records.filtered(lambda r: r.state == "done" and r.result != "partial"):
            return self.env._("No visit's result is confirmed yet.")
        if records.filtered(lambda r: r.state in ("draft", "in_progress")):
            return self.env._("A service record is still open.")
        requisitions = self.env["after_sales.parts.requisition"].search_count(
            [("ticket_id", "=", self.id), ("state", "in", OPEN_REQUISITION_STATES)]
        )
        if requisitions:
            return self.env._("A parts requisition is still open.")
        custody = self.env["after_sales.custody"].search_count(
            [("ticket_id", "=", self.id), ("state", "=", "received")]
        )
        if custody:
            return self.env._("The customer's unit is still in custody.")
        return self._visit_forward_reason(self._visit_stage("visit_done"))

    def action_view_service_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.service_record_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def write(self, vals):
        self._check_input_bounds(vals)  # before the stage is read
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                self._visit_check_none_under_way()
        return super().write(vals)
