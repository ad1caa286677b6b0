# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 20, "Blocks a real department": the daily paths that stopped a
department — a free part chosen in the form, a record after the day's log, the
request's stage following the visits."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import Form, HttpCase, tagged

from .common import AfterSalesCase, WarrantyCase

REQUISITION = "after_sales.parts.requisition"


@tagged("post_install", "-at_install")
class TestPartsChargeInTheForm(WarrantyCase):
    """Chargeable or free is proposed in the requisition form from the warranty
    determination; a supervisor changes it there, with a reason, until issued."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fan = cls.env["product.product"].create(
            {"name": "Fan Motor", "is_storable": True, "standard_price": 50.0}
        )
        # Out of warranty (36 months from 2021) and in warranty (from 2025).
        cls.out_ticket = cls._create_dated_ticket(date(2021, 1, 10))
        cls.in_ticket = cls._create_dated_ticket(
            date(2025, 1, 10), warranty_fault_kind="quality"
        )

    def _form(self, user, ticket=None, requisition=None):
        Requisition = self.env[REQUISITION].with_user(user).with_context(lang="en_US")
        if requisition:
            return Form(requisition.with_user(user).with_context(lang="en_US"))
        form = Form(Requisition)
        form.ticket_id = ticket
        form.engineer_id = self.employee
        return form

    def _new_requisition(self, ticket):
        form = self._form(self.engineer, ticket)
        with form.line_ids.new() as line:
            line.product_id = self.fan
        return form.save()

    def test_new_line_follows_the_determination(self):
        """R-PRT-1, R-WAR-4: a new line in the form is chargeable out of warranty
        and free in warranty; the engineer saves it without a reason."""
        self.assertEqual(self.out_ticket.warranty_parts_payer, "customer")
        self.assertEqual(self.in_ticket.warranty_parts_payer, "company")
        form = self._form(self.engineer, self.out_ticket)
        with form.line_ids.new() as line:
            line.product_id = self.fan
            self.assertTrue(line.chargeable)
            self.assertFalse(line.warranty_free)
        requisition = form.save()
        self.assertTrue(requisition.line_ids.chargeable)
        self.assertFalse(requisition.line_ids.charge_reason)
        form = self._form(self.engineer, self.in_ticket)
        with form.line_ids.new() as line:
            line.product_id = self.fan
            self.assertFalse(line.chargeable)
        self.assertFalse(form.save().line_ids.chargeable)

    def test_supervisor_makes_a_requested_part_free_in_the_form(self):
        """R-PRT-1, R-WAR-4: after the request, a supervisor turns a chargeable
        part free in the form with the reason (its column shown once the charge
        differs from the determination); the engineer cannot."""
        requisition = self._new_requisition(self.out_ticket)
        requisition.with_user(self.engineer).action_request()
        self.assertEqual(requisition.state, "requested")
        form = self._form(self.engineer, requisition=requisition)
        with form.line_ids.edit(0) as line:
            with self.assertRaises(AssertionError):  # read-only for the engineer
                line.chargeable = False
        form = self._form(self.supervisor, requisition=requisition)
        with form.line_ids.edit(0) as line:
            line.chargeable = False
            line.charge_reason = "Key customer, goodwill"
        form.save()
        line = requisition.line_ids
        self.assertFalse(line.chargeable)
        self.assertEqual(line.charge_reason, "Key customer, goodwill")
        self.assertIn("Key customer, goodwill", requisition.message_ids[0].body)
        # ... and back to chargeable, what the warranty says: no reason asked.
        form = self._form(self.supervisor, requisition=requisition)
        with form.line_ids.edit(0) as line:
            line.chargeable = True
        form.save()
        self.assertTrue(requisition.line_ids.chargeable)
        self.assertFalse(requisition.line_ids.charge_reason)
        requisition.invalidate_recordset(["message_ids"])
        self.assertIn("as the warranty says", requisition.message_ids[0].body)
        # The part itself stays what was requested.
        form = self._form(self.supervisor, requisition=requisition)
        with form.line_ids.edit(0) as line:
            with self.assertRaises(AssertionError):
                line.quantity = 3

    def test_reason_column_shown_in_the_form(self):
        """R-PRT-1: the reason column is not hidden in the requisition form; it
        is required where the charge differs from the determination."""
        arch = (
            self.env[REQUISITION]
            .with_user(self.supervisor)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertRegex(arch, r'name="charge_reason"(?![^>]*optional="hide")')
        form = self._form(self.supervisor, self.out_ticket)
        with self.assertRaises(AssertionError) as caught:
            with form.line_ids.new() as line:
                line.product_id = self.fan
                line.chargeable = False
        self.assertIn("charge_reason", str(caught.exception))  # required


@tagged("post_install", "-at_install")
class TestFreePartTour(HttpCase, WarrantyCase):
    """The same in a real browser, in Chinese, as a supervisor without an e-mail
    address (issue #9): the tour fails on an error dialog or a red notification
    (static/tests/tours/daily_work_tours.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._chinese_browser_user(cls.supervisor)

    def test_supervisor_adds_a_free_part_in_the_browser(self):
        """R-PRT-1, R-WAR-4: on an out-of-warranty request the supervisor adds a
        part in the requisition form; it is proposed chargeable; made free, the
        reason (its column shown) is required, and the line is saved with it."""
        ticket = self._create_dated_ticket(date(2021, 1, 10))
        self.assertEqual(ticket.warranty_parts_payer, "customer")
        fan, capacitor = self.env["product.product"].create(
            [
                {"name": "TOUR-FAN", "is_storable": True},
                {"name": "TOUR-CAP", "is_storable": True},
            ]
        )
        requisition = (
            self.env[REQUISITION]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "engineer_id": self.employee.id,
                    "line_ids": [(0, 0, {"product_id": fan.id})],
                }
            )
        )
        self.start_tour(
            f"/odoo/action-after_sales_service.action_parts_requisition/{requisition.id}",
            "after_sales_supervisor_free_part",
            login=self.supervisor.login,
        )
        requested, added = requisition.line_ids.sorted("id")
        self.assertEqual(requested.product_id, fan)
        self.assertTrue(requested.chargeable)
        self.assertEqual(added.product_id, capacitor)
        self.assertFalse(added.warranty_free)
        self.assertFalse(added.chargeable)
        self.assertEqual(added.charge_reason, "重点客户,公司承担")
        self.assertIn("重点客户,公司承担", requisition.message_ids[0].body)


