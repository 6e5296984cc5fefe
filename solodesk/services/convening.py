"""Convening a conference: who to invite, and the new conference record.

Suggestions follow simple rules from the seed: the police SOLO is always
invited; children & families social work when the subject is under 18 on the
meeting date or children are involved; for a review, everyone invited to the
previous conference. A review starts from the previous conference, so its
open actions come back under "minute of last meeting" waiting for an outcome.
"""

from dataclasses import dataclass, field, replace
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    AgencyKind,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Invitation,
    InvitationMethod,
    InvitationResponse,
    ReasonForConvening,
    Subject,
)
from solodesk.services import audit
from solodesk.services.notifications import NotificationView, link_conference, open_notification
from solodesk.services.settings import load_settings
from solodesk.services.validation import previous_actions
from solodesk.store import CaseStore

# Words that show children are part of the case, looked for in the subject's record.
_CHILD_WORDS = ("child", "girl", "boy", "under 16", "under 17", "under 18", "school")


class ConveneError(ValueError):
    """The request to convene cannot be stored; the message is a sentence for the user."""


@dataclass(frozen=True)
class ContactOption:
    """A person from the directory, as offered in a list.

    Attributes:
        agency_kind: the kind of their agency, or None when they have none.
    """

    id: int
    name: str
    agency: str
    role: str
    agency_kind: AgencyKind | None
    is_solo: bool

    @property
    def label(self) -> str:
        """Return "Name — Agency (role)" for lists."""
        parts = [self.name]
        if self.agency:
            parts.append(f"— {self.agency}")
        if self.role:
            parts.append(f"({self.role})")
        return " ".join(parts)


@dataclass(frozen=True)
class Suggestion:
    """A contact the rules suggest inviting, with why."""

    contact_id: int
    reason: str


@dataclass(frozen=True)
class PreviousConference:
    """An earlier conference a review can follow."""

    id: int
    label: str
    open_actions: int


@dataclass(frozen=True)
class ConveneContext:
    """What the convene dialog needs to start.

    Attributes:
        subject_name: the subject's full name.
        date_of_birth: used to apply the under-18 rule on the chosen date.
        children_involved: the subject's record mentions children.
        default_venue: from the organisation settings.
        contacts: the directory (archived people left out).
        previous: earlier conferences of the subject, newest first.
        notification: the newest release notification or referral not yet convened on, whose
            dates and reasons the dialog carries over.
    """

    subject_id: int
    subject_name: str
    date_of_birth: date | None
    children_involved: bool
    default_venue: str
    contacts: list[ContactOption]
    previous: list[PreviousConference]
    default_previous_id: int | None
    notification: NotificationView | None = None


@dataclass(frozen=True)
class InviteeRequest:
    """One invitation as the convener records it."""

    contact_id: int
    invited_on: date | None = None
    method: InvitationMethod = InvitationMethod.SECURE_EMAIL
    response: InvitationResponse = InvitationResponse.AWAITING
    report_submitted: bool = False


@dataclass(frozen=True)
class ConveneRequest:
    """Everything needed to store a new conference."""

    subject_id: int
    kind: ConferenceType
    meeting_date: date | None
    meeting_time: time | None = None
    venue: str = ""
    reasons: list[ReasonForConvening] = field(default_factory=list)
    reasons_other: str = ""
    chair_id: int | None = None
    minute_taker_id: int | None = None
    previous_conference_id: int | None = None
    invitees: list[InviteeRequest] = field(default_factory=list)
    notification_id: int | None = None


def contact_option(contact: Contact) -> ContactOption:
    """Return the plain list entry for a contact."""
    agency = contact.agency
    return ContactOption(
        id=contact.id,
        name=contact.name,
        agency=agency.name if agency else "",
        role=contact.role,
        agency_kind=agency.kind if agency else None,
        is_solo=contact.is_solo,
    )


def directory(session: Session) -> list[ContactOption]:
    """Return every current contact, by name."""
    contacts = session.scalars(select(Contact).where(Contact.archived.is_(False)).order_by(Contact.name))
    return [contact_option(c) for c in contacts]


