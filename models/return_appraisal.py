from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr

from ..tools import warranty
from .const import APPRAISAL_REMEDIES

CHECKLIST_FIELDS = ("accessories_complete", "packaging_complete", "report_attached")
STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# What the appraisal decides on: frozen once approved or refused (R-X-3).
DECIDED_FIELDS = {
    "ticket_id",
    "remedy",
    "accessories_complete",
    "packaging_complete",
    "report_attached",
    "reported_fault",
    "real_fault",
    "fault_matches",
    "invoice_price",
    "return_date",
    "days_in_repair",
    "depreciation_rate",
}


class AfterSalesReturnAppraisal(models.Model):
    """Return/exchange appraisal report (退换机鉴定报告, R-WAR-6, R-WAR-7).

    Rights: engineers and clerks create and edit draft appraisals; supervisors
    approve or refuse them. Flow: draft → approved (the remedy is one the request's
    warranty determination allows, the unit came back with all accessories, its
    packaging and the report, and the real fault matches the reported one) or
    refused (with a reason). A decided appraisal is never edited nor deleted.
    Booking the return itself (picking, credit note) is :meth:`_action_book_return`,
    left to a later issue.
    """

    _name = "after_sales.return.appraisal"
    _description = "Return Appraisal"
    _inherit = ["after_sales.ticket.document", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]

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
    # Checklist (R-WAR-7, 004 §8.7)
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
    depreciation_arithmetic = fields.Char(
        string="Calculation", compute="_compute_depreciation", store=True
    )
    # Decision
    refusal_reason = fields.Text(tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_date = fields.Date(string="Decision Date", readonly=True)
    missing_items = fields.Char(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_refuse = fields.Boolean(compute="_compute_can")

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
        for appraisal in self:
            result = appraisal._depreciation_result()
            applies = bool(
                result
                and appraisal.remedy == warranty.RETURN
                and appraisal.ticket_id.warranty_return_with_depreciation
            )
            appraisal.depreciation_applies = applies
            appraisal.depreciation_days = result.days if result else 0
            appraisal.depreciation_amount = float(result.amount) if applies else 0.0
            appraisal.refund_amount = (
                appraisal.invoice_price - appraisal.depreciation_amount
                if appraisal.remedy == warranty.RETURN
                else 0.0
            )
            appraisal.depreciation_arithmetic = (
                self.env._(result.message, **dict(result.params)) if result else False
            )

    @api.depends(
        "state",
        "remedy",
        "accessories_complete",
        "packaging_complete",
        "report_attached",
        "fault_matches",
        "ticket_id.warranty_remedy_return",
        "ticket_id.warranty_remedy_exchange",
    )
    def _compute_can(self):
        for appraisal in self:
            missing = appraisal._missing_checklist_labels()
            appraisal.missing_items = ", ".join(missing)
            appraisal.can_approve = (
                appraisal.state == "draft"
                and not missing
                and appraisal.fault_matches
                and appraisal.remedy in appraisal._allowed_remedy_kinds()
            )
            appraisal.can_refuse = appraisal.state == "draft"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("remedy", "ticket_id")
    def _check_remedy_allowed(self):
        for appraisal in self.filtered(lambda a: a.state == "draft"):
            if appraisal.remedy not in appraisal._allowed_remedy_kinds():
                raise ValidationError(
                    self.env._(
                        "The warranty determination of %(ticket)s does not allow "
                        "a %(remedy)s (allowed: %(allowed)s).",
                        ticket=appraisal.ticket_id.display_name,
                        remedy=appraisal._remedy_label(),
                        allowed=appraisal.allowed_remedies or self.env._("none"),
                    )
                )

    @api.constrains(
        "invoice_price", "depreciation_rate", "return_date", "days_in_repair"
    )
    def _check_depreciation_inputs(self):
        Determination = self.env["after_sales.warranty.determination"]
        for appraisal in self:
            if appraisal.ticket_id.purchase_date and appraisal.return_date:
                with Determination._translate_input_errors():
                    warranty.depreciation(**appraisal._depreciation_inputs())

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

    def write(self, vals):
        if DECIDED_FIELDS.intersection(vals):
            for appraisal in self:
                if appraisal.state != "draft":
                    raise UserError(
                        self.env._(
                            "%(appraisal)s is %(state)s: it can no longer be edited.",
                            appraisal=appraisal.name,
                            state=appraisal._state_label(),
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        for appraisal in self:
            if appraisal.state != "draft":
                raise UserError(
                    self.env._(
                        "%(appraisal)s is %(state)s: it cannot be deleted.",
                        appraisal=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_approve(self):
        """Button "Approve" (supervisors): accept the return or exchange."""
        self.ensure_one()
        self._check_can_approve()
        self._do_decide("approved")
        return True

    def action_refuse(self):
        """Button "Refuse" (supervisors): needs the refusal reason on the form."""
        self.ensure_one()
        self._check_can_refuse()
        self._do_decide("refused")
        return True

    def action_reset_to_draft(self):
        """Button "Reset to Draft" (supervisors): reopen a refused appraisal."""
        self.ensure_one()
        self._check_supervisor()
        if self.state != "refused":
            raise UserError(
                self.env._("Only a refused appraisal can be reset to draft.")
            )
        self.write({"state": "draft", "decided_by_id": False, "decided_date": False})
        return True

    def _check_supervisor(self):
        if not self.env.user.has_group("after_sales_service.group_supervisor"):
            raise UserError(
                self.env._("Only a service supervisor can decide on an appraisal.")
            )

    def _check_can_approve(self):
        """Guard of :meth:`action_approve` (R-WAR-7)."""
        self._check_supervisor()
        for appraisal in self:
            appraisal._ensure_draft()
            missing = appraisal._missing_checklist_labels()
            if missing:
                raise UserError(
                    self.env._(
                        "%(appraisal)s cannot be approved: the unit came back "
                        "without %(missing)s (004 §8.7).",
                        appraisal=appraisal.name,
                        missing=", ".join(missing),
                    )
                )
            if not appraisal.fault_matches:
                raise UserError(
                    self.env._(
                        "%(appraisal)s cannot be approved: the real fault does not "
                        "match the reported fault (004 §8.7).",
                        appraisal=appraisal.name,
                    )
                )
            appraisal._check_remedy_allowed()

    def _ensure_draft(self):
        """Guard shared by approval and refusal: a decided appraisal is final."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "%(appraisal)s is already %(state)s.",
                    appraisal=self.name,
                    state=self._state_label(),
                )
            )

    def _check_can_refuse(self):
        """Guard of :meth:`action_refuse`: a refusal gives its reason."""
        self._check_supervisor()
        for appraisal in self:
            appraisal._ensure_draft()
            if not (appraisal.refusal_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write the reason of the refusal of %(appraisal)s first.",
                        appraisal=appraisal.name,
                    )
                )

    def _do_decide(self, state):
        self.write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Date.context_today(self),
            }
        )

    def _action_book_return(self):
        """Book the approved return or exchange: not available yet.

        A later issue will create the incoming picking of the returned unit, the
        outgoing one of the exchange unit and, for a return, the credit note of
        ``refund_amount`` (the invoice price minus the depreciation fee). It will
        be called by an "Book Return" button on approved appraisals and must
        re-check ``state == "approved"``. Nothing calls it today.
        """
        raise UserError(
            self.env._("Booking returns and exchanges is not available yet.")
        )

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
            for name in (
                "accessories_complete",
                "packaging_complete",
                "report_attached",
            )
            if not self[name]
        ]

    def _remedy_label(self):
        return dict(self._fields["remedy"]._description_selection(self.env)).get(
            self.remedy, self.remedy
        )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env)).get(
            self.state
        )

    def _depreciation_inputs(self):
        """Keyword arguments of ``tools.warranty.depreciation``."""
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
            return warranty.depreciation(**self._depreciation_inputs())
        except warranty.WarrantyInputError:
            return None  # reported by _check_depreciation_inputs
