"""An automatic schema upgrade killed, or hitting a full disk, at any step loses nothing.

A store at revision 0002 with data in most tables is upgraded by opening it
(as ``solodesk check`` or the GUI does). The child doing it is killed right
after its SQL statements and file changes (see ``kill_points``); after every kill the
store must open with the passphrase and with the recovery key, reach the
newest schema, and hold every row written before the upgrade. The safety
copy taken before the upgrade must be the untouched old store, survive the
retry, and go once the upgraded store has been opened again.
"""

import hashlib
import json
import shutil
from functools import partial
from pathlib import Path

import pytest

from solodesk.store import CaseStore, migrate
from solodesk.store.case_store import DB_NAME
from solodesk.store.errors import StoreError
from tests.conftest import PASSPHRASE
from tests.faults.conftest import (
    KILLED,
    fill_disk,
    kill_points,
    read_rows,
    run_killed_after_step,
    steps_of,
    table_columns,
)
from tests.integration.test_migrations import make_store_at

OLD_REVISION = "0002"
SAFETY_COPY = f"{DB_NAME}.before-{OLD_REVISION}.bak"
ROWS_AT_0002 = (
    "INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at)"
    " VALUES (1, 'Police Scotland — Ó Briain unit', 'police', '1 Main St', '0131', '2025-01-01', '2025-01-01')",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at,"
    " updated_at) VALUES (1, 'Zoë O''Connor', 1, 'Sergeant', '', 'zoe@example.org', '', 0, 0, '2025-01-01',"
    " '2025-01-01')",
    "INSERT INTO setting (key, value) VALUES ('chair_name', 'Siobhán Ó Briain')",
    "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, detail)"
    " VALUES (1, '2025-01-02', 'chair', 'create', 'subject', 1, 'Łukasz added')",
    "INSERT INTO amendment_request (id, conference_id, requested_by, requested_on, request, status, chair_note,"
    " decided_on, applied_in_version) VALUES (1, 1, 'Zoë O''Connor', '2025-02-10', 'Item 5: the address is"
    " wrong', 'agreed', 'Agreed.', '2025-02-11', 2)",
    "INSERT INTO minute_issue (id, conference_id, version, issued_at, issued_by, content, amendments_summary)"
    " VALUES (1, 1, 1, '2025-02-04 10:00:00', 'chair', '{\"title\": \"Nguyễn\"}', '[]')",
    "INSERT INTO distribution (id, issue_id, contact_id, recipient_name, sent_at, file_name, sha256)"
    " VALUES (1, 1, 1, 'Zoë O''Connor', '2025-02-05 09:00:00', 'minute-v1.pdf', '" + "a" * 64 + "')",
    "INSERT INTO risk_assessment (id, subject_id, conference_id, tool, assessed_on, assessor, reconviction_band,"
    " harm_band, result, notes, restricted) VALUES (1, 1, 1, 'Risk Matrix 2000', '2025-01-20', 'Siobhán', 'Medium',"
    " 'High', 'RM2000/S medium', '', 0)",
)
# Revision 0010 moves these columns' values into risk_assessment.results: every row is compared on the
# columns an old and an upgraded store share, and the moved values are checked where they went.
MOVED_COLUMNS = {"risk_assessment": ("reconviction_band", "harm_band")}
MOVED_RESULTS = [(1, {"reconviction": "Medium", "harm": "High"})]

FILLED_TABLES = {
    "subject",
    "conference",
    "agency",
    "contact",
    "setting",
    "audit_event",
    "amendment_request",
    "minute_issue",
    "distribution",
    "risk_assessment",
}


def _kept_columns(folder: Path) -> dict[str, list[str]]:
    """Return every table's columns in an old store, less those a later revision moves elsewhere."""
    return {t: [c for c in names if c not in MOVED_COLUMNS.get(t, ())] for t, names in table_columns(folder).items()}