def children_involved(subject: Subject) -> bool:
    """Return True when the subject's record shows children are part of the case.

    Children count as involved when an earlier conference recorded a victim
    under child protection, or the offence, conditions or warning flags
    mention children.
    """
    if any(v.child_protection for c in subject.conferences for v in c.victims):
        return True
    text = " ".join([subject.offence_summary, subject.order_conditions, *subject.warning_flags]).lower()
    return any(word in text for word in _CHILD_WORDS)


def conference_label(conference: Conference) -> str:
    """Return e.g. "Initial conference, 14 Sep 2026 (held)"."""
    when = conference.meeting_date.strftime("%d %b %Y") if conference.meeting_date else "no date"
    return f"{conference.kind.label} conference, {when} ({conference.status.label.lower()})"


def _previous_conferences(subject: Subject) -> list[PreviousConference]:
    earlier = sorted(subject.conferences, key=lambda c: (c.meeting_date or date.min, c.id), reverse=True)
    result = []
    for conference in earlier:
        open_here = sum(1 for a in subject.actions if a.is_open and a.raised_at_id == conference.id)
        result.append(PreviousConference(conference.id, conference_label(conference), open_here))
    return result


def _subject(session: Session, subject_id: int) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise ConveneError("That subject is no longer in the store.")
    return subject


def convene_context(store: CaseStore, subject_id: int) -> ConveneContext:
    """Return what the convene dialog shows for a subject."""
    with store.session() as session:
        subject = _subject(session, subject_id)
        return ConveneContext(
            subject_id=subject.id,
            subject_name=subject.full_name,
            date_of_birth=subject.date_of_birth,
            children_involved=children_involved(subject),
            default_venue=load_settings(session).default_venue,
            contacts=directory(session),
            previous=_previous_conferences(subject),
            default_previous_id=default.id if (default := default_previous(subject)) else None,
            notification=open_notification(session, subject.id),
        )


def default_previous(subject: Subject) -> Conference | None:
    """Return the conference a review follows: the latest held one, else the latest."""
    ordered = sorted(subject.conferences, key=lambda c: (c.meeting_date or date.min, c.id))
    held = [c for c in ordered if c.status != ConferenceStatus.PLANNED and c.status != ConferenceStatus.INVITED]
    if held:
        return held[-1]
    return ordered[-1] if ordered else None


def suggest_invitees(
    session: Session,
    subject_id: int,
    kind: ConferenceType,
    meeting_date: date | None,
    children: bool | None = None,
    previous_conference_id: int | None = None,
) -> list[Suggestion]:
    """Return the contacts the rules suggest inviting, each once, with the first reason that applies.

    Args:
        session: an open session.
        subject_id: the subject of the conference.
        kind: initial, review or emergency.
        meeting_date: the under-18 rule is applied on this date (today when None).
        children: whether children are involved; None works it out from the record.
        previous_conference_id: for a review, the conference it follows (the latest when None).
    """
    subject = _subject(session, subject_id)
    when = meeting_date or date.today()
    if children is None:
        children = children_involved(subject)
    contacts = list(session.scalars(select(Contact).where(Contact.archived.is_(False)).order_by(Contact.name)))
    found: dict[int, str] = {}

    def add(contact_id: int, reason: str) -> None:
        found.setdefault(contact_id, reason)

    for contact in contacts:
        if contact.agency and contact.agency.kind == AgencyKind.POLICE and contact.is_solo:
            add(contact.id, "Police SOLO: always invited.")
    if subject.case_worker_id is not None:
        add(subject.case_worker_id, "The subject's case worker.")
    if subject.is_young_person(when) or children:
        why = "The subject is under 18." if subject.is_young_person(when) else "Children are involved."
        for contact in contacts:
            if contact.agency and contact.agency.kind == AgencyKind.CHILDREN_AND_FAMILIES:
                add(contact.id, f"Children & families: {why.lower()}")
    if kind == ConferenceType.REVIEW:
        previous = session.get(Conference, previous_conference_id) if previous_conference_id else None
        previous = previous or default_previous(subject)
        if previous is not None:
            for invitation in previous.invitations:
                if not invitation.contact.archived:
                    add(invitation.contact_id, "Invited to the previous conference.")
    return [Suggestion(contact_id, reason) for contact_id, reason in found.items()]


