"""Checks on a conference's record: what blocks issuing, and what is weak.

Blocking findings stop a minute being issued (an action with no owner or no
date cannot be followed up). Warnings are shown to the chair, who may accept
them: good practice, not law.
"""

from collections.abc import Callable
from datetime import date

from solodesk.models import (
    Action,
    AgendaItem,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    InvitationResponse,
    PlanArea,
)
from solodesk.services import closing_checks
from solodesk.services.findings import Finding, Severity

__all__ = ["Finding", "Severity", "actions_raised_at", "blocking", "check_conference", "previous_actions"]


def actions_raised_at(conference: Conference) -> list[Action]:
    """Return the actions raised at a conference, in order."""
    return [a for a in conference.subject.actions if a.raised_at_id == conference.id]


def previous_actions(conference: Conference) -> list[Action]:
    """Return the actions from earlier conferences that this one must review."""
    if conference.previous_conference_id is None:
        return []
    return [
        a
        for a in conference.subject.actions
        if a.raised_at_id is not None and a.raised_at_id != conference.id and a.raised_at_id < conference.id
        if a.is_open or a.reviewed_at_id == conference.id
    ]


def check_conference(conference: Conference, today: date | None = None, at_meeting: bool = False) -> list[Finding]:
    """Return every finding about a conference, blocking ones first.

    Args:
        conference: the conference to check.
        today: the date used when the meeting has none.
        at_meeting: the meeting is taking place now, so attendance counts (not just invitations).
    """
    today = today or date.today()
    findings: list[Finding] = []

    def add(severity: Severity, item: AgendaItem | None, message: str) -> None:
        findings.append(Finding(severity, item, message))

    for number, action in enumerate(actions_raised_at(conference), start=1):
        if action.owner_id is None:
            add(Severity.BLOCK, AgendaItem.ACTION_PLAN, f"Action {number} has no owner.")
        if action.due_date is None:
            add(Severity.BLOCK, AgendaItem.ACTION_PLAN, f"Action {number} has no due date.")

    held = at_meeting or conference.status not in (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)
    findings.extend(closing_checks.future_meeting_findings(conference, today))
    findings.extend(closing_checks.children_and_families_findings(conference, held, today))
    if not conference.reasons and not conference.reasons_other.strip():
        add(Severity.WARNING, AgendaItem.PURPOSE, "No reason for convening is recorded.")
    if not conference.confidentiality_agreed:
        findings.append(
            Finding(
                Severity.WARNING,
                None,
                "The confidentiality statement has not been marked as agreed.",
                topic="Confidentiality",
            )
        )
    unrecorded = [i for i in conference.invitations if i.attendance == Attendance.UNKNOWN]
    if at_meeting and unrecorded:
        add(Severity.WARNING, AgendaItem.INTRODUCTIONS, f"{len(unrecorded)} invitee(s) have no attendance recorded.")
    if not any(i.attendance == Attendance.PRESENT for i in conference.invitations):
        add(Severity.WARNING, AgendaItem.INTRODUCTIONS, "Nobody is recorded as present.")
    for invitation in conference.invitations:
        if invitation.response == InvitationResponse.APOLOGIES and invitation.attendance == Attendance.PRESENT:
            add(
                Severity.WARNING,
                AgendaItem.APOLOGIES,
                f"{invitation.contact.name} sent apologies but is marked present.",
            )
    if conference.kind == ConferenceType.REVIEW:
        if conference.previous_minute_accurate is None:
            add(Severity.WARNING, AgendaItem.PREVIOUS_MINUTE, "The accuracy of the last minute is not recorded.")
        reviewed = previous_actions(conference)
        findings.extend(closing_checks.overdue_findings(conference, reviewed, today))
        unreviewed = [a for a in reviewed if a.reviewed_at_id != conference.id]
        if unreviewed:
            add(
                Severity.WARNING,
                AgendaItem.PREVIOUS_MINUTE,
                f"{len(unreviewed)} action(s) from the last plan have no recorded outcome.",
            )
    victim_note = conference.note_for(AgendaItem.VICTIM_ISSUES)
    if not conference.victims and not (victim_note and (victim_note.notes.strip() or victim_note.restricted_notes)):
        add(Severity.WARNING, AgendaItem.VICTIM_ISSUES, "Victim issues are empty.")
    findings.extend(closing_checks.tool_findings(conference))
    findings.extend(closing_checks.assessment_age_findings(conference, today))
    findings.extend(closing_checks.mappa_level_findings(conference))
    if conference.risk_level is None:
        add(Severity.WARNING, AgendaItem.RISK_ASSESSMENT, "No agreed level of risk is recorded.")
    if not conference.risk_rationale.strip():
        add(Severity.WARNING, AgendaItem.RISK_ASSESSMENT, "The agreed level of risk has no rationale.")
    _check_plan(conference, add)
    for disclosure in conference.disclosures:
        if disclosure.disclose and disclosure.discloses_registration and "police" not in disclosure.authority.lower():
            add(
                Severity.WARNING,
                AgendaItem.ACTION_PLAN,
                "Registration status may be disclosed only with the police's written permission.",
            )
    if conference.next_date is None and not conference.not_reconvening_reason.strip():
        add(Severity.WARNING, AgendaItem.NEXT_MEETING, "No next meeting date, and no reason for not reconvening.")
    elif (
        conference.next_date is not None and conference.meeting_date and conference.next_date <= conference.meeting_date
    ):
        add(Severity.WARNING, AgendaItem.NEXT_MEETING, "The next meeting date is not after this meeting.")
    findings.extend(closing_checks.restricted_findings(conference))
    order = (Severity.BLOCK, Severity.WARNING, Severity.CONFIRMED)
    findings.sort(key=lambda f: order.index(f.severity))
    return findings


def _check_plan(conference: Conference, add: Callable[[Severity, AgendaItem | None, str], None]) -> None:
    """Add the weak points of the action plan: no actions, uncovered areas, decisions without reasons."""
    actions = actions_raised_at(conference)
    if not actions:
        add(Severity.WARNING, AgendaItem.ACTION_PLAN, "The action plan has no actions.")
    else:
        covered = {a.plan_area for a in actions}
        for area in (PlanArea.VICTIM_SAFETY, PlanArea.CONTINGENCY):
            if area not in covered:
                add(Severity.WARNING, AgendaItem.ACTION_PLAN, f"The plan has no {area.label.lower()} action.")
    for number, decision in enumerate(conference.decisions, start=1):
        if not decision.reasons.strip():
            add(Severity.WARNING, decision.item, f"Decision {number} has no reasons recorded.")
    for number, disclosure in enumerate(conference.disclosures, start=1):
        if not disclosure.why.strip() or not disclosure.authority.strip():
            add(
                Severity.WARNING, AgendaItem.ACTION_PLAN, f"Disclosure decision {number} lacks its reason or authority."
            )


def blocking(findings: list[Finding]) -> list[Finding]:
    """Return only the findings that block issuing the minute."""
    return [f for f in findings if f.severity == Severity.BLOCK]
