"""Chair mode writes: every edit of the live meeting, saved as it is made.

Each function opens its own short transaction, so a crash loses at most the
edit in flight. Field names are checked against an allow-list: a widget can
change what the chair may change, nothing else.
"""

from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaNote,
    Attendance,
    Base,
    Conference,
    ConferenceStatus,
    Contact,
    Decision,
    DisclosureDecision,
    Invitation,
    InvitationResponse,
    PlanArea,
    ReasonForConvening,
    RiskAssessment,
    Victim,
    VictimKind,
)
from solodesk.services import audit
from solodesk.services.chair_view import ChairError
from solodesk.services.validation import Finding, check_conference
from solodesk.store import CaseStore

CONFERENCE_FIELDS = frozenset(
    {
        "confidentiality_agreed",
        "reasons",
        "reasons_other",
        "previous_minute_accurate",
        "previous_minute_amendments",
        "dynamic_factors",
        "who_is_at_risk",
        "risk_level",
        "risk_rationale",
        "next_date",
        "next_time",
        "next_venue",
        "not_reconvening_reason",
    }
)
INVITATION_FIELDS = frozenset(
    {"attendance", "arrived_late", "left_early", "report_submitted", "restricted_clearance", "receives_minute"}
)
VICTIM_FIELDS = frozenset(
    {
        "kind",
        "description",
        "relationship_to_subject",
        "where_they_live",
        "child_protection",
        "contact_restrictions",
        "exclusion_area",
        "safety_measures",
        "restricted",
    }
)
ASSESSMENT_FIELDS = frozenset(
    {"tool", "assessed_on", "assessor", "reconviction_band", "harm_band", "result", "notes", "restricted"}
)
ACTION_FIELDS = frozenset({"description", "owner_id", "owner_agency_id", "due_date", "plan_area"})
DECISION_FIELDS = frozenset({"item", "decision", "reasons", "dissent", "restricted"})
DISCLOSURE_FIELDS = frozenset(
    {"to_whom", "what", "why", "authority", "disclose", "discloses_registration", "restricted"}
)


M = TypeVar("M", bound=Base)


def _get(session: Session, model: type[M], record_id: int) -> M:
    record = session.get(model, record_id)
    if record is None:
        raise ChairError(f"That {model.__tablename__.replace('_', ' ')} is no longer in the store.")
    return record


