#!/usr/bin/env bash
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Shared settings of the README's commands (make demo / make test / make stop).
# The PostgreSQL clusters, logs and filestore live under .run/ in the checkout; nothing
# touches a system service. The OCA wheels and the addons-path link live outside the
# checkout (STATE_DIR): the checkout is the addon, and Odoo scans every file below an
# addon (a link back to it, or another addon inside it, would be read as ours).
# Override any variable from the environment.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${RUN_DIR:-$ROOT/.run}
STATE_DIR=${STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/after_sales_service/$(printf %s "$ROOT" | sha1sum | cut -c1-10)}
DEPS_DIR=${DEPS_DIR:-$STATE_DIR/deps}
LINK_DIR=${LINK_DIR:-$STATE_DIR/addons}
PGDATA_DIR=${PGDATA_DIR:-$RUN_DIR/pgdata}
PG_SOCKET_DIR=${PG_SOCKET_DIR:-$RUN_DIR/pgsocket}
PG_PORT=${PG_PORT:-55432}
PG_USER=${PG_USER:-odoo}
PYTHON=${PYTHON:-python3}
ADDON=after_sales_service

mkdir -p "$RUN_DIR" "$STATE_DIR"

say() { printf '\033[1m[after_sales_service]\033[0m %s\n' "$*"; }

have_odoo() {
    "$PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 18' \
        >/dev/null 2>&1
}

# The addons path: Odoo's own addons, the OCA wheels installed under .deps/, and this
# checkout linked under its technical name.
addons_path() {
    mkdir -p "$LINK_DIR"
    ln -sfn "$ROOT" "$LINK_DIR/$ADDON"
    "$PYTHON" - "$DEPS_DIR" "$LINK_DIR" <<'PY'
import os
import sys

import odoo

pkg = os.path.dirname(odoo.__file__)
paths = [os.path.join(pkg, "addons"), os.path.join(os.path.dirname(pkg), "addons")]
paths += [os.path.join(sys.argv[1], "odoo", "addons"), sys.argv[2]]
print(",".join(p for p in paths if os.path.isdir(p)))
PY
}

# Run a command as the postgres user when we are root (PostgreSQL refuses root).
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Start the private cluster of this checkout (initialising it on first use).
pg_start() {
    local data=$1
    mkdir -p "$PG_SOCKET_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$RUN_DIR" "$PG_SOCKET_DIR"
        [ -d "$data" ] && chown -R postgres "$data"
    fi
    if [ ! -s "$data/PG_VERSION" ]; then
        say "initialising a private PostgreSQL cluster in ${data#"$ROOT"/}"
        as_pg initdb -D "$data" -U "$PG_USER" --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$RUN_DIR/initdb.log" 2>&1 ||
            { cat "$RUN_DIR/initdb.log"; return 1; }
    fi
    if ! as_pg pg_ctl -D "$data" status >/dev/null 2>&1; then
        as_pg pg_ctl -D "$data" -l "$data/server.log" -w -t 60 start \
            -o "-k $PG_SOCKET_DIR -p $PG_PORT -c listen_addresses=''" >/dev/null
    fi
}

pg_stop() {
    local data=$1
    if [ -s "$data/PG_VERSION" ] &&
        as_pg pg_ctl -D "$data" status >/dev/null 2>&1; then
        as_pg pg_ctl -D "$data" -m fast -w stop >/dev/null
    fi
}

odoo_cmd() {
    "$PYTHON" -m odoo "$@" --db_host="$PG_SOCKET_DIR" --db_port="$PG_PORT" \
        --db_user="$PG_USER" --addons-path="$(addons_path)" \
        --data-dir="$RUN_DIR/filestore"
}
