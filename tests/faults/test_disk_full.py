"""A full disk is reported as a full disk (never as damage, never with a traceback) and loses nothing.

The disk is a real 2 MiB tmpfs where the test may mount one (CI runs as root),
else every write under it fails as on a full disk (see tests/faults/disk.py).
"""

import errno
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from pypdf import PdfReader
from sqlalchemy import func, select

from solodesk.__main__ import main
from solodesk.models import Distribution
from solodesk.services.demo import load_demo
from solodesk.services.packs import read_pack
from solodesk.services.summary import summarise
from solodesk.store import CaseStore, diagnosis
from tests.conftest import PASSPHRASE
from tests.faults.disk import SmallDisk, small_disk

PACK_PASSPHRASE = "pack passphrase for the chair"
FULL = "There is not enough free space on the disk holding"
# Free space left on the output disk: none, a little, some, most of a pack or minute set.
FREE_LEVELS = [0, 96 * 1024, 400 * 1024]


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SmallDisk:
    with small_disk(tmp_path / "disk", monkeypatch) as made:
        yield made


@pytest.fixture(autouse=True)
def secrets_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)


def _demo_store(folder: Path) -> tuple[str, int]:
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store, store.session() as session:
        load_demo(session)
    return _state(folder)


def _state(folder: Path) -> tuple[str, int]:
    """Return the store's summary line and how many copies its distribution log records."""
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert store.check_integrity().ok
        with store.session() as session:
            return summarise(session).line(), session.scalar(select(func.count()).select_from(Distribution)) or 0


def _first_page(path: Path) -> str:
    return PdfReader(path).pages[0].extract_text()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _commands(store: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check": ["check"],
        "demo": ["demo"],
        "backup": ["backup", "--out", str(out)],
        "minutes": ["minutes", "--conference", "latest", "--out", str(out / "minutes")],
        "pack export": ["pack", "export", "--case", "1", "--out", str(out / "leon.solopack")],
        "pack pdf": ["pack", "pdf", "--case", "1", "--recipient", "Zoë Ó Briain", "--out", str(out / "pack.pdf")],
    }


