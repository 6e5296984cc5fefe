"""Warnings before closing, on a hand-built conference with known dates: each present or absent at its edge."""

from datetime import date

import pytest

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    AgencyKind,
    AgendaItem,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Decision,
    Invitation,
    ManagementLevel,
    MappaCategory,
    ReleaseNotification,
    RiskAssessment,
    Subject,
    Victim,
)
from solodesk.services.validation import Severity, blocking, check_conference

pytestmark = pytest.mark.both_stores

MEETING = date(2026, 9, 14)
AFTER = date(2026, 9, 20)  # "today" for most checks: the meeting has happened


def _build(session, born: date = date(1979, 4, 2), **subject) -> Conference:
    """A review of an adult (by default) registered sex offender, with a previous conference on 1 June 2026."""
    person = Subject(
        forenames="Łukasz",
        surname="Nguyễn-O'Connor",
        date_of_birth=born,
        gender=subject.pop("gender", "Male"),
        registered=True,
        mappa_category=MappaCategory.CATEGORY_1,
        management_level=ManagementLevel.LEVEL_2,
        **subject,
    )
    previous = Conference(subject=person, meeting_date=date(2026, 6, 1), status=ConferenceStatus.ISSUED)
    session.add(previous)
    session.flush()
    conference = Conference(
        subject=person,
        kind=ConferenceType.REVIEW,
        meeting_date=MEETING,
        status=ConferenceStatus.INVITED,
        previous_conference_id=previous.id,
    )
    session.add(conference)
    session.flush()
    return conference


def _messages(conference: Conference, today: date = AFTER, severity: Severity | None = None) -> list[str]:
    findings = check_conference(conference, today=today, at_meeting=True)
    return [f.message for f in findings if severity is None or f.severity == severity]


def _assess(conference: Conference, on: date | None, tool: str = "Risk Matrix 2000", here: bool = False) -> None:
    conference.subject.risk_assessments.append(
        RiskAssessment(tool=tool, assessed_on=on, conference_id=conference.id if here else None)
    )


def test_an_action_from_the_last_plan_overdue_at_the_meeting_is_flagged(store) -> None:
    """Due the day before the meeting and open, or not done: flagged. Due on the day, completed, withdrawn: not."""
    with store.session() as session:
        conference = _build(session)
        for due, status in (
            (date(2026, 9, 13), ActionStatus.OPEN),
            (MEETING, ActionStatus.ONGOING),
            (date(2026, 8, 1), ActionStatus.COMPLETED),
            (date(2026, 8, 1), ActionStatus.WITHDRAWN),
            (date(2026, 8, 1), ActionStatus.NOT_DONE),
            (None, ActionStatus.OPEN),
        ):
            conference.subject.actions.append(
                Action(
                    description="Visit",
                    raised_at_id=conference.previous_conference_id,
                    due_date=due,
                    status=status,
                    reviewed_at_id=conference.id,
                )
            )
        session.flush()
        findings = [f for f in check_conference(conference, today=AFTER) if "from the last plan was due" in f.message]
    assert [(f.item, f.row, f.severity) for f in findings] == [
        (AgendaItem.PREVIOUS_MINUTE, 1, Severity.WARNING),
        (AgendaItem.PREVIOUS_MINUTE, 5, Severity.WARNING),
    ]
    assert findings[0].message == "Action 1 from the last plan was due on 13 September 2026 and is open, not completed."
    assert "is not done, not completed" in findings[1].message


@pytest.mark.parametrize(
    ("newest", "flagged"),
    [(date(2025, 9, 14), False), (date(2025, 9, 13), True), (date(2026, 9, 14), False), (date(2026, 9, 15), True)],
)
def test_newest_assessment_over_twelve_months_old(store, newest: date, flagged: bool) -> None:
    """Exactly 12 months before the meeting is fine; a day older is flagged. One after the meeting does not count."""
    with store.session() as session:
        conference = _build(session)
        _assess(conference, newest)
        _assess(conference, None)  # an undated one is never "the newest"
        session.flush()
        messages = _messages(conference)
    old = [m for m in messages if "months old" in m]
    none = "No dated risk assessment of the subject is on record." in messages
    if newest > MEETING:
        assert none and not old
    else:
        assert bool(old) is flagged and not none
    if flagged and newest < MEETING:
        assert old == ["The newest risk assessment (13 September 2025) is over 12 months old at this meeting."]


@pytest.mark.parametrize(
    ("release", "flagged"),
    [(date(2026, 7, 2), True), (date(2026, 7, 1), False), (date(2026, 9, 15), False)],
)
def test_newest_assessment_older_than_the_release(store, release: date, flagged: bool) -> None:
    """An assessment from before the release is flagged; one on the release day is not; a future release is not."""
    with store.session() as session:
        conference = _build(session)
        _assess(conference, date(2026, 7, 1))
        session.add(ReleaseNotification(subject=conference.subject, received_on=date(2026, 4, 1), release_date=release))
        session.flush()
        messages = [m for m in _messages(conference) if "predates the release" in m]
    expected = f"The newest risk assessment (1 July 2026) predates the release on {release.day} July 2026."
    assert messages == ([expected] if flagged else [])


