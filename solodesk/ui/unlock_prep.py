"""What the unlock job readies on its worker thread: the workspace's modules and the register index.

So the UI thread, once the store is open, only builds widgets.
"""

import gc
import importlib
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solodesk.services.register import Register
    from solodesk.store import CaseStore

# Loaded by the unlock job, off the UI thread, before the workspace is built.
AFTER_UNLOCK_MODULES = (
    "solodesk.services.settings_access",
    "solodesk.ui.workspace",
    "solodesk.ui.chair",
    "solodesk.ui.conference_menu",
    "solodesk.ui.pack_menu",
    "solodesk.ui.settings_dialog",
    "solodesk.ui.about_dialog",
    "solodesk.ui.desk",
    "solodesk.ui.resume",
)


def _import_after_unlock_modules() -> None:
    for name in AFTER_UNLOCK_MODULES:
        importlib.import_module(name)


class PreparedWorkspace:
    """What the unlock job readies off the UI thread for the store it opened."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: tuple[CaseStore, Register] | None = None

    def prepare(self, store: "CaseStore") -> None:
        """Load the workspace's modules and build the register's index (worker thread)."""
        _import_after_unlock_modules()
        # The modules just loaded are most of the heap and live for good: keeping them out of
        # full garbage collections keeps those (which hold every thread) short. Undone on lock.
        gc.freeze()
        from solodesk.services.register import PAGE_SIZE, RegisterFilter, open_register

        register = open_register(store)
        register.rows(register.search(RegisterFilter())[:PAGE_SIZE])  # compiles the queries the table runs
        with self._lock:
            self._ready = (store, register)

    def take(self, store: "CaseStore") -> "Register | None":
        """Return the register built for this store, once."""
        with self._lock:
            ready, self._ready = self._ready, None
        return ready[1] if ready is not None and ready[0] is store else None
