"""``init`` and ``backup`` killed at any step leave nothing half-made, and a retry works.

Each is run in a child killed right after one of its SQL statements or file
changes (see ``kill_points``). Afterwards there is either nothing that looks
like a store / a backup, or a complete one that opens with the passphrase;
``check`` and a second ``init`` / ``backup`` agree with what is there, and the
retry clears the hidden leftovers of the killed run.
"""

import shutil
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy.exc import DatabaseError

from solodesk.__main__ import main
from solodesk.services.demo import load_demo
from solodesk.services.summary import StoreSummary, summarise_store
from solodesk.store import CaseStore
from solodesk.store.backup import BACKUP_PREFIX, backup_store
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.errors import StoreError, StoreExistsError
from solodesk.store.keyslots import COPY_NAME
from tests.conftest import PASSPHRASE
from tests.faults.conftest import FILE_STEP, KILLED, fill_disk, kill_points, run_killed_after_step, steps_of

KILLED_BACKUP_TIME = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
# What a full disk may raise on the way out of init or backup (the CLI words them; see test_cli_robustness).
FULL_DISK_ERRORS = (StoreError, OSError, DatabaseError, sqlcipher3.dbapi2.DatabaseError)


@pytest.fixture(autouse=True)
def passphrase_for_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)


def _init(folder: Path) -> None:
    CaseStore.create(folder, PASSPHRASE)[0].close()


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


USER_FILE = "notes.txt"


@pytest.mark.parametrize("before", ["no-folder", "empty-folder", "folder-with-a-file"])
def test_init_killed_at_any_step_leaves_no_half_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str
) -> None:
    """No kill leaves a store that cannot open; check and a second init agree with what is there."""

    def store_folder(name: str) -> Path:
        folder = tmp_path / name / "store"
        folder.parent.mkdir()
        if before != "no-folder":  # e.g. the default data folder, made by something else
            folder.mkdir()
        if before == "folder-with-a-file":
            (folder / USER_FILE).write_text("the user's own file")
        return folder

    steps = steps_of(partial(_init, store_folder("rehearsal")))
    # The SQL of an init all runs in the hidden staging folder, so a sparse sample of it will do;
    # where only the folder differs, the steps before the moves into it are the same as with no folder.
    points = kill_points(steps, sql_stride=40, every_sql_write=False)
    if before != "no-folder":
        schema_done = max(n for n, step in enumerate(steps, 1) if "alembic_version" in step)
        points = [n for n in points if n > schema_done]
    assert sum(steps[n - 1].startswith(FILE_STEP) for n in points) >= 4
    trials = survived = complete = half_moved_seen = 0
    for step in points:
        folder = store_folder(f"killed-{step}")
        assert run_killed_after_step(partial(_init, folder), step) == KILLED, f"step {step}: {steps[step - 1][:60]}"
        trials += 1
        present = sorted(p.name for p in folder.iterdir() if p.name != USER_FILE) if folder.exists() else []
        if CaseStore.exists(folder):  # killed after the store was complete
            # Killed while it was open, maybe: SQLite's own journal files may be there too.
            assert (
                {DB_NAME, COPY_NAME, SLOTS_NAME}
                <= set(present)
                <= {
                    DB_NAME,
                    COPY_NAME,
                    SLOTS_NAME,
                    f"{DB_NAME}-wal",
                    f"{DB_NAME}-shm",
                }
            )
            assert _cli(capsys, "check", "--store", str(folder))[0] == 0
            complete += 1
        else:
            # Into a folder with other files the two files move one by one; killed between the
            # moves, the database waits there while its key file is still in the staging folder.
            half_moved = before == "folder-with-a-file" and present in ([DB_NAME], [DB_NAME, COPY_NAME])
            assert present == [] or half_moved, f"step {step} left {present}"
            if half_moved:
                half_moved_seen += 1
                staged = [p.name for p in folder.parent.glob(".store.init-*/*")]
                assert SLOTS_NAME in staged
            code, err = _cli(capsys, "check", "--store", str(folder))
            assert code != 0 and "There is no SOLO Desk store" in err
            assert _cli(capsys, "init", "--store", str(folder))[0] == 0
            assert _cli(capsys, "check", "--store", str(folder))[0] == 0
            assert _hidden_leftovers(folder.parent) == []  # the retry cleared the killed init's staging folder
        assert sorted(p.name for p in folder.iterdir() if p.name != USER_FILE) == [DB_NAME, COPY_NAME, SLOTS_NAME]
        if before == "folder-with-a-file":
            assert (folder / USER_FILE).read_text() == "the user's own file"
        survived += 1
        shutil.rmtree(folder.parent)
    print(f"\nfaults: init_kills[{before}] steps={len(steps)} trials={trials} complete={complete} survived={survived}")
    assert survived == trials
    assert (half_moved_seen > 0) == (before == "folder-with-a-file")


