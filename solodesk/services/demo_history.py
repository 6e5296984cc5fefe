"""More fictional demo cases, at different stages, so the desk shows something on first start.

Dates are set relative to the day the demo is loaded: a release six weeks away with
no conference yet, a review already overdue with overdue actions, and a meeting
whose minute is late. The main demo case (``demo.py``) is left exactly as it is.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    Attendance,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Invitation,
    LegalStatus,
    ManagementLevel,
    MappaCategory,
    MinuteIssue,
    NotificationKind,
    PlanArea,
    ReasonForConvening,
    ReleaseNotification,
    RiskAssessment,
    RiskLevel,
    Subject,
)
from solodesk.reports.minute_snapshot import content_to_json
from solodesk.services import audit
from solodesk.services.demo import demo_exists, load_demo
from solodesk.services.minute_content import read_minute

HISTORY_REFERENCES = ("DEMO-0002", "DEMO-0003", "DEMO-0004")
_VENUE = "Room 3.12, Waverley Court"


def history_exists(session: Session) -> bool:
    """Return True when the extra demo cases are already in the store."""
    return session.scalar(select(Subject.id).where(Subject.visor_ref.in_(HISTORY_REFERENCES))) is not None


def load_demo_history(session: Session, today: date | None = None) -> bool:
    """Add the extra demo cases once (and the main demo case first, for its directory).

    Returns:
        True when they were added, False when they were already there.
    """
    if history_exists(session):
        return False
    if not demo_exists(session):
        load_demo(session)
    today = today or date.today()
    people = {c.name: c for c in session.scalars(select(Contact))}
    _release_coming(session, today, people)
    _review_overdue(session, today, people)
    _minute_late(session, today, people)
    session.flush()
    audit.record(session, "demo.history_loaded", "subject", None, f"cases={len(HISTORY_REFERENCES)}")
    return True


def _subject(reference: str, forenames: str, surname: str, status: CaseStatus, offence: str) -> Subject:
    return Subject(
        forenames=forenames,
        surname=surname,
        case_status=status,
        legal_status=LegalStatus.CONVICTED,
        offence_summary=offence,
        registered=True,
        mappa_category=MappaCategory.CATEGORY_1,
        management_level=ManagementLevel.LEVEL_2,
        visor_ref=reference,
        notes="Fictional demo case for training.",
    )


def _release_coming(session: Session, today: date, people: dict[str, Contact]) -> None:
    subject = _subject(
        HISTORY_REFERENCES[0],
        "Dáithí",
        "Ó Súilleabháin",
        CaseStatus.IN_CUSTODY,
        "Convicted of indecent assault of a 15-year-old; sentenced to 5 years, extended sentence.",
    )
    subject.current_address = "HMP Northfield"
    session.add(subject)
    session.add(
        ReleaseNotification(
            subject=subject,
            kind=NotificationKind.CIRCULAR_18,
            received_on=today - timedelta(weeks=6),
            from_whom="Ayşe Yılmaz, HMP Northfield Prison Social Work",
            from_contact_id=people["Ayşe Yılmaz"].id,
            release_date=today + timedelta(weeks=6),
            sentence="5 years, extended sentence",
            order_or_licence="Extended sentence licence: 3 years' supervision in the community",
            supervising_officer="Siobhán O'Connor",
            supervising_officer_id=people["Siobhán O'Connor"].id,
            reasons=[ReasonForConvening.SENTENCE_FOUR_YEARS.value, ReasonForConvening.SUPERVISED_RELEASE.value],
        )
    )


def _held(subject: Subject, when: date, people: dict[str, Contact], status: ConferenceStatus) -> Conference:
    conference = Conference(
        subject=subject,
        kind=ConferenceType.INITIAL,
        status=status,
        meeting_date=when,
        meeting_time=time(14, 0),
        venue=_VENUE,
        chair=people["Margaret Nicolson"],
        minute_taker=people["Hannah Doyle"],
        reasons=[ReasonForConvening.HIGH_RISK_RETURNING.value],
        confidentiality_agreed=True,
        risk_level=RiskLevel.HIGH,
        risk_rationale="Agreed high: fictional demo rationale.",
    )
    for name in ("Margaret Nicolson", "Siobhán O'Connor", "DS Zoë Ó Briain", "Łukasz Wiśniewski"):
        conference.invitations.append(Invitation(contact=people[name], invited_on=when - timedelta(days=14)))
    return conference


def _action(subject: Subject, conference: Conference, text: str, owner: Contact, due: date, area: PlanArea) -> Action:
    return Action(
        subject=subject,
        raised_at=conference,
        description=text,
        owner=owner,
        owner_agency=owner.agency,
        due_date=due,
        plan_area=area,
    )


def _review_overdue(session: Session, today: date, people: dict[str, Contact]) -> None:
    subject = _subject(
        HISTORY_REFERENCES[1],
        "Zoë",
        "McAllister-O'Neill",
        CaseStatus.ACTIVE,
        "Convicted of possession and distribution of indecent images of children; community payback order.",
    )
    session.add(subject)
    held_on = today - timedelta(weeks=20)
    # The minute was issued long ago; it is not on the desk, but the review it agreed is.
    conference = _held(subject, held_on, people, ConferenceStatus.ISSUED)
    conference.next_date = today - timedelta(days=10)
    conference.next_time = time(10, 0)
    conference.next_venue = _VENUE
    session.add(conference)
    session.add(
        RiskAssessment(
            subject=subject,
            conference=conference,
            tool="Risk Matrix 2000",
            assessed_on=today - timedelta(days=430),
            assessor="Siobhán O'Connor",
            results={"reconviction": "Medium", "violence": "High"},
        )
    )
    for name in ("Siobhán O'Connor", "DS Zoë Ó Briain"):
        conference.invitations[
            [i.contact.name for i in conference.invitations].index(name)
        ].attendance = Attendance.PRESENT
    session.flush()
    # Issued as version 1 a few days after the meeting: a real frozen snapshot, like issuing does.
    session.add(
        MinuteIssue(
            conference_id=conference.id,
            version=1,
            issued_at=datetime.combine(held_on + timedelta(days=6), time(9, 0), tzinfo=UTC),
            issued_by="Hannah Doyle",
            content=content_to_json(read_minute(session, conference)),
        )
    )
    session.add_all(
        [
            _action(
                subject,
                conference,
                "Home visit to check devices and internet access.",
                people["DS Zoë Ó Briain"],
                today - timedelta(days=21),
                PlanArea.MONITORING_CONTROL,
            ),
            _action(
                subject,
                conference,
                "Confirm the tenancy is not near a school.",
                people["Łukasz Wiśniewski"],
                today - timedelta(days=5),
                PlanArea.MONITORING_CONTROL,
            ),
            _action(
                subject,
                conference,
                "Start the internet offending programme.",
                people["Siobhán O'Connor"],
                today + timedelta(days=7),
                PlanArea.INTERVENTIONS,
            ),
        ]
    )


def _minute_late(session: Session, today: date, people: dict[str, Contact]) -> None:
    subject = _subject(
        HISTORY_REFERENCES[2],
        "Łucja",
        "Kowalczyk",
        CaseStatus.ACTIVE,
        "Convicted of sexual assault; released on licence.",
    )
    session.add(subject)
    held_on = today - timedelta(weeks=4)
    conference = _held(subject, held_on, people, ConferenceStatus.MINUTE_DRAFTED)
    conference.next_date = today + timedelta(weeks=10)
    session.add(conference)
    session.add(
        RiskAssessment(
            subject=subject,
            conference=conference,
            tool="Stable & Acute 2007",
            assessed_on=held_on - timedelta(days=7),
            assessor="Siobhán O'Connor",
            result="Stable: moderate",
        )
    )
    session.add_all(
        [
            _action(
                subject,
                conference,
                "Review the mother's ability to protect her children.",
                people["Nguyễn Thị Mai"],
                today - timedelta(days=2),
                PlanArea.VICTIM_SAFETY,
            ),
            _action(
                subject,
                conference,
                "Check licence conditions with the supervising officer.",
                people["Siobhán O'Connor"],
                today + timedelta(days=3),
                PlanArea.SUPERVISION,
            ),
        ]
    )
