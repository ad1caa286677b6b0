# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AfterSalesProvisionStatement(models.TransientModel):
    """The yearly budget-vs-actual statement of the service-cost provision
    (年度服务预/结算表, R-ACC-5): finance or a manager picks a company and a
    year and prints it as PDF or exports it as XLSX. Both read
    ``after_sales.provision._statement``, which checks the rights."""

    _name = "after_sales.provision.statement"
    _inherit = "after_sales.input.bounds"
    _description = "Yearly Provision Statement"
    _input_bounds = {"year": (2000, 2999)}

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )

    def _statement(self):
        self.ensure_one()
        return self.env["after_sales.provision"]._statement(self.company_id, self.year)

    def _report_lang(self):
        """Printed in the reader's language, else the company's."""
        return self.env.lang or self.company_id.partner_id.lang

    def action_print_pdf(self):
        """Button "Print": the statement as PDF."""
        self._statement()  # the rights, before the report action is returned
        return self.env.ref(
            "after_sales_service.provision_statement_pdf_action"
        ).report_action(self)

    def action_export_xlsx(self):
        """Button "Export XLSX": the statement as a spreadsheet (OCA report_xlsx)."""
        self._statement()
        return self.env.ref(
            "after_sales_service.provision_statement_xlsx_action"
        ).report_action(self)


class ProvisionStatementXlsx(models.AbstractModel):
    """The XLSX of the yearly provision statement (R-ACC-5), through OCA
    ``report_xlsx``: the same report action, access check and download as the
    PDF."""

    _name = "report.after_sales_service.provision_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Yearly Provision Statement XLSX"

    def _get_objs_for_report(self, docids, data):
        return self.env["after_sales.provision.statement"].browse(docids or [])

    def generate_xlsx_report(self, workbook, data, objs):
        bold = workbook.add_format({"bold": True})
        for wizard in objs:
            statement = wizard._statement()
            currency = statement["currency"]
            money = workbook.add_format(
                {"num_format": "#,##0." + "0" * currency.decimal_places}
            )
            money_bold = workbook.add_format(
                {"bold": True, "num_format": "#,##0." + "0" * currency.decimal_places}
            )
            sheet = workbook.add_worksheet(str(statement["year"]))
            sheet.set_column(0, 0, 14)
            sheet.set_column(1, 5, 16)
            sheet.write(0, 0, self.env._("Yearly Provision Statement"), bold)
            sheet.write(1, 0, self.env._("Company"))
            sheet.write(1, 1, statement["company"].name)
            sheet.write(2, 0, self.env._("Year"))
            sheet.write_number(2, 1, statement["year"])
            sheet.write(3, 0, self.env._("Basis"))
            sheet.write(3, 1, statement["basis_label"])
            header = (
                self.env._("Month"),
                self.env._("Basis Amount"),
                self.env._("Accrued"),
                self.env._("Consumed"),
                self.env._("Balance"),
            )
            for col, label in enumerate(header):
                sheet.write(5, col, label, bold)
            row = 6
            for month in statement["months"]:
                sheet.write(row, 0, month["month_label"])
                sheet.write_number(row, 1, month["base_amount"], money)
                sheet.write_number(row, 2, month["accrued"], money)
                sheet.write_number(row, 3, month["consumed"], money)
                sheet.write_number(row, 4, month["balance"], money)
                row += 1
            sheet.write(row, 0, self.env._("Total"), bold)
            sheet.write_number(row, 2, statement["accrued"], money_bold)
            sheet.write_number(row, 3, statement["consumed"], money_bold)
            sheet.write_number(row, 4, statement["balance"], money_bold)
            row += 2
            for label, value in (
                (self.env._("Budget"), statement["budget"]),
                (self.env._("Actual Consumed"), statement["consumed"]),
                (self.env._("Over (+) / Under (-) Budget"), statement["variance"]),
            ):
                sheet.write(row, 0, label, bold)
                sheet.write_number(row, 1, value, money_bold)
                row += 1
