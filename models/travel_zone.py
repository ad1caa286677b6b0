# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import SERVICE_ZONES


class AfterSalesTravelZone(models.Model):
    """A fixed travel cost per distance zone (路程区间, R-ACC-1).

    A zone tied to a request's distance zone (``distance_zone``: 市区 city,
    ≤20 km, >20 km, registered on the request, R-IN-1) prices the trips of the
    requests in that zone, whatever kilometres the record notes: the request and
    its travel charge say the same zone. Otherwise a done service record whose
    travel distance lies in a zone of its company tied to no request zone
    (``distance_from`` < distance ≤ ``distance_to``) costs that zone's fixed
    amount; outside every zone it costs the distance × the company's rate per km.
    The zones of a company never overlap, and a request zone has one tariff at
    most. Managers and finance keep them; every internal user reads them."""

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
    distance_zone = fields.Selection(
        SERVICE_ZONES,
        string="Request Zone",
        help="The requests registered in this distance zone pay this zone's "
        "fixed amount per trip, whatever distance the service record notes. "
        "Empty: the zone prices the records by their distance.",
    )
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

    @api.constrains(
        "distance_from",
        "distance_to",
        "amount",
        "company_id",
        "active",
        "distance_zone",
    )
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
                if (
                    other != zone
                    and other.company_id == zone.company_id
                    and zone.distance_zone
                    and other.distance_zone == zone.distance_zone
                ):
                    raise ValidationError(
                        self.env._(
                            "Travel zones %(zone)s and %(other)s both price the "
                            "requests of zone %(request_zone)s: a request zone has "
                            "one fixed amount at most.",
                            zone=zone.name,
                            other=other.name,
                            request_zone=dict(
                                self._fields["distance_zone"]._description_selection(
                                    self.env
                                )
                            )[zone.distance_zone],
                        )
                    )

    @api.model
    def _zone_for(self, company, distance, distance_zone=False):
        """The active zone of ``company`` that prices a trip: the one tied to
        the request's ``distance_zone``, else the one tied to no request zone
        that the distance lies in, else nothing (priced per km)."""
        zones = self.sudo()
        if distance_zone:
            zone = zones.search(
                [
                    ("company_id", "=", company.id),
                    ("distance_zone", "=", distance_zone),
                ],
                limit=1,
            )
            if zone:
                return zone
        return zones.search(
            [
                ("company_id", "=", company.id),
                ("distance_zone", "=", False),
                ("distance_from", "<", distance),
                ("distance_to", ">=", distance),
            ],
            limit=1,
        )
