"""Convening rules: who is suggested, what a review carries over, and what a request must contain."""

from datetime import date

import pytest

from solodesk.models import (
    ActionStatus,
    Attendance,
    AuditEvent,
    Conference,
    ConferenceStatus,
    ConferenceType,
    InvitationResponse,
    ReasonForConvening,
    Subject,
)
from solodesk.services import chair_edit
from solodesk.services.chair_view import load_snapshot
from solodesk.services.convening import (
    ConveneError,
    ConveneRequest,
    InviteeRequest,
    convene_context,
    convene_in_store,
    suggest_for_store,
)
from solodesk.services.demo import load_demo
from tests.helpers.chair_scenario import seed_leon

pytestmark = pytest.mark.both_stores

MEETING = date(2026, 9, 14)


def _names(store, scenario, suggestions) -> set[str]:
    by_id = {v: k for k, v in scenario.contacts.items()}
    return {by_id[s.contact_id] for s in suggestions}


def _request(scenario, **overrides) -> ConveneRequest:
    values = {
        "subject_id": scenario.subject_id,
        "kind": ConferenceType.INITIAL,
        "meeting_date": MEETING,
        "venue": "Room 3.12",
        "reasons": [ReasonForConvening.HIGH_RISK_RETURNING],
        "chair_id": scenario.contacts["Margaret Nicolson"],
        "invitees": [InviteeRequest(scenario.contacts["DS Zoë Ó Briain"])],
    }
    values.update(overrides)
    return ConveneRequest(**values)


def test_police_solo_is_always_suggested_and_other_police_are_not(store) -> None:
    """An adult subject with no children involved: only the police SOLO is suggested."""
    scenario = seed_leon(store, offence="Indecent exposure to an adult.")
    names = _names(store, scenario, suggest_for_store(store, scenario.subject_id, ConferenceType.INITIAL, MEETING))
    assert names == {"DS Zoë Ó Briain"}


def test_children_and_families_suggested_when_children_are_involved(store) -> None:
    """The offence record mentions girls: children & families is suggested with its reason."""
    scenario = seed_leon(store)
    suggestions = suggest_for_store(store, scenario.subject_id, ConferenceType.INITIAL, MEETING)
    assert _names(store, scenario, suggestions) == {"DS Zoë Ó Briain", "Nguyễn Thị Mai"}
    reason = next(s.reason for s in suggestions if s.contact_id == scenario.contacts["Nguyễn Thị Mai"])
    assert "children are involved" in reason


def test_under_18_rule_is_applied_on_the_meeting_date(store) -> None:
    """A subject who turns 18 after the meeting is a young person; on the birthday he is not."""
    scenario = seed_leon(store, born=date(2008, 9, 15), offence="Assault.")
    before = suggest_for_store(store, scenario.subject_id, ConferenceType.INITIAL, date(2026, 9, 14), children=False)
    on_birthday = suggest_for_store(
        store, scenario.subject_id, ConferenceType.INITIAL, date(2026, 9, 15), children=False
    )
    assert "Nguyễn Thị Mai" in _names(store, scenario, before)
    assert "Nguyễn Thị Mai" not in _names(store, scenario, on_birthday)


def test_missing_meeting_date_is_refused_with_a_sentence_and_nothing_stored(store) -> None:
    """No date: a ConveneError naming the problem, and no conference in the store."""
    scenario = seed_leon(store)
    with pytest.raises(ConveneError, match="Choose the date of the meeting."):
        convene_in_store(store, _request(scenario, meeting_date=None))
    with store.session() as session:
        assert session.query(Conference).count() == 0


def test_convening_stores_invitations_responses_and_apologies(store) -> None:
    """Invitations keep date, method and response; an apology starts as apologies; status becomes invited."""
    scenario = seed_leon(store)
    invitees = [
        InviteeRequest(scenario.contacts["DS Zoë Ó Briain"], invited_on=date(2026, 8, 24)),
        InviteeRequest(
            scenario.contacts["José Muñoz-Ferreira"],
            invited_on=date(2026, 8, 24),
            response=InvitationResponse.APOLOGIES,
            report_submitted=True,
        ),
    ]
    conference_id = convene_in_store(store, _request(scenario, invitees=invitees))
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        assert conference.status == ConferenceStatus.INVITED
        apology = next(i for i in conference.invitations if i.contact.name == "José Muñoz-Ferreira")
        assert (apology.attendance, apology.report_submitted) == (Attendance.APOLOGIES, True)
        event = session.query(AuditEvent).filter_by(action="conference.convened").one()
        assert event.entity_id == conference_id and "Leon" not in event.detail


def test_review_follows_the_held_conference_and_carries_its_open_actions(store) -> None:
    """A review of the demo case follows the held initial conference; its 9 open actions await an outcome."""
    with store.session() as session:
        load_demo(session)
        subject = session.query(Subject).one()
        initial = next(c for c in subject.conferences if c.kind == ConferenceType.INITIAL)
        contacts = {i.contact.name: i.contact_id for i in initial.invitations}
        subject_id, initial_id = subject.id, initial.id
    context = convene_context(store, subject_id)
    assert context.default_previous_id == initial_id
    suggested = suggest_for_store(store, subject_id, ConferenceType.REVIEW, date(2026, 12, 7))
    assert set(contacts.values()) <= {s.contact_id for s in suggested}
    request = ConveneRequest(
        subject_id=subject_id,
        kind=ConferenceType.REVIEW,
        meeting_date=date(2026, 12, 7),
        venue="Room 3.12",
        reasons_other="Review after release.",
        chair_id=contacts["Margaret Nicolson"],
        previous_conference_id=initial_id,
        invitees=[InviteeRequest(contacts["DS Zoë Ó Briain"])],
    )
    review_id = convene_in_store(store, request)
    snap = load_snapshot(store, review_id)
    assert snap.previous_conference_id == initial_id
    assert len(snap.previous_actions) == 9
    assert not any(a.reviewed_here for a in snap.previous_actions)
    first = snap.previous_actions[0]
    chair_edit.record_outcome(store, review_id, first.id, status=ActionStatus.COMPLETED, outcome="Done on 1 Oct.")
    again = load_snapshot(store, review_id).previous_actions[0]
    assert (again.status, again.outcome, again.reviewed_here) == (ActionStatus.COMPLETED, "Done on 1 Oct.", True)


def test_review_without_a_previous_conference_is_refused(store) -> None:
    """A review must say which conference it follows."""
    scenario = seed_leon(store)
    with pytest.raises(ConveneError, match="A review must follow an earlier conference"):
        convene_in_store(store, _request(scenario, kind=ConferenceType.REVIEW))
