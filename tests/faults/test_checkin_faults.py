"""A check-in killed at any point: the team store is as it was or fully updated, and running it again finishes it.

A real PostgreSQL team store and a laptop store with a checked-out conference, edited
offline. A forked child runs the check-in and SIGKILLs itself after its Nth step (an SQL
statement on either store, or a file change); each trial starts from a fresh copy of both
(the team database from a template, the laptop folder copied).
"""

import shutil
from functools import partial
from pathlib import Path

from sqlalchemy import select

from solodesk.models import AgendaItem, AgendaNote, Conference, ConferenceStatus
from solodesk.services.checkout import check_in, check_out, checked_out_here
from solodesk.services.demo import load_demo
from solodesk.services.minute_issue import issue_minute
from solodesk.store import CaseStore
from solodesk.store.team_roles import init_team
from solodesk.store.team_store import TeamStore, parse_url
from tests.conftest import PASSPHRASE
from tests.faults.conftest import KILLED, kill_points, run_killed_after_step, steps_of

TYPED = "Typed up offline before the kill."


def _team_state(pg, database: str) -> tuple[object, ...]:
    with pg.admin(database) as conn:
        notes = conn.execute("SELECT count(*) FROM agenda_note WHERE notes = %s", (TYPED,)).fetchone()[0]
        issues = conn.execute("SELECT count(*) FROM minute_issue").fetchone()[0]
        leases = conn.execute("SELECT count(*) FROM conference_lease").fetchone()[0]
    return notes, issues, leases


def _laptop_state(folder: Path) -> tuple[object, ...]:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as laptop:
        with laptop.session() as session:
            notes = session.scalars(select(AgendaNote.notes).where(AgendaNote.item == AgendaItem.PURPOSE)).all()
        return TYPED in notes, len(checked_out_here(laptop))


def _check_in(folder: Path, url: str) -> None:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as laptop, TeamStore.open(url) as team:
        check_in(laptop, team)


def test_check_in_killed_at_any_step_loses_nothing(pg, pg_database: str, tmp_path: Path) -> None:
    init_team(pg_database)
    with TeamStore.open(pg_database) as team, team.session() as session:
        load_demo(session)
        conference_id = session.scalars(
            select(Conference.id).where(Conference.status == ConferenceStatus.HELD).order_by(Conference.id)
        ).first()
    template = tmp_path / "laptop"
    laptop, _ = CaseStore.create(template, PASSPHRASE)
    with laptop, TeamStore.open(pg_database) as team:
        [out] = check_out(team, [conference_id], laptop)
        with laptop.session() as session:
            note = session.scalars(
                select(AgendaNote).where(
                    AgendaNote.conference_id == out.local_conference_id, AgendaNote.item == AgendaItem.PURPOSE
                )
            ).one()
            note.notes = TYPED
        issue_minute(laptop, out.local_conference_id)
    # The laptop knows the team store by its address: each trial gets the same database back, fresh.
    database = parse_url(pg_database).database
    base = f"{database}_base"
    pg.create_database(base, template=database)
    before = _team_state(pg, base)
    assert before == (0, 0, 1)

    def fresh(name: str) -> tuple[Path, str]:
        folder = tmp_path / name
        shutil.copytree(template, folder)
        pg.drop_database(database)
        pg.create_database(database, template=base)
        return folder, pg_database

    folder, url = fresh("finished")
    _check_in(folder, url)
    after = _team_state(pg, database)
    assert after == (1, 1, 0) and _laptop_state(folder) == (True, 0)
    folder, url = fresh("dry")
    steps = steps_of(partial(_check_in, folder, url))
    points = kill_points(steps, sql_stride=10, every_sql_write=False)
    points += [n for n, step in enumerate(steps, 1) if step.lstrip().upper().startswith(("COMMIT", "BEGIN"))]
    seen = {"before": 0, "after": 0}
    for step in sorted(set(points)):
        name = f"killed_{step}"
        folder, url = fresh(name)
        assert run_killed_after_step(partial(_check_in, folder, url), step) == KILLED
        state = _team_state(pg, database)
        assert state in (before, after), f"half a check-in after step {step}: {steps[step - 1][:60]}"
        seen["before" if state == before else "after"] += 1
        assert _laptop_state(folder)[0] is True  # the laptop's own work is never touched
        _check_in(folder, url)  # running it again finishes it, whatever the kill left
        assert _team_state(pg, database) == after and _laptop_state(folder) == (True, 0)
        shutil.rmtree(folder)
    pg.drop_database(base)
    print(f"\nfaults: checkin_kills steps={len(steps)} trials={len(set(points))} {seen}")
    assert seen["before"] >= 3 and seen["after"] >= 1
