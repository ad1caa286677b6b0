# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_repr, float_round

from ..tools import costing, warranty
from ..tools import quote as quote_rule
from ..tools.errors import RuleInputError
from .frozen_mixin import TRANSITION
from .rule_errors import rule_message

FINANCE = "after_sales_service.group_finance"
INVOICE_STATES = [
    ("none", "Not Invoiced"),
    ("draft", "Invoice Draft"),
    ("invoiced", "Invoiced"),
    ("paid", "Paid"),
]
# Debit account setting by bearer, credit account setting by kind (R-ACC-4).
DEBIT_ACCOUNTS = {
    costing.COMPANY: "after_sales_expense_account_id",
    costing.QUALITY_LOSS: "after_sales_quality_loss_account_id",
    costing.SUPPLIER: "after_sales_supplier_receivable_account_id",
}
CREDIT_ACCOUNTS = {
    "labour": "after_sales_accrued_labour_account_id",
    "travel": "after_sales_accrued_expense_account_id",
    "third_party": "after_sales_accrued_expense_account_id",
    "other": "after_sales_accrued_expense_account_id",
}
INVOICE_PRODUCTS = {
    "parts": "after_sales_parts_product_id",
    "labour": "after_sales_labour_product_id",
    "travel": "after_sales_travel_product_id",
}


