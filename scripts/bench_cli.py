# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The command line the benchmarks share: ``DB [options] -- [Odoo options]``.

The benchmark runs as the superuser in one transaction on ``DB`` and is rolled
back at the end, whatever happens: a benchmark never keeps its data."""

import argparse

import odoo
from odoo import SUPERUSER_ID, api


def split_argv(argv):
    """``(ours, Odoo's)``: the arguments before ``--`` and after it."""
    if "--" not in argv:
        return argv, []
    split = argv.index("--")
    return argv[:split], argv[split + 1 :]


def run(argv, doc, bench, options):
    """Parse ``argv`` and call ``bench(env, *values)``, ``options`` being
    ``[(flags, default), ...]`` of integer options in ``bench``'s order."""
    ours, odoo_args = split_argv(argv)
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("database")
    dests = []
    for flags, default in options:
        action = parser.add_argument(*flags, type=int, default=default)
        dests.append(action.dest)
    args = parser.parse_args(ours)
    odoo.tools.config.parse_config([*odoo_args, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            bench(env, *(getattr(args, dest) for dest in dests))
        finally:
            cr.rollback()  # never keep the benchmark data
    print("rolled back")
