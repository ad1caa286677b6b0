# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .test_penalty import PenaltyCase


@tagged("post_install", "-at_install")
class TestMyAssessment(PenaltyCase):
    """The engineer's "My Assessment" (我的考核, issue 19)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env.ref("after_sales_service.penalty_line_action_mine")

    def _views(self):
        """The action's list and search views as the engineer loads them."""
        views = [
            (view.view_id.id, view.view_mode) for view in self.action.view_ids
        ] or [(False, "list")]
        views += [(self.action.search_view_id.id, "search"), (False, "form")]
        result = (
            self.env["after_sales.penalty.line"]
            .with_user(self.engineer)
            .get_views(views, {"action_id": self.action.id})
        )
        return {
            mode: etree.fromstring(result["views"][mode]["arch"])
            for mode in ("list", "search", "form")
        }

    def test_by_month_with_net_amount_and_whole_dates(self):
        """R-PEN-5, R-PEN-4: "My Assessment" opens grouped by month with the
        month's net amount summed in the group row; its dates are shown whole
        (a column wide enough for 2026年12月07日); read-only, the dispute button
        on the lines still disputable."""
        context = safe_eval(self.action.context, {"uid": self.engineer.id})
        self.assertFalse(context.get("create", True))
        views = self._views()
        search = views["search"]
        defaults = [
            key[len("search_default_") :]
            for key in context
            if key.startswith("search_default_") and context[key]
        ]
        group_bys = [
            safe_eval(search.xpath(f"//filter[@name='{name}']")[0].get("context")).get(
                "group_by"
            )
            for name in defaults
            if search.xpath(f"//filter[@name='{name}']")
        ]
        self.assertIn("date:month", group_bys)
        arch = views["list"]
        amount = arch.xpath("//field[@name='amount']")[0]
        self.assertTrue(amount.get("sum"))
        date = arch.xpath("//field[@name='date']")[0]
        self.assertGreaterEqual(int((date.get("width") or "0").rstrip("px")), 110)
        self.assertEqual(arch.get("create"), "0")
        self.assertEqual(arch.get("edit"), "0")
        self.assertEqual(arch.get("delete"), "0")
        self.assertFalse(arch.get("editable"))
        button = arch.xpath("//button[contains(@context, \"'dispute'\")]")
        self.assertTrue(button)
        self.assertEqual(button[0].get("invisible"), "not can_dispute")
        self.assertTrue(search.xpath("//filter[@name='disputable']"))

        # The month's net amount, as the group row reads it.
        fine = self._manual(date="2026-12-03")
        reward = self._manual(date="2026-12-20", rule_id=self.praise.id)
        mine = self.Line.with_user(self.engineer)
        groups = mine.read_group(
            safe_eval(self.action.domain, {"uid": self.engineer.id}),
            ["amount:sum"],
            ["date:month"],
        )
        december = self.Line.search(
            [
                ("user_id", "=", self.engineer.id),
                ("date", ">=", "2026-12-01"),
                ("date", "<=", "2026-12-31"),
            ]
        )
        self.assertLessEqual(fine | reward, december)
        month = [
            g for g in groups if g["__range"]["date:month"]["from"] == "2026-12-01"
        ]
        self.assertEqual(month[0]["amount"], sum(december.mapped("amount")))

    def test_disputable_filter(self):
        """R-PEN-4: the filter "Disputable" finds exactly the engineer's lines they
        may still dispute — live, not a reversal, not disputed yet — the same rule
        as the Dispute button; the engineer's colleague's lines never."""
        draft = self._manual(note="Draft")
        confirmed = self._manual(note="Confirmed")
        confirmed.with_user(self.manager).action_confirm()
        cancelled = self._manual(note="Cancelled")
        cancelled.with_user(self.supervisor).action_cancel("Wrong person")
        disputed = self._manual(note="Disputed")
        disputed.with_user(self.engineer).action_dispute("Not me")
        reversed_line = self._manual(note="Reversed")
        reversed_line.with_user(self.manager).action_confirm()
        reversed_line.with_user(self.manager).action_reverse("Mistake")
        reversal = reversed_line.reversal_line_ids
        self.assertTrue(reversal)
        colleague = self._manual(employee_id=self.employee_2.id, note="Colleague")

        views = self._views()
        disputable = views["search"].xpath("//filter[@name='disputable']")
        self.assertTrue(disputable, "no filter Disputable")
        domain = safe_eval(disputable[0].get("domain"))
        Mine = self.Line.with_user(self.engineer)
        action_domain = safe_eval(self.action.domain, {"uid": self.engineer.id})
        found = Mine.search(action_domain + domain)
        self.assertIn(draft, found)
        self.assertIn(confirmed, found)
        self.assertIn(reversed_line, found)
        for line in (cancelled, disputed, reversal, colleague):
            self.assertNotIn(line, found)
        visible = Mine.search(action_domain)
        self.assertEqual(found, visible.filtered("can_dispute"))
        self.assertEqual(
            Mine.search(action_domain + [("can_dispute", "=", False)]),
            visible - found,
        )
        self.assertEqual(
            Mine.search([("can_dispute", "!=", True)]), Mine.search([]) - found
        )
