# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import create_index, format_amount, formatLang

from ..models.paper_form import print_user
from .report_monthly_common import without_nested_loops

# The year of a moment (UTC in the database) in its company's time zone
# (``p``: the company's partner).
# The companies' years (2000 … 2099) with the UTC bounds of the previous
# year's start (``lo``), the year's (``mid``) and the next year's (``hi``), and
# the same as dates (``dlo``, ``dmid``, ``dhi``). Each year is joined to the
# facts of the two years it shows (its own and the previous one) by these
# bounds, not by computing every fact's year in the company's time zone
# (scripts/bench_reports.py, issue 22 "Speed").
_YEARS = """
    SELECT yco.id AS company_id, yy.year,
           (make_date(yy.year - 1, 1, 1)::timestamp
               AT TIME ZONE COALESCE(yp.tz, 'UTC')) AT TIME ZONE 'UTC' AS lo,
           (make_date(yy.year, 1, 1)::timestamp
               AT TIME ZONE COALESCE(yp.tz, 'UTC')) AT TIME ZONE 'UTC' AS mid,
           (make_date(yy.year + 1, 1, 1)::timestamp
               AT TIME ZONE COALESCE(yp.tz, 'UTC')) AT TIME ZONE 'UTC' AS hi,
           make_date(yy.year - 1, 1, 1) AS dlo,
           make_date(yy.year, 1, 1) AS dmid,
           make_date(yy.year + 1, 1, 1) AS dhi
      FROM res_company yco
      JOIN res_partner yp ON yp.id = yco.partner_id
     CROSS JOIN generate_series(2000, 2099) AS yy(year)
"""


def _year_from(table, ts, where="TRUE", dates=False):
    """A FROM clause: the companies' years (``ys``) joined to the rows ``x``
    of ``table`` of the company whose moment ``x.ts`` (UTC, or a date with
    ``dates``) falls in the year or the previous one and that meet ``where``.
    A plain join: a year holds a large share of the facts, the planner scans
    them once rather than by index."""
    lo, hi = ("dlo", "dhi") if dates else ("lo", "hi")
    # OFFSET 0: the bounds computed once a year and company, not once per
    # fact and year (the time-zone conversions would be most of the work).
    return f"""({_YEARS} OFFSET 0) ys
      JOIN {table} x ON x.company_id = ys.company_id
                    AND x.{ts} >= ys.{lo} AND x.{ts} < ys.{hi} AND ({where})"""


# The indexes the reports' period scans read (R-RPT-1, R-RPT-3): a company's
# facts by their moment — (table, moment column).
PERIOD_INDEXES = (
    ("helpdesk_ticket", "registered_at"),
    ("after_sales_service_record", "end_datetime"),
    ("after_sales_callback", "done_at"),
    ("after_sales_complaint", "registered_at"),
    ("after_sales_penalty_line", "date"),
    ("stock_move", "date"),
)

# The sums of a year (``{s}`` "") and of its previous year (``_prev``).
_SUMS = (
    "complaints",
    "repairs_own",
    "repairs_outlet",
    "repair_cost",
    "installations",
    "installation_cost",
    "requests",
    "reworks",
    "answered",
    "satisfied",
    "penalties",
    "rewards",
)

# The figures of the annual summary (004 §3), in the order they are printed.
FIGURES = [
    ("complaint_count", "Complaints"),
    ("repair_count", "Repairs"),
    ("repair_own_count", "Repairs by Own Engineers"),
    ("repair_outlet_count", "Repairs by Service Outlets"),
    ("repair_cost", "Repair Cost"),
    ("repair_cost_per_unit", "Repair Cost per Repair"),
    ("installation_count", "Installations"),
    ("installation_cost", "Installation Cost"),
    ("request_count", "Requests"),
    ("rework_count", "Repeat Visits"),
    ("repeat_visit_rate", "Repeat-Visit Rate (%)"),
    ("callback_answered_count", "Callbacks Answered"),
    ("callback_satisfied_count", "Callbacks Satisfied"),
    ("satisfaction_rate", "Satisfaction (%)"),
    ("penalty_total", "Penalties"),
    ("reward_total", "Rewards"),
]
# Each figure's value from the year's sums (``y``: one row per company and
# year; suffix ``{s}``: "" for the year, "_prev" for the previous year); a rate
# without a denominator is no data (NULL), never 0 % or 100 %.
_FIGURE_SQL = {
    "complaint_count": "y.complaints{s}",
    "repair_count": "y.repairs_own{s} + y.repairs_outlet{s}",
    "repair_own_count": "y.repairs_own{s}",
    "repair_outlet_count": "y.repairs_outlet{s}",
    "repair_cost": "y.repair_cost{s}",
    "repair_cost_per_unit": "ROUND(y.repair_cost{s} / NULLIF(y.repairs_own{s}"
    " + y.repairs_outlet{s}, 0), 2)",
    "installation_count": "y.installations{s}",
    "installation_cost": "y.installation_cost{s}",
    "request_count": "y.requests{s}",
    "rework_count": "y.reworks{s}",
    "repeat_visit_rate": "ROUND(100.0 * y.reworks{s} / NULLIF(y.requests{s}, 0), 2)",
    "callback_answered_count": "y.answered{s}",
    "callback_satisfied_count": "y.satisfied{s}",
    "satisfaction_rate": "ROUND(100.0 * y.satisfied{s} / NULLIF(y.answered{s}, 0), 2)",
    "penalty_total": "y.penalties{s}",
    "reward_total": "y.rewards{s}",
}
# The kinds of cost lines that are a service's cost in the summary: the
# summary's cost per repair leaves the parts out (004 §3 "单台维修费为16.2元
# (不含配件)"); labour, travel, third-party work and other costs count.
SERVICE_COST_KINDS = ("labour", "travel", "third_party", "other")


