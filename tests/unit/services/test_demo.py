"""The demo case is complete enough to show a new user a whole conference."""

import pytest

from solodesk.models import (
    AgendaItem,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    PlanArea,
    Subject,
)
from solodesk.services.demo import load_demo
from solodesk.services.validation import actions_raised_at, blocking, check_conference

pytestmark = pytest.mark.both_stores


def _conferences(store) -> tuple[Conference, Conference]:
    with store.session() as session:
        load_demo(session)
    session = store.sessions()
    initial, review = session.query(Conference).order_by(Conference.id).all()
    return initial, review


def test_initial_conference_is_held_with_every_agenda_item_filled(store) -> None:
    """Every fixed agenda item has notes, and the conference is held."""
    initial, _ = _conferences(store)
    assert initial.kind == ConferenceType.INITIAL and initial.status == ConferenceStatus.HELD
    for item in AgendaItem:
        note = initial.note_for(item)
        assert note is not None and note.notes.strip(), item
    assert initial.next_date is not None
    assert initial.risk_rationale and initial.victims and initial.decisions and initial.disclosures


def test_invitees_span_agencies_with_an_apology_and_hard_names(store) -> None:
    """At least 7 invitees from different agencies, an apology, non-ASCII and apostrophes."""
    initial, _ = _conferences(store)
    invitees = initial.invitations
    assert len(invitees) >= 7
    assert len({i.contact.agency_id for i in invitees}) >= 7
    assert any(i.attendance == Attendance.APOLOGIES for i in invitees)
    names = [i.contact.name for i in invitees]
    assert any(not name.isascii() for name in names)
    assert any("'" in name for name in names)


def test_action_plan_covers_every_area_with_owners_and_dates(store) -> None:
    """At least 8 actions across all plan areas, each with owner and due date; nothing blocks issue."""
    initial, _ = _conferences(store)
    actions = actions_raised_at(initial)
    assert len(actions) >= 8
    assert {a.plan_area for a in actions} == set(PlanArea)
    assert all(a.owner_id is not None and a.due_date is not None for a in actions)
    assert blocking(check_conference(initial)) == []


def test_demo_has_restricted_items_and_a_planned_review(store) -> None:
    """Restricted content exists, and a review conference is planned from the initial one."""
    initial, review = _conferences(store)
    assert any(v.restricted for v in initial.victims)
    assert any(n.restricted_notes for n in initial.agenda_notes)
    assert review.kind == ConferenceType.REVIEW and review.status == ConferenceStatus.PLANNED
    assert review.previous_conference_id == initial.id
    assert review.meeting_date == initial.next_date


def test_demo_is_added_only_once(store) -> None:
    """Loading the demo twice leaves one subject."""
    with store.session() as session:
        assert load_demo(session) is True
    with store.session() as session:
        assert load_demo(session) is False
    with store.session() as session:
        assert session.query(Subject).count() == 1
