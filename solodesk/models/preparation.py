"""What a worker prepares for a conference: reports, attachments, notes and proposed actions.

Every prepared item carries a stable ``uuid`` so that a conference pack can be
imported twice, or on another laptop, without duplicating anything. Since revision
0018 every record kind has its own ``uuid`` column; :class:`ItemIdentity` is what risk
assessments used before, kept because that revision read their ids from it.
"""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasAudience, Timestamped, enum_type, new_uuid
from solodesk.models.enums import NoteKind, PlanArea

if TYPE_CHECKING:
    from solodesk.models.subject import Subject


class PreparedBy:
    """Mixin: the team-store login that wrote a prepared item (empty in a laptop store).

    On a team store the database fills it in (a trigger the client cannot skip), so a
    worker keeps reading their own restricted preparation whatever its audience says.
    """

    created_by: Mapped[str] = mapped_column(String(200), default="", server_default="")


class AgencyReport(PreparedBy, HasAudience, Timestamped, Base):
    """An agency's report for a conference: written in the app and/or attached files.

    Attributes:
        conference_id: the conference it was written for, when known on this computer.
        submitted_on: set when the author hands the report in; unset while it is a draft.
    """

    __tablename__ = "agency_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    submitted_on: Mapped[date | None]
    restricted: Mapped[bool] = mapped_column(default=False)

    subject: Mapped["Subject"] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="report", order_by="Attachment.id", cascade="all, delete-orphan"
    )


class Attachment(HasAudience, Base):
    """A file attached to an agency report (PDF, DOCX or image), kept inside the encrypted store.

    A file reaches only people who may see its report and, when the file is restricted
    itself, who are also in its own audience: a file's audience can only narrow its report's.

    Attributes:
        data: the file's bytes; loaded only when asked for.
        sha256: hex digest of ``data``, to compare copies without loading them.
    """

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    report_id: Mapped[int] = mapped_column(ForeignKey("agency_report.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(260))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    restricted: Mapped[bool] = mapped_column(default=False)

    report: Mapped[AgencyReport] = relationship(back_populates="attachments")


class CaseNote(PreparedBy, HasAudience, Timestamped, Base):
    """A background note, a dated chronology entry, or victim information about a subject.

    Victim information is restricted by default: it reaches only its audience.
    """

    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_type(NoteKind), default=NoteKind.CHRONOLOGY)
    happened_on: Mapped[date | None]
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    restricted: Mapped[bool] = mapped_column(default=False)


class ProposedAction(PreparedBy, HasAudience, Timestamped, Base):
    """An action a worker proposes before a conference; the meeting decides whether to adopt it.

    A restricted proposal reaches only its audience (the chair always).

    Owners are names, not directory entries, because the worker's directory is not the chair's.
    """

    __tablename__ = "proposed_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    owner_agency: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None]
    plan_area: Mapped[PlanArea] = mapped_column(enum_type(PlanArea), default=PlanArea.SUPERVISION)
    proposed_by: Mapped[str] = mapped_column(String(200), default="")
    restricted: Mapped[bool] = mapped_column(default=False)


class ItemIdentity(Base):
    """The stable id a risk assessment had before revision 0018 gave it a ``uuid`` column.

    Written (before 0018) when such a record arrived in a pack, so importing it again found it;
    revision 0018 copied these ids into ``risk_assessment.uuid``.
    """

    __tablename__ = "item_identity"
    __table_args__ = (UniqueConstraint("entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]


class ExchangeBase(Base):
    """What a record looked like when this store last exchanged it in a handover (revision 0018).

    The digest of the record's handover form, written on export and on import. An import
    compares it with both sides: only the side that moved from it changed the record, so the
    other side's edit is taken without asking; when both moved, it is a conflict.
    """

    __tablename__ = "exchange_base"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
