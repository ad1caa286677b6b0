# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestServiceRecord(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(
            registered_at=fields.Datetime.now() - timedelta(hours=6)
        )

    # R-REC-1: the visit and its flow ------------------------------------

    def test_record_flow_engineer(self):
        """R-REC-1: an engineer records a visit: arrive, work, confirm, done."""
        form = Form(self.env["after_sales.service.record"].with_user(self.engineer))
        form.ticket_id = self.ticket
        form.planned_arrival = fields.Datetime.now() - timedelta(hours=3)
        form.engineer_ids.add(self.employee)
        record = form.save()
        self.assertTrue(record.name.startswith("FW"))
        self.assertEqual(record.company_id, self.ticket.company_id)
        self.assertEqual(record.partner_id, self.customer)
        self.assertEqual(record.lot_id, self.lot)
        record.action_start()
        self.assertEqual(record.state, "in_progress")
        self.assertTrue(record.actual_arrival)
        start = fields.Datetime.now() - timedelta(hours=2)
        record.write(
            self._confirm_values(
                start_datetime=start,
                end_datetime=start + timedelta(hours=1, minutes=30),
                travel_distance=12.5,
                vehicle="Van 3",
                site_situation="Capacitor bulged",
                cause_category_id=self.env.ref(
                    "after_sales_service.cause_category_component_defect"
                ).id,
                measures="Replaced the capacitor",
            )
        )
        self.assertAlmostEqual(record.labour_hours, 1.5)
        self.assertEqual(record.responsible_party, "supplier")
        record.action_done()
        self.assertEqual(record.state, "done")

    def test_done_needs_customer_confirmation(self):
        """R-REC-1: done needs the customer's confirmation or a refusal with reason."""
        record = self._create_record(self.ticket, result="accepted")
        with self.assertRaises(UserError):
            record.action_done()
        self.assertEqual(record.state, "draft")
        with self.assertRaises(ValidationError):
            record.customer_refused_to_sign = True
        record.write(
            {"customer_refused_to_sign": True, "refusal_reason": "Not on site"}
        )
        record.action_done()
        self.assertEqual(record.state, "done")

    def test_partial_result(self):
        """R-REC-1: a partly done visit says how far it got and what is pending."""
        record = self._create_record(
            self.ticket,
            **self._confirm_values(
                result="partial",
                completion_degree=60,
                pending_items="Order a new fan motor",
                customer_expectation="Finish this week",
            ),
        )
        with self.assertRaises(ValidationError):
            record.write({"completion_degree": 120})
        record.action_done()
        self.assertEqual(record.completion_degree, 60)

    def test_cancel_needs_reason(self):
        """R-X-3: a record is cancelled with a reason, never silently."""
        record = self._create_record(self.ticket)
        wizard = (
            self.env["after_sales.service.record.cancel"]
            .with_context(default_record_ids=record.ids)
            .create({"reason": "  "})
        )
        with self.assertRaises(UserError):
            wizard.action_cancel()
        self.assertEqual(record.state, "draft")
        wizard.reason = "Customer rescheduled"
        wizard.action_cancel()
        self.assertEqual(record.state, "cancelled")
        self.assertEqual(record.cancel_reason, "Customer rescheduled")

    def test_signed_record_is_frozen(self):
        """R-X-3: what the customer signed is frozen; a done record is never deleted."""
        record = self._create_record(self.ticket, **self._confirm_values())
        record.action_done()
        with self.assertRaises(UserError):
            record.confirm_name = "Someone else"
        with self.assertRaises(UserError):
            record.evaluation_skill = "excellent"
        with self.assertRaises(UserError):
            record.unlink()
        self.assertEqual(record.confirm_name, "Zhang Wei")

    def test_done_record_content_is_frozen(self):
        """R-X-3, R-REC-1: what a done record's events and costs depend on — times,
        hours, cause, measures, result, its request — is frozen like the signature
        (the probe rewrote arrival, labour hours and the request of done records)."""
        record = self._create_record(self.ticket, **self._confirm_values())
        record.action_done()
        other = self._create_ticket()
        frozen = {
            "actual_arrival": fields.Datetime.now() - timedelta(hours=1),
            "start_datetime": fields.Datetime.now() - timedelta(hours=1),
            "labour_hours": 9.0,
            "ticket_id": other.id,
            "measures": "Nothing",
            "result": "partial",
            "cause_category_id": self.env.ref(
                "after_sales_service.cause_category_other"
            ).id,
        }
        for name, value in frozen.items():
            with self.subTest(field=name), self.assertRaises(UserError):
                record.with_user(self.supervisor).write({name: value})
        self.assertEqual(record.ticket_id, self.ticket)
        self.assertEqual(record.result, "accepted")

    def test_state_changes_only_through_transitions(self):
        """R-X-3: an engineer cannot close, reopen or create a done record by
        writing its state; the buttons are the only way."""
        record = self._create_record(self.ticket, user=self.engineer)
        with self.assertRaises(AccessError):
            record.with_user(self.engineer).write({"state": "done"})
        with self.assertRaises(AccessError):
            self._create_record(self.ticket, user=self.engineer, state="done")
        record.with_user(self.engineer).write(self._confirm_values())
        record.with_user(self.engineer).action_done()
        with self.assertRaises(AccessError):
            record.with_user(self.supervisor).write({"state": "draft"})
        self.assertEqual(record.state, "done")

    def test_cannot_reason_is_specific(self):
        """STYLE §5: the guard says why — already done, request closed."""
        record = self._create_record(self.ticket, **self._confirm_values())
        record.action_done()
        self.assertFalse(record.can_done)
        self.assertIn("already Done", record.cannot_done_reason)
        with self.assertRaises(UserError) as caught:
            record.action_done()
        self.assertIn("already Done", str(caught.exception))
        with self.assertRaises(UserError):
            record.action_cancel("Changed my mind")

    def test_cancel_reason_must_be_text(self):
        """R-X-4: a cancel reason that is not text (over RPC) is a clear error."""
        record = self._create_record(self.ticket)
        for reason in (None, "  ", 42, ["x"]):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                record.action_cancel(reason)
        self.assertEqual(record.state, "draft")

    # R-REC-2 ------------------------------------------------------------

    def test_seeded_cause_categories(self):
        """R-REC-2: nine seeded cause categories, each with its responsible party."""
        categories = self.env["after_sales.cause.category"].search(
            [("company_id", "=", False)]
        )
        expected = {
            "installation_error": "customer",
            "installation_damage": "customer",
            "missing_parts": "company",
            "incorrect_operation": "customer",
            "component_defect": "supplier",
            "manufacturing_defect": "company",
            "different_standard": "customer",
            "customer_cause": "customer",
            "other": "company",
        }
        self.assertEqual(
            {c.code: c.responsible_party for c in categories if c.code in expected},
            expected,
        )

    # R-REC-3 ------------------------------------------------------------

    def test_completeness_counts_missing_items(self):
        """R-REC-3: a repair record counts each missing item; filling one removes it."""
        record = self._create_record(
            self.ticket, site_contact_name=False, site_contact_phone=False
        )
        required = self.type_repair.required_item_ids
        self.assertEqual(record.missing_item_count, len(required))
        record.site_situation = "Fan blocked"
        self.assertEqual(record.missing_item_count, len(required) - 1)
        self.assertNotIn("site_situation", record.missing_item_ids.mapped("code"))

    def test_site_contact_defaults_from_request(self):
        """Issue #9: the engineer no longer retypes the contact: a new record takes
        the customer and phone of its request, and may correct them."""
        record = self._create_record(self.ticket)
        self.assertEqual(record.site_contact_name, self.customer.name)
        self.assertEqual(record.site_contact_phone, self.ticket.contact_phone)
        other = self._create_record(self.ticket, site_contact_name="Li Lei")
        self.assertEqual(other.site_contact_name, "Li Lei")

    def test_completeness_closing_with_missing_items_is_allowed(self):
        """R-REC-3: closing with missing items is allowed; each one stays counted."""
        record = self._create_record(self.ticket, **self._confirm_values())
        record.action_done()
        self.assertEqual(record.state, "done")
        self.assertGreater(record.missing_item_count, 0)
        self.assertIn("evaluation", record.missing_item_ids.mapped("code"))

    def test_completeness_power_on_service_exempt(self):
        """R-REC-3: the power-on service is exempt from most items (seed 000 §3.2.1)."""
        ticket = self._create_ticket(service_type_id=self.type_commissioning.id)
        record = self._create_record(ticket)
        self.assertEqual(
            set(record.missing_item_ids.mapped("code")), {"actual_arrival", "result"}
        )

    def test_completeness_is_configuration(self):
        """R-REC-3: which items a type requires is configuration."""
        record = self._create_record(self.ticket)
        before = record.missing_item_count
        witness = self.env.ref("after_sales_service.record_item_witness")
        self.type_repair.required_item_ids -= witness
        self.assertEqual(record.missing_item_count, before - 1)

    def test_record_item_code_must_exist(self):
        """R-REC-3, R-X-4: an item naming no record field is refused."""
        with self.assertRaises(ValidationError):
            self.env["after_sales.record.item"].create(
                {"name": "Bogus", "code": "no_such_field"}
            )

    # R-REC-4 ------------------------------------------------------------

    def test_first_time_fix(self):
        """R-REC-4: resolved by the first visit, no follow-up: a first-time fix."""
        first = self._create_record(self.ticket, **self._confirm_values())
        first.action_done()
        self.assertTrue(self.ticket.first_time_fix)
        self.assertTrue(first.first_time_fix)
        found = self.env["helpdesk.ticket"].search(
            [("first_time_fix", "=", True), ("id", "=", self.ticket.id)]
        )
        self.assertEqual(found, self.ticket)
        # The confirmed visit closed the request (R-REC-1); the fault persisting,
        # the supervisor reopens it for a follow-up visit.
        self.assertTrue(self.ticket.closed)
        self.ticket.with_user(self.supervisor).stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        follow_up = self._create_record(self.ticket, **self._confirm_values())
        follow_up.action_done()
        self.assertFalse(self.ticket.first_time_fix)
        self.assertFalse(first.first_time_fix)

    def test_first_time_fix_not_when_partial(self):
        """R-REC-4: a partly done first visit is no first-time fix."""
        record = self._create_record(
            self.ticket, **self._confirm_values(result="partial", completion_degree=50)
        )
        record.action_done()
        self.assertFalse(self.ticket.first_time_fix)

    # R-X-4 --------------------------------------------------------------

    def test_end_before_start(self):
        """R-X-4: the work cannot end before it starts."""
        now = fields.Datetime.now()
        with self.assertRaises(ValidationError):
            self._create_record(
                self.ticket,
                start_datetime=now - timedelta(hours=1),
                end_datetime=now - timedelta(hours=2),
            )

    def test_arrival_before_registration(self):
        """R-X-4: an engineer cannot arrive before the call was registered."""
        with self.assertRaises(ValidationError):
            self._create_record(
                self.ticket,
                actual_arrival=self.ticket.registered_at - timedelta(minutes=5),
            )

    def test_negative_labour_hours(self):
        """R-X-4: labour hours below zero are refused."""
        record = self._create_record(self.ticket)
        with self.assertRaises(ValidationError):
            record.write({"labour_hours": -1.0})
        self.assertEqual(record.labour_hours, 0.0)

    def test_record_on_closed_ticket(self):
        """R-X-4: no record on a closed request."""
        self.ticket.stage_id = self.stage_done
        with self.assertRaises(UserError):
            self._create_record(self.ticket)
        self.assertFalse(self.ticket.service_record_ids)

    def test_record_on_cancelled_ticket(self):
        """R-X-4: no record on a cancelled request."""
        self.ticket.stage_id = self.stage_cancelled
        with self.assertRaises(UserError):
            self._create_record(self.ticket)
