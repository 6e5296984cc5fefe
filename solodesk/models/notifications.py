"""Release notifications (the prison's "Circular 18") and referrals that start a case's conferences."""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasUuid, Timestamped, enum_type
from solodesk.models.directory import Contact
from solodesk.models.enums import NotificationKind
from solodesk.models.versioned import Versioned

if TYPE_CHECKING:
    from solodesk.models.conference import Conference
    from solodesk.models.subject import Subject


class ReleaseNotification(HasUuid, Versioned, Timestamped, Base):
    """A Circular 18 release notification or a referral received about a subject.

    The seed: the prison notifies "normally … three months prior to the release", and a
    conference must be held before the subject returns to the community.

    Attributes:
        from_whom: who sent it, as written (the sender may not be in the directory).
        from_contact_id: the sender in the directory, when they are there.
        release_date: the expected date of release from custody or hospital (None for a
            referral of someone already in the community).
        sentence: the sentence as notified (e.g. "6 years, extended sentence").
        order_or_licence: the order or licence the subject is released on.
        supervising_officer: the supervising officer named in the notification.
        reasons: values of :class:`ReasonForConvening` the notification suggests.
        conference_id: the conference convened on this notification, once there is one.
    """

    __tablename__ = "release_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind), default=NotificationKind.CIRCULAR_18)
    received_on: Mapped[date]
    from_whom: Mapped[str] = mapped_column(String(200), default="")
    from_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    release_date: Mapped[date | None] = mapped_column(index=True)
    sentence: Mapped[str] = mapped_column(Text, default="")
    order_or_licence: Mapped[str] = mapped_column(Text, default="")
    supervising_officer: Mapped[str] = mapped_column(String(200), default="")
    supervising_officer_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"), index=True)

    subject: Mapped["Subject"] = relationship()
    from_contact: Mapped[Contact | None] = relationship(foreign_keys=[from_contact_id])
    supervising_contact: Mapped[Contact | None] = relationship(foreign_keys=[supervising_officer_id])
    conference: Mapped["Conference | None"] = relationship()
