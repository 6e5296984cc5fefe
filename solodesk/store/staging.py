"""Build files beside their final place and move them in only when complete.

A killed or failed ``init`` or ``backup`` must never leave something that
looks like a store or a backup but cannot be opened. Both are built in a
hidden sibling folder (``.<name>.init-XXXX`` / ``.<name>.part-XXXX``) and
renamed into place at the end; leftovers from a killed run are cleared by the
next one.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

INIT_SUFFIX = ".init-"
PART_SUFFIX = ".part-"


@contextmanager
def staging_folder(target: Path, suffix: str) -> Iterator[Path]:
    """Yield a new private folder beside ``target``; it is removed on any failure.

    Args:
        target: the final folder the staged files are meant for.
        suffix: :data:`INIT_SUFFIX` or :data:`PART_SUFFIX`, naming what is being built.
    """
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}{suffix}", dir=target.parent))
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def abandoned_staging_folders(target: Path, suffix: str) -> list[Path]:
    """Return the staging folders a killed run left beside ``target``."""
    return sorted(p for p in target.parent.glob(f".{target.name}{suffix}*") if p.is_dir())


def move_into_place(staging: Path, target: Path, names: Sequence[str]) -> None:
    """Make a completely written staging folder's files appear in ``target``, durably.

    When ``target`` is an empty folder the staging folder simply replaces it
    in one rename (POSIX). Otherwise (other files there, or a system that
    cannot rename over a folder) the files are moved in one by one in the
    given order: the last name must be the one whose presence marks the result
    as complete, and the staging folder stays until then, so whoever clears
    leftovers can tell a half-moved result from a complete one.
    """
    for name in names:
        fsync_file(staging / name)
    fsync_folder(staging)
    try:
        os.rename(staging, target)
    except OSError:
        for name in names:
            os.replace(staging / name, target / name)
            fsync_folder(target)
        shutil.rmtree(staging, ignore_errors=True)
    fsync_folder(target.parent)


def rename_folder_into_place(staging: Path, target: Path) -> None:
    """Make a completely written staging folder appear under its final name.

    Raises:
        FileExistsError: something already has that name (it is left alone).
    """
    for path in staging.iterdir():
        fsync_file(path)
    fsync_folder(staging)
    if target.exists() or target.is_symlink():
        raise FileExistsError(17, "File exists", str(target))
    os.rename(staging, target)
    fsync_folder(target.parent)


def fsync_file(path: Path) -> None:
    """Flush a file's contents to the disk."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make renames in a folder durable (POSIX; skipped where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def clear_abandoned_init(folder: Path, db_name: str, slots_name: str) -> None:
    """Remove what a killed init left beside (and, between its two moves, in) the folder."""
    for leftover in abandoned_staging_folders(folder, INIT_SUFFIX):
        # Its key file still staged but its database already moved in: that database is the
        # killed init's new, empty one, which no key file anywhere else can open.
        moved_database = (leftover / slots_name).is_file() and not (leftover / db_name).exists()
        if moved_database and not (folder / slots_name).exists():
            (folder / db_name).unlink(missing_ok=True)
        shutil.rmtree(leftover, ignore_errors=True)
