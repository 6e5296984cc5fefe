"""The conference pack PDF read back: cover, sections, appended files, clearance."""

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from solodesk.models import CaseNote, Contact
from solodesk.services import clearance, preparation
from solodesk.services.audience import Audience
from solodesk.services.packs.conference_pack import conference_pack_data, write_conference_pack_pdf
from solodesk.services.settings_access import load_store_settings, save_store_settings
from solodesk.store import CaseStore
from tests.helpers.packs import prepare_case


@pytest.fixture
def prepared(store: CaseStore, tmp_path: Path) -> int:
    """The demo case with a worker's preparation, an image and a Word file attached too."""
    subject_id = prepare_case(store, tmp_path)
    report_id = preparation.load_preparation(store, subject_id).reports[0].id
    image = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 160)).save(image, "PNG")
    preparation.attach_bytes(store, report_id, "map of exclusion area.png", image.getvalue(), "image/png")
    preparation.attach_bytes(store, report_id, "timeline.docx", b"PK\x03\x04...", "application/vnd.docx")
    return subject_id


def _read(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_cover_carries_the_marking_and_the_recipients_name(store, prepared, tmp_path) -> None:
    """The first page shows the store's protective marking and "Copy for NAME"."""
    settings = load_store_settings(store)
    save_store_settings(
        store, settings.__class__(**{**settings.__dict__, "protective_marking": "OFFICIAL-SENSITIVE [PERSONAL]"})
    )
    out = tmp_path / "pack.pdf"
    write_conference_pack_pdf(store, prepared, "Łukasz Wiśniewski", out)
    pages = _read(out)
    assert "OFFICIAL-SENSITIVE [PERSONAL]" in pages[0]
    assert "Copy for Łukasz Wiśniewski" in pages[0]
    assert "Review conference: Marcus Alan Leon" in pages[0]
    text = " ".join(" ".join(pages).split())
    for heading in ("Agenda", "Summary of the previous minute", "Outstanding actions", "Submitted reports"):
        assert heading in text
    assert "Initial conference held on 14 September 2026" in text
    assert "Ayşe Yılmaz" in text and "28 Sep 2026" in text  # an outstanding action's owner and due date
    assert "Supervising officer's pre-release report" in text
    assert "timeline.docx, attached as a Word file; not reproduced" in text


def test_attached_pdf_pages_are_appended_with_the_marking(store, prepared, tmp_path) -> None:
    """Both pages of the attached PDF follow the pack, each stamped with the marking."""
    out = tmp_path / "pack.pdf"
    write_conference_pack_pdf(store, prepared, "Margaret Nicolson", out)
    pages = _read(out)
    assert "Prison social work report (page 1)" in pages[-2]
    assert "Prison social work report (page 2)" in pages[-1]
    assert all("OFFICIAL-SENSITIVE" in page and "Appendix 1: prison-report.pdf" in page for page in pages[-2:])
    image_pages = [p for p in pages if "map of exclusion area.png (from" in p]
    assert len(image_pages) == 1
    assert PdfReader(out).pages[pages.index(image_pages[0])].images


def test_restricted_items_reach_only_cleared_recipients(store, prepared) -> None:
    """Victim information is in the pack of an invitee in its audience and withheld from anyone else's."""
    with store.session() as session:
        note_id = session.scalars(select(CaseNote.id).where(CaseNote.restricted)).one()
        supervisor = session.scalars(select(Contact.id).where(Contact.name == "Siobhán O'Connor")).one()
    clearance.set_audience(store, f"case_note:{note_id}", Audience(contacts=frozenset({supervisor})))
    with store.session() as session:
        cleared = conference_pack_data(session, prepared, "Siobhán O'Connor")
        other = conference_pack_data(session, prepared, "Kirsty D'Arcy")
        typed = conference_pack_data(session, prepared, "siobhan o'connor")
    assert any("victims' mother" in text for _, text in cleared.notes) and cleared.withheld == 0
    assert not any("victims' mother" in text for _, text in other.notes) and other.withheld == 1
    assert len(other.previous.decisions) == len(cleared.previous.decisions) - 1
    # Typed without accents or capitals, the name still finds the cleared invitee, named in full.
    assert typed.withheld == 0 and typed.recipient == "Siobhán O'Connor"


def test_the_case_is_described_as_the_minute_describes_it(store, prepared, tmp_path) -> None:
    """The case record the minute prints (ethnicity, sentence, relevant dates, hospital detention) is in the pack."""
    out = tmp_path / "pack.pdf"
    write_conference_pack_pdf(store, prepared, "Łukasz Wiśniewski", out)
    text = " ".join(" ".join(_read(out)).split())
    for words in (
        "Ethnicity White Scottish",
        "Date of sentence",
        "Licence or order ends",
        "Circular 18",
        "Restricted patient No: not detained in hospital under a restriction order.",
        "Category 1 (registered sexual offender); Level 2 (multi-agency)",
    ):
        assert words in text, words
