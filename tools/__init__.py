# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Pure business rules of after_sales_service.
#
# Nothing in this package imports ``odoo``: each module is a set of plain functions
# over plain values (dates, decimals, small dataclasses) that return a result and the
# reasons for it. Models gather the inputs, call these functions and store the
# outcome; ``tests/pure`` pins every rule with table-driven tests that run without
# Odoo.
#
# One helper is not a rule: ``view_spec`` gives the fields the web client reads to
# show a view, for the screens' query-count tests and their benchmark.
