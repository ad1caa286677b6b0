# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""``make demo`` on a busy port says so in one line, at once.

It used to work for minutes (cluster, dependencies, database) and then die with
Odoo's ``OSError: [Errno 98] Address already in use`` traceback.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_busy_port_is_refused_before_any_setup(tmp_path):
    """A busy HTTP_PORT ends the demo script at once with one clear line."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = dict(
            os.environ,
            HTTP_PORT=str(port),
            PYTHON=sys.executable,
            RUN_DIR=str(tmp_path / "run"),
            STATE_DIR=str(tmp_path / "state"),
        )
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "demo.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert f"port {port} is busy" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    # Nothing was set up: no cluster, no dependencies.
    assert not (tmp_path / "run" / "pgdata").exists()
    assert not (tmp_path / "state" / "deps").exists()


def test_free_port_passes_the_check(tmp_path):
    """The check refuses only a busy port (a free one goes on to the Odoo check)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("", 0))
        port = probe.getsockname()[1]
    env = dict(
        os.environ,
        HTTP_PORT=str(port),
        PYTHON=str(tmp_path / "no-python"),  # stops at the Odoo check, sets nothing up
        RUN_DIR=str(tmp_path / "run"),
        STATE_DIR=str(tmp_path / "state"),
    )
    (tmp_path / "no-python").write_text("#!/bin/sh\nexit 1\n")
    (tmp_path / "no-python").chmod(0o755)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "is busy" not in done.stdout
    assert "Odoo 18 is not importable" in done.stdout
