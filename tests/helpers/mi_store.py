"""A hand-built store for the management-information tests: October 2026, judged on Wednesday 11 November.

Every figure the tests expect is worked out by hand in the comments below (working
days are Monday to Friday; 1 October 2026 is a Thursday, 31 October a Saturday).
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    Attendance,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Invitation,
    ManagementLevel,
    MappaCategory,
    MinuteIssue,
    NotificationKind,
    ReleaseNotification,
    RiskLevel,
    Subject,
)

START, END = date(2026, 10, 1), date(2026, 10, 31)
AS_OF = date(2026, 11, 11)
# Names that must never appear in the report or its CSV files.
SUBJECT_NAMES = ["Siobhán", "O'Connor", "Nguyễn", "Thị Mai", "Marcus", "Leon", "Kirsty", "MacLeod", "Darius"]
SUBJECT_NAMES += ["Doyle", "Anna", "Smith", "Seán", "Muñoz"]
PERSON_NAMES = ["Zoë", "Ó Briain", "Łukasz", "Wiśniewski", "Ayşe", "Yılmaz"]
POLICE, HOUSING = "Police Scotland — OMU", "City Housing"


def _subject(session: Session, names: str, category: MappaCategory, level: ManagementLevel | None, status: CaseStatus):
    forenames, surname = names.split(" ", 1)
    subject = Subject(
        forenames=forenames, surname=surname, mappa_category=category, management_level=level, case_status=status
    )
    session.add(subject)
    return subject


def _held(subject: Subject, kind: ConferenceType, met: date, status=ConferenceStatus.HELD, **values) -> Conference:
    conference = Conference(subject=subject, kind=kind, status=status, meeting_date=met, **values)
    subject.conferences.append(conference)
    return conference


def _issued(conference: Conference, on: date) -> MinuteIssue:
    return MinuteIssue(conference=conference, version=1, issued_at=datetime(on.year, on.month, on.day, 10, tzinfo=UTC))


def build(session: Session) -> None:
    """Fill an empty store with the October 2026 story."""
    police, housing = Agency(name=POLICE), Agency(name=HOUSING)
    zoe = Contact(name="DS Zoë Ó Briain", agency=police)
    lukasz = Contact(name="Łukasz Wiśniewski", agency=housing)
    ayse = Contact(name="Ayşe Yılmaz")  # no agency
    session.add_all([police, housing, zoe, lukasz, ayse])

    # Cases counted: open ones, and Kirsty (closed) for her October conference; Darius (closed, none) is not.
    siobhan = _subject(
        session, "Siobhán O'Connor", MappaCategory.CATEGORY_1, ManagementLevel.LEVEL_2, CaseStatus.ACTIVE
    )
    nguyen = _subject(
        session, "Nguyễn Thị Mai", MappaCategory.CATEGORY_1, ManagementLevel.LEVEL_3, CaseStatus.IN_CUSTODY
    )
    marcus = _subject(session, "Marcus Leon", MappaCategory.CATEGORY_2, ManagementLevel.LEVEL_2, CaseStatus.ACTIVE)
    anna = _subject(session, "Anna Smith", MappaCategory.CATEGORY_2, ManagementLevel.LEVEL_1, CaseStatus.ACTIVE)
    sean = _subject(session, "Seán Muñoz", MappaCategory.CATEGORY_3, ManagementLevel.LEVEL_1, CaseStatus.ACTIVE)
    kirsty = _subject(session, "Kirsty MacLeod", MappaCategory.CATEGORY_1, ManagementLevel.LEVEL_2, CaseStatus.CLOSED)
    darius = _subject(session, "Darius Doyle", MappaCategory.CATEGORY_3, None, CaseStatus.CLOSED)

    # Held in October: c1, c3, c4 initial; c7 review; c5 emergency (on a Saturday). Not: c2 (2 Nov), c6 (June),
    # c8 (July), Anna's planned meeting on 28 October.
    c1 = _held(
        siobhan, ConferenceType.INITIAL, date(2026, 10, 2), ConferenceStatus.ISSUED, next_date=date(2026, 10, 30)
    )
    c2 = _held(siobhan, ConferenceType.REVIEW, date(2026, 11, 2))
    c3 = _held(nguyen, ConferenceType.INITIAL, date(2026, 10, 21), risk_level=RiskLevel.HIGH)  # no minute yet
    c4 = _held(marcus, ConferenceType.INITIAL, date(2026, 10, 30), ConferenceStatus.ISSUED)
    _held(kirsty, ConferenceType.EMERGENCY, date(2026, 10, 31), ConferenceStatus.MINUTE_DRAFTED)
    c6 = _held(anna, ConferenceType.INITIAL, date(2026, 6, 1), ConferenceStatus.ISSUED, next_date=date(2026, 10, 5))
    c7 = _held(anna, ConferenceType.REVIEW, date(2026, 10, 5), ConferenceStatus.ISSUED, risk_level=RiskLevel.LOW)
    anna.conferences.append(Conference(kind=ConferenceType.REVIEW, meeting_date=date(2026, 10, 28)))
    _held(sean, ConferenceType.INITIAL, date(2026, 7, 1), ConferenceStatus.ISSUED, next_date=date(2026, 10, 20))

    # Minutes (target 10 working days): c1 in 6, c4 in 8, c7 in 8 -> median 8, 3 within; c3 due 4 Nov, none
    # by 11 Nov -> outside; c5 met on a Saturday, due Fri 13 Nov -> waiting. Share 3 of 4 = 75 %.
    session.add_all(
        [
            _issued(c1, date(2026, 10, 12)),
            _issued(c4, date(2026, 11, 11)),
            _issued(c6, date(2026, 6, 5)),
            _issued(c7, date(2026, 10, 15)),
            MinuteIssue(conference=c7, version=2, issued_at=datetime(2026, 10, 30, tzinfo=UTC)),  # v2: not the clock
        ]
    )

    # Referrals (target 20 working days) received in October: Marcus 9 Oct -> c4 on 30 Oct, 15 days, within;
    # Darius 1 Oct, nothing held, due 29 Oct -> outside; Anna 26 Oct, nothing held since, due 23 Nov -> waiting.
    # Siobhán's referral came in September: not counted.
    # Release notifications (held by 4 weeks before release): Nguyễn 1 Oct, release 15 Jan, hold by 18 Dec,
    # c3 (linked) on 21 Oct after 14 working days -> within; Kirsty 5 Oct, release 2 Nov, hold by 5 Oct,
    # c5 on 31 Oct after 19 working days -> outside. Median 16.5, share 50 %.
    referral = NotificationKind.REFERRAL
    session.add_all(
        [
            ReleaseNotification(subject=marcus, kind=referral, received_on=date(2026, 10, 9), from_whom="Police"),
            ReleaseNotification(subject=darius, kind=referral, received_on=date(2026, 10, 1), from_whom="Court"),
            ReleaseNotification(subject=anna, kind=referral, received_on=date(2026, 10, 26), from_whom="Court"),
            ReleaseNotification(subject=siobhan, kind=referral, received_on=date(2026, 9, 14), from_whom="Court"),
            ReleaseNotification(
                subject=nguyen, received_on=date(2026, 10, 1), release_date=date(2027, 1, 15), conference=c3
            ),
            ReleaseNotification(subject=kirsty, received_on=date(2026, 10, 5), release_date=date(2026, 11, 2)),
        ]
    )

    # Attendance at October's held conferences (c2 in November is not counted).
    invitations = [
        (c1, zoe, Attendance.PRESENT, True),
        (c1, lukasz, Attendance.APOLOGIES, True),
        (c1, ayse, Attendance.UNKNOWN, False),
        (c3, zoe, Attendance.PRESENT, False),
        (c3, lukasz, Attendance.ABSENT, False),
        (c4, zoe, Attendance.APOLOGIES, True),
        (c2, zoe, Attendance.PRESENT, True),
    ]
    for conference, contact, attendance, report in invitations:
        session.add(Invitation(conference=conference, contact=contact, attendance=attendance, report_submitted=report))

    # Actions raised in October (overdue: open and due before 1 November).
    def action(at: Conference | None, owner: Contact | None, due: date, status: ActionStatus, **values) -> Action:
        subject = at.subject if at is not None else sean
        return Action(
            subject=subject, raised_at=at, owner=owner, due_date=due, status=status, description="Task", **values
        )

    session.add_all(
        [
            action(c1, zoe, date(2026, 10, 16), ActionStatus.COMPLETED),
            action(c1, lukasz, date(2026, 10, 23), ActionStatus.OPEN),  # overdue
            action(c1, None, date(2026, 11, 20), ActionStatus.OPEN, owner_agency=housing),  # open, not overdue
            action(c3, zoe, date(2026, 10, 30), ActionStatus.ONGOING),  # overdue
            action(c3, ayse, date(2026, 11, 6), ActionStatus.NOT_DONE),
            action(None, zoe, date(2026, 10, 20), ActionStatus.WITHDRAWN, created_at=datetime(2026, 10, 10, 12)),
            action(c2, zoe, date(2026, 11, 5), ActionStatus.OPEN),  # raised in November
            action(c6, zoe, date(2026, 9, 1), ActionStatus.OPEN),  # raised in June
        ]
    )
    session.flush()
