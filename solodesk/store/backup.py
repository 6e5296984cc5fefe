"""Backups: a complete, still-encrypted copy of a store folder.

A backup is itself a store folder (database + key file) that opens with the
same passphrase or recovery key. The copy is taken with SQLite's online backup
API on the open, unlocked connection, so it is consistent even while the app
writes, and every page stays encrypted under the same key.

The folder is written under a hidden temporary name and renamed to
``solodesk-backup-<time>`` only when complete, so a killed backup never leaves
a folder named like a backup that cannot be opened; the next backup into the
same place removes such leftovers.
"""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from solodesk.store import staging
from solodesk.store.basics import DB_NAME, SLOTS_NAME
from solodesk.store.case_store import CaseStore
from solodesk.store.errors import StoreExistsError

BACKUP_PREFIX = "solodesk-backup-"


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
    target = Path(destination_parent) / f"{BACKUP_PREFIX}{stamp}"
    if target.exists():
        raise StoreExistsError(f"A backup already exists at {target}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_unfinished_backups(target.parent)
    with staging.staging_folder(target, staging.PART_SUFFIX) as building:
        store.write_encrypted_copy(building / DB_NAME)
        shutil.copy2(store.folder / SLOTS_NAME, building / SLOTS_NAME)
        try:
            staging.rename_folder_into_place(building, target)
        except FileExistsError as exc:
            raise StoreExistsError(f"A backup already exists at {target}.") from exc
    return target


def _remove_unfinished_backups(parent: Path) -> None:
    """Remove the hidden folders of backups that were killed before they were complete."""
    for leftover in parent.glob(f".{BACKUP_PREFIX}*{staging.PART_SUFFIX}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
