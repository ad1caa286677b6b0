# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval, time

from .common import AfterSalesCase

# What the search box sends for the default field of the request list.
SEARCH_BOX = "display_name"


@tagged("post_install", "-at_install")
class TestFindingRequests(AfterSalesCase):
    """The clerk's first move on every call: find the request by what the caller
    says (issue 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = "139-0000-1111"
        cls.ticket = cls._create_ticket(
            contact_phone="138 0013 8000", equipment_code="EQ-7788"
        )
        cls.other = cls._create_ticket(
            partner_id=cls.env["res.partner"].create({"name": "Somebody Else"}).id,
            contact_phone="020-5555 6666",
            lot_id=False,
            product_id=False,
            name="Washing machine leaks",
        )

    def _box(self, user, text):
        """What the search view's default field and a dropdown find."""
        tickets = self.env["helpdesk.ticket"].with_user(user)
        found = tickets.search([(SEARCH_BOX, "ilike", text)])
        dropdown = tickets.name_search(text, limit=100)
        self.assertEqual({i for i, _n in dropdown}, set(found.ids), text)
        return found

    def test_search_view_default_field_is_the_wide_search(self):
        """R-IN-1: the first field of the request search view (what the clerk
        types into the box) searches the wide display-name search."""
        arch = self.env["helpdesk.ticket"].get_view(view_type="search")["arch"]
        first = re.search(r"<field [^>]*>", arch).group(0)
        self.assertIn("display_name", first)

    def test_clerk_finds_by_everything_the_caller_says(self):
        """R-IN-1: number, title, customer's name, serial number, equipment code,
        the contact phone and the customer's phone or mobile, partial and
        whatever the spaces and dashes."""
        for text in (
            self.ticket.number,
            "does not cool",
            "Test Customer",
            "AC-0001",
            "EQ-7788",
            "13800138000",
            "0013 8000",
            "138-0013-8000",
            "1234567",  # the customer's phone 020-1234567
            "0201234",
            "13900001111",  # the customer's mobile
        ):
            with self.subTest(text=text):
                self.assertEqual(self._box(self.clerk, text), self.ticket)
        self.assertEqual(self._box(self.clerk, "5555 6666"), self.other)
        self.assertFalse(self._box(self.clerk, "13800138999"))

    def test_engineer_and_supervisor_find_by_phone(self):
        """R-X-5: the front office that serves the customer finds by phone."""
        for user in (self.engineer, self.supervisor):
            with self.subTest(user=user.login):
                self.assertIn(self.ticket, self._box(user, "13800138000"))

    def test_back_office_cannot_probe_phones(self):
        """R-X-5: warehouse, finance and estimators may not read the customer's
        phone, so a phone typed in the box finds nothing for them, and a search
        on the protected field is refused; the rest of the search works."""
        for user in (self.warehouse, self.finance, self.estimator):
            with self.subTest(user=user.login):
                self.assertFalse(self._box(user, "13800138000"))
                self.assertFalse(self._box(user, "1234567"))
                self.assertFalse(self._box(user, "13900001111"))
                self.assertEqual(self._box(user, self.ticket.number), self.ticket)
                with self.assertRaises(AccessError):
                    self.env["helpdesk.ticket"].with_user(user).search(
                        [("contact_phone", "ilike", "138")]
                    )


@tagged("post_install", "-at_install")
class TestPrintedFileNames(AfterSalesCase):
    """Printed file names carry the document's number once (issue 20)."""

    def test_every_report_names_its_file_with_the_number_once(self):
        """R-REC-5, R-PRT-5: for every report of the addon, the PDF file name
        (print_report_name evaluated as Odoo does) holds the document's number
        exactly once and never a doubled prefix ("LL-LL2612-0006")."""
        samples = self._sample_documents()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        samples["stock.picking"] = self.env["stock.picking"].create(
            {"picking_type_id": warehouse.out_type_id.id}
        )
        reports = self.env["ir.actions.report"].search(
            [("print_report_name", "!=", False)]
        )
        # The XLSX statements of the monthly reports and the yearly figures
        # print a selection of analysis rows of a SQL view (R-RPT-1, R-RPT-3):
        # no document, no number.
        reports = reports.filtered(
            lambda r: r.get_external_id()[r.id].startswith("after_sales_service.")
            and r.report_type != "xlsx"
            and (self.env[r.model]._auto or self.env[r.model]._transient)
        )
        self.assertGreaterEqual(len(reports), 10)
        for report in reports:
            record = samples[report.model]
            if record._transient:  # the yearly statement: its year
                number = str(record.year)
            elif "name" in record._fields:
                number = record.name
            else:
                number = record.display_name
            with self.subTest(report=report.report_name):
                file_name = safe_eval(
                    report.print_report_name, {"object": record, "time": time}
                )
                self.assertTrue(number)
                self.assertEqual(file_name.count(number), 1, file_name)
                self.assertIsNone(re.search(r"\b([A-Z]{2,})-\1", file_name), file_name)
                # A title, not a bare code, before the number.
                self.assertNotRegex(file_name, r"^[A-Z]{2,3}-")
