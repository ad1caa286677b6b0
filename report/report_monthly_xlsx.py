# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fixed-layout XLSX of the monthly reports for finance (R-RPT-1; 000
§2.10: the office files the labour-hour and the materials statements with the
finance department by the 3rd): from the Print menu of the report's list, the
selected rows. Title, company and period, one heading row, the rows in date
order, a totals row; amounts with 2 decimals, headings in the reader's
language."""

from odoo import models

FONT = "SimSun"  # 宋体: what a Chinese finance office prints with
GREY = "#EEEEEE"


class AfterSalesReportMonthlyXlsx(models.AbstractModel):
    _name = "report.after_sales_service.report_monthly_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly After-Sales Report XLSX"

    # (heading, width, kind) per column; kind: text, date, number, amount, hours.
    def _xlsx_columns(self, env):
        raise NotImplementedError()

    def _xlsx_row(self, env, row):
        raise NotImplementedError()

    def _xlsx_title(self, env):
        raise NotImplementedError()

    def _xlsx_order(self):
        raise NotImplementedError()

    def _xlsx_rows(self, objs):
        """The rows the user may read, in date order (the rules apply)."""
        return objs.search([("id", "in", objs.ids)], order=self._xlsx_order())

    @staticmethod
    def _xlsx_period(env, rows):
        """The months of the rows: one month (2026-01) or a range."""
        months = sorted({m for m in rows.mapped("month") if m})
        if not months:
            return ""
        first, last = months[0].strftime("%Y-%m"), months[-1].strftime("%Y-%m")
        if first == last:
            return first
        return env._("%(first)s to %(last)s", first=first, last=last)

    def _xlsx_formats(self, workbook):
        base = {"font_name": FONT, "font_size": 10, "border": 1}
        return {
            "title": workbook.add_format(
                {
                    "font_name": FONT,
                    "bold": True,
                    "font_size": 14,
                    "align": "center",
                }
            ),
            "meta": workbook.add_format({"font_name": FONT, "font_size": 10}),
            "head": workbook.add_format(
                dict(
                    base,
                    bold=True,
                    align="center",
                    valign="vcenter",
                    bg_color="#EEEEEE",
                )
            ),
            "text": workbook.add_format(base),
            "date": workbook.add_format(dict(base, num_format="yyyy-mm-dd")),
            "number": workbook.add_format(dict(base, num_format="#,##0.00")),
            "amount": workbook.add_format(dict(base, num_format="#,##0.00")),
            "hours": workbook.add_format(dict(base, num_format="#,##0.00")),
            "integer": workbook.add_format(dict(base, num_format="0")),
            "total_label": workbook.add_format(dict(base, bold=True)),
            "total": workbook.add_format(dict(base, bold=True, num_format="#,##0.00")),
        }

    def generate_xlsx_report(self, workbook, data, objs):
        lang = self.env.context.get("lang") or self.env.user.lang
        self = self.with_context(lang=lang)
        objs = objs.with_context(lang=lang)
        env = self.env
        rows = self._xlsx_rows(objs)
        columns = self._xlsx_columns(env)
        formats = self._xlsx_formats(workbook)
        title = self._xlsx_title(env)
        sheet = workbook.add_worksheet(title[:31])
        last_col = len(columns) - 1
        sheet.merge_range(0, 0, 0, last_col, title, formats["title"])
        company = rows.company_id[:1] or env.company
        sheet.write(
            1, 0, env._("Company: %(company)s", company=company.name), formats["meta"]
        )
        sheet.write(
            1,
            last_col - 1 if last_col > 1 else 1,
            env._("Period: %(period)s", period=self._xlsx_period(env, rows)),
            formats["meta"],
        )
        head = 3
        for col, (heading, width, _kind) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(head, col, heading, formats["head"])
        totals = [0.0] * len(columns)
        line = head
        for row in rows:
            line += 1
            for col, (value, (_h, _w, kind)) in enumerate(
                zip(self._xlsx_row(env, row), columns, strict=True)
            ):
                if kind == "date":
                    if value:
                        sheet.write_datetime(line, col, value, formats["date"])
                    else:
                        sheet.write_blank(line, col, None, formats["date"])
                elif kind in ("number", "amount", "hours", "integer"):
                    sheet.write_number(line, col, value or 0.0, formats[kind])
                    totals[col] += value or 0.0
                else:
                    sheet.write_string(line, col, value or "", formats["text"])
        line += 1
        sheet.write(line, 0, env._("Total"), formats["total_label"])
        for col, (_h, _w, kind) in enumerate(columns[1:], start=1):
            if kind in ("number", "amount", "hours"):
                sheet.write_number(line, col, round(totals[col], 2), formats["total"])
            elif kind == "integer":
                sheet.write_number(line, col, totals[col], formats["total_label"])
            else:
                sheet.write_blank(line, col, None, formats["total_label"])
        sheet.freeze_panes(head + 1, 0)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(head)


class AfterSalesReportMaterialXlsx(models.AbstractModel):
    """售后服务实际耗用材料明细表 as finance files it."""

    _name = "report.after_sales_service.report_material_xlsx"
    _inherit = "report.after_sales_service.report_monthly_xlsx"
    _description = "Actual Materials Consumed XLSX"

    def _xlsx_title(self, env):
        return env._("After-Sales Actual Materials Consumed")

    def _xlsx_order(self):
        return "date, move_id"

    def _xlsx_columns(self, env):
        return [
            (env._("Date"), 11, "date"),
            (env._("Request"), 14, "text"),
            (env._("Requisition"), 14, "text"),
            (env._("Engineer"), 12, "text"),
            (env._("Part Code"), 14, "text"),
            (env._("Part Name"), 28, "text"),
            (env._("Unit of Measure"), 8, "text"),
            (env._("Quantity"), 10, "number"),
            (env._("Amount"), 12, "amount"),
            (env._("Chargeable or Free"), 12, "text"),
        ]

    def _xlsx_row(self, env, row):
        product = row.product_id
        return [
            row.date,
            row.ticket_id.number or row.ticket_id.display_name or "",
            row.requisition_id.name or "",
            row.user_id.name or "",
            product.default_code or "",
            product.with_context(display_default_code=False).display_name or "",
            product.uom_id.name or "",
            row.quantity,
            row.value,
            env._("Chargeable") if row.chargeable else env._("Free of Charge"),
        ]


class AfterSalesReportLabourXlsx(models.AbstractModel):
    """售后工时统计表 as finance files it."""

    _name = "report.after_sales_service.report_labour_xlsx"
    _inherit = "report.after_sales_service.report_monthly_xlsx"
    _description = "Labour-Hour Statistics XLSX"

    def _xlsx_title(self, env):
        return env._("After-Sales Labour-Hour Statistics")

    def _xlsx_order(self):
        return "day, record_id, user_id"

    def _xlsx_columns(self, env):
        return [
            (env._("Date"), 11, "date"),
            (env._("Engineer"), 12, "text"),
            (env._("Service Type"), 14, "text"),
            (env._("Request"), 14, "text"),
            (env._("Service Record"), 14, "text"),
            (env._("Labour Hours"), 10, "hours"),
        ]

    def _xlsx_row(self, env, row):
        return [
            row.day,
            row.user_id.name or row.employee_id.name or "",
            row.service_type_id.display_name or "",
            row.ticket_id.number or row.ticket_id.display_name or "",
            row.record_id.name or "",
            row.labour_hours,
        ]
