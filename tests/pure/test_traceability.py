# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Pin ``scripts/traceability.py``: tests and the requirement catalogue agree.

The ids of the tiny catalogues below are built by ``rid()`` so that this file
itself cites no requirement (the script reads every file under ``tests/``).
"""

import importlib.util
import io
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "traceability.py"
_spec = importlib.util.spec_from_file_location("traceability", SCRIPT)
traceability = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(traceability)


def rid(area, number):
    """A requirement id, e.g. ``rid("ZZ", "1a")`` -> the ZZ area's 1a."""
    return "-".join(("R", area, str(number)))


A1, A2, A3, B1, B1A = (
    rid("AA", 1),
    rid("AA", 2),
    rid("AA", 3),
    rid("BB", 1),
    rid("BB", "1a"),
)


def entry(req_id, status, title="A rule"):
    return f"### {req_id} — {title}\nStatus: {status}\nSource: seed 000 §1\n\nText.\n"


def make(tmp_path, entries, tests):
    """Write a catalogue of ``entries`` and a tests folder of ``{path: text}``."""
    catalogue = tmp_path / "requirements.md"
    catalogue.write_text(
        "# Catalogue\n\nIntro naming "
        + A3
        + " in passing.\n\n## 1. Area\n\n"
        + "\n".join(entries),
        encoding="utf-8",
    )
    tests_dir = tmp_path / "tests"
    for name, text in tests.items():
        path = tests_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    tests_dir.mkdir(exist_ok=True)
    return catalogue, tests_dir


def run(catalogue, tests_dir):
    out = io.StringIO()
    result = traceability.check(catalogue, tests_dir)
    traceability.report(result, out)
    return result, out.getvalue().splitlines()


def test_pass_when_every_built_id_is_cited(tmp_path):
    catalogue, tests_dir = make(
        tmp_path,
        [entry(A1, "built"), entry(A2, "planned"), entry(B1A, "built")],
        {
            "test_a.py": f'"""Pins {A1}."""\n',
            "pure/test_b.py": f"# {B1A}: the letter suffix is part of the id\n",
        },
    )
    result, lines = run(catalogue, tests_dir)
    covered, uncovered, unknown, planned = result
    assert covered == [A1, B1A]
    assert (uncovered, unknown, planned) == ([], {}, [A2])
    assert result.ok
    assert any(A2 in line and "exempt" in line for line in lines)
    assert lines[-1] == "traceability: 2 passed, 0 failed"


def test_built_id_cited_by_no_test_fails(tmp_path):
    catalogue, tests_dir = make(
        tmp_path,
        [entry(A1, "built"), entry(A2, "built"), entry(B1, "planned")],
        {"test_a.py": f"# {A1} and the range {A1} … {A2[-1]}\n"},
    )
    result, lines = run(catalogue, tests_dir)
    assert result.uncovered == [A2]
    assert not result.ok
    assert any(line.startswith(f"FAIL {A2}") for line in lines)
    assert lines[-1] == "traceability: 1 passed, 1 failed"


def test_id_unknown_to_the_catalogue_fails(tmp_path):
    catalogue, tests_dir = make(
        tmp_path,
        [entry(A1, "built")],
        {"test_a.py": f"# {A1}\n", "deep/er/test_c.py": f"# {B1} {A3}\n"},
    )
    result, lines = run(catalogue, tests_dir)
    assert result.unknown == {A3: ["deep/er/test_c.py"], B1: ["deep/er/test_c.py"]}
    assert any(line.startswith(f"FAIL {B1}") for line in lines)
    assert lines[-1] == "traceability: 1 passed, 2 failed"


def test_planned_id_cited_by_a_test_is_fine(tmp_path):
    catalogue, tests_dir = make(
        tmp_path, [entry(A1, "planned")], {"test_a.py": f"# {A1}\n"}
    )
    result, lines = run(catalogue, tests_dir)
    assert result.ok and result.planned == [A1] and result.covered == []
    assert lines[-1] == "traceability: 0 passed, 0 failed"


@pytest.mark.parametrize(
    "entries, message",
    [
        ([entry(A1, "built"), entry(A1, "planned")], "twice"),
        ([f"### {A1} — No status\nSource: x\n", entry(A2, "built")], "no Status"),
        ([entry(A1, "done")], "not one of"),
        (["No headings at all.\n"], "no requirement headings"),
    ],
)
def test_unreadable_catalogue_is_refused(tmp_path, entries, message):
    catalogue, tests_dir = make(tmp_path, entries, {})
    with pytest.raises(traceability.CatalogueError, match=message):
        traceability.check(catalogue, tests_dir)


def test_main_exit_codes(tmp_path, capsys):
    catalogue, tests_dir = make(tmp_path, [entry(A1, "built")], {})
    args = ["--catalogue", str(catalogue), "--tests", str(tests_dir)]
    assert traceability.main(args) == 1
    (tests_dir / "test_a.py").write_text(f"# {A1}\n", encoding="utf-8")
    assert traceability.main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "traceability: 1 passed, 0 failed"
    )


def test_the_project_catalogue_reads():
    """The real catalogue parses: every requirement built or planned, most
    of them built (all of them once the last planned one landed)."""
    statuses = traceability.read_catalogue(
        SCRIPT.parents[1] / "docs" / "requirements.md"
    )
    assert set(statuses.values()) <= {"built", "planned"}
    assert len(statuses) > 50
    assert "built" in set(statuses.values())
