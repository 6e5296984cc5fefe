"""Checking a store whose write-ahead log is damaged, and repairing it.

A damaged log is judged from the files alone (:mod:`solodesk.store.wal_check`),
and the database file is then read through an immutable connection that
ignores the log: nothing is written to a damaged store by ``check``. Repairing
copies the whole store folder aside first, then lets SQLite recover the intact
part of the log and checkpoints it into the database.
"""

import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlcipher3

from solodesk.store.basics import DB_NAME, SLOTS_NAME
from solodesk.store.case_store import IntegrityReport
from solodesk.store.engine import UNREADABLE_ERRORS, open_engine
from solodesk.store.errors import StoreUnusableError
from solodesk.store.keyslots import KeySlotFile
from solodesk.store.wal_check import WalReport, inspect_database_wal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RepairReport:
    """What ``check --repair`` did.

    Attributes:
        copied_to: the folder holding the store as it was, or None when nothing needed repair.
        wal: the write-ahead log as found before repairing.
        key_file_rewritten: the key file was rewritten from its intact copy (or upgraded).
    """

    copied_to: Path | None
    wal: WalReport
    key_file_rewritten: bool

    def lines(self) -> list[str]:
        """Return plain sentences saying what was done."""
        if self.copied_to is None:
            return ["Nothing needed repair."]
        lines = [f"The store as it was has been copied to {self.copied_to}."]
        if self.wal.damaged:
            lines.append(
                f"Kept {self.wal.committed_transactions} intact transaction(s) from the write-ahead log; "
                f"{self.wal.lost_phrase()} could not be recovered."
            )
        if self.key_file_rewritten:
            lines.append("The key file was rewritten from its intact copy.")
        return lines


def check_damaged_wal(folder: Path, passphrase: str) -> IntegrityReport | None:
    """Check a store whose log is damaged without writing to it; None when the log is intact.

    Raises:
        UnlockError: the passphrase is wrong.
        StoreUnusableError: the key file cannot be used.
    """
    wal = inspect_database_wal(folder / DB_NAME)
    if not wal.damaged:
        return None
    slots = KeySlotFile.load(folder / SLOTS_NAME)
    key = slots.unlock_with_passphrase(passphrase)
    problems = [f"{wal.sentence()[:-1]}; `solodesk check --repair` keeps what is intact.", *slots.verify(key)]
    problems.extend(_check_database_file_only(folder / DB_NAME, key))
    return IntegrityReport(ok=False, schema_revision=None, problems=tuple(problems))


def repair_store(folder: Path, passphrase: str) -> RepairReport:
    """Copy the store aside, then keep the intact part of its log and rewrite a damaged key file.

    Raises:
        UnlockError: the passphrase is wrong (nothing is copied or changed).
        StoreUnusableError: the store is in use by another process, or the key file cannot be used.
    """
    slots = KeySlotFile.load(folder / SLOTS_NAME)
    key = slots.unlock_with_passphrase(passphrase)
    wal = inspect_database_wal(folder / DB_NAME)
    if wal.in_use:
        raise StoreUnusableError("The store is open in another SOLO Desk window or command; close it first.")
    rewrite_key_file = slots.restore_from_spares(key) or bool(slots.problems) or slots.legacy
    if not wal.damaged and not rewrite_key_file:
        return RepairReport(copied_to=None, wal=wal, key_file_rewritten=False)
    copied_to = _copy_aside(folder)
    log.warning("store copied aside before repair")
    if wal.damaged:
        engine = open_engine(folder / DB_NAME, bytearray(key))
        try:
            with engine.connect() as connection:
                # The first connection recovers the intact prefix of the log; the checkpoint keeps it.
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").all()
        finally:
            engine.dispose()
    if rewrite_key_file:
        slots.add_missing_macs(key)
        slots.save()
    return RepairReport(copied_to=copied_to, wal=wal, key_file_rewritten=rewrite_key_file)


def _copy_aside(folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder.with_name(f"{folder.name}.before-repair-{stamp}")
    suffix = 1
    while target.exists():
        suffix += 1
        target = folder.with_name(f"{folder.name}.before-repair-{stamp}-{suffix}")
    target.mkdir(mode=0o700)
    for item in sorted(folder.iterdir()):
        if item.is_file() and not item.is_symlink():
            shutil.copy2(item, target / item.name)
    return target


def _check_database_file_only(db_path: Path, key: bytes) -> list[str]:
    """Verify the database file's pages and structure, ignoring the log and writing nothing."""
    connection = sqlcipher3.connect(f"file:{quote(str(db_path))}?immutable=1", uri=True)
    try:
        connection.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        problems = []
        cipher_faults = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        if cipher_faults:
            problems.append(f"{len(cipher_faults)} page(s) failed authentication.")
        result = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems.append(f"SQLite found {len(result)} structural fault(s).")
        return problems
    except UNREADABLE_ERRORS:
        return ["The database could not be read to the end: some pages are damaged."]
    finally:
        connection.close()
