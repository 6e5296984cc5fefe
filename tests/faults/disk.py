"""A small disk that can be filled: a real 2 MiB tmpfs where this process may mount, else injected ENOSPC.

Tests never skip for want of a mount: without one, every write SOLO Desk makes
under the folder fails as a full disk would make it fail (SQLite's "database or
disk is full" for the database, ENOSPC for plain files).
"""

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import Engine, event

from solodesk import safe_files
from solodesk.store import CaseStore

TMPFS_SIZE = "2m"


class SmallDisk:
    """A folder on a small disk, and ways to fill and empty it.

    Attributes:
        folder: the disk's root folder.
        mode: "tmpfs" (a real mount) or "injected".
    """

    def __init__(self, folder: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.mode = mode
        self._monkeypatch = monkeypatch
        self._ballast = folder / "ballast"
        self._full = False
        self._listener: object | None = None
        self.sqlite_message = "database or disk is full"

    def free_bytes(self) -> int:
        stats = os.statvfs(self.folder)
        return stats.f_bfree * stats.f_frsize

    def fill(self, leave: int = 0) -> None:
        """Fill the disk, leaving about ``leave`` bytes free."""
        if self.mode == "tmpfs":
            size = max(self.free_bytes() - leave, 0)
            with self._ballast.open("wb") as handle:
                try:
                    handle.write(b"\0" * size)
                    handle.flush()
                except OSError:
                    pass
        self._full = True

    def empty(self) -> None:
        """Free the space again."""
        self._ballast.unlink(missing_ok=True)
        self._full = False

    def inject_sqlite_error(self, message: str | None, read_only: bool = False) -> None:
        """Make every statement on a database under the folder fail with SQLite's ``message`` (None: stop)."""
        self.sqlite_message = message or "database or disk is full"
        self._full = message is not None
        if read_only:
            real_statvfs = os.statvfs
            disk = self

            class ReadOnly:
                def __init__(self, real: os.statvfs_result) -> None:
                    self._real = real

                def __getattr__(self, name: str) -> object:
                    if name == "f_flag" and disk._full:
                        return self._real.f_flag | os.ST_RDONLY
                    return getattr(self._real, name)

            self._monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly(real_statvfs(path)))

    def is_full_at(self, path: object) -> bool:
        return self._full and str(path).startswith(str(self.folder))

    def install_injection(self) -> None:
        """Make writes under the folder fail as on a full disk (used when no mount is possible)."""
        disk = self

        def full_statement(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
            database = conn.engine.url.database or ""
            if disk.is_full_at(database):
                raise sqlcipher3.dbapi2.OperationalError(disk.sqlite_message)

        event.listen(Engine, "before_cursor_execute", full_statement)
        self._listener = full_statement
        real_write_all = safe_files._write_all
        real_copy = CaseStore.write_encrypted_copy

        def write_all(handle: int, data: bytes) -> None:
            if disk.is_full_at(os.readlink(f"/proc/self/fd/{handle}")):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_write_all(handle, data)

        def write_encrypted_copy(store: CaseStore, db_path: Path) -> None:
            if disk.is_full_at(db_path):
                raise sqlcipher3.dbapi2.OperationalError("database or disk is full")
            real_copy(store, db_path)

        self._monkeypatch.setattr(safe_files, "_write_all", write_all)
        self._monkeypatch.setattr(CaseStore, "write_encrypted_copy", write_encrypted_copy)

    def close(self) -> None:
        if self._listener is not None:
            event.remove(Engine, "before_cursor_execute", self._listener)
        if self.mode == "tmpfs":
            subprocess.run(["umount", "-l", str(self.folder)], check=False, capture_output=True)


def can_mount(folder: Path) -> bool:
    """Return True when a tmpfs could be mounted on the folder (it is then mounted)."""
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE},mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@contextmanager
def small_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    """Yield a small disk at ``folder``: a real tmpfs if it can be mounted, else an injected one."""
    folder.mkdir(parents=True, exist_ok=True)
    # SOLODESK_FAULTS_INJECT=1 runs the injected variant even where a mount is possible (to test it).
    real = not os.environ.get("SOLODESK_FAULTS_INJECT") and can_mount(folder)
    disk = SmallDisk(folder, "tmpfs" if real else "injected", monkeypatch)
    if disk.mode == "injected":
        disk.install_injection()
    try:
        yield disk
    finally:
        disk.close()
