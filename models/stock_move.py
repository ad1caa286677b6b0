# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .const import PARTS_MOVE_KINDS
from .paper_form import (
    form,
    print_amount,
    print_date,
    print_part,
    print_quantity,
    print_user,
)


class StockMove(models.Model):
    _inherit = "stock.move"

    after_sales_requisition_line_id = fields.Many2one(
        "after_sales.parts.requisition.line",
        string="Requisition Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    after_sales_parts_kind = fields.Selection(
        PARTS_MOVE_KINDS, string="After-Sales Movement", copy=False, readonly=True
    )

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "internal"
        )._after_sales_parts_arrived()
        return moves

    def _after_sales_unit_cost(self):
        """The unit cost the valuation booked for this move (printed notes)."""
        self.ensure_one()
        layers = self.sudo().stock_valuation_layer_ids
        quantity = sum(layers.mapped("quantity"))
        if quantity:
            return abs(sum(layers.mapped("value")) / quantity)
        if self.picking_code == "incoming" and self.price_unit:
            return self.price_unit  # a receipt not yet booked: the buying price
        return self.product_id.standard_price

    def _after_sales_parts_arrived(self):
        """Parts received into stock: the purchase plans waiting for them learn of
        it (R-PRT-4). Extended by the purchase plan."""
        return True


