"""Check-out of conferences from a real PostgreSQL team store to a laptop, offline edits, check-in, leases."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.models import AgendaItem, AgendaNote, Conference, MinuteIssue
from solodesk.services.checkout import (
    CheckedOutError,
    break_lease,
    check_in,
    check_out,
    checked_out_here,
    lease_of,
    may_break_leases,
)
from solodesk.services.handover import Choice, ConflictsNeedChoiceError
from solodesk.services.minute_issue import issue_minute
from solodesk.store import CaseStore
from solodesk.store.errors import ForbiddenError
from tests.conftest import PASSPHRASE
from tests.helpers.checkout_team import PASSWORD, demo_team, signed_in


@pytest.fixture
def team(pg, pg_database: str) -> dict[str, object]:
    """The demo on a team store; a chair, an assistant (minuting the held conference) and a manager."""
    return demo_team(pg, pg_database, login_prefix="co")


@pytest.fixture
def laptop(tmp_path: Path) -> CaseStore:
    store, _ = CaseStore.create(tmp_path / "laptop", PASSPHRASE)
    yield store
    store.close()


def note_text(store: CaseStore, conference_id: int, item: AgendaItem = AgendaItem.PURPOSE) -> str:
    with store.session() as session:
        return session.scalars(
            select(AgendaNote.notes).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one()


def set_note(store: CaseStore, conference_id: int, text: str, item: AgendaItem = AgendaItem.PURPOSE) -> None:
    with store.session() as session:
        note = session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one()
        note.notes = text


def test_check_out_edit_offline_check_in(team, laptop: CaseStore) -> None:
    """The assistant checks the meeting out, types up and issues offline; check-in brings it all back once."""
    conference_id = int(team["conference"])
    with signed_in(team, "assistant") as server:
        [out] = check_out(server, [conference_id], laptop)
    assert "Leon" in out.label
    assert checked_out_here(laptop)[0][1] == conference_id
    # Offline: the team store is not reached while she works.
    set_note(laptop, out.local_conference_id, "Typed up on the train: Zoë's summary.")
    issue_minute(laptop, out.local_conference_id, issued_by="Siobhán Mac Giolla")
    with signed_in(team, "chair") as chair:
        lease = lease_of(chair, conference_id)
        assert lease is not None and "Checked out by The assistant since" in lease.sentence()
        # Nobody else changes the meeting meanwhile: the server refuses, naming who has it.
        with pytest.raises(CheckedOutError, match=r"checked out by The assistant since .*Nothing was changed\."):
            set_note(chair, conference_id, "The chair tries to edit")
    with signed_in(team, "assistant") as server:
        [back] = check_in(laptop, server)
    assert back.result.updated >= 1 and back.result.added >= 1 and not back.broken_by
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "Typed up on the train: Zoë's summary."
        with chair.session() as session:
            issued = session.scalars(select(MinuteIssue.issued_by).where(MinuteIssue.conference_id == conference_id))
            assert list(issued) == ["Siobhán Mac Giolla"]
        assert lease_of(chair, conference_id) is None
        set_note(chair, conference_id, "The chair edits again once it is checked in")
    assert checked_out_here(laptop) == []
    with signed_in(team, "assistant") as server:
        assert check_in(laptop, server) == []  # checking in twice changes nothing
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "The chair edits again once it is checked in"


def test_someone_elses_check_out_is_refused_with_their_name(team, laptop: CaseStore, tmp_path: Path) -> None:
    conference_id = int(team["conference"])
    with signed_in(team, "assistant") as server:
        check_out(server, [conference_id], laptop)
    other, _ = CaseStore.create(tmp_path / "other", PASSPHRASE)
    with other, signed_in(team, "chair") as chair, pytest.raises(CheckedOutError, match="Checked out by The assistant"):
        check_out(chair, [conference_id], other)


def test_a_broken_lease_is_told_at_check_in_and_conflicts_are_listed(team, laptop: CaseStore) -> None:
    """The manager breaks the lease; the chair edits on the server; the laptop's check-in lists the conflict."""
    conference_id = int(team["conference"])
    with signed_in(team, "assistant") as server:
        [out] = check_out(server, [conference_id], laptop)
        with pytest.raises(ForbiddenError):
            break_lease(server, conference_id)  # not the assistant's to break
        assert may_break_leases(server) is False
    set_note(laptop, out.local_conference_id, "The laptop's wording")
    set_note(laptop, out.local_conference_id, "Only the laptop changed this", AgendaItem.VICTIM_ISSUES)
    with signed_in(team, "manager") as manager:
        assert may_break_leases(manager) is True
        assert break_lease(manager, conference_id) is True
    with signed_in(team, "chair") as chair:
        assert "broken by co_manager" in lease_of(chair, conference_id).sentence()
        set_note(chair, conference_id, "The server's wording")
    with signed_in(team, "assistant") as server:
        with pytest.raises(ConflictsNeedChoiceError) as listed:
            check_in(laptop, server)
        assert "The server's wording" in str(listed.value) and "The laptop's wording" in str(listed.value)
        [back] = check_in(laptop, server, default=Choice.KEEP_MINE)
    assert back.broken_by.startswith("co_manager")
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "The server's wording"  # never silently overwritten
        assert note_text(chair, conference_id, AgendaItem.VICTIM_ISSUES) == "Only the laptop changed this"
    assert note_text(laptop, out.local_conference_id) == "The laptop's wording"  # the laptop keeps its copy


