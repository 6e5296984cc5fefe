"""Between convening and the meeting: rearranging it and recording who is coming.

Invitations go out weeks before a conference and answers arrive one by one;
the support assistant records each response here, and apologies carry through
to the meeting's attendance list.
"""

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm import Session

from solodesk.models import (
    Attendance,
    Conference,
    ConferenceStatus,
    Contact,
    Invitation,
    InvitationMethod,
    InvitationResponse,
)
from solodesk.services import audit
from solodesk.services.chair_view import InviteeRow, load_snapshot
from solodesk.services.convening import ContactOption, conference_label, directory
from solodesk.services.forms import FormValidationError
from solodesk.store import CaseStore

_BEFORE_MEETING = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)


@dataclass(frozen=True)
class Arrangements:
    """What the invitations dialog shows.

    Attributes:
        title: the conference as a person names it.
        directory: people who can still be invited.
    """

    conference_id: int
    title: str
    meeting_date: date | None
    meeting_time: time | None
    venue: str
    invitees: list[InviteeRow]
    directory: list[ContactOption]


def load_arrangements(store: CaseStore, conference_id: int) -> Arrangements:
    """Return the meeting's date, venue and invitees, and who else could be invited."""
    snap = load_snapshot(store, conference_id)
    invited = {row.contact_id for row in snap.invitees}
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise LookupError("This conference no longer exists.")
        title = f"{conference.subject.full_name} — {conference_label(conference)}"
        others = [option for option in directory(session) if option.id not in invited]
        return Arrangements(
            conference_id=conference_id,
            title=title,
            meeting_date=conference.meeting_date,
            meeting_time=conference.meeting_time,
            venue=conference.venue,
            invitees=snap.invitees,
            directory=others,
        )


def reschedule(
    store: CaseStore, conference_id: int, meeting_date: date | None, meeting_time: time | None, venue: str
) -> None:
    """Change the meeting's date, time and venue.

    Raises:
        FormValidationError: no date or no venue (nothing is saved).
    """
    problems = {}
    if meeting_date is None:
        problems["meeting_date"] = "Enter the date of the meeting."
    if not venue.strip():
        problems["venue"] = "Enter the venue."
    if problems:
        raise FormValidationError(problems)
    with store.session() as session:
        conference = _conference(session, conference_id)
        conference.meeting_date = meeting_date
        conference.meeting_time = meeting_time
        conference.venue = venue.strip()
        audit.record(session, "conference.rescheduled", "conference", conference_id)


def record_response(
    store: CaseStore,
    invitation_id: int,
    response: InvitationResponse,
    report_submitted: bool | None = None,
) -> None:
    """Record an invitee's answer; apologies carry through to the meeting's attendance."""
    with store.session() as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            raise LookupError("This invitation no longer exists.")
        invitation.response = response
        if report_submitted is not None:
            invitation.report_submitted = report_submitted
        # Only a pre-filled attendance follows the answer: what the chair recorded at the meeting stands.
        if invitation.attendance in (Attendance.UNKNOWN, Attendance.APOLOGIES):
            apologised = response == InvitationResponse.APOLOGIES
            invitation.attendance = Attendance.APOLOGIES if apologised else Attendance.UNKNOWN


def invite(store: CaseStore, conference_id: int, contact_id: int, on: date | None = None) -> int:
    """Add someone from the directory to the invitees; return the invitation id (existing if already invited)."""
    with store.session() as session:
        conference = _conference(session, conference_id)
        if session.get(Contact, contact_id) is None:
            raise LookupError("This contact no longer exists.")
        existing = next((i for i in conference.invitations if i.contact_id == contact_id), None)
        if existing is not None:
            return existing.id
        invitation = Invitation(contact_id=contact_id, invited_on=on, method=InvitationMethod.SECURE_EMAIL)
        conference.invitations.append(invitation)
        session.flush()
        audit.record(session, "conference.invited", "invitation", invitation.id)
        return invitation.id


def uninvite(store: CaseStore, invitation_id: int) -> None:
    """Withdraw an invitation made in error.

    Raises:
        FormValidationError: the person is recorded as present, or a minute was circulated to them.
    """
    with store.session() as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            return
        if invitation.attendance == Attendance.PRESENT:
            raise FormValidationError({"invitation": f"{invitation.contact.name} is recorded as present."})
        if invitation.conference.status not in _BEFORE_MEETING:
            raise FormValidationError({"invitation": "The meeting has been held: its invitation list stays."})
        session.delete(invitation)
        audit.record(session, "conference.uninvited", "invitation", invitation_id)


def mark_invitations_sent(store: CaseStore, conference_id: int, on: date, method: InvitationMethod) -> int:
    """Record that invitations went out today to everyone not yet sent one; return how many."""
    with store.session() as session:
        conference = _conference(session, conference_id)
        pending = [i for i in conference.invitations if i.invited_on is None]
        for invitation in pending:
            invitation.invited_on = on
            invitation.method = method
        if pending and conference.status == ConferenceStatus.PLANNED:
            conference.status = ConferenceStatus.INVITED
        audit.record(session, "conference.invitations_sent", "conference", conference_id, f"count={len(pending)}")
        return len(pending)


def _conference(session: Session, conference_id: int) -> Conference:
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise LookupError("This conference no longer exists.")
    return conference
