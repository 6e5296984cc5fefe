"""Fault injection for the fault suite: run an operation in a child process and kill it part-way.

The child is forked from the test process, so it starts in milliseconds with
the test's cheap KDF and temp folders, and it dies by a real ``SIGKILL``: no
``finally`` block, no atexit, no flush — exactly what a crash or power cut leaves.
"""

import contextlib
import errno
import itertools
import os
import shutil
import signal
import subprocess
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


# File-system calls that change what is on disk; each is a step after which a child can be killed.
FILE_CALLS = ("mkdir", "replace", "rename", "fsync", "unlink", "rmdir", "sendfile")
FILE_STEP = "os."


@contextlib.contextmanager
def each_step(on_step: Callable[[str, Any], None]) -> Iterator[None]:
    """Call ``on_step`` after every SQL statement and every file-system change made meanwhile.

    ``on_step`` gets the step — its SQL, or ``os.<call>`` for a file-system
    call — and the DBAPI cursor of a SQL step (None for a file step).
    """

    def sql_step(_connection: object, cursor: Any, statement: str, *_rest: object) -> None:
        on_step(statement, cursor)

    def counted(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            result = call(*args, **kwargs)
            on_step(f"{FILE_STEP}{name}", None)
            return result

        return run

    originals = {name: getattr(os, name) for name in FILE_CALLS}
    event.listen(Engine, "after_cursor_execute", sql_step)
    for name, call in originals.items():
        setattr(os, name, counted(name, call))
    try:
        yield
    finally:
        for name, call in originals.items():
            setattr(os, name, call)
        event.remove(Engine, "after_cursor_execute", sql_step)


def run_killed_after_step(operation: Callable[[], object], step: int) -> str:
    """Run ``operation`` in a child process that SIGKILLs itself right after its Nth step (see :func:`each_step`).

    Returns:
        KILLED when the child died at that step, FINISHED when the operation
        completed first (it has fewer steps), FAILED when it raised.
    """
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            counter = itertools.count(1)

            def kill_at(_step: str, _cursor: Any) -> None:
                if next(counter) == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            with each_step(kill_at):
                operation()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return KILLED
    return FINISHED if os.WEXITSTATUS(status) == 0 else FAILED


def steps_of(operation: Callable[[], object]) -> list[str]:
    """Run ``operation`` here, unharmed, and return its steps (see :func:`each_step`), in order."""
    steps: list[str] = []
    with each_step(lambda step, _cursor: steps.append(step)):
        operation()
    return steps


def kill_points(steps: list[str], sql_stride: int = 16, every_sql_write: bool = True) -> list[int]:
    """Choose the steps (1-based) after which to kill: every one, or a cheaper, still faithful subset.

    By default every file-system change is a kill point, and so is every SQL
    statement that writes or changes state (``every_sql_write``; killing right
    after a read leaves the disk as the last write did), plus the first, the
    last and every ``sql_stride``-th step. ``SOLODESK_FAULTS_FULL=1`` kills
    after every step.
    """
    if os.environ.get("SOLODESK_FAULTS_FULL") == "1":
        return list(range(1, len(steps) + 1))
    reads = ("SELECT", "PRAGMA MAIN.", "PRAGMA TEMP.")
    return [
        number
        for number, step in enumerate(steps, 1)
        if number % sql_stride == 0
        or number in (1, len(steps))
        or step.startswith(FILE_STEP)
        or (every_sql_write and not step.lstrip().upper().startswith(reads))
    ]


@pytest.fixture
def disk_full_after_step() -> Iterator[Callable[[int], None]]:
    """Return a switch making the Nth step from now (see :func:`each_step`) fail as on a full disk.

    A SQL step fails as SQLite does on SQLITE_FULL: the whole transaction is
    rolled back, then "database or disk is full" is raised. A file step raises
    ``OSError(ENOSPC)``. ``arm(0)`` disarms it.
    """
    armed: list[contextlib.ExitStack] = []

    def arm(step: int) -> None:
        for stack in armed:
            stack.close()
        armed.clear()
        if not step:
            return
        counter = itertools.count(1)

        def fail_at(what: str, cursor: Any) -> None:
            if next(counter) != step:
                return
            if cursor is None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), what)
            if cursor.connection.in_transaction:
                cursor.connection.execute("ROLLBACK")
            raise sqlcipher3.dbapi2.OperationalError(DISK_FULL)

        stack = contextlib.ExitStack()
        stack.enter_context(each_step(fail_at))
        armed.append(stack)

    yield arm
    arm(0)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Return the root of a new 2 MiB tmpfs: a disk that really fills up (ENOSPC).

    Mounting needs root (or the capability); elsewhere the test is skipped and
    the injected full-disk failures above stand in for it.
    """
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if result.returncode != 0:
        pytest.skip("a small tmpfs cannot be mounted here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)


def fill_disk(disk: Path, leave_free: int) -> Path:
    """Write a filler file that leaves ``leave_free`` bytes free on ``disk``; return it (unlink to make room)."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave_free))
    return filler


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
