"""Issued minutes, their distribution records and amendment requests."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasAudience, HasUuid, enum_type, utcnow
from solodesk.models.conference import Conference
from solodesk.models.enums import AmendmentStatus


class MinuteIssue(HasUuid, Base):
    """A frozen version of a conference's minute (v1, then v2 after amendments).

    Attributes:
        content: the snapshot of everything the minute shows, so a copy can be
            re-rendered exactly even after the live record changes.
        amendments_summary: the "amendments since the previous version" list: entries
            ``{"text": ..., "restricted": bool}`` (older issues hold plain strings).
    """

    __tablename__ = "minute_issue"
    __table_args__ = (UniqueConstraint("conference_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    amendments_summary: Mapped[list[Any]] = mapped_column(JSON, default=list)

    conference: Mapped[Conference] = relationship()
    distributions: Mapped[list["Distribution"]] = relationship(
        back_populates="issue", order_by="Distribution.id", cascade="all, delete-orphan"
    )


class Distribution(HasUuid, Base):
    """One recipient's copy of one minute issue: who, when, and the file's hash.

    Attributes:
        restricted_items: labels of the restricted items this copy contained (e.g. "Victim 1").
    """

    __tablename__ = "distribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("minute_issue.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(400), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    restricted_items: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    issue: Mapped[MinuteIssue] = relationship(back_populates="distributions")


class AmendmentRequest(HasUuid, HasAudience, Base):
    """A request from a recipient to correct an issued minute.

    Attributes:
        restricted: the request concerns restricted information, so its text reaches only
            the copies of its audience (the audience of the item it concerns).
    """

    __tablename__ = "amendment_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_on: Mapped[date | None]
    request: Mapped[str] = mapped_column(Text)
    status: Mapped[AmendmentStatus] = mapped_column(enum_type(AmendmentStatus), default=AmendmentStatus.REQUESTED)
    chair_note: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None]
    applied_in_version: Mapped[int | None]
    restricted: Mapped[bool] = mapped_column(default=False, server_default=false())
