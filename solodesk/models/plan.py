"""Victims, risk assessments, actions, decisions and disclosure decisions."""

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasAudience, HasUuid, Timestamped, enum_type
from solodesk.models.directory import Agency, Contact
from solodesk.models.enums import ActionStatus, AgendaItem, PlanArea, VictimKind
from solodesk.models.versioned import Versioned

if TYPE_CHECKING:
    from solodesk.models.conference import Conference
    from solodesk.models.subject import Subject


class Victim(HasUuid, Versioned, HasAudience, Base):
    """A known or potential victim discussed under victim issues.

    Victim details default to restricted: they reach only their audience (the chair alone at first).
    """

    __tablename__ = "victim"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    kind: Mapped[VictimKind] = mapped_column(enum_type(VictimKind), default=VictimKind.KNOWN)
    description: Mapped[str] = mapped_column(Text, default="")
    relationship_to_subject: Mapped[str] = mapped_column(String(200), default="")
    where_they_live: Mapped[str] = mapped_column(Text, default="")
    child_protection: Mapped[bool] = mapped_column(default=False)
    contact_restrictions: Mapped[str] = mapped_column(Text, default="")
    exclusion_area: Mapped[str] = mapped_column(Text, default="")
    safety_measures: Mapped[str] = mapped_column(Text, default="")
    restricted: Mapped[bool] = mapped_column(default=True)

    conference: Mapped["Conference"] = relationship(back_populates="victims")


class RiskAssessment(HasUuid, Versioned, HasAudience, Base):
    """The result of one risk assessment tool (e.g. Risk Matrix 2000).

    Attributes:
        tool: the tool's name (see :mod:`solodesk.services.risk_tools`), or the label of another tool.
        results: the value of each of the tool's scales, by scale key (e.g. ``{"reconviction": "Medium"}``).
    """

    __tablename__ = "risk_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"))
    tool: Mapped[str] = mapped_column(String(120))
    assessed_on: Mapped[date | None]
    assessor: Mapped[str] = mapped_column(String(200), default="")
    results: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    restricted: Mapped[bool] = mapped_column(default=False)

    subject: Mapped["Subject"] = relationship(back_populates="risk_assessments")
    conference: Mapped["Conference | None"] = relationship(back_populates="risk_assessments")


# An action is open until the group records an outcome (the other statuses are open and ongoing).
OUTCOME_STATUSES = (ActionStatus.COMPLETED, ActionStatus.NOT_DONE, ActionStatus.WITHDRAWN)
OPEN_ACTION_CONDITION = "status NOT IN ('completed', 'not_done', 'withdrawn')"


class Action(HasUuid, Versioned, HasAudience, Timestamped, Base):
    """A task in the risk management plan; it lives across conferences.

    Raised at one conference, it comes back under "minute of last meeting" at
    the next, where the group records its outcome. ``reason`` is why it is needed
    or the outcome it is meant to achieve (defensible decision-making).
    """

    __tablename__ = "action"
    __table_args__ = (
        # The desk counts and lists each owner's open actions from this index, in due-date then
        # id order, without sorting them; the case is at hand to check it is open (revision 0013).
        # "Open" is said as "no outcome recorded", the form the desk's query uses: SQLite uses a
        # partial index only for a query with the same condition.
        Index(
            "ix_action_open_by_owner",
            "owner_id",
            "owner_agency_id",
            "due_date",
            "id",
            "subject_id",
            sqlite_where=text(OPEN_ACTION_CONDITION),
            postgresql_where=text(OPEN_ACTION_CONDITION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    raised_at_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    owner_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    plan_area: Mapped[PlanArea] = mapped_column(enum_type(PlanArea), default=PlanArea.SUPERVISION)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN, index=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
    reviewed_at_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"))
    restricted: Mapped[bool] = mapped_column(default=False, server_default=false())

    subject: Mapped["Subject"] = relationship(back_populates="actions")
    raised_at: Mapped["Conference | None"] = relationship(foreign_keys=[raised_at_id])
    reviewed_at: Mapped["Conference | None"] = relationship(foreign_keys=[reviewed_at_id])
    owner: Mapped[Contact | None] = relationship()
    owner_agency: Mapped[Agency | None] = relationship()

    @property
    def is_open(self) -> bool:
        """Return True while the action still needs doing."""
        return self.status in (ActionStatus.OPEN, ActionStatus.ONGOING)


class Decision(HasUuid, Versioned, HasAudience, Base):
    """A decision of the meeting, with its reasons and any dissent."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    item: Mapped[AgendaItem] = mapped_column(enum_type(AgendaItem), default=AgendaItem.ACTION_PLAN)
    decision: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    restricted: Mapped[bool] = mapped_column(default=False)

    conference: Mapped["Conference"] = relationship(back_populates="decisions")


class DisclosureDecision(HasUuid, Versioned, HasAudience, Base):
    """A decision whether to disclose information to a third party.

    Attributes:
        discloses_registration: the disclosure reveals registration status, which
            only the police may authorise, in writing.
        legal_route: the legal basis of the disclosure (e.g. common law duty of care, a statute).
    """

    __tablename__ = "disclosure_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    to_whom: Mapped[str] = mapped_column(Text)
    what: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    authority: Mapped[str] = mapped_column(Text, default="")
    disclose: Mapped[bool] = mapped_column(default=False)
    discloses_registration: Mapped[bool] = mapped_column(default=False)
    restricted: Mapped[bool] = mapped_column(default=False)
    legal_route: Mapped[str] = mapped_column(Text, default="")

    conference: Mapped["Conference"] = relationship(back_populates="disclosures")


class ContingencyItem(HasUuid, Versioned, Base):
    """One line of the contingency plan: a warning sign and the response it triggers."""

    __tablename__ = "contingency_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    warning_sign: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")

    conference: Mapped["Conference"] = relationship(back_populates="contingencies")


class DiversityNeed(HasUuid, Versioned, Base):
    """A diversity need of the subject (language, disability, faith, ...) and how it is met."""

    __tablename__ = "diversity_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    need: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")

    subject: Mapped["Subject"] = relationship(back_populates="diversity_needs")
