"""A plain snapshot of one conference, as chair mode and the minute preview read it.

Widgets never hold ORM objects: they get these frozen dataclasses, and write
back through :mod:`solodesk.services.chair_edit`.
"""

import enum
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    InvitationMethod,
    InvitationResponse,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
    VictimKind,
)
from solodesk.services.case_record import CaseRecord, case_record
from solodesk.services.closing_checks import tool_misfits
from solodesk.services.convening import conference_label
from solodesk.services.settings import load_settings
from solodesk.services.validation import actions_raised_at, previous_actions
from solodesk.store import CaseStore


class ChairError(LookupError):
    """A record the chair is working on is no longer in the store."""


class Progress(enum.StrEnum):
    """How far an agenda item has got."""

    EMPTY = "empty"
    STARTED = "started"
    COMPLETED = "completed"


@dataclass(frozen=True)
class InviteeRow:
    """One invitee and their attendance."""

    id: int
    contact_id: int
    name: str
    agency: str
    role: str
    phone: str
    email: str
    invited_on: date | None
    method: InvitationMethod
    response: InvitationResponse
    attendance: Attendance
    arrived_late: bool
    left_early: bool
    report_submitted: bool
    restricted_clearance: bool
    agency_update: str = ""


@dataclass(frozen=True)
class NoteRow:
    """The free notes of one agenda item."""

    item: AgendaItem
    notes: str = ""
    restricted_notes: str = ""
    completed: bool = False


@dataclass(frozen=True)
class VictimRow:
    """A known or potential victim."""

    id: int
    kind: VictimKind
    description: str
    relationship: str
    where_they_live: str
    child_protection: bool
    contact_restrictions: str
    exclusion_area: str
    safety_measures: str
    restricted: bool


