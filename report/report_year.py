# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_amount, formatLang

# The year of a moment (UTC in the database) in its company's time zone
# (``p``: the company's partner).
_YEAR = (
    "EXTRACT(YEAR FROM ({ts} AT TIME ZONE 'UTC') AT TIME ZONE "
    "COALESCE(p.tz, 'UTC'))::int"
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
# year); a rate without a denominator is no data (NULL), never 0 % or 100 %.
_FIGURE_SQL = {
    "complaint_count": "{y}.complaints",
    "repair_count": "{y}.repairs_own + {y}.repairs_outlet",
    "repair_own_count": "{y}.repairs_own",
    "repair_outlet_count": "{y}.repairs_outlet",
    "repair_cost": "{y}.repair_cost",
    "repair_cost_per_unit": "ROUND({y}.repair_cost / NULLIF({y}.repairs_own"
    " + {y}.repairs_outlet, 0), 2)",
    "installation_count": "{y}.installations",
    "installation_cost": "{y}.installation_cost",
    "request_count": "{y}.requests",
    "rework_count": "{y}.reworks",
    "repeat_visit_rate": "ROUND(100.0 * {y}.reworks / NULLIF({y}.requests, 0), 2)",
    "callback_answered_count": "{y}.answered",
    "callback_satisfied_count": "{y}.satisfied",
    "satisfaction_rate": "ROUND(100.0 * {y}.satisfied / NULLIF({y}.answered, 0), 2)",
    "penalty_total": "{y}.penalties",
    "reward_total": "{y}.rewards",
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
      them, in the year of their record's end (else of the request's
      registration); per repair: the cost over the repairs.
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
    _description = "Yearly After-Sales Figures"
    _auto = False
    _order = "year desc, company_id, sequence"
    _rec_name = "figure"

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

    @api.readonly
    @api.depends("year", "figure", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["figure"]._description_selection(self.env))
        for row in self:
            row.display_name = f"{row.year} {labels.get(row.figure, '')}"

    @property
    def _table_query(self):
        figures = ",\n".join(
            f"({seq}, '{name}', {_FIGURE_SQL[name].format(y='y')}::numeric,"
            f" {_FIGURE_SQL[name].format(y='pv')}::numeric)"
            for seq, (name, _label) in enumerate(FIGURES, start=1)
        )
        return f"""
            WITH y AS ({self._year_sums_query()})
            SELECT ((y.company_id::bigint * 10000 + y.year) * 100 + f.seq) AS id,
                   y.year, y.company_id, f.seq AS sequence, f.figure,
                   f.value::float AS value,
                   f.previous::float AS previous_value,
                   (f.value - f.previous)::float AS change,
                   f.value IS NOT NULL AS has_value,
                   f.previous IS NOT NULL AS has_previous
              FROM y
              LEFT JOIN y pv ON pv.company_id = y.company_id
                            AND pv.year = y.year - 1
             CROSS JOIN LATERAL (VALUES {figures}) AS f(seq, figure, value, previous)
        """

    @api.readonly
    def _year_sums_query(self):
        """One row per company and year (company time zone): the sums the
        figures are made of (see the class docstring for what counts)."""
        kinds = ", ".join(f"'{kind}'" for kind in SERVICE_COST_KINDS)
        return f"""
            SELECT company_id, year,
                   SUM(complaints) AS complaints,
                   SUM(repairs_own) AS repairs_own,
                   SUM(repairs_outlet) AS repairs_outlet,
                   SUM(repair_cost) AS repair_cost,
                   SUM(installations) AS installations,
                   SUM(installation_cost) AS installation_cost,
                   SUM(requests) AS requests,
                   SUM(reworks) AS reworks,
                   SUM(answered) AS answered,
                   SUM(satisfied) AS satisfied,
                   SUM(penalties) AS penalties,
                   SUM(rewards) AS rewards
              FROM (
                SELECT c.company_id, {_YEAR.format(ts="c.registered_at")} AS year,
                       COUNT(*) AS complaints, 0 AS repairs_own,
                       0 AS repairs_outlet, 0 AS repair_cost, 0 AS installations,
                       0 AS installation_cost, 0 AS requests, 0 AS reworks,
                       0 AS answered, 0 AS satisfied, 0 AS penalties, 0 AS rewards
                  FROM after_sales_complaint c
                  JOIN res_company co ON co.id = c.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE c.state != 'cancelled' AND c.registered_at IS NOT NULL
                 GROUP BY 1, 2
                UNION ALL
                SELECT r.company_id, {_YEAR.format(ts="r.end_datetime")},
                       0,
                       COUNT(*) FILTER (WHERE st.kind = 'repair'
                                          AND r.outlet_id IS NULL),
                       COUNT(*) FILTER (WHERE st.kind = 'repair'
                                          AND r.outlet_id IS NOT NULL),
                       0,
                       COUNT(*) FILTER (WHERE st.kind = 'installation'),
                       0, 0, 0, 0, 0, 0, 0
                  FROM after_sales_service_record r
                  JOIN after_sales_service_type st ON st.id = r.service_type_id
                  JOIN res_company co ON co.id = r.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE r.state = 'done' AND r.end_datetime IS NOT NULL
                   AND st.kind IN ('repair', 'installation')
                 GROUP BY 1, 2
                UNION ALL
                SELECT l.company_id,
                       {_YEAR.format(ts="COALESCE(r.end_datetime, t.registered_at)")},
                       0, 0, 0,
                       COALESCE(SUM(l.amount) FILTER (WHERE st.kind = 'repair'), 0),
                       0,
                       COALESCE(SUM(l.amount)
                                FILTER (WHERE st.kind = 'installation'), 0),
                       0, 0, 0, 0, 0, 0
                  FROM after_sales_cost_line l
                  JOIN helpdesk_ticket t ON t.id = l.ticket_id
                  JOIN after_sales_service_type st ON st.id = t.service_type_id
                  LEFT JOIN after_sales_service_record r ON r.id = l.record_id
                  JOIN res_company co ON co.id = l.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE l.state != 'reversed' AND l.kind IN ({kinds})
                   AND st.kind IN ('repair', 'installation')
                   AND COALESCE(r.end_datetime, t.registered_at) IS NOT NULL
                 GROUP BY 1, 2
                UNION ALL
                SELECT t.company_id, {_YEAR.format(ts="t.registered_at")},
                       0, 0, 0, 0, 0, 0,
                       COUNT(*), COUNT(t.rework_of_id),
                       0, 0, 0, 0
                  FROM helpdesk_ticket t
                  JOIN res_company co ON co.id = t.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE t.active AND t.registered_at IS NOT NULL
                 GROUP BY 1, 2
                UNION ALL
                SELECT cb.company_id, {_YEAR.format(ts="cb.done_at")},
                       0, 0, 0, 0, 0, 0, 0, 0,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE cb.satisfaction IN ('excellent', 'good')),
                       0, 0
                  FROM after_sales_callback cb
                  JOIN res_company co ON co.id = cb.company_id
                  JOIN res_partner p ON p.id = co.partner_id
                 WHERE cb.state = 'done' AND cb.done_at IS NOT NULL
                 GROUP BY 1, 2
                UNION ALL
                SELECT pl.company_id, EXTRACT(YEAR FROM pl.date)::int,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                       COALESCE(-SUM(pl.amount) FILTER (
                           WHERE COALESCE(orig.amount, pl.amount) < 0), 0),
                       COALESCE(SUM(pl.amount) FILTER (
                           WHERE COALESCE(orig.amount, pl.amount) > 0), 0)
                  FROM after_sales_penalty_line pl
                  LEFT JOIN after_sales_penalty_line orig
                         ON orig.id = pl.reversed_line_id
                 WHERE pl.state = 'confirmed'
                 GROUP BY 1, 2
              ) facts
             GROUP BY company_id, year
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
                            "name": self.env.user.name,
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
