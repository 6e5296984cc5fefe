"""`solodesk team import`: a laptop store copied into a team store that already has cases, on the real server."""

import hashlib
import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from solodesk.__main__ import main
from solodesk.models import (
    AgendaNote,
    Attachment,
    AuditEvent,
    Conference,
    ConferenceStatus,
    Contact,
    MinuteIssue,
    Subject,
)
from solodesk.services.conference_read import read_conference
from solodesk.services.demo import load_demo
from solodesk.services.minute_issue import ensure_issued
from solodesk.services.preparation import attach_bytes, save_report
from solodesk.services.register import RegisterFilter, open_register
from solodesk.store import CaseStore, team_copy
from solodesk.store.team_store import TeamStore, parse_url
from tests.conftest import PASSPHRASE

PASSWORD = "a long team password"
FILE_BYTES = b"%PDF-1.4 a laptop's attached report\n" * 50
_numbers = itertools.count(1)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def laptop(store_folder: Path) -> Path:
    """A laptop store: the demo case, a contact only the laptop knows in an audience, and an attached file."""
    store, _recovery = CaseStore.create(store_folder, PASSPHRASE)
    with store:
        with store.session() as session:
            load_demo(session)
            newcomer = Contact(name="Ffion Newcomer", email="ffion@example.org")
            session.add(newcomer)
            session.flush()
            note = session.scalars(select(AgendaNote).where(AgendaNote.restricted_notes != "")).first()
            assert note is not None
            note.audience = {"contacts": [newcomer.id], "kinds": [], "withheld": {str(newcomer.id): "conflict"}}
            subject_id = session.scalars(select(Subject.id)).one()
            held = session.scalars(select(Conference.id).where(Conference.status == ConferenceStatus.HELD)).first()
        report = save_report(store, subject_id, title="Report", agency="Police", author="PC Doe", body="Text")
        attach_bytes(store, report, "report.pdf", FILE_BYTES, "application/pdf")
        assert held is not None
        ensure_issued(store, held)  # a minute whose frozen distribution list names contacts by id
    return store_folder


@pytest.fixture
def team(pg, pg_database: str, capsys, monkeypatch) -> tuple[str, str]:
    """A team store with the demo case under other references (so every id collides) and a chair's login."""
    assert run(capsys, "team", "init", "--url", pg_database)[0] == 0
    login = f"import_chair_{os.getpid()}_{next(_numbers)}"
    monkeypatch.setenv("SOLODESK_NEW_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "team", "add-user", login, "--url", pg_database, "--name", "Chair", "--role", "chair")
    assert code == 0, err
    with TeamStore.open(pg_database) as store, store.session() as session:
        load_demo(session)
        for subject in session.scalars(select(Subject)):  # through the ORM, so its folded search words follow
            subject.surname, subject.visor_ref, subject.police_ref = "Other", "TEAM-1", "TEAM-P1"
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    return pg_database, pg.url(parse_url(pg_database).database, user=login)


def _counts(admin_url: str) -> dict[str, int]:
    with TeamStore.open(admin_url) as store, store.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Subject, Conference, Contact, Attachment, AuditEvent)
        }


def test_import_copies_every_case_with_new_ids_reuses_the_directory_and_signs_as_the_login(
    laptop, team, capsys
) -> None:
    admin_url, login_url = team
    before = _counts(admin_url)
    code, out, err = run(capsys, "team", "import", "--store", str(laptop), "--url", login_url)
    assert code == 0, err
    assert out.startswith("Imported 1 case (")
    after = _counts(admin_url)
    assert after["subject"] == before["subject"] + 1
    assert after["conference"] == before["conference"] * 2
    assert after["contact"] == before["contact"] + 1  # only the newcomer: the rest matched by name and e-mail
    login = parse_url(login_url).username
    with TeamStore.open(admin_url) as store, store.session() as session:
        imported = session.scalars(select(Subject).where(Subject.surname != "Other")).one()
        newcomer = session.scalars(select(Contact).where(Contact.name == "Ffion Newcomer")).one()
        notes = session.scalars(select(AgendaNote).join(Conference).where(Conference.subject_id == imported.id)).all()
        moved = {"contacts": [newcomer.id], "kinds": [], "withheld": {str(newcomer.id): "conflict"}}
        assert sum(n.audience == moved for n in notes) == 1
        names = dict(session.execute(select(Contact.id, Contact.name)).all())
        issue = session.scalars(select(MinuteIssue).join(Conference).where(Conference.subject_id == imported.id)).one()
        recipients = [r for r in issue.content["distribution"] if r["contact_id"] is not None]
        assert recipients and all(names[r["contact_id"]] == r["name"] for r in recipients)
        attached = session.scalars(select(Attachment)).one()
        assert hashlib.sha256(attached.data).digest() == hashlib.sha256(FILE_BYTES).digest()
        # Every imported conference reads whole: its invitees are the team's own directory entries.
        conferences = session.scalars(select(Conference).where(Conference.subject_id == imported.id)).all()
        for conference in conferences:
            snapshot = read_conference(session, conference)
            assert snapshot.subject_id == imported.id
            assert snapshot.previous_conference_id in {None, *(c.id for c in conferences)}
        assert any(c.previous_conference_id for c in conferences)
        events = session.scalars(select(AuditEvent).where(AuditEvent.detail.contains("laptop_actor="))).all()
        assert events and {e.actor for e in events} == {login}
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "team.imported")).one()
    # Copied without the ORM, the case still carries its folded words: the server register finds it.
    with TeamStore.open(admin_url) as store:
        typed = f"{imported.forenames} {imported.surname} {imported.visor_ref}"
        assert open_register(store).search(RegisterFilter(text=typed)) == [imported.id]


