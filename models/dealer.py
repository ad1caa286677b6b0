# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dealer's side of the other documents (经销商送修, R-IN-6): the dealer
flag of the partner, the checks on the carry-in receipt, the transport damage
in the warranty decision and the deadline of the expected cycle."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

APPEARANCES = [
    ("good", "Good"),
    ("scratched", "Scratched"),
    ("damaged", "Damaged"),
]
FUNCTION_CHECKS = [("normal", "Normal"), ("abnormal", "Abnormal")]


class ResPartnerDealer(models.Model):
    _inherit = "res.partner"

    is_dealer = fields.Boolean(
        string="Dealer",
        help="A dealer (经销商): its portal users send units in for after-sales "
        "service from the dealer portal.",
    )


class AfterSalesCustodyDealer(models.Model):
    """The receiving checks of a carry-in receipt (003 XX电器产品售后管理表
    items 9–10): the appearance and the function of the unit, with photos; a
    dealer's unit is received only once both are recorded. A unit damaged in
    transport is flagged on its request before any warranty decision."""

    _inherit = "after_sales.custody"

    appearance = fields.Selection(
        APPEARANCES,
        string="Appearance on Receipt",
        tracking=True,
    )
    transport_damage = fields.Boolean(
        string="Damaged in Transport",
        tracking=True,
        help="The damage comes from the transport to the service point: the "
        "warranty decision waits for a supervisor.",
    )
    function_check = fields.Selection(FUNCTION_CHECKS, tracking=True)
    function_notes = fields.Char(
        string="Function Check Notes", help="What does not work."
    )
    appearance_photo_ids = fields.Many2many(
        "ir.attachment",
        "after_sales_custody_photo_rel",
        "custody_id",
        "attachment_id",
        string="Photos on Receipt",
    )
    is_dealer_unit = fields.Boolean(
        string="Dealer's Unit", related="ticket_id.dealer_portal"
    )
    can_receive = fields.Boolean(
        compute="_compute_transitions",
        depends=[
            "state",
            "ticket_id.stage_id",
            "partner_id",
            "product_id",
            "lot_id",
            "appearance",
            "function_check",
            "function_notes",
        ],
    )

    @api.constrains("transport_damage", "appearance")
    def _check_transport_damage(self):
        for custody in self:
            if custody.transport_damage and custody.appearance != "damaged":
                raise ValidationError(
                    self.env._(
                        "%(receipt)s: a unit damaged in transport has its "
                        "appearance recorded as damaged.",
                        receipt=custody.display_name,
                    )
                )

    def _guard_receive(self):
        """A dealer's unit is received with its appearance and function checked."""
        reason = super()._guard_receive()
        if reason or not self.ticket_id.dealer_portal:
            return reason
        if not self.appearance:
            return self.env._("Record the appearance of the unit first.")
        if not self.function_check:
            return self.env._("Record the function check of the unit first.")
        if (
            self.function_check == "abnormal"
            and not (self.function_notes or "").strip()
        ):
            return self.env._("Note what does not work in the function check.")
        return False

    def action_receive(self):
        """A dealer's unit whose serial the company did not know yet: the serial
        the dealer typed is created for the unit's product as it is received
        (the keeper, who holds the unit, may correct it on the receipt first)."""
        self._dealer_prepare_lot()
        return super().action_receive()

    def _dealer_prepare_lot(self):
        self.check_access("write")
        for custody in self.filtered(
            lambda c: c.state == "draft"
            and not c.lot_id
            and c.needs_lot
            and c.ticket_id.dealer_portal
            and c.ticket_id.equipment_code
            and c.product_id == c.ticket_id.product_id
        ):
            Lot = self.env["stock.lot"].sudo()
            name = custody.ticket_id.equipment_code
            lot = Lot.search(
                [
                    ("name", "=", name),
                    ("product_id", "=", custody.product_id.id),
                    ("company_id", "in", (False, custody.company_id.id)),
                ],
                limit=1,
            ) or Lot.create(
                {
                    "name": name,
                    "product_id": custody.product_id.id,
                    "company_id": custody.company_id.id,
                }
            )
            custody.lot_id = lot

    def _do_receive(self):
        result = super()._do_receive()
        self._dealer_after_move()
        return result

    def _do_hand_back(self, receipt_number, handed_back_to=None):
        result = super()._do_hand_back(receipt_number, handed_back_to)
        self._dealer_after_move()
        return result

    def _dealer_after_move(self):
        """The unit arrived or went back: its request's cycle deadline starts
        or is met, and a transport damage enters the warranty decision."""
        tickets = self.ticket_id.sudo().filtered("dealer_portal")
        if not tickets:
            return
        for custody in self.sudo():
            ticket = custody.ticket_id
            # The serial the dealer typed, now known: the request's unit.
            if (
                ticket.dealer_portal
                and not ticket.lot_id
                and custody.lot_id
                and custody.lot_id.product_id == ticket.product_id
            ):
                ticket.write({"lot_id": custody.lot_id.id})
        tickets._sla_sync_deadlines()
        tickets._warranty_update()


class AfterSalesTicketDeadlineDealer(models.Model):
    _inherit = "after_sales.ticket.deadline"

    @api.model
    def _sync_extra_deadlines(self, ticket, pauses, now, calendars):
        result = super()._sync_extra_deadlines(ticket, pauses, now, calendars)
        vals = ticket._dealer_deadline_vals(pauses, now, calendars)
        if vals:
            result.append(("dealer_return", vals))
        return result


class AfterSalesWarrantyDeterminationDealer(models.Model):
    _inherit = "after_sales.warranty.determination"

    @api.model
    def _prepare_determination_vals(self, ticket, policy, result):
        """A unit damaged in transport: the decision is provisional until a
        supervisor decides on the damage, whatever the facts say (R-IN-6)."""
        vals = super()._prepare_determination_vals(ticket, policy, result)
        if ticket.dealer_transport_damage and not ticket.dealer_damage_decided:
            vals["needs_supervisor_decision"] = True
        return vals
