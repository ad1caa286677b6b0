# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The parts documents on the paper form (issues #19 "Prints" and #20).

The requisition (领料单), the issue (出库单), return (退料单), receipt (入库单)
and transfer (调拨单) notes and the purchase plan (售后采购计划单) print as the
seed's paper forms (003 售后服务表格): one form per copy with its role boxed in the
corner, locations and parts by their short names, a signature row on every copy;
the customer's copy of the issue note keeps the internal cost to the company.
The data is built here (no demo), named as a Chinese company names it.
"""

import re

from lxml import html as lxml_html

from odoo import Command
from odoo.tests import tagged

from .test_parts import PartsCase
from .test_screens_zh import _english_words

COPY_LABEL = 'class="o_copy_label"'


@tagged("post_install", "-at_install")
class TestPrintsParts(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese(modules=("uom", "after_sales_service"))
        cls.env.user.tz = "Asia/Shanghai"
        cls.company.name = "南方测试机电设备有限公司"
        cls.wh.name = "广州服务站"
        cls.stock.name = "备件库"
        cls.consumption = cls.wh.after_sales_consumption_location_id
        cls.consumption.name = f"{cls.wh.code}: 售后耗用"
        cls.customer.name = "广州市第一人民医院"
        cls.fan.name = "冷却风机"
        cls.board.name = "控制板"
        cls.employee.name = "周杰"
        cls.engineer.name = "周杰"
        cls.supervisor.name = "陈主管"
        cls.keeper.name = "刘库管"
        cls.manager.name = "黄经理"
        cls.branch = cls.env["stock.warehouse"].create(
            {"name": "佛山服务站", "code": "FS"}
        )
        cls.branch.lot_stock_id.name = "佛山备件库"

    # -- the documents -------------------------------------------------------

    def _issued(self, quantity=2):
        requisition = self._approved(
            [{"product_id": self.fan.id, "quantity": quantity}]
        )
        requisition.action_issue()
        return requisition

    def _returned(self):
        requisition = self._issued(3)
        wizard = (
            self.env["after_sales.parts.move.wizard"]
            .with_user(self.keeper)
            .with_context(default_requisition_id=requisition.id, default_kind="return")
            .create({})
        )
        wizard.line_ids.quantity = 1
        wizard.action_confirm()
        return requisition.picking_ids.filtered(
            lambda p: p.picking_type_id == self.wh.after_sales_return_type_id
        )

    def _picking(self, picking_type, source, destination, quantity, validate=True):
        picking = (
            self.env["stock.picking"]
            .with_user(self.keeper)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.fan.name,
                                "product_id": self.fan.id,
                                "product_uom": self.fan.uom_id.id,
                                "product_uom_qty": quantity,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                    ],
                }
            )
        )
        if validate:
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.picked = True
            picking.button_validate()
        return picking

    def _transfer(self):
        return self._picking(
            self.wh.after_sales_transfer_type_id,
            self.stock,
            self.branch.lot_stock_id,
            3,
        )

    def _receipt(self):
        return self._picking(
            self.wh.in_type_id,
            self.env.ref("stock.stock_location_suppliers"),
            self.stock,
            5,
        )

    def _plan(self):
        plan = (
            self.env["after_sales.purchase.plan"]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.fan.id,
                                "model": "FM-220",
                                "specification": "220 V 60 W",
                                "quantity": 2,
                            }
                        )
                    ],
                }
            )
        )
        plan.action_submit()
        return plan

    # -- reading the print ---------------------------------------------------

    def _html(self, xmlid, records, lang):
        report = self.env.ref(xmlid).with_context(lang=lang, tz="Asia/Shanghai")
        content, _type = report._render_qweb_html(report.report_name, records.ids)
        return content.decode()

    @staticmethod
    def _text(content, *remove):
        """What the print reads (no styles or scripts), without the given
        numbers and codes."""
        body = lxml_html.document_fromstring(content).find(".//body")
        for node in body.iter("script", "style", "title"):
            node.text = ""
        text = " ".join(body.itertext())
        for value in remove:
            if value:
                text = text.replace(value, "")
        return text

    @staticmethod
    def _copies(content):
        """The print cut at each copy label: one piece per copy."""
        return content.split(COPY_LABEL)[1:]

    def _assert_form(self, content, copies, locations=()):
        """R-PRT-5: one paper form per copy, each with its role and signatures;
        locations by their short names, never Odoo's paths."""
        self.assertEqual(content.count(COPY_LABEL), len(copies), copies)
        self.assertEqual(content.count('class="page o_as_form"'), len(copies))
        for label in copies:
            self.assertIn(label, content)
        for piece in self._copies(content):
            self.assertIn("o_as_sign_box", piece)
            self.assertIn("o_as_grid", piece)
        text = self._text(content)
        self.assertIn(self.company.name, text)
        for location, short in locations:
            self.assertIn(short, text)
            self.assertNotIn(location.complete_name, text)
            self.assertNotIn(f"{self.wh.code}:", text)
        for path in ("Virtual Locations", "虚拟位置", "Physical Locations"):
            self.assertNotIn(path, text)

    def _assert_chinese(self, content, *remove):
        """The Chinese print reads in Chinese: no English word, no path."""
        text = self._text(content, *remove)
        self.assertFalse(_english_words(text), text)
        self.assertNotIn("/", text)

    # -- the tests ------------------------------------------------------------

    def test_issue_note_paper_form(self):
        """R-PRT-5 (003 出库单): the issue note prints as four paper forms
        (invoicing clerk, warehouse keeper, accounts office, user) with the short
        names of the warehouse and the consumption location, the part by its
        code and name, whole quantities without decimals, the date as the
        language writes it and the drawer's name in its box."""
        picking = self._issued().picking_ids
        content = self._html(
            "after_sales_service.parts_picking_report_action", picking, "zh_CN"
        )
        self._assert_form(
            content,
            ["第1联：开票员", "第2联：库管员", "第3联：财会室", "第4联：用户"],
            [(self.stock, "广州服务站"), (self.consumption, "售后耗用")],
        )
        text = self._text(content)
        self.assertIn("零配件出库单", text)
        self.assertIn("FM-220", text)
        self.assertIn("冷却风机", text)
        self.assertNotIn("2.00", text)
        self.assertRegex(text, r"\d{4}年\d{2}月\d{2}日")
        self.assertIn(self.ticket.number, text)
        self._assert_chinese(
            content, picking.name, self.ticket.number, "FM-220", picking.origin
        )
        english = self._html(
            "after_sales_service.parts_picking_report_action", picking, "en_US"
        )
        self._assert_form(
            english,
            [
                "Copy 1: Invoicing Clerk",
                "Copy 2: Warehouse Keeper",
                "Copy 3: Accounts Office",
                "Copy 4: End User",
            ],
            [(self.consumption, "售后耗用")],
        )

    def test_customer_copy_prints_no_cost(self):
        """R-PRT-5, issue #20: the customer's copy of the issue note (第4联 用户)
        prints no unit cost, value or total of them — the company's internal
        cost; the three internal copies keep them."""
        picking = self._issued().picking_ids
        for lang, header in (("zh_CN", "单价"), ("en_US", "Unit Price")):
            content = self._html(
                "after_sales_service.parts_picking_report_action", picking, lang
            )
            *internal, customer = self._copies(content)
            self.assertEqual(len(internal), 3)
            for piece in internal:
                self.assertIn(header, piece)
                self.assertIn("50.00", piece)  # the valuation's unit cost
                self.assertIn("100.00", piece)  # 2 x 50.00
            self.assertNotIn(header, customer)
            self.assertNotIn("50.00", customer)
            self.assertNotIn("100.00", customer)
            self.assertIn("FM-220", customer)
            self.assertIn("o_as_sign_box", customer)

    def test_return_note_paper_form(self):
        """R-PRT-5 (退料单): the return note prints three copies with the
        returner and where the parts went back, by short name."""
        picking = self._returned()
        content = self._html(
            "after_sales_service.parts_picking_report_action", picking, "zh_CN"
        )
        self._assert_form(
            content,
            ["第1联：存根", "第2联：库管员", "第3联：财会室"],
            [(self.stock, "广州服务站")],
        )
        self.assertIn("退料单", content)
        self.assertIn("周杰", content)
        self._assert_chinese(
            content, picking.name, self.ticket.number, "FM-220", picking.origin
        )

    def test_transfer_note_paper_form(self):
        """R-PRT-5 (003 调拨单): five copies naming the sending and the
        receiving service point, each copy with its signature row."""
        picking = self._transfer()
        content = self._html(
            "after_sales_service.parts_picking_report_action", picking, "zh_CN"
        )
        self._assert_form(
            content,
            [
                "第1联：材料会计",
                "第2联：库管员",
                "第3联：会计员",
                "第4联：调入单位",
                "第5联：财务会计部",
            ],
            [(self.stock, "广州服务站"), (self.branch.lot_stock_id, "佛山服务站")],
        )
        self.assertIn("调拨单", content)
        self.assertIn("150.00", content)  # 3 x 50.00, the receiving unit pays it
        self._assert_chinese(content, picking.name, "FM-220", picking.origin)

    def test_receipt_note_paper_form(self):
        """R-PRT-5 (003 入库单): three copies, warehouse ledger, accounts
        ledger, the purchaser's settlement voucher; the supplier's location is
        not printed as Odoo's path."""
        picking = self._receipt()
        content = self._html(
            "after_sales_service.parts_picking_report_action", picking, "zh_CN"
        )
        self._assert_form(
            content,
            ["第1联：仓库记账联", "第2联：财会记账联", "第3联：采购员结算联"],
            [(self.stock, "广州服务站")],
        )
        self.assertIn("零配件入库单", content)
        self._assert_chinese(content, picking.name, "FM-220", picking.origin)
        english = self._html(
            "after_sales_service.parts_picking_report_action", picking, "en_US"
        )
        self.assertIn("Copy 3: Purchaser (Settlement)", english)

    def test_requisition_paper_form(self):
        """R-PRT-1, R-PRT-5 (领料单): three numbered copies with the engineer,
        the approver's name in its box, parts by code and name."""
        requisition = self._issued()
        content = self._html(
            "after_sales_service.parts_requisition_report_action",
            requisition,
            "zh_CN",
        )
        self._assert_form(
            content, ["第1联：存根", "第2联：库管员", "第3联：售后工程师"]
        )
        for piece in self._copies(content):
            self.assertIn("陈主管", piece)  # approved by
            self.assertIn("周杰", piece)
        self.assertIn("领料单", content)
        self.assertIn("广州服务站", content)
        self._assert_chinese(content, requisition.name, self.ticket.number, "FM-220")
        english = self._html(
            "after_sales_service.parts_requisition_report_action",
            requisition,
            "en_US",
        )
        self.assertIn("Copy 1: Stub", english)

    def test_purchase_plan_paper_form(self):
        """R-PRT-4, R-PRT-5 (售后采购计划单): the plan prints on the paper form
        with model and specification, two copies (stub, purchasing), the
        drawer's name in its box."""
        plan = self._plan()
        content = self._html(
            "after_sales_service.purchase_plan_report_action", plan, "zh_CN"
        )
        self._assert_form(content, ["第1联：存根", "第2联：采购员"])
        for text in ("售后采购计划单", "FM-220", "220 V 60 W", "型号", "规格"):
            self.assertIn(text, content)
        self.assertFalse(re.search(r">\s*2\.00\s*<", content))
        self._assert_chinese(
            content, plan.name, self.ticket.number, "FM-220", "220 V 60 W"
        )
