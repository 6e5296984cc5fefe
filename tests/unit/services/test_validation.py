"""Completeness checks: what blocks issuing a minute and what only warns."""

from datetime import date

import pytest

from solodesk.models import (
    Action,
    Agency,
    AgencyKind,
    Attendance,
    Conference,
    ConferenceStatus,
    Contact,
    Invitation,
    Subject,
)
from solodesk.services.validation import Severity, blocking, check_conference

pytestmark = pytest.mark.both_stores


def _conference(session, born: date = date(1980, 1, 1)) -> Conference:
    subject = Subject(forenames="Ana", surname="Lúcia", date_of_birth=born)
    conference = Conference(subject=subject, meeting_date=date(2026, 5, 1), status=ConferenceStatus.HELD)
    session.add(conference)
    session.flush()
    return conference


def test_action_without_owner_or_date_blocks_issue(store) -> None:
    """An action with no owner and no due date gives two blocking findings."""
    with store.session() as session:
        conference = _conference(session)
        conference.subject.actions.append(Action(description="Visit", raised_at_id=conference.id))
        session.flush()
        findings = blocking(check_conference(conference))
    assert [f.message for f in findings] == ["Action 1 has no owner.", "Action 1 has no due date."]


def test_complete_action_does_not_block(store) -> None:
    """Owner and due date set: nothing blocks."""
    with store.session() as session:
        conference = _conference(session)
        owner = Contact(name="Seán Ó Muirí")
        conference.subject.actions.append(
            Action(description="Visit", raised_at_id=conference.id, owner=owner, due_date=date(2026, 6, 1))
        )
        session.flush()
        assert blocking(check_conference(conference)) == []


def test_under_18_without_children_and_families_warns(store) -> None:
    """A 16-year-old subject with no children & families worker present gives a warning."""
    with store.session() as session:
        conference = _conference(session, born=date(2010, 1, 1))
        findings = check_conference(conference)
        warning = [f for f in findings if "under 18" in f.message]
        assert len(warning) == 1 and warning[0].severity == Severity.WARNING
        worker = Contact(name="Nguyễn Thị Mai", agency=Agency(name="C&F", kind=AgencyKind.CHILDREN_AND_FAMILIES))
        conference.invitations.append(Invitation(contact=worker, attendance=Attendance.PRESENT))
        session.flush()
        lines = [f for f in check_conference(conference) if "under 18" in f.message]
        assert [f.severity for f in lines] == [Severity.CONFIRMED]  # a positive line, not a warning
        assert "invited and present (Nguyễn Thị Mai)" in lines[0].message


def test_adult_subject_has_no_under_18_warning(store) -> None:
    """An adult subject never triggers the children & families warning."""
    with store.session() as session:
        conference = _conference(session)
        assert not [f for f in check_conference(conference) if "under 18" in f.message]


def test_missing_next_date_and_rationale_are_warnings(store) -> None:
    """No next date and no risk rationale are warnings, not blocks."""
    with store.session() as session:
        conference = _conference(session)
        messages = {f.message: f.severity for f in check_conference(conference)}
    assert messages["No next meeting date, and no reason for not reconvening."] == Severity.WARNING
    assert messages["The agreed level of risk has no rationale."] == Severity.WARNING
