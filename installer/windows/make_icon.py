"""Make ``installer/windows/solodesk.ico`` from ``resources/icons/solodesk.png`` (Pillow).

The .ico is committed (it is small); run this again only when the PNG changes:

    .venv/bin/python installer/windows/make_icon.py
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def main() -> None:
    """Write the multi-size Windows icon next to this script."""
    source = Image.open(ROOT / "resources" / "icons" / "solodesk.png").convert("RGBA")
    target = Path(__file__).with_name("solodesk.ico")
    source.save(target, format="ICO", sizes=SIZES)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
