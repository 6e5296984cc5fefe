"""Creating, editing and viewing a subject, through plain forms and views."""

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select

from solodesk.models import (
    ActionStatus,
    CaseStatus,
    Conference,
    Invitation,
    LegalStatus,
    ManagementLevel,
    MappaCategory,
    Subject,
)
from solodesk.services import audit, limits
from solodesk.services.forms import FormValidationError
from solodesk.services.risk_tools import scale_results
from solodesk.store import CaseStore

OLDEST_PLAUSIBLE_BIRTH = date(1900, 1, 1)


class SubjectValidationError(FormValidationError):
    """A subject form has problems; ``problems`` maps field name to a sentence."""


@dataclass
class SubjectForm:
    """The editable fields of a subject, as plain values.

    Attributes:
        id: None for a new subject.
    """

    id: int | None = None
    forenames: str = ""
    surname: str = ""
    aliases: list[str] = field(default_factory=list)
    date_of_birth: date | None = None
    gender: str = ""
    case_status: CaseStatus = CaseStatus.ACTIVE
    legal_status: LegalStatus = LegalStatus.CONVICTED
    mappa_category: MappaCategory = MappaCategory.NOT_MAPPA
    management_level: ManagementLevel | None = None
    registered: bool = False
    notification_requirements: str = ""
    current_address: str = ""
    proposed_address: str = ""
    offence_summary: str = ""
    order_conditions: str = ""
    warning_flags: list[str] = field(default_factory=list)
    visor_ref: str = ""
    police_ref: str = ""
    other_refs: str = ""
    notes: str = ""
    ethnicity: str = ""
    address_area: str = ""
    sentence: str = ""
    sentenced_on: date | None = None
    order_ends_on: date | None = None
    restricted_patient: bool = False
    hospital_detention: str = ""
    hospital_detention_by: str = ""

    def problems(self, today: date | None = None) -> dict[str, str]:
        """Return field -> sentence for everything wrong with the form."""
        today = today or date.today()
        found: dict[str, str] = {}
        if not self.surname.strip():
            found["surname"] = "Enter the subject's surname (or the only name they use)."
        if self.date_of_birth is not None:
            if self.date_of_birth > today:
                found["date_of_birth"] = "The date of birth is in the future."
            elif self.date_of_birth < OLDEST_PLAUSIBLE_BIRTH:
                found["date_of_birth"] = "The date of birth is before 1900; please check it."
        if self.sentenced_on is not None and self.sentenced_on > today:
            found["sentenced_on"] = "The date of sentence is in the future."
        if self.sentenced_on and self.order_ends_on and self.order_ends_on < self.sentenced_on:
            found["order_ends_on"] = "The licence or order ends before the date of sentence; check the dates."
        for name in ("forenames", "surname", "visor_ref", "police_ref"):
            if len(getattr(self, name)) > 200:
                found[name] = "This field is too long (200 characters at most)."
        found.update(limits.problems_of((name, label, getattr(self, name), limit) for name, label, limit in _LIMITS))
        for name, label in (("aliases", "Also known as"), ("warning_flags", "Warning flags")):
            try:
                limits.check_list(label, getattr(self, name))
            except limits.TextTooLongError as exc:
                found[name] = str(exc)
        return found


# Field name, label and limit of each text field not already limited above.
_LIMITS = (
    ("gender", "Gender", limits.SHORT_TEXT),
    ("ethnicity", "Ethnicity", limits.SHORT_TEXT),
    ("address_area", "Area of address", limits.LINE_TEXT),
    ("sentence", "Sentence", limits.LINE_TEXT),
    ("other_refs", "Other references", limits.LINE_TEXT),
    ("current_address", "Current address", limits.LINE_TEXT),
    ("proposed_address", "Proposed address", limits.LINE_TEXT),
    ("notification_requirements", "Notification requirements", limits.LONG_TEXT),
    ("offence_summary", "Offence summary", limits.LONG_TEXT),
    ("order_conditions", "Order conditions", limits.LONG_TEXT),
    ("notes", "Notes", limits.LONG_TEXT),
    ("hospital_detention", "Hospital detention", limits.LONG_TEXT),
    ("hospital_detention_by", "Completed by", limits.LINE_TEXT),
)


