# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

# The phones a front-office search reads by their digits (``_search_phone_digits``):
# (index, table, column).
PHONE_DIGIT_INDEXES = [
    ("helpdesk_ticket__contact_phone_digits_index", "helpdesk_ticket", "contact_phone"),
    ("res_partner__as_phone_digits_index", "res_partner", "phone"),
    ("res_partner__as_mobile_digits_index", "res_partner", "mobile"),
]
# What a customer is found by (res.partner's ``_rec_names_search``), by a part
# of a word: (index, column).
PARTNER_TRIGRAM_INDEXES = [
    (f"res_partner__as_{column}_trigram_index", column)
    for column in ("complete_name", "email", "ref", "vat", "company_registry")
]


class HelpdeskTicketScreens(models.Model):
    """What the request's screens need to open as fast at a million requests as
    at ten thousand (issue 24; ``scripts/bench_screens.py`` times them and
    prints their plans, ``tests/test_screen_queries.py`` counts their queries).

    * "Open" (the menu's default filter, the engineer's "my requests", the
      supervisor's board) is ``closed = False``. helpdesk's ``closed`` is related
      to the stage, and searching it gave ``stage_id IN (SELECT …) OR stage_id IS
      NULL``: PostgreSQL cannot use an index for a sub-select under an OR, so the
      open requests were found by reading every request of the company. Here the
      search names the (few) stages: ``stage_id IN (1, 2, 3)`` is a scan of the
      stage index, the backlog's rows only.
    * A phone typed in the search box (``_search_phone_digits``) read the digits
      of every request's and customer's phone: trigram indexes on those digits
      (``init``), and the request's customer by an index on ``partner_id``
      (also the search by customer).
    * The search box's number (``_search_display_name``: number, title,
      customer, serial, equipment code, phone) is a union of one query per way,
      each on its trigram index (here, and on the customer's name, e-mail,
      reference and tax ids), where the OR of them read every request of the
      company.
    """

    _inherit = "helpdesk.ticket"

    partner_id = fields.Many2one(index="btree_not_null")
    # The search box (``_search_display_name``): one trigram index per way a
    # request is found by a part of a word.
    number = fields.Char(index="trigram")
    name = fields.Char(index="trigram")
    partner_name = fields.Char(index="trigram")
    equipment_code = fields.Char(index="trigram")

    closed = fields.Boolean(
        related=False,
        compute="_compute_closed",
        search="_search_closed",
    )

    @api.depends("stage_id.closed")
    def _compute_closed(self):
        for ticket in self:
            ticket.closed = ticket.stage_id.closed

    def _search_closed(self, operator, value):
        # what the web client and the pivot send: =, != and in, not in a list
        if operator in ("=", "!="):
            values = {bool(value)}
        elif operator in ("in", "not in") and isinstance(value, list | tuple | set):
            values = {bool(item) for item in value}
        else:
            raise UserError(
                self.env._("Search whether a request is closed with yes or no.")
            )
        if operator in ("!=", "not in"):
            values = {True, False} - values
        if len(values) != 1:
            return [] if values else [("id", "=", False)]
        closed = values == {True}
        # The stages are configuration; only their ids enter the domain. A
        # request without a stage is open: its "OR stage_id IS NULL" only when
        # one exists, for PostgreSQL reads "stage_id IN (…)" alone from the
        # stage index but ANDs the company's whole index to it under the OR.
        self.env["helpdesk.ticket.stage"].flush_model(["closed"])
        self.flush_model(["stage_id"])
        self.env.cr.execute(
            SQL(
                """SELECT ARRAY(SELECT id FROM helpdesk_ticket_stage
                                 WHERE (closed IS TRUE) = %s ORDER BY id),
                          EXISTS(SELECT FROM helpdesk_ticket WHERE stage_id IS NULL)""",
                closed,
            )
        )
        stage_ids, stageless = self.env.cr.fetchone()
        if closed or not stageless:
            return [("stage_id", "in", stage_ids)]
        return ["|", ("stage_id", "in", stage_ids), ("stage_id", "=", False)]

    def init(self):
        super().init()
        if not self.pool.has_trigram:
            return  # without pg_trgm, the phone search reads every phone
        for name, table, column in PHONE_DIGIT_INDEXES:
            create_index(
                self.env.cr,
                name,
                table,
                [f"(regexp_replace({column}, '[^0-9]', '', 'g')) gin_trgm_ops"],
                method="gin",
            )
        for name, column in PARTNER_TRIGRAM_INDEXES:
            create_index(
                self.env.cr, name, "res_partner", [f"{column} gin_trgm_ops"], "gin"
            )
