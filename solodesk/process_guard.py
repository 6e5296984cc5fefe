"""Turning core dumps off: the first thing SOLO Desk does, before any case data can be in memory.

Kept apart from :mod:`solodesk.secret_memory` (which loads ``ctypes`` for the allocator) so the
lock window's start-up pays for nothing else; the allocator is told to overwrite freed memory
once that window is painted, still before anything secret is typed or read (``solodesk.ui.app``).
"""

import contextlib
import sys


def forbid_core_dumps() -> None:
    """Let no crash of this process write its memory to disk."""
    if sys.platform != "win32":
        import resource

        with contextlib.suppress(ValueError, OSError):  # already lower, or not allowed
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
