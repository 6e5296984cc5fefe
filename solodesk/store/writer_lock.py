"""One writer per store: an operating-system file lock next to the database.

The process that opens a store for writing holds an exclusive lock on
``store.lock`` in the store folder for as long as the store is open. The file
holds only the holder's process id and start time, in plain text (no case
data), so a second process can say who has the store. The lock itself is the
kernel's (``flock`` on POSIX, ``msvcrt.locking`` on Windows): when a process
dies, the kernel releases it, so a crash never leaves a store blocked.
"""

import errno
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from solodesk.store.errors import StoreError, StoreUnusableError

LOCK_NAME = "store.lock"
POLL_SECONDS = 0.1
# Windows locks byte ranges and refuses reads of a locked range, so the lock sits past the text.
_WINDOWS_LOCK_OFFSET = 4096


@dataclass(frozen=True)
class LockHolder:
    """Who holds a store open, as written in its lock file.

    Attributes:
        pid: the holder's process id (None when it has not written it yet).
        since: when the holder opened the store, as local time text.
    """

    pid: int | None
    since: str

    def sentence(self) -> str:
        """Return the sentence the user reads."""
        if self.pid is None:
            return "This store is open in SOLO Desk (another process)."
        return f"This store is open in SOLO Desk (process {self.pid} since {self.since})."


class StoreInUseError(StoreError):
    """Another SOLO Desk process has the store open for writing.

    Attributes:
        holder: who has it.
    """

    exit_code = 4

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        super().__init__(holder.sentence())


class StoreReadOnlyError(StoreError):
    """A write was refused: this process opened the store read-only."""

    exit_code = 4

    def __init__(self, reason: str) -> None:
        super().__init__(f"This store is open read-only, so nothing was saved. {reason}")


class WriterLock:
    """The held lock on one store; :meth:`release` gives it up (closing the process does too)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, wait_seconds: float = 0.0) -> "WriterLock":
        """Lock a store folder for writing, waiting up to ``wait_seconds`` for another holder.

        Raises:
            StoreInUseError: another process still holds the store after the wait.
            OSError: the lock file cannot be created (e.g. the folder is read-only).
        """
        path = Path(folder) / LOCK_NAME
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        while True:
            fd = _open_lock_file(path)
            try:
                if _try_lock(fd) and _still_named(fd, path):
                    _write_holder(fd)
                    return cls(path, fd)
                holder = _read_holder(fd)
            except BaseException:
                os.close(fd)  # an open descriptor would keep the lock held by nobody
                raise
            os.close(fd)
            if time.monotonic() >= deadline:
                raise StoreInUseError(holder)
            time.sleep(POLL_SECONDS)

    @property
    def held(self) -> bool:
        """Return True until released."""
        return self._fd is not None

    def release(self) -> None:
        """Give up the lock; the lock file is removed on POSIX (Windows keeps it, unlocked)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform != "win32":
                # Unlinked while still locked: a waiter that opened this file will see it is
                # no longer the named one and retry on a fresh file (see _still_named).
                self.path.unlink(missing_ok=True)
            else:
                _unlock_windows(fd)
        finally:
            os.close(fd)


def current_holder(folder: Path) -> LockHolder | None:
    """Return who holds a store open for writing, or None when nobody does (nothing is written)."""
    path = Path(folder) / LOCK_NAME
    if not path.is_file():
        return None
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if _try_lock(fd):
            if sys.platform == "win32":
                _unlock_windows(fd)
            return None  # closing the file below gives the probe's lock straight back
        return _read_holder(fd)
    finally:
        os.close(fd)


def read_only_reason(folder: Path) -> str:
    """Return the sentence explaining why a store was opened read-only."""
    holder = current_holder(folder)
    return (holder.sentence() if holder else "It was opened read-only.") + " Changes cannot be saved here."


def acquire_for_store(folder: Path, wait_seconds: float) -> WriterLock:
    """Lock a store folder, saying in one sentence when its folder forbids it.

    Raises:
        StoreInUseError: another process has the store.
        StoreUnusableError: the lock file cannot be made (read-only or forbidden folder).
    """
    try:
        return WriterLock.acquire(folder, wait_seconds)
    except OSError as exc:
        # A full disk, a read-only medium or a missing folder each have their own sentence.
        from solodesk.store.diagnosis import diagnose

        raise diagnose(exc, [folder]) or StoreUnusableError(
            f"SOLO Desk cannot write to the store folder {folder}; check its permissions."
        ) from exc


def _open_lock_file(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o600)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock_windows(fd: int) -> None:  # pragma: no cover - Windows only
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _still_named(fd: int, path: Path) -> bool:
    """Return True when the locked file is still the one at ``path`` (not unlinked by its last holder)."""
    if sys.platform == "win32":
        return True
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino)


def _write_holder(fd: int) -> None:
    since = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    text = f"pid {os.getpid()}\nsince {since}\n".encode("ascii")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        os.write(fd, text)
    except OSError as exc:
        # The holder's name is only a courtesy for the "in use" sentence; the lock itself is
        # held, so a full disk must not stop the store opening (the work says "disk full" itself).
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise


def _read_holder(fd: int) -> LockHolder:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 256).decode("ascii", errors="replace")
    except OSError:
        text = ""
    fields = dict(line.split(" ", 1) for line in text.splitlines() if " " in line)
    pid_text = fields.get("pid", "")
    return LockHolder(int(pid_text) if pid_text.isdigit() else None, fields.get("since", "an unknown time"))
