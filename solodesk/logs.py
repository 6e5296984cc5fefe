"""Logging set-up: a rotating file in the platform log folder.

Log lines name operations and counts, never case data: callers log ids and
event names only. SQLAlchemy's echo stays off so no statement parameters leak.
"""

import logging
import logging.handlers

from solodesk import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_OURS = "_solodesk_log"  # marks the handler this module added


def configure_logging(level: int = logging.INFO) -> None:
    """Send log records to ``solodesk.log`` in the platform log folder.

    A second call for the same folder (the CLI handing over to the app) changes nothing: one
    file handler is enough.

    Args:
        level: the minimum level written.
    """
    root = logging.getLogger()
    folder = paths.log_dir()
    ours = [handler for handler in root.handlers if getattr(handler, _OURS, None) is not None]
    if any(getattr(handler, _OURS) == folder for handler in ours):
        return
    for stale in ours:  # the log folder moved (another data folder in the same process): follow it
        root.removeHandler(stale)
        stale.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "solodesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # A log folder we cannot write must not stop the chair working: run without a log file.
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    setattr(handler, _OURS, folder)
    root.setLevel(level)
    root.addHandler(handler)
    # Library loggers can include statement parameters; keep them quiet.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
