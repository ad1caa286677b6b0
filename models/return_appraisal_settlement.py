# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from ..tools import warranty

FINANCE = "after_sales_service.group_finance"


class AfterSalesReturnAppraisal(models.Model):
    """What an approved appraisal sets going (R-WAR-6, R-WAR-7).

    Approving a return or an exchange creates the return transfer of the unit
    from the customer (a receipt of the request's warehouse, the unit's serial
    on it); an exchange also creates a new delivery of the same model at no
    charge. Finance then makes the return's credit note: the invoice price and,
    as its own visible line, the depreciation fee with the appraisal's
    arithmetic. Each document is linked to the appraisal and the request.
    """

    _inherit = "after_sales.return.appraisal"
    # The documents an approval and finance make change only through them.
    _transition_fields = (
        "state",
        "decided_by_id",
        "decided_date",
        "return_picking_id",
        "exchange_picking_id",
        "credit_note_id",
        "sale_invoice_id",
    )

    return_picking_id = fields.Many2one(
        "stock.picking",
        string="Return of the Unit",
        readonly=True,
        copy=False,
        groups="stock.group_stock_user",
    )
    exchange_picking_id = fields.Many2one(
        "stock.picking",
        string="Exchange Delivery",
        readonly=True,
        copy=False,
        groups="stock.group_stock_user",
    )
    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        groups=FINANCE,
    )

    credit_note_state = fields.Selection(
        related="credit_note_id.state", string="Credit Note Status", groups=FINANCE
    )
    sale_invoice_id = fields.Many2one(
        "account.move",
        string="Customer Invoice",
        readonly=True,
        copy=False,
        groups=FINANCE,
        help="The unit's invoice its credit note reverses.",
    )

    def _do_decide(self, state):
        result = super()._do_decide(state)
        if state == "approved":
            for appraisal in self:
                appraisal.sudo()._settle_pickings()
        return result

    def action_open_credit_note_wizard(self):
        """Button "Credit Note" (finance): the wizard proposes the unit's
        invoice to reverse; finance confirms or chooses another."""
        self.ensure_one()
        self._check_credit_note_finance()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Note of the Return"),
            "res_model": "after_sales.credit.note.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_appraisal_id": self.id},
        }

    def action_create_credit_note(self, invoice_id=None):
        """The draft credit note of an approved return, the depreciation fee on
        its own line; ``invoice_id``: the customer invoice of the unit it
        reverses (else the one found by customer, product and date)."""
        self.ensure_one()
        self._check_credit_note_finance()
        if invoice_id is not None and not isinstance(invoice_id, int | bool):
            raise UserError(self.env._("Choose the invoice to credit from the list."))
        self._lock_for_transition()
        invoice = self.env["account.move"].browse(invoice_id or [])
        credit_note = self._settle_credit_note(invoice=invoice or None)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit_note.id,
            "view_mode": "form",
        }

    def _check_credit_note_finance(self):
        if not (self.env.su or self.env.user.has_group(FINANCE)):
            raise AccessError(self.env._("Only finance makes credit notes."))

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _settle_warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )

    def _settle_picking(self, picking_type, source, destination):
        ticket = self.ticket_id
        product = ticket.product_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": ticket.partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": f"{self.name} / {ticket.display_name}",
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": 1.0,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        if picking.picking_type_code == "incoming" and ticket.lot_id:
            # The unit that comes back is the request's serial.
            picking.action_assign()
            picking.move_line_ids.write({"lot_id": ticket.lot_id.id})
        return picking

    def _settle_pickings(self):
        """The return of the unit (return, exchange) and the new unit's delivery
        (exchange); nothing for a unit that is no stock product."""
        self.ensure_one()
        product = self.ticket_id.product_id
        if (
            self.remedy not in (warranty.RETURN, warranty.EXCHANGE)
            or not product.is_storable
            or self.return_picking_id
        ):
            return
        warehouse = self._settle_warehouse()
        if not warehouse:
            return
        customers = self.env.ref("stock.stock_location_customers")
        vals = {
            "return_picking_id": self._settle_picking(
                warehouse.in_type_id, customers, warehouse.lot_stock_id
            ).id
        }
        if self.remedy == warranty.EXCHANGE:
            vals["exchange_picking_id"] = self._settle_picking(
                warehouse.out_type_id, warehouse.lot_stock_id, customers
            ).id
        self._transition_write(vals)

    def _settle_credit_note(self, invoice=None):
        """The draft credit note of an approved return (R-WAR-6), reversing
        ``invoice`` when given, else the unit's invoice found: the appraisal's
        price read as the invoice shows it (``_settle_invoice_basis``), never
        more than the invoice still allows (``_settle_check_creditable``)."""
        self.ensure_one()
        if self.state != "approved" or self.remedy != warranty.RETURN:
            raise UserError(self.env._("Only an approved return gets a credit note."))
        if self.sudo().credit_note_id.filtered(lambda m: m.state != "cancel"):
            raise UserError(
                self.env._(
                    "%(appraisal)s has its credit note already.",
                    appraisal=self.name,
                )
            )
        ticket = self.ticket_id
        partner = ticket.commercial_partner_id or ticket.partner_id
        product = ticket.product_id
        company = self.company_id
        invoice_line = self._settle_invoice_line(invoice)
        price, fee = self.invoice_price, self.depreciation_amount
        if invoice_line:
            # A reversal of the unit's invoice: its taxes (and their
            # price-included setting) and its fiscal position.
            taxes = invoice_line.tax_ids
            fiscal_position = invoice_line.move_id.fiscal_position_id
            partner = invoice_line.move_id.commercial_partner_id
            price, fee = self._settle_invoice_basis(invoice_line)
            self._settle_check_creditable(invoice_line, taxes, price - fee)
        else:
            fiscal_position = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(partner)
            )
            taxes = fiscal_position.map_tax(
                product.taxes_id._filter_taxes_by_company(company)
            )
        lines = [
            Command.create(
                {
                    "product_id": product.id,
                    "name": self.env._(
                        "Return of %(product)s (%(appraisal)s)",
                        product=product.display_name,
                        appraisal=self.name,
                    ),
                    "quantity": 1.0,
                    "price_unit": price,
                    "tax_ids": [Command.set(taxes.ids)],
                }
            )
        ]
        if self.depreciation_applies and not self.currency_id.is_zero(
            self.depreciation_amount
        ):
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "Depreciation fee: %(arithmetic)s",
                            arithmetic=self.depreciation_arithmetic,
                        ),
                        "quantity": 1.0,
                        "price_unit": -fee,
                        "tax_ids": [Command.set(taxes.ids)],
                    }
                )
            )
        credit_note = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "company_id": self.company_id.id,
                    "partner_id": partner.id,
                    "invoice_origin": self.name,
                    "ref": ticket.display_name,
                    "after_sales_ticket_id": ticket.id,
                    "fiscal_position_id": fiscal_position.id,
                    # Posting reconciles it with the invoice's open
                    # receivable (account.move._post); a paid invoice's
                    # credit note stays open for the refund payment.
                    "reversed_entry_id": invoice_line.move_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )
        self.sudo()._transition_write(
            {
                "credit_note_id": credit_note.id,
                "sale_invoice_id": invoice_line.move_id.id,
            }
        )
        return credit_note

    def _settle_invoice_basis(self, invoice_line):
        """``(price, fee)``: the appraisal's invoice price and depreciation fee
        as unit prices of the credit note's lines, which carry the invoice
        line's taxes (R-WAR-6).

        The rule: the appraisal's invoice price is the 开票价 (004 §8.6), the
        unit's price as the invoice shows it, VAT included (its line's total
        per unit) — unless it equals the invoice line's untaxed unit price, in
        which case it is read as untaxed. The fee, computed on that price,
        is read the same way. Both are then put in the invoice line's own
        price basis (its price-included taxes or not): × its unit price ÷ its
        total per unit (or ÷ its untaxed price per unit), so that VAT is never
        added a second time to a tax-inclusive price."""
        currency = self.currency_id
        line = invoice_line.sudo()
        quantity = line.quantity or 1.0
        basis = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
        untaxed = line.price_subtotal / quantity
        total = line.price_total / quantity
        read_as = (
            untaxed
            if not currency.compare_amounts(self.invoice_price, untaxed)
            else total
        )
        if currency.is_zero(read_as):
            return self.invoice_price, self.depreciation_amount
        factor = basis / read_as
        return (
            currency.round(self.invoice_price * factor),
            currency.round(self.depreciation_amount * factor),
        )

    def _settle_check_creditable(self, invoice_line, taxes, price):
        """The credit note never credits more than the invoice it reverses
        still allows: the invoice's total less the credit notes (not
        cancelled) already made against it (R-WAR-6). ``price``: the credit
        note's untaxed-basis price (the return less the fee) with ``taxes``."""
        invoice = invoice_line.move_id.sudo()
        currency = invoice.currency_id
        credited = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("reversed_entry_id", "=", invoice.id),
                    ("move_type", "=", "out_refund"),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        allowed = invoice.amount_total - sum(credited.mapped("amount_total"))
        credit = taxes.compute_all(
            price,
            currency=currency,
            quantity=1.0,
            product=self.ticket_id.product_id,
            partner=invoice.commercial_partner_id,
        )["total_included"]
        if currency.compare_amounts(credit, allowed) > 0:
            raise UserError(
                self.env._(
                    "The credit note of %(appraisal)s (%(credit)s) would credit "
                    "more than %(invoice)s still allows (%(allowed)s: its total "
                    "less the credit notes already made against it). Check the "
                    "appraisal's invoice price (%(price)s): it is the unit's "
                    "price on that invoice, VAT included.",
                    appraisal=self.name,
                    credit=formatLang(self.env, credit, currency_obj=currency),
                    invoice=invoice.display_name,
                    allowed=formatLang(self.env, allowed, currency_obj=currency),
                    price=formatLang(
                        self.env, self.invoice_price, currency_obj=currency
                    ),
                )
            )

    def _settle_invoice_line(self, invoice=None):
        """The posted customer-invoice line of the returned unit: the line of
        the request's product on ``invoice`` (finance's choice: it must be a
        posted invoice of the customer that invoices the unit), else the
        customer's invoice of the product dated the request's purchase/invoice
        date first, else the latest."""
        self.ensure_one()
        ticket = self.ticket_id
        partner = ticket.commercial_partner_id or ticket.partner_id
        if invoice is not None:
            invoice = invoice.sudo()
            line = invoice.invoice_line_ids.filtered(
                lambda line: line.product_id == ticket.product_id
            )[:1]
            if (
                invoice.move_type != "out_invoice"
                or invoice.state != "posted"
                or invoice.company_id != self.company_id
                or invoice.commercial_partner_id != partner.commercial_partner_id
                or not line
            ):
                raise UserError(
                    self.env._(
                        "%(invoice)s is no posted invoice of %(customer)s for "
                        "%(product)s: choose the unit's invoice.",
                        invoice=invoice.display_name,
                        customer=partner.display_name,
                        product=ticket.product_id.display_name,
                    )
                )
            return line
        if not (partner and ticket.product_id):
            return self.env["account.move.line"]
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                    ("product_id", "=", ticket.product_id.id),
                    ("move_id.commercial_partner_id", "=", partner.id),
                ],
                order="date desc, id desc",
            )
        )
        dated = lines.filtered(
            lambda line: line.move_id.invoice_date == ticket.purchase_date
        )
        return (dated or lines)[:1]
