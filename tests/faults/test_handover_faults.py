"""A handover import or export killed at any point: the store is as it was or fully updated, never half.

The chair's store takes the assistant's handover back (an issued minute, the copies sent,
edited notes). A forked child runs the import and SIGKILLs itself after its Nth step (SQL
statement or file change); the store it leaves is reopened and compared with the store
before, and with a store that finished the import. An export killed part-way leaves no
file, or a whole one that imports.
"""

import shutil
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.models import AgendaItem, AgendaNote
from solodesk.services.handover import apply_handover, export_handover, read_handover
from solodesk.services.handover.kinds import KINDS
from solodesk.services.minute_issue import circulate, issue_minute
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.faults.conftest import KILLED, kill_points, run_killed_after_step, steps_of
from tests.helpers.minutes import demo_conference
from tests.helpers.packs import PACK_PASSPHRASE

# Columns that say when this store saved a row, not what it holds: they differ from run to run.
_WHEN = ("changed_at", "updated_at", "created_at")


@pytest.fixture
def handed_back(tmp_path: Path) -> tuple[Path, Path]:
    """Return the chair's closed store and the assistant's handover pack back to it."""
    chair_folder = tmp_path / "chair"
    chair, _ = CaseStore.create(chair_folder, PASSPHRASE)
    assistant, _ = CaseStore.create(tmp_path / "assistant", PASSPHRASE)
    with chair, assistant:
        conference_id = demo_conference(chair)
        export_handover(chair, conference_id, tmp_path / "out.solopack", PACK_PASSPHRASE)
        theirs = apply_handover(assistant, read_handover(tmp_path / "out.solopack", PACK_PASSPHRASE)).conference_id
        with assistant.session() as session:
            for note in session.scalars(select(AgendaNote).where(AgendaNote.conference_id == theirs)):
                note.notes = f"{note.notes} Typed up."
        issue_minute(assistant, theirs, issued_by="Siobhán O'Connor")
        (tmp_path / "copies").mkdir()
        circulate(assistant, theirs, tmp_path / "copies")
        export_handover(assistant, theirs, tmp_path / "back.solopack", PACK_PASSPHRASE)
    return chair_folder, tmp_path / "back.solopack"


def _import(folder: Path, pack: Path) -> None:
    contents = read_handover(pack, PACK_PASSPHRASE)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        apply_handover(store, contents)


def _state(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every case row's content (not when it was saved), by table."""
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        state = {}
        for name, kind in KINDS.items():
            table = kind.model.__table__
            columns = [c for c in table.columns if c.name not in _WHEN and c.name != "version"]
            rows = session.execute(select(*columns).order_by(table.c.uuid)).all()
            state[name] = [tuple(str(v) for v in row) for row in rows]
        notes = session.scalars(select(AgendaNote.notes).where(AgendaNote.item == AgendaItem.PURPOSE)).all()
        state["typed"] = [(any("Typed up." in n for n in notes),)]
        return state


def test_import_killed_at_any_step_leaves_the_store_as_it_was_or_fully_updated(
    tmp_path: Path, handed_back: tuple[Path, Path]
) -> None:
    template, pack = handed_back
    before = _state(template)
    finished = tmp_path / "finished"
    shutil.copytree(template, finished)
    _import(finished, pack)
    after = _state(finished)
    assert after != before and after["typed"] == [(True,)] and len(after["minute_issue"]) == 1
    dry = tmp_path / "dry"
    shutil.copytree(template, dry)
    steps = steps_of(partial(_import, dry, pack))
    # One transaction: killing after any of its writes leaves the disk as after another, so a stride of them.
    points = [n for n in kill_points(steps, sql_stride=8, every_sql_write=False) if n <= len(steps)]
    points += [n for n, step in enumerate(steps, 1) if step.lstrip().upper().startswith(("COMMIT", "BEGIN"))]
    outcomes = {"before": 0, "after": 0}
    for step in sorted(set(points)):
        folder = tmp_path / f"killed-{step}"
        shutil.copytree(template, folder)
        assert run_killed_after_step(partial(_import, folder, pack), step) == KILLED
        state = _state(folder)
        assert state in (before, after), f"half an import after step {step}: {steps[step - 1][:60]}"
        outcomes["before" if state == before else "after"] += 1
        # Whatever the kill left, running the import again finishes it.
        _import(folder, pack)
        assert _state(folder) == after
        shutil.rmtree(folder)
    print(f"\nfaults: handover_import_kills steps={len(steps)} trials={len(set(points))} {outcomes}")
    assert outcomes["before"] >= 5 and outcomes["after"] >= 1


def _export(folder: Path, out: Path) -> None:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        export_handover(store, 1, out, PACK_PASSPHRASE)


def test_export_killed_at_any_step_leaves_no_file_or_a_whole_one(
    tmp_path: Path, handed_back: tuple[Path, Path]
) -> None:
    template, _ = handed_back
    dry = tmp_path / "dry"
    shutil.copytree(template, dry)
    steps = steps_of(partial(_export, dry, tmp_path / "dry.solopack"))
    whole = 0
    for step in kill_points(steps, sql_stride=8, every_sql_write=False):
        folder = tmp_path / f"killed-{step}"
        shutil.copytree(template, folder)
        out = tmp_path / f"killed-{step}.solopack"
        assert run_killed_after_step(partial(_export, folder, out), step) == KILLED
        leftovers = [p.name for p in tmp_path.iterdir() if f"killed-{step}.solopack" in p.name]
        assert leftovers in ([], [out.name]), leftovers
        if out.exists():
            assert read_handover(out, PACK_PASSPHRASE).focus  # whole, and it reads
            whole += 1
        with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
            assert store.check_integrity().ok
        shutil.rmtree(folder)
    assert whole >= 1
