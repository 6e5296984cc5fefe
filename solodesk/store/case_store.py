"""The encrypted case store: one folder with the database and its key slots.

A store folder holds ``cases.db`` (SQLCipher; with ``-wal``/``-shm`` while
open), ``keyslots.json`` (the wrapped keys) and ``keyslots-copy.json`` (its second
copy), and ``store.lock`` while a process has it open for writing (see
:mod:`solodesk.store.writer_lock`). Nothing else is written there.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from solodesk.models.versioned import ACTOR_KEY
from solodesk.secret_memory import key_buffer, wipe
from solodesk.store import diagnosis, keyslots, migrate, remembered_key, staging, wal_check
from solodesk.store.basics import DB_NAME, SLOTS_NAME, check_passphrase_rules, os_user, store_exists
from solodesk.store.engine import open_engine
from solodesk.store.errors import KeyringUnavailableError, StoreExistsError, StoreUnusableError, WalDamagedError
from solodesk.store.key_operations import KeySlotOperations
from solodesk.store.keyslots import (
    KEYRING,
    Argon2Params,
    KeySlotFile,
    new_database_key,
    new_recovery_key,
)
from solodesk.store.writer_lock import StoreReadOnlyError, WriterLock, acquire_for_store, read_only_reason

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


class CaseStore(KeySlotOperations):
    """An open, unlocked store.

    Use one of the ``create`` / ``open_with_*`` constructors; call :meth:`close`
    (or use it as a context manager) to drop the key and the engine.

    A store opened for writing holds the folder's writer lock until closed; one
    opened ``read_only`` (because another process has it) refuses every write.

    Attributes:
        folder: the store's folder.
        read_only_reason: why the store is read-only (None when it is writable).
    """

    def __init__(
        self,
        folder: Path,
        engine: Engine,
        key: bytearray,
        slots: KeySlotFile,
        lock: WriterLock | None = None,
        read_only_reason: str | None = None,
    ) -> None:
        self.folder = folder
        self._engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = sessionmaker(engine, expire_on_commit=False)
        self._key: bytearray | None = key
        self._slots = slots
        self._lock = lock
        self.read_only_reason = read_only_reason

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
        staging.clear_abandoned_init(folder, DB_NAME, SLOTS_NAME)
        if (folder / SLOTS_NAME).exists() or (folder / DB_NAME).exists():
            raise StoreExistsError(f"A store already exists in {folder}.")
        is_new = not folder.exists() or not any(folder.iterdir())
        folder.mkdir(parents=True, exist_ok=True)
        if is_new:
            _restrict_permissions(folder)
        key = key_buffer(new_database_key())
        recovery_key = new_recovery_key()
        # Built beside the folder and moved in complete, so a killed init never leaves half a store.
        with staging.staging_folder(folder, staging.INIT_SUFFIX) as building:
            slots = KeySlotFile.new(building / SLOTS_NAME)
            slots.set_passphrase(passphrase, key, kdf or keyslots.DEFAULT_ARGON2)
            slots.set_recovery_key(recovery_key, key)
            slots.save()
            engine = open_engine(building / DB_NAME, key)
            try:
                migrate.create_schema(engine)
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                engine.dispose()
            # The key file goes last: its presence is what marks a store as existing.
            staging.move_into_place(building, folder, (DB_NAME, keyslots.COPY_NAME, SLOTS_NAME))
        slots = KeySlotFile.load(folder / SLOTS_NAME)
        engine = open_engine(folder / DB_NAME, key)
        log.info("store created")
        try:
            lock = WriterLock.acquire(folder)
        except BaseException:
            engine.dispose()
            raise
        return cls(folder, engine, key, slots, lock), recovery_key

    @classmethod
    def exists(cls, folder: Path) -> bool:
        """Return True when a store (its key file) is in the folder."""
        return store_exists(folder)

    @classmethod
    def open_with_passphrase(
        cls, folder: Path, passphrase: str, *, read_only: bool = False, wait_seconds: float = 0.0
    ) -> "CaseStore":
        """Unlock with the passphrase.

        ``read_only`` opens without the writer lock, refusing every write (a second window
        while another process has the store); ``wait_seconds`` waits for such a process.

        Raises:
            UnlockError: wrong passphrase (nothing on disk is touched).
            StoreInUseError: another process has the store open (and did not close it in time).
            StoreUnusableError: missing, corrupt, foreign or newer store.
        """
        return cls._unlock(
            Path(folder), lambda slots: slots.unlock_with_passphrase(passphrase), read_only, wait_seconds
        )

    @classmethod
    def open_with_recovery_key(cls, folder: Path, recovery_key: str, *, wait_seconds: float = 0.0) -> "CaseStore":
        """Unlock with the recovery key (then set a new passphrase)."""
        return cls._unlock(
            Path(folder), lambda slots: slots.unlock_with_recovery_key(recovery_key), False, wait_seconds
        )

    @classmethod
    def open_with_keyring(cls, folder: Path, *, read_only: bool = False, wait_seconds: float = 0.0) -> "CaseStore":
        """Unlock with the key remembered in the OS keyring.

        Raises:
            KeyringUnavailableError: no keyring, or this computer remembers nothing.
        """

        def unwrap(slots: KeySlotFile) -> bytes:
            if not slots.has(KEYRING):
                raise KeyringUnavailableError("This computer does not remember the key for this store.")
            return slots.unlock_with_keyring_secret(remembered_key.load_secret(slots.store_id))

        return cls._unlock(Path(folder), unwrap, read_only, wait_seconds)

    @classmethod
    def _unlock(
        cls, folder: Path, unwrap: Callable[[KeySlotFile], bytes], read_only: bool, wait_seconds: float
    ) -> "CaseStore":
        # The writer lock is taken before the key file is read, so the slots this process
        # unlocks with are the ones no other process can change while it holds the store.
        lock = None if read_only or not cls.exists(folder) else acquire_for_store(folder, wait_seconds)
        try:
            slots = KeySlotFile.load(folder / SLOTS_NAME)
            store = cls._open(folder, slots, key_buffer(unwrap(slots)), lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store.read_only_reason = read_only_reason(folder) if read_only else None
        return store

    @classmethod
    def remembers_key(cls, folder: Path) -> bool:
        """Return True when the store has a keyring slot (the key may be remembered here)."""
        try:
            return KeySlotFile.load(Path(folder) / SLOTS_NAME).has(KEYRING)
        except StoreUnusableError:
            return False

    @classmethod
    def _open(cls, folder: Path, slots: KeySlotFile, key: bytearray, lock: WriterLock | None) -> "CaseStore":
        """Open the database; ``lock`` None means read-only (no migration, no writes)."""
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
        engine = open_engine(db_path, key, read_only=lock is None)
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
            if revision != migrate.head_revision() and lock is None:
                raise StoreUnusableError(
                    "This store needs an upgrade, which can only be done while no other SOLO Desk has it open."
                )
            if revision != migrate.head_revision():
                # The safety copy stays until a later open finds the upgrade done (below).
                migrate.keep_copy_before_upgrade(engine, db_path, revision)
                migrate.upgrade(engine, store_id=slots.store_id)
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
        return cls(folder, engine, key, slots, lock)

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
            StoreReadOnlyError: the store is open read-only and the session wrote.
        """
        try:
            with self.sessions.begin() as session:
                session.info[ACTOR_KEY] = self.actor  # Stamped on the rows it saves (changed_by).
                yield session
        except DatabaseError as exc:
            if self.read_only_reason is not None and "readonly" in str(exc.orig).lower().replace(" ", ""):
                raise StoreReadOnlyError(self.read_only_reason) from None
            raise

    @property
    def actor(self) -> str:
        """Return who saves through this store: the computer's user, as the audit trail names them."""
        return os_user()

    @property
    def read_only(self) -> bool:
        """Return True when this process may only read the store (another one has it open)."""
        return self.read_only_reason is not None

    @property
    def store_id(self) -> str:
        """Return the store's random id."""
        return self._slots.store_id

    @property
    def location(self) -> str:
        """Return where the store is, as people may see it (its folder)."""
        return str(self.folder)

    @property
    def is_open(self) -> bool:
        """Return True until :meth:`close` drops the key."""
        return self._key is not None

    def close(self) -> None:
        """Checkpoint, dispose the engine, overwrite the key and give up the writer lock.

        The engine keys each new connection from the key buffer, so the engine is
        dropped too: after closing, any use of the store raises instead of quietly
        reconnecting. SQLCipher clears its own copy of the key as each connection closes.
        """
        if self._engine is None:
            return
        try:
            if not self.read_only:
                with self._engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except DatabaseError:
            log.warning("checkpoint on close failed")
        finally:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
            wipe(self._key)
            self._key = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def _require_key(self) -> bytearray:
        if self._key is None:
            raise StoreUnusableError("The store is locked.")
        return self._key

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


def _restrict_permissions(folder: Path) -> None:
    try:
        folder.chmod(0o700)
    except OSError:
        log.info("could not restrict the store folder's permissions")
