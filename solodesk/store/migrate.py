"""Schema migrations with Alembic, run when a store is opened.

An upgrade is all-or-nothing: every revision from the store's one to the
target runs inside ONE SQLite transaction that also covers the DDL. The
pysqlite-style driver would otherwise let each ``CREATE``/``ALTER`` commit on
its own (it only opens a transaction before ``INSERT``/``UPDATE``/``DELETE``),
so a crash or a full disk half-way through left a store whose columns already
existed while its version row was still old ("duplicate column" for ever).
"""

import os
import shutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event

from solodesk.store import staging
from solodesk.store.errors import StoreUnusableError

# Where a revision finds the store's id on its connection (see revision 0018).
STORE_ID_KEY = "store_id"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    # Loaded once per process: reading the revision files is most of an open's cost.
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """Return the newest schema revision this version of SOLO Desk knows."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no migrations shipped")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision a database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_known(revision: str) -> bool:
    """Return True when this version of SOLO Desk knows a revision."""
    return any(rev.revision == revision for rev in _scripts().walk_revisions())


def upgrade(engine: Engine, target: str = "head", store_id: str | None = None) -> None:
    """Bring a database to a revision (the newest by default), all or nothing.

    Either every revision up to ``target`` is committed together with the new
    version row, or (crash, full disk, error) nothing is: the database keeps
    its old schema and data and the upgrade can simply be run again.

    Args:
        engine: the store's engine.
        target: the revision to reach.
        store_id: the store's id, for revisions that derive record ids from it (0018).

    Raises:
        StoreUnusableError: the database was written by a newer SOLO Desk.
    """
    current = current_revision(engine)
    if current is not None and not is_known(current):
        raise StoreUnusableError("This store was written by a newer version of SOLO Desk; please update SOLO Desk.")
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        if raw is None:  # pragma: no cover - a checked-out connection always has one
            raise RuntimeError("no database connection")
        previous_level = raw.isolation_level
        connection.info[STORE_ID_KEY] = store_id
        # Take transaction control from the driver (None = it never issues BEGIN
        # itself), then open one write transaction that every DDL statement joins.
        raw.isolation_level = None
        # SQLite's procedure for rebuilding tables (what batch_alter_table does):
        # references are not enforced during the rebuild — else dropping the old
        # table would cascade-delete the rows that point at it — and are checked
        # before committing. The pragma only takes effect outside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        event.listen(connection, "before_cursor_execute", _refuse_outside_transaction)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _run_upgrade(connection, target)
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreUnusableError(
                        "The schema upgrade would break references between records; nothing was changed."
                    )
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
        finally:
            event.remove(connection, "before_cursor_execute", _refuse_outside_transaction)
            try:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
                raw.isolation_level = previous_level
            except Exception:  # noqa: BLE001 - the upgrade's own error, if any, is the one to report
                # Never hand a connection that does not enforce references back to the pool.
                connection.invalidate()


def create_schema(engine: Engine) -> None:
    """Give a new, empty database the newest schema in one transaction, stamped at the head revision.

    The models' tables are created directly rather than by replaying every revision: it gives
    the same schema (a test compares a migrated store with the models) in a tenth of the time,
    so making a store takes no longer as revisions accumulate.
    """
    from solodesk.models import Base  # noqa: PLC0415 - the models are needed only to create a store

    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        connection.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
            " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        connection.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (head_revision(),))


def _run_upgrade(connection: Connection, target: str) -> None:
    """Run Alembic's upgrade to ``target`` on a connection already in a transaction (as ``alembic upgrade``)."""
    scripts = _scripts()

    def revisions_to_run(current: Any, _context: MigrationContext) -> Iterable[Any]:
        return scripts._upgrade_revs(target, current)  # noqa: SLF001 - what alembic.command.upgrade does

    with EnvironmentContext(_config(connection), scripts, fn=revisions_to_run, destination_rev=target):
        scripts.run_env()


def upgrade_in_transaction(connection: Connection, target: str = "head") -> None:
    """Run the revisions to ``target`` in the caller's transaction (a team store; PostgreSQL DDL is transactional)."""
    _run_upgrade(connection, target)


def _refuse_outside_transaction(connection: Connection, _cursor: object, statement: str, *_rest: object) -> None:
    # SQLite rolls a transaction back by itself on some errors (a full disk, for one);
    # a statement run after that would commit on its own, so the upgrade stops instead.
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction and not statement.lstrip().upper().startswith("BEGIN"):
        raise StoreUnusableError("The schema upgrade was interrupted; nothing was changed. Please try again.")


def keep_copy_before_upgrade(engine: Engine, db_path: Path, revision: str) -> Path:
    """Keep an encrypted copy of the database as it was before an upgrade; return its path.

    Written once: an earlier attempt's copy is the one taken before anything
    changed, so a retry keeps it rather than copying the store again. It is
    written under a temporary name and renamed when complete.
    """
    copy = db_path.with_name(f"{db_path.name}.before-{revision}.bak")
    if copy.is_file():
        return copy
    # Checkpoint first so the copy has every committed page (copying a WAL-mode
    # file alone can miss recent writes). The copy is as encrypted as the original.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    partial = copy.with_name(copy.name + ".part")  # a crash leaves only this name, overwritten next time
    try:
        shutil.copy2(db_path, partial)
        staging.fsync_file(partial)
    except BaseException:
        partial.unlink(missing_ok=True)  # e.g. the disk is full: no half copy is left behind
        raise
    os.replace(partial, copy)
    staging.fsync_folder(db_path.parent)
    return copy


def remove_copies_before_upgrade(db_path: Path) -> None:
    """Remove the pre-upgrade copies once the upgraded store has opened (they only hold old records)."""
    for leftover in db_path.parent.glob(f"{db_path.name}.before-*.bak*"):
        leftover.unlink(missing_ok=True)