class StockPicking(models.Model):
    _inherit = "stock.picking"

    after_sales_requisition_id = fields.Many2one(
        "after_sales.parts.requisition",
        string="Parts Requisition",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _after_sales_kind(self):
        """issue, return, transfer, receipt or False: which note this is."""
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        if self.picking_type_id.code == "incoming":
            return "receipt"
        return {
            warehouse.after_sales_issue_type_id: "issue",
            warehouse.after_sales_return_type_id: "return",
            warehouse.after_sales_transfer_type_id: "transfer",
        }.get(self.picking_type_id, False)

    def _after_sales_document_title(self):
        env = self.env
        return {
            "issue": env._("Parts Issue Note"),
            "return": env._("Parts Return Note"),
            "transfer": env._("Parts Transfer Note"),
            "receipt": env._("Parts Receipt Note"),
        }.get(self._after_sales_kind(), env._("Transfer Note"))

    def _after_sales_copy_labels(self):
        """The copies of the printed note and who gets each (seed 003): the issue
        note in four, the transfer note in five, the receipt note in three."""
        return [copy["label"] for copy in self._after_sales_copies()]

    def _after_sales_copies(self):
        """One dict per copy, in print order: ``label`` (第N联:role) and
        ``costs``, whether the copy prints the company's costs. The customer's
        copy of the issue note (第4联 用户) does not: the unit cost and value are
        the company's internal figures (issue #20)."""
        env = self.env
        customer_copy = (
            env._("End User") if self._after_sales_kind() == "issue" else None
        )
        return [
            {
                "label": copy_label(env, number, role),
                "costs": role != customer_copy,
            }
            for number, role in enumerate(self._after_sales_copy_roles(), start=1)
        ]

    def _after_sales_copy_roles(self):
        env = self.env
        kind = self._after_sales_kind()
        if kind == "issue":
            return [
                env._("Invoicing Clerk"),
                env._("Warehouse Keeper"),
                env._("Accounts Office"),
                env._("End User"),
            ]
        if kind == "transfer":
            return [
                env._("Materials Accountant"),
                env._("Warehouse Keeper"),
                env._("Accountant"),
                env._("Receiving Unit"),
                env._("Finance Department"),
            ]
        if kind == "receipt":
            # 003 入库单: 第壹联仓库记帐联, 第二联财会记帐联, 第三联交采购员作结算凭证.
            return [
                env._("Warehouse Ledger"),
                env._("Accounts Ledger"),
                env._("Purchaser (Settlement)"),
            ]
        return [env._("Stub"), env._("Warehouse Keeper"), env._("Accounts Office")]

    # -- the printed note (R-PRT-5, seed 003) ---------------------------------

    def _after_sales_print_forms(self):
        """The note's paper forms, one per copy (report_parts_picking)."""
        self.ensure_one()
        env = self.env
        meta = [
            (env._("No."), self.name),
            (env._("Date"), print_date(env, self.date_done or self.scheduled_date)),
        ]
        info = self._after_sales_print_info()
        lines = self._after_sales_print_lines()
        currency = self.company_id.currency_id
        forms = []
        for copy in self._after_sales_copies():
            costs = copy["costs"]
            headers = [
                (env._("Seq."), False),
                (env._("Part Code"), False),
                (env._("Part Name"), False),
                (env._("Serial Number"), False),
                (env._("Unit of Measure"), False),
                (env._("Quantity"), True),
            ]
            if costs:
                headers += [(env._("Unit Price"), True), (env._("Amount"), True)]
            rows = []
            for number, line in enumerate(lines, start=1):
                row = [
                    str(number),
                    line["code"],
                    line["name"],
                    line["lot"],
                    line["uom"],
                    line["quantity"],
                ]
                if costs:
                    row += [
                        print_amount(env, line["unit_cost"], currency),
                        print_amount(env, line["amount"], currency),
                    ]
                rows.append(row)
            totals = None
            if costs:
                total = sum(line["amount"] for line in lines)
                totals = (
                    [env._("Total")] + [""] * 6 + [print_amount(env, total, currency)]
                )
            forms.append(
                form(
                    self._after_sales_document_title(),
                    copy["label"],
                    meta,
                    info,
                    headers,
                    rows,
                    self._after_sales_print_signatures(),
                    totals=totals,
                )
            )
        return forms

    def _after_sales_print_info(self):
        """The head of the note: where the parts come from and go to, by the
        names the service points use, and what the movement is for."""
        env = self.env
        kind = self._after_sales_kind()
        requisition = self.after_sales_requisition_id
        source = self._after_sales_print_place(self.location_id)
        destination = self._after_sales_print_place(self.location_dest_id)
        if kind == "transfer":
            info = [
                (env._("Sending Unit"), source),
                (env._("Receiving Unit"), destination),
            ]
        elif kind == "receipt":
            info = [
                (env._("Supplier"), self.partner_id.name or ""),
                (env._("Received Into"), destination),
            ]
        elif kind == "return":
            info = [
                (env._("Returned From"), source),
                (env._("Returned To"), destination),
            ]
        else:
            info = [
                (env._("Issued From"), source),
                (env._("Issued To"), destination),
            ]
        if requisition:
            info += [
                (env._("Request"), requisition.ticket_id.number or ""),
                (env._("Requisition"), requisition.name),
                (env._("Customer"), requisition.partner_id.name or ""),
                (env._("Engineer"), requisition.engineer_id.name or ""),
            ]
        elif self.partner_id and kind != "receipt":
            info.append((env._("Customer"), self.partner_id.name))
        return info

    def _after_sales_print_place(self, location):
        """A location of the note by its short name; a partner's location (a
        supplier, a customer) by the partner of the note."""
        if location.usage in ("supplier", "customer"):
            return self.partner_id.name or ""
        return location._after_sales_print_name()

    def _after_sales_print_lines(self):
        """The parts of the note: the done move lines (with their serial
        numbers) once done, the moves before; quantities in the product's unit,
        the unit cost the valuation booked."""
        env = self.env
        lines = []
        if self.state == "done":
            for move_line in self.move_line_ids:
                move = move_line.move_id
                quantity = move_line.quantity_product_uom
                lines.append((move, move_line.lot_id.name or "", quantity))
        else:
            for move in self.move_ids:
                quantity = move.product_qty
                lines.append((move, "", quantity))
        result = []
        for move, lot, quantity in lines:
            product = move.product_id
            unit_cost = move._after_sales_unit_cost()
            result.append(
                dict(
                    print_part(product),
                    lot=lot,
                    uom=product.uom_id.name,
                    quantity=print_quantity(env, quantity, product.uom_id),
                    unit_cost=unit_cost,
                    amount=currency_round(self, unit_cost * quantity),
                )
            )
        return result

    def _after_sales_print_signatures(self):
        """The signature row of the seed's form, with the names the note
        knows (who drew it up, the engineer who took or brought the parts)."""
        env = self.env
        kind = self._after_sales_kind()
        drawn_up = print_user(self.create_uid)
        engineer = self.after_sales_requisition_id.engineer_id.name or ""
        if kind == "issue":  # 003 出库单: 开票员 保管员 财务 用户
            boxes = [
                (env._("Invoicing Clerk"), drawn_up),
                (env._("Warehouse Keeper"), ""),
                (env._("Finance"), ""),
                (env._("Received by"), engineer),
            ]
        elif kind == "return":
            boxes = [
                (env._("Returned by"), engineer),
                (env._("Warehouse Keeper"), ""),
                (env._("Drawn up by"), drawn_up),
            ]
        elif kind == "receipt":  # 003 入库单: 交货人 采购员 库管员 会计员
            boxes = [
                (env._("Delivered by"), ""),
                (env._("Purchaser"), ""),
                (env._("Warehouse Keeper"), ""),
                (env._("Accountant"), ""),
            ]
        else:  # 003 调拨单: 制单 保管员 会计 收件人
            boxes = [
                (env._("Drawn up by"), drawn_up),
                (env._("Warehouse Keeper"), ""),
                (env._("Accountant"), ""),
                (env._("Recipient"), ""),
            ]
        return [{"label": label, "name": name} for label, name in boxes]


def copy_label(env, number, role):
    """第N联:role — the label boxed in the corner of copy ``number``."""
    return env._("Copy %(number)s: %(role)s", number=number, role=role)


def currency_round(record, amount):
    return record.company_id.currency_id.round(amount)
