# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models import warranty_determination
from ..models.warranty_determination import _write_each
from .common import WarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 10:00:00")
class TestWarranty(WarrantyCase):
    def test_policy_selection(self):
        """R-WAR-1: the product's policy beats its category's, which beats the
        company default; the nearest parent category applies."""
        Policy = self.Policy
        self.assertEqual(
            Policy._get_for_product(self.product, self.company), self.policy
        )
        other = self.env["product.product"].create(
            {"name": "Fan", "categ_id": self.categ.id}
        )
        self.assertEqual(
            Policy._get_for_product(other, self.company), self.policy_categ
        )
        self.assertEqual(
            Policy._get_for_product(self.other_product, self.company),
            self.policy_default,
        )
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        self.assertEqual(ticket.warranty_applied_policy_id, self.policy)
        router = self._create_dated_ticket(
            date(2025, 1, 10), product_id=self.other_product.id, lot_id=False
        )
        self.assertEqual(router.warranty_applied_policy_id, self.policy_default)
        self.assertEqual(router.warranty_end_date, date(2026, 1, 9))

    def test_one_default_per_company(self):
        """R-WAR-1: one default policy per company."""
        with self.assertRaises(ValidationError):
            self.Policy.create({"name": "Second", "is_default": True})

    def test_determination_explained(self):
        """R-WAR-1, R-WAR-2, R-WAR-5b, R-WAR-8: period, start, basis and charging,
        each with the rule that produced it, in clear sentences."""
        ticket = self._create_dated_ticket(
            date(2025, 1, 10), warranty_fault_kind="quality"
        )
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.warranty_start_date, date(2025, 1, 10))
        self.assertEqual(ticket.warranty_start_basis, "invoice")
        self.assertEqual(ticket.warranty_end_date, date(2028, 1, 9))
        self.assertEqual(ticket.warranty_parts_payer, "company")
        self.assertEqual(ticket.warranty_labour_payer, "company")
        self.assertTrue(ticket.warranty_remedy_repair)
        reasons = ticket.warranty_reason_ids
        self.assertEqual(
            set(reasons.mapped("code")), {"R-WAR-1", "R-WAR-2", "R-WAR-4", "R-WAR-5b"}
        )
        self.assertIn("free_quality", self._reason_keys(ticket))
        period = reasons.filtered(lambda r: r.key == "period")
        self.assertEqual(
            period.text,
            "Warranty of the whole unit: 36 months from 01/10/2025, up to and "
            "including 01/09/2028.",
        )
        self.assertIn(
            ticket,
            self.env["helpdesk.ticket"].search(
                [("warranty_state", "=", "in_warranty")]
            ),
        )

    def test_recomputed_when_facts_change(self):
        """R-WAR-8: a changed fact re-determines the open request."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        ticket.purchase_date = date(2021, 1, 10)
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertEqual(len(ticket.warranty_determination_ids), 1)

    def test_component_in_warranty(self):
        """R-WAR-1: the whole unit is out of warranty, its compressor is not."""
        ticket = self._create_dated_ticket(date(2021, 1, 10))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        line = ticket.warranty_component_line_ids
        self.assertEqual(line.name, "Compressor")
        self.assertEqual(line.end_date, date(2026, 1, 9))
        self.assertTrue(line.in_warranty)
        self.assertIn("component_in_warranty", self._reason_keys(ticket))
        ticket.warranty_component_ids = self.compressor
        # R-WAR-4: the compressor's parts are free, the rest is charged as out
        # of warranty (the probe found "in warranty, all free").
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertIn("free_components", self._reason_keys(ticket))
        self.assertEqual(ticket.warranty_parts_payer, "customer")
        self.assertEqual(ticket.warranty_labour_payer, "customer")
        self.assertTrue(ticket.warranty_component_line_ids.free_parts)
        # A faulty part no component covers is named too: it is not free.
        ticket.warranty_component_ids = False
        ticket.warranty_other_parts = "Door seal"
        self.assertFalse(ticket.warranty_component_line_ids.free_parts)
        self.assertNotIn("free_components", self._reason_keys(ticket))

    def test_contract_override(self):
        """R-WAR-1: a contract overrides the policy; the serial's beats the
        customer's."""
        self.customer.after_sales_contract_months = 60
        ticket = self._create_dated_ticket(date(2021, 1, 10))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.warranty_end_date, date(2026, 1, 9))
        self.assertIn("contract_override", self._reason_keys(ticket))
        self.lot.after_sales_contract_months = 24
        self.assertEqual(ticket.warranty_end_date, date(2023, 1, 9))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.lot.after_sales_contract_months = 0
        self.assertEqual(ticket.warranty_end_date, date(2026, 1, 9))
        with self.assertRaises(ValidationError):
            self.lot.after_sales_contract_months = -1

    def test_no_proof_unknown(self):
        """R-WAR-2, R-WAR-4: without proof nor factory date the warranty is unknown
        and a supervisor decides; with a factory date it starts 3 months later."""
        ticket = self._create_dated_ticket(False, proof_kind="none")
        self.assertEqual(ticket.warranty_state, "unknown")
        self.assertTrue(ticket.warranty_needs_supervisor)
        self.assertIn("no_start", self._reason_keys(ticket))
        self.assertIn(
            ticket,
            self.env["helpdesk.ticket"].search([("warranty_state", "=", "unknown")]),
        )
        self.lot.after_sales_factory_date = date(2024, 12, 1)
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.warranty_start_basis, "factory_plus_grace")
        self.assertEqual(ticket.warranty_start_date, date(2025, 3, 1))

    def test_exclusion(self):
        """R-WAR-3: an exclusion found voids free service inside the period."""
        ticket = self._create_dated_ticket(
            date(2025, 1, 10), warranty_exclusion_ids=[Command.set(self.misuse.ids)]
        )
        self.assertEqual(ticket.warranty_state, "excluded")
        self.assertEqual(ticket.warranty_parts_payer, "customer")
        exclusion = ticket.warranty_reason_ids.filtered(lambda r: r.code == "R-WAR-3")
        self.assertIn("misuse", exclusion.text)

    def test_sanbao_return_window(self):
        """R-WAR-5: a major fault 5 days after the invoice: return, exchange or
        repair at the customer's choice."""
        ticket = self._create_dated_ticket(
            date(2025, 6, 11), warranty_fault_kind="quality", warranty_major_fault=True
        )
        self.assertTrue(ticket.warranty_remedy_return)
        self.assertTrue(ticket.warranty_remedy_exchange)
        self.assertTrue(ticket.warranty_remedy_repair)
        self.assertEqual(ticket.warranty_sanbao_end_date, date(2028, 6, 10))

    def test_rework_from_earlier_visit(self):
        """R-WAR-5a: the last finished visit on the serial makes a fault recurring
        within 30 days a rework, free of charge."""
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
        ticket = self._create_dated_ticket(
            date(2020, 1, 10), warranty_fault_kind="quality"
        )
        self.assertEqual(ticket.warranty_last_repair_date, date(2025, 6, 6))
        self.assertTrue(ticket.warranty_is_rework)
        self.assertEqual(ticket.warranty_parts_payer, "company")

    def test_frozen_when_done(self):
        """R-WAR-8: a policy edit re-determines open requests, never closed ones."""
        ticket = self._create_dated_ticket(date(2023, 1, 10))
        self.assertEqual(ticket.warranty_end_date, date(2026, 1, 9))
        self.policy.whole_months = 24
        self._run_warranty_queue()
        self.assertEqual(ticket.warranty_end_date, date(2025, 1, 9))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.warranty_frozen)
        self.policy.whole_months = 48
        self.policy.component_ids.months = 72
        self._run_warranty_queue()
        self.assertEqual(ticket.warranty_end_date, date(2025, 1, 9))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertEqual(ticket.warranty_component_line_ids.months, 60)
        other = self._create_dated_ticket(date(2023, 1, 10))
        self.assertEqual(other.warranty_end_date, date(2027, 1, 9))

    def test_bad_facts_change_nothing(self):
        """R-X-4: facts the engine refuses raise a ValidationError and change
        nothing."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        cases = [
            {"purchase_date": date(2025, 6, 20)},
            {"warranty_days_in_repair": -1},
            {"warranty_installation_date": date(2025, 7, 1)},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                ticket.write(vals)
            ticket.invalidate_recordset()
            self.assertEqual(ticket.purchase_date, date(2025, 1, 10))
            self.assertEqual(ticket.warranty_days_in_repair, 0)
            self.assertEqual(ticket.warranty_end_date, date(2028, 1, 9))

    def test_factory_after_invoice(self):
        """R-X-4: a factory date after the invoice date is refused on the serial and
        on the request."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        with self.assertRaises(ValidationError) as caught:
            self.lot.after_sales_factory_date = date(2025, 2, 1)
        self.assertIn("factory date", str(caught.exception))
        self.lot.invalidate_recordset()
        self.assertFalse(self.lot.after_sales_factory_date)
        self.lot.after_sales_factory_date = date(2024, 12, 1)
        with self.assertRaises(ValidationError) as caught:
            ticket.purchase_date = date(2024, 11, 1)
        self.assertIn("factory date", str(caught.exception))
        ticket.invalidate_recordset()
        self.assertEqual(ticket.purchase_date, date(2025, 1, 10))

    def test_bad_policy_values(self):
        """R-X-4: zero or negative months, a rate of 1 per day or more are refused
        and change nothing."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        cases = [
            {"whole_months": 0},
            {"whole_months": -12},
            {"depreciation_rate": 1.0},
            {"depreciation_rate": -0.001},
            {"return_days": 0},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.policy.write(vals)
        with self.assertRaises(ValidationError):
            self.compressor.months = 0
        self.policy.invalidate_recordset()
        self.assertEqual(self.policy.whole_months, 36)
        self.assertEqual(self.compressor.months, 60)
        self.assertEqual(ticket.warranty_end_date, date(2028, 1, 9))
        engine = self.policy._to_engine()
        self.assertEqual(engine.whole_months, 36)
        self.assertEqual(str(engine.depreciation_rate), "0.001")
        self.assertEqual(engine.components[0].months, 60)

    def test_rights(self):
        """Engineers read policies and determinations; managers edit policies."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        as_engineer = ticket.with_user(self.engineer)
        self.assertEqual(as_engineer.warranty_state, "in_warranty")
        self.assertTrue(as_engineer.warranty_reason_ids.mapped("text"))
        as_engineer.warranty_fault_kind = "customer"
        self.assertEqual(ticket.warranty_parts_payer, "customer")
        with self.assertRaises(AccessError):
            self.policy.with_user(self.engineer).whole_months = 48
        self.policy.with_user(self.manager).whole_months = 48
        self._run_warranty_queue()
        self.assertEqual(ticket.warranty_end_date, date(2029, 1, 9))

    def test_engineer_records_findings_in_form(self):
        """R-WAR-3, R-WAR-8: the engineer records an exclusion on the Warranty page
        and the determination follows on save."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        with Form(ticket.with_user(self.engineer)) as form:
            self.assertEqual(form.warranty_state, "in_warranty")
            form.warranty_exclusion_ids.add(self.misuse)
            form.warranty_fault_kind = "customer"
        self.assertEqual(ticket.warranty_state, "excluded")
        self.assertIn(
            ticket,
            self.env["helpdesk.ticket"].search([("warranty_state", "=", "excluded")]),
        )

    def test_multi_company(self):
        """R-X-2: a policy serves its own company only."""
        company_2 = self.env["res.company"].create({"name": "Second Company"})
        policy_2 = self.Policy.create(
            {
                "name": "Second",
                "whole_months": 6,
                "company_id": company_2.id,
                "product_ids": [Command.set(self.product.ids)],
            }
        )
        Policy = self.Policy
        self.assertEqual(Policy._get_for_product(self.product, company_2), policy_2)
        self.assertEqual(
            Policy._get_for_product(self.product, self.company), self.policy
        )
        self.assertFalse(
            Policy.with_user(self.engineer).search([("id", "=", policy_2.id)])
        )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 10:00:00")
class TestWarrantyScale(WarrantyCase):
    """Policy edits, serial and customer edits at scale (R-WAR-8, DESIGN §7)."""

    def _open_tickets(self, count, **vals):
        base = {
            "name": "Air conditioner does not cool",
            "description": "<p>Outdoor fan does not turn.</p>",
            "team_id": self.team.id,
            "user_id": self.engineer.id,
            "partner_id": self.customer.id,
            "service_type_id": self.type_repair.id,
            "product_id": self.product.id,
            "lot_id": self.lot.id,
            "registered_at": datetime(2025, 6, 16, 2, 0),
            "purchase_date": date(2023, 1, 10),
            "proof_kind": "invoice",
        }
        # Numbered here: a batch create would give them one number.
        return self.env["helpdesk.ticket"].create(
            [{**base, "number": f"WS-{i}", **vals} for i in range(count)]
        )

    def _save_queries(self, policy, vals):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        policy.write(vals)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_policy_save_queues_in_constant_queries(self):
        """R-WAR-8, DESIGN §7: saving a policy marks its open requests and wakes
        the cron up; the save costs the same number of queries for 1 and for 200
        requests (it was one determination per request inside the save)."""
        one_policy = self.Policy.create(
            {
                "name": "One",
                "whole_months": 36,
                "component_ids": [Command.create({"name": "Motor", "months": 60})],
            }
        )
        other = self.env["product.product"].create(
            {"name": "Fan", "categ_id": self.categ.id}
        )
        one_policy.product_ids = other
        self._run_warranty_queue()
        self._open_tickets(1, product_id=other.id, lot_id=False)
        many = self._open_tickets(200)
        self._run_warranty_queue()
        self.assertEqual(set(many.mapped("warranty_end_date")), {date(2026, 1, 9)})
        self._save_queries(one_policy, {"whole_months": 30})  # warm the caches up
        self._run_warranty_queue()
        queries_1 = self._save_queries(one_policy, {"whole_months": 24})
        queries_200 = self._save_queries(self.policy, {"whole_months": 24})
        self.assertEqual(queries_1, queries_200)
        self.assertTrue(all(many.mapped("warranty_pending")))
        self.assertEqual(set(many.mapped("warranty_end_date")), {date(2026, 1, 9)})
        self.assertEqual(self._run_warranty_queue(), 201)  # 1 + 200
        self.assertEqual(set(many.mapped("warranty_end_date")), {date(2025, 1, 9)})
        self.assertFalse(any(many.mapped("warranty_pending")))

    def test_queue_writes_only_changed_outcomes(self):
        """R-WAR-8: the batch re-determination writes nothing for a request whose
        outcome did not change, and rewrites a changed one in place."""
        ticket = self._create_dated_ticket(date(2025, 1, 10))
        reasons = ticket.warranty_reason_ids
        texts = reasons.mapped("text")
        with patch.object(
            warranty_determination, "_write_each", wraps=_write_each
        ) as writes:
            self.policy.repairer_delay_days = 45  # no delay on this request
            self._run_warranty_queue()
        # (other requests of the database may be queued too: the demo's)
        own = {(ticket._name, ticket.id)} | {
            (d._name, d.id) for d in ticket.warranty_determination_ids
        }
        written = [
            record
            for call in writes.call_args_list
            for record in call.args[0]
            if (record._name, record.id) in own
        ]
        self.assertFalse(written)
        self.assertEqual(ticket.warranty_reason_ids, reasons)
        self.assertEqual(ticket.warranty_reason_ids.mapped("text"), texts)
        self.policy.whole_months = 48
        self._run_warranty_queue()
        self.assertNotEqual(ticket.warranty_reason_ids.mapped("text"), texts)
        self.assertEqual(ticket.warranty_end_date, date(2029, 1, 9))

    def test_last_repair_date_in_one_search(self):
        """R-WAR-5a, DESIGN §7: the last repair of a batch of requests is found in
        one search, not one per request."""
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
        tickets = self._open_tickets(10)
        self.assertEqual(
            set(tickets.mapped("warranty_last_repair_date")), {date(2025, 6, 6)}
        )
        counts = []
        field = tickets._fields["warranty_last_repair_date"]
        for batch in (tickets[:1], tickets):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.env.protecting([field], batch):
                batch._compute_warranty_last_repair_date()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertFalse(first.warranty_last_repair_date)

    def _corrupt(self, ticket):
        """A request whose own facts became invalid outside the ORM (an import)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET warranty_days_in_repair = -3 WHERE id = %s",
            [ticket.id],
        )
        self.env.invalidate_all()

    def test_customer_edit_ignores_an_unrelated_bad_request(self):
        """R-WAR-8 regression: editing a customer's contract used to fail when one
        of its requests had invalid facts of its own; the others are updated."""
        good = self._create_dated_ticket(date(2021, 1, 10))
        bad = self._create_dated_ticket(date(2021, 1, 10), lot_id=False)
        self._corrupt(bad)
        self.customer.after_sales_contract_months = 60
        self.assertEqual(good.warranty_end_date, date(2026, 1, 9))
        self.assertEqual(good.warranty_state, "in_warranty")
        with self.assertRaises(ValidationError):
            bad.warranty_fault_kind = "quality"  # the bad request still reports it

    def test_serial_edit_ignores_an_unrelated_bad_request(self):
        """R-WAR-8 regression: editing a serial's contract used to fail when one of
        its requests had invalid facts of its own; the others are updated."""
        good = self._create_dated_ticket(date(2021, 1, 10))
        bad = self._create_dated_ticket(date(2021, 1, 10))
        self._corrupt(bad)
        self.lot.after_sales_contract_months = 60
        self.assertEqual(good.warranty_end_date, date(2026, 1, 9))
        self.assertEqual(good.warranty_state, "in_warranty")

    def test_shared_codes_unique(self):
        """R-WAR-3, R-X-2: codes are unique per company including shared rows (no
        company): two shared rows with the same code are refused."""
        cases = [
            (
                "after_sales.warranty.exclusion",
                {"name": "Flood", "company_id": self.company.id},
            ),
            (
                "after_sales.service.type",
                {"name": "Visit", "company_id": self.company.id},
            ),
            (
                "after_sales.cause.category",
                {"name": "Other", "company_id": self.company.id},
            ),
        ]
        for model, vals in cases:
            with self.subTest(model=model):
                Model = self.env[model]
                shared = {**vals, "code": "dup_shared", "company_id": False}
                Model.create(shared)
                with (
                    self.assertRaises(IntegrityError),
                    mute_logger("odoo.sql_db"),
                    self.env.cr.savepoint(),
                ):
                    Model.create(shared)
                    self.env.flush_all()
                # a company may still have its own row with a shared code
                Model.create({**vals, "code": "dup_shared"})  # vals name the company
                self.env.flush_all()


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 10:00:00")
class TestWarrantyLanguage(WarrantyCase):
    def test_components_by_code_named_in_reader_language(self):
        """R-WAR-1, R-WAR-8, R-X-1: the engine reads component codes; the
        determination names the components in the reader's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(self.compressor.code, "compressor")
        self.compressor.with_context(lang="zh_CN").name = "压缩机"
        ticket = self._create_dated_ticket(
            date(2021, 1, 10), warranty_component_ids=[Command.set(self.compressor.ids)]
        )
        self.assertEqual(ticket._warranty_facts().components, ("compressor",))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        line = ticket.warranty_component_line_ids
        self.assertEqual(line.name, "Compressor")
        self.assertEqual(line.with_context(lang="zh_CN").name, "压缩机")
        reason = ticket.warranty_reason_ids.filtered(
            lambda r: r.key == "free_components"
        )
        self.assertIn("Compressor", reason.text)
        zh = reason.with_context(lang="zh_CN")
        self.assertIn("压缩机", zh.text)
        self.assertNotIn("Compressor", zh.text)
        self.assertEqual(reason.rule_name, "Main component warranty")
        for text in ticket.warranty_reason_ids.mapped("text"):
            self.assertNotIn("R-WAR", text)
            self.assertNotIn("§", text)
