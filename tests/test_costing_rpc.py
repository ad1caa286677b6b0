# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Costs and the books over JSON-RPC, as a browser or a script calls them.

The rights matrix calls every public method over the ORM; here the same calls
go through ``/web/dataset/call_kw`` with a real session of each role, so what
the HTTP layer adds (the session's user, its companies, the context a caller
may send) cannot open a door the ORM keeps shut."""

from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .test_costing import CostingCase

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestCostingJsonRpc(JsonRpcMixin, HttpCase, CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_dated_ticket(cls.today.replace(day=1))
        cls.line = cls.env["after_sales.cost.line"].create(
            {
                "ticket_id": cls.ticket.id,
                "kind": "travel",
                "name": "Travel",
                "amount": 50.0,
                "bearer": "company",
            }
        )

    def _rpc(self, login, model, method, args, kwargs=None):
        """``(result, error name)`` of ``model.method(*args)`` as ``login``."""
        result, error = self._call_kw(login, model, method, args, kwargs)
        return result, error and error["name"]

    def test_only_finance_books_over_json_rpc(self):
        """R-ACC-4, R-X-2: booking, reversing, invoicing and filling costs over
        JSON-RPC are refused to every role but finance, and nothing is
        written; a context sent by the caller opens nothing."""
        calls = (
            ("helpdesk.ticket", "action_costing_book", [self.ticket.ids]),
            ("helpdesk.ticket", "action_costing_reverse", [self.ticket.ids]),
            ("helpdesk.ticket", "action_costing_invoice", [self.ticket.ids]),
            ("helpdesk.ticket", "action_costing_refresh", [self.ticket.ids]),
            ("after_sales.provision", "action_accrue_last_month", []),
        )
        for login in ("t_engineer", "t_clerk", "t_supervisor", "t_warehouse"):
            for model, method, args in calls:
                with self.subTest(login=login, method=method):
                    _result, error = self._rpc(
                        login,
                        model,
                        method,
                        args,
                        {"context": {"after_sales_transition": "x"}},
                    )
                    self.assertEqual(error, ACCESS_ERROR)
        self.env.invalidate_all()
        self.assertEqual(self.line.state, "draft")
        self.assertFalse(
            self.env["account.move"].search_count(
                [("after_sales_ticket_id", "=", self.ticket.id)]
            )
        )
        # Finance books it over the same path.
        result, error = self._rpc(
            "t_finance", "helpdesk.ticket", "action_costing_book", [self.ticket.ids]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(self.line.state, "booked")
        self.assertEqual(self.line.sudo().move_id.ids, result)

    def test_cost_lines_and_accounts_over_json_rpc(self):
        """R-ACC-1, R-X-2: the engineer of the request reads its cost lines but
        neither changes them nor reads their journal entries; finance changes
        the bearer."""
        _result, error = self._rpc(
            "t_engineer",
            "after_sales.cost.line",
            "read",
            [self.line.ids, ["name", "amount", "bearer"]],
        )
        self.assertFalse(error, error)
        refused = (
            ("read", [self.line.ids, ["move_id"]]),
            ("write", [self.line.ids, {"amount": 1.0}]),
            ("write", [self.line.ids, {"bearer": "customer"}]),
            ("unlink", [self.line.ids]),
            (
                "create",
                [{"ticket_id": self.ticket.id, "name": "x", "amount": 9.0}],
            ),
        )
        for method, args in refused:
            with self.subTest(method=method):
                _result, error = self._rpc(
                    "t_engineer", "after_sales.cost.line", method, args
                )
                self.assertEqual(error, ACCESS_ERROR)
        _result, error = self._rpc(
            "t_engineer",
            "helpdesk.ticket",
            "read",
            [self.ticket.ids, ["costing_move_ids"]],
        )
        self.assertEqual(error, ACCESS_ERROR)
        self.env.invalidate_all()
        self.assertEqual((self.line.amount, self.line.bearer), (50.0, "company"))
        _result, error = self._rpc(
            "t_finance",
            "after_sales.cost.line",
            "write",
            [self.line.ids, {"bearer": "quality_loss"}],
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.assertEqual(self.line.bearer, "quality_loss")
        # The sources come from the facts only, not even finance sets them.
        for field in ("bill_line_id", "requisition_line_id", "record_id"):
            with self.subTest(field=field):
                _result, error = self._rpc(
                    "t_finance",
                    "after_sales.cost.line",
                    "write",
                    [self.line.ids, {field: False}],
                )
                self.assertEqual(error, ACCESS_ERROR)
