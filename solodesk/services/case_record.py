"""The case record as one conference reads it: the subject on the meeting's date, and the meeting's own record.

One projection, in plain values and enum members (never display labels), that
chair mode shows (through :class:`solodesk.services.chair_view.ConferenceSnapshot`)
and the minute prints (through :mod:`solodesk.services.minute_record`), so the
two cannot disagree about what the record holds.
"""

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import object_session

from solodesk.models import (
    AddressOnMinute,
    Conference,
    ConferenceType,
    LegalStatus,
    LevelDecision,
    ManagementLevel,
    MappaCategory,
    NotificationKind,
    ReleaseNotification,
)
from solodesk.services.settings import OrganisationSettings


@dataclass(frozen=True)
class NotificationRow:
    """A release notification or referral received about the subject."""

    id: int
    kind: NotificationKind
    received_on: date
    from_whom: str
    release_date: date | None
    sentence: str
    order_or_licence: str


@dataclass(frozen=True)
class PairRow:
    """A row of two texts: a diversity need and its response, or a warning sign and its response."""

    id: int
    first: str
    second: str


@dataclass(frozen=True)
class CaseRecord:
    """The subject and the meeting's own record, as one conference sees them.

    Attributes:
        age: the subject's age on the meeting date (today when the meeting has no date).
        meeting_number: this meeting's place among the subject's conferences (1 = first).
        review_number: for a review, its place among the subject's reviews (1 = first review).
        notifications: the notifications and referrals received up to the meeting, oldest first.
        diversity_needs: each need (``first``) with the response to it (``second``).
        contingencies: each warning sign (``first``) with the response it triggers (``second``).
        restricted_patient: a restricted patient (hospital detention, MAPPA minute §2.2 row 8).
        hospital_detention: the detention and its status as mental health staff completed it.
        hospital_detention_by: who in mental health services completed it.
    """

    subject_id: int
    forenames: str
    surname: str
    aliases: list[str]
    date_of_birth: date | None
    age: int | None
    under_18: bool
    gender: str
    ethnicity: str
    current_address: str
    proposed_address: str
    address_area: str
    legal_status: LegalStatus
    offence_summary: str
    registered: bool
    notification_requirements: str
    mappa_category: MappaCategory
    management_level: ManagementLevel | None
    order_conditions: str
    warning_flags: list[str]
    visor_ref: str
    police_ref: str
    other_refs: str
    sentence: str
    sentenced_on: date | None
    order_ends_on: date | None
    meeting_number: int
    review_number: int
    actual_start: time | None
    actual_end: time | None
    level_decision: LevelDecision | None
    level_reason: str
    exit_criteria: str
    address_on_minute: AddressOnMinute
    handling_caveat: str
    foi_position: str
    restricted_patient: bool = False
    hospital_detention: str = ""
    hospital_detention_by: str = ""
    notifications: list[NotificationRow] = field(default_factory=list)
    diversity_needs: list[PairRow] = field(default_factory=list)
    contingencies: list[PairRow] = field(default_factory=list)

    @property
    def mappa_managed(self) -> bool:
        """Return True when the subject is managed under MAPPA (has a MAPPA category)."""
        return self.mappa_category != MappaCategory.NOT_MAPPA


def _place(conference: Conference) -> tuple[int, int]:
    """Return the meeting's number among the subject's conferences and, for a review, among its reviews."""

    def key(c: Conference) -> tuple[date, int]:
        return (c.meeting_date or date.max, c.id)

    earlier = [c for c in conference.subject.conferences if key(c) <= key(conference)]
    reviews = sum(1 for c in earlier if c.kind == ConferenceType.REVIEW)
    return len(earlier), reviews if conference.kind == ConferenceType.REVIEW else 0


def case_record(conference: Conference, settings: OrganisationSettings) -> CaseRecord:
    """Return the case record of a conference (read inside the caller's session)."""
    subject = conference.subject
    when = conference.meeting_date or date.today()
    received = [
        n
        for n in _notifications(conference)
        if conference.meeting_date is None or n.received_on <= conference.meeting_date
    ]
    number, review = _place(conference)
    return CaseRecord(
        subject_id=subject.id,
        forenames=subject.forenames,
        surname=subject.surname,
        aliases=list(subject.aliases),
        date_of_birth=subject.date_of_birth,
        age=subject.age_on(when),
        under_18=subject.is_young_person(when),
        gender=subject.gender,
        ethnicity=subject.ethnicity,
        current_address=subject.current_address,
        proposed_address=subject.proposed_address,
        address_area=subject.address_area,
        legal_status=subject.legal_status,
        offence_summary=subject.offence_summary,
        registered=subject.registered,
        notification_requirements=subject.notification_requirements,
        mappa_category=subject.mappa_category,
        management_level=subject.management_level,
        order_conditions=subject.order_conditions,
        warning_flags=list(subject.warning_flags),
        visor_ref=subject.visor_ref,
        police_ref=subject.police_ref,
        other_refs=subject.other_refs,
        sentence=subject.sentence,
        sentenced_on=subject.sentenced_on,
        order_ends_on=subject.order_ends_on,
        meeting_number=number,
        review_number=review,
        actual_start=conference.actual_start,
        actual_end=conference.actual_end,
        level_decision=conference.level_decision,
        level_reason=conference.level_reason,
        exit_criteria=conference.exit_criteria,
        address_on_minute=conference.address_on_minute,
        handling_caveat=settings.effective_handling_caveat(),
        foi_position=settings.effective_foi_position(),
        restricted_patient=subject.restricted_patient,
        hospital_detention=subject.hospital_detention,
        hospital_detention_by=subject.hospital_detention_by,
        notifications=[
            NotificationRow(n.id, n.kind, n.received_on, n.from_whom, n.release_date, n.sentence, n.order_or_licence)
            for n in sorted(received, key=lambda n: (n.received_on, n.id))
        ],
        diversity_needs=[PairRow(n.id, n.need, n.response) for n in subject.diversity_needs],
        contingencies=[PairRow(c.id, c.warning_sign, c.response) for c in conference.contingencies],
    )


def _notifications(conference: Conference) -> list[ReleaseNotification]:
    session = object_session(conference)
    if session is None:
        return []
    query = select(ReleaseNotification).where(ReleaseNotification.subject_id == conference.subject_id)
    return list(session.scalars(query))
