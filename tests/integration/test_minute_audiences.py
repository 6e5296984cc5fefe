"""Need to know by audience, on a real store: the issue's two-item case read back from the circulated PDFs."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.models import Action, AgencyKind, AgendaItem, AgendaNote, Decision, Victim
from solodesk.services import clearance, minute_issue, minute_views
from solodesk.services.audience import Audience
from tests.helpers.minutes import demo_conference, page_texts, raw_pdf_strings

pytestmark = pytest.mark.both_stores

INTELLIGENCE = "Police intelligence: the associate Dariusz Kowal visits the hostel at night."
SCHOOL = "St Mary's Primary, Leith; new address 4 Quarry Close"
CHAIR, POLICE, FAMILIES = "Margaret Nicolson", "DS Zoë Ó Briain", "Nguyễn Thị Mai"
SOCIAL_WORKER, HOUSING = "Siobhán O'Connor", "Łukasz Wiśniewski"


@pytest.fixture
def two_items(store) -> tuple[int, str, str]:
    """The demo conference with exactly two restricted items: police-only intelligence, and a child's school."""
    conference_id = demo_conference(store)
    with store.session() as session:
        notes = session.scalars(select(AgendaNote).where(AgendaNote.conference_id == conference_id)).all()
        for note in notes:
            note.restricted_notes = INTELLIGENCE if note.item == AgendaItem.VICTIM_ISSUES else ""
        intelligence = next(n.id for n in notes if n.item == AgendaItem.VICTIM_ISSUES)
        victims = session.scalars(select(Victim).where(Victim.conference_id == conference_id)).all()
        victims[0].where_they_live = SCHOOL
        victims[1].restricted = False
        for decision in session.scalars(select(Decision).where(Decision.conference_id == conference_id)):
            decision.restricted = False
        school = victims[0].id
    police = Audience(kinds=frozenset({AgencyKind.POLICE}))
    clearance.set_audience(store, f"note:{intelligence}", police)
    clearance.set_audience(
        store, f"victim:{school}", police.__class__(kinds=police.kinds | {AgencyKind.CHILDREN_AND_FAMILIES})
    )
    return conference_id, f"note:{intelligence}", f"victim:{school}"


def _texts(copies: dict[str, bytes]) -> dict[str, str]:
    return {name: " ".join(page_texts(pdf)).replace("\n", " ") for name, pdf in copies.items()}


def test_each_copy_holds_exactly_what_its_recipient_may_see(store, two_items, tmp_path: Path) -> None:
    """Chair and police get both items; children & families the school only; everyone else neither."""
    conference_id, _intelligence, _school = two_items
    minute_issue.issue_minute(store, conference_id)
    written = minute_issue.circulate(store, conference_id, tmp_path)
    copies = {c.recipient: c.path.read_bytes() for c in written}
    texts = _texts(copies)
    for name in (CHAIR, POLICE):
        assert "Restricted — police and chair only: Police intelligence: the associate Dariusz Kowal" in texts[name]
        assert SCHOOL in texts[name] and "Restricted — police, children & families and chair only" in texts[name]
    assert SCHOOL in texts[FAMILIES] and "Dariusz Kowal" not in texts[FAMILIES]
    assert "A restricted item was withheld from this copy" in texts[FAMILIES]
    for name in (SOCIAL_WORKER, HOUSING, "Ayşe Yılmaz", "Hannah Doyle"):
        assert "Restricted items were withheld from it (need to know)." in texts[name]
        for secret in ("Dariusz Kowal", "Quarry Close", "St Mary"):
            assert secret not in texts[name] and secret not in raw_pdf_strings(copies[name])
    log = {row.recipient: row.restricted_items for row in minute_views.distribution_log(store, conference_id)}
    assert log[CHAIR] == log[POLICE] == ("Item 5 restricted notes", "Victim 1")
    assert log[FAMILIES] == ("Victim 1",) and log[HOUSING] == ()
    assert not any("Leon" in c.path.name or "Marcus" in c.path.name for c in written)


def test_copies_are_byte_identical_per_version_and_recipient(store, two_items, tmp_path: Path) -> None:
    """Circulating the same version again writes the same bytes for each recipient."""
    conference_id = two_items[0]
    minute_issue.issue_minute(store, conference_id)
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = {c.recipient: c.sha256 for c in minute_issue.circulate(store, conference_id, tmp_path / "a")}
    second = {c.recipient: c.sha256 for c in minute_issue.circulate(store, conference_id, tmp_path / "b")}
    assert first == second and len(set(first.values())) == len(first)


def test_matrix_shows_and_edits_who_gets_what_with_reasons(store, two_items) -> None:
    """The matrix has recipients down and items across; a withholding keeps its one-line reason in the issue."""
    conference_id, intelligence, school = two_items
    matrix = clearance.clearance_matrix(store, conference_id)
    assert [i.label for i in matrix.items] == ["Item 5 restricted notes", "Victim 1"]
    police = next(r for r in matrix.recipients if r.name == POLICE)
    families = next(r for r in matrix.recipients if r.name == FAMILIES)
    assert matrix.sees(police, matrix.items[0]) and not matrix.sees(families, matrix.items[0])
    assert matrix.reason(families, matrix.items[0]) == "Not in its audience (police and chair only)."
    clearance.set_cell(store, school, police, sees=False, reason="Police hold the address already.")
    with pytest.raises(clearance.ClearanceError, match="one-line reason"):
        clearance.set_cell(store, intelligence, police, sees=False)
    matrix = clearance.clearance_matrix(store, conference_id)
    assert not matrix.sees(police, matrix.items[1])
    assert matrix.reason(police, matrix.items[1]) == "Police hold the address already."
    assert matrix.items[1].audience == f"police, children & families (not {POLICE}) and chair only"
    minute_issue.issue_minute(store, conference_id)
    with store.session() as session:
        from solodesk.models import MinuteIssue
        from solodesk.reports.minute_snapshot import content_from_json

        content = content_from_json(session.scalars(select(MinuteIssue.content)).one())
    assert ("DS Zoë Ó Briain", "Victim 1", "Police hold the address already.") in [
        (w.recipient, w.item, w.reason) for w in content.withholdings
    ]


def test_a_restricted_action_goes_in_the_plan_for_its_audience_only(store, two_items, tmp_path: Path) -> None:
    """An action about the associate can be restricted: police see it in the plan; housing sees a withheld line."""
    conference_id = two_items[0]
    with store.session() as session:
        action = session.scalars(select(Action).where(Action.raised_at_id == conference_id)).first()
        action.description = "Check Dariusz Kowal's visits to the hostel weekly."
        action_id = action.id
    clearance.set_audience(store, f"action:{action_id}", Audience(kinds=frozenset({AgencyKind.POLICE})))
    minute_issue.issue_minute(store, conference_id)
    copies = {c.recipient: c.path.read_bytes() for c in minute_issue.circulate(store, conference_id, tmp_path)}
    texts = _texts(copies)
    assert "Check Dariusz Kowal's visits" in texts[POLICE]
    assert "Kowal" not in texts[HOUSING] and "A restricted item was withheld from this copy" in texts[HOUSING]
    assert "Hold weekly supervision" in texts[HOUSING]  # the rest of the plan is there
