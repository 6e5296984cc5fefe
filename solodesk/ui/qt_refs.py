"""Keep None alive under a PySide6 build that gives back too few references to it.

PySide6 6.12.0 on CPython 3.11 drops one reference to None each time a void method
is called from Python (``label.setText(...)``) and each time Qt calls a Python
override that returns None (an item model's ``data()`` for a role it does not
serve, on every paint). None's reference count then reaches zero after a few
thousand such calls and the interpreter aborts ("deallocating None") — the desk of
a large store did so while it was being filled. CPython 3.12 made None immortal;
here the same is done once, when the drop is seen, by giving None a reference
count no session can use up.
"""

import sys

from PySide6.QtCore import QObject

_HEADROOM = 1 << 40  # about 10^12 dropped references: millions of years of painting
_pinned = False


def drops_none_references() -> bool:
    """Return True when a void PySide6 call lowers None's reference count."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 4


def pin_none() -> bool:
    """Make None effectively immortal when this PySide6 build drops references to it.

    Returns:
        True when None was pinned (now or by an earlier call).
    """
    global _pinned
    if not _pinned and sys.version_info < (3, 12) and drops_none_references():
        import ctypes  # only where the drop is seen

        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
        _pinned = True
    return _pinned
