# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_signoff import SignoffCase

# A 1×1 PNG: a signature or stamp photo.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a5f3"
        "0000000049454e44ae426082"
    )
)


@tagged("post_install", "-at_install")
class TestQuote(SignoffCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "VAT 13%",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
            }
        )

    def _lines(self):
        return [
            Command.create(
                {"kind": "parts", "name": "Compressor", "quantity": 1, "unit_cost": 100}
            ),
            Command.create(
                {"kind": "labour", "name": "Labour", "quantity": 2, "unit_cost": 25}
            ),
            Command.create(
                {"kind": "travel", "name": "Travel", "quantity": 1, "unit_cost": 20}
            ),
        ]

    def test_pricing_on_both_bases(self):
        """R-ACC-2, R-ACC-2a: cost + the company's 40 % with VAT added (default),
        or the seed's base; the subtotals add up."""
        ticket = self._create_ticket()
        quote = self._create_quote(ticket, tax_id=self.vat.id, line_ids=self._lines())
        self.assertEqual(quote.markup, 0.40)
        self.assertEqual(quote.markup_base, "tax_exclusive")
        self.assertEqual(
            (quote.amount_cost, quote.amount_untaxed, quote.amount_tax),
            (170.0, 238.0, 30.94),
        )
        self.assertAlmostEqual(quote.amount_total, 268.94)
        self.assertEqual(quote.line_ids.mapped("price_subtotal"), [140.0, 70.0, 28.0])
        # The seed's base: the tax on every cost item, the 40 % on the cost with
        # its tax: (170 + 22.10) × 1.4 = 268.94 tax included.
        quote.markup_base = "tax_inclusive"
        self.assertEqual((quote.amount_untaxed, quote.amount_total), (238.0, 268.94))
        self.assertEqual(quote.line_ids.mapped("price_subtotal"), [140.0, 70.0, 28.0])
        self.company.after_sales_quote_markup = 0.25
        other = self._create_quote(ticket, tax_id=False)
        self.assertEqual(other.amount_untaxed, 187.5)

    def test_pricelist_for_parts(self):
        """R-ACC-2: a price list may price the parts instead of the markup."""
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Service parts",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.other_product.id,
                            "fixed_price": 180.0,
                        }
                    )
                ],
            }
        )
        quote = self._create_quote(
            self._create_ticket(),
            pricelist_id=pricelist.id,
            line_ids=[
                Command.create(
                    {
                        "kind": "parts",
                        "product_id": self.other_product.id,
                        "name": "Router board",
                        "quantity": 1,
                        "unit_cost": 100,
                    }
                )
            ],
        )
        self.assertEqual(quote.amount_untaxed, 180.0)  # the price list's price
        self.assertEqual(quote.extra_margin, 40.0)

    def test_bad_input(self):
        """R-X-4, R-ACC-2: a negative line is a clear error, nothing changed."""
        quote = self._create_quote(self._create_ticket())
        line = quote.line_ids
        for vals in ({"quantity": -1}, {"unit_cost": -5.0}, {"fixed_price": -1.0}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                line.with_user(self.estimator).write(vals)
        self.assertEqual(line.unit_cost, 150.0)
        with self.assertRaises(UserError):
            self._create_quote(self._create_ticket(), cost=-10.0)
        with self.assertRaises(UserError):
            quote.with_user(self.estimator).markup = -0.5

    def test_confirmation_and_frozen(self):
        """R-ACC-2, R-X-3: recorded as a signature, a stamp photo or by phone
        with who and when; a confirmed quote is never edited nor cancelled."""
        quote = self._create_quote(self._create_ticket())
        quote.with_user(self.estimator).action_mark_sent()
        with self.assertRaises(UserError):
            quote.line_ids.with_user(self.estimator).unit_cost = 10.0
        wizard = (
            self.env["after_sales.quote.confirm.wizard"]
            .with_user(self.clerk)
            .create(
                {
                    "quote_id": quote.id,
                    "confirmation_method": "signature",
                    "confirmed_by_name": "Mr Li",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_record_confirmation()  # no signature
        wizard.signature = PNG
        wizard.action_record_confirmation()
        self.assertEqual(quote.state, "confirmed")
        self.assertEqual(quote.contacted_by_id, self.clerk)
        self.assertTrue(quote.signature)
        self.assertTrue(quote.confirmed_at)
        for vals in ({"markup": 0.9}, {"confirmed_by_name": "Someone"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                quote.with_user(self.estimator).write(vals)
        with self.assertRaises(UserError):
            quote.line_ids.with_user(self.estimator).unlink()
        with self.assertRaises(UserError):
            quote.with_user(self.estimator).cancel_reason = "x"
        with self.assertRaises(UserError):
            quote.with_user(self.estimator).action_cancel()
        with self.assertRaises(UserError):
            quote.sudo().unlink()
        with self.assertRaises(UserError):
            quote.with_user(self.clerk)._do_confirm(
                {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
            )

    def test_new_version_supersedes(self):
        """R-ACC-2: a confirmed quote changes by a new version, which supersedes
        it when the customer confirms it."""
        ticket = self._create_ticket()
        quote = self._create_quote(ticket)
        quote.with_user(self.estimator).action_mark_sent()
        quote.with_user(self.clerk)._do_confirm(
            {
                "confirmation_method": "stamp",
                "confirmed_by_name": "Li Co",
                "stamp_photo": PNG,
            }
        )
        action = quote.with_user(self.estimator).action_new_version()
        new = self.env["after_sales.quote"].browse(action["res_id"])
        self.assertEqual((new.version, new.previous_id, new.state), (2, quote, "draft"))
        self.assertEqual(quote.state, "confirmed")
        self.assertFalse(new.confirmation_method)
        new.line_ids.with_user(self.estimator).unit_cost = 120.0
        new.with_user(self.estimator).action_mark_sent()
        new.with_user(self.clerk)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        self.assertEqual(quote.state, "superseded")
        self.assertEqual(ticket._quote_confirmed(), new)
        # A sent quote superseded at once; a cancelled one needs its reason.
        third = self._create_quote(ticket)
        third.with_user(self.estimator).action_mark_sent()
        with self.assertRaises(UserError):
            third.with_user(self.estimator).action_cancel()
        third.with_user(self.estimator).cancel_reason = "Customer declined"
        third.with_user(self.estimator).action_cancel()
        self.assertEqual(third.state, "cancelled")

    def test_who_contacts_the_customer(self):
        """R-ACC-2, 000 §2.6: in warranty the business supervisor records the
        confirmation, out of warranty the after-sales department (also the
        engineer of the request); an estimator or another company is refused."""
        in_warranty = self._create_ticket(
            purchase_date=fields.Date.subtract(fields.Date.today(), days=30),
            proof_kind="invoice",
        )
        quote = self._create_quote(in_warranty)
        self.assertEqual(quote.warranty_state, "in_warranty")
        with self.assertRaises(AccessError):
            quote.with_user(self.clerk)._do_confirm(
                {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
            )
        quote.with_user(self.supervisor)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        self.assertEqual(quote.contacted_by_id, self.supervisor)
        out = self._create_quote(self._create_ticket())
        self.assertNotEqual(out.warranty_state, "in_warranty")
        with self.assertRaises(AccessError):
            out.with_user(self.estimator)._do_confirm(
                {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
            )
        other_engineer = self._create_quote(self._create_ticket(user_id=False))
        with self.assertRaises(AccessError):
            other_engineer.with_user(self.engineer)._do_confirm(
                {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
            )
        out.with_user(self.engineer)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        self.assertEqual(out.state, "confirmed")
        with self.assertRaises(AccessError):
            self.env["after_sales.quote"].with_user(self.engineer).create(
                {"ticket_id": out.ticket_id.id}
            )

    def test_extra_margin_event(self):
        """R-ACC-2, 000 §3.3.2: an out-of-warranty quote confirmed above the
        rule's price is an event of the request's engineer carrying the extra
        margin; at the rule's price, none."""
        Event = self.env["after_sales.performance.event"]
        ticket = self._create_ticket()
        quote = self._create_quote(ticket)
        quote.line_ids.fixed_price = 250.0  # rule: 150 × 1.4 = 210
        quote.with_user(self.clerk)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        event = Event.search(
            [("res_model", "=", quote._name), ("res_id", "=", quote.id)]
        )
        self.assertEqual(event.kind, "quote_extra_margin")
        self.assertEqual(event.quantity, 40.0)
        self.assertEqual(event.value, "40.00")
        self.assertEqual(event.user_id, self.engineer)
        plain = self._create_quote(self._create_ticket())
        plain.with_user(self.clerk)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        self.assertFalse(
            Event.search([("res_model", "=", plain._name), ("res_id", "=", plain.id)])
        )

    def test_printed_in_the_customer_language(self):
        """R-ACC-2, R-X-1: the quote prints in the customer's language."""
        self._load_chinese()
        ticket = self._create_ticket()
        quote = self._create_quote(ticket)
        report = self.env.ref("after_sales_service.quote_report_action")
        ticket.commercial_partner_id.lang = "zh_CN"
        html = report._render_qweb_html(report.report_name, quote.ids)[0].decode()
        self.assertIn("增项报价确认单", html)
        ticket.commercial_partner_id.lang = "en_US"
        html = report._render_qweb_html(report.report_name, quote.ids)[0].decode()
        self.assertIn("Quote Confirmation for Additional Work", html)
