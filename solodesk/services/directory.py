"""The directory of agencies and contacts, reused across conferences."""

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from solodesk.models import Action, Agency, AgencyKind, Conference, Contact, Invitation
from solodesk.services import audit, limits
from solodesk.services.forms import FormValidationError
from solodesk.store import CaseStore
from solodesk.text_search import fold, searchable, terms

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DirectoryValidationError(FormValidationError):
    """A contact or agency form has problems; ``problems`` maps field name to a sentence."""


@dataclass(frozen=True)
class AgencyRow:
    """An agency as listed and chosen in forms."""

    id: int
    name: str
    kind: AgencyKind


@dataclass
class ContactForm:
    """The editable fields of a contact.

    Attributes:
        id: None for a new contact.
        agency_name: the agency, by name; a new name creates the agency.
        agency_kind: used when the agency is created.
    """

    id: int | None = None
    name: str = ""
    agency_name: str = ""
    agency_kind: AgencyKind = AgencyKind.OTHER
    role: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    is_solo: bool = False
    archived: bool = False

    def problems(self) -> dict[str, str]:
        """Return field -> sentence for everything wrong with the form."""
        found: dict[str, str] = {}
        if not self.name.strip():
            found["name"] = "Enter the person's name."
        if self.email.strip() and not _EMAIL.match(self.email.strip()):
            found["email"] = "The email address does not look right (name@organisation.example)."
        found.update(
            limits.problems_of(
                (
                    ("name", "The name", self.name, limits.SHORT_TEXT),
                    ("agency_name", "The agency", self.agency_name, limits.SHORT_TEXT),
                    ("role", "The role", self.role, limits.SHORT_TEXT),
                    ("phone", "The phone number", self.phone, limits.SHORT_TEXT),
                    ("email", "The email address", self.email, limits.SHORT_TEXT),
                    ("address", "The address", self.address, limits.LINE_TEXT),
                )
            )
        )
        return found


def list_agencies(store: CaseStore) -> list[AgencyRow]:
    """Return every agency by name."""
    with store.session() as session:
        return [AgencyRow(a.id, a.name, a.kind) for a in session.scalars(select(Agency).order_by(Agency.name))]


def list_contacts(store: CaseStore, text: str = "", include_archived: bool = False) -> list[ContactForm]:
    """Return contacts matching typed words (name, agency, role, email), by name."""
    words = terms(text)
    with store.session() as session:
        query = select(Contact)
        if not include_archived:
            query = query.where(Contact.archived.is_(False))
        result = []
        for contact in session.scalars(query):
            haystack = searchable(contact.name, contact.agency_name, contact.role, contact.email)
            if all(word in haystack for word in words):
                result.append(_form(contact))
        result.sort(key=lambda form: fold(form.name))
        return result


def load_contact(store: CaseStore, contact_id: int) -> ContactForm:
    """Return one contact's form.

    Raises:
        LookupError: no such contact.
    """
    with store.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise LookupError("This contact no longer exists.")
        return _form(contact)


def save_contact(store: CaseStore, form: ContactForm) -> int:
    """Create or update a contact (creating its agency if new); return its id.

    Raises:
        DirectoryValidationError: the form has problems (nothing is saved).
    """
    problems = form.problems()
    if problems:
        raise DirectoryValidationError(problems)
    with store.session() as session:
        contact = Contact(name="") if form.id is None else session.get(Contact, form.id)
        if contact is None:
            raise DirectoryValidationError({"id": "This contact no longer exists."})
        agency_name = form.agency_name.strip()
        agency = None
        if agency_name:
            agency = session.scalar(select(Agency).where(func.lower(Agency.name) == agency_name.lower()))
            if agency is None:
                agency = Agency(name=agency_name, kind=form.agency_kind)
                session.add(agency)
        contact.name = form.name.strip()
        contact.agency = agency
        contact.role = form.role.strip()
        contact.phone = form.phone.strip()
        contact.email = form.email.strip()
        contact.address = form.address.strip()
        contact.is_solo = form.is_solo
        contact.archived = form.archived
        if form.id is None:
            session.add(contact)
        session.flush()
        audit.record(session, "contact.saved", "contact", contact.id)
        return contact.id


def contact_in_use(store: CaseStore, contact_id: int) -> bool:
    """Return True when a conference or action refers to this contact (archive it instead of deleting)."""
    with store.session() as session:
        references = (
            select(func.count()).where(Invitation.contact_id == contact_id),
            select(func.count()).where(Action.owner_id == contact_id),
            select(func.count()).where(
                or_(Conference.chair_id == contact_id, Conference.minute_taker_id == contact_id)
            ),
        )
        return any(session.scalar(query) for query in references)


def delete_contact(store: CaseStore, contact_id: int) -> None:
    """Delete a contact no conference refers to.

    Raises:
        DirectoryValidationError: the contact was invited somewhere; archive instead.
    """
    if contact_in_use(store, contact_id):
        raise DirectoryValidationError(
            {"id": "This person is named in a conference or an action, so the record stays; archive them instead."}
        )
    with store.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is not None:
            session.delete(contact)
            audit.record(session, "contact.deleted", "contact", contact_id)


def _form(contact: Contact) -> ContactForm:
    return ContactForm(
        id=contact.id,
        name=contact.name,
        agency_name=contact.agency_name,
        agency_kind=contact.agency.kind if contact.agency else AgencyKind.OTHER,
        role=contact.role,
        phone=contact.phone,
        email=contact.email,
        address=contact.address,
        is_solo=contact.is_solo,
        archived=contact.archived,
    )
