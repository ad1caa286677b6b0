# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The four monthly reports of R-RPT-1 (售后工时统计表, 售后服务实际耗用材料明细表,
售后服务反馈统计表, 原因分析统计表) read from real documents: requests,
service records done, callbacks answered, parts issued and returned through
the addon's own flows."""

import io
import zipfile
from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_parts import PartsCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - openpyxl is in requirements-test
    openpyxl = None

# 2026-01-31 23:30 in Shanghai (UTC+8) is 15:30 UTC: January for the company,
# January in UTC, still January (16:30) in Brussels.
LATE_31_JAN = datetime(2026, 1, 31, 15, 30)
# 2026-02-01 00:30 in Shanghai: February for the company although it is still
# 31 January in UTC and in Brussels.
EARLY_1_FEB = datetime(2026, 1, 31, 16, 30)
REGISTERED = datetime(2026, 1, 10, 2, 0)
JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)


class ReportMonthlyCase(PartsCase):
    """A company in Shanghai, two engineers with their employees, requests of
    January 2026 served by both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.employee_2 = cls.env["hr.employee"].create(
            {"name": "Engineer 2", "user_id": cls.engineer_2.id}
        )
        cls.phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.Labour = cls.env["after_sales.report.labour"]
        cls.Material = cls.env["after_sales.report.material"]
        cls.Feedback = cls.env["after_sales.report.feedback"]
        cls.Cause = cls.env["after_sales.report.cause"]

    @classmethod
    def _done_record(cls, end, hours=2.0, ticket=None, **vals):
        """A service record done, its work ended at ``end`` (UTC) after
        ``hours``."""
        ticket = ticket or cls._create_ticket(
            registered_at=REGISTERED, channel_id=cls.phone.id
        )
        values = cls._confirm_values(
            start_datetime=fields.Datetime.subtract(end, minutes=int(hours * 60)),
            end_datetime=end,
        )
        values.update(vals)
        record = cls._create_record(ticket, **values)
        record.action_done()
        return record

    def _rows(self, model, records=None, tickets=None, user=None):
        """The rows of this test's documents (the database has others)."""
        Model = self.env[model].with_user(user) if user else self.env[model]
        if records is not None:
            return Model.search([("record_id", "in", records.ids)])
        return Model.search([("ticket_id", "in", tickets.ids)])


@tagged("post_install", "-at_install")
class TestReportMonthlyPeriods(ReportMonthlyCase):
    def test_month_of_the_company(self):
        """R-RPT-1: a record finished 23:30 on 31 January in Shanghai (the
        company's time zone) is January's for a reader in Brussels and in UTC; one
        finished 00:30 on 1 February Shanghai time is February's although it is
        still 31 January in UTC and in Brussels."""
        january = self._done_record(LATE_31_JAN)
        february = self._done_record(EARLY_1_FEB)
        records = january | february
        for tz in ("Europe/Brussels", "UTC"):
            self.finance.tz = tz
            self.supervisor.tz = tz
            for model in ("after_sales.report.labour", "after_sales.report.cause"):
                rows = self._rows(model, records, user=self.finance).with_context(tz=tz)
                months = {row.record_id: row.month for row in rows}
                self.assertEqual(months, {january: JANUARY, february: FEBRUARY}, tz)
            labour = self._rows(
                "after_sales.report.labour", records, user=self.supervisor
            ).with_context(tz=tz)
            days = {row.record_id: row.day for row in labour}
            self.assertEqual(
                days, {january: date(2026, 1, 31), february: date(2026, 2, 1)}, tz
            )
            feedback = self.Feedback.with_user(self.finance).search(
                [("record_id", "in", records.ids), ("record_count", "=", 1)]
            )
            self.assertEqual(
                {row.record_id: row.month for row in feedback},
                {january: JANUARY, february: FEBRUARY},
                tz,
            )
            # The month filter of the views: January's rows only.
            jan_rows = self.Labour.with_user(self.finance).search(
                [("record_id", "in", records.ids), ("month", "=", JANUARY)]
            )
            self.assertEqual(jan_rows.record_id, january, tz)


