"""What the About dialog shows: versions of the parts SOLO Desk is built from (no Qt here)."""

import platform
from dataclasses import dataclass
from functools import cache

import sqlcipher3

from solodesk import APP_NAME, __version__, paths

DESCRIPTION = (
    f"{APP_NAME} is the chair's tool for multi-agency risk management case conferences. It keeps an "
    "encrypted case store on this computer, walks the conference through the fixed agenda, and "
    "produces the minute, one copy per recipient. Nothing is ever sent over a network."
)
FONT_NOTE = (
    "Minutes are printed in DejaVu Sans, embedded in every PDF. DejaVu fonts are free software "
    "(Bitstream Vera licence, with DejaVu changes in the public domain)."
)


@dataclass(frozen=True)
class RuntimeVersions:
    """Versions of SOLO Desk and the libraries under it.

    Attributes:
        app: SOLO Desk's own version.
        python: the Python interpreter's version.
        sqlcipher: SQLCipher's version (as SQLCipher reports it).
        sqlite: the SQLite version SQLCipher is built on.
    """

    app: str
    python: str
    sqlcipher: str
    sqlite: str


@cache
def runtime_versions() -> RuntimeVersions:
    """Return the versions of SOLO Desk, Python and SQLCipher in use."""
    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
        sqlcipher = str(row[0]) if row else "unknown"
    finally:
        connection.close()
    return RuntimeVersions(
        app=__version__, python=platform.python_version(), sqlcipher=sqlcipher, sqlite=sqlcipher3.sqlite_version
    )


def font_licence_text() -> str:
    """Return the full DejaVu font licence shipped in ``resources/fonts``."""
    return (paths.resources_dir() / "fonts" / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
