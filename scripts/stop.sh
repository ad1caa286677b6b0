#!/usr/bin/env bash
# `make stop`: stop a running `make demo` (Odoo first, then its private cluster).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pattern="--db-filter=\\^${DEMO_DB:-after_sales_demo}"
if [ -f "$RUN_DIR/demo.pid" ]; then
    kill "$(cat "$RUN_DIR/demo.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/demo.pid"
fi
pkill -f -- "$pattern" 2>/dev/null || true
for _ in $(seq 1 30); do
    pgrep -f -- "$pattern" >/dev/null || break
    sleep 1
done
pg_stop "$PGDATA_DIR"
say "stopped"
