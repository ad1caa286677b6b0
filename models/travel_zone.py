# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AfterSalesTravelZone(models.Model):
    """A fixed travel cost per distance zone (路程区间, R-ACC-1).

    A done service record whose travel distance lies in a zone of its company
    (``distance_from`` < distance ≤ ``distance_to``) costs the zone's fixed
    amount; outside every zone it costs the distance × the company's rate per km.
    The zones of a company never overlap. Managers and finance keep them; every
    internal user reads them."""

    _name = "after_sales.travel.zone"
    _inherit = ["after_sales.input.bounds"]
    _description = "Travel Zone"
    _order = "company_id, distance_from, id"
    _check_company_auto = True
    _input_bounds = {
        "distance_from": (0, 100_000),
        "distance_to": (0, 100_000),
        "amount": (0, 100_000_000),
    }

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    distance_from = fields.Float(
        string="From (km)",
        digits=(16, 1),
        help="The zone starts after this distance (exclusive).",
    )
    distance_to = fields.Float(
        string="To (km)",
        digits=(16, 1),
        required=True,
        help="The zone ends at this distance (inclusive).",
    )
    amount = fields.Monetary(
        string="Fixed Amount",
        currency_field="currency_id",
        help="The travel cost of a record whose distance lies in this zone.",
    )

    @api.constrains("distance_from", "distance_to", "amount", "company_id", "active")
    def _check_zone(self):
        for zone in self:
            if zone.distance_from < 0 or zone.distance_from >= zone.distance_to:
                raise ValidationError(
                    self.env._(
                        "Travel zone %(zone)s: the distance from must be at least 0 "
                        "and less than the distance to.",
                        zone=zone.name,
                    )
                )
            if zone.currency_id.compare_amounts(zone.amount, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "Travel zone %(zone)s: the fixed amount cannot be negative.",
                        zone=zone.name,
                    )
                )
        self.flush_model()
        overlapping = self.sudo().search([("company_id", "in", self.company_id.ids)])
        for zone in self.filtered("active"):
            for other in overlapping:
                if (
                    other != zone
                    and other.company_id == zone.company_id
                    and other.distance_from < zone.distance_to
                    and zone.distance_from < other.distance_to
                ):
                    raise ValidationError(
                        self.env._(
                            "Travel zones %(zone)s and %(other)s overlap: a distance "
                            "lies in one zone at most.",
                            zone=zone.name,
                            other=other.name,
                        )
                    )

    @api.model
    def _zone_for(self, company, distance):
        """The active zone of ``company`` the distance lies in, or nothing."""
        return self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("distance_from", "<", distance),
                ("distance_to", ">=", distance),
            ],
            limit=1,
        )
