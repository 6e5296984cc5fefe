"""Chair mode writes: adding rows, notes, outcomes, closing the meeting, and what changed since an issue.

Each function opens its own short transaction, so a crash loses at most the
edit in flight, and writes an audit event naming records by id only. Changes to
fields go through the typed operations of :mod:`solodesk.services.chair_ops`;
removals through :mod:`solodesk.services.chair_removal`.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaNote,
    Attendance,
    AuditEvent,
    Conference,
    ConferenceStatus,
    Contact,
    ContingencyItem,
    Decision,
    DisclosureDecision,
    DiversityNeed,
    Invitation,
    InvitationResponse,
    MinuteIssue,
    NotificationKind,
    PlanArea,
    ReleaseNotification,
    RiskAssessment,
    Victim,
    VictimKind,
)
from solodesk.services import audit
from solodesk.services.chair_ops import get_record as _get
from solodesk.services.chair_ops import record_chair_event
from solodesk.services.closing_checks import subject_facts
from solodesk.services.edit_conflict import check_base
from solodesk.services.risk_tools import default_tool
from solodesk.services.validation import Finding, check_conference
from solodesk.store import CaseStore


class ChairRefusedError(ValueError):
    """The chair asked for something the record does not allow; the message is a sentence for them."""


def _added(session: Session, conference_id: int, kind: str, record_id: int) -> None:
    record_chair_event(session, conference_id, "added", kind, f"{kind}={record_id}")


# Agenda notes ------------------------------------------------------------------------


def save_note(
    store: CaseStore,
    conference_id: int,
    item: AgendaItem,
    *,
    notes: str | None = None,
    restricted_notes: str | None = None,
    completed: bool | None = None,
    base: str | None = None,
) -> None:
    """Save the notes, restricted notes or completed mark of an agenda item (None leaves a field alone).

    ``base`` is the text the editor started from (of the notes or restricted notes given).

    Raises:
        EditConflictError: someone else saved that text since (nothing is changed).
    """
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        note = conference.note_for(item)
        if note is None:
            note, base = AgendaNote(item=item), None  # Nobody saved it yet: nothing to overwrite.
            conference.agenda_notes.append(note)
        else:
            session.refresh(note, with_for_update=True)  # No other save between the check and the write.
        changed = {"notes": notes, "restricted_notes": restricted_notes, "completed": completed}
        for column, value in changed.items():
            if value is not None:
                check_base(note, column, base if isinstance(value, str) else None, value)
                setattr(note, column, value)
        fields = ",".join(column for column, value in changed.items() if value is not None)
        record_chair_event(session, conference_id, "edited", "note", f"item={item.number} fields={fields}")


# Attendance --------------------------------------------------------------------


def add_attendee(store: CaseStore, conference_id: int, contact_id: int) -> int:
    """Record someone from the directory as present though not invited; return the invitation id."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        _get(session, Contact, contact_id)
        invitation = next((i for i in conference.invitations if i.contact_id == contact_id), None)
        if invitation is not None:
            invitation.attendance = Attendance.PRESENT
        else:
            invitation = Invitation(
                contact_id=contact_id, response=InvitationResponse.ACCEPTED, attendance=Attendance.PRESENT
            )
            conference.invitations.append(invitation)
            session.flush()
        _added(session, conference_id, "attendee", invitation.id)
        return invitation.id


# Minute of last meeting ----------------------------------------------------------


def record_outcome(
    store: CaseStore,
    conference_id: int,
    action_id: int,
    *,
    status: ActionStatus | None = None,
    outcome: str | None = None,
    base: str | None = None,
) -> None:
    """Record the outcome of an earlier action at this conference (``base``: the outcome the editor started from).

    Raises:
        EditConflictError: someone else saved the outcome since ``base`` (nothing is changed).
    """
    with store.session() as session:
        action = _get(session, Action, action_id, lock=True)
        if status is not None:
            action.status = status
        if outcome is not None:
            check_base(action, "outcome", base, outcome)
            action.outcome = outcome
        action.reviewed_at_id = conference_id
        record_chair_event(session, conference_id, "edited", "outcome", f"action={action_id}")


# Adding rows ---------------------------------------------------------------------------