# Asia/Shanghai is UTC+8. Friday 6 November 2026; the log is due Monday 08:30.
FRIDAY = date(2026, 11, 6)


def utc(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


@tagged("post_install", "-at_install")
class TestWorkAfterTheDaysLog(AfterSalesCase):
    """R-REC-6: a record of the day after the log was submitted is added to the
    day's log as an amendment, its lateness judged on its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.company.after_sales_log_deadline_hour = 8.5
        cls.Log = cls.env["after_sales.work.log"]

    def test_record_after_submission_amends_the_days_log(self):
        """R-REC-6: the log handed in at 08:59 takes the afternoon's visit as an
        amendment on time; a Friday visit entered on Monday after the deadline
        is a late amendment, and the entries handed in on time stay on time."""
        with freeze_time("2026-11-06 00:59:00"):  # Friday 08:59 Shanghai
            ticket = self._create_ticket(registered_at=utc("2026-11-06 00:00"))
            morning = self._create_record(
                ticket,
                actual_arrival=utc("2026-11-06 00:10"),
                start_datetime=utc("2026-11-06 00:10"),
            )
            log = self.Log.with_user(self.engineer).create(
                {"employee_id": self.employee.id, "date": FRIDAY}
            )
            log.action_submit()
            self.assertEqual(log.record_ids, morning)
        with freeze_time("2026-11-06 06:00:00"):  # Friday 14:00 Shanghai
            afternoon = self._create_record(ticket, user=self.engineer)
            afternoon.with_user(self.engineer).action_start()
        self.assertEqual(log.record_ids, morning | afternoon)
        self.assertEqual(log.amendment_ids.record_id, afternoon)
        self.assertFalse(log.amendment_ids.is_late)
        self.assertFalse(log.is_late)
        self.assertTrue(log.amended)
        with freeze_time("2026-11-09 02:00:00"):  # Monday 10:00, past 08:30
            forgotten = self._create_record(
                ticket,
                user=self.engineer,
                actual_arrival=utc("2026-11-06 09:00"),
                start_datetime=utc("2026-11-06 09:00"),
            )
        self.assertIn(forgotten, log.record_ids)
        late = log.amendment_ids.filtered("is_late")
        self.assertEqual(late.record_id, forgotten)
        self.assertEqual(log.late_amendment_count, 1)
        self.assertFalse(log.is_late)
        self.assertEqual(log.state, "submitted")
        # The supervisor sees what was added, and when.
        seen = log.with_user(self.supervisor).amendment_ids
        self.assertEqual(seen.mapped("is_late"), [False, True])
        self.assertEqual(
            self.Log.with_user(self.supervisor).search_count(
                [("late_amendment_count", ">", 0)]
            ),
            1,
        )
        # Still one log a day.
        self.assertEqual(self.Log.search_count([("date", "=", FRIDAY)]), 1)


@tagged("post_install", "-at_install")
class TestStageFollowsTheVisits(AfterSalesCase):
    """R-REC-1: the request's stage follows its visits, forward only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.part = cls.env["product.product"].create(
            {"name": "Capacitor", "is_storable": True}
        )

    def _tracked_stages(self, ticket):
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", ticket._name),
                ("mail_message_id.res_id", "=", ticket.id),
                ("field_id.name", "=", "stage_id"),
            ],
            order="id",
        )
        return values.mapped("new_value_char")

    def _engineer(self, record):
        return record.with_user(self.engineer).with_context(
            tracking_disable=False, lang="en_US"
        )

    def test_arrival_then_confirmed_result(self):
        """R-REC-1: arrival puts the request in progress, the confirmed result of
        the visit makes it done; both moves are in the chatter."""
        ticket = self._create_ticket()
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(self._tracked_stages(ticket), [])  # as committed
        record = self._engineer(self._create_record(ticket))
        record.action_start()
        self.assertEqual(ticket.stage_id, self.stage_progress)
        # Each button is its own transaction in the client: tracked at commit.
        self.assertEqual(self._tracked_stages(ticket), [self.stage_progress.name])
        record.write(self._confirm_values())
        record.action_done()
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertEqual(
            self._tracked_stages(ticket),
            [self.stage_progress.name, self.stage_done.name],
        )

    def test_open_requisition_keeps_the_request_open(self):
        """R-REC-1, R-PRT-1: a request with a parts requisition still open is not
        closed by its visit; it is once the requisition is settled."""
        ticket = self._create_ticket()
        requisition = (
            self.env[REQUISITION]
            .with_user(self.engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "engineer_id": self.employee.id,
                    "line_ids": [(0, 0, {"product_id": self.part.id})],
                }
            )
        )
        record = self._engineer(self._create_record(ticket))
        record.action_start()
        record.write(self._confirm_values())
        record.action_done()
        self.assertEqual(ticket.stage_id, self.stage_progress)
        requisition.with_user(self.warehouse)._do_cancel("Not needed after all")
        self.assertEqual(ticket.stage_id, self.stage_done)

    def test_never_backwards_nor_closed_with_open_work(self):
        """R-REC-1: a partly done visit leaves the request in progress; a later
        stage set by the supervisor is not moved back by a new arrival; another
        visit still open keeps the request open until it is cancelled."""
        ticket = self._create_ticket()
        first = self._engineer(self._create_record(ticket))
        second = self._engineer(self._create_record(ticket))
        first.action_start()
        first.write(self._confirm_values(result="partial"))
        first.action_done()
        self.assertEqual(ticket.stage_id, self.stage_progress)
        ticket.with_user(self.supervisor).stage_id = self.stage_awaiting
        second.action_start()
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        third = self._engineer(self._create_record(ticket))
        second.write(self._confirm_values())
        second.action_done()
        self.assertEqual(ticket.stage_id, self.stage_awaiting)  # third is open
        # The last open visit cancelled, the confirmed result closes it.
        third.action_cancel("Done on the second visit")
        self.assertEqual(ticket.stage_id, self.stage_done)