def suggest_for_store(
    store: CaseStore,
    subject_id: int,
    kind: ConferenceType,
    meeting_date: date | None,
    children: bool | None = None,
    previous_conference_id: int | None = None,
) -> list[Suggestion]:
    """Return :func:`suggest_invitees` through an open store."""
    with store.session() as session:
        return suggest_invitees(session, subject_id, kind, meeting_date, children, previous_conference_id)


def validate(request: ConveneRequest) -> list[str]:
    """Return every problem with a request, as sentences (empty when it can be stored)."""
    problems = []
    if request.meeting_date is None:
        problems.append("Choose the date of the meeting.")
    if not request.venue.strip():
        problems.append("Enter the venue of the meeting.")
    if not request.reasons and not request.reasons_other.strip():
        problems.append("Choose at least one reason for convening, or describe the reason.")
    if ReasonForConvening.OTHER in request.reasons and not request.reasons_other.strip():
        problems.append("Describe the other reason for convening.")
    if not request.invitees:
        problems.append("Invite at least one person.")
    if request.chair_id is None:
        problems.append("Choose who will chair the meeting.")
    if request.kind == ConferenceType.REVIEW and request.previous_conference_id is None:
        problems.append("A review must follow an earlier conference; choose which one.")
    ids = [i.contact_id for i in request.invitees]
    if len(ids) != len(set(ids)):
        problems.append("A person is invited more than once.")
    return problems


def convene(session: Session, request: ConveneRequest) -> Conference:
    """Store a new conference with its invitations.

    Raises:
        ConveneError: the request is incomplete; the message lists every problem.
    """
    problems = validate(request)
    if problems:
        raise ConveneError(" ".join(problems))
    subject = _subject(session, request.subject_id)
    request = replace(request, kind=ConferenceType(request.kind))
    previous_id = request.previous_conference_id if request.kind == ConferenceType.REVIEW else None
    if previous_id is not None:
        previous = session.get(Conference, previous_id)
        if previous is None or previous.subject_id != subject.id:
            raise ConveneError("The previous conference chosen is not one of this subject's conferences.")
    conference = Conference(
        subject=subject,
        kind=request.kind,
        meeting_date=request.meeting_date,
        meeting_time=request.meeting_time,
        venue=request.venue.strip(),
        reasons=[r.value for r in ReasonForConvening if r in request.reasons],
        reasons_other=request.reasons_other.strip(),
        chair_id=request.chair_id,
        minute_taker_id=request.minute_taker_id,
        previous_conference_id=previous_id,
    )
    for invitee in request.invitees:
        apologised = invitee.response == InvitationResponse.APOLOGIES
        conference.invitations.append(
            Invitation(
                contact_id=invitee.contact_id,
                invited_on=invitee.invited_on,
                method=invitee.method,
                response=invitee.response,
                attendance=Attendance.APOLOGIES if apologised else Attendance.UNKNOWN,
                report_submitted=invitee.report_submitted,
            )
        )
    invited = any(i.invited_on is not None for i in request.invitees)
    conference.status = ConferenceStatus.INVITED if invited else ConferenceStatus.PLANNED
    session.add(conference)
    session.flush()
    if request.notification_id is not None:
        try:
            link_conference(session, request.notification_id, conference)
        except ValueError as exc:
            raise ConveneError(str(exc)) from exc
    carried = len(previous_actions(conference))
    audit.record(
        session,
        "conference.convened",
        "conference",
        conference.id,
        f"kind={conference.kind.value} invitees={len(request.invitees)} carried_actions={carried}",
    )
    return conference


def convene_in_store(store: CaseStore, request: ConveneRequest) -> int:
    """Store a new conference through an open store; return its id.

    Raises:
        ConveneError: the request is incomplete.
    """
    with store.session() as session:
        return convene(session, request).id


def list_contacts(store: CaseStore) -> list[ContactOption]:
    """Return the directory through an open store."""
    with store.session() as session:
        return directory(session)
