"""Working together (issue 14 item 5): a second save over someone else's change is refused, never silent."""

import os
import threading
from datetime import UTC, date, datetime

import pytest

from solodesk.models import AgendaItem, Conference, ConferenceType
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_fields import ConferenceText, VictimText
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_removal import RowKind, remove_row
from solodesk.services.chair_view import load_snapshot
from solodesk.services.changes import ChangeStamp, change_stamp
from solodesk.services.edit_conflict import EditConflictError, conflict_sentence
from solodesk.store import CaseStore
from solodesk.store.team_store import TeamStore
from tests.helpers.chair_scenario import convene_leon
from tests.integration.test_team_store import _login

VENUE = ConferenceText.NEXT_VENUE
RATIONALE = ConferenceText.RISK_RATIONALE


@pytest.fixture
def conference_id(store: CaseStore) -> int:
    return convene_leon(store, date(1979, 4, 2), "Room 3.12", "Concern.", ("Margaret Nicolson",))


def _row(store: CaseStore, conference_id: int) -> Conference:
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        assert conference is not None
        return conference


@pytest.mark.both_stores
def test_two_people_editing_different_fields_both_keep_their_words(store: CaseStore, conference_id: int) -> None:
    """Both loaded the empty record; one writes the venue, the other the rationale: both are stored."""
    chair_ops.apply(store, SetText(VENUE, conference_id, "Room 4", base=""))
    chair_ops.apply(store, SetText(RATIONALE, conference_id, "Imminent risk to a child.", base=""))
    snap = load_snapshot(store, conference_id)
    assert (snap.next_venue, snap.risk_rationale) == ("Room 4", "Imminent risk to a child.")
    row = _row(store, conference_id)
    assert row.version >= 3 and row.changed_by == store.actor and row.changed_at is not None


@pytest.mark.both_stores
def test_the_second_save_of_the_same_field_is_refused_with_who_and_when(store: CaseStore, conference_id: int) -> None:
    """Both started from an empty venue: the later save names the first saver and the time, and writes nothing."""
    chair_ops.apply(store, SetText(VENUE, conference_id, "Room 4", base=""))
    version = _row(store, conference_id).version
    with pytest.raises(EditConflictError) as refused:
        chair_ops.apply(store, SetText(VENUE, conference_id, "Room 9", base=""))
    local = _row(store, conference_id).changed_at
    assert local is not None
    hhmm = (local if local.tzinfo else local.replace(tzinfo=UTC)).astimezone().strftime("%H:%M")
    assert str(refused.value) == f"Changed by {store.actor} at {hhmm} — reload."
    assert refused.value.current == "Room 4"
    assert load_snapshot(store, conference_id).next_venue == "Room 4"
    assert _row(store, conference_id).version == version
    # Saving again from what is stored now (after a reload) goes through.
    chair_ops.apply(store, SetText(VENUE, conference_id, "Room 9", base="Room 4"))
    assert load_snapshot(store, conference_id).next_venue == "Room 9"


@pytest.mark.both_stores
def test_notes_and_row_removal_are_checked_too(store: CaseStore, conference_id: int) -> None:
    """Agenda notes refuse a stale base; a victim saved since the chair saw it is not removed unseen."""
    chair_edit.save_note(store, conference_id, AgendaItem.PURPOSE, notes="First words.", base="")
    with pytest.raises(EditConflictError):
        chair_edit.save_note(store, conference_id, AgendaItem.PURPOSE, notes="Other words.", base="")
    assert load_snapshot(store, conference_id).note(AgendaItem.PURPOSE).notes == "First words."
    victim_id = chair_edit.add_victim(store, conference_id)
    chair_ops.apply(store, SetText(VictimText.DESCRIPTION, victim_id, "Neighbour's child", base=""))
    with pytest.raises(EditConflictError, match=r"^Changed by .+ — reload\.$"):
        remove_row(store, RowKind.VICTIM, victim_id, seen_version=1)
    assert [v.id for v in load_snapshot(store, conference_id).victims] == [victim_id]
    remove_row(store, RowKind.VICTIM, victim_id, seen_version=2)
    assert load_snapshot(store, conference_id).victims == []


def test_the_sentence_gives_the_date_when_it_was_not_today() -> None:
    """An old change says which day; a change without a time still names who made it."""
    then = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert conflict_sentence("alice", then, now=datetime(2026, 12, 3, 9, 0, tzinfo=UTC)).endswith(
        f"{then.astimezone():%H:%M} on 2 March 2026 — reload."
    )
    assert conflict_sentence("", None) == "Changed by someone else — reload."


def _second_conference(store: CaseStore, conference_id: int) -> int:
    with store.session() as session:
        first = session.get(Conference, conference_id)
        assert first is not None
        second = Conference(subject_id=first.subject_id, kind=ConferenceType.INITIAL, meeting_date=date(2026, 12, 14))
        session.add(second)
        session.flush()
        return second.id


def test_on_postgresql_two_people_at_once(pg, pg_database: str) -> None:
    """Two sign-ins: an open save of one conference never holds up another; the same field waits, then is refused."""
    alice = _login(pg, pg_database, f"alice_{os.getpid()}", "Correct horse 1")
    with TeamStore.open(alice, "Correct horse 1") as first, TeamStore.open(pg_database) as second:
        one = convene_leon(first, date(1979, 4, 2), "Room 3.12", "Concern.", ("Margaret Nicolson",))
        two = _second_conference(first, one)
        done: list[object] = []

        def save(conference_id: int, text: str) -> None:
            try:
                chair_ops.apply(second, SetText(VENUE, conference_id, text, base=""))
                done.append("saved")
            except EditConflictError as exc:
                done.append(exc)

        # The first person's save of conference one is in flight (its row locked, not yet committed).
        with first.session() as session:
            row = chair_ops.get_record(session, Conference, one, lock=True)
            row.next_venue = "Room 4"
            session.flush()
            other = threading.Thread(target=save, args=(two, "Room 7"))
            other.start()
            other.join(timeout=20)
            assert not other.is_alive() and done == ["saved"]  # Another conference: never blocked.
            same = threading.Thread(target=save, args=(one, "Room 9"))
            same.start()
            same.join(timeout=1)
            assert same.is_alive()  # The same row waits for the first save to finish.
        same.join(timeout=20)
        assert not same.is_alive()
        refusal = done[1]
        assert isinstance(refusal, EditConflictError) and refusal.changed_by == first.actor == f"alice_{os.getpid()}"
        assert str(refusal).startswith(f"Changed by {first.actor} at ")
        assert load_snapshot(first, one).next_venue == "Room 4"
        assert load_snapshot(first, two).next_venue == "Room 7"


@pytest.mark.both_stores
def test_the_change_stamp_tells_another_persons_save_from_ones_own(
    store: CaseStore, conference_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One's own save moves the stamp but is no news; a save under another name is."""
    start = change_stamp(store)
    chair_ops.apply(store, SetText(VENUE, conference_id, "Room 4", base=""))
    own = change_stamp(store, start.newest)
    assert own.newest > start.newest and not own.by_others
    assert change_stamp(store, own.newest) == ChangeStamp(own.newest, False)
    with monkeypatch.context() as patch:
        patch.setattr(type(store), "actor", property(lambda _store: "hannah"))
        chair_ops.apply(store, SetText(RATIONALE, conference_id, "Imminent.", base=""))
    theirs = change_stamp(store, own.newest)
    assert theirs.newest > own.newest and theirs.by_others
