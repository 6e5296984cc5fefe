"""Say what happened: turn an OS or SQLite failure into a store error with its own sentence.

A full disk, a store busy in another process, a folder SOLO Desk may not write
to, a read-only disk and a missing folder are not damage, and telling a person
"the store is damaged" for them sends them to throw away a good store. Only an
authentication failure (SQLCipher's "file is not a database") or SQLite's own
"malformed" verdict is reported as damage.

SQLite's messages do not say which file was concerned, so when the cause is
ambiguous (cannot open, read-only, disk I/O error) the folders involved are
probed: does the folder exist, is its disk mounted read-only, is it full, may
this process write there.
"""

import errno
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from solodesk.store.errors import (
    DiskFullError,
    DiskIOError,
    MissingFolderError,
    PermissionDeniedError,
    ReadOnlyMediumError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreUnusableError,
)

DAMAGED = "The database file is damaged or is not a SOLO Desk store."
# Below this much free space a disk is taken to be the full one (SQLite grows files by pages and WAL frames).
NEARLY_FULL_BYTES = 1024 * 1024

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# When a driver gives no result code, its message says the same thing.
_MESSAGES = (
    ("database or disk is full", _SQLITE_FULL),
    ("database is locked", _SQLITE_BUSY),
    ("database table is locked", _SQLITE_LOCKED),
    ("attempt to write a readonly database", _SQLITE_READONLY),
    ("unable to open database file", _SQLITE_CANTOPEN),
    ("file is not a database", _SQLITE_NOTADB),
    ("database disk image is malformed", _SQLITE_CORRUPT),
    ("disk i/o error", _SQLITE_IOERR),
)

# The driver's own exceptions (SQLite's online backup raises them unwrapped by SQLAlchemy).
SQLITE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.dbapi2.Error)
# Every exception :func:`diagnose` understands besides a StoreError.
STORAGE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, OSError, *SQLITE_ERRORS)


def disk_full(where: Path, quota: bool = False) -> DiskFullError:
    """Return the error for a disk (or quota) with no room left where ``where`` is."""
    extra = " (your disk quota is used up)" if quota else ""
    return DiskFullError(
        f"There is not enough free space on the disk holding {where}{extra}. "
        "Free some space and try again; nothing already saved was lost."
    )


def busy() -> StoreBusyError:
    """Return the error for a database locked by another process."""
    return StoreBusyError(
        "The store is busy: another program (perhaps another SOLO Desk window) is writing to it. "
        "Try again when it has finished."
    )


def permission_denied(where: Path) -> PermissionDeniedError:
    """Return the error for a file or folder this process may not use."""
    return PermissionDeniedError(f"SOLO Desk is not allowed to use {where}; check its permissions.")


def read_only(where: Path) -> ReadOnlyMediumError:
    """Return the error for a file or folder on a disk mounted read-only."""
    return ReadOnlyMediumError(f"{where} is on a read-only disk, so SOLO Desk cannot write there.")


def missing(where: Path) -> MissingFolderError:
    """Return the error for a folder that is not there."""
    return MissingFolderError(f"{where} does not exist (was a disk removed or a folder moved?).")


def damaged() -> StoreDamagedError:
    """Return the error for a database whose pages fail authentication."""
    return StoreDamagedError(DAMAGED)


def diagnose(exc: BaseException, places: Sequence[Path] = ()) -> StoreError | None:
    """Return the store error that says what happened, or None when ``exc`` is no storage fault.

    Args:
        exc: an ``OSError``, a SQLite or SQLAlchemy database error, or a :class:`StoreError`.
        places: the folders or files the failed work used (store folder first), probed when the
            error itself does not say where the fault is.
    """
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return _from_os_error(exc, places)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return diagnose(exc.orig, places)
    if isinstance(exc, SQLITE_ERRORS):
        return _from_sqlite_error(exc, places)
    return None


def is_storage_fault(exc: BaseException) -> bool:
    """Return True for the kinds of exception :func:`diagnose` understands."""
    return isinstance(exc, (StoreError, *STORAGE_ERRORS))


def _from_os_error(exc: OSError, places: Sequence[Path]) -> StoreError | None:
    code = exc.errno
    # A copy names its source first and its destination second; a full or read-only disk is the destination's.
    written = exc.filename2 if code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) else None
    named = written or exc.filename
    where = Path(os.fsdecode(named)) if named else (places[0] if places else Path.cwd())
    if code in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(_folder_of(where), quota=code == errno.EDQUOT)
    if code in (errno.EACCES, errno.EPERM):
        return permission_denied(where)
    if code == errno.EROFS:
        return read_only(_folder_of(where))
    if code in (errno.ENOENT, errno.ENOTDIR):
        return missing(_missing_part(where))
    if code == errno.EIO:
        return DiskIOError(f"The disk holding {where} reported an error; check the disk, then try again.")
    return None


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    message = str(exc).lower()
    return next((value for text, value in _MESSAGES if text in message), None)


def _from_sqlite_error(exc: BaseException, places: Sequence[Path]) -> StoreError:
    code = _sqlite_code(exc)
    if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return damaged()
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return busy()
    if code == _SQLITE_FULL:
        return disk_full(_fullest(places))
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR, _SQLITE_PERM):
        found = _probe(places)
        if found is not None:
            return found
        if code == _SQLITE_IOERR:
            return DiskIOError("The disk holding the store reported an error; check the disk, then try again.")
        if code in (_SQLITE_READONLY, _SQLITE_PERM):
            return permission_denied(places[0] if places else Path.cwd())
        where = places[0] if places else Path.cwd()
        return StoreUnusableError(f"SOLO Desk cannot open the database in {where}; check the folder's permissions.")
    # Anything else (a schema upgrade that failed, a constraint) is named as SQLite names it: not damage.
    return StoreUnusableError(f"SOLO Desk could not use the store's database (SQLite said: {_first_line(exc)}).")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _folder_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _missing_part(path: Path) -> Path:
    """Return the outermost folder of ``path`` that does not exist (the file itself when only it is missing)."""
    missing_part = path
    for ancestor in path.parents:
        if ancestor.exists():
            break
        missing_part = ancestor
    return missing_part


def _free_bytes(path: Path) -> int | None:
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is None:
        return None
    try:
        stats = os.statvfs(existing)
    except OSError:
        return None
    # root may use the blocks reserved for it; anyone else only the available ones.
    blocks = stats.f_bfree if os.geteuid() == 0 else stats.f_bavail
    return blocks * stats.f_frsize


def _fullest(places: Sequence[Path]) -> Path:
    """Return the place whose disk has the least free space (the store folder when none can be measured)."""
    measured = [(free, index, place) for index, place in enumerate(places) if (free := _free_bytes(place)) is not None]
    if not measured:
        return _folder_of(places[0]) if places else Path.cwd()
    return _folder_of(min(measured)[2])


def _probe(places: Sequence[Path]) -> StoreError | None:
    """Return the first environmental fault found at one of the places, or None."""
    for place in places:
        folder = _folder_of(place) if place.exists() else place.parent
        if not folder.exists():
            return missing(_missing_part(folder))
        try:
            read_only_disk = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except OSError:
            read_only_disk = False
        if read_only_disk:
            return read_only(folder)
        free = _free_bytes(folder)
        if free is not None and free < NEARLY_FULL_BYTES:
            return disk_full(folder)
        if not os.access(folder, os.W_OK | os.X_OK) or (place.is_file() and not os.access(place, os.R_OK | os.W_OK)):
            return permission_denied(place)
    return None
