# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark scripts share: cloning a request in SQL, many times.

A benchmark builds tens of thousands of requests: one through the ORM (so that its
stored outputs are the addon's own), the rest copied row for row in SQL.
"""

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
