# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_repr

from ..tools import quote as quote_rule
from ..tools.errors import RuleInputError
from .const import QUOTE_CONFIRMATIONS, QUOTE_LINE_KINDS
from .frozen_mixin import ALL, Denied, Transition
from .rule_errors import rule_message

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent to the Customer"),
    ("confirmed", "Confirmed by the Customer"),
    ("superseded", "Superseded"),
    ("cancelled", "Cancelled"),
]
PRICERS = ("after_sales_service.group_estimator", "after_sales_service.group_clerk")


def _decimal(value, digits=2):
    return Decimal(float_repr(value or 0.0, digits))


class AfterSalesQuote(models.Model):
    """Quote of chargeable service (增项报价确认单, R-ACC-2, R-ACC-2a).

    ==========================  ==========  =========================  =======
    right                       estimator   office                     engineer
    ==========================  ==========  =========================  =======
    create, price a draft       yes         yes                        no
    mark sent, new version      yes         yes                        no
    record the customer's       no          in warranty: supervisor;   own
    confirmation                            out of warranty: the        request,
                                            after-sales department     out of
                                                                       warranty
    cancel (with a reason)      yes         yes                        no
    ==========================  ==========  =========================  =======

    Flow: draft → sent → confirmed (signature, stamp photo or by phone with who
    and when); draft/sent → cancelled; a new version supersedes the quote (a
    confirmed one when the new version is confirmed). A confirmed quote is never
    edited (``after_sales.frozen.mixin``). Prices come from
    ``tools.quote.price_quote`` (cost + the company's markup on its base, or a
    price list's price for parts). Confirming an out-of-warranty quote above the
    rule's price is a ``quote_extra_margin`` event of the request's engineer
    (000 §3.3.2: the ledger rewards 10 % of it).
    """

    _name = "after_sales.quote"
    _description = "Service Quote"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    _input_bounds = {"markup": (0, 10)}

    # Sent, the prices no longer change (a new version changes them): only the
    # reason of a cancellation is typed; confirmed, nothing changes. The
    # confirmation fields are transition fields: only the confirmation writes
    # them, once.
    _state_editable = {"draft": ALL, "sent": ("cancel_reason",)}
    _transitions = {
        "mark_sent": Transition(("draft",), "sent", PRICERS),
        "confirm": Transition(("draft", "sent"), "confirmed"),
        "new_version": Transition(("draft", "sent", "confirmed"), None, PRICERS),
        "cancel": Transition(("draft", "sent"), "cancelled", PRICERS),
    }
    _transition_fields = (
        "state",
        "confirmation_method",
        "confirmed_by_name",
        "contacted_by_id",
        "confirmed_at",
        "signature",
        "stamp_photo",
        "version",
        "previous_id",
    )

    name = fields.Char(
        string="Quote Number", required=True, readonly=True, copy=False, default="/"
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_id = fields.Many2one(
        "after_sales.quote", string="Previous Version", readonly=True, copy=False
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    warranty_state = fields.Selection(related="ticket_id.warranty_state")
    line_ids = fields.One2many(
        "after_sales.quote.line", "quote_id", string="Lines", copy=True
    )
    markup = fields.Float(
        digits=(16, 4),
        compute="_compute_pricing_policy",
        store=True,
        readonly=False,
        precompute=True,
        help="0.40 = cost + 40 %.",
    )
    markup_base = fields.Selection(
        selection=lambda self: self.env["res.company"]
        ._fields["after_sales_quote_markup_base"]
        ._description_selection(self.env),
        compute="_compute_pricing_policy",
        store=True,
        readonly=False,
        precompute=True,
    )
    tax_id = fields.Many2one(
        "account.tax",
        string="VAT",
        compute="_compute_pricing_policy",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale'), ('amount_type', '=', 'percent')]",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        check_company=True,
        help="Parts are priced by this list instead of cost + markup.",
    )
    amount_cost = fields.Monetary(
        string="Cost",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    amount_tax = fields.Monetary(
        string="Tax",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    extra_margin = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
        help="The part of the price above the company's markup rule.",
    )
    # Customer's confirmation (000 §2.6)
    confirmation_method = fields.Selection(
        [*QUOTE_CONFIRMATIONS, ("portal", "Portal Signature")],
        readonly=True,
        copy=False,
    )
    confirmed_by_name = fields.Char(
        string="Confirmed by (Customer)", readonly=True, copy=False
    )
    contacted_by_id = fields.Many2one(
        "res.users", string="Contacted by", readonly=True, copy=False
    )
    confirmed_at = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True, copy=False)
    stamp_photo = fields.Image(
        max_width=1920, max_height=1920, readonly=True, copy=False
    )
    cancel_reason = fields.Text(copy=False, tracking=True)
    can_confirm = fields.Boolean(
        compute="_compute_transitions", depends=["state", "warranty_state"]
    )
    cannot_confirm_reason = fields.Char(compute="_compute_transitions")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("company_id")
    def _compute_pricing_policy(self):
        for quote in self:
            company = quote.company_id or self.env.company
            if not quote.markup:
                quote.markup = company.after_sales_quote_markup
            if not quote.markup_base:
                quote.markup_base = company.after_sales_quote_markup_base
            if not quote.tax_id:
                tax = company.account_sale_tax_id
                quote.tax_id = tax if tax.amount_type == "percent" else False

    @api.depends(
        "line_ids.kind",
        "line_ids.quantity",
        "line_ids.unit_cost",
        "line_ids.fixed_price",
        "line_ids.product_id",
        "markup",
        "markup_base",
        "tax_id",
        "pricelist_id",
    )
    def _compute_amounts(self):
        for quote in self:
            result = quote._price()
            if result is None:
                quote.update(
                    dict.fromkeys(
                        (
                            "amount_cost",
                            "amount_untaxed",
                            "amount_tax",
                            "amount_total",
                            "extra_margin",
                        ),
                        0.0,
                    )
                )
                continue
            quote.amount_cost = float(result.cost)
            quote.amount_untaxed = float(result.untaxed)
            quote.amount_tax = float(result.tax)
            quote.amount_total = float(result.total)
            quote.extra_margin = float(result.extra_margin)

    # ------------------------------------------------------------------
    # Constraints, CRUD
    # ------------------------------------------------------------------

    @api.constrains("markup", "tax_id")
    def _check_pricing(self):
        for quote in self:
            try:
                quote_rule.price_quote([], **quote._pricing_kwargs())
            except RuleInputError as exc:
                raise ValidationError(
                    rule_message(self.env, exc.template, exc.params)
                ) from exc

    @api.model_create_multi
    def create(self, vals_list):
        self._check_pricer()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("after_sales.quote") or "/"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_mark_sent(self):
        """Button "Mark as Sent": the quote went to the customer; its prices no
        longer change (a new version changes them)."""
        self.ensure_one()
        self._begin_transition("mark_sent")._transition_write({"state": "sent"})
        return True

    def action_open_confirm_wizard(self):
        """Button "Customer Confirmed": the wizard recording how."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Confirmation"),
            "res_model": "after_sales.quote.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_quote_id": self.id},
        }

    def action_new_version(self):
        """Button "New Version": a draft copy; the quote it replaces is
        superseded now (draft, sent) or when the new one is confirmed."""
        self.ensure_one()
        self._begin_transition("new_version")
        new = self.copy({"name": self.name.split("/v")[0] + f"/v{self.version + 1}"})
        new._transition_write({"version": self.version + 1, "previous_id": self.id})
        if self.state != "confirmed":
            self._transition_write({"state": "superseded"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def action_cancel(self):
        """Button "Cancel": with the reason on the form (R-X-3)."""
        self.ensure_one()
        self._begin_transition("cancel")._transition_write({"state": "cancelled"})
        return True

    def action_print(self):
        """Button "Print": in the customer's language."""
        self.ensure_one()
        return self.env.ref("after_sales_service.quote_report_action").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _is_pricer(self):
        user = self.env.user
        return self.env.su or any(user.has_group(group) for group in PRICERS)

    def _check_pricer(self):
        if not self._is_pricer():
            raise AccessError(
                self.env._("Quotes are priced by the estimator or the office.")
            )

    def _guard_mark_sent(self):
        if not self.line_ids:
            return self.env._("Add the lines of the quote first.")
        return False

    def _guard_cancel(self):
        if not (self.cancel_reason or "").strip():
            return self.env._("Write the reason of the cancellation first.")
        return False

    def _guard_confirm(self):
        """Who contacts the customer (000 §2.6): in warranty the business
        supervisor, out of warranty the after-sales department; the engineer
        only on a request they serve."""
        if self.env.su:
            return False
        user = self.env.user
        if self.warranty_state == "in_warranty":
            if not user.has_group("after_sales_service.group_supervisor"):
                return Denied(
                    self.env._(
                        "In warranty the business supervisor contacts the customer."
                    )
                )
        elif not (
            user.has_group("after_sales_service.group_clerk")
            or user.has_group("after_sales_service.group_engineer")
        ):
            return Denied(
                self.env._(
                    "Out of warranty the after-sales department contacts the "
                    "customer."
                )
            )
        return False

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _do_confirm(self, vals, transition="confirm"):
        """Record the customer's confirmation: ``vals`` has the method, the
        customer's name, the signature or stamp photo, who contacted the
        customer and when. Called by the confirmation wizard, and by the
        customer's signature on the portal (``transition`` "portal_sign",
        method "portal": the only way to that method)."""
        self.ensure_one()
        self.check_access("read")  # the engineer: a request they serve
        self._begin_transition(transition)
        if not self.line_ids:
            raise UserError(self.env._("Add the lines of the quote first."))
        method = vals.get("confirmation_method")
        if (method == "portal") != (transition == "portal_sign"):
            raise UserError(
                self.env._("Only the customer signs a quote on the portal.")
            )
        if method in ("signature", "portal") and not vals.get("signature"):
            raise UserError(self.env._("Add the customer's signature."))
        if method == "stamp" and not vals.get("stamp_photo"):
            raise UserError(self.env._("Add the photo of the company stamp."))
        if not (vals.get("confirmed_by_name") or "").strip():
            raise UserError(self.env._("Write who confirmed for the customer."))
        now = fields.Datetime.now()
        confirmed_at = vals.get("confirmed_at") or now
        if fields.Datetime.to_datetime(confirmed_at) > now:
            raise UserError(self.env._("A confirmation cannot lie in the future."))
        quote = self.sudo()
        quote._transition_write(
            {
                "state": "confirmed",
                "confirmation_method": method,
                "confirmed_by_name": vals["confirmed_by_name"].strip(),
                "contacted_by_id": vals.get("contacted_by_id") or self.env.user.id,
                "confirmed_at": confirmed_at,
                "signature": vals.get("signature") or False,
                "stamp_photo": vals.get("stamp_photo") or False,
            }
        )
        previous = quote.previous_id
        while previous:
            if previous.state == "confirmed":
                previous._transition_write({"state": "superseded"})
            previous = previous.previous_id
        if (
            self.warranty_state != "in_warranty"
            and self.currency_id.compare_amounts(self.extra_margin, 0.0) > 0
        ):
            self.env["after_sales.performance.event"].sudo()._record(
                [self._prepare_performance_event_vals()]
            )

    def _prepare_performance_event_vals(self):
        """The ``quote_extra_margin`` event (DESIGN §4): an out-of-warranty
        quote confirmed above the rule's price; ``quantity`` is the extra margin
        in the company currency (the ledger rewards a share of it)."""
        self.ensure_one()
        ticket = self.ticket_id
        return {
            "kind": "quote_extra_margin",
            "key": "",
            "res_model": self._name,
            "res_id": self.id,
            "company_id": self.company_id.id,
            "ticket_id": ticket.id,
            "user_id": ticket.user_id.id,
            "team_id": ticket.team_id.id,
            "quantity": self.extra_margin,
            "value": float_repr(self.extra_margin, self.currency_id.decimal_places),
            "occurred_at": fields.Datetime.now(),
        }

    # ------------------------------------------------------------------
    # Report (R-ACC-2)
    # ------------------------------------------------------------------

    def _report_tax_rate(self):
        """The VAT rate as the print writes it (13%), "" without a tax."""
        self.ensure_one()
        if not self.tax_id:
            return ""
        return f"{float_repr(self.tax_id.amount, 2).rstrip('0').rstrip('.')}%"

    def _report_signatures(self):
        """The signature boxes of the printed 增项报价确认单 (000 §2.6): the
        customer (their signature or the photo of their company stamp, the name
        of who confirmed and when) and who of ours contacted them."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        return [
            {
                "label": self.env._("Customer (signature or company stamp)"),
                "name": self.confirmed_by_name or "",
                "image": self.signature or self.stamp_photo or False,
                "date": form._datetime(self.confirmed_at),
            },
            {
                "label": self.env._("Contacted by"),
                "name": self.contacted_by_id.name or "",
                "image": False,
                "date": form._datetime(self.confirmed_at),
            },
        ]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _pricing_kwargs(self):
        self.ensure_one()
        tax = self.tax_id
        rate = tax.amount / 100 if tax and tax.amount_type == "percent" else 0.0
        return {
            "markup": _decimal(self.markup, 4),
            "vat": _decimal(rate, 6),
            "base": self.markup_base or quote_rule.TAX_EXCLUSIVE,
        }

    def _rule_lines(self):
        self.ensure_one()
        lines = []
        for line in self.line_ids:
            fixed = None
            if line.fixed_price:
                fixed = _decimal(line.fixed_price)
            elif (
                self.pricelist_id and line.kind == quote_rule.PARTS and line.product_id
            ):
                fixed = _decimal(
                    self.pricelist_id._get_product_price(
                        line.product_id, line.quantity or 1.0
                    )
                )
            lines.append(
                quote_rule.QuoteLine(
                    kind=line.kind,
                    quantity=_decimal(line.quantity, 4),
                    unit_cost=_decimal(line.unit_cost),
                    fixed_price=fixed,
                )
            )
        return lines

    def _price(self):
        """The priced quote, ``None`` when its input is invalid (the line and
        quote constraints report it)."""
        self.ensure_one()
        try:
            return quote_rule.price_quote(self._rule_lines(), **self._pricing_kwargs())
        except RuleInputError:
            return None


class AfterSalesQuoteLine(models.Model):
    """A line of a quote: parts at cost, labour, travel (R-ACC-2)."""

    _name = "after_sales.quote.line"
    _description = "Service Quote Line"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "quote_id, sequence, id"
    _frozen_parent = "quote_id"
    _check_company_auto = True
    _input_bounds = {
        "quantity": (0, 1_000_000),
        "unit_cost": (0, 100_000_000),
        "fixed_price": (0, 100_000_000),
    }

    quote_id = fields.Many2one(
        "after_sales.quote", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="quote_id.company_id", store=True)
    currency_id = fields.Many2one(related="quote_id.currency_id")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(QUOTE_LINE_KINDS, required=True, default="parts")
    product_id = fields.Many2one("product.product", check_company=True)
    name = fields.Char(string="Description", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    unit_cost = fields.Monetary(currency_field="currency_id", help="Without tax.")
    fixed_price = fields.Monetary(
        string="Agreed Unit Price",
        currency_field="currency_id",
        help="Leave empty to price by the company's markup rule.",
    )
    # The untaxed unit price the subtotal is computed from: the agreed price,
    # or the unit cost with the company's markup — on every line kind, labour
    # and travel alike (R-ACC-2). Four decimals, as a VAT invoice's 单价.
    price_unit = fields.Float(
        string="Unit Price",
        digits=(16, 4),
        compute="_compute_price_subtotal",
        store=True,
        help="Without tax: the agreed unit price, else the unit cost plus the "
        "company's markup.",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal",
        currency_field="currency_id",
        compute="_compute_price_subtotal",
        store=True,
    )

    _sql_constraints = [
        (
            "line_positive",
            "CHECK(quantity >= 0 AND unit_cost >= 0 AND fixed_price >= 0)",
            "A quote line cannot have a negative quantity, cost or price.",
        ),
    ]

    @api.depends(
        "quote_id.line_ids.kind",
        "quote_id.line_ids.quantity",
        "quote_id.line_ids.unit_cost",
        "quote_id.line_ids.fixed_price",
        "quote_id.line_ids.product_id",
        "quote_id.markup",
        "quote_id.markup_base",
        "quote_id.tax_id",
        "quote_id.pricelist_id",
    )
    def _compute_price_subtotal(self):
        """The untaxed price of the line and its unit price as the quote's
        pricing gives them."""
        for quote in self.quote_id:
            result = quote._price()
            for index, line in enumerate(quote.line_ids):
                if line in self:
                    priced = result.lines[index] if result else None
                    line.price_subtotal = float(priced.untaxed) if priced else 0.0
                    line.price_unit = float(priced.unit_price) if priced else 0.0
        for line in self.filtered(lambda line: not line.quote_id):
            line.price_subtotal = 0.0
            line.price_unit = 0.0

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.name = self.product_id.display_name
            self.unit_cost = self.product_id.standard_price

    @api.constrains("quantity", "unit_cost", "fixed_price")
    def _check_not_negative(self):
        for line in self:
            if min(line.quantity, line.unit_cost, line.fixed_price) < 0:
                raise ValidationError(
                    self.env._(
                        "A quote line cannot have a negative quantity, cost or price."
                    )
                )
