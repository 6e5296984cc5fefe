"""Per-user folders: where the default store and the logs live.

Everything is resolved through platformdirs so that the app behaves like a
native citizen on Linux, Windows and macOS. ``SOLODESK_DATA_DIR`` overrides the
data folder (tests and portable installs use it).
"""

import os
from pathlib import Path

_APP_DIR_NAME = "solodesk"
_ENV_DATA_DIR = "SOLODESK_DATA_DIR"
_ENV_LOG_DIR = "SOLODESK_LOG_DIR"


def data_dir() -> Path:
    """Return the folder for user data (the default store lives here)."""
    override = os.environ.get(_ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs  # only when needed: it costs the lock window's first paint (issue 9)

    return Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    """Return the folder for log files (never holds case data)."""
    override = os.environ.get(_ENV_LOG_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(_APP_DIR_NAME, appauthor=False))


def default_store_path() -> Path:
    """Return the default store folder used when none is given."""
    return data_dir() / "store"


def resources_dir() -> Path:
    """Return the ``resources/`` folder, in a source checkout or a frozen bundle."""
    import sys

    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
