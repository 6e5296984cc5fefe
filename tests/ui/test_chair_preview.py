"""Chair mode's preview is the minute PDF itself, laid out from the live record: what the chair sees prints."""

import io
from collections import Counter

import pdfplumber
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from solodesk.models import AgendaItem
from solodesk.services.minute_views import draft_pdf
from tests.helpers.chair_keys import ALT, CTRL_SHIFT, focused, keyboard, open_desk_with_apologies
from tests.helpers.minutes import nfc
from tests.helpers.qt_keys import press


def _words(text: str) -> Counter[str]:
    return Counter(nfc(text).split())


def test_chair_preview_shows_exactly_the_pdf_of_the_live_record(qtbot, store) -> None:
    """Notes typed in chair mode appear in the preview, whose pages and text are those of the printed draft."""
    desk = open_desk_with_apologies(qtbot, store)
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    keyboard(qtbot, desk, "Police confirmed the exclusion zone around Granton.")
    press(qtbot, desk, Qt.Key.Key_P, CTRL_SHIFT)
    pane = desk.page(9).pane
    document = pane.document
    qtbot.waitUntil(lambda: document.status() == QPdfDocument.Status.Ready)
    assert focused() is pane.view

    with pdfplumber.open(io.BytesIO(draft_pdf(store, desk.conference_id))) as printed:
        pages = [page.extract_text() or "" for page in printed.pages]
    assert document.pageCount() == len(pages)
    shown = [document.getAllText(n).text() for n in range(document.pageCount())]
    for number, (on_screen, on_paper) in enumerate(zip(shown, pages, strict=True), start=1):
        assert _words(on_screen) == _words(on_paper), f"page {number} differs"
    everything = " ".join(" ".join(page.split()) for page in shown)
    assert "Police confirmed the exclusion zone around Granton." in everything
    assert "DRAFT, not issued" in everything and "Copy for the chair's file" in everything
    assert f"{document.pageCount()} page(s)" in pane.status_label.text()
    assert desk.page_for(AgendaItem.VICTIM_ISSUES).notes.toPlainText().endswith("around Granton.")
