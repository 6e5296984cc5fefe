"""Typed SQLAlchemy models of the SOLO Desk domain (no Qt here)."""

from solodesk.models.base import Base
from solodesk.models.conference import AgendaNote, Conference, Invitation
from solodesk.models.directory import Agency, Contact
from solodesk.models.enums import (
    ActionStatus,
    AddressOnMinute,
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
    LevelDecision,
    ManagementLevel,
    MappaCategory,
    NoteKind,
    NotificationKind,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
    VictimKind,
)
from solodesk.models.lease import ConferenceLease
from solodesk.models.minutes import AmendmentRequest, Distribution, MinuteIssue
from solodesk.models.notifications import ReleaseNotification
from solodesk.models.plan import (
    Action,
    ContingencyItem,
    Decision,
    DisclosureDecision,
    DiversityNeed,
    RiskAssessment,
    Victim,
)
from solodesk.models.preparation import (
    AgencyReport,
    Attachment,
    CaseNote,
    ExchangeBase,
    ItemIdentity,
    ProposedAction,
)
from solodesk.models.records import AuditEvent, Setting
from solodesk.models.subject import Subject
from solodesk.models.versioned import Versioned

__all__ = [
    "Action",
    "ActionStatus",
    "AddressOnMinute",
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
    "ConferenceLease",
    "ConferenceStatus",
    "ConferenceType",
    "Contact",
    "ContingencyItem",
    "Decision",
    "DisclosureDecision",
    "DiversityNeed",
    "Distribution",
    "Invitation",
    "InvitationMethod",
    "InvitationResponse",
    "ExchangeBase",
    "ItemIdentity",
    "LegalStatus",
    "LevelDecision",
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
    "Versioned",
    "Victim",
    "VictimKind",
]
