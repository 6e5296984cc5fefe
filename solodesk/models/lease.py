"""A conference checked out of a team store for offline work: who has it, on which laptop, since when."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from solodesk.models.base import Base, utcnow


class ConferenceLease(Base):
    """The lease on one conference of a team store while a laptop has it checked out.

    While a lease stands, only its holder changes the conference (the server refuses anyone
    else, naming the holder); check-in ends it. A manager or the chair may break it: the row
    stays, marked broken, so the holder's laptop is told at check-in and keeps its copy.

    Attributes:
        holder: the login that checked it out.
        holder_name: that person's name as shown to others ("checked out by NAME").
        laptop: the computer it went to.
        broken_by: the login that broke the lease ("" while it stands).
    """

    __tablename__ = "conference_lease"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), unique=True)
    holder: Mapped[str] = mapped_column(String(100))
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    laptop: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[datetime] = mapped_column(default=utcnow)
    broken_by: Mapped[str] = mapped_column(String(100), default="")
    broken_at: Mapped[datetime | None] = mapped_column(default=None)
