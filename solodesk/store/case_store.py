"""The encrypted case store: one folder with the database and its key slots.

A store folder holds ``cases.db`` (SQLCipher; with ``-wal``/``-shm`` while
open), ``keyslots.json`` (the wrapped keys) and ``keyslots-copy.json`` (its second
copy). Nothing else is written there.
"""

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from solodesk.store import diagnosis, keyslots, migrate, remembered_key, staging, wal_check
from solodesk.store.basics import DB_NAME, SLOTS_NAME, check_passphrase_rules, store_exists
from solodesk.store.engine import open_engine
from solodesk.store.errors import KeyringUnavailableError, StoreExistsError, StoreUnusableError, WalDamagedError
from solodesk.store.keyslots import (
    KEYRING,
    RECOVERY,
    Argon2Params,
    KeySlotFile,
    new_database_key,
    new_recovery_key,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntegrityReport:
    """The result of checking a store.

    Attributes:
        ok: every page authenticated and SQLite found no fault.
        schema_revision: the store's schema revision.
        problems: plain sentences naming each fault found.
    """

    ok: bool
    schema_revision: str | None
    problems: tuple[str, ...]


class CaseStore:
    """An open, unlocked store.

    Use one of the ``create`` / ``open_with_*`` constructors; call :meth:`close`
    (or use it as a context manager) to drop the key and the engine.

    Attributes:
        folder: the store's folder.
    """

    def __init__(self, folder: Path, engine: Engine, key: bytes, slots: KeySlotFile) -> None:
        self.folder = folder
        self._engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = sessionmaker(engine, expire_on_commit=False)
        self._key: bytes | None = key
        self._slots = slots

    # Construction ----------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, kdf: Argon2Params | None = None) -> tuple["CaseStore", str]:
        """Create a new store and return it with its one-time recovery key.

        Raises:
            StoreExistsError: a store is already there.
            ValueError: the passphrase breaks the rules.
        """
        check_passphrase_rules(passphrase)
        folder = Path(folder)
        _clear_abandoned_init(folder)
        if (folder / SLOTS_NAME).exists() or (folder / DB_NAME).exists():
            raise StoreExistsError(f"A store already exists in {folder}.")
        is_new = not folder.exists() or not any(folder.iterdir())
        folder.mkdir(parents=True, exist_ok=True)
        if is_new:
            _restrict_permissions(folder)
        key = new_database_key()
        recovery_key = new_recovery_key()
        # Built beside the folder and moved in complete, so a killed init never leaves half a store.
        with staging.staging_folder(folder, staging.INIT_SUFFIX) as building:
            slots = KeySlotFile.new(building / SLOTS_NAME)
            slots.set_passphrase(passphrase, key, kdf or keyslots.DEFAULT_ARGON2)
            slots.set_recovery_key(recovery_key, key)
            slots.save()
            engine = open_engine(building / DB_NAME, key)
            try:
                migrate.upgrade(engine)
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                engine.dispose()
            # The key file goes last: its presence is what marks a store as existing.
            staging.move_into_place(building, folder, (DB_NAME, keyslots.COPY_NAME, SLOTS_NAME))
        slots = KeySlotFile.load(folder / SLOTS_NAME)
        engine = open_engine(folder / DB_NAME, key)
        log.info("store created")
        return cls(folder, engine, key, slots), recovery_key

    @classmethod
    def exists(cls, folder: Path) -> bool:
        """Return True when a store (its key file) is in the folder."""
        return store_exists(folder)

    @classmethod
    def open_with_passphrase(cls, folder: Path, passphrase: str) -> "CaseStore":
        """Unlock with the passphrase.

        Raises:
            UnlockError: wrong passphrase (nothing on disk is touched).
            StoreUnusableError: missing, corrupt, foreign or newer store.
        """
        slots = KeySlotFile.load(Path(folder) / SLOTS_NAME)
        return cls._open(Path(folder), slots, slots.unlock_with_passphrase(passphrase))

    @classmethod
    def open_with_recovery_key(cls, folder: Path, recovery_key: str) -> "CaseStore":
        """Unlock with the recovery key (then set a new passphrase)."""
        slots = KeySlotFile.load(Path(folder) / SLOTS_NAME)
        return cls._open(Path(folder), slots, slots.unlock_with_recovery_key(recovery_key))

    @classmethod
    def open_with_keyring(cls, folder: Path) -> "CaseStore":
        """Unlock with the key remembered in the OS keyring.

        Raises:
            KeyringUnavailableError: no keyring, or this computer remembers nothing.
        """
        slots = KeySlotFile.load(Path(folder) / SLOTS_NAME)
        if not slots.has(KEYRING):
            raise KeyringUnavailableError("This computer does not remember the key for this store.")
        secret = remembered_key.load_secret(slots.store_id)
        return cls._open(Path(folder), slots, slots.unlock_with_keyring_secret(secret))

    @classmethod
    def remembers_key(cls, folder: Path) -> bool:
        """Return True when the store has a keyring slot (the key may be remembered here)."""
        try:
            return KeySlotFile.load(Path(folder) / SLOTS_NAME).has(KEYRING)
        except StoreUnusableError:
            return False

    @classmethod
    def _open(cls, folder: Path, slots: KeySlotFile, key: bytes) -> "CaseStore":
        db_path = folder / DB_NAME
        if not db_path.is_file():
            raise StoreUnusableError(f"The database file is missing from {folder}.")
        # Before the first connection: SQLite's recovery would silently drop what the damaged log holds.
        wal_report = wal_check.inspect_database_wal(db_path)
        if wal_report.damaged:
            raise WalDamagedError(
                f"{wal_report.sentence()[:-1]}; run `solodesk check --repair` to copy the store aside "
                "and keep what is intact."
            )
        engine = open_engine(db_path, key)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            revision = migrate.current_revision(engine)
            if revision is None:
                raise StoreUnusableError("The database is empty or not a SOLO Desk store.")
            if not migrate.is_known(revision):
                raise StoreUnusableError(
                    "This store was written by a newer version of SOLO Desk; please update SOLO Desk."
                )
            if revision != migrate.head_revision():
                # The safety copy stays until a later open finds the upgrade done (below).
                migrate.keep_copy_before_upgrade(engine, db_path, revision)
                migrate.upgrade(engine)
                log.info("store schema upgraded from %s", revision)
            else:
                # Opened once after a successful upgrade: the copy would now only hold deleted records.
                migrate.remove_copies_before_upgrade(db_path)
        except (DatabaseError, OSError) as exc:
            engine.dispose()
            # Disk full, busy, forbidden, read-only or missing each have their own sentence; only an
            # authentication failure is called damage.
            found = diagnosis.diagnose(exc, [folder])
            if found is None:
                raise
            raise found from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(folder, engine, key, slots)

    # Use -------------------------------------------------------------------

    def __enter__(self) -> "CaseStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        """Return the engine on the encrypted database.

        Raises:
            StoreUnusableError: the store is locked (closed).
        """
        if self._engine is None:
            raise StoreUnusableError("The store is locked.")
        return self._engine

    @property
    def sessions(self) -> "sessionmaker[Session]":
        """Return the session factory.

        Raises:
            StoreUnusableError: the store is locked (closed).
        """
        if self._sessions is None:
            raise StoreUnusableError("The store is locked.")
        return self._sessions

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on error.

        Raises:
            StoreUnusableError: the store is locked (closed).
        """
        with self.sessions.begin() as session:
            yield session

    @property
    def store_id(self) -> str:
        """Return the store's random id."""
        return self._slots.store_id

    @property
    def is_open(self) -> bool:
        """Return True until :meth:`close` drops the key."""
        return self._key is not None

    def close(self) -> None:
        """Checkpoint, dispose the engine and drop every reference to the key.

        The engine's URL carries the key, so the engine itself is dropped too:
        after closing, any use of the store raises instead of quietly reconnecting.
        """
        if self._engine is None:
            return
        try:
            with self._engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except DatabaseError:
            log.warning("checkpoint on close failed")
        self._engine.dispose()
        self._engine = None
        self._sessions = None
        self._key = None

    def _require_key(self) -> bytes:
        if self._key is None:
            raise StoreUnusableError("The store is locked.")
        return self._key

    # Key management ----------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, kdf: Argon2Params | None = None) -> None:
        """Re-wrap the key under a new passphrase; the data is not re-encrypted."""
        check_passphrase_rules(new_passphrase)
        self._slots.set_passphrase(new_passphrase, self._require_key(), kdf or keyslots.DEFAULT_ARGON2)
        self._slots.save()
        log.info("passphrase changed")

    def new_recovery_key(self) -> str:
        """Replace the recovery key and return the new one (shown once)."""
        recovery_key = new_recovery_key()
        self._slots.set_recovery_key(recovery_key, self._require_key())
        self._slots.save()
        return recovery_key

    def remember_on_this_computer(self) -> None:
        """Keep an unlock secret in the OS keyring.

        Raises:
            KeyringUnavailableError: no keyring; the store stays passphrase-only.
        """
        secret = new_database_key()
        remembered_key.save_secret(self.store_id, secret)
        self._slots.set_keyring_secret(secret, self._require_key())
        self._slots.save()

    def forget_on_this_computer(self) -> None:
        """Remove the keyring slot and the keyring entry."""
        remembered_key.forget_secret(self.store_id)
        self._slots.remove(KEYRING)
        self._slots.save()

    def has_recovery_slot(self) -> bool:
        """Return True when a recovery key can unlock this store."""
        return self._slots.has(RECOVERY)

    def write_encrypted_copy(self, db_path: Path) -> None:
        """Copy the database to a new file with SQLite's online backup, under the same key."""
        destination = open_engine(db_path, self._require_key())
        try:
            with self.engine.connect() as source_conn, destination.connect() as target_conn:
                source_raw = source_conn.connection.dbapi_connection
                target_raw = target_conn.connection.dbapi_connection
                source_raw.backup(target_raw)  # type: ignore[union-attr]
        finally:
            destination.dispose()

    # Checks ------------------------------------------------------------------

    def check_integrity(self) -> IntegrityReport:
        """Verify every page's HMAC, SQLite's structure, the schema version and every key slot."""
        problems: list[str] = self._slots.verify(self._require_key())
        try:
            self._run_checks(problems)
        except DatabaseError:
            problems.append("The database could not be read to the end: some pages are damaged.")
            return IntegrityReport(ok=False, schema_revision=None, problems=tuple(problems))
        revision = migrate.current_revision(self.engine)
        if revision != migrate.head_revision():
            problems.append(f"Schema revision {revision} is not the expected {migrate.head_revision()}.")
        return IntegrityReport(ok=not problems, schema_revision=revision, problems=tuple(problems))

    def _run_checks(self, problems: list[str]) -> None:
        with self.engine.connect() as connection:
            cipher_faults = connection.exec_driver_sql("PRAGMA cipher_integrity_check").all()
            if cipher_faults:
                problems.append(f"{len(cipher_faults)} page(s) failed authentication.")
            sqlite_result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").all()]
            if sqlite_result != ["ok"]:
                problems.append(f"SQLite found {len(sqlite_result)} structural fault(s).")
            fk_faults = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if fk_faults:
                problems.append(f"{len(fk_faults)} broken reference(s) between records.")


def _clear_abandoned_init(folder: Path) -> None:
    """Remove what a killed init left beside (and, between its two moves, in) the folder."""
    for leftover in staging.abandoned_staging_folders(folder, staging.INIT_SUFFIX):
        # Its key file still staged but its database already moved in: that database is the
        # killed init's new, empty one, which no key file anywhere else can open.
        moved_database = (leftover / SLOTS_NAME).is_file() and not (leftover / DB_NAME).exists()
        if moved_database and not (folder / SLOTS_NAME).exists():
            (folder / DB_NAME).unlink(missing_ok=True)
        shutil.rmtree(leftover, ignore_errors=True)


def _restrict_permissions(folder: Path) -> None:
    try:
        folder.chmod(0o700)
    except OSError:
        log.info("could not restrict the store folder's permissions")
