"""The read model of one conference: frozen plain rows, enum members rather than labels.

:func:`solodesk.services.conference_read.read_conference` fills a
:class:`ConferenceSnapshot` once from the store; chair mode shows it, and
:func:`solodesk.services.minute_content.build_content` turns the very same
snapshot into the minute (draft preview, issued copies, letters, summary), so
no view reads the records its own way. Restricted rows carry their stored
audience as a plain :class:`~solodesk.services.audience.Audience`.
"""

from dataclasses import dataclass, field
from datetime import date, time

from solodesk.models import (
    ActionStatus,
    AgencyKind,
    AgendaItem,
    Attendance,
    ConferenceStatus,
    ConferenceType,
    InvitationMethod,
    InvitationResponse,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
    VictimKind,
)
from solodesk.services.audience import Audience
from solodesk.services.case_record import CaseRecord


@dataclass(frozen=True)
class InviteeRow:
    """One invitee and their attendance.

    Attributes:
        receives_minute: on the minute's distribution list.
        agency_kind: the kind of their agency (decides which restricted items reach them).
    """

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
    receives_minute: bool = True
    agency_kind: AgencyKind | None = None


@dataclass(frozen=True)
class NoteRow:
    """The free notes of one agenda item (``id`` 0: nothing written yet)."""

    item: AgendaItem
    notes: str = ""
    restricted_notes: str = ""
    completed: bool = False
    id: int = 0
    audience: Audience = field(default_factory=Audience)


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
    audience: Audience = field(default_factory=Audience)


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
    audience: Audience = field(default_factory=Audience)


@dataclass(frozen=True)
class ActionRow:
    """An action of the plan (this conference's, or an earlier one under review).

    Attributes:
        agency_name: the agency named for the action, else the owner's own agency.
    """

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
    audience: Audience = field(default_factory=Audience)


@dataclass(frozen=True)
class DecisionRow:
    """A decision with its reasons and dissent."""

    id: int
    item: AgendaItem
    decision: str
    reasons: str
    dissent: str
    restricted: bool
    audience: Audience = field(default_factory=Audience)


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
    audience: Audience = field(default_factory=Audience)


@dataclass(frozen=True)
class Person:
    """The chair or the minute-taker, as the minute names them."""

    id: int | None = None
    name: str = ""
    agency: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ConferenceSnapshot:
    """Everything recorded for one conference, in plain values.

    Attributes:
        reasons_unknown: stored reasons this version does not know (kept, printed as written).
        contact_names: the name of every contact an audience names, invitee or not.
    """

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
    chair: Person = field(default_factory=Person)
    minute_taker: Person = field(default_factory=Person)
    reasons_unknown: list[str] = field(default_factory=list)
    contact_names: dict[int, str] = field(default_factory=dict)

    def note(self, item: AgendaItem) -> NoteRow:
        """Return the notes of an item (empty when none were written)."""
        return self.notes.get(item, NoteRow(item))

    def present(self) -> list[InviteeRow]:
        """Return the invitees marked present."""
        return [i for i in self.invitees if i.attendance == Attendance.PRESENT]