@tagged("post_install", "-at_install")
class TestReportMonthlyFigures(ReportMonthlyCase):
    def test_labour_counts_man_hours(self):
        """R-RPT-1 (售后工时统计表): a record done by two engineers in three hours
        credits each of them three hours (six man-hours for the department); the
        responsible who is also among the engineers counts once; records not done
        count nothing."""
        record = self._done_record(
            LATE_31_JAN,
            hours=3.0,
            engineer_ids=[Command.set((self.employee | self.employee_2).ids)],
        )
        alone = self._done_record(LATE_31_JAN, hours=1.5)
        not_done = self._create_record(
            self._create_ticket(registered_at=REGISTERED),
            start_datetime=datetime(2026, 1, 20, 1, 0),
            end_datetime=datetime(2026, 1, 20, 5, 0),
        )
        rows = self._rows("after_sales.report.labour", record | alone | not_done)
        self.assertEqual(
            sorted((r.record_id.id, r.user_id.id, r.employee_id.id) for r in rows),
            sorted(
                [
                    (record.id, self.engineer.id, self.employee.id),
                    (record.id, self.engineer_2.id, self.employee_2.id),
                    (alone.id, self.engineer.id, self.employee.id),
                ]
            ),
        )
        self.assertEqual(sum(rows.mapped("labour_hours")), 7.5)
        self.assertEqual(
            {r.user_id: r.labour_hours for r in rows if r.record_id == record},
            {self.engineer: 3.0, self.engineer_2: 3.0},
        )
        for row in rows:
            self.assertEqual(row.service_type_id, self.type_repair)
            self.assertEqual(row.ticket_id, row.record_id.ticket_id)
            self.assertEqual(row.record_count, 1)
        groups = self.Labour.read_group(
            [("record_id", "in", (record | alone).ids), ("month", "=", JANUARY)],
            ["labour_hours:sum", "record_count:sum"],
            ["user_id"],
        )
        self.assertEqual(
            {g["user_id"][0]: g["labour_hours"] for g in groups},
            {self.engineer.id: 4.5, self.engineer_2.id: 3.0},
        )

    def test_material_from_real_issues_and_returns(self):
        """R-RPT-1 (售后服务实际耗用材料明细表), R-PRT-2: parts issued and
        returned through the requisition, parts of the van booked as used: one
        row per move leaving or re-entering the company's stock, returns
        negative; the van's own issue and return (stock to stock) are not
        consumption. Its value is the stock valuation of the same moves."""
        direct = self._approved([{"product_id": self.fan.id, "quantity": 3}])
        direct.action_issue()
        wizard = (
            self.env["after_sales.parts.move.wizard"]
            .with_user(self.keeper)
            .with_context(default_requisition_id=direct.id, default_kind="return")
            .create({})
        )
        wizard.line_ids.quantity = 1
        wizard.action_confirm()
        van = self._approved(
            [{"product_id": self.fan.id, "quantity": 2}], destination="van"
        )
        van.action_issue()
        van.with_user(self.engineer)._do_move_parts("consume", {van.line_ids: 1})
        van._do_move_parts("return", {van.line_ids: 1})

        lines = (direct.line_ids | van.line_ids).sudo()  # the keeper reads no layers
        moves = lines.move_ids
        rows = self.Material.search([("requisition_id", "in", (direct | van).ids)])
        # Issue 3, return 1 (direct); used 1 from the van: three rows.
        self.assertEqual(
            sorted(rows.mapped("quantity")), [-1.0, 1.0, 3.0], "returns negative"
        )
        self.assertEqual(sum(rows.mapped("quantity")), 3.0)
        self.assertEqual(rows.move_id, moves.filtered("stock_valuation_layer_ids"))
        layers = moves.stock_valuation_layer_ids
        self.assertEqual(sum(rows.mapped("value")), -sum(layers.mapped("value")))
        self.assertEqual(sum(rows.mapped("value")), 150.0)
        self.assertEqual(sum(rows.mapped("value")), sum(lines.mapped("value_consumed")))
        for row in rows:
            move = row.move_id
            self.assertEqual(
                row.value, -sum(move.stock_valuation_layer_ids.mapped("value"))
            )
            self.assertEqual(
                row.chargeable, move.after_sales_requisition_line_id.chargeable
            )
            self.assertEqual(row.user_id, self.engineer)
            self.assertEqual(row.ticket_id, self.ticket)
            self.assertEqual(row.product_id, self.fan)
            self.assertEqual(row.currency_id, self.company.currency_id)
            moment = fields.Datetime.context_timestamp(
                self.env["res.users"].with_context(tz="Asia/Shanghai"), move.date
            )
            self.assertEqual(row.date, moment.date())
            self.assertEqual(row.month, moment.date().replace(day=1))
        # The list row opens the stock note of the move.
        action = rows[:1].action_open_source()
        self.assertEqual(action["res_model"], "stock.picking")
        self.assertEqual(action["res_id"], rows[:1].move_id.picking_id.id)
        # The engineer has no stock rights: his row opens the requisition.
        action = rows[:1].with_user(self.engineer).action_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("after_sales.parts.requisition", rows[:1].requisition_id.id),
        )

    def test_feedback_requests_records_callbacks(self):
        """R-RPT-1 (售后服务反馈统计表): the requests by their channel and month of
        registration, the records done with their result, the callbacks
        answered with the customer's satisfaction."""
        record = self._done_record(LATE_31_JAN)
        second = self._done_record(LATE_31_JAN, result="partial")
        tickets = record.ticket_id | second.ticket_id
        callbacks = self.env["after_sales.callback"].search(
            [("record_id", "in", (record | second).ids)]
        )
        self.assertEqual(len(callbacks), 2)
        for callback, grade in zip(callbacks, ("excellent", "poor"), strict=True):
            callback = callback.with_user(self.clerk)
            for answer in callback.answer_ids.filtered("graded"):
                answer.grade = grade
            callback.action_answer()
        rows = self._rows("after_sales.report.feedback", tickets=tickets)
        requests = rows.filtered("request_count")
        self.assertEqual(requests.ticket_id, tickets)
        self.assertEqual(set(requests.mapped("month")), {JANUARY})
        self.assertEqual(requests.channel_id, self.phone)
        done = rows.filtered("record_count")
        self.assertEqual(done.record_id, record | second)
        self.assertEqual(
            {r.record_id: r.result for r in done},
            {record: "accepted", second: "partial"},
        )
        answered = rows.filtered("callback_count")
        self.assertEqual(answered.callback_id, callbacks)
        self.assertEqual(sum(answered.mapped("satisfied_count")), 1)
        self.assertEqual(sum(answered.mapped("dissatisfied_count")), 1)
        this_month = fields.Datetime.context_timestamp(
            self.env["res.users"].with_context(tz="Asia/Shanghai"),
            callbacks[0].done_at,
        ).date()
        self.assertEqual(set(answered.mapped("month")), {this_month.replace(day=1)})
        totals = self.Feedback.read_group(
            [("ticket_id", "in", tickets.ids)],
            [
                "request_count:sum",
                "record_count:sum",
                "callback_count:sum",
                "satisfied_count:sum",
                "dissatisfied_count:sum",
            ],
            ["channel_id"],
        )
        self.assertEqual(len(totals), 1)
        self.assertEqual(
            [totals[0][f] for f in ("request_count", "record_count", "callback_count")],
            [2, 2, 2],
        )
        # Each row opens its document.
        self.assertEqual(
            answered[:1].action_open_source()["res_model"], "after_sales.callback"
        )
        self.assertEqual(
            done[:1].action_open_source()["res_model"], "after_sales.service.record"
        )
        self.assertEqual(
            requests[:1].action_open_source()["res_model"], "helpdesk.ticket"
        )

    def test_cause_of_done_records(self):
        """R-RPT-1 (原因分析统计表): the done records by cause category,
        responsible party, product and engineer."""
        cause = self.env.ref("after_sales_service.cause_category_other")
        record = self._done_record(LATE_31_JAN, cause_category_id=cause.id)
        other = self._done_record(
            LATE_31_JAN, cause_category_id=cause.id, responsible_party="supplier"
        )
        rows = self._rows("after_sales.report.cause", record | other)
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows.cause_category_id, cause)
        self.assertEqual(rows.product_id, self.product)
        self.assertEqual(rows.user_id, self.engineer)
        self.assertEqual(
            {r.record_id: r.responsible_party for r in rows},
            {record: record.responsible_party, other: "supplier"},
        )
        groups = self.Cause.read_group(
            [("record_id", "in", (record | other).ids)],
            ["record_count:sum"],
            ["responsible_party"],
        )
        self.assertEqual(sum(g["record_count"] for g in groups), 2)
        self.assertEqual(rows[:1].action_open_source()["res_id"], rows[:1].record_id.id)


