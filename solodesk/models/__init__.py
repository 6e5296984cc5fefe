"""Typed SQLAlchemy models of the SOLO Desk domain (no Qt here)."""

from solodesk.models.base import Base
from solodesk.models.conference import AgendaNote, Conference, Invitation
from solodesk.models.directory import Agency, Contact
from solodesk.models.enums import (
    ActionStatus,
    AgencyKind,
    AgendaItem,
    AmendmentStatus,
    Attendance,
    CaseStatus,
    ConferenceStatus,
    ConferenceType,
    InvitationMethod,
    InvitationResponse,
    LegalStatus,
    ManagementLevel,
    MappaCategory,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
    VictimKind,
)
from solodesk.models.minutes import AmendmentRequest, Distribution, MinuteIssue
from solodesk.models.plan import Action, Decision, DisclosureDecision, RiskAssessment, Victim
from solodesk.models.records import AuditEvent, Setting
from solodesk.models.subject import Subject

__all__ = [
    "Action",
    "ActionStatus",
    "Agency",
    "AgencyKind",
    "AgendaItem",
    "AgendaNote",
    "AmendmentRequest",
    "AmendmentStatus",
    "Attendance",
    "AuditEvent",
    "Base",
    "CaseStatus",
    "Conference",
    "ConferenceStatus",
    "ConferenceType",
    "Contact",
    "Decision",
    "DisclosureDecision",
    "Distribution",
    "Invitation",
    "InvitationMethod",
    "InvitationResponse",
    "LegalStatus",
    "ManagementLevel",
    "MappaCategory",
    "MinuteIssue",
    "PlanArea",
    "ReasonForConvening",
    "RiskAssessment",
    "RiskLevel",
    "Setting",
    "Subject",
    "Victim",
    "VictimKind",
]
