# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 10:00:00")
class TestRework(WarrantyCase):
    def test_rework_breaks_the_earlier_first_time_fix(self):
        """R-WAR-5a, R-REC-4: a fault recurring within 30 days after a repair is a
        rework: the earlier request and its visit are no longer a first-time fix,
        and each request shows the other."""
        first = self._create_ticket(registered_at=datetime(2025, 6, 1, 8, 0))
        record = self._create_record(
            first,
            **self._confirm_values(
                start_datetime=datetime(2025, 6, 6, 8, 0),
                end_datetime=datetime(2025, 6, 6, 10, 0),
                actual_arrival=datetime(2025, 6, 6, 8, 0),
                measures="Replaced the fan capacitor",
            ),
        )
        record.action_start()
        record.action_done()
        self.assertTrue(first.first_time_fix)
        self.assertTrue(record.first_time_fix)
        again = self._create_dated_ticket(
            date(2020, 1, 10), warranty_fault_kind="quality"
        )
        self.assertTrue(again.warranty_is_rework)
        self.assertEqual(again.rework_of_id, first)
        self.assertEqual(first.reworked_by_ids, again)
        self.assertFalse(first.first_time_fix)
        self.assertFalse(record.first_time_fix)

    def test_no_rework_after_the_window(self):
        """R-WAR-5a: a fault 40 days after the repair is a new fault."""
        first = self._create_ticket(registered_at=datetime(2025, 4, 20, 8, 0))
        record = self._create_record(
            first,
            **self._confirm_values(
                start_datetime=datetime(2025, 5, 6, 8, 0),
                end_datetime=datetime(2025, 5, 6, 10, 0),
                actual_arrival=datetime(2025, 5, 6, 8, 0),
            ),
        )
        record.action_start()
        record.action_done()
        again = self._create_dated_ticket(
            date(2020, 1, 10), warranty_fault_kind="quality"
        )
        self.assertFalse(again.rework_of_id)
        self.assertTrue(first.first_time_fix)

    def test_reopened_request_keeps_its_earlier_decision(self):
        """R-WAR-8, R-X-3: a closed request reopened and closed again keeps the
        frozen determination of its first close as history; the new one is
        current."""
        ticket = self._create_dated_ticket(date(2025, 6, 1))
        ticket.stage_id = self.stage_done
        first = ticket.warranty_determination_id
        self.assertTrue(first.frozen)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        ticket.warranty_fault_kind = "customer"
        ticket.stage_id = self.stage_done
        self.assertEqual(len(ticket.warranty_determination_ids), 2)
        self.assertNotEqual(ticket.warranty_determination_id, first)
        self.assertTrue(first.exists() and first.frozen)
        self.assertTrue(ticket.warranty_determination_id.frozen)

    def test_installation_before_purchase_refused(self):
        """R-X-4: an installation date before the purchase date is refused."""
        ticket = self._create_dated_ticket(date(2025, 6, 1))
        with self.assertRaises(ValidationError):
            ticket.warranty_installation_date = date(2025, 5, 1)
        ticket.warranty_installation_date = date(2025, 6, 3)
