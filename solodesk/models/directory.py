"""The reusable directory of agencies and the people in them."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from solodesk.models.base import Base, HasUuid, Timestamped, enum_type
from solodesk.models.enums import AgencyKind


class Agency(HasUuid, Timestamped, Base):
    """An organisation that sends people to conferences."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[AgencyKind] = mapped_column(enum_type(AgencyKind), default=AgencyKind.OTHER)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")

    contacts: Mapped[list["Contact"]] = relationship(back_populates="agency", order_by="Contact.name")


class Contact(HasUuid, Timestamped, Base):
    """A person in the core-group directory.

    Attributes:
        is_solo: the person is a Sex Offender Liaison Officer for their agency.
    """

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    is_solo: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)

    agency: Mapped[Agency | None] = relationship(back_populates="contacts")

    @property
    def agency_name(self) -> str:
        """Return the agency's name, or an empty string."""
        return self.agency.name if self.agency else ""
