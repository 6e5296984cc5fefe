"""A damaged write-ahead log never silently drops committed work.

A child process commits transactions and is SIGKILLed before any checkpoint, so they
live only in ``cases.db-wal``. The log is then damaged (a flipped byte, or cut short)
at many offsets. For every trial: opening refuses with one sentence offering
``solodesk check --repair``; ``check`` exits 4 naming how many committed transactions
would be lost and leaves every file byte-for-byte as it was; the number it names is
what SQLite's own recovery really drops (measured on a scratch copy).
"""

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from solodesk.__main__ import main
from solodesk.models import Subject
from solodesk.store import CaseStore
from solodesk.store.engine import open_engine
from solodesk.store.errors import WalDamagedError
from solodesk.store.keyslots import KeySlotFile
from solodesk.store.wal_check import inspect_database_wal
from solodesk.store.writer_lock import LOCK_NAME
from tests.faults.wal_writer import PASSPHRASE
from tests.helpers.files import snapshot as _whole_snapshot

WRITTEN = 6  # transactions the child commits, one subject each


@pytest.fixture(scope="module")
def killed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose last WRITTEN transactions are only in its write-ahead log."""
    folder = tmp_path_factory.mktemp("killed") / "store"
    child = subprocess.run(
        [sys.executable, "-m", "tests.faults.wal_writer", str(folder), str(WRITTEN)], timeout=120, check=False
    )
    assert child.returncode == -signal.SIGKILL
    assert (folder / "cases.db-wal").stat().st_size > 0
    return folder


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)


def _subjects_sqlite_recovers(folder: Path, scratch: Path) -> int:
    """Return how many subjects SQLite's own recovery keeps (on a scratch copy)."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(folder, scratch)
    key = KeySlotFile.load(scratch / "keyslots.json").unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(scratch / "cases.db", key)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Subject)).scalar_one())
    finally:
        engine.dispose()


def _damages(wal_size: int) -> list[tuple[str, int]]:
    flips = [("flip", offset) for offset in (*range(0, 32, 4), *range(40, wal_size, 2_111))]
    cuts = [("cut", size) for size in (0, 1, 31, 32, 32 + 24, *range(100, wal_size, 4_999), wal_size - 1)]
    return flips + cuts


def _damage(wal: Path, kind: str, offset: int) -> None:
    data = bytearray(wal.read_bytes())
    if kind == "flip":
        data[offset] ^= 0x20
    else:
        del data[offset:]
    wal.write_bytes(bytes(data))


def _named_loss(message: str) -> tuple[int, bool]:
    """Return (count, is_lower_bound) from "... N committed transaction(s) ..."."""
    words = message.split(" committed transaction(s)")[0].split()
    return int(words[-1]), len(words) > 1 and words[-2] == "least"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of the store but the writer lock (a killed writer's stale lock is cleared by the next open)."""
    return {name: digest for name, digest in _whole_snapshot(folder).items() if name != LOCK_NAME}


def test_every_damaged_log_is_refused_and_checked_without_writing(
    killed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Flips and cuts across the log: refused on open, reported by check, nothing written."""
    wal_size = (killed_store / "cases.db-wal").stat().st_size
    failures = []
    for kind, offset in _damages(wal_size):
        folder = tmp_path / "trial"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(killed_store, folder)
        _damage(folder / "cases.db-wal", kind, offset)
        lost = WRITTEN - _subjects_sqlite_recovers(folder, tmp_path / "scratch")
        assert lost > 0, f"{kind}@{offset} should lose committed work"
        before = snapshot(folder)
        try:
            CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
            failures.append(f"{kind}@{offset}: opened a log that loses {lost}")
            continue
        except WalDamagedError as exc:
            message = str(exc)
        assert "solodesk check --repair" in message and message.count(". ") == 0
        code = main(["check", "--store", str(folder)])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        named, lower_bound = _named_loss(err)
        if code != 4 or not (named == lost or (lower_bound and named <= lost)):
            failures.append(f"{kind}@{offset}: check exit {code}, named {named}, SQLite loses {lost}")
        if snapshot(folder) != before:
            failures.append(f"{kind}@{offset}: a refused open or check changed the store")
    assert failures == []


@pytest.mark.parametrize(("kind", "offset"), [("flip", 40_000), ("flip", 12), ("cut", 60_000)])
def test_repair_copies_aside_then_keeps_the_intact_transactions(
    killed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, offset: int
) -> None:
    """`check --repair` copies the store aside (saying where), keeps what is intact, and the store opens."""
    folder = tmp_path / "store"
    shutil.copytree(killed_store, folder)
    _damage(folder / "cases.db-wal", kind, offset)
    kept = _subjects_sqlite_recovers(folder, tmp_path / "scratch")
    damaged = snapshot(folder)
    code = main(["check", "--repair", "--store", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0, err
    copied_line = next(line for line in out.splitlines() if "copied to" in line)
    aside = Path(copied_line.split("copied to ", 1)[1].rstrip("."))
    assert snapshot(aside) == damaged
    assert "could not be recovered" in out and out.rstrip().splitlines()[-1].startswith("OK:")
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        names = [subject.surname for subject in session.scalars(select(Subject).order_by(Subject.id))]
    assert names == [f"Number {n}" for n in range(1, kept + 1)]


def test_an_intact_log_opens_with_every_committed_transaction(killed_store: Path, tmp_path: Path) -> None:
    """No false alarm: the killed writer's intact log opens and keeps all its transactions."""
    folder = tmp_path / "store"
    shutil.copytree(killed_store, folder)
    assert inspect_database_wal(folder / "cases.db").committed_transactions == WRITTEN
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        assert session.scalar(select(func.count()).select_from(Subject)) == WRITTEN


def test_a_restarted_log_with_stale_frames_is_not_damage(store: CaseStore) -> None:
    """After a checkpoint restarts the log, old frames left past its end are not mistaken for damage."""
    for number in range(8):
        with store.session() as session:
            session.add(Subject(forenames="Zoë", surname=f"{number}" + "x" * 3_000))
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)").all()
    with store.session() as session:
        session.add(Subject(forenames="Nguyễn", surname="After"))
    report = inspect_database_wal(store.folder / "cases.db")
    assert not report.damaged and report.committed_transactions == 1


def test_damage_is_found_without_the_shared_memory_file(killed_store: Path, tmp_path: Path) -> None:
    """A store copied without its -shm file: a flipped byte is still caught by the checksums."""
    folder = tmp_path / "store"
    shutil.copytree(killed_store, folder)
    (folder / "cases.db-shm").unlink()
    _damage(folder / "cases.db-wal", "flip", 50_000)
    with pytest.raises(WalDamagedError, match="committed transaction"):
        CaseStore.open_with_passphrase(folder, PASSPHRASE)
