# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_repr

from ..tools import warranty
from ..tools.depreciation import depreciation
from ..tools.errors import RuleInputError
from .const import APPRAISAL_REMEDIES
from .frozen_mixin import ALL, Denied, Transition

SUPERVISOR = "after_sales_service.group_supervisor"

STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
CHECKLIST_FIELDS = ("accessories_complete", "packaging_complete", "report_attached")


class AfterSalesReturnAppraisal(models.Model):
    """Return/exchange appraisal report (退换机鉴定报告, R-WAR-6, R-WAR-7).

    ======================  ===========  ===========
    right                   engineer     supervisor
    ======================  ===========  ===========
    create, edit a draft    yes          yes
    approve, refuse         no           yes
    reset refused to draft  no           yes
    ======================  ===========  ===========

    Flow: draft → approved (the remedy is one the request's warranty
    determination allows, the unit came back with all accessories, its packaging
    and the report, and the real fault matches the reported one) or refused
    (with a reason); refused → draft — declared in ``_transitions`` (the
    transition layer, ``after_sales.frozen.mixin``, gives ``can_<x>``,
    ``cannot_<x>_reason`` and the guard). What the decision rests on is frozen
    once approved or refused; only the reset of a refused appraisal reopens
    it. Each decision is one ``appraisal_decided`` performance event of the
    request's engineer. Booking the return itself (pickings, credit note) is
    not part of this model yet.
    """

    _name = "after_sales.return.appraisal"
    _description = "Return Appraisal"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    _input_bounds = {
        "invoice_price": (0, 100_000_000),
        "days_in_repair": (0, 36_500),
        "depreciation_rate": (0, 1),
    }

    # What the decision rests on is frozen once approved or refused (R-X-3); a
    # refused appraisal comes back to draft by its reset only.
    _state_editable = {"draft": ALL}
    _transitions = {
        "approve": Transition(("draft",), "approved", (SUPERVISOR,)),
        "refuse": Transition(("draft",), "refused", (SUPERVISOR,)),
        "reset_to_draft": Transition(("refused",), "draft", (SUPERVISOR,)),
    }
    # Who decided and when change only through the decisions (never a plain
    # write: a clerk "approving" with someone else's name).
    _transition_fields = ("state", "decided_by_id", "decided_date")

    name = fields.Char(
        string="Appraisal Number", required=True, readonly=True, copy=False, default="/"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    # Request and its warranty
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    product_id = fields.Many2one(related="ticket_id.product_id", store=True)
    lot_id = fields.Many2one(related="ticket_id.lot_id", store=True)
    invoice_date = fields.Date(related="ticket_id.purchase_date", string="Invoice Date")
    determination_id = fields.Many2one(related="ticket_id.warranty_determination_id")
    warranty_state = fields.Selection(related="ticket_id.warranty_state")
    allowed_remedies = fields.Char(compute="_compute_allowed_remedies")
    remedy = fields.Selection(
        APPRAISAL_REMEDIES,
        string="Customer's Choice",
        required=True,
        default=warranty.EXCHANGE,
        tracking=True,
    )
    # Checklist (R-WAR-7)
    accessories_complete = fields.Boolean(string="All Accessories", tracking=True)
    packaging_complete = fields.Boolean(string="Packaging", tracking=True)
    report_attached = fields.Boolean(
        string="Appraisal Report on the Unit",
        tracking=True,
        help="The printed appraisal report is attached to the unit.",
    )
    reported_fault = fields.Text(
        compute="_compute_reported_fault", store=True, readonly=False, precompute=True
    )
    real_fault = fields.Text(string="Real Fault Found")
    fault_matches = fields.Boolean(
        string="Real Fault Matches the Report",
        tracking=True,
        help="A report that does not match the real fault blocks the return.",
    )
    # Depreciation (R-WAR-6)
    invoice_price = fields.Monetary(currency_field="currency_id", tracking=True)
    return_date = fields.Date(default=fields.Date.context_today, tracking=True)
    days_in_repair = fields.Integer(
        string="Days in Repair",
        compute="_compute_days_in_repair",
        store=True,
        readonly=False,
        precompute=True,
        help="Days in repair or waiting for repair, deducted from the depreciation.",
    )
    depreciation_rate = fields.Float(
        string="Depreciation Rate per Day",
        digits=(16, 6),
        compute="_compute_depreciation_rate",
        store=True,
        readonly=False,
        precompute=True,
    )
    depreciation_applies = fields.Boolean(compute="_compute_depreciation", store=True)
    depreciation_days = fields.Integer(compute="_compute_depreciation", store=True)
    depreciation_amount = fields.Monetary(
        string="Depreciation Fee",
        currency_field="currency_id",
        compute="_compute_depreciation",
        store=True,
    )
    refund_amount = fields.Monetary(
        string="Refund",
        currency_field="currency_id",
        compute="_compute_depreciation",
        store=True,
    )
    # Not stored: written in the reader's language from the stored figures.
    depreciation_arithmetic = fields.Char(
        string="Calculation", compute="_compute_depreciation_arithmetic"
    )
    # Decision
    refusal_reason = fields.Text(tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_date = fields.Date(string="Decision Date", readonly=True)
    missing_items = fields.Char(compute="_compute_missing_items")
    can_approve = fields.Boolean(
        compute="_compute_transitions",
        depends=[
            "state",
            "remedy",
            *CHECKLIST_FIELDS,
            "fault_matches",
            "ticket_id.warranty_remedy_return",
            "ticket_id.warranty_remedy_exchange",
        ],
    )
    cannot_approve_reason = fields.Char(compute="_compute_transitions")
    can_refuse = fields.Boolean(
        compute="_compute_transitions", depends=["state", "refusal_reason"]
    )
    cannot_refuse_reason = fields.Char(compute="_compute_transitions")
    can_reset_to_draft = fields.Boolean(
        compute="_compute_transitions", depends=["state"]
    )
    cannot_reset_to_draft_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        (
            "invoice_price_positive",
            "CHECK(invoice_price >= 0)",
            "The invoice price cannot be negative.",
        ),
        (
            "days_in_repair_positive",
            "CHECK(days_in_repair >= 0)",
            "The days in repair cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "ticket_id.warranty_remedy_return",
        "ticket_id.warranty_remedy_exchange",
    )
    def _compute_allowed_remedies(self):
        labels = dict(self._fields["remedy"]._description_selection(self.env))
        for appraisal in self:
            appraisal.allowed_remedies = ", ".join(
                labels[kind] for kind in appraisal._allowed_remedy_kinds()
            )

    @api.depends("ticket_id")
    def _compute_reported_fault(self):
        for appraisal in self:
            if not appraisal.reported_fault:
                appraisal.reported_fault = appraisal.ticket_id.fault_description

    @api.depends("ticket_id")
    def _compute_days_in_repair(self):
        for appraisal in self:
            appraisal.days_in_repair = appraisal.ticket_id.warranty_days_in_repair

    @api.depends("ticket_id")
    def _compute_depreciation_rate(self):
        for appraisal in self:
            policy = appraisal.ticket_id.warranty_determination_id.sudo().policy_id
            appraisal.depreciation_rate = policy.depreciation_rate

    @api.depends(
        "remedy",
        "ticket_id.warranty_return_with_depreciation",
        "invoice_price",
        "depreciation_rate",
        "invoice_date",
        "return_date",
        "days_in_repair",
    )
    def _compute_depreciation(self):
        """Fee and refund as the engine rounded them (R-WAR-6): never rounded
        again here."""
        for appraisal in self:
            result = appraisal._depreciation_result()
            is_return = appraisal.remedy == warranty.RETURN
            applies = bool(
                result
                and is_return
                and appraisal.ticket_id.warranty_return_with_depreciation
            )
            appraisal.depreciation_applies = applies
            appraisal.depreciation_days = result.days if result else 0
            appraisal.depreciation_amount = float(result.amount) if applies else 0.0
            if not is_return:
                refund = 0.0
            elif applies:
                refund = float(result.refund)
            else:
                refund = float(result.price) if result else appraisal.invoice_price
            appraisal.refund_amount = refund

    @api.depends(
        "invoice_price",
        "depreciation_rate",
        "invoice_date",
        "return_date",
        "days_in_repair",
    )
    @api.depends_context("lang")
    def _compute_depreciation_arithmetic(self):
        for appraisal in self:
            result = appraisal._depreciation_result()
            # The template is marked with _lt in tools/depreciation.py.
            appraisal.depreciation_arithmetic = (
                self.env._(result.message, **dict(result.params))  # pylint: disable=translation-not-lazy
                if result
                else False
            )

    @api.depends(*CHECKLIST_FIELDS)
    def _compute_missing_items(self):
        for appraisal in self:
            appraisal.missing_items = ", ".join(appraisal._missing_checklist_labels())

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("remedy", "ticket_id")
    def _check_remedy_allowed(self):
        for appraisal in self.filtered(lambda a: a.state == "draft"):
            if appraisal.remedy not in appraisal._allowed_remedy_kinds():
                raise ValidationError(appraisal._remedy_not_allowed_reason())

    @api.constrains(
        "invoice_price", "depreciation_rate", "return_date", "days_in_repair"
    )
    def _check_depreciation_inputs(self):
        Determination = self.env["after_sales.warranty.determination"]
        for appraisal in self:
            if appraisal.ticket_id.purchase_date and appraisal.return_date:
                with Determination._translate_input_errors():
                    depreciation(**appraisal._depreciation_inputs())

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("after_sales.return.appraisal")
                    or "/"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_approve(self):
        """Button "Approve" (supervisors): accept the return or exchange."""
        self.ensure_one()
        self._check_transition("approve")
        self._do_approve()
        return True

    def action_refuse(self):
        """Button "Refuse" (supervisors): needs the refusal reason on the form."""
        self.ensure_one()
        self._check_transition("refuse")
        self._do_refuse()
        return True

    def action_reset_to_draft(self):
        """Button "Reset to Draft" (supervisors): reopen a refused appraisal."""
        self.ensure_one()
        self._check_transition("reset_to_draft")
        self._do_reset_to_draft()
        return True

    # ------------------------------------------------------------------
    # Guards: the reasons read by the form and raised by the actions
    # ------------------------------------------------------------------

    def _person_approve(self):
        return self._is_own_request() and self._own_request_reason()

    _person_refuse = _person_approve

    def _guard_approve(self):
        """Why this draft appraisal cannot be approved now, or ``False``
        (R-WAR-7)."""
        missing = self._missing_checklist_labels()
        if missing:
            return self.env._(
                "The unit came back without %(missing)s: it cannot be approved.",
                missing=", ".join(missing),
            )
        if not self.fault_matches:
            return self.env._(
                "The real fault does not match the reported fault: it cannot be "
                "approved."
            )
        if self.remedy not in self._allowed_remedy_kinds():
            return self._remedy_not_allowed_reason()
        return False

    def _guard_refuse(self):
        """Why this draft appraisal cannot be refused now, or ``False``
        (R-WAR-7)."""
        if not (self.refusal_reason or "").strip():
            return self.env._("Write the reason of the refusal first.")
        return False

    def _is_own_request(self):
        """Nobody decides on an appraisal they drew up themselves (SPEC §0)."""
        return not self.env.su and self.create_uid == self.env.user

    def _own_request_reason(self):
        return Denied(
            self.env._("You drew up this appraisal: another supervisor decides on it.")
        )

    def _remedy_not_allowed_reason(self):
        return self.env._(
            "The warranty determination of %(ticket)s does not allow "
            "a %(remedy)s (allowed: %(allowed)s).",
            ticket=self.ticket_id.display_name,
            remedy=self._remedy_label(),
            allowed=self.allowed_remedies or self.env._("none"),
        )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _do_approve(self):
        """Approve; re-checked here since wizards and other models call it too."""
        self._begin_transition("approve")
        self._do_decide("approved")

    def _do_refuse(self):
        """Refuse with the reason written on the appraisal."""
        self._begin_transition("refuse")
        self._do_decide("refused")

    def _do_reset_to_draft(self):
        """Refused → draft: the one transition out of a frozen state."""
        self._begin_transition("reset_to_draft")
        self._transition_write(
            {"state": "draft", "decided_by_id": False, "decided_date": False}
        )

    def _do_decide(self, state):
        self._transition_write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Date.context_today(self),
            }
        )
        self.env["after_sales.performance.event"].sudo()._record(
            [appraisal._prepare_performance_event_vals() for appraisal in self]
        )

    def _prepare_performance_event_vals(self):
        """The ``appraisal_decided`` event (DESIGN §4): the decision, credited to
        the request's engineer and team; recorded once per appraisal."""
        self.ensure_one()
        ticket = self.ticket_id
        return {
            "kind": "appraisal_decided",
            "key": "",
            "res_model": self._name,
            "res_id": self.id,
            "company_id": self.company_id.id,
            "ticket_id": ticket.id,
            "user_id": ticket.user_id.id,
            "team_id": ticket.team_id.id,
            "value": self.state,
            "occurred_at": fields.Datetime.now(),
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _allowed_remedy_kinds(self):
        self.ensure_one()
        ticket = self.ticket_id
        kinds = []
        if ticket.warranty_remedy_return:
            kinds.append(warranty.RETURN)
        if ticket.warranty_remedy_exchange:
            kinds.append(warranty.EXCHANGE)
        return kinds

    def _missing_checklist_labels(self):
        self.ensure_one()
        return [
            self._fields[name]._description_string(self.env)
            for name in CHECKLIST_FIELDS
            if not self[name]
        ]

    def _remedy_label(self):
        return dict(self._fields["remedy"]._description_selection(self.env)).get(
            self.remedy, self.remedy
        )

    def _depreciation_inputs(self):
        """Keyword arguments of ``tools.depreciation.depreciation``."""
        self.ensure_one()
        digits = self.currency_id.decimal_places or 2
        return {
            "invoice_price": Decimal(float_repr(self.invoice_price, digits)),
            "rate_per_day": Decimal(float_repr(self.depreciation_rate, 6)).normalize(),
            "invoice_date": self.ticket_id.purchase_date,
            "return_date": self.return_date,
            "days_in_repair": self.days_in_repair,
        }

    def _depreciation_result(self):
        """The depreciation of this return, ``None`` when it cannot be computed."""
        self.ensure_one()
        if not (self.ticket_id.purchase_date and self.return_date):
            return None
        try:
            return depreciation(**self._depreciation_inputs())
        except RuleInputError:
            return None  # reported by _check_depreciation_inputs

    def _report_signatures(self):
        """The signature boxes of the printed 退换机鉴定报告 (R-WAR-7): the
        request's engineer who appraised the unit, the supervisor who decided
        and the customer."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        decided = self.state in ("approved", "refused")
        return [
            {
                "label": self.env._("Appraised by"),
                "name": self.ticket_id.user_id.name or "",
                "image": False,
                "date": form._date(self.return_date),
            },
            {
                "label": self.env._("Supervisor"),
                "name": self.decided_by_id.name if decided else "",
                "image": False,
                "date": form._date(self.decided_date) if decided else "",
            },
            {"label": self.env._("Customer"), "name": "", "image": False},
        ]
