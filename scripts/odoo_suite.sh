#!/usr/bin/env bash
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The Odoo suite: a throw-away cluster and database, the dependencies installed first,
# then the addon installed with its tests and those of helpdesk_mgmt, the addon it
# extends. Fails on a failed test and on any WARNING,
# ERROR or CRITICAL logged while the addon loads and its tests run (except the lines
# listed in .ci/log-allowlist, each with the reason it is harmless).
# The database is like a Chinese company's own (issue 19): zh_CN loaded with the
# dependencies and made the database's default language (the administrator, the
# company's partner, the default language of new partners) before the addon is
# installed, so that a test inheriting the database's language fails here; the
# tests state the language they read in (tests/common.py, TEST_CONTEXT).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

data="$RUN_DIR/pgtest"
PG_PORT=${TEST_PG_PORT:-55433}
db=after_sales_test
http_port=${TEST_HTTP_PORT:-8169}
log="$RUN_DIR/odoo_suite.log"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; pg_stop "$data"; rm -rf "$data" "$RUN_DIR"/filestore/filestore/"$db"_[12]' EXIT
rm -rf "$data"
pg_start "$data"
echo 0 >"$RUN_DIR/odoo_suite.passed"
echo 1 >"$RUN_DIR/odoo_suite.failed"

deps=$("$PYTHON" -c "import ast;print(','.join(ast.literal_eval(open('__manifest__.py').read())['depends']))")
# l10n_cn is no dependency of the addon; installed here (it loads no chart by itself)
# so that tests/test_chart_cn.py checks the accounts proposed from the Chinese chart.
deps="$deps,l10n_cn"
say "Odoo suite: installing the dependencies ($deps) into a throw-away database"
odoo_cmd -d "$db" -i "$deps" --load-language=zh_CN --stop-after-init \
    --log-level=warn --http-port="$http_port" >"$RUN_DIR/odoo_deps.log" 2>&1 ||
    { tail -50 "$RUN_DIR/odoo_deps.log"; exit 1; }

# zh_CN the database's default language, as Odoo makes it when a database is created
# in Chinese (the database manager's language: res.lang.install_lang and the
# administrator's language): new partners and users, the company's partner, the
# administrator. The suite then runs on a database like a Chinese company's own.
say "Odoo suite: zh_CN the database's default language"
odoo_cmd shell -d "$db" --no-http --log-level=warn >"$RUN_DIR/odoo_lang.log" 2>&1 <<'PY' ||
env["res.lang"]._activate_lang("zh_CN")
env["ir.default"].set("res.partner", "lang", "zh_CN")
env["res.company"].search([]).partner_id.write({"lang": "zh_CN"})
env.ref("base.user_admin").write({"lang": "zh_CN"})
env.cr.commit()
PY
    { tail -50 "$RUN_DIR/odoo_lang.log"; exit 1; }

# What the addon extends must still work: helpdesk_mgmt's own suite runs in the same
# run. Odoo runs the at_install tests of the modules installed or updated by the run
# only, hence `-u helpdesk_mgmt`: its tests run in the install run (with any at_install
# test of ours), once $ADDON is installed with its demo data.
extended=helpdesk_mgmt
say "Odoo suite: installing $ADDON with its demo data, $extended's tests (log: .run/odoo_suite.log)"
set +e
odoo_cmd -d "$db" -i "$ADDON" -u "$extended" --test-enable \
    --test-tags="/$extended,at_install/$ADDON" \
    --stop-after-init --log-level=info --http-port="$http_port" \
    >"$log" 2>&1
rc=$?
set -e

# Our post_install tests run in two shards at once, each on its own copy of the
# installed database (and of its filestore), each its own Odoo process and HTTP port:
# the machine's two cores halve the wall time. Shard 2 runs the classes named here
# (the browser tours, Odoo's own account and stock classes run as ours, the two-cursor
# races, the rights matrix, a few long classes to even the two out); shard 1 runs every other class — a class named nowhere
# runs in shard 1, so no test is lost by forgetting this list.
shard2_classes=(
    TestRoleTours TestDailyWorkTours TestRegisterCallTour TestCallbackTour
    TestFreePartTour TestReportSubmissionTour TestRaces TestRightsMatrix
    TestPortalCustomerTour TestDealerPortalTour
    TestSla TestParts TestCosting TestCallback TestSignoff
    TestOdooCustomerInvoices TestOdooAccountEntries TestOdooStockMoves
    TestOdooStockReturns TestOdooStockWarehouses TestOdooValuationStandard
    TestOdooValuationAverage TestOdooValuationFifo TestOdooLotValuation
)
shard1_tags="/$ADDON"
shard2_tags=""
for cls in "${shard2_classes[@]}"; do
    shard1_tags="$shard1_tags,-/$ADDON:$cls"
    shard2_tags="$shard2_tags${shard2_tags:+,}/$ADDON:$cls"
