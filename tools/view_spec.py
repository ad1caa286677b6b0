# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fields the web client reads to show a view (the ``specification`` of
``web_search_read``), from the view's arch: what the screens' query-count
tests (tests/test_screen_queries.py) and their benchmark
(scripts/bench_screens.py) both call, as the browser would (issue 24)."""

from lxml import etree

LIST_LIMIT = 80  # the list's page


def _field_spec(model, node, view_type):
    """The web client's specification of one ``<field>`` of a view."""
    field = model._fields[node.get("name")]
    if field.type == "many2one":
        return {"fields": {"display_name": {}}}
    if field.type in ("one2many", "many2many"):
        sub = node.find("list")
        if sub is None:
            return {"fields": {"display_name": {}}}
        return {
            "fields": _spec(model.env[field.comodel_name], sub, "list"),
            "limit": LIST_LIMIT if view_type == "list" else 40,
            "order": "",
        }
    return {}


def _spec(model, arch, view_type):
    """{field: spec} of the fields a view shows: those outside sub-views (a
    list's hidden optional columns are read when shown)."""
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue  # a sub-view's field is its x2many's
        if view_type == "list" and node.get("optional") == "hide":
            continue
        if node.get("name") in model._fields:
            spec[node.get("name")] = _field_spec(model, node, view_type)
    return spec


def view_spec(model, view_type, view_id=False):
    """The specification the web client sends to read ``model`` in its
    ``view_type`` view (the default one, or ``view_id``)."""
    views = model.get_views([(view_id, view_type)])
    return _spec(model, etree.fromstring(views["views"][view_type]["arch"]), view_type)
