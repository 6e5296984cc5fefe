#!/usr/bin/env bash
# SOLO Desk set-up and launcher for a fresh Debian machine.
#
#   ./dev.sh run  [solodesk args]   install everything, then start the app on the default store
#   ./dev.sh test [pytest args]     install everything, then run lint, types and every test
#
# Both are idempotent: a second run only re-installs when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# Qt's xcb platform plugin and its offscreen plugin need these shared libraries;
# a bare Debian image lacks several of them.
QT_DEBS=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
         libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1)
# The team-store tests start a throwaway PostgreSQL cluster of their own (tests/pg_server.py):
# initdb and pg_ctl from Debian's postgresql package, run as an unprivileged user.
TEST_DEBS=(poppler-utils postgresql)

need_debs() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { echo "Please install: ${missing[*]}" >&2; return 0; }
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
    for py in python3.11 python3.12 python3.13 python3; do
        if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "$py"; return 0
        fi
    done
    echo "Python 3.11 or newer is needed (apt-get install python3 python3-venv)." >&2
    exit 1
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$(find_python)" -m venv "$VENV"
    fi
    local stamp="$VENV/.deps-stamp"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e '.[test]'
        touch "$stamp"
    fi
}

cmd="${1:-run}"
shift || true
case "$cmd" in
    run)
        need_debs "${QT_DEBS[@]}"
        ensure_venv
        exec "$VENV/bin/solodesk" "$@"
        ;;
    test)
        need_debs "${QT_DEBS[@]}" "${TEST_DEBS[@]}"
        ensure_venv
        export QT_QPA_PLATFORM=offscreen
        # Debian keeps initdb/pg_ctl off PATH; the tests look there too, but say so early when absent.
        compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || command -v pg_ctl >/dev/null \
            || { echo "PostgreSQL is missing: the team-store tests will fail (apt-get install postgresql)." >&2; }
        "$VENV/bin/ruff" check .
        "$VENV/bin/ruff" format --check .
        "$VENV/bin/mypy"
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: ./dev.sh run [solodesk args] | ./dev.sh test [pytest args]" >&2
        exit 2
        ;;
esac
