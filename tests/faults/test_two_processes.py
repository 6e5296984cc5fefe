"""Two processes on one store: one writer at a time, never a lost update.

Real processes (``python -m solodesk`` and a small holder script) on a real
SQLCipher store in tmp_path. The child processes use the tests' cheap Argon2
parameters so a passphrase change takes milliseconds, not seconds.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from solodesk.models import MinuteIssue
from solodesk.services.minute_issue import ensure_issued
from solodesk.store import CaseStore, UnlockError
from solodesk.store.keyslots import KeySlotFile
from solodesk.store.writer_lock import LOCK_NAME, StoreInUseError
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.helpers.minutes import demo_conference
from tests.helpers.store_holder import Holder

# Runs the CLI with the tests' cheap KDF for new passphrases (the slot records its own cost).
CLI = (
    "import sys; from solodesk.store import keyslots, Argon2Params;"
    f"keyslots.DEFAULT_ARGON2 = Argon2Params({FAST_KDF.memory_kib}, {FAST_KDF.iterations}, {FAST_KDF.lanes});"
    "from solodesk.__main__ import main; sys.exit(main(sys.argv[1:]))"
)


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, SOLODESK_PASSPHRASE=PASSPHRASE)
    env.update(extra)
    return env


def _cli(*args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, *args], env=_env(**env), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.fixture
def closed_store(store: CaseStore, store_folder: Path) -> Path:
    store.close()
    return store_folder


@pytest.fixture
def holder(closed_store: Path):
    held = Holder(closed_store)
    yield held
    held.close()


def test_second_cli_waits_then_says_who_has_the_store(holder: Holder, closed_store: Path) -> None:
    """A CLI on a store open elsewhere waits its time, then exits 4 naming the process; nothing is written."""
    before = {p.name: p.stat().st_mtime_ns for p in closed_store.iterdir() if p.name != LOCK_NAME}
    check = _cli("check", "--store", str(closed_store), SOLODESK_WAIT_SECONDS="0.5")
    out, err = check.communicate(timeout=60)
    assert check.returncode == 4, err
    assert out == ""
    sentence = f"This store is open in SOLO Desk (process {holder.process.pid} since "
    assert err.count(sentence) == 2  # once while waiting, once when giving up
    assert "Waiting up to 0.5 s" in err
    assert re.search(r"since \d{4}-\d\d-\d\d \d\d:\d\d\)\.\n\Z", err)
    assert "Traceback" not in err
    after = {p.name: p.stat().st_mtime_ns for p in closed_store.iterdir() if p.name != LOCK_NAME}
    assert after == before


def test_waiting_cli_proceeds_once_the_other_process_closes(holder: Holder, closed_store: Path) -> None:
    """While it waits, the other process closes the store; the CLI then does its work."""
    check = _cli("check", "--store", str(closed_store), SOLODESK_WAIT_SECONDS="60")
    assert check.stderr is not None
    assert "Waiting up to 60 s" in check.stderr.readline()
    holder.close()
    out, _ = check.communicate(timeout=60)
    assert check.returncode == 0 and out.startswith("OK: schema")


def test_a_killed_holder_never_blocks_the_store(closed_store: Path) -> None:
    """The lock is the kernel's: SIGKILL the holder and the next CLI opens at once."""
    held = Holder(closed_store)
    held.process.kill()
    held.process.wait(timeout=30)
    held.close()
    assert (closed_store / LOCK_NAME).exists()  # left behind by the crash, but not held
    check = _cli("check", "--store", str(closed_store), SOLODESK_WAIT_SECONDS="0")
    out, err = check.communicate(timeout=60)
    assert check.returncode == 0, err


def test_in_process_second_open_is_refused_and_read_only_open_refuses_writes(closed_store: Path) -> None:
    """Within one process too, a second writable open is refused; a read-only one cannot write."""
    with CaseStore.open_with_passphrase(closed_store, PASSPHRASE) as first:
        with pytest.raises(StoreInUseError, match=rf"process {os.getpid()} since"):
            CaseStore.open_with_passphrase(closed_store, PASSPHRASE)
        with CaseStore.open_with_passphrase(closed_store, PASSPHRASE, read_only=True) as second:
            assert second.read_only and f"process {os.getpid()}" in (second.read_only_reason or "")
            with pytest.raises(Exception, match="This store is open read-only, so nothing was saved"):
                second.new_recovery_key()
            with pytest.raises(Exception, match="This store is open read-only, so nothing was saved"):
                demo_conference(second)
        assert not first.read_only
    with CaseStore.open_with_passphrase(closed_store, PASSPHRASE) as again:  # released on close
        assert not again.read_only


