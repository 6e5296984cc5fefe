"""Chair mode services: edits, completeness, closing the meeting, and the minute preview."""

from datetime import date

import pytest

from solodesk.models import AgendaItem, Attendance, AuditEvent, Conference, ConferenceStatus
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_ops import SetActionOwner, SetAttendance, SetText, VictimText
from solodesk.services.chair_view import Progress, item_progress, load_snapshot
from solodesk.services.minute_views import draft_pdf
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.minutes import nfc, page_texts

pytestmark = pytest.mark.both_stores


@pytest.fixture
def conference_id(store) -> int:
    return convene_leon(store, date(2010, 1, 1), "Room <b>3</b>", "Circular 18 received.")


def test_completeness_lists_what_is_missing_at_the_meeting(store, conference_id) -> None:
    """An empty record of an under-18 subject: owner, date, next date, rationale, victims and C&F are all named."""
    chair_edit.add_action(store, conference_id, "Visit weekly")
    messages = [f.message for f in chair_edit.completeness(store, conference_id)]
    for expected in (
        "Action 1 has no owner.",
        "Action 1 has no due date.",
        "No next meeting date, and no reason for not reconvening.",
        "The agreed level of risk has no rationale.",
        "Victim issues are empty.",
        "The subject is under 18 but children & families social work is not present.",
    ):
        assert expected in messages


def test_closing_sets_held_and_audits_without_case_text(store, conference_id) -> None:
    """Closing the meeting sets status held and writes an audit event with the count of accepted findings."""
    chair_edit.close_meeting(store, conference_id, accepted_findings=4)
    with store.session() as session:
        assert session.get(Conference, conference_id).status == ConferenceStatus.HELD
        event = session.query(AuditEvent).filter_by(action="conference.closed").one()
        assert (event.entity_id, event.detail) == (conference_id, "accepted_findings=4")


def test_unknown_fields_are_refused(store, conference_id) -> None:
    """An operation cannot name a field outside the allow-list (e.g. the status), even as a plain string."""
    with pytest.raises(TypeError, match="not an editable field"):
        chair_ops.SetText("status", conference_id, ConferenceStatus.ISSUED.value)  # type: ignore[arg-type]


def test_new_owner_brings_their_agency(store, conference_id) -> None:
    """Changing an action's owner fills the agency from the owner's directory entry."""
    snap = load_snapshot(store, conference_id)
    police = next(i for i in snap.invitees if i.name == "DS Zoë Ó Briain")
    action_id = chair_edit.add_action(store, conference_id, "Home visit", due_date=date(2026, 10, 1))
    chair_ops.apply(store, SetActionOwner(action_id, police.contact_id))
    action = load_snapshot(store, conference_id).actions[0]
    assert (action.owner_name, action.agency_name) == ("DS Zoë Ó Briain", "Police Scotland OMU")


def test_progress_marks_follow_content_and_completion(store, conference_id) -> None:
    """An item is empty, then started when something is recorded, then completed when marked."""
    assert item_progress(load_snapshot(store, conference_id), AgendaItem.VICTIM_ISSUES) == Progress.EMPTY
    chair_edit.add_victim(store, conference_id)
    assert item_progress(load_snapshot(store, conference_id), AgendaItem.VICTIM_ISSUES) == Progress.STARTED
    chair_edit.save_note(store, conference_id, AgendaItem.VICTIM_ISSUES, completed=True)
    assert item_progress(load_snapshot(store, conference_id), AgendaItem.VICTIM_ISSUES) == Progress.COMPLETED


def test_chair_preview_is_the_minute_pdf_with_markup_as_text(store, conference_id) -> None:
    """The chair's preview is the draft minute: stored markup prints as typed, the restricted victim is marked."""
    victim_id = chair_edit.add_victim(store, conference_id)
    chair_ops.apply(store, SetText(VictimText.DESCRIPTION, victim_id, "<script>alert(1)</script> girl aged 9"))
    chair_edit.save_note(store, conference_id, AgendaItem.PURPOSE, notes="Tom & Jerry <i>said</i>")
    snap = load_snapshot(store, conference_id)
    chair_ops.apply(store, SetAttendance(snap.invitees[0].id, Attendance.PRESENT))
    text = nfc("\n".join(page_texts(draft_pdf(store, conference_id))))
    assert "<script>alert(1)</script> girl aged 9" in text
    assert "Tom & Jerry <i>said</i>" in text
    assert "Room <b>3</b>" in text
    assert "Victim 1 (known) · Restricted — chair only" in " ".join(text.split())
    positions = [text.index(f"{item.number}. {item.label}") for item in AgendaItem]
    assert positions == sorted(positions)