def test_duplicates_are_listed_and_nothing_is_written(laptop, team, capsys) -> None:
    admin_url, login_url = team
    assert run(capsys, "team", "import", "--store", str(laptop), "--url", login_url)[0] == 0
    before = _counts(admin_url)
    code, out, err = run(capsys, "team", "import", "--store", str(laptop), "--url", login_url)
    assert code == 4 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("laptop case 1 (") and "matches team case" in lines[0]
    assert lines[0].endswith("by ViSOR reference")
    assert "item id" in err  # the attached file's report came over the first time
    assert lines[-1].startswith("solodesk: ") and lines[-1].endswith(
        "already in the team store (listed above); nothing was imported."
    )
    assert _counts(admin_url) == before


def test_a_failure_half_way_leaves_the_team_store_unchanged(laptop, team, capsys, monkeypatch) -> None:
    admin_url, login_url = team
    before = _counts(admin_url)
    real = team_copy._copy_table

    def failing(source, target, table, result, hook):  # type: ignore[no-untyped-def]
        if table.name == "action":  # after subjects, conferences and contacts are in
            assert result.copied["conference"] > 0
            raise team_copy.StoreUnusableError("The copy stopped half-way (injected).")
        real(source, target, table, result, hook)

    monkeypatch.setattr(team_copy, "_copy_table", failing)
    code, _, err = run(capsys, "team", "import", "--store", str(laptop), "--url", login_url)
    assert code == 4 and "injected" in err
    assert _counts(admin_url) == before


def test_wrong_password_exits_3_and_unreachable_exits_4(laptop, team, capsys, monkeypatch) -> None:
    admin_url, login_url = team
    before = _counts(admin_url)
    monkeypatch.setenv("SOLODESK_PASSWORD", "not the password at all")
    code, _, err = run(capsys, "team", "import", "--store", str(laptop), "--url", login_url)
    assert code == 3 and "refused the login or password" in err
    nowhere = "postgresql://someone@/solodesk?host=/nonexistent-socket-folder"
    code, _, err = run(capsys, "team", "import", "--store", str(laptop), "--url", nowhere)
    assert code == 4 and "could not be reached" in err
    assert _counts(admin_url) == before


def test_a_login_without_the_grant_is_refused_in_a_sentence(laptop, team, pg, capsys, monkeypatch) -> None:
    admin_url, _ = team
    login = f"import_manager_{os.getpid()}_{next(_numbers)}"
    run(capsys, "team", "add-user", login, "--url", admin_url, "--name", "M", "--role", "manager")
    before = _counts(admin_url)
    manager = pg.url(parse_url(admin_url).database, user=login)
    code, _, err = run(capsys, "team", "import", "--store", str(laptop), "--url", manager)
    assert code == 4 and "may not add cases to the team store" in err
    assert len(err.strip().splitlines()) == 1
    assert _counts(admin_url) == before


_HALTING_IMPORT = """
import sys
from solodesk.store import team_copy
real = team_copy._copy_table
def halt(source, target, table, result, hook):
    if table.name == "action":  # subjects, conferences and contacts are written, not committed
        print("half-way", flush=True)
        sys.stdin.read()
    real(source, target, table, result, hook)
team_copy._copy_table = halt
from solodesk.__main__ import main
sys.exit(main(["team", "import", "--store", sys.argv[1], "--url", sys.argv[2]]))
"""


def test_an_import_killed_half_way_leaves_the_team_store_unchanged(laptop, team) -> None:
    admin_url, login_url = team
    before = _counts(admin_url)
    with subprocess.Popen(
        [sys.executable, "-c", _HALTING_IMPORT, str(laptop), login_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "half-way"
        finally:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert _counts(admin_url) == before
    # The server let go of everything the killed import held: a fresh import goes through.
    assert main(["team", "import", "--store", str(laptop), "--url", login_url]) == 0
    assert _counts(admin_url)["subject"] == before["subject"] + 1