def add_victim(store: CaseStore, conference_id: int, kind: VictimKind = VictimKind.KNOWN) -> int:
    """Add an empty victim (restricted by default); return its id."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        victim = Victim(kind=kind, restricted=True)
        conference.victims.append(victim)
        session.flush()
        _added(session, conference_id, "victim", victim.id)
        return victim.id


def add_assessment(store: CaseStore, conference_id: int, tool: str | None = None) -> int:
    """Add a risk assessment considered at this conference; return its id.

    Without a tool named, it is the first registered tool that applies to the subject at
    the meeting (AIM3 for an under-18, never Risk Matrix 2000).
    """
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        if tool is None:
            facts = subject_facts(conference.subject, conference.meeting_date or date.today())
            tool = default_tool(facts).name
        row = RiskAssessment(subject_id=conference.subject_id, conference_id=conference.id, tool=tool)
        session.add(row)
        session.flush()
        _added(session, conference_id, "assessment", row.id)
        return row.id


def add_action(
    store: CaseStore,
    conference_id: int,
    description: str,
    owner_id: int | None = None,
    due_date: date | None = None,
    plan_area: PlanArea = PlanArea.SUPERVISION,
) -> int:
    """Add an action to the plan; the agency comes from the owner. Return its id.

    Raises:
        ValueError: the description is empty.
    """
    if not description.strip():
        raise ValueError("Describe the action before adding it.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        owner = _get(session, Contact, owner_id) if owner_id is not None else None
        action = Action(
            subject_id=conference.subject_id,
            raised_at_id=conference.id,
            description=description.strip(),
            owner_id=owner_id,
            owner_agency_id=owner.agency_id if owner else None,
            due_date=due_date,
            plan_area=plan_area,
        )
        session.add(action)
        session.flush()
        _added(session, conference_id, "action", action.id)
        return action.id


def add_decision(store: CaseStore, conference_id: int, decision: str, reasons: str = "", dissent: str = "") -> int:
    """Record a decision with its reasons and any dissent; return its id.

    Raises:
        ValueError: the decision is empty.
    """
    if not decision.strip():
        raise ValueError("Write the decision before adding it.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = Decision(decision=decision.strip(), reasons=reasons.strip(), dissent=dissent.strip())
        conference.decisions.append(row)
        session.flush()
        _added(session, conference_id, "decision", row.id)
        return row.id


def add_disclosure(
    store: CaseStore,
    conference_id: int,
    to_whom: str,
    *,
    what: str = "",
    why: str = "",
    authority: str = "",
    disclose: bool = False,
    discloses_registration: bool = False,
    restricted: bool = False,
    legal_route: str = "",
) -> int:
    """Record a disclosure decision; return its id.

    Raises:
        ValueError: it does not say to whom.
    """
    if not to_whom.strip():
        raise ValueError("Say to whom the disclosure would be made.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = DisclosureDecision(
            to_whom=to_whom.strip(),
            what=what,
            why=why,
            authority=authority,
            disclose=disclose,
            discloses_registration=discloses_registration,
            restricted=restricted,
            legal_route=legal_route,
        )
        conference.disclosures.append(row)
        session.flush()
        _added(session, conference_id, "disclosure", row.id)
        return row.id


def add_contingency(store: CaseStore, conference_id: int, warning_sign: str, response: str = "") -> int:
    """Add a contingency line (a warning sign and the response it triggers); return its id.

    Raises:
        ValueError: the warning sign is empty.
    """
    if not warning_sign.strip():
        raise ValueError("Write the warning sign before adding it.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = ContingencyItem(warning_sign=warning_sign.strip(), response=response.strip())
        conference.contingencies.append(row)
        session.flush()
        _added(session, conference_id, "contingency", row.id)
        return row.id


def add_notification(store: CaseStore, conference_id: int, kind: NotificationKind = NotificationKind.REFERRAL) -> int:
    """Record a referral or release notification for this conference's subject, received on the meeting date.

    It is linked to this conference (the meeting convened on it); the chair then
    corrects the date received and adds the sender and any release date.
    """
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = ReleaseNotification(
            subject_id=conference.subject_id,
            kind=kind,
            received_on=conference.meeting_date or date.today(),
            conference_id=conference.id,
        )
        session.add(row)
        session.flush()
        _added(session, conference_id, "notification", row.id)
        return row.id


def add_diversity_need(store: CaseStore, conference_id: int, need: str, response: str = "") -> int:
    """Add a diversity need of the conference's subject, with the response to it; return its id.

    Raises:
        ValueError: the need is empty.
    """
    if not need.strip():
        raise ValueError("Describe the need before adding it.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = DiversityNeed(need=need.strip(), response=response.strip())
        conference.subject.diversity_needs.append(row)
        session.flush()
        _added(session, conference_id, "diversity_need", row.id)
        return row.id


# Closing -------------------------------------------------------------------------------


def completeness(store: CaseStore, conference_id: int) -> list[Finding]:
    """Return what is missing or weak in the record, most serious first."""
    with store.session() as session:
        return check_conference(_get(session, Conference, conference_id), at_meeting=True)


def close_refusal(store: CaseStore, conference_id: int, today: date | None = None) -> str:
    """Return why the meeting cannot be closed as held (a sentence), or an empty string when it can."""
    with store.session() as session:
        return _close_refusal(_get(session, Conference, conference_id), today or date.today())


def _close_refusal(conference: Conference, today: date) -> str:
    if conference.meeting_date is not None and conference.meeting_date > today:
        when = f"{conference.meeting_date.day} {conference.meeting_date:%B %Y}"
        return f"The meeting is dated {when}, which has not come yet: it cannot be closed as held before it happens."
    return ""


def close_meeting(store: CaseStore, conference_id: int, accepted_findings: int = 0, today: date | None = None) -> None:
    """Mark the meeting held and audit it, with the number of findings the chair accepted.

    Raises:
        ChairRefusedError: the meeting is dated in the future (nothing is changed).
    """
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        refusal = _close_refusal(conference, today or date.today())
        if refusal:
            raise ChairRefusedError(refusal)
        if conference.status in (ConferenceStatus.PLANNED, ConferenceStatus.INVITED):
            conference.status = ConferenceStatus.HELD
        audit.record(
            session, "conference.closed", "conference", conference.id, f"accepted_findings={accepted_findings}"
        )


def changed_since_issue(store: CaseStore, conference_id: int) -> int | None:
    """Return the latest issued version when the chair edited the record after it was issued, else None.

    Every chair edit writes a ``chair.*`` audit event against its conference, so an
    event newer than the latest issue means the live record and the issued minute differ.
    """
    with store.session() as session:
        # The version and time only: on a team store a worker or a manager may not read an issue's text.
        latest = session.execute(
            select(MinuteIssue.version, MinuteIssue.issued_at)
            .where(MinuteIssue.conference_id == conference_id)
            .order_by(MinuteIssue.version.desc())
        ).first()
        if latest is None:
            return None
        edited_after = session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.entity == "conference",
                AuditEvent.entity_id == conference_id,
                AuditEvent.action.startswith("chair."),
                AuditEvent.at > latest.issued_at,
            )
            .limit(1)
        )
        return latest.version if edited_after is not None else None
