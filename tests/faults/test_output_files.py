"""Output files: nothing replaced unasked, no link followed, no special file written, nothing half-made.

Circulation is killed (SIGKILL, in a subprocess) at several points; after each
kill the distribution log and the folder agree, and after the next run no
temporary file is left.
"""

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk import safe_files
from solodesk.__main__ import main
from solodesk.models import Distribution
from solodesk.services.minute_files import remove_leftovers
from solodesk.services.packs import PackError, export_pack, read_pack
from solodesk.services.packs.conference_pack import write_conference_pack_pdf
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.minutes import demo_conference
from tests.helpers.packs import PACK_PASSPHRASE, demo_subject_id

OLD = b"the chair's own file, not to be replaced"


@pytest.fixture
def demo(store: CaseStore) -> tuple[CaseStore, int]:
    return store, demo_subject_id(store)


def _targets(tmp_path: Path) -> dict[str, Path]:
    """Return a path of each refused kind: an existing file, a link to one, a dangling link, a FIFO."""
    existing = tmp_path / "existing.bin"
    existing.write_bytes(OLD)
    linked = tmp_path / "link-to-existing"
    linked.symlink_to(existing)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "created-through-the-link")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return {"existing file": existing, "symlink": linked, "dangling symlink": dangling, "fifo": fifo}


SENTENCES = {
    "existing file": "already exists; choose another name or use --force.",
    "symlink": "is a symbolic link; SOLO Desk does not write through links.",
    "dangling symlink": "is a symbolic link; SOLO Desk does not write through links.",
    "fifo": "is a special file (a pipe, device or socket), not a file to write.",
}


def _unchanged(tmp_path: Path) -> None:
    assert (tmp_path / "existing.bin").read_bytes() == OLD
    assert not (tmp_path / "created-through-the-link").exists()
    assert (tmp_path / "link-to-existing").is_symlink() and (tmp_path / "dangling").is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(safe_files.PART_SUFFIX)]


@pytest.mark.parametrize("kind", sorted(SENTENCES))
def test_pack_export_refuses_what_is_not_a_new_file(demo, tmp_path: Path, kind: str) -> None:
    """`pack export` never replaces a file, follows a link or writes into a FIFO; the sentence says why."""
    store, subject_id = demo
    target = _targets(tmp_path)[kind]
    with pytest.raises(PackError, match=SENTENCES[kind].replace("(", r"\(").replace(")", r"\)")):
        export_pack(store, subject_id, target, PACK_PASSPHRASE)
    _unchanged(tmp_path)


@pytest.mark.parametrize("kind", sorted(SENTENCES))
def test_pack_pdf_refuses_what_is_not_a_new_file_even_when_told_to_replace(demo, tmp_path: Path, kind: str) -> None:
    """`pack pdf` refuses the same; ``overwrite`` replaces only a plain file."""
    store, subject_id = demo
    target = _targets(tmp_path)[kind]
    if kind == "existing file":
        write_conference_pack_pdf(store, subject_id, "Zoë Ó Briain", target, overwrite=True)
        assert target.read_bytes().startswith(b"%PDF") and not target.is_symlink()
        assert oct(target.stat().st_mode & 0o777) == oct(0o600)
        return
    with pytest.raises(PackError, match="symbolic link|special file"):
        write_conference_pack_pdf(store, subject_id, "Zoë Ó Briain", target, overwrite=True)
    _unchanged(tmp_path)


