"""Writing output files the user asked for, without replacing or following anything unasked.

An output path is refused, with a sentence, when something is already there
(unless the caller was told to replace it), when it is a symbolic link (dangling
or not) or when it is a special file (a FIFO, a device, a socket). The bytes go
first to a file nobody else can open (mode 0600) in the same folder, are
flushed to the disk, and only then appear under their name with a hard link,
which fails rather than replace anything that appeared meanwhile.

Where the system allows it (Linux, on most disks) the temporary file has no name
at all (``O_TMPFILE``): a run killed half-way leaves nothing in the folder, and
the kernel frees the partial file. Elsewhere it is a hidden
``.solodesk-<random>.part`` file; :func:`remove_leftovers` deletes such files
left by a killed run, and each writer calls it before writing into a folder.
"""

import errno
import os
import secrets
import stat
from pathlib import Path

from solodesk.store import diagnosis
from solodesk.store.errors import StoreError

PART_PREFIX = ".solodesk-"
PART_SUFFIX = ".part"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TMPFILE = getattr(os, "O_TMPFILE", 0)
_unnamed_works = bool(_TMPFILE)


class OutputRefusedError(ValueError):
    """The output path is not a new plain file name; the message says why."""


class OutputExistsError(OutputRefusedError):
    """A file is already at the output path and replacing it was not asked for."""


class UnsafeOutputError(OutputRefusedError):
    """The output path is a symbolic link or a special file, or its folder is not a folder."""


def check_output_path(path: Path, overwrite: bool = False) -> None:
    """Refuse an output path that is not free (or, with ``overwrite``, a plain file).

    Raises:
        OutputExistsError: a file is there and ``overwrite`` is False.
        UnsafeOutputError: a symbolic link, special file or folder is there, or the folder is missing.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _diagnosed(exc, path) from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeOutputError(f"{path} is a symbolic link; SOLO Desk does not write through links.")
        if stat.S_ISDIR(info.st_mode):
            raise UnsafeOutputError(f"{path} is a folder; give a file name.")
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeOutputError(f"{path} is a special file (a pipe, device or socket), not a file to write.")
        if not overwrite:
            raise OutputExistsError(f"{path} already exists; choose another name or use --force.")
    if not path.parent.is_dir():
        raise _diagnosed(FileNotFoundError(errno.ENOENT, "No such folder", str(path.parent)), path)


def write_file(path: Path, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to a new file at ``path`` (mode 0600), completely or not at all; return the path.

    Args:
        path: the output file.
        data: its whole content.
        overwrite: replace a plain file already there (never a link or special file).

    Raises:
        OutputExistsError: a file is there (or appeared while writing) and ``overwrite`` is False.
        UnsafeOutputError: the path is a link, special file or folder.
        StoreError: the disk is full, read-only or forbidden, or the folder is missing (its own sentence).
    """
    path = Path(path)
    check_output_path(path, overwrite)
    remove_leftovers(path.parent)
    try:
        _write(path, data, overwrite)
    except FileExistsError as exc:  # appeared while writing (temporary names are random and exclusive)
        raise OutputExistsError(f"{path} already exists; choose another name or use --force.") from exc
    except OSError as exc:
        raise _diagnosed(exc, path) from exc
    return path


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files a killed writer left in a folder; return what was removed."""
    removed = []
    try:
        candidates = list(Path(folder).glob(f"{PART_PREFIX}*{PART_SUFFIX}"))
    except OSError:
        return []
    for leftover in candidates:
        try:
            if stat.S_ISREG(os.lstat(leftover).st_mode):
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue  # another writer's file just renamed into place, or not ours to remove
    return removed


def _write(path: Path, data: bytes, overwrite: bool) -> None:
    folder = path.parent
    if not (_write_unnamed(path, data, overwrite) or _write_named(path, data, overwrite)):
        raise OSError(errno.EIO, "the file could not be placed", str(path))
    _sync_folder(folder)


def _write_unnamed(path: Path, data: bytes, overwrite: bool) -> bool:
    """Write through a file with no name and link it into place; return False where the system cannot."""
    global _unnamed_works
    handle = _open_unnamed(path.parent) if _unnamed_works else None
    if handle is None:
        return False
    try:
        _write_all(handle, data)
        os.fsync(handle)
        target = path.parent / f"{PART_PREFIX}{secrets.token_hex(8)}{PART_SUFFIX}" if overwrite else path
        try:
            os.link(f"/proc/self/fd/{handle}", target, follow_symlinks=True)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise
            _unnamed_works = False  # e.g. a sandboxed /proc: use a named temporary file from now on
            return False
    finally:
        os.close(handle)
    if overwrite:
        _replace_plain_file(target, path)
    return True


def _write_named(path: Path, data: bytes, overwrite: bool) -> bool:
    temp_name = path.parent / f"{PART_PREFIX}{secrets.token_hex(8)}{PART_SUFFIX}"
    handle = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _CLOEXEC, 0o600)
    try:
        try:
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        if overwrite:
            _replace_plain_file(temp_name, path)
        else:
            _link_no_replace(temp_name, path)
    finally:
        temp_name.unlink(missing_ok=True)
    return True


def _replace_plain_file(temp_name: Path, path: Path) -> None:
    try:
        # Checked again just before: what is there now must still be a plain file (or nothing).
        check_output_path(path, overwrite=True)
        os.replace(temp_name, path)
    finally:
        temp_name.unlink(missing_ok=True)


def _open_unnamed(folder: Path) -> int | None:
    """Return a descriptor of an unnamed file in the folder, or None where the system has none."""
    if not _TMPFILE or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, _TMPFILE | os.O_WRONLY | _CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def _link_no_replace(temp_name: Path, path: Path) -> None:
    try:
        os.link(temp_name, path)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A disk without hard links (FAT): checked just before the rename instead.
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from exc
        os.rename(temp_name, path)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the file itself is already on disk
    finally:
        os.close(descriptor)


def _diagnosed(exc: OSError, path: Path) -> StoreError | OSError:
    return diagnosis.diagnose(exc, [path.parent]) or exc
