#!/usr/bin/env bash
# Check the built Linux bundle (dist/solodesk/) the way a user's computer would run it: from a
# shell with no virtualenv and no Python of ours on PATH, a clean environment and an empty HOME.
#
#   installer/check_bundle.sh [BUNDLE_DIR]      (default: dist/solodesk)
#
# Steps: the bundled Qt platform plugins resolve; --version; demo on a temporary store; minutes
# on that store (every printed path must be an existing PDF); the GUI starts offscreen on that
# store and is still running after 5 s (and on X11 via Xvfb, when installed). Prints PASS/FAIL per step; exits 1 when any step fails.
# Slow (it needs a build first): not part of .ci/run or dev.sh test.
set -uo pipefail
cd "$(dirname "$0")/.."

BUNDLE="$(cd "${1:-dist/solodesk}" 2>/dev/null && pwd)" || { echo "FAIL: no bundle; run installer/build_linux.sh" >&2; exit 1; }
EXE="$BUNDLE/solodesk"
[ -x "$EXE" ] || { echo "FAIL: $EXE is missing; run installer/build_linux.sh" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
STORE="$tmp/store"
OUT="$tmp/minutes"
PASSPHRASE="bundle check passphrase $(date +%s)"
failures=0

# The clean environment every step runs in: only the system's PATH, a throw-away HOME.
run_clean() {
    env -i PATH=/usr/bin:/bin HOME="$tmp/home" SOLODESK_LOG_DIR="$tmp/logs" \
        SOLODESK_PASSPHRASE="$PASSPHRASE" "$@"
}

report() {  # report NAME SECONDS OK [DETAIL]
    if [ "$3" = 0 ]; then
        printf 'PASS  %-36s %5ss\n' "$1" "$2"
    else
        printf 'FAIL  %-36s %5ss  %s\n' "$1" "$2" "${4:-}"
        failures=$((failures + 1))
    fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

mkdir -p "$tmp/home" "$OUT"
echo "Checking $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"

# 1. The Qt platform plugins the app needs are bundled and their libraries resolve on this machine.
t=$(now); ok=0; detail=""
plugins="$BUNDLE/_internal/PySide6/Qt/plugins/platforms"
for plugin in libqoffscreen.so libqxcb.so; do
    if [ ! -f "$plugins/$plugin" ]; then
        ok=1; detail+="$plugin missing; "
    elif LD_LIBRARY_PATH="$BUNDLE/_internal:$BUNDLE/_internal/PySide6/Qt/lib" ldd "$plugins/$plugin" | grep -q "not found"; then
        ok=1; detail+="$plugin has unresolved libraries; "
    fi
done
report "Qt platform plugins (offscreen, xcb)" "$(elapsed "$t")" $ok "$detail"

# 2. --version
t=$(now)
version_out="$(run_clean "$EXE" --version 2>&1)"; rc=$?
expected="SOLO Desk $(sed -n 's/^__version__ = "\(.*\)"/\1/p' solodesk/__init__.py)"
[ $rc = 0 ] && [ "$version_out" = "$expected" ]; report "--version ($expected)" "$(elapsed "$t")" $? "exit $rc: $version_out"

# 3, 4. demo creates the store (SQLCipher, Argon2id, Alembic migrations from files) and adds the
# case; check verifies every page and the schema revision.
t=$(now)
demo_out="$(run_clean "$EXE" demo --store "$STORE" 2>&1)"; rc=$?
[ $rc = 0 ] && grep -q "Added the demo case" <<<"$demo_out"
report "demo --store T" "$(elapsed "$t")" $? "exit $rc: $(tail -1 <<<"$demo_out")"
t=$(now)
check_out="$(run_clean "$EXE" check --store "$STORE" 2>&1)"; rc=$?
[ $rc = 0 ] && grep -q "^OK: schema" <<<"$check_out"
report "check --store T" "$(elapsed "$t")" $? "exit $rc: $(tail -1 <<<"$check_out")"

# 5. minutes: one path per line, each an existing PDF file.
t=$(now); ok=0
minutes_out="$(run_clean "$EXE" minutes --store "$STORE" --conference latest --out "$OUT" 2>"$tmp/minutes.err")"; rc=$?
if [ $rc != 0 ]; then
    ok=1; detail="exit $rc: $(tail -1 "$tmp/minutes.err")"
elif [ -z "$minutes_out" ]; then
    ok=1; detail="printed no path"
else
    count=0
    while IFS= read -r path; do
        count=$((count + 1))
        if [ ! -f "$path" ] || [ "$(head -c 5 "$path")" != "%PDF-" ]; then
            ok=1; detail="not a PDF file: $path"
        fi
    done <<<"$minutes_out"
    [ $ok = 0 ] && detail="$count PDFs"
fi
report "minutes --conference latest" "$(elapsed "$t")" $ok "$detail"
[ $ok = 0 ] && echo "      $detail in $OUT"

# 6. The GUI starts on the store (the lock screen) and is still running 5 s later: offscreen, then
# on a real X server through the bundled xcb plugin when Xvfb is installed (apt-get install xvfb).
start_gui() {  # start_gui NAME LOGFILE ENV-ASSIGNMENTS...
    local name="$1" log="$2"; shift 2
    local t ok=0 detail="" gui rc
    t=$(now)
    : >"$tmp/logs/solodesk.log"
    run_clean "$@" "$EXE" --store "$STORE" >"$log" 2>&1 &
    gui=$!
    sleep 5
    if kill -0 "$gui" 2>/dev/null; then
        if ! grep -q "app started" "$tmp/logs/solodesk.log"; then
            ok=1; detail="running, but the window never opened (no 'app started' in the log)"
        fi
        kill "$gui" 2>/dev/null
        wait "$gui" 2>/dev/null
    else
        wait "$gui"; rc=$?
        ok=1; detail="exited with $rc: $(tail -1 "$log")"
    fi
    report "$name" "$(elapsed "$t")" $ok "$detail"
}
mkdir -p "$tmp/logs"
start_gui "GUI starts offscreen (5 s)" "$tmp/gui-offscreen.log" QT_QPA_PLATFORM=offscreen

if command -v Xvfb >/dev/null; then
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
    xvfb=$!
    for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    start_gui "GUI starts on X11 (xcb, Xvfb) (5 s)" "$tmp/gui-xcb.log" QT_QPA_PLATFORM=xcb DISPLAY=":$(cat "$tmp/display")"
    kill "$xvfb" 2>/dev/null
    wait "$xvfb" 2>/dev/null
else
    echo "SKIP  GUI on X11 (xcb): Xvfb is not installed"
fi

if [ $failures = 0 ]; then
    echo "PASS: every step"
    exit 0
fi
echo "FAIL: $failures step(s) failed"
exit 1