done
logs=("$log")
if [ "$rc" = 0 ]; then
    for shard in 1 2; do
        sdb="${db}_$shard"
        psql -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$PG_USER" -d postgres \
            -c "CREATE DATABASE $sdb TEMPLATE $db" >/dev/null
        rm -rf "$RUN_DIR/filestore/filestore/$sdb"
        if [ -d "$RUN_DIR/filestore/filestore/$db" ]; then
            cp -a "$RUN_DIR/filestore/filestore/$db" "$RUN_DIR/filestore/filestore/$sdb"
        fi
        slog="$RUN_DIR/odoo_suite.$shard.log"
        logs+=("$slog")
        tags_var="shard${shard}_tags"
        say "Odoo suite: shard $shard of $ADDON's tests (log: .run/odoo_suite.$shard.log)"
        odoo_cmd -d "$sdb" --test-enable --test-tags="${!tags_var}" \
            --stop-after-init --log-level=info \
            --http-port="$((http_port + shard))" >"$slog" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || rc=$?
    done
fi

# The load test's smoke run (issue 24): the day's operations of 4 sessions for 30 s
# against Odoo with workers and cron workers, on a copy of the installed demo
# database; it must end with 0 errors and 0 inconsistencies. Counted as one test.
load_rc=0
load_ran=0
if [ "$rc" = 0 ] && [ "${LOAD_SMOKE:-1}" = 1 ]; then
    load_ran=1
    say "Odoo suite: load test, 4 sessions for 30 s (log: .run/load_test.log)"
    "$PYTHON" scripts/load_test.py "$db" --sessions 4 --seconds 30 \
        --port "$((http_port + 3))" --log "$RUN_DIR/load_test.odoo.log" -- \
        --db_host="$PG_SOCKET_DIR" --db_port="$PG_PORT" --db_user="$PG_USER" \
        --addons-path="$(addons_path)" --data-dir="$RUN_DIR/filestore" \
        >"$RUN_DIR/load_test.log" 2>&1 || load_rc=$?
    grep -v -E ' (INFO|DEBUG) ' "$RUN_DIR/load_test.log" | tail -25 || true
fi

pattern='^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) '
bad=$(cat "${logs[@]}" | grep -E "$pattern" | grep -v -E -f <(grep -v '^#' .ci/log-allowlist | sed '/^$/d') || true)
total=0
nfail=0
nerr=0
missing=0
for one in "${logs[@]}"; do
    result=$(grep -E 'odoo.tests.result: .* tests' "$one" | tail -1 || true)
    echo "${one#"$ROOT"/}: ${result:-no result line}"
    [ -n "$result" ] || missing=1
    n=$(echo "$result" | grep -oE 'of [0-9]+ tests' | grep -oE '[0-9]+' || echo 0)
    f=$(echo "$result" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
    e=$(echo "$result" | grep -oE '[0-9]+ error' | grep -oE '[0-9]+' || echo 0)
    total=$((total + n)) nfail=$((nfail + f)) nerr=$((nerr + e))
done
if [ "$load_ran" = 1 ]; then
    total=$((total + 1))
    [ "$load_rc" = 0 ] || nfail=$((nfail + 1))
fi
echo "$((total - nfail - nerr))" >"$RUN_DIR/odoo_suite.passed"
echo "$((nfail + nerr))" >"$RUN_DIR/odoo_suite.failed"
if [ -n "$bad" ]; then
    say "warnings/errors logged while loading or testing $ADDON:"
    echo "$bad" | head -60
    [ "$((nfail + nerr))" = 0 ] && echo 1 >"$RUN_DIR/odoo_suite.failed"
    exit 1
fi
if [ "$rc" != 0 ] || [ "$load_rc" != 0 ] || [ "$missing" = 1 ] || [ "$total" = 0 ]; then
    say "the Odoo suite failed (exit $rc) or a run gave no result; tails of the logs:"
    for one in "${logs[@]}"; do tail -20 "$one"; done
    exit 1
fi
say "Odoo suite: $total tests, all passed, no warning logged"
