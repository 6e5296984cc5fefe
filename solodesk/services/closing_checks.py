"""The checks the chair sees before closing a meeting, beyond what is simply missing.

Each returns findings that lead to the agenda item (and row) to put right: a
tool used on someone it was not built for, an action from the last plan overdue
at the meeting, a stale assessment, children & families for an under-18 (a
positive line when they are there), a meeting dated in the future, a MAPPA level
on a subject who is not MAPPA-managed, and restricted items no recipient but the chair may see.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from solodesk.models import (
    Action,
    ActionStatus,
    AgencyKind,
    AgendaItem,
    Attendance,
    Conference,
    Invitation,
    LegalStatus,
    MappaCategory,
    ReleaseNotification,
    RiskAssessment,
    Subject,
)
from solodesk.services.audience import Audience, Member
from solodesk.services.findings import Finding, Severity
from solodesk.services.risk_tools import SubjectFacts, age_on, tool_named

ASSESSMENT_MAX_AGE_MONTHS = 12
# An action from the last plan that was not done by the meeting (withdrawn ones were let go on purpose).
UNFINISHED = (ActionStatus.OPEN, ActionStatus.ONGOING, ActionStatus.NOT_DONE)


def long_date(value: date) -> str:
    """Return a date as people write it (14 September 2026)."""
    return f"{value.day} {value:%B %Y}"


def months_before(day: date, months: int) -> date:
    """Return the same day some months earlier (31 March minus one month is the end of February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def subject_facts(subject: Subject, when: date) -> SubjectFacts:
    """Return what a tool's applicability depends on, for the subject on a day."""
    return SubjectFacts(
        age=age_on(subject.date_of_birth, when),
        gender=subject.gender,
        convicted=subject.legal_status == LegalStatus.CONVICTED,
        sexual_offence=subject.registered or subject.mappa_category == MappaCategory.CATEGORY_1,
    )


def tool_misfits(assessment: RiskAssessment, conference: Conference) -> list[str]:
    """Return why an assessment's tool does not apply to the subject on the day it was used."""
    when = assessment.assessed_on or conference.meeting_date or date.today()
    return tool_named(assessment.tool).misfits(subject_facts(conference.subject, when))


def meeting_day(conference: Conference, today: date) -> date:
    """Return the day the checks are made for: the meeting's date, or today when it has none."""
    return conference.meeting_date or today


def tool_findings(conference: Conference) -> list[Finding]:
    """Warn for each assessment of this meeting whose tool does not apply to the subject."""
    findings = []
    mine = [a for a in conference.subject.risk_assessments if a.conference_id == conference.id]
    for number, assessment in enumerate(mine, start=1):
        reasons = tool_misfits(assessment, conference)
        tool = tool_named(assessment.tool)
        stray = tool.stray_results({str(k): str(v) for k, v in assessment.results.items()})
        if stray:
            findings.append(
                Finding(
                    Severity.WARNING,
                    AgendaItem.RISK_ASSESSMENT,
                    f"Assessment {number} ({tool.name}): {'; '.join(stray)}.",
                    row=number,
                )
            )
        if reasons:
            findings.append(
                Finding(
                    Severity.WARNING,
                    AgendaItem.RISK_ASSESSMENT,
                    f"Assessment {number} uses {tool.name}, which is for {tool.applies_to}: {'; '.join(reasons)}.",
                    row=number,
                )
            )
    return findings


def overdue_findings(conference: Conference, reviewed: Iterable[Action], today: date) -> list[Finding]:
    """Warn for each action from the last plan that was due before the meeting and is not completed."""
    when = meeting_day(conference, today)
    findings = []
    for number, action in enumerate(reviewed, start=1):
        if action.due_date is not None and action.due_date < when and action.status in UNFINISHED:
            findings.append(
                Finding(
                    Severity.WARNING,
                    AgendaItem.PREVIOUS_MINUTE,
                    f"Action {number} from the last plan was due on {long_date(action.due_date)} "
                    f"and is {action.status.label.lower()}, not completed.",
                    row=number,
                )
            )
    return findings


def _release_before(conference: Conference, when: date) -> date | None:
    session = object_session(conference)
    if session is None:
        return None
    released: date | None = session.scalar(
        select(func.max(ReleaseNotification.release_date)).where(
            ReleaseNotification.subject_id == conference.subject_id, ReleaseNotification.release_date <= when
        )
    )
    return released


def assessment_age_findings(conference: Conference, today: date) -> list[Finding]:
    """Warn when the newest assessment by the meeting is over 12 months old, or predates the release."""
    when = meeting_day(conference, today)
    dated = [a.assessed_on for a in conference.subject.risk_assessments if a.assessed_on and a.assessed_on <= when]
    item = AgendaItem.RISK_ASSESSMENT
    if not dated:
        return [Finding(Severity.WARNING, item, "No dated risk assessment of the subject is on record.")]
    newest = max(dated)
    findings = []
    if newest < months_before(when, ASSESSMENT_MAX_AGE_MONTHS):
        findings.append(
            Finding(
                Severity.WARNING,
                item,
                f"The newest risk assessment ({long_date(newest)}) is over {ASSESSMENT_MAX_AGE_MONTHS} months old "
                "at this meeting.",
            )
        )
    released = _release_before(conference, when)
    if released is not None and newest < released:
        findings.append(
            Finding(
                Severity.WARNING,
                item,
                f"The newest risk assessment ({long_date(newest)}) predates the release on {long_date(released)}.",
            )
        )
    return findings


def _children_and_families(conference: Conference) -> list[Invitation]:
    return [
        i
        for i in conference.invitations
        if i.contact.agency is not None and i.contact.agency.kind == AgencyKind.CHILDREN_AND_FAMILIES
    ]


def children_and_families_findings(conference: Conference, held: bool, today: date) -> list[Finding]:
    """For an under-18 (or child protection), warn unless children & families is invited and, once met, present.

    When they are, say so: a positive line the chair can point to.
    """
    young = conference.subject.is_young_person(meeting_day(conference, today))
    if not young and not any(v.child_protection for v in conference.victims):
        return []
    why = "The subject is under 18" if young else "Children are involved (child protection)"
    invited = _children_and_families(conference)
    present = [i for i in invited if i.attendance == Attendance.PRESENT]
    item = AgendaItem.INTRODUCTIONS
    if not invited or (held and not present):
        missing = "invited" if not invited or not held else "present"
        return [Finding(Severity.WARNING, item, f"{why} but children & families social work is not {missing}.")]
    names = ", ".join(i.contact.name for i in (present if held else invited))
    state = "invited and present" if held else "invited"
    return [Finding(Severity.CONFIRMED, item, f"{why}: children & families social work is {state} ({names}).")]


def future_meeting_findings(conference: Conference, today: date) -> list[Finding]:
    """Block closing (and issuing) a meeting dated after today: it has not been held."""
    if conference.meeting_date is None or conference.meeting_date <= today:
        return []
    return [
        Finding(
            Severity.BLOCK,
            None,
            f"The meeting is dated {long_date(conference.meeting_date)}, after today: it cannot be closed as held, "
            "or its minute issued, before it happens.",
            topic="Meeting date",
        )
    ]


def mappa_level_findings(conference: Conference) -> list[Finding]:
    """Warn when a subject who is not MAPPA-managed has a MAPPA management level recorded."""
    subject = conference.subject
    if subject.mappa_category != MappaCategory.NOT_MAPPA or subject.management_level is None:
        return []
    return [
        Finding(
            Severity.WARNING,
            AgendaItem.RISK_ASSESSMENT,
            f"The subject is not MAPPA-managed, yet a MAPPA management level ({subject.management_level.label}) "
            "is recorded: clear the level in the case record, or record the MAPPA category.",
        )
    ]


def _readers(conference: Conference) -> list[Member]:
    """Return the recipients of the minute other than the chair (who sees every restricted item anyway)."""
    return [
        Member(i.contact_id, i.contact.agency.kind if i.contact.agency is not None else None)
        for i in conference.invitations
        if i.receives_minute and i.contact_id != conference.chair_id
    ]


def _unseen_by_item(conference: Conference) -> dict[AgendaItem, int]:
    """Count, by agenda item, the restricted items no recipient but the chair is in the audience of."""
    readers = _readers(conference)
    counts: dict[AgendaItem, int] = {}

    def count(item: AgendaItem, restricted: bool, stored: object) -> None:
        audience = Audience.from_json(stored)
        if restricted and not any(audience.includes(member) for member in readers):
            counts[item] = counts.get(item, 0) + 1

    for note in conference.agenda_notes:
        count(note.item, bool(note.restricted_notes.strip()), note.audience)
    for victim in conference.victims:
        count(AgendaItem.VICTIM_ISSUES, victim.restricted, victim.audience)
    for assessment in conference.risk_assessments:
        count(AgendaItem.RISK_ASSESSMENT, assessment.restricted, assessment.audience)
    for decision in conference.decisions:
        count(decision.item, decision.restricted, decision.audience)
    for disclosure in conference.disclosures:
        count(AgendaItem.ACTION_PLAN, disclosure.restricted, disclosure.audience)
    for action in conference.subject.actions:
        if action.raised_at_id == conference.id:
            count(AgendaItem.ACTION_PLAN, action.restricted, action.audience)
    return counts


def restricted_findings(conference: Conference) -> list[Finding]:
    """Warn, item by item, about restricted content whose audience holds nobody receiving the minute but the chair."""
    findings = []
    for item, number in sorted(_unseen_by_item(conference).items(), key=lambda pair: pair[0].number):
        what = "a restricted item" if number == 1 else f"{number} restricted items"
        findings.append(
            Finding(
                Severity.WARNING,
                item,
                f"{item.label} holds {what} that no recipient of the minute may see but the chair: "
                'no other copy will show it. Say who may see it ("Who may see it…" on its row, or the '
                "clearance matrix when circulating), or lift the restriction.",
            )
        )
    return findings
