#!/usr/bin/env python3
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Check that the tests and the requirement catalogue agree (`make test` part).

Reads ``docs/requirements.md`` (one ``### R-… — title`` heading per requirement,
followed by ``Status: built`` or ``Status: planned``) and every ``*.py`` file under
``tests/``, and fails when

* a **built** requirement is cited by no test, or
* a test cites an id the catalogue does not know.

Planned requirements are exempt and listed as such. A test "cites" an id by
writing it in full anywhere in its file (docstring, comment, test id): shorthand
such as ``R-SLA-2/3`` or ranges such as ``R-WAR-1 … R-WAR-8`` cite only the ids
written in full.

Pure Python, standard library only: it runs before (and without) Odoo.
"""

import argparse
import re
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
ID_RE = re.compile(r"R-[A-Z]+-\d+[a-z]?")
HEADING_RE = re.compile(rf"^###\s+({ID_RE.pattern})\s+[—–-]\s+\S")
STATUS_RE = re.compile(r"^Status:\s*(\S+)\s*$")
STATUSES = ("built", "planned")


class CatalogueError(ValueError):
    """The catalogue cannot be read: a duplicate id, a missing or unknown status."""


class Result(NamedTuple):
    """``covered, uncovered, unknown, planned = check(...)``."""

    covered: list  # built ids some test cites
    uncovered: list  # built ids no test cites
    unknown: dict  # id -> files citing it, for ids the catalogue does not know
    planned: list  # planned ids (exempt)

    @property
    def ok(self):
        return not self.uncovered and not self.unknown


def id_key(req_id):
    """Sort ``R-WAR-5b`` after ``R-WAR-5a`` and ``R-WAR-10`` after ``R-WAR-9``."""
    _r, area, rest = req_id.split("-", 2)
    number = re.match(r"\d+", rest).group()
    return (area, int(number), rest[len(number) :])


def read_catalogue(path):
    """``{id: status}`` from the catalogue at ``path``; raise CatalogueError."""
    statuses = {}
    current = None
    for lineno, line in enumerate(
        Path(path).read_text(encoding="utf-8").splitlines(), 1
    ):
        heading = HEADING_RE.match(line)
        if heading:
            if current and statuses[current] is None:
                raise CatalogueError(f"{path}: {current} has no Status line")
            current = heading.group(1)
            if current in statuses:
                raise CatalogueError(f"{path}:{lineno}: {current} is listed twice")
            statuses[current] = None
            continue
        if line.startswith("#"):
            if current and statuses[current] is None:
                raise CatalogueError(f"{path}: {current} has no Status line")
            current = None
            continue
        status = STATUS_RE.match(line)
        if status and current and statuses[current] is None:
            if status.group(1) not in STATUSES:
                raise CatalogueError(
                    f"{path}:{lineno}: {current} has status {status.group(1)!r}, "
                    f"not one of {', '.join(STATUSES)}"
                )
            statuses[current] = status.group(1)
    if current and statuses[current] is None:
        raise CatalogueError(f"{path}: {current} has no Status line")
    if not statuses:
        raise CatalogueError(f"{path}: no requirement headings (### R-… — title)")
    return statuses


def cited_ids(tests_dir):
    """``{id: [files]}`` for every id written in a ``*.py`` file under ``tests_dir``."""
    tests_dir = Path(tests_dir)
    citations = {}
    for path in sorted(tests_dir.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for req_id in sorted(set(ID_RE.findall(text))):
            citations.setdefault(req_id, []).append(
                path.relative_to(tests_dir).as_posix()
            )
    return citations


def check(catalogue_path, tests_dir):
    """Compare the catalogue with the tests; return a :class:`Result`.

    ``covered``, ``uncovered`` and ``planned`` keep the catalogue's order.
    """
    statuses = read_catalogue(catalogue_path)
    citations = cited_ids(tests_dir)
    built = [i for i, status in statuses.items() if status == "built"]
    planned = [i for i, status in statuses.items() if status == "planned"]
    return Result(
        covered=[i for i in built if i in citations],
        uncovered=[i for i in built if i not in citations],
        unknown={
            i: citations[i] for i in sorted(citations, key=id_key) if i not in statuses
        },
        planned=planned,
    )


def report(result, out=None):
    """Print the result; the last line is ``traceability: N passed, M failed``."""
    out = out or sys.stdout
    if result.planned:
        print(
            f"planned (exempt, {len(result.planned)}): {' '.join(result.planned)}",
            file=out,
        )
    for req_id in result.uncovered:
        print(f"FAIL {req_id}: built, but no test cites it", file=out)
    for req_id, files in result.unknown.items():
        print(
            f"FAIL {req_id}: cited by {', '.join(files)}, not in the catalogue",
            file=out,
        )
    failed = len(result.uncovered) + len(result.unknown)
    print(f"traceability: {len(result.covered)} passed, {failed} failed", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--catalogue", type=Path, default=ROOT / "docs" / "requirements.md"
    )
    parser.add_argument("--tests", type=Path, default=ROOT / "tests")
    args = parser.parse_args(argv)
    try:
        result = check(args.catalogue, args.tests)
    except (CatalogueError, OSError) as exc:
        print(f"FAIL {exc}")
        print("traceability: 0 passed, 1 failed")
        return 1
    report(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