@pytest.fixture
def old_store(tmp_path: Path) -> tuple[Path, str]:
    """Return a store folder at revision 0002 with data, and its recovery key (use copies of it)."""
    folder = tmp_path / "template"
    recovery_key = make_store_at(folder, OLD_REVISION, extra=ROWS_AT_0002)
    return folder, recovery_key


def _open_and_close(folder: Path) -> None:
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_opens_at_head_with(folder: Path, recovery_key: str, columns: dict[str, list[str]], rows: object) -> None:
    """Open with the passphrase, then the recovery key: newest schema, every old row, integrity OK."""
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert store.check_integrity().ok
    assert read_rows(folder / DB_NAME, folder, columns) == rows
    with CaseStore.open_with_recovery_key(folder, recovery_key) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    moved = read_rows(folder / DB_NAME, folder, {"risk_assessment": ["id", "results"]})["risk_assessment"]
    assert [(row_id, json.loads(results)) for row_id, results in moved] == MOVED_RESULTS


def _upgrade_steps(tmp_path: Path, template: Path) -> list[str]:
    """Return the steps (SQL statements, file changes) an open of the old store takes, found on a throw-away copy."""
    folder = tmp_path / "dry-run"
    shutil.copytree(template, folder)
    steps = steps_of(partial(_open_and_close, folder))
    shutil.rmtree(folder)
    assert any(step.lstrip().startswith("ALTER TABLE") for step in steps)  # it did upgrade
    return steps


def _upgrade_kill_points(steps: list[str]) -> list[int]:
    """Return the fault points of an upgrade: every file change and transaction boundary, and a stride of its DDL.

    The revisions run inside one transaction, so killing after any of its column additions leaves
    the disk as killing after another does; every eighth of them (with the first and last of the
    whole run) keeps the test faithful while later revisions add dozens of columns.
    """
    # Reads inside the transaction change nothing on disk: they are strided like the DDL (revision 0018 reads
    # every table's ids to give each row its uuid).
    ddl = ("ALTER TABLE", "CREATE INDEX", "CREATE UNIQUE INDEX", "INSERT", "UPDATE", "DROP INDEX", "SELECT")
    return [
        number
        for number in kill_points(steps)
        if number % 8 == 0 or number in (1, len(steps)) or not steps[number - 1].lstrip().upper().startswith(ddl)
    ]


def test_upgrade_killed_after_any_step_loses_nothing(tmp_path: Path, old_store: tuple[Path, str]) -> None:
    """Kill after each step of the upgrade, one kill per copy: each leaves a store that opens with all its rows."""
    template, recovery_key = old_store
    columns = _kept_columns(template)
    rows_before = read_rows(template / DB_NAME, template, columns)
    assert {table for table, rows in rows_before.items() if rows} >= FILLED_TABLES
    steps = _upgrade_steps(tmp_path, template)
    trials = survived = 0
    for step in _upgrade_kill_points(steps):
        folder = tmp_path / f"killed-{step}"
        shutil.copytree(template, folder)
        outcome = run_killed_after_step(partial(_open_and_close, folder), step)
        assert outcome == KILLED, f"step {step}: {steps[step - 1][:60]}"
        trials += 1
        safety_copy = folder / SAFETY_COPY
        copy_digest = _digest(safety_copy) if safety_copy.exists() else None
        if copy_digest is not None:
            # The copy is the old store, whole: it opens with every row.
            assert read_rows(safety_copy, folder, columns) == rows_before
        _assert_opens_at_head_with(folder, recovery_key, columns, rows_before)
        # The retry kept the copy; the open after the successful upgrade removed it.
        assert sorted(p.name for p in folder.iterdir() if p.name != "keyslots-copy.json") == [DB_NAME, "keyslots.json"]
        survived += 1
        shutil.rmtree(folder)
    print(f"\nfaults: upgrade_kills steps={len(steps)} trials={trials} survived={survived}")
    assert trials >= 20 and survived == trials


