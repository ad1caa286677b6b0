#!/usr/bin/env bash
# `make demo`: a private cluster under .run/, a demo database with the addon and its
# demo data, Odoo served on http://localhost:${HTTP_PORT:-8069} (login admin / admin).
# Run twice, it reuses the cluster and the database. Ctrl-C or `make stop` stops it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
have_odoo || { say "Odoo 18 is not importable by $PYTHON: install it first (README)"; exit 1; }
bash scripts/deps.sh --system

data="$PGDATA_DIR"
db=${DEMO_DB:-after_sales_demo}
port=${HTTP_PORT:-8069}
pg_start "$data"
trap 'pg_stop "$data"' EXIT INT TERM

exists=$(as_pg psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$db'")
if [ "$exists" != 1 ]; then
    say "creating the demo database $db (a few minutes)"
    odoo_cmd -d "$db" -i "$ADDON" --stop-after-init \
        --load-language=zh_CN --log-level=warn
    # The demo users log in with their login as password; admin / admin.
else
    say "updating $ADDON in the existing demo database $db"
    odoo_cmd -d "$db" -u "$ADDON" --stop-after-init --log-level=warn
fi
say "serving Odoo on http://localhost:$port (login admin / admin); Ctrl-C to stop"
echo $$ >"$RUN_DIR/demo.pid"
odoo_cmd -d "$db" --db-filter="^$db\$" --http-port="$port" --log-level=info \
    --logfile="$RUN_DIR/demo.log" &
odoo_pid=$!
trap 'kill $odoo_pid 2>/dev/null; wait $odoo_pid 2>/dev/null; pg_stop "$data"' EXIT INT TERM
wait $odoo_pid
