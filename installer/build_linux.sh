#!/usr/bin/env bash
# Build the self-contained Linux SOLO Desk: a one-folder bundle in dist/solodesk/.
#
#   installer/build_linux.sh
#
# Creates (once) a build virtualenv in build/venv with only SOLO Desk's run-time dependencies and
# PyInstaller (the `build` extra), so nothing from the test tools leaks into the bundle. Set
# SOLODESK_BUILD_VENV=.venv to reuse the development virtualenv instead.
# Then runs installer/solodesk.spec, packs dist/solodesk-<version>-linux-<arch>.tar.gz (with
# install.sh, a per-user installer) and prints the build time and bundle size.
# Check the result with installer/check_bundle.sh. Too slow for every CI run: not part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${SOLODESK_BUILD_VENV:-build/venv}"

find_python() {
    for py in python3.11 python3.12 python3.13 python3; do
        if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "$py"; return 0
        fi
    done
    echo "Python 3.11 or newer is needed (apt-get install python3 python3-venv)." >&2
    exit 1
}

start=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating the build virtualenv in $VENV"
    "$(find_python)" -m venv "$VENV"
fi
# PyInstaller needs the interpreter's shared libpython (a --enable-shared build, as Debian's is).
"$VENV/bin/python" - <<'EOF'
import sys, sysconfig
if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
    sys.exit("This Python has no shared libpython; PyInstaller cannot bundle it (use Debian's python3).")
EOF
stamp="$VENV/.build-deps-stamp"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing SOLO Desk's dependencies and PyInstaller into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    # Editable: PyInstaller analyses the source tree itself (the spec puts it first on the path).
    "$VENV/bin/python" -m pip install -q -e '.[build]'
    touch "$stamp"
fi

echo "Running PyInstaller"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/solodesk.spec

# The per-user installer goes into the bundle; the bundle is packed as one archive to hand out.
cp installer/install_linux.sh dist/solodesk/install.sh
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' solodesk/__init__.py)
archive="dist/solodesk-${version}-linux-$(uname -m).tar.gz"
tar -C dist -czf "$archive" solodesk

end=$(date +%s)
size=$(du -sh dist/solodesk | cut -f1)
files=$(find dist/solodesk -type f | wc -l)
echo "Built dist/solodesk/solodesk in $((end - start)) s; bundle ${size} in ${files} files."
echo "Archive: $archive ($(du -h "$archive" | cut -f1)); users unpack it and run ./install.sh"
echo "Check it with: installer/check_bundle.sh"
