#!/usr/bin/env bash
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# `make demo`: a private cluster under .run/, a demo database with the addon and its
# demo data, Odoo served on http://localhost:${HTTP_PORT:-8069} (login admin / admin).
# Run twice, it reuses the cluster and the database. Ctrl-C or `make stop` stops it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
port=${HTTP_PORT:-8069}
# The port first: a busy port found after minutes of set-up is a traceback at the end.
# Something answering on the port means Odoo cannot bind it.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free "$port" || {
    say "port $port is busy (another Odoo?): stop it, or choose another one: HTTP_PORT=8077 make demo"
    exit 1
}
have_odoo || { say "Odoo 18 is not importable by $PYTHON: install it first, or point PYTHON at the interpreter that has it (README)"; exit 1; }
# `make stop` during the set-up (before Odoo serves) stops this script too.
echo "$$" >"$RUN_DIR/demo-script.pid"
bash scripts/deps.sh --system --no-test-tools

data="$PGDATA_DIR"
db=${DEMO_DB:-after_sales_demo}
odoo_pid=
# One way out, whatever ends the demo: Odoo stopped, the pid file removed, the
# cluster stopped (`make stop` may have stopped it already: not an error).
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$odoo_pid" ]; then
        kill "$odoo_pid" 2>/dev/null || true
        wait "$odoo_pid" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/demo.pid" "$RUN_DIR/demo-script.pid"
    pg_stop "$data" || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM # Ctrl-C or `make stop`: the normal end of a demo
pg_start "$data"

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
# The prints fetch their styles from the server's own address: web.base.url keeps the
# port of the first install until an administrator logs in, so a demo served on
# another port printed PDFs without layout. Set it (and report.url) to where it serves.
url="http://localhost:$port"
as_pg psql -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_USER" -d "$db" -v url="$url" <<'SQL'
INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
VALUES ('web.base.url', :'url', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'),
       ('report.url', :'url', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date;
SQL
say "serving Odoo on http://localhost:$port (login admin / admin); Ctrl-C to stop"
odoo_cmd -d "$db" --db-filter="^$db\$" --http-port="$port" --log-level=info \
    --logfile="$RUN_DIR/demo.log" &
odoo_pid=$!
# The pid of Odoo, not of this script: `make stop` ends Odoo, this script then
# ends normally. (It used to record $$: killed in `wait`, the script returned 143
# and make reported "Error 1".)
echo "$odoo_pid" >"$RUN_DIR/demo.pid"
# The demo's past months are submitted once Odoo answers: submitting freezes the
# month's print, whose styles the PDF engine fetches from the running server.
# Idempotent (only months still open); its log is .run/demo_submit.log.
(
    for _ in $(seq 180); do
        port_free "$port" || break
        sleep 1
    done
    odoo_cmd shell -d "$db" --no-http --log-level=warn >"$RUN_DIR/demo_submit.log" 2>&1 <<'PY'
company = env.ref("after_sales_service.company_demo", raise_if_not_found=False)
clerk = env.ref("after_sales_service.user_clerk", raise_if_not_found=False)
if company and clerk:
    env["after_sales.report.submission"]._demo_submissions(company.id, clerk.id, True)
    env.cr.commit()
PY
) &
status=0
wait "$odoo_pid" || status=$?
odoo_pid=
# Odoo ended by SIGTERM (`make stop`) or SIGINT (Ctrl-C) is a normal end.
case $status in 0 | 130 | 143) exit 0 ;; esac
say "Odoo ended with status $status, see .run/demo.log"
exit "$status"
