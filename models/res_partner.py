# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Customer archive flags (R-IN-3).

    A key customer (重点客户) is an institution, a customer flagged by hand, or one
    whose posted invoices exceed the company's key-customer amount.
    """

    _inherit = "res.partner"

    after_sales_institution = fields.Boolean(
        string="Institution",
        help="Government agency or public institution (机关事业单位): always a key "
        "customer.",
    )
    after_sales_key_manual = fields.Boolean(
        string="Key Customer by Decision",
        help="Flag a key customer regardless of purchases.",
    )
    after_sales_key_customer = fields.Boolean(
        string="Key Customer",
        compute="_compute_after_sales_key_customer",
        search="_search_after_sales_key_customer",
    )
    after_sales_contract_months = fields.Integer(
        string="Contract Warranty (Months)",
        help="Warranty set by this customer's contract for all its units; a "
        "serial's own contract beats it. 0: none.",
    )
    # Network outlets (网点, R-RPT-3; 004 §3 "不含网点1087件"): a partner's
    # workshop repairing for the company; the year counts its repairs apart.
    is_service_outlet = fields.Boolean(
        string="Service Outlet",
        help="A network outlet or partner workshop (网点) that does service visits "
        "for the company: the yearly figures count its repairs apart from the "
        "own engineers'.",
    )

    @api.constrains("after_sales_contract_months")
    def _check_after_sales_contract_months(self):
        for partner in self:
            if not 0 <= partner.after_sales_contract_months <= 1200:
                raise ValidationError(
                    self.env._(
                        "The contract warranty of %(partner)s must lie between 0 and "
                        "1,200 months.",
                        partner=partner.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "after_sales_contract_months" in vals:
            # Re-determine the open requests of these customers (R-WAR-8); one
            # request with invalid facts of its own never blocks the customer.
            tickets = (
                self.env["helpdesk.ticket"]
                .sudo()
                .search([("commercial_partner_id", "in", self.ids)])
            )
            tickets._warranty_update(strict=False)
        return result

    def _after_sales_purchase_totals(self, partners):
        """Posted sales (untaxed, company currency) per commercial partner id."""
        domain = [
            ("state", "not in", ("draft", "cancel")),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("company_id", "=", self.env.company.id),
        ]
        if partners is not None:
            domain.append(("commercial_partner_id", "in", partners.ids))
        groups = (
            self.env["account.invoice.report"]
            .sudo()
            ._read_group(domain, ["commercial_partner_id"], ["price_subtotal:sum"])
        )
        return {partner.id: total for partner, total in groups}

    def _after_sales_key_by_purchases(self, partners=None):
        company = self.env.company
        totals = self._after_sales_purchase_totals(partners)
        return {
            partner_id
            for partner_id, total in totals.items()
            if company.currency_id.compare_amounts(
                total, company.after_sales_key_customer_amount
            )
            > 0
        }

    @api.depends(
        "commercial_partner_id.after_sales_institution",
        "commercial_partner_id.after_sales_key_manual",
    )
    @api.depends_context("company")
    def _compute_after_sales_key_customer(self):
        commercial = self.commercial_partner_id.filtered("id")
        by_purchases = (
            self._after_sales_key_by_purchases(commercial) if commercial else set()
        )
        for partner in self:
            top = partner.commercial_partner_id
            partner.after_sales_key_customer = bool(
                top.after_sales_institution
                or top.after_sales_key_manual
                or top.id in by_purchases
            )

    def _search_after_sales_key_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        key_domain = [
            "|",
            "|",
            ("commercial_partner_id.after_sales_institution", "=", True),
            ("commercial_partner_id.after_sales_key_manual", "=", True),
            ("commercial_partner_id", "in", list(self._after_sales_key_by_purchases())),
        ]
        if (operator == "=") == value:
            return key_domain
        return ["!", *key_domain]