def test_a_database_a_killed_init_did_not_move_is_kept(tmp_path: Path) -> None:
    """A leftover staging folder still holding its own database says nothing about the one in the folder."""
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"a database from elsewhere")
    leftover = tmp_path / ".store.init-abc123"
    leftover.mkdir()
    (leftover / DB_NAME).write_bytes(b"the killed init's database")
    (leftover / SLOTS_NAME).write_text("{}")
    with pytest.raises(StoreExistsError):
        CaseStore.create(folder, PASSPHRASE)
    assert (folder / DB_NAME).read_bytes() == b"a database from elsewhere"
    assert not leftover.exists()


@pytest.fixture
def demo_store(tmp_path: Path) -> tuple[Path, StoreSummary]:
    """Return a closed store folder holding the demo case, and what it holds."""
    folder = tmp_path / "store"
    store, _recovery_key = CaseStore.create(folder, PASSPHRASE)
    with store, store.session() as session:
        load_demo(session)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        return folder, summarise_store(store)


def _backup(folder: Path, out: Path) -> None:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        backup_store(store, out, now=KILLED_BACKUP_TIME)


def _summary(folder: Path) -> StoreSummary:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert store.check_integrity().ok
        return summarise_store(store)


def test_backup_killed_at_any_step_leaves_no_half_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_store: tuple[Path, StoreSummary]
) -> None:
    """Every folder named like a backup opens with everything; the retry works and clears the leftovers."""
    folder, holds = demo_store
    steps = steps_of(partial(_backup, folder, tmp_path / "rehearsal"))
    trials = survived = complete = 0
    for step in kill_points(steps):
        out = tmp_path / f"out-{step}"
        assert run_killed_after_step(partial(_backup, folder, out), step) == KILLED, steps[step - 1][:60]
        trials += 1
        named_like_backups = sorted(out.glob(f"{BACKUP_PREFIX}*")) if out.exists() else []
        assert len(named_like_backups) <= 1
        for backup in named_like_backups:  # killed after the backup was complete
            assert _summary(backup) == holds
            complete += 1
        assert _summary(folder) == holds  # the store itself is untouched
        code, _err = _cli(capsys, "backup", "--store", str(folder), "--out", str(out))
        assert code == 0
        assert _hidden_leftovers(out) == []
        fresh = [p for p in out.glob(f"{BACKUP_PREFIX}*") if p not in named_like_backups]
        assert len(fresh) == 1 and _summary(fresh[0]) == holds
        survived += 1
        shutil.rmtree(out)
    print(f"\nfaults: backup_kills steps={len(steps)} trials={trials} complete={complete} survived={survived}")
    assert trials >= 10 and survived == trials


def test_init_on_a_really_full_disk_leaves_no_half_store(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On a tmpfs of 2 MiB with 0, 128, …, 1920 KiB free, init makes a whole store or nothing; with room, it works."""
    trials = survived = made = 0
    folder = small_disk / "store"
    for free_kib in range(0, 2048, 128):  # a new store's schema (every revision, 20 by 0020) needs room
        filler = fill_disk(small_disk, free_kib * 1024)
        try:
            _init(folder)
        except FULL_DISK_ERRORS:
            assert not folder.exists() or list(folder.iterdir()) == []
        else:
            made += 1
        filler.unlink()
        trials += 1
        assert _hidden_leftovers(small_disk) == []
        if not CaseStore.exists(folder):
            assert _cli(capsys, "init", "--store", str(folder))[0] == 0
        assert _cli(capsys, "check", "--store", str(folder))[0] == 0
        survived += 1
        shutil.rmtree(folder)
    print(f"\nfaults: init_full_tmpfs trials={trials} made={made} survived={survived}")
    assert made and made < trials and survived == trials


def test_backup_on_a_really_full_disk_leaves_no_half_backup(
    small_disk: Path, capsys: pytest.CaptureFixture[str], demo_store: tuple[Path, StoreSummary]
) -> None:
    """Backups into a tmpfs with 0, 64, …, 960 KiB free: a whole backup or nothing; with room, backup works."""
    folder, holds = demo_store
    out = small_disk / "out"
    trials = survived = made = 0
    for free_kib in range(0, 1024, 64):
        out.mkdir()
        filler = fill_disk(small_disk, free_kib * 1024)
        try:
            _backup(folder, out)
        except FULL_DISK_ERRORS:
            assert list(out.iterdir()) == []
        else:
            made += 1
        filler.unlink()
        trials += 1
        for backup in out.iterdir():
            assert backup.name.startswith(BACKUP_PREFIX) and _summary(backup) == holds
        assert _summary(folder) == holds
        shutil.rmtree(out)
        survived += 1
    print(f"\nfaults: backup_full_tmpfs trials={trials} made={made} survived={survived}")
    assert made and made < trials and survived == trials
