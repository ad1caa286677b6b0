#!/usr/bin/env bash
# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Install what the README's commands need, once per change of requirements:
# - the OCA addons the manifest depends on (wheels from PyPI, unpacked under .deps/
#   with --no-deps: Odoo itself is the platform, never installed from here);
# - the test and lint tools (requirements-test.txt) into the interpreter that runs Odoo,
#   for `make test` only: `make demo` passes --no-test-tools and leaves that
#   interpreter as it found it;
# - with --system: the Debian packages for tours and PDFs (chromium, wkhtmltopdf,
#   CJK fonts) when they are missing and we may apt-get.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

system=0
test_tools=1
for arg in "$@"; do
    case $arg in
    --system) system=1 ;;
    --no-test-tools) test_tools=0 ;;
    *) say "deps.sh: unknown option $arg"; exit 2 ;;
    esac
done

stamp="$DEPS_DIR/.stamp"
want=$({ cat "$ROOT/requirements-oca.txt"; command -v "$PYTHON"; } | sha1sum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing OCA addons into $DEPS_DIR"
    rm -rf "$DEPS_DIR"
    mkdir -p "$DEPS_DIR"
    "$PYTHON" -m pip install -q --disable-pip-version-check --no-deps \
        --target "$DEPS_DIR" -r "$ROOT/requirements-oca.txt" 2>&1 | grep -v '^WARNING' || true
    [ -d "$DEPS_DIR/odoo/addons/helpdesk_mgmt" ] && [ -d "$DEPS_DIR/odoo/addons/report_xlsx" ] ||
        { say "could not install the OCA addons (see requirements-oca.txt)"; exit 1; }
    echo "$want" >"$stamp"
fi

test_stamp="$STATE_DIR/.test-tools.stamp"
want_test=$({ cat "$ROOT/requirements-test.txt"; command -v "$PYTHON"; } | sha1sum)
if [ "$test_tools" = 1 ] &&
    { [ ! -f "$test_stamp" ] || [ "$(cat "$test_stamp")" != "$want_test" ]; }; then
    say "installing the test tools into $PYTHON"
    "$PYTHON" -m pip install -q --disable-pip-version-check \
        -r "$ROOT/requirements-test.txt" 2>&1 | grep -v '^WARNING' || true
    echo "$want_test" >"$test_stamp"
fi

if [ "$system" = 1 ]; then
    missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    # (no `fc-list | grep -q`: with pipefail, grep closing early fails the pipe)
    fonts=$(fc-list 2>/dev/null || true)
    grep -qi 'Noto Sans CJK\|Noto Serif CJK' <<<"$fonts" || missing+=(fonts-noto-cjk)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "installing Debian packages: ${missing[*]}"
            apt-get update -qq >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
                >"$RUN_DIR/apt.log" 2>&1 || say "apt-get failed, see .run/apt.log"
        else
            say "missing Debian packages (${missing[*]}): tours/PDF tests may skip"
        fi
    fi
fi
