"""Shared set-up for chair mode tests: a Mr Leon-like subject and a directory of contacts."""

from dataclasses import dataclass
from datetime import date

from solodesk.models import Agency, AgencyKind, Contact, Subject
from solodesk.store import CaseStore

# (name, agency, kind, role, is_solo)
PEOPLE = [
    ("Margaret Nicolson", "City Social Work", AgencyKind.CRIMINAL_JUSTICE_SW, "Social work SOLO (chair)", True),
    ("Hannah Doyle", "City Social Work", AgencyKind.CRIMINAL_JUSTICE_SW, "Support assistant", False),
    ("Siobhán O'Connor", "CJSW North Team", AgencyKind.CRIMINAL_JUSTICE_SW, "Supervising social worker", False),
    ("DS Zoë Ó Briain", "Police Scotland OMU", AgencyKind.POLICE, "Police SOLO", True),
    ("PC Ian Reid", "Police Scotland OMU", AgencyKind.POLICE, "Divisional officer", False),
    ("Łukasz Wiśniewski", "City Housing", AgencyKind.HOUSING, "Housing SOLO", True),
    ("Nguyễn Thị Mai", "Children & Families West", AgencyKind.CHILDREN_AND_FAMILIES, "Senior social worker", False),
    ("José Muñoz-Ferreira", "APEX", AgencyKind.EMPLOYMENT, "Employment adviser", False),
]


@dataclass
class Scenario:
    """Ids of the seeded subject and contacts (by name)."""

    subject_id: int
    contacts: dict[str, int]


def seed_leon(store: CaseStore, born: date = date(1979, 4, 2), offence: str | None = None) -> Scenario:
    """Add a Mr Leon-like subject (offences against children) and a directory of people."""
    with store.session() as session:
        agencies: dict[str, Agency] = {}
        contacts = {}
        for name, agency_name, kind, role, is_solo in PEOPLE:
            agency = agencies.setdefault(agency_name, Agency(name=agency_name, kind=kind))
            contact = Contact(name=name, agency=agency, role=role, is_solo=is_solo)
            session.add(contact)
            contacts[name] = contact
        subject = Subject(
            forenames="Marcus",
            surname="Leon",
            date_of_birth=born,
            offence_summary=(
                "Lewd and libidinous practices towards two girls aged 9 and 11." if offence is None else offence
            ),
            order_conditions="3 years' supervision on licence.",
        )
        session.add(subject)
        session.flush()
        return Scenario(subject.id, {name: c.id for name, c in contacts.items()})


def convene_leon(
    store: CaseStore,
    born: date,
    venue: str,
    reasons_other: str,
    invitee_names: tuple[str, ...] | None = None,
) -> int:
    """Seed the Leon-like subject and convene an initial conference chaired by Margaret Nicolson; return its id.

    Args:
        invitee_names: who is invited (everyone in the directory when None).
    """
    from solodesk.models import ConferenceType
    from solodesk.services.convening import ConveneRequest, InviteeRequest, convene_in_store

    scenario = seed_leon(store, born=born)
    names = invitee_names if invitee_names is not None else tuple(scenario.contacts)
    request = ConveneRequest(
        subject_id=scenario.subject_id,
        kind=ConferenceType.INITIAL,
        meeting_date=date(2026, 9, 14),
        venue=venue,
        reasons_other=reasons_other,
        chair_id=scenario.contacts["Margaret Nicolson"],
        invitees=[InviteeRequest(scenario.contacts[name]) for name in names],
    )
    return convene_in_store(store, request)
