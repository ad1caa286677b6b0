# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import ast

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import AfterSalesCase


class CustodyCase(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Custody = cls.env["after_sales.custody"]
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.custody_location = cls.warehouse.after_sales_custody_location_id
        cls.product.standard_price = 2500.0

    def _new_custody(self, user=None, **vals):
        values = {
            "ticket_id": self._create_ticket().id,
            "accessories": "遥控器一个",
            "condition_notes": "面板有划痕",
        }
        values.update(vals)
        return self.Custody.with_user(user or self.clerk).create(values)

    def _received(self, user=None, **vals):
        custody = self._new_custody(user=user, **vals)
        custody.action_receive()
        return custody

    def _customer_quants(self, custody):
        return self.env["stock.quant"].search(
            [
                ("product_id", "=", custody.product_id.id),
                ("lot_id", "=", custody.lot_id.id),
                ("location_id", "=", self.custody_location.id),
                ("quantity", "!=", 0),
            ]
        )

    def _company_valuation(self):
        layers = self.env["stock.valuation.layer"].search(
            [("company_id", "=", self.company.id)]
        )
        return sum(layers.mapped("value")), len(layers)


@tagged("post_install", "-at_install")
class TestCustody(CustodyCase):
    """Customer units in the company's custody (送修, R-REC-7)."""

    def test_stock_setup_per_warehouse(self):
        """R-REC-7, R-X-2: each warehouse has a customer units location under its
        view location and carry-in / hand-back types with their own sequences;
        the set-up runs again without adding anything; a new warehouse, of
        another company, gets its own."""
        warehouse = self.warehouse
        location = warehouse.after_sales_custody_location_id
        in_type = warehouse.after_sales_custody_in_type_id
        out_type = warehouse.after_sales_custody_out_type_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, warehouse.view_location_id)
        self.assertFalse(location._child_of(warehouse.lot_stock_id))
        self.assertEqual(
            (in_type.code, in_type.default_location_dest_id), ("incoming", location)
        )
        self.assertEqual(
            (out_type.code, out_type.default_location_src_id), ("outgoing", location)
        )
        self.assertTrue(in_type.sequence_id)
        self.assertNotEqual(in_type.sequence_id, out_type.sequence_id)
        self.assertEqual(in_type.return_picking_type_id, out_type)
        counts = (
            self.env["stock.location"].search_count([]),
            self.env["stock.picking.type"].search_count([]),
        )
        warehouse._after_sales_stock_setup()
        self.assertEqual(
            counts,
            (
                self.env["stock.location"].search_count([]),
                self.env["stock.picking.type"].search_count([]),
            ),
        )
        self.assertEqual(warehouse.after_sales_custody_location_id, location)
        company_b = self.env["res.company"].create({"name": "Custody B"})
        warehouse_b = (
            self.env["stock.warehouse"]
            .with_company(company_b)
            .create({"name": "Second point", "code": "SP2", "company_id": company_b.id})
        )
        for field in (
            "after_sales_custody_location_id",
            "after_sales_custody_in_type_id",
            "after_sales_custody_out_type_id",
        ):
            self.assertEqual(warehouse_b[field].company_id, company_b, field)

    def test_receive_is_the_customers_never_valued(self):
        """R-REC-7: receiving validates a carry-in transfer into the customer
        units location; the quant is the customer's and nothing is valued: no
        valuation layer, the company's valuation unchanged."""
        self.assertFalse(self.clerk.has_group("stock.group_stock_user"))
        before = self._company_valuation()
        custody = self._received()
        self.assertEqual(custody.state, "received")
        self.assertRegex(custody.name, r"^SX\d{4}-\d{4}$")
        self.assertEqual(custody.received_by_id, self.clerk)
        self.assertTrue(custody.received_at)
        picking = custody.receipt_picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            picking.picking_type_id, self.warehouse.after_sales_custody_in_type_id
        )
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        self.assertEqual(picking.move_line_ids.owner_id, self.customer)
        quant = self._customer_quants(custody)
        self.assertEqual(quant.quantity, 1.0)
        self.assertEqual(quant.owner_id, self.customer)
        self.assertEqual(quant.value, 0.0)
        self.assertFalse(
            self.env["stock.valuation.layer"].search(
                [("stock_move_id", "in", picking.move_ids.ids)]
            )
        )
        self.assertEqual(self._company_valuation(), before)
        self.assertEqual(custody.ticket_id.with_user(self.clerk).custody_count, 1)

    def test_hand_back_needs_the_receipt_number(self):
        """R-REC-7: a wrong receipt number hands nothing back; the right one
        (as typed, any case) delivers the same unit of the same owner; a second
        hand-back is refused."""
        custody = self._received()
        for wrong in ("SX0000-0000", "", 12345):
            with self.subTest(number=wrong), self.assertRaises(UserError):
                custody.with_user(self.warehouse).action_hand_back(wrong, "Zhang Wei")
        self.assertEqual(custody.state, "received")
        self.assertFalse(custody.return_picking_id)
        self.assertEqual(self._customer_quants(custody).quantity, 1.0)
        before = self._company_valuation()
        wizard = (
            self.env["after_sales.custody.hand.back"]
            .with_user(self.clerk)
            .create(
                {
                    "custody_id": custody.id,
                    "receipt_number": f"  {custody.name.lower()} ",
                    "handed_back_to": "Zhang Wei",
                }
            )
        )
        wizard.action_hand_back()
        self.assertEqual(custody.state, "returned")
        self.assertEqual(custody.handed_back_to, "Zhang Wei")
        self.assertEqual(custody.returned_by_id, self.clerk)
        delivery = custody.return_picking_id
        self.assertEqual(delivery.state, "done")
        self.assertEqual(
            delivery.picking_type_id, self.warehouse.after_sales_custody_out_type_id
        )
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot)
        self.assertEqual(delivery.move_line_ids.owner_id, self.customer)
        self.assertFalse(self._customer_quants(custody))
        self.assertEqual(self._company_valuation(), before)
        with self.assertRaises(UserError):
            custody.with_user(self.clerk).action_hand_back(custody.name, "Zhang Wei")
        self.assertEqual(
            self.env["stock.picking"].search_count(
                [("after_sales_custody_id", "=", custody.id)]
            ),
            2,
        )

    def test_in_out_log_lists_both_moves(self):
        """R-REC-7: the in/out log of customer goods lists the carry-in and the
        hand-back of the unit, with receipt, customer, serial, direction and who
        — read by a clerk without stock rights."""
        custody = self._received()
        custody.action_hand_back(custody.name)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.custody_log_action"
        )
        lines = (
            self.env["stock.move.line"]
            .with_user(self.clerk)
            .search(
                [
                    *ast.literal_eval(action["domain"]),
                    ("after_sales_custody_id", "=", custody.id),
                ]
            )
        )
        self.assertEqual(
            sorted(lines.mapped("after_sales_custody_kind")), ["in", "out"]
        )
        self.assertEqual(lines.owner_id, self.customer)
        self.assertEqual(lines.lot_id, self.lot)
        self.assertEqual(lines.after_sales_custody_user_id, self.clerk)
        self.assertEqual(custody.handed_back_to, self.customer.name)

    def test_clerk_uses_the_form(self):
        """R-REC-7, SPEC §0: a clerk without stock rights fills the receipt on its
        form (product and serial from the request, the service point of the
        company) and receives the unit; the request's smart button counts it."""
        ticket = self._create_ticket()
        form = Form(
            self.env["after_sales.custody"]
            .with_user(self.clerk)
            .with_context(default_ticket_id=ticket.id)
        )
        self.assertEqual(form.product_id, self.product)
        self.assertEqual(form.lot_id, self.lot)
        self.assertEqual(form.warehouse_id, self.warehouse)
        form.accessories = "遥控器一个"
        custody = form.save()
        custody.action_receive()
        self.assertEqual(custody.state, "received")
        action = ticket.with_user(self.clerk).action_view_custodies()
        self.assertEqual(
            self.env["after_sales.custody"].search(action["domain"]), custody
        )

    def test_lot_must_be_of_the_product(self):
        """R-REC-7, R-X-4: a serial of another product is refused with a clear
        error, on create and on edit; nothing is saved."""
        count = self.Custody.search_count([])
        with self.assertRaises(ValidationError):
            self._new_custody(lot_id=self.other_lot.id)
        for vals in ({"ticket_id": "abc"}, {"company_id": [1, 2]}, {"name": "SX1"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self._new_custody(**vals)
        self.assertEqual(self.Custody.search_count([]), count)
        custody = self._new_custody()
        with self.assertRaises(ValidationError):
            custody.with_user(self.clerk).write({"lot_id": self.other_lot.id})
        self.assertEqual(custody.lot_id, self.lot)

    def test_new_serial_for_the_customers_unit(self):
        """R-REC-7: the customer's unit may carry a serial the company never had;
        the clerk records it and receives the unit."""
        lot = (
            self.env["stock.lot"]
            .with_user(self.clerk)
            .create({"name": "AC-CUST-77", "product_id": self.product.id})
        )
        custody = self._received(lot_id=lot.id)
        self.assertEqual(custody.receipt_picking_id.move_line_ids.lot_id, lot)

    def test_serial_required_and_not_twice_in_custody(self):
        """R-REC-7: a serial-tracked unit needs its serial, and a customer to own
        it; the same unit cannot be received twice while it is here."""
        custody = self._new_custody(ticket_id=self._create_ticket(lot_id=False).id)
        self.assertFalse(custody.lot_id)
        self.assertFalse(custody.with_user(self.clerk).can_receive)
        with self.assertRaises(UserError):
            custody.with_user(self.clerk).action_receive()
        anonymous = self._new_custody(
            ticket_id=self._create_ticket(partner_id=False).id
        )
        with self.assertRaises(UserError):
            anonymous.action_receive()
        self.assertEqual(anonymous.state, "draft")
        self._received()
        second = self._new_custody()
        with self.assertRaises(UserError):
            second.action_receive()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.receipt_picking_id)

    def test_closed_request(self):
        """R-REC-7, R-X-3: no receipt on a closed request; a request is not closed
        while its unit is in custody, and is once the unit is handed back."""
        ticket = self._create_ticket()
        ticket.stage_id = self.stage_done
        with self.assertRaises(UserError):
            self._new_custody(ticket_id=ticket.id)
        custody = self._received()
        with self.assertRaises(UserError):
            custody.ticket_id.with_user(self.supervisor).stage_id = self.stage_done
        custody.action_hand_back(custody.name)
        custody.ticket_id.with_user(self.supervisor).stage_id = self.stage_done
        self.assertTrue(custody.ticket_id.closed)

    def test_another_companys_warehouse(self):
        """R-X-2: a receipt cannot put the unit in another company's warehouse."""
        company_b = self.env["res.company"].create({"name": "Custody Co B"})
        warehouse_b = self.env["stock.warehouse"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        self.assertTrue(warehouse_b)
        with self.assertRaises(UserError):
            self._new_custody(warehouse_id=warehouse_b.id)
        custody = self._new_custody()
        with self.assertRaises(UserError):
            custody.write({"warehouse_id": warehouse_b.id})
        self.assertEqual(custody.warehouse_id, self.warehouse)

    def test_cancel_needs_a_reason_and_a_draft(self):
        """R-REC-7, R-X-3: a draft receipt is cancelled with a reason; a received
        unit is handed back, never cancelled; what the receipt says is frozen."""
        custody = self._new_custody()
        with self.assertRaises(UserError):
            custody.action_cancel()
        custody.cancel_reason = "客户改为上门维修"
        custody.action_cancel()
        self.assertEqual(custody.state, "cancelled")
        received = self._received(
            ticket_id=self._create_ticket(lot_id=False).id,
            lot_id=self._lot("AC-0002").id,
        )
        with self.assertRaises(UserError):
            received.action_cancel()
        for vals in ({"accessories": "nothing"}, {"lot_id": self.lot.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                received.with_user(self.clerk).write(vals)
        with self.assertRaises(AccessError):
            received.with_user(self.clerk).write({"state": "returned"})
        self.assertEqual(received.state, "received")

    def _lot(self, name):
        return self.env["stock.lot"].create(
            {"name": name, "product_id": self.product.id}
        )

    def test_rights_per_role(self):
        """R-REC-7, SPEC §0: clerks, supervisors and warehouse keepers receive and
        hand back; the engineer reads the receipts of the requests they serve,
        neither another engineer's nor receives; finance only reads."""
        for role in ("clerk", "supervisor", "warehouse"):
            user = getattr(self, role)
            with self.subTest(role=role):
                custody = self._received(user=user, lot_id=self._lot(f"L-{role}").id)
                custody.with_user(user).action_hand_back(custody.name, "Li")
                self.assertEqual(custody.state, "returned")
        custody = self._new_custody()
        custody.with_user(self.engineer).read(["name", "state"])
        with self.assertRaises(AccessError):
            custody.with_user(self.engineer_2).read(["name"])
        with self.assertRaises(AccessError):
            self._new_custody(user=self.engineer)
        for role in ("engineer", "finance", "estimator"):
            user = getattr(self, role)
            with self.subTest(role=role):
                self.assertFalse(custody.with_user(user).can_receive)
                with self.assertRaises(AccessError):
                    custody.with_user(user).action_receive()
        with self.assertRaises(AccessError):
            self.env["after_sales.custody.hand.back"].with_user(self.engineer).create(
                {
                    "custody_id": custody.id,
                    "receipt_number": custody.name,
                    "handed_back_to": "x",
                }
            )
        self.assertEqual(custody.state, "draft")
        self.assertFalse(custody.receipt_picking_id)

    def test_other_company_receipts_invisible(self):
        """R-X-2: a user of another company does not see the receipts."""
        company_b = self.env["res.company"].create({"name": "Custody Co C"})
        clerk_b = new_test_user(
            self.env,
            "t_clerk_custody_b",
            groups="base.group_user,after_sales_service.group_clerk",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        custody = self._new_custody()
        with self.assertRaises(AccessError):
            custody.with_user(clerk_b).read(["name"])

    def test_receipt_numbers_per_company(self):
        """R-REC-7: receipt numbers follow one sequence per company."""
        first = self._new_custody()
        second = self._new_custody()
        self.assertNotEqual(first.name, second.name)
        sequences = self.env["ir.sequence"].search(
            [("code", "=", "after_sales.custody")]
        )
        self.assertEqual(
            len(sequences.filtered(lambda s: s.company_id == self.company)), 1
        )
        self.assertTrue(all(sequences.mapped("company_id")))


@tagged("post_install", "-at_install")
class TestCustodyReport(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.custody = cls.env["after_sales.custody"].create(
            {
                "ticket_id": cls._create_ticket().id,
                "accessories": "遥控器一个",
            }
        )
        cls.custody.action_receive()

    def _html(self, xmlid, lang):
        report = self.env.ref(xmlid).with_context(lang=lang)
        html, _type = report._render_qweb_html(report.report_name, self.custody.ids)
        return html.decode()

    def test_receipt_and_tag_english(self):
        """R-PRT-5, R-REC-7: two copies with their roles; the tag carries the
        request number, the receipt number, the customer and the serial."""
        html = self._html("after_sales_service.custody_receipt_report_action", "en_US")
        self.assertEqual(html.count('class="o_copy_label'), 2)
        self.assertIn("Copy 1: Stub", html)
        self.assertIn("Copy 2: Customer", html)
        self.assertIn(self.custody.name, html)
        self.assertIn("遥控器一个", html)
        tag = self._html("after_sales_service.custody_tag_report_action", "en_US")
        for text in (
            self.custody.name,
            self.custody.ticket_id.number,
            self.customer.name,
            self.lot.name,
        ):
            self.assertIn(text, tag)

    def test_chinese(self):
        """R-PRT-5, R-X-1: in Chinese the receipt prints its title and copy roles,
        the tag its title."""
        self._load_chinese()
        html = self._html("after_sales_service.custody_receipt_report_action", "zh_CN")
        for text in ("客户商品领取收据", "第一联 存根", "第二联 客户"):
            self.assertIn(text, html)
        tag = self._html("after_sales_service.custody_tag_report_action", "zh_CN")
        self.assertIn("修护卡", tag)


@tagged("post_install", "-at_install")
class TestCustodyPdf(HttpCase, CustodyCase):
    """An HttpCase: wkhtmltopdf fetches the report assets from the test server."""

    def test_pdfs_render(self):
        """R-PRT-5: the receipt and the tag render as PDF (CJK font)."""
        custody = self._received()
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state not in ("ok", "upgrade"):
            self.skipTest(f"wkhtmltopdf is {state} on this machine")
        for xmlid in (
            "after_sales_service.custody_receipt_report_action",
            "after_sales_service.custody_tag_report_action",
        ):
            report = self.env.ref(xmlid)
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, custody.ids)
            )
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"))
