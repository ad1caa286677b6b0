# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.tools.misc import format_date


class AfterSalesPaperForm(models.AbstractModel):
    """What the printed paper forms (reports/paper_form_templates.xml) write in
    their cells: dates in the reader's language format (zh_CN 2026年12月07日),
    times in the reader's time zone, short names of places and products. Called
    from the templates as ``env["after_sales.paper.form"]`` in the print's
    language (the document's ``doc.env``)."""

    _name = "after_sales.paper.form"
    _description = "After-Sales Paper Form Helpers"

    def _date(self, value):
        """``value`` (a date or a datetime, in the reader's time zone) in the
        language's date format; "" when empty."""
        if not value:
            return ""
        if isinstance(value, str):
            value = fields.Datetime.to_datetime(value) if " " in value else value
        if hasattr(value, "hour"):
            value = fields.Datetime.context_timestamp(self, value).date()
        return format_date(self.env, value)

    def _datetime(self, value):
        """``value`` (a UTC datetime) in the reader's time zone: the language's
        date format and its short time format (zh_CN 2026年12月07日 14时30分)."""
        if not value:
            return ""
        local = fields.Datetime.context_timestamp(self, value)
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        time_format = lang.short_time_format or "%H:%M"
        return f"{format_date(self.env, local.date())} {local.strftime(time_format)}"

    def _short(self, record):
        """A location, a warehouse or a product by its own short name, not the
        full path or the bracketed internal reference."""
        if not record:
            return ""
        return record.name or record.display_name

    def _join(self, names):
        """Names in a list the reader's way: 张三、李四 in Chinese, "A, B" else."""
        names = [name for name in names if name]
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        return separator.join(names)

    def _unit_price(self, value, currency):
        """A unit price with its currency symbol: to the fen when it is a whole
        number of fen, else to four decimals (as a VAT invoice's 单价), so that
        the unit price × the quantity reads as the line's amount."""
        digits = currency.decimal_places
        if round(value, digits) != round(value, 4):
            digits = 4
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        amount = lang.format(f"%.{digits}f", value, grouping=True)
        if currency.position == "after":
            return f"{amount}\N{NO-BREAK SPACE}{currency.symbol}"
        return f"{currency.symbol}\N{NO-BREAK SPACE}{amount}"
