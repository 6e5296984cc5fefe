#!/usr/bin/env bash
# Install (or remove) a built SOLO Desk bundle for the current user; no root needed.
#
#   ./install.sh              (from an unpacked solodesk-<version>-linux-x86_64.tar.gz)
#   ./install.sh --uninstall  (the case store in ~/.local/share/solodesk is never touched)
#
# Copies the bundle to ~/.local/opt/solodesk, links ~/.local/bin/solodesk to it (the command line),
# and installs the desktop entry and icons so SOLO Desk appears in the applications menu.
# build_linux.sh copies this script into the bundle as install.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX="$HOME/.local/opt/solodesk"
BIN="$HOME/.local/bin/solodesk"
APP_ID="uk.gov.solodesk.SoloDesk"
DESKTOP="$DATA/applications/$APP_ID.desktop"
ICON_PNG="$DATA/icons/hicolor/256x256/apps/solodesk.png"
ICON_SVG="$DATA/icons/hicolor/scalable/apps/solodesk.svg"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX"
    rm -f "$BIN" "$DESKTOP" "$ICON_PNG" "$ICON_SVG"
    echo "SOLO Desk removed (your case store was not touched)."
    exit 0
fi

[ -x "$HERE/solodesk" ] || { echo "Run this script from the unpacked SOLO Desk folder." >&2; exit 1; }
resources="$HERE/_internal/resources"
rm -rf "$PREFIX"
mkdir -p "$(dirname "$PREFIX")" "$(dirname "$BIN")" "$(dirname "$DESKTOP")" "$(dirname "$ICON_PNG")" \
    "$(dirname "$ICON_SVG")"
cp -a "$HERE" "$PREFIX"
ln -sf "$PREFIX/solodesk" "$BIN"
# The desktop entry starts the installed executable by its full path (~/.local/bin may not be on PATH).
sed "s|^Exec=solodesk|Exec=\"$PREFIX/solodesk\"|" "$resources/$APP_ID.desktop" >"$DESKTOP"
install -m 644 "$resources/icons/solodesk.png" "$ICON_PNG"
install -m 644 "$resources/icons/solodesk.svg" "$ICON_SVG"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "SOLO Desk $("$PREFIX/solodesk" --version | cut -d' ' -f3) installed in $PREFIX."
echo "Start it from the applications menu, or run: $BIN"
