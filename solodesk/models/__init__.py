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
    NoteKind,
    NotificationKind,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
    VictimKind,
)
from solodesk.models.minutes import AmendmentRequest, Distribution, MinuteIssue
from solodesk.models.notifications import ReleaseNotification
from solodesk.models.plan import Action, Decision, DisclosureDecision, RiskAssessment, Victim
from solodesk.models.preparation import AgencyReport, Attachment, CaseNote, ItemIdentity, ProposedAction
from solodesk.models.records import AuditEvent, Setting
from solodesk.models.subject import Subject

__all__ = [
    "Action",
    "ActionStatus",
    "Agency",
    "AgencyKind",
    "AgencyReport",
    "AgendaItem",
    "AgendaNote",
    "AmendmentRequest",
    "AmendmentStatus",
    "Attachment",
    "Attendance",
    "AuditEvent",
    "Base",
    "CaseNote",
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
    "ItemIdentity",
    "LegalStatus",
    "ManagementLevel",
    "MappaCategory",
    "MinuteIssue",
    "NoteKind",
    "NotificationKind",
    "PlanArea",
    "ProposedAction",
    "ReasonForConvening",
    "ReleaseNotification",
    "RiskAssessment",
    "RiskLevel",
    "Setting",
    "Subject",
    "Victim",
    "VictimKind",
]