class HelpdeskTicket(models.Model):
    """What a service costs, who bears it, and the books (``_costing_*``):
    cost lines filled from the facts (R-ACC-1), free costs booked in one
    journal entry per request (R-ACC-4) and corrected by reversal only
    (R-ACC-6), chargeable work invoiced from the confirmed quote or its
    chargeable cost lines (R-ACC-3), both with the service team's analytic
    distribution where the company uses analytic accounting.

    Finance alone fills, books, reverses and invoices (checked here, not only
    in the views: every public method is reachable over JSON-RPC). Everybody
    who reads the request reads its cost summary; accounts and entries only
    finance."""

    _inherit = "helpdesk.ticket"

    cost_line_ids = fields.One2many(
        "after_sales.cost.line",
        "ticket_id",
        string="Cost Lines",
        groups="base.group_user",
    )
    cost_company = fields.Monetary(
        string="Company Warranty Cost",
        compute="_compute_cost_summary",
        groups="base.group_user",
        currency_field="cost_currency_id",
    )
    cost_customer = fields.Monetary(
        string="Customer-Borne Cost",
        compute="_compute_cost_summary",
        groups="base.group_user",
        currency_field="cost_currency_id",
    )
    cost_supplier = fields.Monetary(
        string="Supplier-Borne Cost",
        compute="_compute_cost_summary",
        groups="base.group_user",
        currency_field="cost_currency_id",
    )
    cost_quality_loss = fields.Monetary(
        string="Quality Loss",
        compute="_compute_cost_summary",
        groups="base.group_user",
        currency_field="cost_currency_id",
    )
    cost_total = fields.Monetary(
        string="Total Cost",
        compute="_compute_cost_summary",
        groups="base.group_user",
        currency_field="cost_currency_id",
    )
    cost_currency_id = fields.Many2one(
        related="company_id.currency_id", groups="base.group_user"
    )
    costing_move_ids = fields.One2many(
        "account.move",
        "after_sales_ticket_id",
        string="Accounting Documents",
        groups=FINANCE,
    )
    costing_invoice_state = fields.Selection(
        INVOICE_STATES,
        string="Invoice",
        compute="_compute_costing_invoice_state",
        groups="base.group_user",
    )

    @api.depends("cost_line_ids.amount", "cost_line_ids.bearer", "cost_line_ids.state")
    def _compute_cost_summary(self):
        for ticket in self:
            sums = defaultdict(float)
            for line in ticket.cost_line_ids:
                if line.state != "reversed":
                    sums[line.bearer] += line.amount
            currency = ticket.company_id.currency_id
            ticket.cost_company = currency.round(sums[costing.COMPANY])
            ticket.cost_customer = currency.round(sums[costing.CUSTOMER])
            ticket.cost_supplier = currency.round(sums[costing.SUPPLIER])
            ticket.cost_quality_loss = currency.round(sums[costing.QUALITY_LOSS])
            ticket.cost_total = currency.round(sum(sums.values()))

    def _compute_costing_invoice_state(self):
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("after_sales_ticket_id", "in", self.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        by_ticket = defaultdict(list)
        for move in moves:
            by_ticket[move.after_sales_ticket_id.id].append(move)
        for ticket in self:
            invoices = by_ticket.get(ticket.id, [])
            state = "none"
            if invoices:
                state = "draft"
                posted = [m for m in invoices if m.state == "posted"]
                if posted:
                    paid = all(
                        m.payment_state in ("paid", "in_payment") for m in posted
                    )
                    state = "paid" if paid else "invoiced"
            ticket.costing_invoice_state = state

    # ------------------------------------------------------------------
    # Actions (finance)
    # ------------------------------------------------------------------

    def action_costing_refresh(self):
        """Button "Update Costs": the cost lines from the facts (R-ACC-1)."""
        self._check_costing_finance()
        for ticket in self:
            ticket._costing_refresh()
        return True

    def action_costing_book(self):
        """Button "Book Free Costs" (and the month-end batch of many requests):
        one posted journal entry per request (R-ACC-4)."""
        self._check_costing_finance()
        return self._costing_book().ids

    def action_costing_reverse(self):
        """Button "Reverse Booking": a correction reverses the posted entries
        and proposes the cost lines again (R-ACC-6)."""
        self._check_costing_finance()
        for ticket in self:
            ticket._costing_reverse()
        return True

    def action_costing_invoice(self):
        """Button "Invoice": the customer invoice of the confirmed quote, or
        else of the chargeable cost lines (R-ACC-3), a draft that finance
        checks and posts."""
        self.ensure_one()
        self._check_costing_finance()
        invoice = self._costing_invoice()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "view_mode": "form",
        }

    def action_view_costing_moves(self):
        """Smart button: the request's invoices and journal entries."""
        self.ensure_one()
        self._check_costing_finance()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accounting Documents"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("after_sales_ticket_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _check_costing_finance(self):
        if not (self.env.su or self.env.user.has_group(FINANCE)):
            raise AccessError(
                self.env._("Only finance books, reverses and invoices service costs.")
            )

    # ------------------------------------------------------------------
    # Cost lines from the facts (R-ACC-1)
    # ------------------------------------------------------------------

    def _costing_record_for(self, requisition):
        self.ensure_one()
        done = self.service_record_ids.filtered(lambda r: r.state == "done")
        return requisition.record_id or done.sorted("id")[-1:]

    def _costing_supplier(self, product):
        """The supplier to claim from: the part's first vendor, else the
        vendor of the request's equipment."""
        for candidate in (product, self.product_id):
            seller = candidate.seller_ids[:1] if candidate else False
            if seller:
                return seller.partner_id
        return self.env["res.partner"]

    def _costing_bearer(self, payer, record, goodwill):
        return costing.propose_bearer(
            payer,
            record.responsible_party or None,
            record.cause_category_id.code or None,
            goodwill,
        )

    def _costing_facts(self):
        """``{source_key: values}`` of the cost lines the facts give now."""
        self.ensure_one()
        ticket = self.sudo()
        company = ticket.company_id
        currency = company.currency_id
        goodwill = bool(ticket._signoff_approved())
        facts = {}
        parts_product = self.env["product.product"]
        for requisition in ticket.parts_requisition_ids:
            if requisition.state == "cancelled":
                continue
            record = ticket._costing_record_for(requisition)
            for line in requisition.line_ids:
                if currency.is_zero(line.value_consumed) and not line.quantity_used:
                    continue
                payer = costing.CUSTOMER if line.chargeable else costing.COMPANY
                bearer = ticket._costing_bearer(payer, record, goodwill)
                parts_product |= line.product_id
                facts[f"parts:{line.id}"] = {
                    "kind": "parts",
                    "name": line.product_id.display_name,
                    "product_id": line.product_id.id,
                    "quantity": line.quantity_used,
                    "unit_cost": line.unit_cost,
                    "amount": currency.round(line.value_consumed),
                    "bearer": bearer,
                    "supplier_id": ticket._costing_supplier(line.product_id).id
                    if bearer == costing.SUPPLIER
                    else False,
                    "requisition_line_id": line.id,
                    "record_id": record.id,
                }
        supplier_product = parts_product[:1]
        payers = {
            "labour": ticket.warranty_labour_payer,
            "travel": ticket.warranty_travel_payer,
        }
        for record in ticket.service_record_ids.filtered(lambda r: r.state == "done"):
            for kind, field in (
                ("labour", "labour_hours"),
                ("travel", "travel_distance"),
            ):
                quantity = ticket._costing_shown_quantity(record[field])
                if not quantity:
                    continue
                bearer = ticket._costing_bearer(payers[kind] or None, record, goodwill)
                if kind == "labour":
                    rate = ticket._costing_labour_rate(record)
                    name = self.env._("Labour of %(record)s", record=record.name)
                    amount = float(costing.line_amount(str(quantity), str(rate)))
                else:
                    zone = self.env["after_sales.travel.zone"]._zone_for(
                        company, quantity, ticket.distance_zone
                    )
                    name = self.env._("Travel of %(record)s", record=record.name)
                    if zone:
                        # A fixed amount per distance zone: one trip.
                        name = f"{name} ({zone.name})"
                        quantity, rate, amount = 1.0, zone.amount, zone.amount
                    else:
                        rate = company.after_sales_travel_rate
                        amount = float(costing.line_amount(str(quantity), str(rate)))
                facts[f"{kind}:{record.id}"] = {
                    "kind": kind,
                    "name": name,
                    "quantity": quantity,
                    "unit_cost": rate,
                    "amount": currency.round(amount),
                    "bearer": bearer,
                    "supplier_id": ticket._costing_supplier(supplier_product).id
                    if bearer == costing.SUPPLIER
                    else False,
                    "record_id": record.id,
                }
        facts.update(ticket._costing_bill_facts(goodwill, supplier_product))
        return facts

    def _costing_shown_quantity(self, quantity):
        """``quantity`` (a record's hours or kilometres) as the cost line keeps
        and shows it, to the precision of its quantity: the amount is computed
        from this, so that the hours shown × the rate is the amount shown
        (1 h 47 min is 1.79 h, 1.79 × 80 = 143.20, R-ACC-1) and the invoice of
        the line (quantity × unit price) gives the same amount."""
        digits = (
            self.env["after_sales.cost.line"]._fields["quantity"].get_digits(self.env)
        )
        return float_round(quantity or 0.0, precision_digits=digits[1])

    def _costing_labour_rate(self, record):
        """The rate of an hour of ``record``: its engineer's own rate (the
        highest when several engineers have one), else its service type's (the
        record's type is the request's), else the company's. A rate of 0 is
        "not set"."""
        record = record.sudo()
        rate = self.env["after_sales.engineer.rate"]._rate_of(record.engineer_ids)
        if rate:
            return rate
        service_type = record.service_type_id or self.sudo().service_type_id
        if service_type.after_sales_labour_rate:
            return service_type.after_sales_labour_rate
        return self.company_id.after_sales_labour_rate

    def _costing_bill_facts(self, goodwill, supplier_product):
        """Third-party costs: one line per posted vendor bill line naming the
        request, its untaxed balance in the company currency (quantity from the
        line, unit cost = amount / quantity). The bearer is proposed like the
        parts': who pays parts by the warranty, the cause and responsible party
        of the latest done record, an approved responsibility sign-off. Booked
        free, the line credits the bill line's account (the bill debited it:
        a reclassification to the bearer's account, never a second booking).

        Credit notes (``in_refund``) naming the request reduce them: a credit
        note line is netted against the bill lines of the same vendor and
        product naming the request, first those of the bill it reverses
        (``reversed_entry_id``), then the oldest; a bill line fully credited
        gives no cost, and what a credit note credits beyond the bills is
        dropped (a cost is never negative). A credit note posted after its bill
        line's cost was booked changes nothing booked: finance reverses the
        booking, and the cost is proposed again net of the credit note."""
        self.ensure_one()
        ticket = self.sudo()
        currency = ticket.company_id.currency_id
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("after_sales_ticket_id", "=", ticket.id),
                    ("company_id", "=", ticket.company_id.id),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                    ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                ],
                order="date, id",
            )
        )
        bills = lines.filtered(lambda line: line.move_id.move_type == "in_invoice")
        remaining = {line: line.balance for line in bills}
        for refund in lines - bills:
            credit = -refund.balance
            candidates = bills.filtered(
                lambda bill, refund=refund: bill.product_id == refund.product_id
                and bill.move_id.commercial_partner_id
                == refund.move_id.commercial_partner_id
            )
            # The lines of the bill it reverses first (a stable sort: then
            # the oldest).
            reversed_bill = refund.move_id.reversed_entry_id
            candidates = candidates.sorted(
                lambda bill, reversed_bill=reversed_bill: bill.move_id != reversed_bill
            )
            for bill in candidates:
                if currency.compare_amounts(credit, 0.0) <= 0:
                    break
                taken = min(credit, max(remaining[bill], 0.0))
                remaining[bill] -= taken
                credit -= taken
        payer = ticket.warranty_parts_payer or None
        record = ticket.service_record_ids.filtered(lambda r: r.state == "done")
        record = record.sorted("id")[-1:]
        bearer = ticket._costing_bearer(payer, record, goodwill)
        facts = {}
        for bill in bills:
            amount = currency.round(remaining[bill])
            if currency.compare_amounts(amount, 0.0) <= 0:
                continue
            quantity = abs(bill.quantity) or 1.0
            label = bill.name or bill.product_id.display_name
            facts[f"bill:{bill.id}"] = {
                "kind": "third_party",
                "name": f"{bill.move_id.name}: {label}",
                "product_id": bill.product_id.id,
                "quantity": quantity,
                "unit_cost": currency.round(amount / quantity),
                "amount": amount,
                "bearer": bearer,
                "supplier_id": ticket._costing_supplier(supplier_product).id
                if bearer == costing.SUPPLIER
                else False,
                "bill_line_id": bill.id,
                "record_id": record.id,
            }
        return facts

    def _costing_refresh(self):
        """Create, update or drop the draft cost lines that come from the facts;
        booked lines stay (a change after booking is corrected by a reversal),
        so do invoiced ones (until their invoice is cancelled);
        lines typed by finance (no source) stay. The bearer is proposed when a
        line is created, never overwritten afterwards (finance may change it)."""
        self.ensure_one()
        facts = self._costing_facts()
        Line = self.env["after_sales.cost.line"].with_context(
            after_sales_transition=TRANSITION
        )
        lines = self.cost_line_ids.filtered(
            lambda line: line.source_key and line.state != "reversed"
        )
        existing = {line.source_key: line for line in lines}
        # A cost on a customer invoice holds still until the invoice is
        # cancelled, like a booked one (R-ACC-3).
        held = lines.filtered(lambda line: line.state != "draft" or line._invoiced())
        to_create = []
        for key, values in facts.items():
            line = existing.get(key)
            if not line:
                to_create.append({**values, "ticket_id": self.id, "source_key": key})
                continue
            if line in held:
                continue
            changes = {
                name: values[name]
                for name in ("quantity", "unit_cost", "amount")
                if line[name] != values[name]
            }
            if changes:
                line.with_env(Line.env).write(changes)
        stale = (lines - held).filtered(lambda line: line.source_key not in facts)
        stale.unlink()
        Line.create(to_create)

    # ------------------------------------------------------------------
    # Booking free costs (R-ACC-4, R-ACC-6)
    # ------------------------------------------------------------------

    def _costing_account(self, setting):
        company = self.company_id
        if (
            setting == DEBIT_ACCOUNTS[costing.COMPANY]
            and company._after_sales_consumes_provision()
        ):
            setting = "after_sales_provision_account_id"
        return self._costing_company_account(company, setting)

    @api.model
    def _costing_company_account(self, company, setting):
        """The company's account (or journal) of ``setting``, or a translated
        error naming the setting to fill."""
        account = company[setting]
        if not account:
            raise UserError(
                self.env._(
                    "Set the %(setting)s of %(company)s in the After-Sales settings "
                    "first.",
                    setting=company._fields[setting]._description_string(self.env),
                    company=company.name,
                )
            )
        return account

    def _costing_parts_account(self, line):
        """The account ``stock_account`` debited when the parts reached the
        consumption location: the free-cost entry credits it (a
        reclassification, never a second booking of the parts)."""
        location = line.requisition_line_id.requisition_id.warehouse_id.sudo()
        location = location.after_sales_consumption_location_id
        account = location.valuation_in_account_id
        if not account and line.product_id:
            accounts = line.product_id.product_tmpl_id.with_company(
                self.company_id
            ).get_product_accounts()
            account = accounts.get("stock_output")
        if not account:
            raise UserError(
                self.env._(
                    "%(part)s has no stock output account and the consumption "
                    "location no valuation account: the parts' cost cannot be "
                    "booked.",
                    part=line.name,
                )
            )
        return account

    def _costing_payer(self, line):
        """Who pays this cost by the warranty (or the parts line's charge)."""
        if line.kind == "parts" and line.requisition_line_id:
            # A free part the warranty does not cover is goodwill (the same
            # rule as the parts gate).
            return (
                costing.COMPANY
                if line.requisition_line_id.sudo().warranty_free
                else costing.CUSTOMER
            )
        if line.kind == "labour":
            return self.warranty_labour_payer
        if line.kind == "travel":
            return self.warranty_travel_payer
        return self.warranty_parts_payer

    def _costing_check_book(self, free, date, journal):
        """Why ``free`` cannot be booked on ``date``: raise a translated
        ``UserError`` before anything is written."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        if not free:
            raise UserError(
                self.env._(
                    "%(ticket)s has no free cost to book: its free costs are "
                    "booked already or there are none.",
                    ticket=self.display_name,
                )
            )
        for line in free:
            if line.company_id != company:
                raise UserError(
                    self.env._(
                        "Cost %(line)s belongs to another company than %(ticket)s.",
                        line=line.name,
                        ticket=self.display_name,
                    )
                )
            if currency.compare_amounts(line.amount, 0.0) < 0:
                raise UserError(
                    self.env._(
                        "Cost %(line)s is negative: correct it before booking.",
                        line=line.name,
                    )
                )
            if line.bearer == costing.SUPPLIER and not line.supplier_id:
                raise UserError(
                    self.env._(
                        "Cost %(line)s is borne by a supplier: name the supplier "
                        "to claim from.",
                        line=line.name,
                    )
                )
        violated = company._get_violated_lock_dates(date, False, journal)
        if violated:
            raise UserError(
                self.env._(
                    "The period of %(date)s is closed (locked until %(lock)s): "
                    "free costs are booked in an open period.",
                    date=fields.Date.to_string(date),
                    lock=fields.Date.to_string(violated[-1][0]),
                )
            )
        goodwill = sum(
            line.amount
            for line in free
            if self._costing_payer(line) != warranty.COMPANY
        )
        reasons = self._signoff_free_cost_blockers(currency.round(goodwill))
        if reasons:
            raise UserError("\n".join(reasons))

    def _costing_analytic_distribution(self):
        """The service team's analytic distribution (R-ACC-4), ``False``
        without a team, a distribution or analytic accounting."""
        self.ensure_one()
        team = self.sudo().team_id
        return team._after_sales_analytic_distribution() if team else False

    def _costing_move_vals(self, free, date, journal):
        self.ensure_one()
        currency = self.company_id.currency_id
        analytic = self._costing_analytic_distribution()
        debit_lines = []
        credits = defaultdict(float)
        for line in free:
            if currency.is_zero(line.amount):
                continue
            account = self._costing_account(DEBIT_ACCOUNTS[line.bearer])
            debit_lines.append(
                Command.create(
                    {
                        "name": f"{self.name}: {line.name}",
                        "account_id": account.id,
                        "partner_id": line.supplier_id.id
                        if line.bearer == costing.SUPPLIER
                        else False,
                        "debit": line.amount,
                        "credit": 0.0,
                        "analytic_distribution": analytic,
                    }
                )
            )
            if line.kind == "parts":
                credit = self._costing_parts_account(line)
            elif line.bill_line_id:
                # The vendor bill debited its line's account already: the
                # booking reclassifies it to the bearer's account.
                credit = line.bill_line_id.sudo().account_id
            else:
                credit = self._costing_account(CREDIT_ACCOUNTS[line.kind])
            credits[credit] += line.amount
        credit_lines = [
            Command.create(
                {
                    "name": self.name,
                    "account_id": account.id,
                    "debit": 0.0,
                    "credit": currency.round(amount),
                }
            )
            for account, amount in credits.items()
        ]
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "date": date,
            "ref": self.env._("After-sales cost of %(ticket)s", ticket=self.name),
            "after_sales_ticket_id": self.id,
            "line_ids": debit_lines + credit_lines,
        }

    def _costing_book(self, date=None):
        """Post one entry per request of its free draft cost lines. The lines
        of all the requests are locked first, so a second click or a second
        user at once finds them booked and posts nothing; every request is
        checked before anything is written; the entries of a batch (the
        month-end run) are created and posted together. A batch skips the
        requests with no free cost to book; any other refusal stops it."""
        date = date or fields.Date.context_today(self)
        lines = self.cost_line_ids._lock_for_transition()
        free_lines = lines.filtered(
            lambda line: line.state == "draft"
            and line.bearer in costing.FREE_BEARERS
            and not line.currency_id.is_zero(line.amount)
        )
        tickets = self
        if len(self) > 1:
            # The month-end batch skips the requests with nothing free to
            # book; one with nothing at all is an error.
            tickets = self & free_lines.ticket_id
            tickets = tickets or self[:1]
        free_by_ticket = defaultdict(lambda: self.env["after_sales.cost.line"])
        for line in lines:
            if line.state == "draft" and line.bearer in costing.FREE_BEARERS:
                free_by_ticket[line.ticket_id] |= line
        plans = []
        for ticket in tickets:
            free = free_by_ticket[ticket]
            journal = ticket._costing_account("after_sales_cost_journal_id")
            ticket._costing_check_book(free, date, journal)
            vals = ticket._costing_move_vals(free, date, journal)
            if not vals["line_ids"]:
                raise UserError(
                    self.env._(
                        "%(ticket)s has no free cost to book: its free costs are "
                        "booked already or there are none.",
                        ticket=ticket.display_name,
                    )
                )
            plans.append((free, vals))
        moves = self.env["account.move"].create([vals for _free, vals in plans])
        moves.action_post()
        for (free, _vals), move in zip(plans, moves, strict=True):
            free._transition_write({"state": "booked", "move_id": move.id})
        return moves

    def _costing_reverse(self):
        """Reverse the request's posted cost entries (never edit them) and
        propose the cost lines again from the facts."""
        self.ensure_one()
        lines = self.cost_line_ids._lock_for_transition()
        booked = lines.filtered(lambda line: line.state == "booked")
        if not booked:
            raise UserError(
                self.env._(
                    "%(ticket)s has no booked cost to reverse.",
                    ticket=self.display_name,
                )
            )
        moves = booked.move_id.filtered(lambda move: move.state == "posted")
        moves._reverse_moves(
            [
                {
                    "date": fields.Date.context_today(self),
                    "ref": self.env._("Reversal of %(move)s", move=move.name),
                }
                for move in moves
            ],
            cancel=True,
        )
        booked._transition_write({"state": "reversed"})
        self._costing_refresh()

    # ------------------------------------------------------------------
    # Customer invoice of chargeable work (R-ACC-3)
    # ------------------------------------------------------------------

    def _costing_invoice(self):
        """A draft customer invoice of the confirmed quote, or else of the
        request's chargeable cost lines not invoiced yet (R-ACC-3)."""
        self.ensure_one()
        self.env["helpdesk.ticket"].browse(self.ids)._lock_for_costing()
        quote = self._quote_confirmed()
        if quote:
            return self._costing_invoice_quote(quote)
        lines = self._costing_uninvoiced_lines()
        if not lines:
            raise UserError(
                self.env._(
                    "%(ticket)s has no quote confirmed by the customer to invoice "
                    "and no chargeable cost that is not invoiced yet.",
                    ticket=self.display_name,
                )
            )
        return self._costing_invoice_lines(lines)

    def _costing_invoice_partner(self):
        partner = self.commercial_partner_id or self.partner_id
        if not partner:
            raise UserError(self.env._("The request names no customer to invoice."))
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(partner)
        )
        return partner, fiscal_position

    def _costing_invoice_product(self, kind, product=None):
        """The line's product, else the company's service product of its kind
        (third-party and other work on the labour product)."""
        company = self.company_id
        if product:
            return product
        setting = INVOICE_PRODUCTS.get(kind, INVOICE_PRODUCTS["labour"])
        if not company[setting]:
            raise UserError(
                self.env._(
                    "Set the %(setting)s of %(company)s in the After-Sales "
                    "settings first.",
                    setting=company._fields[setting]._description_string(self.env),
                    company=company.name,
                )
            )
        return company[setting]

    def _costing_uninvoiced_lines(self):
        """The draft customer-borne cost lines on no invoice (a cancelled
        invoice frees its lines)."""
        self.ensure_one()
        lines = self.cost_line_ids._lock_for_transition()
        return lines.filtered(
            lambda line: line.state == "draft"
            and line.bearer == costing.CUSTOMER
            and (
                not line.invoice_line_id
                or line.invoice_line_id.parent_state == "cancel"
            )
        )

    def _costing_invoice_lines(self, lines):
        """A draft customer invoice of the chargeable cost ``lines``, priced
        by the quote rule (cost + the company's markup on its base, the same
        function as a quote); taxes from the products mapped by the
        customer's fiscal position; each cost line linked to its invoice line
        so that it is never invoiced twice."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        for line in lines:
            if currency.compare_amounts(line.amount, 0.0) < 0:
                raise UserError(
                    self.env._(
                        "Cost %(line)s is negative: correct it before invoicing.",
                        line=line.name,
                    )
                )
        partner, fiscal_position = self._costing_invoice_partner()
        # The quote's pricing policy of the company (markup, base, VAT).
        policy = self.env["after_sales.quote"].sudo().new({"company_id": company.id})
        try:
            priced = quote_rule.price_quote(
                [
                    quote_rule.QuoteLine(
                        kind=line.kind
                        if line.kind in quote_rule.KINDS
                        else quote_rule.LABOUR,
                        quantity=Decimal(1),
                        unit_cost=Decimal(
                            float_repr(line.amount, currency.decimal_places)
                        ),
                    )
                    for line in lines
                ],
                **policy._pricing_kwargs(),
            )
        except RuleInputError as error:
            raise UserError(
                rule_message(self.env, error.template, error.params)
            ) from error
        analytic = self._costing_analytic_distribution()
        invoice_lines = []
        for line, price in zip(lines, priced.lines, strict=True):
            product = self._costing_invoice_product(line.kind, line.product_id)
            taxes = fiscal_position.map_tax(
                product.taxes_id._filter_taxes_by_company(company)
            )
            quantity, price_unit = self._costing_invoice_quantity(
                line.quantity, price.untaxed
            )
            invoice_lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": line.name,
                        "quantity": quantity,
                        "price_unit": price_unit,
                        "after_sales_cost_line_id": line.id,
                        "tax_ids": [Command.set(taxes.ids)],
                        "analytic_distribution": analytic,
                    }
                )
            )
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "fiscal_position_id": fiscal_position.id,
                    "invoice_origin": self.name,
                    "ref": self.name,
                    "after_sales_ticket_id": self.id,
                    "invoice_line_ids": invoice_lines,
                }
            )
        )
        for line, invoice_line in zip(lines, invoice.invoice_line_ids, strict=True):
            line._transition_write({"invoice_line_id": invoice_line.id})
        return invoice

    def _costing_invoice_quantity(self, quantity, untaxed):
        """``(quantity, unit price)`` of an invoice line worth ``untaxed``:
        the cost line's quantity when its unit price is exact in the price
        digits, else one unit at ``untaxed`` (the invoice adds up to the
        rule's price to the fen)."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        quantity = quantity or 1.0
        price_unit = float_round(float(untaxed) / quantity, precision_digits=digits)
        currency = self.company_id.currency_id
        if currency.compare_amounts(price_unit * quantity, float(untaxed)):
            return 1.0, float(untaxed)
        return quantity, price_unit

    def _costing_invoice_quote(self, quote):
        """A draft customer invoice of the confirmed quote: one line per quote
        line on its product (or the company's service product of its kind),
        the quote's VAT mapped by the customer's fiscal position."""
        Move = self.env["account.move"]
        if Move.sudo().search_count(
            [("after_sales_quote_id", "=", quote.id), ("state", "!=", "cancel")]
        ):
            raise UserError(
                self.env._(
                    "%(quote)s is invoiced already.",
                    quote=quote.name,
                )
            )
        partner, fiscal_position = self._costing_invoice_partner()
        company = self.company_id
        taxes = fiscal_position.map_tax(quote.tax_id)
        analytic = self._costing_analytic_distribution()
        invoice_lines = []
        for line in quote.line_ids:
            product = self._costing_invoice_product(line.kind, line.product_id)
            quantity = line.quantity or 1.0
            invoice_lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": line.name,
                        "quantity": quantity,
                        "price_unit": line.price_subtotal / quantity,
                        "tax_ids": [Command.set(taxes.ids)],
                        "analytic_distribution": analytic,
                    }
                )
            )
        return Move.with_company(company).create(
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": partner.id,
                "fiscal_position_id": fiscal_position.id,
                "invoice_origin": quote.name,
                "ref": self.name,
                "after_sales_ticket_id": self.id,
                "after_sales_quote_id": quote.id,
                "invoice_line_ids": invoice_lines,
            }
        )

    def _lock_for_costing(self):
        """Lock the request rows (two users invoicing at once invoice once)."""
        if self.ids:
            self.env.cr.execute(
                "SELECT id FROM helpdesk_ticket WHERE id IN %s FOR UPDATE",
                (tuple(self.ids),),
                log_exceptions=False,
            )
        return self
