# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import babel.dates
import pytz

from odoo import fields, models
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml


class Base(models.AbstractModel):
    """Group labels of days and months as the reader writes them (R-X-1).

    Odoo labels a group by day ``dd MMM yyyy`` and by month ``MMMM yyyy`` in
    every language: a Chinese reader of a list of the addon's records grouped by
    day or month meets "07 12月 2026". On the addon's own models (and the
    service request) a day reads in the language's date format (2026年12月07日,
    12/07/2026) and a month as the language writes it (2026年12月, December 2026).
    """

    _inherit = "base"

    def _read_group_format_result(self, rows_dict, lazy_groupby):
        result = super()._read_group_format_result(rows_dict, lazy_groupby)
        if self._name.startswith("after_sales.") or self._name == "helpdesk.ticket":
            self._after_sales_relabel_groups(rows_dict, lazy_groupby)
        return result

    def _after_sales_relabel_groups(self, rows_dict, groupby):
        lang = get_lang(self.env)
        locale = babel_locale_parse(lang.code)
        tz = self.env.context.get("tz")
        tzinfo = pytz.timezone(tz) if tz in pytz.all_timezones_set else pytz.utc
        for group in groupby:
            field_name, _sep, granularity = group.partition(":")
            field = self._fields.get(field_name.split(".")[0])
            granularity = granularity or "month"
            if (
                not field
                or field.type not in ("date", "datetime")
                or granularity not in ("day", "month")
            ):
                continue
            for row in rows_dict:
                bounds = (row.get("__range") or {}).get(group)
                if not bounds:
                    continue
                start = fields.Datetime.to_datetime(bounds["from"])
                if field.type == "datetime":
                    start = pytz.utc.localize(start).astimezone(tzinfo)
                if granularity == "day":
                    pattern = posix_to_ldml(lang.date_format, locale=locale)
                    row[group] = babel.dates.format_date(
                        start.date(), format=pattern, locale=locale
                    )
                else:
                    row[group] = babel.dates.format_skeleton(
                        "yMMMM", start.date(), locale=locale
                    )
