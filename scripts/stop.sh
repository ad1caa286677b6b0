#!/usr/bin/env bash
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# `make stop`: stop a running `make demo` (Odoo first, then its private cluster).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pattern="--db-filter=\\^${DEMO_DB:-after_sales_demo}"
# demo.pid holds Odoo's pid; the demo script, seeing Odoo end, stops the cluster
# and removes the file itself.
# Still setting up (creating or updating the database)? End the script and the
# Odoo it is running; its own clean-up stops the cluster.
if [ -f "$RUN_DIR/demo-script.pid" ]; then
    script=$(cat "$RUN_DIR/demo-script.pid")
    kill "$script" 2>/dev/null || true
    pkill -P "$script" 2>/dev/null || true
fi
if [ -f "$RUN_DIR/demo.pid" ]; then
    kill "$(cat "$RUN_DIR/demo.pid")" 2>/dev/null || true
fi
pkill -f -- "$pattern" 2>/dev/null || true
for _ in $(seq 1 30); do
    pgrep -f -- "$pattern" >/dev/null || break
    sleep 1
done
for _ in $(seq 1 30); do
    [ -f "$RUN_DIR/demo.pid" ] || break
    sleep 1
done
rm -f "$RUN_DIR/demo.pid" "$RUN_DIR/demo-script.pid"
# The demo script may be stopping the cluster at the same moment: not an error.
pg_stop "$PGDATA_DIR" 2>/dev/null || true
say "stopped"
