# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Values as the paper forms print them (R-PRT-5, seed 003 售后服务表格).

The parts documents build one plain dict per copy (see ``form()``) and the shared
template ``after_sales_service.report_parts_form`` lays it out on the paper form:
dates as the reader's language writes them (zh_CN: 2026年12月07日), whole
quantities without decimals, amounts with their currency.
"""

from odoo import SUPERUSER_ID
from odoo.tools import float_is_zero, format_amount, format_date, formatLang


def print_date(env, value):
    """``value`` (date or datetime, in the reader's time zone) as the reader's
    language writes a date; "" when unset."""
    return format_date(env, value) if value else ""


def print_quantity(env, quantity, uom=None):
    """2, not 2.00: a whole quantity prints without decimals; any other to the
    unit's precision."""
    rounding = uom.rounding if uom else 0.01
    if float_is_zero(quantity - round(quantity), precision_rounding=rounding):
        return formatLang(env, round(quantity), digits=0)
    digits = env["decimal.precision"].precision_get("Product Unit of Measure")
    return formatLang(env, quantity, digits=digits)


def print_amount(env, amount, currency):
    """The amount with its currency symbol, as the reader's language writes it."""
    return format_amount(env, amount, currency)


def print_user(user):
    """The name of a person who signs; none for OdooBot, who signs nothing (a
    document the system made on its own)."""
    if not user or user.id == SUPERUSER_ID:
        return ""
    return user.name


def print_part(product):
    """A part as the forms name it: its code and its own name (no variant
    values, no brackets)."""
    return {"code": product.default_code or "", "name": product.name or ""}


def form(
    title,
    copy_label,
    meta,
    info,
    headers,
    rows,
    signatures,
    totals=None,
    note=None,
):
    """One copy of a paper form.

    ``meta``: (label, value) pairs under the title; ``info``: (label, value)
    pairs of the bordered head grid, three to a row; ``headers``: (label,
    numeric) of the line table; ``rows``: lists of cell strings; ``totals``: a
    row of cells under the lines (or None); ``signatures``: dicts for
    ``paper_form_signatures``; ``note``: (label, text) printed as a last row
    (or None).
    """
    info_rows = [info[i : i + 3] for i in range(0, len(info), 3)]
    return {
        "title": title,
        "copy_label": copy_label,
        "meta": meta,
        "info_rows": info_rows,
        "headers": headers,
        "rows": rows,
        "totals": totals,
        "signatures": signatures,
        "note": note,
    }
