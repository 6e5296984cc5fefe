"""The subject: the individual whose risk the conferences manage."""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from solodesk.models.base import Base, HasUuid, Timestamped, enum_type
from solodesk.models.enums import CaseStatus, LegalStatus, ManagementLevel, MappaCategory
from solodesk.models.versioned import Versioned
from solodesk.text_search import subject_search_keys

if TYPE_CHECKING:
    from solodesk.models.conference import Conference
    from solodesk.models.plan import Action, DiversityNeed, RiskAssessment

ADULT_AGE = 18


class Subject(HasUuid, Versioned, Timestamped, Base):
    """An individual managed through risk management case conferences.

    Attributes:
        aliases: other names the person is known by, searched with the name.
        warning_flags: short flags shown prominently (e.g. "Violence to staff").
        visor_ref: the ViSOR (or local equivalent) reference number.
        ethnicity: the subject's ethnicity as they describe it, written out (never a code).
        address_area: the area of the current address (or of closest links when of no fixed
            abode): what the minute prints unless the chair chooses the full address.
        sentence: sentence type and length (e.g. "6 years, extended sentence").
        sentenced_on: the date of sentence.
        order_ends_on: the date the licence or order ends.
        restricted_patient: detained in hospital under a restriction order, or a conditionally
            discharged restricted patient (MAPPA minute §2.2 row 8).
        hospital_detention: the hospital, the order and restriction, the responsible clinician and
            leave or discharge status, as mental health staff complete it.
        hospital_detention_by: who in mental health services completed it (name, role).
        search_text: the folded words the register matches typed words against (names, aliases,
            references); kept by the mapper events below, so a team store searches on the server.
        sort_name: the folded surname and forenames the register sorts by name on.
    """

    __tablename__ = "subject"

    id: Mapped[int] = mapped_column(primary_key=True)
    forenames: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200), index=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    date_of_birth: Mapped[date | None]
    gender: Mapped[str] = mapped_column(String(60), default="")
    current_address: Mapped[str] = mapped_column(Text, default="")
    proposed_address: Mapped[str] = mapped_column(Text, default="")
    case_status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.ACTIVE, index=True)
    legal_status: Mapped[LegalStatus] = mapped_column(enum_type(LegalStatus), default=LegalStatus.CONVICTED)
    offence_summary: Mapped[str] = mapped_column(Text, default="")
    registered: Mapped[bool] = mapped_column(default=False)
    notification_requirements: Mapped[str] = mapped_column(Text, default="")
    mappa_category: Mapped[MappaCategory] = mapped_column(enum_type(MappaCategory), default=MappaCategory.NOT_MAPPA)
    management_level: Mapped[ManagementLevel | None] = mapped_column(enum_type(ManagementLevel))
    order_conditions: Mapped[str] = mapped_column(Text, default="")
    warning_flags: Mapped[list[str]] = mapped_column(default=list)
    visor_ref: Mapped[str] = mapped_column(String(60), default="", index=True)
    police_ref: Mapped[str] = mapped_column(String(60), default="")
    other_refs: Mapped[str] = mapped_column(String(200), default="")
    case_worker_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    ethnicity: Mapped[str] = mapped_column(String(120), default="")
    address_area: Mapped[str] = mapped_column(String(200), default="")
    sentence: Mapped[str] = mapped_column(Text, default="")
    sentenced_on: Mapped[date | None]
    order_ends_on: Mapped[date | None]
    restricted_patient: Mapped[bool] = mapped_column(default=False)
    hospital_detention: Mapped[str] = mapped_column(Text, default="")
    hospital_detention_by: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(Text, default="")

    conferences: Mapped[list["Conference"]] = relationship(
        back_populates="subject", order_by="Conference.id", cascade="all, delete-orphan"
    )
    actions: Mapped[list["Action"]] = relationship(
        back_populates="subject", order_by="Action.id", cascade="all, delete-orphan"
    )
    risk_assessments: Mapped[list["RiskAssessment"]] = relationship(
        back_populates="subject", order_by="RiskAssessment.id", cascade="all, delete-orphan"
    )
    diversity_needs: Mapped[list["DiversityNeed"]] = relationship(
        back_populates="subject", order_by="DiversityNeed.id", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        """Return forenames and surname as one would write them."""
        return f"{self.forenames} {self.surname}".strip()

    def age_on(self, when: date) -> int | None:
        """Return the subject's age in whole years on a date, if the birth date is known."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return when.year - born.year - ((when.month, when.day) < (born.month, born.day))

    def is_young_person(self, when: date) -> bool:
        """Return True when the subject is under 18 on the given date."""
        age = self.age_on(when)
        return age is not None and age < ADULT_AGE


@event.listens_for(Subject, "before_insert")
@event.listens_for(Subject, "before_update")
def _keep_search_keys(_mapper: Mapper[Subject], _connection: Connection, subject: Subject) -> None:
    """Fold the searched words again whenever a subject is written through the ORM (every app path)."""
    text, sort_name = subject_search_keys(
        subject.forenames or "",
        subject.surname or "",
        subject.aliases or [],
        subject.visor_ref or "",
        subject.police_ref or "",
        subject.other_refs or "",
    )
    # Assigning an unchanged value would still mark the row for an update on the next flush.
    if subject.search_text != text:
        subject.search_text = text
    if subject.sort_name != sort_name:
        subject.sort_name = sort_name