def test_a_tool_used_outside_its_applicability_is_a_warning_naming_why(store) -> None:
    """RM2000 on a 16-year-old and AIM3 on an adult are warnings on the assessment's row; ERASOR at 16 is fine."""
    with store.session() as session:
        conference = _build(session, born=date(2010, 3, 1))
        _assess(conference, date(2026, 9, 1), "Risk Matrix 2000", here=True)
        _assess(conference, date(2026, 9, 1), "ERASOR", here=True)
        _assess(conference, date(2026, 9, 1), "Static-99R", here=True)
        session.flush()
        findings = [f for f in check_conference(conference, today=AFTER) if f.message.startswith("Assessment ")]
        assert [(f.row, f.item) for f in findings] == [(1, AgendaItem.RISK_ASSESSMENT)]
        assert findings[0].message == (
            "Assessment 1 uses Risk Matrix 2000, which is for adult males convicted of a sexual offence: "
            "the subject was 16, and it is for people aged 18 or over."
        )
        adult = _build(session)
        _assess(adult, date(2026, 9, 1), "AIM3 (young people)", here=True)
        session.flush()
        (finding,) = [f for f in check_conference(adult, today=AFTER) if f.message.startswith("Assessment ")]
    assert "uses AIM3" in finding.message and "the subject was 47, and it is for under-18s" in finding.message


def _children_and_families(conference: Conference, attendance: Attendance) -> None:
    worker = Contact(name="Nguyễn Thị Mai", agency=Agency(name="C&F West", kind=AgencyKind.CHILDREN_AND_FAMILIES))
    conference.invitations.append(Invitation(contact=worker, attendance=attendance))


def test_children_and_families_for_an_under_18_with_a_positive_line(store) -> None:
    """Not invited, invited but away, present: two warnings, then a positive line naming who is there."""
    with store.session() as session:
        conference = _build(session, born=date(2010, 3, 1))
        assert "The subject is under 18 but children & families social work is not invited." in _messages(conference)
        _children_and_families(conference, Attendance.APOLOGIES)
        session.flush()
        assert "The subject is under 18 but children & families social work is not present." in _messages(conference)
        conference.invitations[0].attendance = Attendance.PRESENT
        session.flush()
        findings = check_conference(conference, today=AFTER, at_meeting=True)
        lines = [f for f in findings if "children & families" in f.message]
    assert [(f.severity, f.message) for f in lines] == [
        (
            Severity.CONFIRMED,
            "The subject is under 18: children & families social work is invited and present (Nguyễn Thị Mai).",
        )
    ]
    assert findings[-1] is lines[0]  # positive lines come after every warning


def test_a_meeting_dated_after_today_blocks_closing_and_issuing(store) -> None:
    """The day before the meeting it blocks (and names the date); on the day it does not."""
    with store.session() as session:
        conference = _build(session)
        before = blocking(check_conference(conference, today=date(2026, 9, 13)))
        on_the_day = blocking(check_conference(conference, today=MEETING))
    assert [f.message for f in before] == [
        "The meeting is dated 14 September 2026, after today: it cannot be closed as held, "
        "or its minute issued, before it happens."
    ]
    assert before[0].topic == "Meeting date" and on_the_day == []


def test_a_level_on_a_subject_not_managed_under_mappa(store) -> None:
    """Not MAPPA with a level: a warning; MAPPA category 1 with a level, or not MAPPA without one: none."""
    with store.session() as session:
        conference = _build(session)
        assert not [m for m in _messages(conference) if "not MAPPA-managed" in m]
        conference.subject.mappa_category = MappaCategory.NOT_MAPPA
        session.flush()
        (warning,) = [m for m in _messages(conference) if "not MAPPA-managed" in m]
        assert "Level 2 (multi-agency)" in warning
        conference.subject.management_level = None
        session.flush()
        assert not [m for m in _messages(conference) if "not MAPPA-managed" in m]


def test_restricted_items_with_nobody_in_their_audience(store) -> None:
    """Restricted items reach no recipient: one warning per item; a person off the distribution does not count."""
    unseen = "that no recipient of the minute may see"
    with store.session() as session:
        conference = _build(session)
        officer = Contact(name="DS Zoë Ó Briain")
        conference.invitations.append(Invitation(contact=officer, receives_minute=False))
        session.flush()
        conference.victims.append(
            Victim(description="Two sisters", restricted=True, audience={"contacts": [officer.id]})
        )
        conference.decisions.append(
            Decision(item=AgendaItem.ACTION_PLAN, decision="Tell the school", restricted=True, audience={})
        )
        conference.decisions.append(Decision(item=AgendaItem.ACTION_PLAN, decision="Open", restricted=False))
        session.flush()
        findings = [f for f in check_conference(conference, today=AFTER) if unseen in f.message]
        assert [(f.item, f.message.split(" that ")[0]) for f in findings] == [
            (AgendaItem.VICTIM_ISSUES, "Victim issues holds a restricted item"),
            (AgendaItem.ACTION_PLAN, "Risk management action plan holds a restricted item"),
        ]
        conference.invitations[0].receives_minute = True  # the victim's audience now reaches a copy
        session.flush()
        assert [f.item for f in check_conference(conference, today=AFTER) if unseen in f.message] == [
            AgendaItem.ACTION_PLAN
        ]
        conference.decisions[0].audience = {"contacts": [officer.id]}
        session.flush()
        assert not [m for m in _messages(conference) if unseen in m]


def test_a_held_meeting_moved_to_a_future_date_cannot_be_issued(store) -> None:
    """Closed as held, then re-dated to tomorrow: issuing the minute is refused with the date named."""
    from datetime import timedelta

    from solodesk.services.minute_issue import CannotIssueError, issue_minute

    tomorrow = date.today() + timedelta(days=1)
    with store.session() as session:
        conference = _build(session)
        conference.status, conference.meeting_date = ConferenceStatus.HELD, tomorrow
        conference.invitations.append(Invitation(contact=Contact(name="Seán Ó Muirí")))
        conference_id = conference.id
    with pytest.raises(CannotIssueError) as refused:
        issue_minute(store, conference_id)
    assert f"The meeting is dated {tomorrow.day} {tomorrow:%B %Y}, after today" in str(refused.value.reasons)
