# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark scripts share: cloning a request in SQL, many times.

A benchmark builds tens of thousands of requests: one through the ORM (so that its
stored outputs are the addon's own), the rest copied row for row in SQL.
"""

import sys
import time

from odoo.tools import SQL


def columns(cr, table, skip):
    """The columns of ``table`` but ``skip``, in their order."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def clone_ticket_rows(env, template, count):
    """Copy the request row of ``template`` ``count`` times (numbers suffixed
    ``-1`` … ``-count``); return the new ids. Its documents are the caller's."""
    cr = env.cr
    env.flush_all()
    cols = columns(cr, "helpdesk_ticket", {"id", "number"})
    col_list = SQL(", ").join(SQL.identifier(c) for c in cols)
    src_list = SQL(", ").join(SQL.identifier("t", c) for c in cols)
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, %s)
            SELECT t.number || '-' || g, %s
              FROM helpdesk_ticket t, generate_series(1, %s) g
             WHERE t.id = %s
            RETURNING id
            """,
            col_list,
            src_list,
            count,
            template.id,
        )
    )
    return [row[0] for row in cr.fetchall()]


def clone_from_template(cr, table, template_id, source, overrides):
    """INSERT into ``table`` one row per row of ``source`` (a query aliased
    ``s``), each a copy of the row ``template_id`` (aliased ``tpl``) but for
    ``overrides`` ({column: SQL expression})."""
    cols = columns(cr, table, {"id"})
    exprs = [overrides.get(col, f'tpl."{col}"') for col in cols]
    started = time.perf_counter()
    cr.execute(
        # The template read once (a scan of the growing table per row would be
        # quadratic).
        f"""WITH tpl AS MATERIALIZED (
                SELECT * FROM {table} WHERE id = {int(template_id)}
            )
            INSERT INTO {table} ({", ".join(f'"{c}"' for c in cols)})
            SELECT {", ".join(exprs)}
              FROM ({source}) s, tpl"""
    )
    print(
        f"  {table}: {cr.rowcount:,} rows in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def copy_rows(cr, table, source, overrides):
    """INSERT into ``table`` a copy of each row of ``source`` (a query over
    ``table`` whose rows are aliased ``s``; it may add columns of its own) but
    for ``overrides`` ({column: SQL expression})."""
    cols = columns(cr, table, {"id"})
    exprs = [overrides.get(col, f's."{col}"') for col in cols]
    started = time.perf_counter()
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(f'"{c}"' for c in cols)})
            SELECT {", ".join(exprs)} FROM ({source}) s"""
    )
    print(
        f"  {table}: {cr.rowcount:,} rows copied in"
        f" {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def one(cr, query, *args):
    """The first column of the first row of ``query``; exit if there is none."""
    cr.execute(query, args or None)  # no parameters: % is SQL's
    row = cr.fetchone()
    if not row or row[0] is None:
        sys.exit(f"No template row: {query}")
    return row[0]
