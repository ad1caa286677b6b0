# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import costing
from .frozen_mixin import ALL
from .input_bounds import FLOAT_MAX

COST_KINDS = [
    ("parts", "Parts"),
    ("labour", "Labour"),
    ("travel", "Travel"),
    ("third_party", "Third Party"),
    ("other", "Other"),
]
BEARERS = [
    (costing.COMPANY, "Company Warranty Cost"),
    (costing.CUSTOMER, "Customer"),
    (costing.SUPPLIER, "Supplier"),
    (costing.QUALITY_LOSS, "Manufacturing Quality Loss"),
]
COST_STATES = [
    ("draft", "Draft"),
    ("booked", "Booked"),
    ("reversed", "Reversed"),
]
FINANCE = "after_sales_service.group_finance"
# Who reads a cost line's unit cost: a labour line's is the engineer's own rate
# (``after_sales.engineer.rate``), finance's and the managers' to keep.
RATE_READERS = "after_sales_service.group_finance,after_sales_service.group_manager"


class AfterSalesCostLine(models.Model):
    """A cost of a service and who bears it (R-ACC-1).

    Lines are filled from the facts by ``helpdesk.ticket._costing_refresh``:
    parts at the stock valuation of what was used (issued less returned),
    labour as the records' hours × the engineer's, service type's or company's
    rate, travel as a distance zone's fixed amount or the distance × the
    company's rate, third-party work from the posted vendor bill lines that name
    the request (net of their credit notes). The bearer is proposed by
    ``tools.costing`` from the warranty determination, the record's cause and
    responsible party and an approved responsibility determination. Finance
    alone creates, changes (the bearer, before booking; each change is written
    in the request's chatter) and books them; everybody who reads the request
    reads its costs. Booked and reversed lines never change
    (``after_sales.frozen.mixin``).
    """

    _name = "after_sales.cost.line"
    _description = "Service Cost Line"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
    ]
    _order = "ticket_id, sequence, id"
    # A cost is never negative (a correction is a reversal, never a minus line).
    _input_bounds = {
        "quantity": (0, 1_000_000),
        "unit_cost": (0, 100_000_000),
        "amount": (0, FLOAT_MAX),
    }

    # A draft cost follows the facts (and finance); booked or reversed, it is in
    # the books and never changes (R-X-3).
    _state_editable = {"draft": ALL}
    # What an invoice of the cost rests on (R-ACC-3).
    _invoiced_fields = (
        "ticket_id",
        "kind",
        "name",
        "quantity",
        "unit_cost",
        "amount",
        "bearer",
        "supplier_id",
        "product_id",
        "bill_line_id",
    )
    # The state, the entries and the sources (filled from the facts only:
    # a typed line names none; the bill line decides the booking's credit).
    _transition_fields = (
        "state",
        "move_id",
        "source_key",
        "invoice_line_id",
        "requisition_line_id",
        "record_id",
        "bill_line_id",
    )

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True)
    kind = fields.Selection(COST_KINDS, required=True, default="other")
    product_id = fields.Many2one("product.product", check_company=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Hours, kilometres and parts do not add up: no sum when grouped.
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", aggregator=False
    )
    # A labour line's unit cost is the engineer's own rate: finance and the
    # managers read it; the others read the hours and the amount (the
    # request's costs), never the rate itself.
    unit_cost = fields.Monetary(
        currency_field="currency_id", aggregator=False, groups=RATE_READERS
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="In the company currency. Parts: their stock valuation.",
    )
    bearer = fields.Selection(BEARERS, required=True, default=costing.CUSTOMER)
    chargeable = fields.Boolean(compute="_compute_chargeable", store=True)
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier to Claim from",
        check_company=True,
        help="The supplier that bears the cost (a receivable from them).",
    )
    state = fields.Selection(
        COST_STATES, default="draft", required=True, readonly=True, copy=False
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        groups=FINANCE,
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups=FINANCE,
        help="The customer invoice line of this chargeable cost: it is "
        "invoiced once (a cancelled invoice frees it).",
    )
    # Where the cost comes from (never typed twice).
    requisition_line_id = fields.Many2one(
        "after_sales.parts.requisition.line",
        string="Parts Requisition Line",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    record_id = fields.Many2one(
        "after_sales.service.record",
        string="Service Record",
        readonly=True,
        ondelete="restrict",
        check_company=True,
        index="btree_not_null",  # the yearly figures read a year's by record
    )
    bill_line_id = fields.Many2one(
        "account.move.line",
        string="Vendor Bill Line",
        readonly=True,
        ondelete="restrict",
        check_company=True,
        help="The vendor bill line naming the request this third-party cost "
        "comes from.",
    )
    source_key = fields.Char(readonly=True, copy=False, index=True)

    @api.depends("quantity", "unit_cost")
    def _compute_amount(self):
        for line in self:
            line.amount = float(
                costing.line_amount(
                    str(line.quantity or 0.0), str(line.unit_cost or 0.0)
                )
            )

    @api.constrains("quantity", "unit_cost", "amount")
    def _check_not_negative(self):
        """A cost is never negative, whoever writes it (typed, or filled from
        the facts, R-ACC-1): a correction is a reversal (the line's state),
        never a line below zero."""
        for line in self:
            currency = line.currency_id
            if (
                line.quantity < 0
                or currency.compare_amounts(line.unit_cost, 0.0) < 0
                or currency.compare_amounts(line.amount, 0.0) < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Cost %(line)s cannot be negative: its quantity, unit "
                        "cost and amount are zero or more (a booked cost is "
                        "corrected by a reversal).",
                        line=line.name,
                    )
                )

    @api.depends("bearer")
    def _compute_chargeable(self):
        for line in self:
            line.chargeable = line.bearer == costing.CUSTOMER

    def _check_finance(self):
        if not (self.env.su or self.env.user.has_group(FINANCE)):
            raise AccessError(
                self.env._("Only finance books service costs and changes them.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_finance()
        return super().create(vals_list)

    def write(self, vals):
        self._check_finance()
        if not self._in_transition():
            self._check_not_invoiced(vals)
            if "bearer" in vals:
                self._post_bearer_change(vals["bearer"])
        return super().write(vals)

    def _check_not_invoiced(self, vals):
        """A cost on a customer invoice changes once its invoice is cancelled
        (R-ACC-3)."""
        if not set(vals) & set(self._invoiced_fields):
            return
        for line in self.sudo():
            if line._invoiced():
                raise UserError(
                    self.env._(
                        "Cost %(line)s is on invoice %(invoice)s: cancel the "
                        "invoice before changing it.",
                        line=line.name,
                        invoice=line.invoice_line_id.move_id.display_name,
                    )
                )

    def _invoiced(self):
        """On a customer invoice that is not cancelled."""
        self.ensure_one()
        invoice_line = self.sudo().invoice_line_id
        return bool(invoice_line) and invoice_line.parent_state != "cancel"

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._check_finance()
        self._check_not_invoiced({"amount": None})

    def _post_bearer_change(self, bearer):
        """Finance changed who bears a cost: written in the request's chatter."""
        labels = dict(self._fields["bearer"]._description_selection(self.env))
        for line in self.filtered(lambda line: line.bearer != bearer):
            line.ticket_id.sudo().message_post(
                body=self.env._(
                    "Cost %(line)s: borne by %(new)s instead of %(old)s.",
                    line=line.name,
                    new=labels.get(bearer, bearer),
                    old=labels.get(line.bearer, line.bearer),
                ),
                subtype_xmlid="mail.mt_note",
            )
