# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the four monthly reports of R-RPT-1 share: the day and the month of a
moment in its company's time zone, computed in SQL (the database holds UTC).

Every query reads its facts by the companies' months of :func:`month_from`,
which carry the company's time zone (its partner's ``tz``; UTC when unset)
and currency."""

from contextlib import contextmanager

from odoo import api, fields, models

# The day of a moment (UTC in the database) in its company's time zone.
DAY = "(({ts} AT TIME ZONE 'UTC') AT TIME ZONE COALESCE({tz}, 'UTC'))::date"


def day(ts, tz="per.tz"):
    """The day of ``ts`` in the time zone of the column ``tz`` (by default the
    company's, as :func:`month_from`'s months carry it)."""
    return DAY.format(ts=ts, tz=tz)


# The companies' months (2000 … 2099) with their bounds in UTC. A report reads
# each month's facts by the index on their moment (a LATERAL range scan per
# company and month) instead of computing every fact's month: a filter on the
# month (the pivot of a month) then reads that month's facts only, not the
# whole table (scripts/bench_reports.py, issue 22 "Speed").
MONTHS = """
    SELECT pco.id AS company_id, pm.month, pp.tz, pco.currency_id,
           (pm.month::timestamp AT TIME ZONE COALESCE(pp.tz, 'UTC'))
               AT TIME ZONE 'UTC' AS lo,
           ((pm.month + interval '1 month')::timestamp
               AT TIME ZONE COALESCE(pp.tz, 'UTC')) AT TIME ZONE 'UTC' AS hi
      FROM res_company pco
      JOIN res_partner pp ON pp.id = pco.partner_id
     CROSS JOIN LATERAL (
           SELECT (date '2000-01-01' + i * interval '1 month')::date AS month
             FROM generate_series(0, 1199) i
     ) pm
"""


def month_from(table, alias, ts, where="TRUE", name="per"):
    """A FROM clause: the companies' months (``{name}.month``, in the
    company's time zone) and, for each, the rows ``alias`` of ``table`` of the
    company whose moment ``ts`` (a UTC column of the table) falls in the month
    and that meet ``where`` (on the table's columns) — a range scan of the
    index on ``ts`` per month (OFFSET 0 keeps it one)."""
    return f"""({MONTHS}) {name}
     CROSS JOIN LATERAL (
           SELECT * FROM {table}
            WHERE company_id = {name}.company_id
              AND {ts} >= {name}.lo AND {ts} < {name}.hi AND ({where})
           OFFSET 0
     ) {alias}"""


def without_jit(cr):
    """Turn PostgreSQL's JIT compilation off for the rest of the transaction
    (``SET LOCAL``), once per transaction.

    The reports' plans are costed before the period's filter prunes the
    companies' months (or years), so at a million facts their estimate passes
    ``jit_above_cost`` and PostgreSQL spends seconds compiling a query that
    runs in a fraction of that (a month of the feedback report at 1,000,000
    records: 2.4 s, 1.7 s of it JIT; 0.9 s without). Odoo's other reads in the
    same transaction are short OLTP queries JIT does not help either.
    """
    if getattr(cr, "_after_sales_no_jit", False):
        return
    cr.execute("SET LOCAL jit = off")
    cr._after_sales_no_jit = True

    def reset():
        cr._after_sales_no_jit = False

    cr.postcommit.add(reset)
    cr.postrollback.add(reset)


@contextmanager
def without_nested_loops(cr):
    """Plan the statements of the block without nested loops, then as before.

    For reports that aggregate a large share of a table (the year's figures:
    two years of facts). Their rows are chosen by a join to the companies'
    period bounds, which PostgreSQL cannot estimate before it runs (at a
    million records: 556 rows estimated, 666,000 read), so it picks nested
    loops of index lookups that run hundreds of thousands of times; hash joins
    read each table once (scripts/bench_reports.py: the year 19.6 s → 12.0 s)."""
    cr.execute("SET LOCAL enable_nestloop = off")
    try:
        yield
    finally:
        cr.execute("SET LOCAL enable_nestloop TO DEFAULT")


class AfterSalesReportSqlMixin(models.AbstractModel):
    """A report on a SQL view read without PostgreSQL's JIT (see
    :func:`without_jit`): the pivot and graph (``_read_group``), the list
    (``search_fetch``) and the counts."""

    _name = "after_sales.report.sql.mixin"
    _description = "After-Sales Report on SQL"

    @api.model
    @api.readonly
    def _read_group(self, *args, **kwargs):
        without_jit(self.env.cr)
        return super()._read_group(*args, **kwargs)

    @api.model
    @api.readonly
    def search_fetch(self, *args, **kwargs):
        without_jit(self.env.cr)
        return super().search_fetch(*args, **kwargs)

    @api.model
    @api.readonly
    def search_count(self, *args, **kwargs):
        without_jit(self.env.cr)
        return super().search_count(*args, **kwargs)


class AfterSalesReportMonthlyMixin(models.AbstractModel):
    """A monthly report of R-RPT-1 on a SQL view: read-only, one row per fact
    (so that a figure of the pivot opens the rows it sums, and a row its source
    document), periods in the company's time zone."""

    _name = "after_sales.report.monthly.mixin"
    _inherit = "after_sales.report.sql.mixin"
    _description = "Monthly After-Sales Report"

    month = fields.Date(
        readonly=True,
        help="The first day of the month, in the company's time zone.",
    )
    company_id = fields.Many2one("res.company", readonly=True)

    @api.readonly
    @api.depends("month")
    def _compute_display_name(self):
        for row in self:
            row.display_name = row.month and row.month.strftime("%Y-%m") or ""

    @api.readonly
    def _report_open(self, record):
        """The form of ``record`` (a source document of the row)."""
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