def _schema_changes(steps: list[str]) -> list[int]:
    return [number for number, step in enumerate(steps, 1) if step.lstrip().startswith(("ALTER", "CREATE", "INSERT"))]


def test_retried_upgrade_keeps_the_first_safety_copy(tmp_path: Path, old_store: tuple[Path, str]) -> None:
    """A second attempt, killed too, leaves the copy the first attempt took, byte for byte."""
    template, _recovery_key = old_store
    first_kill = _schema_changes(_upgrade_steps(tmp_path, template))[0]
    # A retry takes fewer steps (no copy to take): find them on a throw-away store killed the same way.
    rehearsal = tmp_path / "rehearsal"
    shutil.copytree(template, rehearsal)
    assert run_killed_after_step(partial(_open_and_close, rehearsal), first_kill) == KILLED
    second_kill = _schema_changes(steps_of(partial(_open_and_close, rehearsal)))[-1]

    folder = tmp_path / "store"
    shutil.copytree(template, folder)
    assert run_killed_after_step(partial(_open_and_close, folder), first_kill) == KILLED
    first_copy = _digest(folder / SAFETY_COPY)
    assert run_killed_after_step(partial(_open_and_close, folder), second_kill) == KILLED
    assert _digest(folder / SAFETY_COPY) == first_copy
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert _digest(folder / SAFETY_COPY) == first_copy  # kept until the upgraded store opens once more
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    assert not (folder / SAFETY_COPY).exists()


def test_disk_full_at_any_step_of_the_upgrade_loses_nothing(
    tmp_path: Path, old_store: tuple[Path, str], disk_full_after_step
) -> None:
    """A full disk at each step of the upgrade (SQLITE_FULL, or ENOSPC): the open fails, the store stays whole."""
    template, recovery_key = old_store
    columns = _kept_columns(template)
    rows_before = read_rows(template / DB_NAME, template, columns)
    steps = _upgrade_steps(tmp_path, template)
    trials = survived = refused = opened = 0
    for step in _upgrade_kill_points(steps):
        folder = tmp_path / f"full-{step}"
        shutil.copytree(template, folder)
        disk_full_after_step(step)
        try:
            CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
        except (StoreError, OSError):
            refused += 1
        else:
            # Failures the store can shrug off (the checkpoint on closing, making a rename durable).
            opened += 1
        disk_full_after_step(0)  # room on the disk again
        trials += 1
        assert read_rows(folder / DB_NAME, folder, columns) == rows_before
        _assert_opens_at_head_with(folder, recovery_key, columns, rows_before)
        survived += 1
        shutil.rmtree(folder)
    print(f"\nfaults: upgrade_disk_full trials={trials} refused={refused} opened={opened} survived={survived}")
    assert trials >= 20 and survived == trials


def test_upgrade_on_a_really_full_disk_loses_nothing(small_disk: Path, old_store: tuple[Path, str]) -> None:
    """On a tmpfs with 0, 96, …, 1440 KiB free the open fails or upgrades; with room again all is there."""
    template, recovery_key = old_store
    columns = _kept_columns(template)
    rows_before = read_rows(template / DB_NAME, template, columns)
    trials = survived = refused = opened = 0
    for free_kib in range(0, 1536, 96):  # the upgrade needs room for its copy and its write-ahead log
        folder = small_disk / "store"
        shutil.copytree(template, folder)
        filler = fill_disk(small_disk, free_kib * 1024)
        try:
            _open_and_close(folder)
        except (StoreError, OSError):
            refused += 1
        else:
            opened += 1
        assert not list(folder.glob("*.part")), "no half-written safety copy is left"
        filler.unlink()
        trials += 1
        _assert_opens_at_head_with(folder, recovery_key, columns, rows_before)
        survived += 1
        shutil.rmtree(folder)
    print(f"\nfaults: upgrade_full_tmpfs trials={trials} refused={refused} opened={opened} survived={survived}")
    assert refused and opened and survived == trials
