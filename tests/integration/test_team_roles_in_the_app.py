"""The app's own services signed in as an assistant and as a worker on a team store with the demo case.

The assistant takes the demo conference's minute: they issue and circulate it (every
recipient's copy, restricted items in the right copies). The worker is the case's
worker: they prepare a report with a file, notes, a proposed action and a risk assessment.
"""

import itertools
import os
from datetime import date
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select, update

from solodesk.__main__ import main
from solodesk.models import Conference, ConferenceStatus, Contact, NoteKind, RiskAssessment, Subject
from solodesk.services.demo import load_demo
from solodesk.services.mi import Period
from solodesk.services.mi_output import write_mi_report
from solodesk.services.minute_issue import circulate, issue_minute
from solodesk.services.preparation import (
    add_note,
    add_proposed_action,
    add_risk_assessment,
    attach_bytes,
    load_preparation,
    save_report,
)
from solodesk.services.roles import Task, permissions_of
from solodesk.store.errors import ForbiddenError
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, parse_url

PASSWORD = "a long team password"
_numbers = itertools.count(1)


@pytest.fixture
def demo_team(pg, pg_database: str) -> dict[str, object]:
    """The demo on a team store; an assistant minuting its held conference; a worker allocated its case."""
    init_team(pg_database)
    with TeamStore.open(pg_database) as store, store.session() as session:
        load_demo(session)
        conference = session.scalars(
            select(Conference).where(Conference.status == ConferenceStatus.HELD).order_by(Conference.id)
        ).first()
        assert conference is not None
        assistant, worker = Contact(name="Siobhán Mac Giolla"), Contact(name="Łukasz Nowak")
        session.add_all([assistant, worker])
        session.flush()
        conference.minute_taker_id = assistant.id
        subject = session.get(Subject, conference.subject_id)
        assert subject is not None
        subject.case_worker_id = worker.id
        ids = {"conference": conference.id, "subject": subject.id, "assistant": assistant.id, "worker": worker.id}
    database = parse_url(pg_database).database
    urls = {}
    for role in ("assistant", "worker"):
        login = f"app_{role}_{os.getpid()}_{next(_numbers)}"
        add_user(pg_database, login, f"The {role}", role, PASSWORD, contact_id=ids[role])
        urls[role] = pg.url(database, user=login)
    return {**ids, **urls}


def test_the_assistant_issues_and_circulates_the_minute_they_took(demo_team, tmp_path: Path) -> None:
    """Every recipient's copy is written and recorded, with the restricted items in the copies allowed them."""
    with TeamStore.open(str(demo_team["assistant"]), password=PASSWORD) as store:
        summary = issue_minute(store, int(demo_team["conference"]))
        assert summary.version == 1
        written = circulate(store, int(demo_team["conference"]), tmp_path)
    assert len(written) >= 3
    texts = [" ".join(page.extract_text() for page in pypdf.PdfReader(copy.path).pages) for copy in written]
    assert all("Minute" in text or "MINUTE" in text for text in texts)
    assert any("Restricted" in text for text in texts)


def test_the_worker_prepares_for_their_case(demo_team) -> None:
    """A report with a file, a restricted victim note, a proposed action, a risk assessment: saved and read back.

    Issuing the minute is not theirs: the server refuses it, and the app says so in one sentence.
    """
    subject = int(demo_team["subject"])
    with TeamStore.open(str(demo_team["worker"]), password=PASSWORD) as store:
        report_id = save_report(
            store, subject, title="Health update", agency="NHS Lothian", author="Łukasz Nowak", body="Seen weekly."
        )
        attach_bytes(store, report_id, "letter.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        add_note(store, subject, NoteKind.VICTIM, "Lives two streets away.", restricted=True)
        add_proposed_action(store, subject, "Weekly home visit", owner_name="Łukasz Nowak")
        add_risk_assessment(store, subject, "Stable 2007", assessor="Łukasz Nowak")
        preparation = load_preparation(store, subject)
        with pytest.raises(ForbiddenError, match="does not let .* do this: the server refused it"):
            issue_minute(store, int(demo_team["conference"]))
        with store.session() as session:
            adopted = session.execute(
                update(RiskAssessment).where(RiskAssessment.conference_id.is_not(None)).values(result="changed")
            )
            assert adopted.rowcount == 0  # an assessment a conference took up is the chair's
    assert [r.title for r in preparation.reports] == ["Health update"]
    assert "Lives two streets away." in [n.text for n in preparation.notes]
    assert "Weekly home visit" in [a.description for a in preparation.actions]
    assert "Stable 2007" in [r.tool for r in preparation.risks]


def test_what_each_role_is_offered_is_what_the_server_allows(pg, pg_database: str, demo_team, store) -> None:
    """The app offers each role what its grants allow: what it greys out, the server refuses too."""
    manager = f"app_manager_{os.getpid()}_{next(_numbers)}"
    add_user(pg_database, manager, "The manager", "manager", PASSWORD)
    database = parse_url(pg_database).database
    logins = {"assistant": str(demo_team["assistant"]), "worker": str(demo_team["worker"])}
    logins["manager"] = pg.url(database, user=manager)
    offered = {}
    for role, url in logins.items():
        with TeamStore.open(url, password=PASSWORD) as team:
            offered[role] = permissions_of(team)
            with pytest.raises(ForbiddenError), team.session() as session:
                session.add(Subject(forenames="Ann", surname="Other"))  # adding a case is the chair's alone
    assert not any(p.may(Task.ADD_CASE) for p in offered.values())
    assert offered["assistant"].may(Task.CIRCULATE) and not offered["assistant"].may(Task.PREPARE)
    assert offered["worker"].may(Task.PREPARE) and not offered["worker"].may(Task.CIRCULATE)
    # A manager changes nothing; the team's figures are theirs (and the chair's) alone.
    assert [task for task in Task if offered["manager"].may(task)] == [Task.MANAGEMENT_INFORMATION]
    assert not offered["worker"].may(Task.MANAGEMENT_INFORMATION)
    assert (
        offered["worker"].refusal(Task.ADD_CASE) == "Your role on this team store (worker) does not let you add a case."
    )
    with TeamStore.open(pg_database) as owner:
        assert permissions_of(owner).everything  # the store's owner (IT) is not held back
    assert permissions_of(store).everything  # a laptop store: the person there does everything


def test_the_team_figures_are_refused_to_a_worker_in_a_sentence(demo_team, tmp_path: Path, monkeypatch, capsys) -> None:
    """A worker's login would count only their own cases: the report says so, and nothing is written."""
    period = Period.checked(date(2020, 1, 1), date(2030, 12, 31))
    with TeamStore.open(str(demo_team["worker"]), password=PASSWORD) as team, pytest.raises(ForbiddenError) as refused:
        write_mi_report(team, period, tmp_path, date(2026, 12, 3))
    assert str(refused.value) == (
        "Your role on this team store (worker) does not let you produce the management information."
    )
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    out = tmp_path / "figures"
    argv = ["report", "mi", "--store", str(demo_team["worker"]), "--from", "2020-01-01", "--to", "2030-12-31"]
    assert main([*argv, "--out", str(out)]) == 4
    assert "does not let you produce the management information" in capsys.readouterr().err
    assert not any(out.iterdir())