@tagged("post_install", "-at_install")
class TestReportMonthlyAccess(ReportMonthlyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record = cls._done_record(
            LATE_31_JAN,
            engineer_ids=[Command.set(cls.employee.ids)],
        )
        cls.record_2 = cls._done_record(
            LATE_31_JAN,
            user_id=cls.engineer_2.id,
            engineer_ids=[Command.set(cls.employee_2.ids)],
        )
        cls.records = cls.record | cls.record_2

    def test_engineer_sees_his_rows_office_sees_all(self):
        """R-RPT-1, SPEC §0: an engineer reads only his own rows of each report;
        the clerk, the supervisor, the manager and finance read the whole
        department."""
        models = ("after_sales.report.labour", "after_sales.report.cause")
        for model in models:
            mine = self._rows(model, self.records, user=self.engineer)
            self.assertEqual(mine.record_id, self.record, model)
            self.assertEqual(mine.user_id, self.engineer, model)
            theirs = self._rows(model, self.records, user=self.engineer_2)
            self.assertEqual(theirs.record_id, self.record_2, model)
            for user in (self.clerk, self.supervisor, self.manager, self.finance):
                rows = self._rows(model, self.records, user=user)
                self.assertEqual(rows.record_id, self.records, (model, user.login))
        feedback = self.Feedback.with_user(self.engineer).search(
            [("ticket_id", "in", self.records.ticket_id.ids)]
        )
        self.assertEqual(set(feedback.mapped("user_id")), {self.engineer})
        self.assertNotIn(self.record_2, feedback.record_id)
        # A warehouse keeper has no such report; nobody writes one.
        with self.assertRaises(AccessError):
            self.Labour.with_user(self.warehouse).search([])
        for user in (self.engineer, self.finance, self.manager):
            row = self._rows("after_sales.report.labour", self.records, user=user)[:1]
            for operation in ("write", "unlink", "create"):
                with self.assertRaises(AccessError, msg=(user.login, operation)):
                    self.Labour.with_user(user).check_access(operation)
            self.assertTrue(row)

    def test_other_company_rows_invisible(self):
        """R-RPT-1, R-X-2: the rows of another company are not read, not even by
        finance, unless finance works in that company too."""
        other = self.env["res.company"].create({"name": "Other After-Sales Co."})
        other.partner_id.tz = "Asia/Shanghai"
        ticket = (
            self.env["helpdesk.ticket"]
            .with_company(other)
            .create(
                {
                    "name": "Other company's request",
                    "description": "<p>Other</p>",
                    "company_id": other.id,
                    "partner_id": self.customer.id,
                    "registered_at": REGISTERED,
                }
            )
        )
        record = (
            self.env["after_sales.service.record"]
            .with_company(other)
            .create(
                dict(
                    self._confirm_values(),
                    ticket_id=ticket.id,
                    company_id=other.id,
                    user_id=self.engineer.id,
                    start_datetime=datetime(2026, 1, 31, 13, 0),
                    end_datetime=LATE_31_JAN,
                )
            )
        )
        record.with_company(other).action_done()
        self.assertEqual(record.state, "done")
        for model in (
            "after_sales.report.labour",
            "after_sales.report.cause",
            "after_sales.report.feedback",
        ):
            all_rows = self.env[model].sudo().search([("ticket_id", "=", ticket.id)])
            self.assertTrue(all_rows, model)
            self.assertEqual(set(all_rows.company_id), {other}, model)
            for user in (self.finance, self.engineer, self.manager):
                rows = (
                    self.env[model]
                    .with_user(user)
                    .search([("ticket_id", "=", ticket.id)])
                )
                self.assertFalse(rows, (model, user.login))
        self.finance.company_ids |= other
        rows = (
            self.Labour.with_user(self.finance)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([("ticket_id", "=", ticket.id)])
        )
        self.assertEqual(rows.record_id, record)


@tagged("post_install", "-at_install")
class TestReportMonthlyQueries(ReportMonthlyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.engineer, cls.engineer_2, cls.engineer):
            cls._done_record(LATE_31_JAN, user_id=user.id)

    def test_month_grouped_by_one_field_is_one_query(self):
        """R-RPT-1: a month of a report grouped by one field is one SQL query
        whatever the number of rows (warm caches)."""
        cases = [
            ("after_sales.report.labour", ["labour_hours:sum"], ["user_id"]),
            ("after_sales.report.material", ["value:sum"], ["product_id"]),
            ("after_sales.report.feedback", ["request_count:sum"], ["channel_id"]),
            ("after_sales.report.cause", ["record_count:sum"], ["cause_category_id"]),
        ]
        for model, measures, groupby in cases:
            Model = self.env[model].with_user(self.finance)
            domain = [("month", "=", JANUARY)]
            expected = Model.read_group(domain, measures, groupby)  # warm caches
            with self.assertQueryCount(1):
                result = Model.read_group(domain, measures, groupby)
            self.assertEqual(result, expected, model)


@tagged("post_install", "-at_install")
class TestReportMonthlyXlsx(ReportMonthlyCase):
    """The fixed-layout statements for finance (R-RPT-1, 000 §2.10)."""

    def _sheet(self, report, rows, lang):
        data, kind = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            .with_context(lang=lang)
            ._render_xlsx(report, rows.ids, None)
        )
        self.assertEqual(kind, "xlsx")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertIn("xl/worksheets/sheet1.xml", archive.namelist())
        if openpyxl is None:  # pragma: no cover
            self.skipTest("openpyxl is not installed")
        return openpyxl.load_workbook(io.BytesIO(data)).active

    def test_material_statement(self):
        """R-RPT-1: the selected rows of the materials consumed, with their
        total (2 decimals), headings in the reader's language."""
        requisition = self._approved([{"product_id": self.fan.id, "quantity": 3}])
        requisition.action_issue()
        requisition._do_move_parts("return", {requisition.line_ids: 1})
        rows = self.Material.with_user(self.finance).search(
            [("requisition_id", "=", requisition.id)]
        )
        self.assertEqual(len(rows), 2)
        sheet = self._sheet(
            "after_sales_service.report_material_xlsx", rows, lang="en_US"
        )
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        self.assertEqual(values[0][0], "After-Sales Actual Materials Consumed")
        headings = values[3]
        self.assertEqual(headings[0], "Date")
        amount = headings.index("Amount")
        quantity = headings.index("Quantity")
        body = values[4:-1]
        self.assertEqual(len(body), 2)
        self.assertEqual(sorted(r[quantity] for r in body), [-1, 3])
        self.assertEqual(sorted(r[amount] for r in body), [-50.0, 150.0])
        self.assertEqual(values[-1][0], "Total")
        self.assertEqual(values[-1][quantity], 2)
        self.assertEqual(values[-1][amount], 100.0)
        self.assertEqual(
            sheet.cell(row=len(values), column=amount + 1).number_format, "#,##0.00"
        )
        self.assertIn(
            rows[0].month.strftime("%Y-%m"), " ".join(str(v) for v in values[1] if v)
        )
        self._load_chinese()
        sheet = self._sheet(
            "after_sales_service.report_material_xlsx", rows, lang="zh_CN"
        )
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        self.assertEqual(values[3][0], "日期")
        self.assertEqual(values[-1][0], "合计")
        self.assertEqual(values[-1][amount], 100.0)

    def test_labour_statement(self):
        """R-RPT-1: the labour hours of the month's rows and their total."""
        record = self._done_record(
            LATE_31_JAN,
            hours=2.5,
            engineer_ids=[Command.set((self.employee | self.employee_2).ids)],
        )
        rows = self.Labour.with_user(self.finance).search(
            [("record_id", "=", record.id), ("month", "=", JANUARY)]
        )
        sheet = self._sheet("after_sales_service.report_labour_xlsx", rows, "en_US")
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        headings = values[3]
        hours = headings.index("Labour Hours")
        body = values[4:-1]
        self.assertEqual(len(body), 2)
        self.assertEqual({r[1] for r in body}, {"Engineer", "Engineer 2"})
        self.assertEqual(values[-1][0], "Total")
        self.assertEqual(values[-1][hours], 5.0)
        self.assertIn("2026-01", " ".join(str(v) for v in values[1] if v))
