# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestAccess(AfterSalesCase):
    """SPEC §0 and R-X-2: what each role may read, write and create."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket()
        cls.record = cls._create_record(cls.ticket)
        cls.ticket_2 = cls._create_ticket(user_id=cls.engineer_2.id)
        cls.record_2 = cls._create_record(cls.ticket_2, user_id=cls.engineer_2.id)
        cls.category = cls.env.ref("after_sales_service.cause_category_other")

    def test_clerk_registers_and_reads_everything(self):
        """§0 clerk: registers calls and records, reads every record."""
        ticket = self._create_ticket(user=self.clerk, user_id=False)
        record = self._create_record(ticket, user=self.clerk)
        records = self.env["after_sales.service.record"].with_user(self.clerk)
        self.assertEqual(
            records.search([("id", "in", (self.record | self.record_2 | record).ids)]),
            self.record | self.record_2 | record,
        )
        with self.assertRaises(AccessError):
            record.with_user(self.clerk).unlink()

    def test_engineer_sees_own_records_only(self):
        """§0 engineer: fills own records; another engineer's records are hidden."""
        records = self.env["after_sales.service.record"].with_user(self.engineer)
        self.assertEqual(
            records.search([("id", "in", (self.record | self.record_2).ids)]),
            self.record,
        )
        self.record.with_user(self.engineer).site_situation = "Seen"
        with self.assertRaises(AccessError):
            self.record_2.with_user(self.engineer).site_situation = "Not mine"
        self._create_record(self.ticket, user=self.engineer)

    def test_engineer_cannot_edit_master_data(self):
        """§0: an engineer cannot change cause categories or service types."""
        with self.assertRaises(AccessError):
            self.category.with_user(self.engineer).name = "Changed"
        with self.assertRaises(AccessError):
            self.type_repair.with_user(self.engineer).name = "Changed"
        self.category.with_user(self.manager).name = "Other (edited)"
        self.assertEqual(self.category.name, "Other (edited)")

    def test_supervisor_sees_all_records(self):
        """§0 supervisor: is also an engineer and a clerk, sees every record."""
        records = self.env["after_sales.service.record"].with_user(self.supervisor)
        self.assertEqual(
            records.search([("id", "in", (self.record | self.record_2).ids)]),
            self.record | self.record_2,
        )

    def test_back_office_reads_but_does_not_write(self):
        """§0 warehouse, finance, estimator: read records, never create or edit."""
        for user in (self.warehouse, self.finance, self.estimator):
            record = self.record.with_user(user)
            self.assertEqual(record.name, self.record.name)
            with self.assertRaises(AccessError):
                record.site_situation = "Edited by back office"
            with self.assertRaises(AccessError):
                self._create_record(self.ticket, user=user)

    def test_second_company_is_invisible(self):
        """R-X-2: another company's records stay invisible."""
        other = self.env["res.company"].create({"name": "Other After-Sales Co"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Elsewhere", "description": "<p>x</p>", "company_id": other.id}
        )
        record = self.env["after_sales.service.record"].create({"ticket_id": ticket.id})
        self.assertEqual(record.company_id, other)
        self.supervisor.company_ids = self.company
        records = self.env["after_sales.service.record"].with_user(self.supervisor)
        self.assertFalse(records.search([("id", "=", record.id)]))
        with self.assertRaises(AccessError):
            record.with_user(self.supervisor).read(["name"])

    def test_every_role_opens_the_request_and_record_forms(self):
        """§0: every after-sales role can open the request and record forms it
        reaches from its menu (no AccessError on any embedded list or panel)."""
        roles = (
            self.clerk,
            self.engineer,
            self.supervisor,
            self.manager,
            self.warehouse,
            self.finance,
            self.estimator,
        )
        for user in roles:
            with self.subTest(user=user.login):
                ticket = Form(self.ticket.with_user(user))
                self.assertEqual(ticket.number, self.ticket.number)
                record = Form(self.record.with_user(user))
                self.assertEqual(record.name, self.record.name)