class AfterSalesReportYear(models.Model):
    """The year in figures (年度售后服务统计, R-RPT-3; the annual summary, 004 §3):
    one row per company, year and figure, with the previous year's value and
    the change. Years are the company's, in its time zone (a record finished
    at 23:30 on 31 December in Shanghai is that year's, whoever reads it).

    - Complaints: complaints registered in the year, cancelled ones left out.
    - Repairs: field service records done (their end) on requests of a repair
      type; by own engineers (no outlet) or by a network outlet (网点,
      ``outlet_id``).
    - Repair cost: the request's cost lines of kinds ``SERVICE_COST_KINDS``
      (labour, travel, third-party, other — not parts, as the summary's cost
      per repair), draft or booked (a reversed line is no cost), whoever bears
      them, in the year their record ended (a line without a record: the year
      its request was registered); per repair: the cost over the repairs.
    - Installations and their cost: the same on requests of an installation
      type.
    - Repeat-visit rate: requests registered in the year that rework an
      earlier one (``rework_of_id``) over all requests registered.
    - Satisfaction: answered callbacks (their call) graded satisfied over the
      answered ones.
    - Penalties and rewards: confirmed ledger lines by their date, each as a
      positive total (a reversal counts against the line it reverses).

    A report on a SQL view: one query whatever the number of documents.
    """

    _name = "after_sales.report.year"
    _inherit = "after_sales.report.sql.mixin"
    _description = "Yearly After-Sales Figures"
    _auto = False
    _order = "year desc, company_id, sequence"
    _rec_name = "figure"
    # What the SQL reads: flushed before each read.
    _depends = {
        "after_sales.complaint": ["registered_at", "state", "company_id"],
        "after_sales.service.record": [
            "end_datetime",
            "state",
            "service_type_id",
            "outlet_id",
            "company_id",
        ],
        "after_sales.service.type": ["kind"],
        "after_sales.cost.line": [
            "amount",
            "kind",
            "state",
            "ticket_id",
            "record_id",
            "company_id",
        ],
        "helpdesk.ticket": [
            "registered_at",
            "active",
            "rework_of_id",
            "service_type_id",
            "company_id",
        ],
        "after_sales.callback": ["done_at", "state", "satisfaction", "company_id"],
        "after_sales.penalty.line": [
            "date",
            "amount",
            "state",
            "reversed_line_id",
            "company_id",
        ],
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    year = fields.Integer(readonly=True, aggregator=False)
    company_id = fields.Many2one("res.company", readonly=True)
    sequence = fields.Integer(readonly=True, aggregator=False)
    figure = fields.Selection(FIGURES, readonly=True)
    value = fields.Float(string="This Year", readonly=True, digits=(16, 2))
    previous_value = fields.Float(string="Previous Year", readonly=True, digits=(16, 2))
    change = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="This year's value less the previous year's (empty: one of them "
        "has no data).",
    )
    has_value = fields.Boolean(string="Has Data", readonly=True)
    has_previous = fields.Boolean(string="Previous Year Has Data", readonly=True)

    def init(self):
        """The indexes of the reports' period scans: each a company's facts
        by their moment (scripts/bench_reports.py: without them a month's
        pivot reads every company's facts of the month, or the whole table)."""
        result = super().init()
        for table, column in PERIOD_INDEXES:
            create_index(
                self.env.cr,
                f"{table}__as_report_period_index",
                table,
                ["company_id", column],
            )
        return result

    # The year's statements aggregate two years of facts: planned without
    # nested loops (report_monthly_common.without_nested_loops).
    @api.model
    @api.readonly
    def _read_group(self, *args, **kwargs):
        with without_nested_loops(self.env.cr):
            return super()._read_group(*args, **kwargs)

    @api.readonly
    def _fetch_query(self, *args, **kwargs):
        # the list (search_fetch), a record's fields (fetch: the print)
        with without_nested_loops(self.env.cr):
            return super()._fetch_query(*args, **kwargs)

    @api.model
    @api.readonly
    def search_count(self, *args, **kwargs):
        with without_nested_loops(self.env.cr):
            return super().search_count(*args, **kwargs)

    @api.readonly
    @api.depends("year", "figure", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["figure"]._description_selection(self.env))
        for row in self:
            row.display_name = f"{row.year} {labels.get(row.figure, '')}"

    @property
    def _table_query(self):
        figures = ",\n".join(
            f"({seq}, '{name}', {_FIGURE_SQL[name].format(s='')}::numeric,"
            f" {_FIGURE_SQL[name].format(s='_prev')}::numeric)"
            for seq, (name, _label) in enumerate(FIGURES, start=1)
        )
        return f"""
            SELECT ((y.company_id::bigint * 10000 + y.year) * 100 + f.seq) AS id,
                   y.year, y.company_id, f.seq AS sequence, f.figure,
                   f.value::float AS value,
                   f.previous::float AS previous_value,
                   (f.value - f.previous)::float AS change,
                   f.value IS NOT NULL AS has_value,
                   f.previous IS NOT NULL AS has_previous
              FROM ({self._year_sums_query()}) y
             CROSS JOIN LATERAL (VALUES {figures}) AS f(seq, figure, value, previous)
        """

    @api.readonly
    def _year_sums_query(self):
        """One row per company and year (company time zone) with facts in the
        year: the sums the figures are made of, for the year and for the
        previous year (see the class docstring for what counts). Each fact
        counts in the year whose bounds hold it (``cur``) and in the next
        year as its previous year's."""
        kinds = ", ".join(f"'{kind}'" for kind in SERVICE_COST_KINDS)

        def sums(**exprs):
            # the year's and the previous year's of each sum, 0 unless given
            return ", ".join(
                f"COALESCE({exprs[name].format(cur='cur')}, 0) AS {name},"
                f" COALESCE({exprs[name].format(cur='NOT cur')}, 0) AS {name}_prev"
                if name in exprs
                else f"0 AS {name}, 0 AS {name}_prev"
                for name in _SUMS
            )

        def arm(table, ts, where="TRUE", select="", joins="", dates=False, **exprs):
            mid = "dmid" if dates else "mid"
            return f"""
                SELECT company_id, year, COUNT(*) FILTER (WHERE cur) AS facts,
                       {sums(**exprs)}
                  FROM (
                    SELECT ys.company_id, ys.year, x.{ts} >= ys.{mid} AS cur
                           {select}
                      FROM {_year_from(table, ts, where, dates)}
                      {joins}
                  ) f
                 GROUP BY 1, 2
            """

        repair_kinds = "('repair', 'installation')"
        cost_sums = {
            "repair_cost": "SUM(amount) FILTER (WHERE {cur} AND kind = 'repair')",
            "installation_cost": "SUM(amount) FILTER (WHERE {cur}"
            " AND kind = 'installation')",
        }
        arms = [
            arm(
                "after_sales_complaint",
                "registered_at",
                "x.state != 'cancelled'",
                complaints="COUNT(*) FILTER (WHERE {cur})",
            ),
            arm(
                "after_sales_service_record",
                "end_datetime",
                "x.state = 'done'",
                ", st.kind, x.outlet_id",
                f"""JOIN after_sales_service_type st ON st.id = x.service_type_id
                                                     AND st.kind IN {repair_kinds}""",
                repairs_own="COUNT(*) FILTER (WHERE {cur} AND kind = 'repair'"
                " AND outlet_id IS NULL)",
                repairs_outlet="COUNT(*) FILTER (WHERE {cur} AND kind = 'repair'"
                " AND outlet_id IS NOT NULL)",
                installations="COUNT(*) FILTER (WHERE {cur}"
                " AND kind = 'installation')",
            ),
            # costs in the year their record ended …
            arm(
                "after_sales_service_record",
                "end_datetime",
                select=", l.amount, st.kind",
                joins=f"""
                    JOIN after_sales_cost_line l
                      ON l.record_id = x.id AND l.state != 'reversed'
                     AND l.kind IN ({kinds})
                    JOIN helpdesk_ticket t ON t.id = l.ticket_id
                    JOIN after_sales_service_type st ON st.id = t.service_type_id
                                                     AND st.kind IN {repair_kinds}""",
                **cost_sums,
            ),
            # … a line without a record in the year its request was registered
            arm(
                f"""(SELECT l.company_id, l.amount, st.kind, t.registered_at
                       FROM after_sales_cost_line l
                       JOIN helpdesk_ticket t ON t.id = l.ticket_id
                       JOIN after_sales_service_type st
                         ON st.id = t.service_type_id AND st.kind IN {repair_kinds}
                      WHERE l.record_id IS NULL AND l.state != 'reversed'
                        AND l.kind IN ({kinds}))""",
                "registered_at",
                select=", x.amount, x.kind",
                **cost_sums,
            ),
            arm(
                "helpdesk_ticket",
                "registered_at",
                "x.active",
                ", x.rework_of_id",
                requests="COUNT(*) FILTER (WHERE {cur})",
                reworks="COUNT(rework_of_id) FILTER (WHERE {cur})",
            ),
            arm(
                "after_sales_callback",
                "done_at",
                "x.state = 'done'",
                ", x.satisfaction",
                answered="COUNT(*) FILTER (WHERE {cur})",
                satisfied="COUNT(*) FILTER (WHERE {cur}"
                " AND satisfaction IN ('excellent', 'good'))",
            ),
            arm(
                "after_sales_penalty_line",
                "date",
                "x.state = 'confirmed'",
                ", x.amount, COALESCE(o.amount, x.amount) AS sign_of",
                "LEFT JOIN after_sales_penalty_line o ON o.id = x.reversed_line_id",
                dates=True,
                penalties="-SUM(amount) FILTER (WHERE {cur} AND sign_of < 0)",
                rewards="SUM(amount) FILTER (WHERE {cur} AND sign_of > 0)",
            ),
        ]
        columns = ", ".join(
            f"SUM({name}) AS {name}, SUM({name}_prev) AS {name}_prev" for name in _SUMS
        )
        union = " UNION ALL ".join(arms)
        return f"""
            SELECT company_id, year, {columns}
              FROM ({union}) facts
             GROUP BY company_id, year
            HAVING SUM(facts) > 0
        """

    @api.readonly
    def _report_pages(self):
        """The printed statistics (年度售后服务统计): one page per company and
        year of these rows, each figure with the previous year's value and the
        change as the reader's language writes them (amounts with the
        company's currency, rates with %); no data is a dash. Writes nothing:
        the print runs on a read-only cursor (a replica)."""
        labels = dict(self._fields["figure"]._description_selection(self.env))
        form = self.env["after_sales.paper.form"]
        pages = []
        keys = sorted(
            {(row.company_id, row.year) for row in self},
            key=lambda key: (key[0].id, -key[1]),
        )
        for company, year in keys:
            rows = self.filtered(
                lambda r, c=company, y=year: r.company_id == c and r.year == y
            ).sorted("sequence")
            pages.append(
                {
                    "company": company,
                    "year": year,
                    "meta": [
                        (self.env._("Year"), str(year)),
                        (
                            self.env._("Printed On"),
                            form._date(fields.Datetime.now()),
                        ),
                    ],
                    "lines": [
                        {
                            "label": labels[row.figure],
                            "value": row._report_text(row.value, row.has_value),
                            "previous": row._report_text(
                                row.previous_value, row.has_previous
                            ),
                            "change": row._report_text(
                                row.change, row.has_value and row.has_previous
                            ),
                        }
                        for row in rows
                    ],
                    "signatures": [
                        {
                            "label": self.env._("Prepared By"),
                            "name": print_user(self.env.user),
                        },
                        {"label": self.env._("After-Sales Manager"), "name": ""},
                        {"label": self.env._("General Manager"), "name": ""},
                    ],
                }
            )
        return pages

    @api.readonly
    def _report_text(self, value, present):
        """One printed cell: a count whole, an amount with the company's
        currency, a rate with %; a dash for no data."""
        self.ensure_one()
        if not present:
            return "—"
        if self.figure.endswith("_rate"):
            return f"{formatLang(self.env, value, digits=2)} %"
        if self.figure.endswith(("_cost", "_total", "_per_unit")):
            return format_amount(self.env, value, self.company_id.currency_id)
        return formatLang(self.env, value, digits=0)
