# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AfterSalesCase

_logger = logging.getLogger(__name__)

MEGABYTE = "9" * 1_000_001
# Values no field of after-sales service takes, per field type.
BAD_VALUES = {
    "char": (MEGABYTE, 12345, ["list"]),
    "text": (MEGABYTE, {"a": 1}),
    "integer": (10**12, -(10**12), "abc", 1.5e300),
    "float": (1e20, -1e20, float("nan"), float("inf"), "abc"),
    "monetary": (1e20, float("nan"), "abc"),
    "selection": ("no_such_choice", 42),
    "date": ("not a date", "2026-13-45", 20261130),
    "datetime": ("not a time", "2026-11-31 25:61:00", 42),
    "many2one": ("abc", [1, 2], 1.5),
}


@tagged("post_install", "-at_install")
class TestBadInput(AfterSalesCase):
    """R-X-4: every field a user can type, given values no after-sales document
    takes — megabyte text, numbers out of any range, NaN, text for a number, an
    unknown choice, an impossible date, text for a record — gets a clear error
    (a ``UserError``: validation or access), never a traceback nor a silent save,
    and no row of the table changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samples = cls._sample_documents()

    def test_every_typed_model_has_a_sample(self):
        """R-X-4: every model of the addon a user types in (it inherits the
        bounds of typed values) is tried here; a new one without a sample in
        ``AfterSalesCase._sample_documents`` fails."""
        Bounds = self.env.registry["after_sales.input.bounds"]
        typed = {
            name
            for name in self.env.registry
            if self.env[name]._original_module == "after_sales_service"
            and not self.env[name]._abstract
            and not self.env[name]._transient
            and isinstance(self.env[name], Bounds)
        }
        self.assertFalse(sorted(typed - set(self.samples)))

    def _typed_fields(self, record):
        """The stored fields a user types on the form (or sends over RPC)."""
        for name, field in record._fields.items():
            if (
                field.store
                and not field.automatic
                and field.type in BAD_VALUES
                and (not field.compute or not field.readonly)
                and not field.related
                and name not in ("company_id", "message_main_attachment_id")
            ):
                yield name, field

    def _table_digest(self, record):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM \"{record._table}\" t"  # noqa: E501
        )
        return hashlib.sha1(str(self.env.cr.fetchone()[0]).encode()).hexdigest()

    def test_every_typed_field_refuses_bad_values(self):
        """R-X-4: a clear error and an unchanged table for every bad value."""
        holes = []
        tried = 0
        for model, record in self.samples.items():
            self.assertTrue(record, model)
            record = record.sudo()
            for name, field in self._typed_fields(record):
                for value in BAD_VALUES[field.type]:
                    tried += 1
                    before = self._table_digest(record)
                    outcome = None
                    try:
                        with self.env.cr.savepoint():
                            record.write({name: value})
                            self.env.flush_all()
                        outcome = "saved"
                    except UserError:
                        outcome = None  # refused with a clear message: right
                    except Exception as error:  # noqa: BLE001 - the test's subject
                        outcome = f"traceback {type(error).__name__}: {error}"[:160]
                    self.env.invalidate_all()
                    if outcome:
                        holes.append(f"{model}.{name} = {str(value)[:30]!r}: {outcome}")
                    elif self._table_digest(record) != before:
                        holes.append(f"{model}.{name}: the table changed")
        _logger.info("bad input: %s values tried", tried)
        self.assertGreater(tried, 200)
        self.assertFalse(holes, "\n" + "\n".join(holes))

    def test_create_with_bad_values_creates_nothing(self):
        """R-X-4: the same guard on create: no row is added."""
        Record = self.env["after_sales.service.record"]
        ticket = self.samples["helpdesk.ticket"]
        count = Record.search_count([])
        for values in (
            {"labour_hours": 1e20},
            {"travel_distance": float("nan")},
            {"site_contact_phone": MEGABYTE},
            {"planned_arrival": "yesterday"},
            {"result": "maybe"},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                Record.create({"ticket_id": ticket.id, **values})
        self.assertEqual(Record.search_count([]), count)
        with self.assertRaises(UserError):
            self.env["helpdesk.ticket"].create(
                {
                    "name": "x",
                    "description": "<p>x</p>",
                    "contact_phone": MEGABYTE,
                    "registered_at": fields.Datetime.now(),
                }
            )

    def test_computed_fields_are_not_typed(self):
        """R-X-3, R-REC-3: an engineer cleared the missing items of their record
        before closing it (so no fine), or set its first-time fix, over RPC — the
        ORM writes computed fields; the system's values are not typed by anyone."""
        ticket = self._create_ticket()
        record = self._create_record(ticket, user=self.engineer)
        self.assertTrue(record.missing_item_ids)
        for vals in (
            {"missing_item_ids": [Command.clear()]},
            {"missing_item_count": 0},
            {"first_time_fix": True},
            {"partner_id": self.customer.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                record.with_user(self.engineer).write(vals)
        with self.assertRaises(UserError):
            ticket.with_user(self.supervisor).write({"first_time_fix": True})
        self.assertTrue(record.missing_item_ids)
        self.assertFalse(ticket.first_time_fix)

    def test_team_analytic_distribution_bad_values(self):
        """R-X-4, R-ACC-4: the team's analytic distribution refuses what is no
        distribution (text, a list, no such analytic account, a share out of
        0..100 or no number) with a clear error and an unchanged table."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Bad input team"})
        plan = self.env["account.analytic.plan"].create({"name": "Bad input plan"})
        account = self.env["account.analytic.account"].create(
            {"name": "Bad input account", "plan_id": plan.id}
        )
        key = str(account.id)
        for value in (
            "abc",
            [1, 2],
            {"abc": 100},
            {"999999999": 100},
            {key: 1e20},
            {key: float("nan")},
            {key: "x"},
            {key: -5},
        ):
            before = self._table_digest(team)
            with self.subTest(value=value), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    team.write({"after_sales_analytic_distribution": value})
                    self.env.flush_all()
            self.env.invalidate_all()
            self.assertEqual(self._table_digest(team), before)
