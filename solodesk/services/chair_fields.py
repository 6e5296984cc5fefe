"""What the chair may change: one enum of editable fields per record kind (values are column names).

The enums are the allow-list: an operation of :mod:`solodesk.services.chair_ops`
names a member, never a free string, so a widget cannot reach any other column.
"""

import enum

from solodesk.models import (
    Action,
    Base,
    Conference,
    ContingencyItem,
    Decision,
    DisclosureDecision,
    DiversityNeed,
    Invitation,
    ReleaseNotification,
    RiskAssessment,
    Subject,
    Victim,
)


class ConferenceText(enum.StrEnum):
    """Free text of the conference record."""

    REASONS_OTHER = "reasons_other"
    PREVIOUS_MINUTE_AMENDMENTS = "previous_minute_amendments"
    DYNAMIC_FACTORS = "dynamic_factors"
    WHO_IS_AT_RISK = "who_is_at_risk"
    RISK_RATIONALE = "risk_rationale"
    NEXT_VENUE = "next_venue"
    NOT_RECONVENING_REASON = "not_reconvening_reason"
    LEVEL_REASON = "level_reason"
    EXIT_CRITERIA = "exit_criteria"


class VictimText(enum.StrEnum):
    """Free text of a victim."""

    DESCRIPTION = "description"
    RELATIONSHIP = "relationship_to_subject"
    WHERE_THEY_LIVE = "where_they_live"
    EXCLUSION_AREA = "exclusion_area"
    CONTACT_RESTRICTIONS = "contact_restrictions"
    SAFETY_MEASURES = "safety_measures"


class AssessmentText(enum.StrEnum):
    """Free text of a risk assessment (the tool's scale values are set by ``SetAssessmentScale``)."""

    TOOL = "tool"
    ASSESSOR = "assessor"
    RESULT = "result"
    NOTES = "notes"


class ActionText(enum.StrEnum):
    """Free text of an action."""

    DESCRIPTION = "description"
    REASON = "reason"


class SubjectText(enum.StrEnum):
    """Free text of the case record the chair may complete in the meeting (the case form edits the rest)."""

    ETHNICITY = "ethnicity"
    ADDRESS_AREA = "address_area"
    SENTENCE = "sentence"
    HOSPITAL_DETENTION = "hospital_detention"
    HOSPITAL_DETENTION_BY = "hospital_detention_by"


class InvitationText(enum.StrEnum):
    """Free text of an invitee's row."""

    AGENCY_UPDATE = "agency_update"


class NotificationText(enum.StrEnum):
    """Free text of a release notification or referral (its dates have typed operations)."""

    FROM_WHOM = "from_whom"
    ORDER_OR_LICENCE = "order_or_licence"


class ContingencyText(enum.StrEnum):
    """Free text of a contingency line."""

    WARNING_SIGN = "warning_sign"
    RESPONSE = "response"


class DiversityText(enum.StrEnum):
    """Free text of a diversity need."""

    NEED = "need"
    RESPONSE = "response"


class DecisionText(enum.StrEnum):
    """Free text of a decision."""

    DECISION = "decision"
    REASONS = "reasons"
    DISSENT = "dissent"


class DisclosureText(enum.StrEnum):
    """Free text of a disclosure decision."""

    TO_WHOM = "to_whom"
    WHAT = "what"
    WHY = "why"
    AUTHORITY = "authority"
    LEGAL_ROUTE = "legal_route"


class ConferenceFlag(enum.StrEnum):
    """Ticks of the conference record."""

    CONFIDENTIALITY_AGREED = "confidentiality_agreed"


class InvitationFlag(enum.StrEnum):
    """Ticks of an invitee's row."""

    ARRIVED_LATE = "arrived_late"
    LEFT_EARLY = "left_early"
    REPORT_SUBMITTED = "report_submitted"
    RESTRICTED_CLEARANCE = "restricted_clearance"
    RECEIVES_MINUTE = "receives_minute"


class VictimFlag(enum.StrEnum):
    """Ticks of a victim."""

    CHILD_PROTECTION = "child_protection"
    RESTRICTED = "restricted"


class AssessmentFlag(enum.StrEnum):
    """Ticks of a risk assessment."""

    RESTRICTED = "restricted"


class ActionFlag(enum.StrEnum):
    """Ticks of an action."""

    RESTRICTED = "restricted"


class DecisionFlag(enum.StrEnum):
    """Ticks of a decision."""

    RESTRICTED = "restricted"


class DisclosureFlag(enum.StrEnum):
    """Ticks of a disclosure decision."""

    DISCLOSE = "disclose"
    DISCLOSES_REGISTRATION = "discloses_registration"
    RESTRICTED = "restricted"


TextField = (
    ConferenceText
    | VictimText
    | AssessmentText
    | ActionText
    | DecisionText
    | DisclosureText
    | SubjectText
    | InvitationText
    | NotificationText
    | ContingencyText
    | DiversityText
)
Flag = ConferenceFlag | InvitationFlag | VictimFlag | AssessmentFlag | ActionFlag | DecisionFlag | DisclosureFlag

MODEL_OF: dict[type[enum.StrEnum], type[Base]] = {
    ConferenceText: Conference,
    VictimText: Victim,
    AssessmentText: RiskAssessment,
    ActionText: Action,
    DecisionText: Decision,
    DisclosureText: DisclosureDecision,
    SubjectText: Subject,
    InvitationText: Invitation,
    NotificationText: ReleaseNotification,
    ContingencyText: ContingencyItem,
    DiversityText: DiversityNeed,
    ConferenceFlag: Conference,
    InvitationFlag: Invitation,
    VictimFlag: Victim,
    AssessmentFlag: RiskAssessment,
    ActionFlag: Action,
    DecisionFlag: Decision,
    DisclosureFlag: DisclosureDecision,
}
# How the audit trail names each kind of record.
KIND_NAMES: dict[type[Base], str] = {
    Conference: "conference",
    Invitation: "invitation",
    Victim: "victim",
    RiskAssessment: "assessment",
    Action: "action",
    Decision: "decision",
    DisclosureDecision: "disclosure",
    Subject: "subject",
    ContingencyItem: "contingency",
    ReleaseNotification: "notification",
    DiversityNeed: "diversity_need",
}
