"""Append-only audit events and the organisation's settings."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from solodesk.models.base import Base, utcnow


class AuditEvent(Base):
    """Who did what, when. Rows are only ever added.

    ``detail`` names things by id and kind, not by case content, so the audit
    trail can be shown to a reviewer without revealing the case.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(80), default="")
    entity_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """One organisation setting, stored encrypted with the cases."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