def _apply(record: Base, allowed: frozenset[str], changes: dict[str, Any]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(record, name, value)


def _update(
    store: CaseStore, model: type[Base], record_id: int, allowed: frozenset[str], changes: dict[str, Any]
) -> None:
    with store.session() as session:
        _apply(_get(session, model, record_id), allowed, changes)


def _delete(store: CaseStore, model: type[Base], record_id: int) -> None:
    with store.session() as session:
        session.delete(_get(session, model, record_id))


# The conference itself ---------------------------------------------------------


def update_conference(store: CaseStore, conference_id: int, **changes: Any) -> None:
    """Change fields of the conference (reasons as :class:`ReasonForConvening` members)."""
    if "reasons" in changes:
        chosen = set(changes["reasons"])
        changes["reasons"] = [r.value for r in ReasonForConvening if r in chosen]
    _update(store, Conference, conference_id, CONFERENCE_FIELDS, changes)


def save_note(
    store: CaseStore,
    conference_id: int,
    item: AgendaItem,
    *,
    notes: str | None = None,
    restricted_notes: str | None = None,
    completed: bool | None = None,
) -> None:
    """Save the notes, restricted notes or completed mark of an agenda item (None leaves a field alone)."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        note = conference.note_for(item)
        if note is None:
            note = AgendaNote(item=item)
            conference.agenda_notes.append(note)
        if notes is not None:
            note.notes = notes
        if restricted_notes is not None:
            note.restricted_notes = restricted_notes
        if completed is not None:
            note.completed = completed


# Attendance --------------------------------------------------------------------


def update_invitation(store: CaseStore, invitation_id: int, **changes: Any) -> None:
    """Change an invitee's attendance, late arrival, early departure, report or clearance."""
    _update(store, Invitation, invitation_id, INVITATION_FIELDS, changes)


def add_attendee(store: CaseStore, conference_id: int, contact_id: int) -> int:
    """Record someone from the directory as present though not invited; return the invitation id."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        _get(session, Contact, contact_id)
        existing = next((i for i in conference.invitations if i.contact_id == contact_id), None)
        if existing is not None:
            existing.attendance = Attendance.PRESENT
            return existing.id
        invitation = Invitation(
            contact_id=contact_id, response=InvitationResponse.ACCEPTED, attendance=Attendance.PRESENT
        )
        conference.invitations.append(invitation)
        session.flush()
        return invitation.id


# Minute of last meeting ----------------------------------------------------------


def record_outcome(
    store: CaseStore,
    conference_id: int,
    action_id: int,
    *,
    status: ActionStatus | None = None,
    outcome: str | None = None,
) -> None:
    """Record the outcome of an earlier action at this conference."""
    with store.session() as session:
        action = _get(session, Action, action_id)
        if status is not None:
            action.status = status
        if outcome is not None:
            action.outcome = outcome
        action.reviewed_at_id = conference_id


# Victims, assessments -------------------------------------------------------------


def add_victim(store: CaseStore, conference_id: int, kind: VictimKind = VictimKind.KNOWN) -> int:
    """Add an empty victim (restricted by default); return its id."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        victim = Victim(kind=kind, restricted=True)
        conference.victims.append(victim)
        session.flush()
        return victim.id


def update_victim(store: CaseStore, victim_id: int, **changes: Any) -> None:
    """Change fields of a victim."""
    _update(store, Victim, victim_id, VICTIM_FIELDS, changes)


def delete_victim(store: CaseStore, victim_id: int) -> None:
    """Remove a victim entered by mistake."""
    _delete(store, Victim, victim_id)


def add_assessment(store: CaseStore, conference_id: int, tool: str = "Risk Matrix 2000") -> int:
    """Add a risk assessment considered at this conference; return its id."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = RiskAssessment(subject_id=conference.subject_id, conference_id=conference.id, tool=tool)
        session.add(row)
        session.flush()
        return row.id


def update_assessment(store: CaseStore, assessment_id: int, **changes: Any) -> None:
    """Change fields of a risk assessment."""
    _update(store, RiskAssessment, assessment_id, ASSESSMENT_FIELDS, changes)


def delete_assessment(store: CaseStore, assessment_id: int) -> None:
    """Remove a risk assessment entered by mistake."""
    _delete(store, RiskAssessment, assessment_id)


# Action plan -------------------------------------------------------------------------


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
        return action.id


def update_action(store: CaseStore, action_id: int, **changes: Any) -> None:
    """Change an action; a new owner brings their agency with them."""
    with store.session() as session:
        action = _get(session, Action, action_id)
        if "owner_id" in changes and "owner_agency_id" not in changes:
            owner = _get(session, Contact, changes["owner_id"]) if changes["owner_id"] is not None else None
            changes["owner_agency_id"] = owner.agency_id if owner else None
        _apply(action, ACTION_FIELDS, changes)


def delete_action(store: CaseStore, action_id: int) -> None:
    """Remove an action entered by mistake."""
    _delete(store, Action, action_id)


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
        return row.id


def update_decision(store: CaseStore, decision_id: int, **changes: Any) -> None:
    """Change a decision."""
    _update(store, Decision, decision_id, DECISION_FIELDS, changes)


def delete_decision(store: CaseStore, decision_id: int) -> None:
    """Remove a decision entered by mistake."""
    _delete(store, Decision, decision_id)


def add_disclosure(store: CaseStore, conference_id: int, to_whom: str, **fields: Any) -> int:
    """Record a disclosure decision; return its id.

    Raises:
        ValueError: it does not say to whom.
    """
    if not to_whom.strip():
        raise ValueError("Say to whom the disclosure would be made.")
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        row = DisclosureDecision(to_whom=to_whom.strip())
        _apply(row, DISCLOSURE_FIELDS, fields)
        conference.disclosures.append(row)
        session.flush()
        return row.id


def update_disclosure(store: CaseStore, disclosure_id: int, **changes: Any) -> None:
    """Change a disclosure decision."""
    _update(store, DisclosureDecision, disclosure_id, DISCLOSURE_FIELDS, changes)


def delete_disclosure(store: CaseStore, disclosure_id: int) -> None:
    """Remove a disclosure decision entered by mistake."""
    _delete(store, DisclosureDecision, disclosure_id)


# Closing -------------------------------------------------------------------------------


def completeness(store: CaseStore, conference_id: int) -> list[Finding]:
    """Return what is missing or weak in the record, most serious first."""
    with store.session() as session:
        return check_conference(_get(session, Conference, conference_id), at_meeting=True)


def close_meeting(store: CaseStore, conference_id: int, accepted_findings: int = 0) -> None:
    """Mark the meeting held and audit it, with the number of findings the chair accepted."""
    with store.session() as session:
        conference = _get(session, Conference, conference_id)
        if conference.status in (ConferenceStatus.PLANNED, ConferenceStatus.INVITED):
            conference.status = ConferenceStatus.HELD
        audit.record(
            session, "conference.closed", "conference", conference.id, f"accepted_findings={accepted_findings}"
        )
