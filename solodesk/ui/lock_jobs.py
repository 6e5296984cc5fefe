"""The lock screen's background work: opening, creating and probing a store off the UI thread.

Plain functions (no widgets): :mod:`solodesk.ui.lock_screen` runs them as jobs.
They import the store's libraries only when they need them, so the lock window
can be painted before SQLAlchemy and Alembic are loaded.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from solodesk.store.basics import store_exists
from solodesk.store.errors import KeyringUnavailableError

if TYPE_CHECKING:
    from solodesk.store import CaseStore


def keyring_state(folder: Path) -> tuple[bool, bool]:
    """Return (a keyring is available, this store has a keyring slot)."""
    from solodesk.store.remembered_key import keyring_available

    if not keyring_available():
        return False, False
    return True, remembers_key(folder)


def remembers_key(folder: Path) -> bool:
    """Return True when the store has a keyring slot.

    Reads the key file only (as ``CaseStore.remembers_key`` does), so the database
    libraries are not loaded before someone unlocks.
    """
    from solodesk.store.basics import SLOTS_NAME
    from solodesk.store.errors import StoreUnusableError
    from solodesk.store.keyslots import KEYRING, KeySlotFile

    if not store_exists(folder):
        return False
    try:
        return KeySlotFile.load(Path(folder) / SLOTS_NAME).has(KEYRING)
    except StoreUnusableError:
        return False


def apply_remember_choice(store: "CaseStore", remember: bool) -> str:
    """Remember or forget the key on this computer; return a warning sentence, or ''."""
    from solodesk.store import CaseStore

    try:
        if remember:
            store.remember_on_this_computer()
        elif CaseStore.remembers_key(store.folder):
            store.forget_on_this_computer()
    except KeyringUnavailableError as exc:
        return str(exc)
    return ""


def warmed(store: "CaseStore", warm_up: "Callable[[CaseStore], None] | None") -> "CaseStore":
    """Run the window's warm-up on the freshly opened store; close the store if it fails."""
    if warm_up is not None:
        try:
            warm_up(store)
        except BaseException:
            store.close()
            raise
    return store


def close_store(store: "CaseStore | None") -> None:
    """Close a store opened by a job that was cancelled (the window locked meanwhile)."""
    if store is not None:
        store.close()


def writable_or_read_only(open_store: "Callable[[bool], CaseStore]") -> "CaseStore":
    """Open for writing, or read-only when another SOLO Desk process has the store."""
    from solodesk.store.writer_lock import StoreInUseError

    try:
        return open_store(False)
    except StoreInUseError:
        return open_store(True)