@pytest.mark.parametrize("name", sorted(_commands(Path(), Path())))
def test_a_command_on_a_store_whose_disk_is_full_says_so_and_loses_nothing(
    name: str, disk: SmallDisk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command on a store on a full disk: exit 4, the disk-full sentence, not "damaged"; nothing lost."""
    store = disk.folder / "store"
    before = _demo_store(store)
    disk.fill()
    argv = _commands(store, tmp_path / "out")[name]
    split = 2 if name.startswith("pack") else 1
    code, _, err = _run(capsys, *argv[:split], "--store", str(store), *argv[split:])
    assert code == 4, err
    assert f"{FULL} {store}" in err
    assert "damaged" not in err and "Traceback" not in err
    disk.empty()
    assert _state(store) == before


def test_init_on_a_full_disk_says_so(disk: SmallDisk, capsys: pytest.CaptureFixture[str]) -> None:
    """Creating a store on a full disk names the full disk."""
    disk.fill()
    code, _, err = _run(capsys, "init", "--store", str(disk.folder / "new"))
    assert code == 4, err
    assert FULL in err and "damaged" not in err


@pytest.mark.parametrize("free", FREE_LEVELS)
@pytest.mark.parametrize("name", ["backup", "minutes", "pack export", "pack pdf"])
def test_writing_to_a_nearly_full_disk_is_all_or_nothing(
    name: str, free: int, disk: SmallDisk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output to a nearly full disk: either complete and readable, or the disk-full sentence and no partial file."""
    store = tmp_path / "store"
    before = _demo_store(store)
    out = disk.folder / "out"
    out.mkdir()
    disk.fill(leave=free)
    argv = _commands(store, out)[name]
    split = 2 if name.startswith("pack") else 1
    code, stdout, err = _run(capsys, *argv[:split], "--store", str(store), *argv[split:])
    assert "Traceback" not in err and "damaged" not in err
    if code != 0:
        assert code == 4, err
        assert FULL in err
        # SQLite does not say which file filled the disk: it is found by measuring, which only a real full disk shows.
        assert str(out) in err or (disk.mode == "injected" and name == "backup")
    leftovers = [p for p in out.rglob("*") if p.name.endswith((".part", ".partial"))]
    assert leftovers == []
    disk.empty()
    summary, logged = _state(store)
    assert summary == before[0]
    if name == "minutes":
        copies = sorted((out / "minutes").glob("*.pdf")) if (out / "minutes").exists() else []
        assert logged == len(copies)  # the log and the folder agree, copy for copy
        assert all("Copy for" in _first_page(p) for p in copies)  # every copy left is whole
        assert code != 0 or len(copies) == 9
    elif name.startswith("pack") and code != 0:
        assert not any(out.iterdir())
    elif name == "pack export":
        assert read_pack(out / "leon.solopack", PACK_PASSPHRASE).items
    elif name == "pack pdf":
        assert "Ó Briain" in _first_page(out / "pack.pdf")
    elif name == "backup" and code == 0:
        (backup,) = [Path(line) for line in stdout.splitlines()]
        assert _state(backup)[0] == before[0]


def test_a_read_only_disk_is_named_as_such(disk: SmallDisk, capsys: pytest.CaptureFixture[str]) -> None:
    """A store on a disk mounted read-only: its own sentence, not "damaged"; it still opens once writable."""
    store = disk.folder / "store"
    before = _demo_store(store)
    if disk.mode == "tmpfs":
        subprocess.run(["mount", "-o", "remount,ro", str(disk.folder)], check=True)
    else:  # no mount here: the read-only refusal SQLite gives, injected
        disk.inject_sqlite_error("attempt to write a readonly database", read_only=True)
    code, _, err = _run(capsys, "demo", "--store", str(store))
    assert code == 4, err
    assert "is on a read-only disk, so SOLO Desk cannot write there." in err and "damaged" not in err
    if disk.mode == "tmpfs":
        subprocess.run(["mount", "-o", "remount,rw", str(disk.folder)], check=True)
    else:
        disk.inject_sqlite_error(None)
    assert _state(store) == before


def test_a_missing_output_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output in a folder that is not there names the missing folder."""
    store = tmp_path / "store"
    _demo_store(store)
    out = tmp_path / "unplugged-usb" / "packs" / "leon.solopack"
    code, _, err = _run(capsys, "pack", "export", "--store", str(store), "--case", "1", "--out", str(out))
    assert code == 4, err
    assert f"{tmp_path / 'unplugged-usb'} does not exist (was a disk removed or a folder moved?)." in err


def test_a_store_busy_in_another_process_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """While another process holds the write lock, a writing command says the store is busy (not damaged)."""
    store = tmp_path / "store"
    _demo_store(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(store), PASSPHRASE], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, _, err = _run(capsys, "minutes", "--store", str(store), "--conference", "latest", "--out", str(tmp_path))
    finally:
        holder.kill()
        holder.communicate()
    assert code == 4, err
    assert "busy" in err or "open in SOLO Desk" in err
    assert "damaged" not in err


HOLD_WRITE_LOCK = """
import sys, time
from pathlib import Path
from solodesk.store import CaseStore
store = CaseStore.open_with_passphrase(Path(sys.argv[1]), sys.argv[2])
connection = store.engine.raw_connection()
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (PermissionError(errno.EACCES, "Permission denied", "/srv/cases/out.pdf"), "is not allowed to use"),
        (OSError(errno.EROFS, "Read-only file system", "/media/cd/out.pdf"), "is on a read-only disk"),
        (OSError(errno.EDQUOT, "Disk quota exceeded", "/home/chair/out.pdf"), "your disk quota is used up"),
        (OSError(errno.ENOSPC, "No space left on device", "/home/chair/out.pdf"), FULL),
        (sqlcipher3.dbapi2.OperationalError("database is locked"), "The store is busy"),
        (sqlcipher3.dbapi2.DatabaseError("file is not a database"), "damaged"),
        (sqlcipher3.dbapi2.OperationalError("duplicate column name: restricted"), "SQLite said: duplicate column"),
    ],
)
def test_each_fault_has_its_own_sentence(error: Exception, sentence: str) -> None:
    """Faults no test machine can stage for real (root ignores permissions) are told apart by their codes."""
    found = diagnosis.diagnose(error, [Path("/home/chair/store")])
    assert found is not None and sentence in str(found)
    assert ("damaged" in str(found)) == (sentence == "damaged")
