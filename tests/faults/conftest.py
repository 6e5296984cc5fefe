"""Fault injection for the fault suite: run an operation in a child process and kill it part-way.

The child is forked from the test process, so it starts in milliseconds with
the test's cheap KDF and temp folders, and it dies by a real ``SIGKILL``: no
``finally`` block, no atexit, no flush — exactly what a crash or power cut leaves.
"""

import itertools
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import Engine, event

from solodesk.store import keyslots
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE

KILLED = "killed"
FINISHED = "finished"
FAILED = "failed"
DISK_FULL = "database or disk is full"

Rows = dict[str, list[tuple[Any, ...]]]


def run_killed_after_statement(operation: Callable[[], object], statement: int) -> str:
    """Run ``operation`` in a child process that SIGKILLs itself right after its Nth SQL statement.

    Returns:
        KILLED when the child died at that statement, FINISHED when the operation
        completed first (it has fewer statements), FAILED when it raised.
    """
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            counter = itertools.count(1)

            def kill_at(*_args: object) -> None:
                if next(counter) == statement:
                    os.kill(os.getpid(), signal.SIGKILL)

            event.listen(Engine, "after_cursor_execute", kill_at)
            operation()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return KILLED
    return FINISHED if os.WEXITSTATUS(status) == 0 else FAILED


def statements_of(operation: Callable[[], object]) -> list[str]:
    """Run ``operation`` here, unharmed, and return the SQL statements it executed, in order."""
    executed: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        executed.append(statement)

    event.listen(Engine, "after_cursor_execute", record)
    try:
        operation()
    finally:
        event.remove(Engine, "after_cursor_execute", record)
    return executed


def kill_points(statements: list[str]) -> list[int]:
    """Choose the statements (1-based) after which to kill: every one, or a cheaper, still faithful subset.

    Killing right after a read leaves the disk as the last write did, so by
    default every statement that writes or changes state is a kill point and
    every fourth read too; ``SOLODESK_FAULTS_FULL=1`` kills after every statement.
    """
    if os.environ.get("SOLODESK_FAULTS_FULL") == "1":
        return list(range(1, len(statements) + 1))
    reads = ("SELECT", "PRAGMA MAIN.", "PRAGMA TEMP.")
    return [
        number
        for number, statement in enumerate(statements, 1)
        if number % 4 == 0 or number in (1, len(statements)) or not statement.lstrip().upper().startswith(reads)
    ]


@pytest.fixture
def disk_full_after_statement() -> Iterator[Callable[[int], None]]:
    """Return a switch making the Nth SQL statement from now fail as SQLite does on a full disk.

    SQLite answers SQLITE_FULL by rolling the whole transaction back itself, so
    the injected failure does that too before raising "database or disk is full".
    ``arm(0)`` disarms it.
    """
    installed: list[Callable[..., None]] = []

    def arm(statement: int) -> None:
        counter = itertools.count(1)

        def fail_at(_connection: object, cursor: Any, *_rest: object) -> None:
            if next(counter) == statement:
                if cursor.connection.in_transaction:
                    cursor.connection.execute("ROLLBACK")
                raise sqlcipher3.dbapi2.OperationalError(DISK_FULL)

        for hook in installed:
            event.remove(Engine, "after_cursor_execute", hook)
        installed.clear()
        if statement:
            installed.append(fail_at)
            event.listen(Engine, "after_cursor_execute", fail_at)

    yield arm
    arm(0)


def read_rows(db_path: Path, key_folder: Path, columns: dict[str, list[str]]) -> Rows:
    """Read the given columns of every row of the given tables, unlocking with the passphrase.

    Args:
        db_path: the database file (a store's, or a safety copy).
        key_folder: the folder whose key file unlocks it.
        columns: table name -> the columns to read.
    """
    key = keyslots.KeySlotFile.load(key_folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(db_path, key)
    try:
        with engine.connect() as connection:
            return {
                table: sorted(
                    tuple(row) for row in connection.exec_driver_sql(f'SELECT {", ".join(names)} FROM "{table}"').all()
                )
                for table, names in columns.items()
            }
    finally:
        engine.dispose()


def table_columns(folder: Path) -> dict[str, list[str]]:
    """Return every table's columns in a store (except Alembic's version table)."""
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with engine.connect() as connection:
            tables = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            ).scalars()
            return {
                table: [row[1] for row in connection.exec_driver_sql(f'PRAGMA table_info("{table}")').all()]
                for table in list(tables)
            }
    finally:
        engine.dispose()
