"""Entry script of the frozen SOLO Desk (PyInstaller): the same ``main`` as the ``solodesk`` command."""

import sys

from solodesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
