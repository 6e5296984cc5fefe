"""Subject forms and the contacts directory: validation and round trips."""

from datetime import date, timedelta

import pytest

from solodesk.models import AgencyKind, CaseStatus, ManagementLevel
from solodesk.services.demo import load_demo
from solodesk.services.directory import (
    ContactForm,
    DirectoryValidationError,
    delete_contact,
    list_agencies,
    list_contacts,
    save_contact,
)
from solodesk.services.subjects import SubjectForm, SubjectValidationError, load_subject_view, save_subject

pytestmark = pytest.mark.both_stores


def test_subject_needs_a_surname_and_a_sane_birth_date(store) -> None:
    """Missing surname and a future date of birth are both reported; nothing is saved."""
    form = SubjectForm(forenames="Zoë", date_of_birth=date.today() + timedelta(days=1))
    with pytest.raises(SubjectValidationError) as exc:
        save_subject(store, form)
    assert set(exc.value.problems) == {"surname", "date_of_birth"}
    with store.session() as session:
        from solodesk.models import Subject

        assert session.query(Subject).count() == 0


def test_subject_round_trip_and_edit(store) -> None:
    """A saved subject comes back in the view; an edit changes it in place."""
    subject_id = save_subject(
        store,
        SubjectForm(
            forenames=" Łukasz ",
            surname="Wiśniewski",
            aliases=["Luke", " "],
            date_of_birth=date(1980, 3, 1),
            case_status=CaseStatus.IN_CUSTODY,
            management_level=ManagementLevel.LEVEL_2,
            warning_flags=["Violence to staff"],
        ),
    )
    view = load_subject_view(store, subject_id, today=date(2026, 3, 1))
    assert view.form.forenames == "Łukasz" and view.form.aliases == ["Luke"]
    assert view.age == 46
    view.form.surname = "Wiśniewski-O'Brien"
    assert save_subject(store, view.form) == subject_id
    assert load_subject_view(store, subject_id).form.surname == "Wiśniewski-O'Brien"


def test_subject_view_lists_conferences_actions_and_contacts(store) -> None:
    """The demo subject's page shows 2 conferences, 9 open actions and the people invited."""
    with store.session() as session:
        load_demo(session)
    view = load_subject_view(store, 1, today=date(2026, 10, 1))
    assert len(view.conferences) == 2
    assert len(view.open_actions) == 9
    assert any(a.overdue for a in view.open_actions)
    assert "DS Zoë Ó Briain" in {c.name for c in view.contacts}
    assert view.assessments[0].tool == "Risk Matrix 2000"


def test_contact_validation_and_agency_creation(store) -> None:
    """A bad email is refused; a new agency name creates the agency once."""
    with pytest.raises(DirectoryValidationError, match="email"):
        save_contact(store, ContactForm(name="Mai", email="not-an-email"))
    first = save_contact(
        store, ContactForm(name="Nguyễn Thị Mai", agency_name="C&F West", agency_kind=AgencyKind.CHILDREN_AND_FAMILIES)
    )
    save_contact(store, ContactForm(name="Another", agency_name="c&f west"))
    agencies = list_agencies(store)
    assert [(a.name, a.kind) for a in agencies] == [("C&F West", AgencyKind.CHILDREN_AND_FAMILIES)]
    assert [c.name for c in list_contacts(store, "nguyen")] == ["Nguyễn Thị Mai"]
    assert first > 0


def test_contact_named_in_a_conference_cannot_be_deleted(store) -> None:
    """Deleting a contact who was invited is refused with a sentence; archiving hides them."""
    with store.session() as session:
        load_demo(session)
    zoe = next(c for c in list_contacts(store, "zoe"))
    with pytest.raises(DirectoryValidationError, match="archive"):
        delete_contact(store, zoe.id or 0)
    zoe.archived = True
    save_contact(store, zoe)
    assert list_contacts(store, "zoe") == []
    assert len(list_contacts(store, "zoe", include_archived=True)) == 1


def test_unused_contact_can_be_deleted(store) -> None:
    """A contact nobody refers to can be deleted."""
    contact_id = save_contact(store, ContactForm(name="Temp Person"))
    delete_contact(store, contact_id)
    assert list_contacts(store) == []
