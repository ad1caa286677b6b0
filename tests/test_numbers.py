# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Numbers that say what they are (issue 20): a cost line's quantity × unit
cost is its amount, travel is charged by the request's own zone, an SLA
deadline's allowance and remaining time count in the same hours, and finance
reads the lines of the entries it books."""

from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AfterSalesCase
from .test_costing import CostingCase

# Friday 20 November 2026, 16:30 in Shanghai (UTC+8).
FRIDAY_1630_CST = datetime(2026, 11, 20, 8, 30)


@tagged("post_install", "-at_install")
class TestNumbersCosting(CostingCase):
    def _refresh(self, ticket):
        ticket.with_user(self.finance).action_costing_refresh()
        return {line.kind: line for line in ticket.cost_line_ids}

    def test_labour_amount_is_the_shown_hours_times_the_rate(self):
        """R-ACC-1: labour is hours × rate, and the hours are the ones the line
        shows: 1 h 47 min 20 s of work (1.7889 h) is billed as 1.79 h, so
        1.79 × 80 = 143.20 — never 143.11 next to 1.79 × 80. Travel per km too."""
        ticket = self._warranty_ticket()
        self._done_record(ticket, hours=1.78889, km=12.345)
        lines = self._refresh(ticket)
        currency = self.company.currency_id
        labour = lines["labour"]
        self.assertEqual(labour.quantity, 1.79)
        self.assertEqual(labour.amount, 143.20)
        for line in lines.values():
            with self.subTest(kind=line.kind):
                self.assertEqual(
                    line.amount,
                    currency.round(line.quantity * line.unit_cost),
                    "the amount shown is the quantity shown × the unit cost",
                )
        # The invoice of a chargeable cost prices the same quantity and rate.
        self.assertEqual(lines["travel"].quantity, 12.35)
        self.assertEqual(lines["travel"].amount, 24.70)

    def test_travel_follows_the_request_zone(self):
        """R-ACC-1, R-IN-1: a travel zone tied to the request's distance zone
        (市区 city, ≤20 km, >20 km, as registered on the request) prices its
        trips, whatever kilometres the record notes; a request whose zone has no
        tariff is priced by the distance."""
        Zone = self.env["after_sales.travel.zone"].with_user(self.finance)
        city = Zone.create(
            {
                "name": "市区",
                "distance_zone": "city",
                "distance_to": 10.0,
                "amount": 30.0,
            }
        )
        Zone.create(
            {
                "name": "近郊",
                "distance_zone": "near",
                "distance_from": 10.0,
                "distance_to": 30.0,
                "amount": 60.0,
            }
        )
        ticket = self._warranty_ticket(distance_zone="city")
        self._done_record(ticket, hours=0.0, km=12.0)
        travel = self._refresh(ticket)["travel"]
        self.assertEqual(travel.amount, city.amount)
        self.assertIn("市区", travel.name)
        near = self._warranty_ticket(distance_zone="near")
        self._done_record(near, hours=0.0, km=8.0)
        self.assertEqual(self._refresh(near)["travel"].amount, 60.0)
        # Beyond 20 km has no tariff: 45 km × 2.
        far = self._warranty_ticket(distance_zone="far")
        self._done_record(far, hours=0.0, km=45.0)
        travel = self._refresh(far)["travel"]
        self.assertEqual(travel.amount, 90.0)
        self.assertEqual(travel.quantity, 45.0)

    def test_one_travel_zone_per_request_zone(self):
        """R-ACC-1, R-X-4: two active travel zones of a company cannot price the
        same request zone (which would the trip cost?): refused, nothing saved."""
        Zone = self.env["after_sales.travel.zone"].with_user(self.finance)
        Zone.create({"name": "A", "distance_zone": "city", "distance_to": 5.0})
        count = Zone.search_count([])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            Zone.create(
                {
                    "name": "B",
                    "distance_zone": "city",
                    "distance_from": 5.0,
                    "distance_to": 9.0,
                }
            )
        self.assertEqual(Zone.search_count([]), count)

    def test_finance_reads_the_entry_it_booked(self):
        """R-ACC-4, R-ACC-6: finance opening the entry of a booking (in Chinese)
        sees its debit and credit lines and its currency; the entry is hash-locked,
        so "Reset to Draft" is not offered and refused, and finance reverses it
        with a reason, once, which takes the costs out of the books."""
        ticket = self._warranty_ticket()
        self._done_record(ticket)
        self._refresh(ticket)
        finance = self.finance
        finance.lang = "zh_CN"
        move = self.env["account.move"].browse(
            ticket.with_user(finance).action_costing_book()
        )
        booked = ticket.cost_line_ids
        self.assertEqual(set(booked.mapped("state")), {"booked"})
        as_finance = move.with_user(finance).with_context(lang="zh_CN")
        arch = etree.fromstring(
            as_finance.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        lines = arch.xpath("//field[@name='line_ids']")
        self.assertTrue(lines, "finance sees the journal items of the entry")
        for name in ("account_id", "debit", "credit"):
            with self.subTest(column=name):
                self.assertTrue(lines[0].xpath(f".//list/field[@name='{name}']"))
        shown = [
            node
            for node in arch.xpath("//field[@name='currency_id'][not(ancestor::field)]")
            if node.get("invisible") not in ("1", "True")
            and not any(
                "move_type == 'entry'" in (up.get("invisible") or "")
                for up in node.iterancestors()
            )
            and "move_type == 'entry'" not in (node.get("invisible") or "")
        ]
        self.assertTrue(shown, "finance sees the entry's currency")
        values = as_finance.read(["line_ids", "currency_id"])[0]
        self.assertEqual(len(values["line_ids"]), len(move.line_ids))
        self.assertEqual(values["currency_id"][0], self.company.currency_id.id)
        # What finance may do: reverse, never reset the booked entry to draft.
        self.assertFalse(as_finance.show_reset_to_draft_button)
        with self.assertRaises(UserError):
            as_finance.button_draft()
        self.assertEqual(move.state, "posted")
        reversal = (
            self.env["account.move.reversal"]
            .with_user(finance)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"reason": "重复记账", "journal_id": move.journal_id.id})
        )
        reversal.refund_moves()
        self.assertEqual(move.reversal_move_ids.state, "posted")
        self.assertIn("重复记账", move.reversal_move_ids.ref)
        # Reversed, it is out of the books: no second reversal offered nor done.
        as_finance.invalidate_recordset()
        self.assertTrue(as_finance.after_sales_reversed)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            (
                self.env["account.move.reversal"]
                .with_user(finance)
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({"reason": "再次撤销", "journal_id": move.journal_id.id})
                .refund_moves()
            )
        self.assertEqual(len(move.reversal_move_ids), 1)
        # The booked costs are reversed and proposed again, to book anew.
        self.assertEqual(set(booked.mapped("state")), {"reversed"})
        self.assertIn("draft", ticket.cost_line_ids.mapped("state"))


@tagged("post_install", "-at_install")
class TestNumbersSla(AfterSalesCase):
    """R-SLA-4: a deadline counted in working hours says so, and its remaining
    time counts the same working hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._shanghai_calendar()
        cls.sla_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "SLA Numbers Team", "user_ids": [Command.set(cls.clerk.ids)]}
        )
        cls.env["after_sales.sla.policy"].create(
            {
                "name": "Numbers policy",
                "team_id": cls.sla_team.id,
                "line_ids": [
                    Command.create(
                        {
                            "milestone": "contacted",
                            "hours": 4.0,
                            "time_mode": "working",
                            "resource_calendar_id": cls.calendar.id,
                        }
                    ),
                    Command.create(
                        {"milestone": "response", "hours": 4.0, "time_mode": "calendar"}
                    ),
                ],
            }
        )

    def _rows(self, ticket):
        return {row.milestone: row for row in ticket.sla_deadline_ids}

    @freeze_time(FRIDAY_1630_CST)
    def test_remaining_counts_like_the_allowance(self):
        """R-SLA-4: a 4 working-hour allowance registered Friday 16:30 ends Monday
        11:30; on Friday it has 4 working hours left (not the 67 hours of the
        weekend), on Monday 10:30 one; calendar allowances count the clock."""
        ticket = self._create_ticket(
            team_id=self.sla_team.id, registered_at=FRIDAY_1630_CST
        )
        rows = self._rows(ticket)
        working, calendar = rows["contacted"], rows["response"]
        self.assertEqual(working.deadline, datetime(2026, 11, 23, 3, 30))
        self.assertAlmostEqual(working.remaining_hours, 4.0, places=3)
        self.assertAlmostEqual(calendar.remaining_hours, 4.0, places=3)
        with freeze_time(datetime(2026, 11, 23, 2, 30)):  # Monday 10:30 CST
            working.invalidate_recordset(["remaining_hours"])
            self.assertAlmostEqual(working.remaining_hours, 1.0, places=3)
        with freeze_time(datetime(2026, 11, 20, 9, 0)):  # Friday 17:00 CST
            calendar.invalidate_recordset(["remaining_hours"])
            self.assertAlmostEqual(calendar.remaining_hours, 3.5, places=3)

    def test_the_tab_says_which_hours(self):
        """R-SLA-4: the Service Levels tab shows, next to each allowance and
        remaining time, whether it counts working or calendar hours."""
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.clerk)
            .with_context(lang="en_US")
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        columns = arch.xpath(
            "//page[@name='service_levels']//field[@name='sla_deadline_ids']/list/field"
        )
        names = [column.get("name") for column in columns]
        self.assertIn("time_mode", names)
        mode = columns[names.index("time_mode")]
        self.assertNotEqual(mode.get("optional"), "hide", "the basis is shown")
        self.assertEqual(
            names.index("time_mode"),
            names.index("hours") + 1,
            "the basis stands next to the allowance",
        )
        Deadline = self.env["after_sales.ticket.deadline"].with_context(lang="en_US")
        labels = Deadline.fields_get(["hours", "remaining_hours", "time_mode"])
        self.assertIn("counted", labels["remaining_hours"]["help"].lower())
        self.assertIn("working", labels["time_mode"]["help"].lower())
