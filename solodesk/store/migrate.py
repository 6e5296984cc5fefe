"""Schema migrations with Alembic, run when a store is opened."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from solodesk.store.errors import StoreUnusableError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest schema revision this version of SOLO Desk knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no migrations shipped")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision a database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_known(revision: str) -> bool:
    """Return True when this version of SOLO Desk knows a revision."""
    script = ScriptDirectory.from_config(_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring a database to a revision (the newest by default).

    Raises:
        StoreUnusableError: the database was written by a newer SOLO Desk.
    """
    current = current_revision(engine)
    if current is not None and not is_known(current):
        raise StoreUnusableError("This store was written by a newer version of SOLO Desk; please update SOLO Desk.")
    with engine.begin() as connection:
        # The sqlite driver opens a transaction only before INSERT/UPDATE/DELETE, so DDL
        # would commit statement by statement; an explicit BEGIN makes every revision
        # run to this target all-or-nothing (SQLite's DDL is transactional).
        connection.exec_driver_sql("BEGIN")
        command.upgrade(_config(connection), target)
