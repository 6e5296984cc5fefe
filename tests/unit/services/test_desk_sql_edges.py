"""Edges of what the desk and the MI report now decide in SQL (issue 13), on both kinds of store.

Each limited list must show the whole desk's first lines with the exact counts: actions due
today, on a weekend, tied on a date, and owners named with and without their agency; risk
assessments exactly at the cut-off, older than a release or released the same day, with names
ordered as Python orders them. The MI report counts a minute's first issue, and a meeting
with no minute, and a case's next meeting held the same day.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    MinuteIssue,
    ReleaseNotification,
    RiskAssessment,
    Subject,
)
from solodesk.services.closing_checks import ASSESSMENT_MAX_AGE_MONTHS, months_before
from solodesk.services.desk import desk_lists
from solodesk.services.mi import Period, management_information

pytestmark = pytest.mark.both_stores

AS_OF = date(2026, 12, 2)  # a Wednesday
SATURDAY = date(2026, 12, 5)
CUTOFF = months_before(AS_OF, ASSESSMENT_MAX_AGE_MONTHS)


def _case(session, forenames: str, surname: str, status: CaseStatus = CaseStatus.ACTIVE) -> Subject:
    subject = Subject(forenames=forenames, surname=surname, case_status=status)
    session.add(subject)
    return subject


def _build_desk(session) -> None:
    police = Agency(name="Police Scotland — OMU")
    zoe = Contact(name="DS Zoë Ó Briain", agency=police)
    session.add_all([police, zoe])
    case = _case(session, "Łukasz", "Wiśniewski")
    met = Conference(subject=case, kind=ConferenceType.INITIAL, status=ConferenceStatus.HELD, meeting_date=AS_OF)
    case.conferences.append(met)
    for text, due, agency, status in (
        ("Due today", AS_OF, None, ActionStatus.OPEN),
        ("Due on the Saturday", SATURDAY, police, ActionStatus.ONGOING),
        ("Overdue, agency named", AS_OF - timedelta(days=3), police, ActionStatus.OPEN),
        ("Overdue, same day", AS_OF - timedelta(days=3), None, ActionStatus.OPEN),
        ("Done", AS_OF - timedelta(days=9), None, ActionStatus.COMPLETED),
        ("Beyond 14 days", AS_OF + timedelta(days=15), None, ActionStatus.OPEN),
    ):
        session.add(
            Action(
                subject=case,
                raised_at=met,
                description=text,
                due_date=due,
                owner=zoe,
                owner_agency=agency,
                status=status,
            )
        )
    closed = _case(session, "Closed", "Case", CaseStatus.CLOSED)
    session.add(Action(subject=closed, description="Closed case", due_date=AS_OF, owner=zoe))
    session.add(Action(subject=case, description="Nobody's", due_date=SATURDAY))

    def assessed(subject: Subject, when: date) -> None:
        subject.risk_assessments.append(RiskAssessment(tool="Risk Matrix 2000", assessed_on=when))

    def released(subject: Subject, when: date) -> None:
        session.add(ReleaseNotification(subject=subject, received_on=when - timedelta(days=90), release_date=when))

    assessed(case, CUTOFF)  # exactly at the cut-off: current
    assessed(_case(session, "Zoe", "Ó Briain"), CUTOFF - timedelta(days=1))  # a day older: listed
    assessed(_case(session, "Zoë", "O Briain"), AS_OF)
    same_day = _case(session, "Seán", "O'Connor")
    assessed(same_day, date(2026, 10, 1))
    released(same_day, date(2026, 10, 1))  # released the day it was assessed: current
    after = _case(session, "Ayşe", "Yılmaz")
    assessed(after, date(2026, 10, 1))
    released(after, date(2026, 10, 2))  # released after it: listed
    later = _case(session, "Anna", "Smith")
    assessed(later, date(2026, 10, 1))
    released(later, AS_OF + timedelta(days=1))  # a release still to come does not count
    _case(session, "Marcus", "Leon")  # none at all: listed
    _case(session, "Nguyễn", "Thị Mai")  # none at all: listed
    _case(session, "Darius", "Doyle", CaseStatus.CLOSED)  # closed: never listed


def test_limited_desk_lists_match_the_whole_desk_at_the_edges(store) -> None:
    """Due today is due soon, not overdue; ties keep their order; a pair with and without the agency is one group."""
    with store.session() as session:
        _build_desk(session)
    with store.session() as session:
        whole = desk_lists(session, AS_OF)
        limited = [desk_lists(session, AS_OF, limit=n) for n in (1, 2, 3)]
    zoe = {(g.owner, g.agency): [a.description for a in g.actions] for g in whole.action_groups}
    assert zoe == {
        ("DS Zoë Ó Briain", "Police Scotland — OMU"): [
            "Overdue, agency named",
            "Overdue, same day",
            "Due today",
            "Due on the Saturday",
        ],
        ("No owner named", ""): ["Nobody's"],
    }
    assert (whole.counts.actions_overdue, whole.counts.actions_due_soon) == (2, 3)
    # Surname then forenames, by code point as Python orders them ("Ó" after "Y"), on PostgreSQL too.
    assert [(a.subject_name, a.reason) for a in whole.assessments] == [
        ("Marcus Leon", "No risk assessment recorded."),
        ("Nguyễn Thị Mai", "No risk assessment recorded."),
        ("Ayşe Yılmaz", "Newest risk assessment (01 Oct 2026) is older than the release on 02 Oct 2026."),
        (
            "Zoe Ó Briain",
            f"Newest risk assessment ({CUTOFF - timedelta(days=1):%d %b %Y}) is over"
            f" {ASSESSMENT_MAX_AGE_MONTHS} months old.",
        ),
    ]
    for desk in limited:
        n = desk.limit
        assert n is not None and desk.counts == whole.counts
        assert desk.assessments == whole.assessments[:n]
        assert [(g.owner, g.agency, g.count) for g in desk.action_groups] == [
            (g.owner, g.agency, len(g.actions)) for g in whole.action_groups
        ]
        for group, full in zip(desk.action_groups, whole.action_groups, strict=True):
            assert group.actions == full.actions[:n]


def test_mi_counts_a_minutes_first_issue_and_a_next_meeting_held_the_same_day(store) -> None:
    """A re-issued minute counts from its first issue; a meeting with no minute is outside target once past it."""
    with store.session() as session:
        case = _case(session, "Siobhán", "Muñoz")
        first = Conference(
            subject=case,
            kind=ConferenceType.INITIAL,
            status=ConferenceStatus.AMENDED,
            meeting_date=date(2026, 10, 5),  # a Monday
            next_date=date(2026, 10, 20),
        )
        same_day = Conference(
            subject=case, kind=ConferenceType.EMERGENCY, status=ConferenceStatus.HELD, meeting_date=date(2026, 10, 20)
        )
        last = Conference(
            subject=case, kind=ConferenceType.REVIEW, status=ConferenceStatus.HELD, meeting_date=date(2026, 10, 20)
        )
        case.conferences.extend([first, same_day, last])
        session.flush()
        for version, on in ((2, date(2026, 10, 30)), (1, date(2026, 10, 9))):
            session.add(
                MinuteIssue(
                    conference=first, version=version, issued_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
                )
            )
    with store.session() as session:
        mi = management_information(session, Period.checked(date(2026, 10, 1), date(2026, 10, 31)), date(2026, 11, 30))
    minute = mi.timeliness[2]
    # First issue after 4 working days (within 10); the two meetings of 20 October have none (past target).
    assert (minute.started, minute.completed, minute.median_working_days) == (3, 1, 4.0)
    assert (minute.within_target, minute.outside_target, minute.waiting) == (1, 2, 0)
    # The review agreed for 20 October was held that day (by the emergency meeting, the same day).
    assert (mi.reviews.fell_due, mi.reviews.held_by_due_date) == (1, 1)


def test_reviews_take_the_latest_held_meeting_and_a_limit_keeps_the_counts(store) -> None:
    """Ties on a date go to the newer record; undated meetings count as oldest; any undated convened one convenes."""

    def held(subject: Subject, met: date | None, next_date: date | None, status=ConferenceStatus.HELD) -> None:
        subject.conferences.append(
            Conference(
                subject=subject, kind=ConferenceType.REVIEW, status=status, meeting_date=met, next_date=next_date
            )
        )

    with store.session() as session:
        tie = _case(session, "Zoë", "Tie")
        held(tie, date(2026, 9, 1), AS_OF + timedelta(days=30))  # the older record of the two
        held(tie, date(2026, 9, 1), AS_OF - timedelta(days=1))  # the newer: overdue since yesterday
        undated = _case(session, "Łukasz", "Undated")
        held(undated, None, None)
        held(undated, date(2026, 10, 1), AS_OF)  # due today: due, not overdue
        only_undated = _case(session, "Seán", "Only-Undated")
        held(only_undated, None, None)  # nothing to count from
        convened = _case(session, "Ayşe", "Convened")
        held(convened, date(2026, 9, 1), AS_OF)
        held(convened, None, None, ConferenceStatus.PLANNED)  # planned, undated: already convened
        weekend = _case(session, "Anna", "Weekend")
        held(weekend, date(2026, 9, 1), SATURDAY)
        same_due = _case(session, "Ayşe", "Same-Due")
        held(same_due, date(2026, 8, 1), AS_OF)  # due the same day as Łukasz's: names decide
    with store.session() as session:
        whole = desk_lists(session, AS_OF)
        limited = [desk_lists(session, AS_OF, limit=n) for n in (1, 2, 3)]
    assert [(r.subject_name, r.due, r.overdue) for r in whole.reviews] == [
        ("Zoë Tie", AS_OF - timedelta(days=1), True),
        ("Ayşe Same-Due", AS_OF, False),
        ("Łukasz Undated", AS_OF, False),
        ("Anna Weekend", SATURDAY, False),
    ]
    assert (whole.counts.reviews_overdue, whole.counts.reviews_due) == (1, 3)
    for desk in limited:
        assert desk.reviews == whole.reviews[: desk.limit] and desk.counts == whole.counts
