"""A hand-built store with known dates for the desk's tests (as of Wednesday 2 December 2026)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    AmendmentRequest,
    AmendmentStatus,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    NotificationKind,
    ReleaseNotification,
    RiskAssessment,
    RiskLevel,
    Subject,
)

AS_OF = date(2026, 12, 2)  # a Wednesday
FAR = date(2027, 3, 1)


@dataclass
class DeskIds:
    """The ids the tests look for."""

    subjects: dict[str, int]
    conferences: dict[str, int]
    actions: dict[str, int]
    notifications: dict[str, int]
    amendment_waiting: int


def _subject(session: Session, key: str, surname: str, status: CaseStatus = CaseStatus.ACTIVE) -> Subject:
    subject = Subject(forenames=key, surname=surname, case_status=status)
    session.add(subject)
    return subject


def _held(subject: Subject, met: date, next_date: date | None, level: RiskLevel | None = None) -> Conference:
    conference = Conference(
        subject=subject,
        kind=ConferenceType.INITIAL,
        status=ConferenceStatus.HELD,
        meeting_date=met,
        next_date=next_date,
        risk_level=level,
    )
    subject.conferences.append(conference)
    return conference


def _assessed(subject: Subject, when: date) -> None:
    subject.risk_assessments.append(RiskAssessment(tool="Risk Matrix 2000", assessed_on=when))


def build(session: Session) -> DeskIds:
    """Fill an empty store; return the ids of everything the desk should (or should not) list."""
    x = Agency(name="Police Scotland — OMU")
    y = Agency(name="City Council Housing")
    owner1 = Contact(name="DS Zoë Ó Briain", agency=x, email="zoe@police.example")
    owner2 = Contact(name="Łukasz Wiśniewski", agency=y)
    session.add_all([x, y, owner1, owner2])

    # Reviews: A due today (agreed date); B overdue by the interval for high risk (12 weeks);
    # C has no minute yet (only a planned meeting); D already has its review convened; E is closed.
    a = _subject(session, "Alice", "Agreed-Today")
    conf_a = _held(a, date(2026, 9, 1), AS_OF)
    _assessed(a, date(2026, 8, 1))
    b = _subject(session, "Bob", "Interval-Overdue")
    conf_b = _held(b, date(2026, 6, 3), None, RiskLevel.HIGH)
    _assessed(b, date(2025, 12, 1))  # one day too old
    c = _subject(session, "Cara", "No-Minute-Yet")
    c.conferences.append(Conference(status=ConferenceStatus.PLANNED, meeting_date=date(2026, 12, 10)))
    _assessed(c, date(2025, 12, 2))  # exactly 12 months: still in date
    d = _subject(session, "Dan", "Convened")
    conf_d = _held(d, date(2026, 5, 1), date(2026, 11, 1))
    d.conferences.append(
        Conference(kind=ConferenceType.REVIEW, status=ConferenceStatus.INVITED, meeting_date=date(2026, 12, 9))
    )
    _assessed(d, date(2026, 5, 1))
    e = _subject(session, "Eve", "Closed", CaseStatus.CLOSED)
    conf_e = _held(e, date(2026, 5, 1), date(2026, 6, 1))

    for issued_minute in (conf_a, conf_b, conf_d, conf_e):
        issued_minute.status = ConferenceStatus.ISSUED
    # Minutes (target 10 working days): F met on a Friday, late (13 working days by the Wednesday);
    # G met 10 working days ago: due today, not late; H met 11 working days ago: late.
    minutes = {}
    for key, met in (("F", date(2026, 11, 13)), ("G", date(2026, 11, 18)), ("H", date(2026, 11, 17))):
        subject = _subject(session, key, f"Minute-{key}")
        minutes[key] = _held(subject, met, FAR)
        _assessed(subject, met)
    issued = _subject(session, "Ivy", "Issued")
    conf_i = _held(issued, date(2026, 10, 1), FAR)
    conf_i.status = ConferenceStatus.ISSUED
    _assessed(issued, date(2026, 10, 1))

    # Releases (4 weeks before): R1 hold by Wed 9 Dec; R2 release on a Sunday, hold by Friday 27 Nov (late);
    # R3 convened from its notification; R4 released in November, its assessment older than the release.
    r1, r2, r3, r4 = (_subject(session, k, f"Release-{k}", CaseStatus.IN_CUSTODY) for k in ("R1", "R2", "R3", "R4"))
    conf_r3 = Conference(subject=r3, status=ConferenceStatus.PLANNED, meeting_date=date(2026, 12, 7))
    session.add(conf_r3)
    notes = {
        "R1": ReleaseNotification(subject=r1, received_on=date(2026, 10, 1), release_date=date(2027, 1, 6)),
        "R2": ReleaseNotification(subject=r2, received_on=date(2026, 10, 1), release_date=date(2026, 12, 27)),
        "R3": ReleaseNotification(
            subject=r3, received_on=date(2026, 10, 1), release_date=date(2027, 1, 4), conference=conf_r3
        ),
        "R4": ReleaseNotification(
            subject=r4, kind=NotificationKind.REFERRAL, received_on=date(2026, 8, 1), release_date=date(2026, 11, 1)
        ),
    }
    session.add_all(notes.values())
    _assessed(r4, date(2026, 10, 1))

    actions = {
        "overdue": Action(subject=a, raised_at=conf_a, description="Visit", owner=owner1, due_date=date(2026, 12, 1)),
        "day14": Action(subject=a, raised_at=conf_a, description="Check", owner=owner1, due_date=date(2026, 12, 16)),
        "day15": Action(subject=a, raised_at=conf_a, description="Later", owner=owner1, due_date=date(2026, 12, 17)),
        "today": Action(subject=b, raised_at=conf_b, description="House", owner=owner2, due_date=AS_OF),
        "done": Action(
            subject=b,
            raised_at=conf_b,
            description="Done",
            owner=owner2,
            due_date=date(2026, 11, 1),
            status=ActionStatus.COMPLETED,
        ),
        "no_owner": Action(subject=b, raised_at=conf_b, description="Nobody", due_date=date(2026, 11, 20)),
        "closed": Action(subject=e, raised_at=conf_e, description="Closed", owner=owner1, due_date=date(2026, 11, 2)),
    }
    session.add_all(actions.values())
    session.flush()
    waiting = AmendmentRequest(
        conference_id=minutes["F"].id, requested_by="Siobhán O'Connor", requested_on=date(2026, 11, 30), request="x"
    )
    session.add_all(
        [
            waiting,
            AmendmentRequest(
                conference_id=minutes["F"].id, requested_by="Done", request="y", status=AmendmentStatus.AGREED
            ),
        ]
    )
    session.flush()
    return DeskIds(
        subjects={s.forenames: s.id for s in (a, b, c, d, e, issued, r1, r2, r3, r4)}
        | {k: m.subject_id for k, m in minutes.items()},
        conferences={"A": conf_a.id, "B": conf_b.id, "D": conf_d.id, "I": conf_i.id, "R3": conf_r3.id}
        | {k: m.id for k, m in minutes.items()},
        actions={k: v.id for k, v in actions.items()},
        notifications={k: v.id for k, v in notes.items()},
        amendment_waiting=waiting.id,
    )
