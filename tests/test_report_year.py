# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo import api
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import WarrantyCase

# The report models of the addon: on SQL views, read only (R-RPT-1 … R-RPT-3).
REPORT_MODELS = (
    "after_sales.report.year",
    "after_sales.report.labour",
    "after_sales.report.material",
    "after_sales.report.feedback",
    "after_sales.report.cause",
    "after_sales.quality.review",
)
# What the web client calls to show a report (list, pivot, graph, export).
READ_PATHS = (
    "read",
    "search_read",
    "web_search_read",
    "web_read",
    "read_group",
    "web_read_group",
    "search_count",
    "name_search",
    "read_progress_bar",
)
# 23:30 and 00:30 in Shanghai around the new year (UTC in the database).
LAST_OF_2012 = datetime(2012, 12, 31, 15, 30)
FIRST_OF_2013 = datetime(2012, 12, 31, 16, 30)


@tagged("post_install", "-at_install")
@freeze_time("2013-01-20 10:00:00")
class TestReportYear(WarrantyCase):
    """R-RPT-3: the year in figures from the documents of 2011, 2012 and the
    first hours of 2013 (company time zone: Shanghai; reader: Brussels)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        # Only the costs typed below: no rate makes a labour or travel cost.
        cls.company.after_sales_labour_rate = 0.0
        cls.company.after_sales_travel_rate = 0.0
        cls.Year = cls.env["after_sales.report.year"]
        cls.type_installation = cls.env["after_sales.service.type"].create(
            {"name": "Test installation", "code": "T-INST", "kind": "installation"}
        )
        (cls.type_repair | cls.type_installation).write(
            {"after_sales_labour_rate": 0.0}
        )
        cls.type_complaint = cls.env.ref("after_sales_service.service_type_complaint")
        cls.outlet = cls.env["res.partner"].create(
            {"name": "Xinhe Bridge Outlet", "is_service_outlet": True}
        )
        cls.supervisor.tz = "Europe/Brussels"
        cls.lot_seq = 0

    # -- documents -------------------------------------------------------

    @classmethod
    def _lot(cls):
        cls.lot_seq += 1
        return cls.env["stock.lot"].create(
            {"name": f"YR-{cls.lot_seq:04d}", "product_id": cls.product.id}
        )

    def _request(self, registered_at, service_type=None, **vals):
        return self._create_ticket(
            registered_at=registered_at,
            service_type_id=(service_type or self.type_repair).id,
            lot_id=vals.pop("lot_id", None) or self._lot().id,
            **vals,
        )

    def _visit(self, ticket, end, **vals):
        """A visit done, ended at ``end`` (UTC)."""
        record = self._create_record(
            ticket,
            **self._confirm_values(
                actual_arrival=ticket.registered_at,
                start_datetime=ticket.registered_at,
                end_datetime=end,
                **vals,
            ),
        )
        record.action_start()
        record.action_done()
        return record

    def _cost(self, ticket, kind, amount):
        return self.env["after_sales.cost.line"].create(
            {
                "ticket_id": ticket.id,
                "name": f"{kind} cost",
                "kind": kind,
                "unit_cost": amount,
            }
        )

    def _answer(self, record, grade, when):
        callback = self.env["after_sales.callback"].search(
            [("record_id", "=", record.id)]
        )
        callback.answer_ids.filtered("graded").write({"grade": grade})
        with freeze_time(when):
            callback.with_user(self.clerk).action_answer()
        return callback

    def _ledger_line(self, amount, day, confirm=True):
        line = (
            self.env["after_sales.penalty.line"]
            .with_user(self.supervisor)
            .create(
                {
                    "employee_id": self.employee.id,
                    "rule_id": self.env.ref(
                        "after_sales_service.penalty_rule_s004_uniform"
                    ).id,
                    "amount": amount,
                    "date": day,
                }
            )
        )
        if confirm:
            line.with_user(self.manager).action_confirm()
        return line

    def _documents(self):
        """2011: a complaint, a repair (labour 100). 2012: a complaint at 23:30
        on 31 December (Shanghai), repairs by own engineers (one of them
        reworked) and one by an outlet at 23:30 on 31 December, costs, an
        installation, answered callbacks, confirmed penalty and reward. 2013
        (00:30 on 1 January, Shanghai): a complaint, a repair, a callback."""
        # 2011
        self._request(datetime(2011, 6, 1, 2, 0), self.type_complaint)
        old = self._request(datetime(2011, 5, 1, 2, 0))
        self._cost(old, "labour", 100.0)
        self._visit(old, datetime(2011, 5, 2, 2, 0))
        self._ledger_line(-20.0, date(2011, 3, 1))
        # 2012
        self._request(LAST_OF_2012, self.type_complaint)
        own = self._request(datetime(2012, 3, 1, 2, 0))
        self._cost(own, "labour", 300.0)
        self._cost(own, "parts", 1000.0)  # parts: not in the repair cost
        own_record = self._visit(own, datetime(2012, 3, 2, 2, 0))
        by_outlet = self._request(datetime(2012, 4, 1, 2, 0))
        self._cost(by_outlet, "third_party", 150.0)
        outlet_record = self._visit(by_outlet, LAST_OF_2012, outlet_id=self.outlet.id)
        installation = self._request(datetime(2012, 7, 1, 2, 0), self.type_installation)
        self._cost(installation, "labour", 80.0)
        self._visit(installation, datetime(2012, 7, 2, 2, 0))
        with freeze_time("2012-10-15 10:00:00"):
            lot = self._lot()
            first = self._request(datetime(2012, 9, 20, 2, 0), lot_id=lot.id)
            self._visit(first, datetime(2012, 10, 1, 2, 0))
            again = self._create_dated_ticket(
                date(2011, 6, 1), warranty_fault_kind="quality", lot_id=lot.id
            )
        self.assertEqual(again.rework_of_id, first)
        self._answer(own_record, "good", LAST_OF_2012)
        self._answer(outlet_record, "poor", datetime(2012, 12, 31, 15, 45))
        self._ledger_line(-50.0, date(2012, 5, 1))
        self._ledger_line(100.0, date(2012, 12, 31))
        self._ledger_line(-30.0, date(2012, 6, 1), confirm=False)  # a draft
        # 2013, 00:30 on 1 January in Shanghai
        self._request(FIRST_OF_2013, self.type_complaint)
        late = self._request(datetime(2012, 6, 1, 2, 0))
        late_record = self._visit(late, FIRST_OF_2013)
        self._answer(late_record, "excellent", FIRST_OF_2013)

    def _figures(self, year, user=None):
        """The year's rows by figure, read by ``user`` (the supervisor, in
        Brussels) in English."""
        self.env.flush_all()
        rows = (
            self.Year.with_user(user or self.supervisor)
            .with_context(lang="en_US", tz="Europe/Brussels")
            .search([("year", "=", year), ("company_id", "=", self.company.id)])
        )
        return {row.figure: row for row in rows}

    # -- tests -----------------------------------------------------------

    def test_each_figure_from_the_documents(self):
        """R-RPT-3 (004 §3): complaints, repairs by own engineers and by
        outlets, repair cost (labour, travel, third party, other — not parts)
        total and per repair, installations and their cost, repeat-visit rate,
        satisfaction, confirmed penalties and rewards of 2012."""
        self._documents()
        figures = self._figures(2012)
        values = {name: row.value for name, row in figures.items()}
        self.assertEqual(
            values,
            {
                "complaint_count": 1,
                "repair_count": 3,
                "repair_own_count": 2,
                "repair_outlet_count": 1,
                "repair_cost": 450.0,
                "repair_cost_per_unit": 150.0,
                "installation_count": 1,
                "installation_cost": 80.0,
                # requests registered in 2012: the complaint, four repairs,
                # the installation and the rework
                "request_count": 7,
                "rework_count": 1,
                "repeat_visit_rate": 14.29,
                "callback_answered_count": 2,
                "callback_satisfied_count": 1,
                "satisfaction_rate": 50.0,
                "penalty_total": 50.0,
                "reward_total": 100.0,
            },
        )

    def test_year_in_the_company_time_zone(self):
        """R-RPT-3: 23:30 on 31 December in Shanghai is that year's, 00:30 on
        1 January the next year's — for a reader in Brussels, for whom both
        are still 31 December."""
        self._documents()
        figures_2013 = self._figures(2013)
        self.assertEqual(figures_2013["complaint_count"].value, 1)
        self.assertEqual(figures_2013["repair_own_count"].value, 1)
        self.assertEqual(figures_2013["callback_answered_count"].value, 1)
        self.assertEqual(figures_2013["satisfaction_rate"].value, 100.0)
        figures_2012 = self._figures(2012)
        self.assertEqual(figures_2012["repair_outlet_count"].value, 1)
        self.assertEqual(figures_2012["callback_satisfied_count"].value, 1)

    def test_previous_year_and_change(self):
        """R-RPT-3: each figure against the previous year's (value, previous,
        change); a rate without answers in a year is no data, not 0 %."""
        self._documents()
        figures = self._figures(2012)
        cost = figures["repair_cost"]
        self.assertEqual((cost.previous_value, cost.change), (100.0, 350.0))
        per_unit = figures["repair_cost_per_unit"]
        self.assertEqual((per_unit.previous_value, per_unit.change), (100.0, 50.0))
        complaints = figures["complaint_count"]
        self.assertEqual((complaints.previous_value, complaints.change), (1, 0))
        penalties = figures["penalty_total"]
        self.assertEqual((penalties.previous_value, penalties.change), (20.0, 30.0))
        satisfaction = figures["satisfaction_rate"]
        self.assertTrue(satisfaction.has_value)
        self.assertFalse(satisfaction.has_previous)  # no callback in 2011
        self.assertFalse(self._figures(2011)["satisfaction_rate"].has_value)

    def test_engineer_cannot_read_it(self):
        """R-RPT-3: the department's year is read by supervisors, managers,
        the general manager and finance; engineers and clerks read nothing."""
        self._documents()
        self.env.flush_all()
        gm = new_test_user(
            self.env,
            "t_year_gm",
            groups="base.group_user,after_sales_service.group_general_manager",
            name="General Manager",
            lang="en_US",
        )
        for user in (self.supervisor, self.manager, gm, self.finance):
            self.assertTrue(self._figures(2012, user), user.login)
        for user in (self.engineer, self.clerk):
            with self.assertRaises(AccessError):
                self.Year.with_user(user).search_read([("year", "=", 2012)])

    def test_outlet_must_be_flagged(self):
        """R-RPT-3: only a partner flagged as a service outlet (网点) is named as
        the one who did a visit; nothing changes otherwise."""
        ticket = self._request(datetime(2012, 3, 1, 2, 0))
        record = self._create_record(ticket)
        with self.assertRaises(ValidationError):
            record.with_user(self.engineer).write({"outlet_id": self.customer.id})
        self.assertFalse(record.outlet_id)
        record.with_user(self.engineer).write({"outlet_id": self.outlet.id})
        self.assertEqual(record.outlet_id, self.outlet)

    def test_yearly_read_group_is_one_query(self):
        """R-RPT-3 (issue 22, Speed): the pivot of the years is one statement
        per grouping, however many documents."""
        self._documents()
        self.env.flush_all()
        Year = self.Year.with_user(self.supervisor).with_context(lang="en_US")
        args = ([], ["value:sum"], ["year", "figure"])
        Year.read_group(*args, lazy=False)  # the record rules, once
        self.env.invalidate_all()
        # one statement, between the two planner settings (nested loops off
        # for it, then back: report_monthly_common.without_nested_loops)
        with self.assertQueryCount(3):
            groups = Year.read_group(*args, lazy=False)
        self.env.cr.execute("SHOW enable_nestloop")
        self.assertEqual(self.env.cr.fetchone()[0], "on")
        self.assertIn(
            450.0,
            [
                g["value"]
                for g in groups
                if g["year"] == 2012 and g["figure"] == "repair_cost"
            ],
        )

    def test_pdf_in_chinese(self):
        """R-RPT-3, R-X-1: the printed 年度售后服务统计 on the paper form, in
        Chinese, each figure with the previous year's and the change."""
        self._documents()
        self._load_chinese()
        rows = self.Year.search(
            [("year", "=", 2012), ("company_id", "=", self.company.id)]
        )
        report = self.env["ir.actions.report"].with_user(self.supervisor)
        html = (
            report.with_context(lang="zh_CN", tz="Asia/Shanghai")
            ._render_qweb_html(
                "after_sales_service.report_year_report_action", rows.ids
            )[0]
            .decode()
        )
        for text in (
            "年度售后服务统计",
            "维修费用",
            "网点维修",
            "2012",
            "2011",
            "450.00",
        ):
            self.assertIn(text, html)
        pdf, kind = report.with_context(
            force_report_rendering=True, lang="zh_CN"
        )._render_qweb_pdf("after_sales_service.report_year_report_action", rows.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestReportYearReadonly(WarrantyCase):
    """Issue 22 (Speed), R-RPT-3: the report reads run on a read replica — Odoo
    routes a call to a ``@api.readonly`` method to a read-only cursor when
    ``db_replica_host`` is set."""

    def test_read_paths_are_readonly(self):
        """R-RPT-3: every read path of every report model, and every method of
        the addon's own on it, is marked readonly (the decorator's
        ``_readonly``): an override without it would send the report to the
        primary."""
        models = [name for name in REPORT_MODELS if name in self.env]
        self.assertIn("after_sales.report.year", models)
        for name in models:
            cls = type(self.env[name])
            for method in READ_PATHS:
                self.assertTrue(
                    getattr(getattr(cls, method), "_readonly", False),
                    f"{name}.{method} is not readonly",
                )
            for klass in cls.__mro__:
                if not klass.__module__.startswith(
                    "odoo.addons.after_sales_service.report."
                ):
                    continue
                for attr, value in vars(klass).items():
                    # (``init`` builds the schema at install, never read)
                    if callable(value) and attr != "init" and attr[:2] != "__":
                        self.assertTrue(
                            getattr(value, "_readonly", False),
                            f"{name}.{attr} is not readonly",
                        )

    def test_read_on_a_readonly_cursor(self):
        """R-RPT-3: a read-only cursor (a replica's) runs the report's grouped
        read, its rows and its print — nothing in them writes."""
        self.company.partner_id.tz = "Asia/Shanghai"
        ticket = self._create_ticket(registered_at=datetime(2012, 3, 1, 2, 0))
        self._create_record(ticket, **self._confirm_values()).action_done()
        self.env.flush_all()
        report = "after_sales_service.report_year_report_action"
        # The print's assets, built once on the primary (as any first print).
        self.env["ir.actions.report"]._render_qweb_html(report, [])
        registry = self.env.registry
        registry.enter_test_mode(self.env.cr)
        self.addCleanup(registry.leave_test_mode)
        with registry.cursor(readonly=True) as cr:
            self.assertTrue(cr.readonly)
            env = api.Environment(
                cr, self.supervisor.id, {"lang": "en_US", "tz": "Europe/Brussels"}
            )
            Year = env["after_sales.report.year"]
            groups = Year.read_group([], ["value:sum"], ["year", "figure"], lazy=False)
            self.assertTrue(groups)
            rows = Year.search_read([("year", "=", 2012)], ["figure", "value"])
            self.assertEqual(
                {r["figure"]: r["value"] for r in rows}["request_count"], 1
            )
            html = env["ir.actions.report"]._render_qweb_html(
                report, Year.search([("year", "=", 2012)]).ids
            )[0]
            self.assertIn(b"2012", html)
            # The cursor is truly read-only: a write is refused.
            with (
                self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
                mute_logger("odoo.sql_db"),
                cr.savepoint(),
            ):
                cr.execute("UPDATE res_company SET name = name WHERE id = 0")