@dataclass(frozen=True)
class AssessmentRow:
    """One risk assessment tool and its result."""

    id: int
    tool: str
    assessed_on: date | None
    assessor: str
    results: dict[str, str]
    result: str
    notes: str
    restricted: bool
    misfits: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    """An action of the plan (this conference's, or an earlier one under review)."""

    id: int
    description: str
    owner_id: int | None
    owner_name: str
    agency_name: str
    due_date: date | None
    plan_area: PlanArea
    status: ActionStatus
    outcome: str
    reviewed_here: bool
    raised_at: str
    restricted: bool = False
    reason: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A decision with its reasons and dissent."""

    id: int
    item: AgendaItem
    decision: str
    reasons: str
    dissent: str
    restricted: bool


@dataclass(frozen=True)
class DisclosureRow:
    """A disclosure decision."""

    id: int
    to_whom: str
    what: str
    why: str
    authority: str
    disclose: bool
    discloses_registration: bool
    restricted: bool
    legal_route: str = ""


@dataclass(frozen=True)
class ConferenceSnapshot:
    """Everything recorded for one conference, in plain values."""

    id: int
    subject_id: int
    subject_name: str
    subject_dob: date | None
    young_person: bool
    visor_ref: str
    kind: ConferenceType
    status: ConferenceStatus
    meeting_date: date | None
    meeting_time: time | None
    venue: str
    chair_name: str
    minute_taker_name: str
    organisation: str
    marking: str
    confidentiality_statement: str
    confidentiality_agreed: bool
    reasons: list[ReasonForConvening]
    reasons_other: str
    previous_conference_id: int | None
    previous_label: str
    previous_minute_accurate: bool | None
    previous_minute_amendments: str
    dynamic_factors: str
    who_is_at_risk: str
    risk_level: RiskLevel | None
    risk_rationale: str
    next_date: date | None
    next_time: time | None
    next_venue: str
    not_reconvening_reason: str
    record: CaseRecord
    invitees: list[InviteeRow] = field(default_factory=list)
    notes: dict[AgendaItem, NoteRow] = field(default_factory=dict)
    victims: list[VictimRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    earlier_assessments: list[AssessmentRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    previous_actions: list[ActionRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    disclosures: list[DisclosureRow] = field(default_factory=list)

    def note(self, item: AgendaItem) -> NoteRow:
        """Return the notes of an item (empty when none were written)."""
        return self.notes.get(item, NoteRow(item))

    def present(self) -> list[InviteeRow]:
        """Return the invitees marked present."""
        return [i for i in self.invitees if i.attendance == Attendance.PRESENT]


def _action_row(action: Action, conference_id: int) -> ActionRow:
    return ActionRow(
        id=action.id,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=action.owner.name if action.owner else "",
        agency_name=action.owner_agency.name if action.owner_agency else "",
        due_date=action.due_date,
        plan_area=action.plan_area,
        status=action.status,
        outcome=action.outcome,
        reviewed_here=action.reviewed_at_id == conference_id,
        raised_at=conference_label(action.raised_at) if action.raised_at else "",
        restricted=action.restricted,
        reason=action.reason,
    )


def _assessment_rows(conference: Conference, mine: bool) -> list[AssessmentRow]:
    rows = [
        r
        for r in conference.subject.risk_assessments
        if (r.conference_id == conference.id) == mine
        and (mine or r.conference_id is None or r.conference_id < conference.id)
    ]
    return [
        AssessmentRow(
            r.id,
            r.tool,
            r.assessed_on,
            r.assessor,
            {str(k): str(v) for k, v in r.results.items()},
            r.result,
            r.notes,
            r.restricted,
            tuple(tool_misfits(r, conference)),
        )
        for r in rows
    ]


def snapshot(session: Session, conference_id: int) -> ConferenceSnapshot:
    """Return the snapshot of a conference.

    Raises:
        ChairError: no such conference.
    """
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise ChairError("That conference is no longer in the store.")
    settings = load_settings(session)
    subject = conference.subject
    when = conference.meeting_date or date.today()
    return ConferenceSnapshot(
        id=conference.id,
        subject_id=subject.id,
        subject_name=subject.full_name,
        subject_dob=subject.date_of_birth,
        young_person=subject.is_young_person(when),
        visor_ref=subject.visor_ref,
        kind=conference.kind,
        status=conference.status,
        meeting_date=conference.meeting_date,
        meeting_time=conference.meeting_time,
        venue=conference.venue,
        chair_name=conference.chair.name if conference.chair else "",
        minute_taker_name=conference.minute_taker.name if conference.minute_taker else "",
        organisation=settings.organisation_name,
        marking=settings.protective_marking,
        confidentiality_statement=settings.confidentiality_statement,
        confidentiality_agreed=conference.confidentiality_agreed,
        reasons=[r for r in ReasonForConvening if r.value in conference.reasons],
        reasons_other=conference.reasons_other,
        previous_conference_id=conference.previous_conference_id,
        previous_label=conference_label(conference.previous) if conference.previous else "",
        previous_minute_accurate=conference.previous_minute_accurate,
        previous_minute_amendments=conference.previous_minute_amendments,
        dynamic_factors=conference.dynamic_factors,
        who_is_at_risk=conference.who_is_at_risk,
        risk_level=conference.risk_level,
        risk_rationale=conference.risk_rationale,
        next_date=conference.next_date,
        next_time=conference.next_time,
        next_venue=conference.next_venue,
        not_reconvening_reason=conference.not_reconvening_reason,
        record=case_record(conference, settings),
        invitees=[
            InviteeRow(
                id=i.id,
                contact_id=i.contact_id,
                name=i.contact.name,
                agency=i.contact.agency_name,
                role=i.contact.role,
                phone=i.contact.phone,
                email=i.contact.email,
                invited_on=i.invited_on,
                method=i.method,
                response=i.response,
                attendance=i.attendance,
                arrived_late=i.arrived_late,
                left_early=i.left_early,
                report_submitted=i.report_submitted,
                restricted_clearance=i.restricted_clearance,
                agency_update=i.agency_update,
            )
            for i in conference.invitations
        ],
        notes={n.item: NoteRow(n.item, n.notes, n.restricted_notes, n.completed) for n in conference.agenda_notes},
        victims=[
            VictimRow(
                v.id,
                v.kind,
                v.description,
                v.relationship_to_subject,
                v.where_they_live,
                v.child_protection,
                v.contact_restrictions,
                v.exclusion_area,
                v.safety_measures,
                v.restricted,
            )
            for v in conference.victims
        ],
        assessments=_assessment_rows(conference, mine=True),
        earlier_assessments=_assessment_rows(conference, mine=False),
        actions=[_action_row(a, conference.id) for a in actions_raised_at(conference)],
        previous_actions=[_action_row(a, conference.id) for a in previous_actions(conference)],
        decisions=[
            DecisionRow(d.id, d.item, d.decision, d.reasons, d.dissent, d.restricted) for d in conference.decisions
        ],
        disclosures=[
            DisclosureRow(
                d.id,
                d.to_whom,
                d.what,
                d.why,
                d.authority,
                d.disclose,
                d.discloses_registration,
                d.restricted,
                d.legal_route,
            )
            for d in conference.disclosures
        ],
    )


def load_snapshot(store: CaseStore, conference_id: int) -> ConferenceSnapshot:
    """Return the snapshot of a conference through an open store."""
    with store.session() as session:
        return snapshot(session, conference_id)


def _filled(snap: ConferenceSnapshot, item: AgendaItem) -> bool:
    note = snap.note(item)
    if note.notes.strip() or note.restricted_notes.strip():
        return True
    checks = {
        AgendaItem.INTRODUCTIONS: any(i.attendance != Attendance.UNKNOWN for i in snap.invitees),
        AgendaItem.APOLOGIES: any(i.attendance == Attendance.APOLOGIES for i in snap.invitees),
        AgendaItem.PREVIOUS_MINUTE: snap.previous_minute_accurate is not None
        or any(a.reviewed_here for a in snap.previous_actions),
        AgendaItem.PURPOSE: bool(snap.reasons or snap.reasons_other.strip()),
        AgendaItem.VICTIM_ISSUES: bool(snap.victims),
        AgendaItem.RISK_ASSESSMENT: bool(snap.assessments or snap.risk_level or snap.risk_rationale.strip()),
        AgendaItem.ACTION_PLAN: bool(snap.actions or snap.decisions or snap.disclosures),
        AgendaItem.NEXT_MEETING: bool(snap.next_date or snap.not_reconvening_reason.strip()),
    }
    return checks[item]


def item_progress(snap: ConferenceSnapshot, item: AgendaItem | None) -> Progress:
    """Return how far an agenda item has got (None is the confidentiality statement)."""
    if item is None:
        return Progress.COMPLETED if snap.confidentiality_agreed else Progress.EMPTY
    if snap.note(item).completed:
        return Progress.COMPLETED
    return Progress.STARTED if _filled(snap, item) else Progress.EMPTY
