"""Enumerations of the domain, with the labels a person reads."""

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a human label."""

    @property
    def label(self) -> str:
        """Return the label shown to users."""
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


class LegalStatus(LabelledEnum):
    """Whether the subject is convicted, alleged, or a concern only (children's cases)."""

    CONVICTED = "convicted"
    ALLEGED = "alleged"
    CONCERN_ONLY = "concern_only"


class CaseStatus(LabelledEnum):
    """Where the subject's case stands, for filtering the register."""

    IN_CUSTODY = "in_custody"
    ACTIVE = "active"
    CLOSED = "closed"


class MappaCategory(LabelledEnum):
    """MAPPA category (who the subject is), separate from the management level."""

    CATEGORY_1 = "category_1"
    CATEGORY_2 = "category_2"
    CATEGORY_3 = "category_3"
    NOT_MAPPA = "not_mappa"


class ManagementLevel(LabelledEnum):
    """MAPPA management level (how intensively the case is managed)."""

    LEVEL_1 = "level_1"
    LEVEL_2 = "level_2"
    LEVEL_3 = "level_3"


class AgencyKind(LabelledEnum):
    """Kind of agency; drives invitation suggestions."""

    POLICE = "police"
    CRIMINAL_JUSTICE_SW = "criminal_justice_sw"
    CHILDREN_AND_FAMILIES = "children_and_families"
    HOUSING = "housing"
    PRISON = "prison"
    HEALTH = "health"
    VOLUNTARY = "voluntary"
    ACCOMMODATION = "accommodation"
    EMPLOYMENT = "employment"
    OTHER = "other"


class ConferenceType(LabelledEnum):
    """Initial, review or emergency conference."""

    INITIAL = "initial"
    REVIEW = "review"
    EMERGENCY = "emergency"


class ConferenceStatus(LabelledEnum):
    """Life cycle of a conference, in order."""

    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    MINUTE_DRAFTED = "minute_drafted"
    ISSUED = "issued"
    AMENDED = "amended"


class ReasonForConvening(LabelledEnum):
    """The seed's criteria for convening a risk management case conference."""

    HIGH_RISK_RETURNING = "high_risk_returning"
    SENTENCE_FOUR_YEARS = "sentence_four_years"
    SUPERVISED_RELEASE = "supervised_release"
    SECURE_HOSPITAL = "secure_hospital"
    SERIOUS_RISK_BEHAVIOUR = "serious_risk_behaviour"
    OTHER = "other"


class AgendaItem(LabelledEnum):
    """The fixed agenda, always in this order."""

    INTRODUCTIONS = "introductions"
    APOLOGIES = "apologies"
    PREVIOUS_MINUTE = "previous_minute"
    PURPOSE = "purpose"
    VICTIM_ISSUES = "victim_issues"
    RISK_ASSESSMENT = "risk_assessment"
    ACTION_PLAN = "action_plan"
    NEXT_MEETING = "next_meeting"

    @property
    def number(self) -> int:
        """Return the item's number on the agenda (1-based)."""
        return list(AgendaItem).index(self) + 1


class InvitationMethod(LabelledEnum):
    """How an invitation was sent."""

    SECURE_EMAIL = "secure_email"
    EMAIL = "email"
    POST = "post"
    PHONE = "phone"
    IN_PERSON = "in_person"


class InvitationResponse(LabelledEnum):
    """The invitee's reply."""

    AWAITING = "awaiting"
    ACCEPTED = "accepted"
    APOLOGIES = "apologies"


class Attendance(LabelledEnum):
    """Whether the invitee was at the meeting."""

    UNKNOWN = "unknown"
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class PlanArea(LabelledEnum):
    """The areas a risk management plan must cover."""

    SUPERVISION = "supervision"
    MONITORING_CONTROL = "monitoring_control"
    INTERVENTIONS = "interventions"
    VICTIM_SAFETY = "victim_safety"
    CONTINGENCY = "contingency"


class ActionStatus(LabelledEnum):
    """State of an action; reviewed at the next conference."""

    OPEN = "open"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    NOT_DONE = "not_done"
    WITHDRAWN = "withdrawn"


class RiskLevel(LabelledEnum):
    """Agreed level of risk."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class VictimKind(LabelledEnum):
    """Known or potential victim."""

    KNOWN = "known"
    POTENTIAL = "potential"


class NoteKind(LabelledEnum):
    """Kind of a note a worker prepares about a subject."""

    BACKGROUND = "background"
    CHRONOLOGY = "chronology"
    VICTIM = "victim"


class AmendmentStatus(LabelledEnum):
    """State of a request to amend an issued minute."""

    REQUESTED = "requested"
    AGREED = "agreed"
    DECLINED = "declined"


class NotificationKind(LabelledEnum):
    """How a case came to the SOLO: a prison's Circular 18 release notification, or a referral."""

    CIRCULAR_18 = "circular_18"
    REFERRAL = "referral"


class LevelDecision(LabelledEnum):
    """What the meeting decided about the MAPPA management level."""

    SET = "set"
    KEPT = "kept"
    RAISED = "raised"
    LOWERED = "lowered"


class AddressOnMinute(LabelledEnum):
    """How much of the subject's address the minute prints (the street is sensitive: vigilante risk)."""

    AREA = "area"
    FULL = "full"
    NONE = "none"


_LABELS: dict[LabelledEnum, str] = {
    LegalStatus.CONCERN_ONLY: "Concern only (no conviction)",
    MappaCategory.CATEGORY_1: "Category 1 (registered sexual offender)",
    MappaCategory.CATEGORY_2: "Category 2 (violent offender)",
    MappaCategory.CATEGORY_3: "Category 3 (other dangerous offender)",
    MappaCategory.NOT_MAPPA: "Not MAPPA",
    ManagementLevel.LEVEL_1: "Level 1 (single agency)",
    ManagementLevel.LEVEL_2: "Level 2 (multi-agency)",
    ManagementLevel.LEVEL_3: "Level 3 (MAPPP)",
    AgencyKind.CRIMINAL_JUSTICE_SW: "Criminal justice social work",
    AgencyKind.CHILDREN_AND_FAMILIES: "Children & families social work",
    AgencyKind.VOLUNTARY: "Voluntary organisation",
    AgencyKind.ACCOMMODATION: "Accommodation provider",
    ConferenceStatus.MINUTE_DRAFTED: "Minute drafted",
    ReasonForConvening.HIGH_RISK_RETURNING: "High-risk offender returning to the community",
    ReasonForConvening.SENTENCE_FOUR_YEARS: "Convicted of sexual offences, sentence of 4 years or more",
    ReasonForConvening.SUPERVISED_RELEASE: "Released on a supervised release order or extended sentence",
    ReasonForConvening.SECURE_HOSPITAL: "Released from secure or medium-secure hospital",
    ReasonForConvening.SERIOUS_RISK_BEHAVIOUR: "Behaviour indicates serious risk of re-offending or harm",
    ReasonForConvening.OTHER: "Other (stated)",
    AgendaItem.PREVIOUS_MINUTE: "Minute of last meeting",
    AgendaItem.PURPOSE: "Purpose of meeting",
    AgendaItem.RISK_ASSESSMENT: "Assessment of risk",
    AgendaItem.ACTION_PLAN: "Risk management action plan",
    AgendaItem.NEXT_MEETING: "Next meeting",
    InvitationMethod.SECURE_EMAIL: "Secure email",
    PlanArea.MONITORING_CONTROL: "Monitoring & control",
    PlanArea.INTERVENTIONS: "Interventions & treatment",
    ActionStatus.NOT_DONE: "Not done",
    RiskLevel.VERY_HIGH: "Very high",
    NoteKind.CHRONOLOGY: "Chronology entry",
    NoteKind.VICTIM: "Victim information",
    NotificationKind.CIRCULAR_18: "Circular 18 release notification",
    LevelDecision.SET: "Set at this meeting",
    LevelDecision.KEPT: "Kept at the same level",
    LevelDecision.RAISED: "Raised",
    LevelDecision.LOWERED: "Lowered",
    AddressOnMinute.AREA: "Area only (default)",
    AddressOnMinute.FULL: "Full address",
    AddressOnMinute.NONE: "No address",
}
