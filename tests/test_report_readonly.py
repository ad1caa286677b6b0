# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import AfterSalesCase

# Every report model and the grouping its screen opens with.
REPORTS = {
    "after_sales.report.labour": (["labour_hours:sum"], ["month:month", "user_id"]),
    "after_sales.report.material": (["value:sum"], ["month:month", "product_id"]),
    "after_sales.report.feedback": (["request_count:sum"], ["month:month"]),
    "after_sales.report.cause": (["record_count:sum"], ["cause_category_id"]),
    "after_sales.report.year": (["value:sum"], ["figure"]),
}


@tagged("post_install", "-at_install")
class TestReportReadonlyRoutes(HttpCase, AfterSalesCase):
    """R-RPT-1, R-RPT-3, issue 24 "read replica": with ``db_replica_host``
    configured, Odoo 18 serves the reports' reads on its read-only routes —
    their cursor goes to the replica; here the test cursor of such a route runs
    in a ``READ ONLY`` transaction, so a report that wrote anything while it is
    read (a stored compute, a log, an attachment) would fail here."""

    def _call_kw(self, model, method, args, kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def test_reports_read_on_readonly_routes(self):
        """The pivot, the list, the drill-down counts and the yearly print of
        every report, as finance, through the routes the web client calls."""
        self.assertTrue(self.registry.test_readonly_enabled)
        self._create_ticket()  # this year's figures have a request to count
        replica = {
            "db_replica_host": config["db_host"] or "localhost",
            "db_replica_port": config["db_port"],
        }
        with patch.dict(config.options, replica):
            self.authenticate("t_finance", "t_finance")
            for model, (aggregates, groupby) in REPORTS.items():
                env = self.env[model]
                for method in ("web_read_group", "web_search_read", "search_count"):
                    self.assertTrue(
                        getattr(getattr(type(env), method), "_readonly", False),
                        f"{model}.{method} is not served read-only",
                    )
                groups = self._call_kw(
                    model,
                    "web_read_group",
                    [[]],
                    {"fields": aggregates, "groupby": groupby, "lazy": False},
                )
                self.assertIn("groups", groups)
                rows = self._call_kw(
                    model,
                    "web_search_read",
                    [[]],
                    {"specification": {"display_name": {}}, "limit": 80},
                )
                self.assertIn("records", rows)
            years = (
                self.env["after_sales.report.year"]
                .with_user(self.finance)
                .search([("company_id", "=", self.company.id)], limit=5)
            )
            self.assertTrue(years)
            response = self.url_open(
                "/report/html/after_sales_service.report_year_statistics/"
                + ",".join(str(i) for i in years.ids)
            )
            self.assertEqual(response.status_code, 200)