@dataclass(frozen=True)
class ConferenceLine:
    """A conference as listed in the subject view."""

    id: int
    kind: str
    status: str
    meeting_date: date | None
    venue: str


@dataclass(frozen=True)
class ActionLine:
    """An open action as listed in the subject view."""

    id: int
    description: str
    owner: str
    agency: str
    due_date: date | None
    plan_area: str
    overdue: bool


@dataclass(frozen=True)
class AssessmentLine:
    """A risk assessment as listed in the subject view."""

    tool: str
    assessed_on: date | None
    result: str


@dataclass(frozen=True)
class ContactLine:
    """Someone involved in the subject's conferences."""

    name: str
    agency: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class SubjectView:
    """Everything the subject page shows."""

    form: SubjectForm
    age: int | None
    conferences: list[ConferenceLine]
    open_actions: list[ActionLine]
    assessments: list[AssessmentLine]
    contacts: list[ContactLine]


_FORM_FIELDS = [f.name for f in fields(SubjectForm) if f.name != "id"]


def save_subject(store: CaseStore, form: SubjectForm) -> int:
    """Create or update a subject; return its id.

    Raises:
        SubjectValidationError: the form has problems (nothing is saved).
    """
    problems = form.problems()
    if problems:
        raise SubjectValidationError(problems)
    with store.session() as session:
        subject = Subject(forenames="", surname="") if form.id is None else session.get(Subject, form.id)
        if subject is None:
            raise SubjectValidationError({"id": "This subject no longer exists."})
        for name in _FORM_FIELDS:
            value = getattr(form, name)
            if isinstance(value, str):
                value = value.strip()
            elif isinstance(value, list):
                value = [item.strip() for item in value if item.strip()]
            setattr(subject, name, value)
        if form.id is None:
            session.add(subject)
        session.flush()
        audit.record(session, "subject.created" if form.id is None else "subject.edited", "subject", subject.id)
        return subject.id


def load_subject_view(store: CaseStore, subject_id: int, today: date | None = None) -> SubjectView:
    """Return the subject page's data.

    Raises:
        LookupError: no such subject.
    """
    today = today or date.today()
    with store.session() as session:
        subject = session.get(Subject, subject_id)
        if subject is None:
            raise LookupError("This subject no longer exists.")
        form = SubjectForm(id=subject.id)
        for name in _FORM_FIELDS:
            setattr(form, name, _copy(getattr(subject, name)))
        conferences = [
            ConferenceLine(c.id, c.kind.label, c.status.label, c.meeting_date, c.venue)
            for c in sorted(subject.conferences, key=lambda c: (c.meeting_date or date.max, c.id), reverse=True)
        ]
        actions = [
            ActionLine(
                id=a.id,
                description=a.description,
                owner=a.owner.name if a.owner else "",
                agency=a.owner_agency.name if a.owner_agency else "",
                due_date=a.due_date,
                plan_area=a.plan_area.label,
                overdue=a.due_date is not None and a.due_date < today,
            )
            for a in subject.actions
            if a.status in (ActionStatus.OPEN, ActionStatus.ONGOING)
        ]
        assessments = [
            AssessmentLine(
                r.tool,
                r.assessed_on,
                r.result or "; ".join(f"{x.label} {x.value}" for x in scale_results(r.tool, r.results)),
            )
            for r in subject.risk_assessments
        ]
        seen: set[int] = set()
        contacts = []
        invitations = session.scalars(
            select(Invitation).join(Conference).where(Conference.subject_id == subject_id).order_by(Invitation.id)
        )
        for invitation in invitations:
            person = invitation.contact
            if person.id in seen:
                continue
            seen.add(person.id)
            contacts.append(ContactLine(person.name, person.agency_name, person.role, person.phone, person.email))
        return SubjectView(form, subject.age_on(today), conferences, actions, assessments, contacts)


def _copy(value: object) -> object:
    return list(value) if isinstance(value, list) else value
