"""A conference, its invitations and attendance, and the free-text agenda notes."""

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasAudience, HasUuid, Timestamped, enum_type
from solodesk.models.directory import Contact
from solodesk.models.enums import (
    AddressOnMinute,
    AgendaItem,
    Attendance,
    ConferenceStatus,
    ConferenceType,
    InvitationMethod,
    InvitationResponse,
    LevelDecision,
    RiskLevel,
)
from solodesk.models.versioned import Versioned

if TYPE_CHECKING:
    from solodesk.models.plan import ContingencyItem, Decision, DisclosureDecision, RiskAssessment, Victim
    from solodesk.models.subject import Subject


class Conference(HasUuid, Versioned, Timestamped, Base):
    """One risk management case conference about one subject.

    Attributes:
        reasons: values of :class:`ReasonForConvening` chosen by the chair.
        previous_minute_accurate: None until item 3 is taken, then the group's answer.
        not_reconvening_reason: set instead of a next date when the group decides not to meet again.
        actual_start: when the meeting actually started (``meeting_time`` is when it was called for).
        actual_end: when the meeting actually ended.
        level_decision: what the meeting decided about the MAPPA level (kept, raised, ...).
        level_reason: why; for a subject not managed under MAPPA, how the case is managed instead.
        exit_criteria: what must be true for the case to leave these arrangements.
        address_on_minute: how much of the subject's address the minute prints.
    """

    __tablename__ = "conference"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConferenceType] = mapped_column(enum_type(ConferenceType), default=ConferenceType.INITIAL)
    status: Mapped[ConferenceStatus] = mapped_column(enum_type(ConferenceStatus), default=ConferenceStatus.PLANNED)
    previous_conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"))
    meeting_date: Mapped[date | None] = mapped_column(index=True)
    meeting_time: Mapped[time | None]
    venue: Mapped[str] = mapped_column(String(300), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    minute_taker_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"), index=True)
    reasons: Mapped[list[str]] = mapped_column(default=list)
    reasons_other: Mapped[str] = mapped_column(Text, default="")
    confidentiality_agreed: Mapped[bool] = mapped_column(default=False)
    previous_minute_accurate: Mapped[bool | None]
    previous_minute_amendments: Mapped[str] = mapped_column(Text, default="")
    dynamic_factors: Mapped[str] = mapped_column(Text, default="")
    who_is_at_risk: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[RiskLevel | None] = mapped_column(enum_type(RiskLevel))
    risk_rationale: Mapped[str] = mapped_column(Text, default="")
    next_date: Mapped[date | None]
    next_time: Mapped[time | None]
    next_venue: Mapped[str] = mapped_column(String(300), default="")
    not_reconvening_reason: Mapped[str] = mapped_column(Text, default="")
    actual_start: Mapped[time | None]
    actual_end: Mapped[time | None]
    level_decision: Mapped[LevelDecision | None] = mapped_column(enum_type(LevelDecision))
    level_reason: Mapped[str] = mapped_column(Text, default="")
    exit_criteria: Mapped[str] = mapped_column(Text, default="")
    address_on_minute: Mapped[AddressOnMinute] = mapped_column(enum_type(AddressOnMinute), default=AddressOnMinute.AREA)

    subject: Mapped["Subject"] = relationship(back_populates="conferences")
    previous: Mapped["Conference | None"] = relationship(remote_side=[id])
    chair: Mapped[Contact | None] = relationship(foreign_keys=[chair_id])
    minute_taker: Mapped[Contact | None] = relationship(foreign_keys=[minute_taker_id])
    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="conference", order_by="Invitation.id", cascade="all, delete-orphan"
    )
    agenda_notes: Mapped[list["AgendaNote"]] = relationship(
        back_populates="conference", order_by="AgendaNote.id", cascade="all, delete-orphan"
    )
    victims: Mapped[list["Victim"]] = relationship(
        back_populates="conference", order_by="Victim.id", cascade="all, delete-orphan"
    )
    risk_assessments: Mapped[list["RiskAssessment"]] = relationship(
        back_populates="conference", order_by="RiskAssessment.id"
    )
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="conference", order_by="Decision.id", cascade="all, delete-orphan"
    )
    disclosures: Mapped[list["DisclosureDecision"]] = relationship(
        back_populates="conference", order_by="DisclosureDecision.id", cascade="all, delete-orphan"
    )
    contingencies: Mapped[list["ContingencyItem"]] = relationship(
        back_populates="conference", order_by="ContingencyItem.id", cascade="all, delete-orphan"
    )

    def note_for(self, item: AgendaItem) -> "AgendaNote | None":
        """Return the notes recorded under an agenda item, if any."""
        return next((n for n in self.agenda_notes if n.item == item), None)


class Invitation(HasUuid, Versioned, Base):
    """An invitee of a conference: invitation, response, attendance and clearance.

    Attributes:
        restricted_clearance: before audiences (revision 0007) the chair cleared this person for every
            restricted item; kept only as the starting point the migration read. Audiences decide now.
        receives_minute: the person is on the minute's distribution list.
        agency_update: what this person's agency told the meeting (one update per invitee).
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("conference_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    invited_on: Mapped[date | None]
    method: Mapped[InvitationMethod] = mapped_column(enum_type(InvitationMethod), default=InvitationMethod.SECURE_EMAIL)
    response: Mapped[InvitationResponse] = mapped_column(
        enum_type(InvitationResponse), default=InvitationResponse.AWAITING
    )
    attendance: Mapped[Attendance] = mapped_column(enum_type(Attendance), default=Attendance.UNKNOWN)
    arrived_late: Mapped[bool] = mapped_column(default=False)
    left_early: Mapped[bool] = mapped_column(default=False)
    report_submitted: Mapped[bool] = mapped_column(default=False)
    restricted_clearance: Mapped[bool] = mapped_column(default=False)
    receives_minute: Mapped[bool] = mapped_column(default=True)
    agency_update: Mapped[str] = mapped_column(Text, default="")

    conference: Mapped[Conference] = relationship(back_populates="invitations")
    contact: Mapped[Contact] = relationship()


class AgendaNote(HasUuid, Versioned, HasAudience, Base):
    """Free-text notes under one fixed agenda item of a conference.

    Attributes:
        restricted_notes: text shown only to its audience (``audience``; the chair always).
        completed: the chair marked the item as taken.
    """

    __tablename__ = "agenda_note"
    __table_args__ = (UniqueConstraint("conference_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    item: Mapped[AgendaItem] = mapped_column(enum_type(AgendaItem))
    notes: Mapped[str] = mapped_column(Text, default="")
    restricted_notes: Mapped[str] = mapped_column(Text, default="")
    completed: Mapped[bool] = mapped_column(default=False)

    conference: Mapped[Conference] = relationship(back_populates="agenda_notes")
