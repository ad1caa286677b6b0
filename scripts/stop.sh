#!/usr/bin/env bash
# `make stop`: stop a running `make demo` and its private cluster.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ -f "$RUN_DIR/demo.pid" ]; then
    kill "$(cat "$RUN_DIR/demo.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/demo.pid"
    sleep 2
fi
pkill -f -- "--db-filter=\\^${DEMO_DB:-after_sales_demo}" 2>/dev/null || true
pg_stop "$PGDATA_DIR"
say "stopped"