def test_two_passphrase_changes_at_once_never_both_succeed(closed_store: Path, tmp_path: Path) -> None:
    """Two `passphrase` commands started together: exactly one succeeds, and its passphrase opens the store."""
    trials, survived = 3, 0
    for trial in range(trials):
        folder = tmp_path / f"trial{trial}"
        shutil.copytree(closed_store, folder)
        new = {"a": f"first new passphrase {trial}", "b": f"second new passphrase {trial}"}
        runs = {
            name: _cli("passphrase", "--store", str(folder), SOLODESK_NEW_PASSPHRASE=value, SOLODESK_WAIT_SECONDS="30")
            for name, value in new.items()
        }
        results = {name: (run.communicate(timeout=60), run.returncode) for name, run in runs.items()}
        winners = [name for name, ((out, _), code) in results.items() if code == 0 and "Passphrase changed." in out]
        losers = [name for name, ((_, err), code) in results.items() if code in (3, 4) and "solodesk: " in err]
        assert len(winners) == 1 and len(losers) == 1, results
        CaseStore.open_with_passphrase(folder, new[winners[0]]).close()
        for refused in (new[losers[0]], PASSPHRASE):
            with pytest.raises(UnlockError):
                CaseStore.open_with_passphrase(folder, refused)
        survived += 1
    assert survived == trials


def test_a_process_holding_the_store_does_not_revert_a_passphrase_change(closed_store: Path) -> None:
    """A holder writes its own key-slot change; a passphrase change waiting on it keeps both."""
    held = Holder(closed_store)
    change = _cli(
        "passphrase",
        "--store",
        str(closed_store),
        SOLODESK_NEW_PASSPHRASE="changed because it leaked",
        SOLODESK_WAIT_SECONDS="60",
    )
    assert change.stderr is not None and "Waiting up to 60 s" in change.stderr.readline()
    recovery_key = held.ask("recovery")
    held.close()
    out, err = change.communicate(timeout=60)
    assert change.returncode == 0 and "Passphrase changed." in out, err
    CaseStore.open_with_passphrase(closed_store, "changed because it leaked").close()
    CaseStore.open_with_recovery_key(closed_store, recovery_key).close()
    with pytest.raises(UnlockError):
        CaseStore.open_with_passphrase(closed_store, PASSPHRASE)


def test_key_slot_changes_reread_the_key_file(store: CaseStore, store_folder: Path) -> None:
    """Even if the key file changed behind an open store's back, its next key-slot write keeps that change."""
    behind = KeySlotFile.load(store_folder / "keyslots.json")
    key = behind.unlock_with_passphrase(PASSPHRASE)
    behind.set_passphrase("written behind its back", key, FAST_KDF)
    behind.save()
    store.new_recovery_key()
    store.close()
    CaseStore.open_with_passphrase(store_folder, "written behind its back").close()


def test_concurrent_minutes_runs_issue_only_version_one(store: CaseStore, store_folder: Path, tmp_path: Path) -> None:
    """Two `minutes` commands at once: both write their copies, and only version 1 exists."""
    demo_conference(store)
    store.close()
    runs = [
        _cli("minutes", "--store", str(store_folder), "--conference", "latest", "--out", str(tmp_path / f"out{n}"))
        for n in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert len(out.splitlines()) == 9 and all("_v1_" in line for line in out.splitlines())
    with CaseStore.open_with_passphrase(store_folder, PASSPHRASE) as reopened, reopened.session() as session:
        assert session.scalar(select(func.count()).select_from(MinuteIssue)) == 1


def test_issuing_from_two_connections_at_once_makes_one_version(store: CaseStore) -> None:
    """The service itself is safe: two threads (two connections) issuing at once make only version 1."""
    trials = 8
    versions: list[list[int]] = []
    for _ in range(trials):
        conference_id = demo_conference(store) if not versions else _fresh_conference(store)
        barrier = threading.Barrier(2)
        results: list[int] = []

        def issue(
            conference_id: int = conference_id, barrier: threading.Barrier = barrier, results: list[int] = results
        ) -> None:
            barrier.wait()
            results.append(ensure_issued(store, conference_id).version)

        threads = [threading.Thread(target=issue) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with store.session() as session:
            count = session.scalar(
                select(func.count()).select_from(MinuteIssue).where(MinuteIssue.conference_id == conference_id)
            )
        versions.append(sorted(results))
        assert results == [1, 1] and count == 1, versions


def _fresh_conference(store: CaseStore) -> int:
    """Remove the issue just made, so the same held conference can be issued again."""
    with store.session() as session:
        issue = session.scalars(select(MinuteIssue)).one()
        conference_id = issue.conference_id
        session.delete(issue)
    with store.session() as session:
        from solodesk.models import Conference, ConferenceStatus

        conference = session.get(Conference, conference_id)
        assert conference is not None
        conference.status = ConferenceStatus.HELD
    return conference_id
