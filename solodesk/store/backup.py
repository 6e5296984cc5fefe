"""Backups: a complete, still-encrypted copy of a store folder.

A backup is itself a store folder (database + key file) that opens with the
same passphrase or recovery key. The copy is taken with SQLite's online backup
API on the open, unlocked connection, so it is consistent even while the app
writes, and every page stays encrypted under the same key.
"""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from solodesk.store.basics import DB_NAME, SLOTS_NAME
from solodesk.store.case_store import CaseStore
from solodesk.store.errors import StoreExistsError


def backup_store(store: CaseStore, destination_parent: Path, now: datetime | None = None) -> Path:
    """Write a backup of an open store into a new folder; return the folder.

    Args:
        store: the open store.
        destination_parent: the folder in which a ``solodesk-backup-<time>`` folder is made.
        now: the time to name the backup by (defaults to now, UTC).

    Raises:
        StoreExistsError: a backup with that name already exists.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    target = Path(destination_parent) / f"solodesk-backup-{stamp}"
    if target.exists():
        raise StoreExistsError(f"A backup already exists at {target}.")
    target.mkdir(parents=True)
    target.chmod(0o700)
    store.write_encrypted_copy(target / DB_NAME)
    shutil.copy2(store.folder / SLOTS_NAME, target / SLOTS_NAME)
    return target