def test_the_cli_refuses_an_existing_pack_with_exit_2(demo, tmp_path: Path, capsys, monkeypatch) -> None:
    """On the command line an output already there is a usage error (exit 2) with the sentence, file untouched."""
    store, subject_id = demo
    store.close()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)
    target = _targets(tmp_path)["existing file"]
    code = main(["pack", "export", "--store", str(store.folder), "--case", str(subject_id), "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and SENTENCES["existing file"] in err
    _unchanged(tmp_path)


def test_a_pack_written_is_whole_and_private(demo, tmp_path: Path) -> None:
    """A new pack reads back, is mode 0600, and no temporary file is left beside it."""
    store, subject_id = demo
    path = tmp_path / "leon.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    assert read_pack(path, PACK_PASSPHRASE).items
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name != "store"] == ["leon.solopack"]


# Kill points in one circulation, each with which call of it is killed (1 = the first copy).
KILLS = [
    ("while writing", 3),
    ("before the file is placed", 1),
    ("before the copy is logged", 4),
    ("before rendering the next copy", 3),
]

DRIVER = """
import os, signal, sys
from solodesk import safe_files
from solodesk.reports import minute_pdf
from solodesk.services import minute_issue
from solodesk.__main__ import main

point, nth = sys.argv[1], int(sys.argv[2])
calls = [0]

def kill_on_nth():
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)

def wrap(owner, name):
    real = getattr(owner, name)
    def wrapped(*args, **kwargs):
        kill_on_nth()
        return real(*args, **kwargs)
    setattr(owner, name, wrapped)

if point == "while writing":
    real_write_all = safe_files._write_all
    def half_then_die(handle, data):
        calls[0] += 1
        if calls[0] == nth:
            os.write(handle, data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        real_write_all(handle, data)
    safe_files._write_all = half_then_die
elif point == "before the file is placed":
    wrap(os, "link")
    wrap(os, "rename")
elif point == "before the copy is logged":
    wrap(minute_issue, "_record")
elif point == "before rendering the next copy":
    wrap(minute_pdf.MinuteRenderer, "copy_for")
sys.exit(main(sys.argv[3:]))
"""


def _log_and_folder(store_folder: Path, out: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    with CaseStore.open_with_passphrase(store_folder, PASSPHRASE) as store, store.session() as session:
        logged = {(d.file_name, d.sha256) for d in session.scalars(select(Distribution))}
    on_disk = {(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in out.glob("*.pdf")}
    return logged, on_disk


@pytest.mark.parametrize(("point", "nth"), KILLS)
def test_a_killed_circulation_leaves_log_and_files_agreeing(
    store: CaseStore, store_folder: Path, tmp_path: Path, point: str, nth: int, capsys, monkeypatch
) -> None:
    """SIGKILL at a point of circulation: every logged copy is on disk whole; the next run leaves them agreeing.

    Between a file's placing and its log entry's commit there is one window: a kill there leaves at
    most that one complete copy unlogged, and the next run into the folder records it.
    """
    demo_conference(store)
    store.close()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "SOLODESK_PASSPHRASE": PASSPHRASE}
    args = ["minutes", "--store", str(store_folder), "--conference", "latest", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, point, str(nth), *args], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    logged, on_disk = _log_and_folder(store_folder, out)
    assert logged <= on_disk  # nothing logged that is not on disk, byte for byte
    unlogged = on_disk - logged
    assert len(unlogged) <= (1 if point == "before the copy is logged" else 0)
    assert not list(out.glob("*.pdf.part"))  # never a partial copy under a copy's name

    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    assert main(args) == 0
    capsys.readouterr()
    logged, on_disk = _log_and_folder(store_folder, out)
    assert logged == on_disk and len(on_disk) == 9
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".pdf")) == []  # no temporary file left


@pytest.mark.parametrize("unnamed", [True, False])
def test_both_ways_of_writing_leave_one_whole_private_file(tmp_path: Path, monkeypatch, unnamed: bool) -> None:
    """With an unnamed temporary file (where the system has one) or a named one, the result is the same."""
    monkeypatch.setattr(safe_files, "_unnamed_works", unnamed and safe_files._unnamed_works)
    path = tmp_path / "out.pdf"
    safe_files.write_file(path, b"%PDF-1.7 whole")
    with pytest.raises(safe_files.OutputExistsError):
        safe_files.write_file(path, b"%PDF-1.7 other")
    safe_files.write_file(path, b"%PDF-1.7 replaced", overwrite=True)
    assert path.read_bytes() == b"%PDF-1.7 replaced" and path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_leftover_of_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    """A temporary file left by a killed writer goes when the next file is written into that folder."""
    leftover = tmp_path / f"{safe_files.PART_PREFIX}0123456789abcdef{safe_files.PART_SUFFIX}"
    leftover.write_bytes(b"%PDF-1.7 half a minute")
    old_style = tmp_path / "2026-09-14_RMCC-minute_v1_01_Margaret-Nicolson.pdf.part"
    old_style.write_bytes(b"%PDF-1.7 half a minute from an older version")
    assert sorted(p.name for p in remove_leftovers(tmp_path)) == sorted([leftover.name, old_style.name])
    assert list(tmp_path.iterdir()) == []