def test_only_rows_the_login_may_read_travel(team, laptop: CaseStore) -> None:
    """An assistant's check-out holds this meeting only: another meeting's restricted items stay on the server."""
    conference_id = int(team["conference"])
    with signed_in(team, "assistant") as server:
        check_out(server, [conference_id], laptop)
    with laptop.session() as session:
        meetings = session.scalars(select(Conference.uuid)).all()
    with signed_in(team, "chair") as chair, chair.session() as session:
        every = session.scalars(select(Conference.uuid)).all()
    assert len(meetings) < len(every)


def test_the_commands_check_out_and_in(team, tmp_path: Path, monkeypatch, capsys) -> None:
    """`solodesk checkout`, `lease`, `checkin`: the laptop store is made, the lease shown, the change sent back."""
    from solodesk.__main__ import main

    conference_id = int(team["conference"])
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    folder = tmp_path / "offline"
    assert (
        main(["checkout", "--store", str(team["assistant"]), "--conference", str(conference_id), "--to", str(folder)])
        == 0
    )
    out = capsys.readouterr().out
    assert "Created a store in" in out and f"Checked out conference {conference_id}" in out
    local_id = int(out.rsplit("(conference ", 1)[1].split()[0])
    assert main(["lease", "--store", str(team["chair"]), "--conference", str(conference_id)]) == 0
    assert "Checked out by The assistant" in capsys.readouterr().out
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as laptop:
        set_note(laptop, local_id, "Sent back by the command line")
    assert main(["checkin", "--from", str(folder), "--store", str(team["assistant"])]) == 0
    assert f"Checked in conference {conference_id}: added 0, updated 1" in capsys.readouterr().out
    assert main(["checkin", "--from", str(folder), "--store", str(team["assistant"])]) == 0
    assert "Nothing is checked out" in capsys.readouterr().out
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "Sent back by the command line"


def test_previews_show_what_will_change_and_write_nothing(team, laptop: CaseStore) -> None:
    from solodesk.services.checkout import preview_check_in, preview_check_out

    conference_id = int(team["conference"])
    with signed_in(team, "assistant") as server:
        [before] = preview_check_out(server, [conference_id], laptop)
        assert before.creates_conference and before.count("new") == len(before.lines)
        assert lease_of(server, conference_id) is None  # a preview takes no lease
        [out] = check_out(server, [conference_id], laptop)
    set_note(laptop, out.local_conference_id, "Previewed change")
    with signed_in(team, "assistant") as server:
        [coming] = preview_check_in(laptop, server)
        assert [line.kind for line in coming.lines if line.status == "changed there"] == ["Agenda notes"]
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) != "Previewed change"


def test_a_check_out_brings_the_previous_minute_for_reading(team, laptop: CaseStore) -> None:
    """The chair checks out the review: the last meeting's issued minute travels with it, and does not come back."""
    held = int(team["conference"])
    with signed_in(team, "chair") as chair:
        issue_minute(chair, held, issued_by="The chair")
        with chair.session() as session:
            previous = session.get(Conference, held)
            assert previous is not None
            review = Conference(subject_id=previous.subject_id, previous_conference_id=held)
            session.add(review)
            session.flush()
            review_id = review.id
        [out] = check_out(chair, [review_id], laptop)
    with laptop.session() as session:
        copy = session.get(Conference, out.local_conference_id)
        assert copy is not None and copy.previous is not None
        issues = session.scalars(select(MinuteIssue).where(MinuteIssue.conference_id == copy.previous.id)).all()
        assert [(i.version, i.issued_by) for i in issues] == [(1, "The chair")]
        assert issues[0].content["distribution"]  # the frozen minute itself, to read at item 3
    with signed_in(team, "chair") as chair:
        [back] = check_in(laptop, chair)
        assert (back.result.added, back.result.updated) == (0, 0)
        with chair.session() as session:
            assert len(session.scalars(select(MinuteIssue)).all()) == 1
