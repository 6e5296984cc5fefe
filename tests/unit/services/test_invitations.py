"""Between convening and the meeting: responses, rescheduling, inviting and withdrawing."""

from datetime import date, time

import pytest

from solodesk.models import Attendance, ConferenceStatus, InvitationMethod, InvitationResponse
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.services.directory import ContactForm, save_contact
from solodesk.services.forms import FormValidationError
from solodesk.services.invitations import (
    invite,
    load_arrangements,
    mark_invitations_sent,
    record_response,
    reschedule,
    uninvite,
)

REVIEW = 2  # the demo's planned review conference


@pytest.fixture
def demo(store):
    with store.session() as session:
        load_demo(session)
    return store


def _invitee(store, name_part: str):
    return next(i for i in load_snapshot(store, REVIEW).invitees if name_part in i.name)


def test_apologies_carry_through_to_attendance(demo) -> None:
    """An apology recorded before the meeting shows as apologies at it; withdrawing it clears that."""
    zoe = _invitee(demo, "Zoë")
    record_response(demo, zoe.id, InvitationResponse.APOLOGIES, report_submitted=True)
    after = _invitee(demo, "Zoë")
    assert after.response == InvitationResponse.APOLOGIES
    assert after.attendance == Attendance.APOLOGIES and after.report_submitted
    record_response(demo, zoe.id, InvitationResponse.ACCEPTED)
    assert _invitee(demo, "Zoë").attendance == Attendance.UNKNOWN


def test_response_never_overrides_attendance_taken_at_the_meeting(demo) -> None:
    """If the chair marked someone present, a late 'apologies' answer does not change it."""
    from solodesk.services.chair_ops import SetAttendance, apply

    mai = _invitee(demo, "Nguyễn")
    apply(demo, SetAttendance(mai.id, Attendance.PRESENT))
    record_response(demo, mai.id, InvitationResponse.APOLOGIES)
    assert _invitee(demo, "Nguyễn").attendance == Attendance.PRESENT


def test_reschedule_needs_date_and_venue(demo) -> None:
    """Moving the meeting saves date, time and venue; blanks are refused with sentences."""
    reschedule(demo, REVIEW, date(2026, 12, 9), time(14, 30), "Room 2.01, Waverley Court")
    arrangements = load_arrangements(demo, REVIEW)
    assert (arrangements.meeting_date, arrangements.meeting_time) == (date(2026, 12, 9), time(14, 30))
    assert arrangements.venue == "Room 2.01, Waverley Court"
    with pytest.raises(FormValidationError) as exc:
        reschedule(demo, REVIEW, None, None, " ")
    assert set(exc.value.problems) == {"meeting_date", "venue"}
    assert load_arrangements(demo, REVIEW).venue == "Room 2.01, Waverley Court"


def test_invite_withdraw_and_mark_sent(demo) -> None:
    """A new invitee is added once, marked sent with the status moving to invited, and can be withdrawn."""
    contact_id = save_contact(demo, ContactForm(name="Seán Ó Muirí", agency_name="Community Health"))
    assert any(option.id == contact_id for option in load_arrangements(demo, REVIEW).directory)
    first = invite(demo, REVIEW, contact_id)
    assert invite(demo, REVIEW, contact_id) == first
    assert not any(option.id == contact_id for option in load_arrangements(demo, REVIEW).directory)
    count = mark_invitations_sent(demo, REVIEW, date(2026, 11, 16), InvitationMethod.SECURE_EMAIL)
    assert count == 10
    assert load_snapshot(demo, REVIEW).status == ConferenceStatus.INVITED
    assert mark_invitations_sent(demo, REVIEW, date(2026, 11, 17), InvitationMethod.POST) == 0
    uninvite(demo, first)
    assert not any(i.contact_id == contact_id for i in load_snapshot(demo, REVIEW).invitees)


def test_cannot_withdraw_someone_from_a_held_meeting(demo) -> None:
    """The held initial conference's invitation list stays as it was."""
    held = next(i for i in load_snapshot(demo, 1).invitees if "Apologies" in i.attendance.label)
    with pytest.raises(FormValidationError, match="held"):
        uninvite(demo, held.id)
