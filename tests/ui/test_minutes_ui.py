"""The minute's widgets driven through qtbot: preview, circulate, distribution log, amendments."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from solodesk.services import minute_issue, minute_views
from solodesk.ui import prompts
from solodesk.ui.minutes import AmendmentDialog, CirculateDialog, DistributionLogView, MinutePreview
from tests.helpers.minutes import demo_conference, highlighted_names
from tests.helpers.qt_keys import CTRL, click, click_cell, click_into, press, show_active, type_text

ALT = Qt.KeyboardModifier.AltModifier

SHOTS = os.environ.get("SOLODESK_SHOTS")  # set to a folder to save screenshots for a human to look at


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def conference_id(store) -> int:
    return demo_conference(store)


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "info", lambda _p, title, text: seen.append(("info", text)))
    monkeypatch.setattr(prompts, "error", lambda _p, title, text: seen.append(("error", text)))
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    return seen


def test_preview_shows_draft_then_issued_copy_in_memory(qtbot, store, conference_id, tmp_path) -> None:
    """The preview loads each recipient's copy into QtPdf from memory; switching recipient reloads it."""
    preview = MinutePreview(store, conference_id)
    qtbot.addWidget(preview)
    preview.resize(900, 900)
    show_active(qtbot, preview)
    qtbot.waitUntil(lambda: "page(s)" in preview.status_label.text())  # rendered by a background job
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() >= 5
    assert "Draft" in preview.status_label.text()
    assert preview.recipient_box.count() == 9
    press(qtbot, preview, Qt.Key.Key_C, ALT)  # "Copy for:" puts the cursor in the recipient box
    assert preview.recipient_box.hasFocus() and preview.recipient_box.currentIndex() == 0
    for _ in range(3):
        press(qtbot, preview, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "DS Zoë Ó Briain" in preview.document.getAllText(0).text())
    assert list(tmp_path.rglob("*.pdf")) == []
    minute_issue.issue_minute(store, conference_id)
    click(qtbot, preview.refresh_button)
    qtbot.waitUntil(
        lambda: "Version 1 as issued" in preview.status_label.text() and "page(s)" in preview.status_label.text()
    )
    assert preview.recipient_box.currentIndex() == 3
    qtbot.wait(800)  # QPdfView renders pages in the background
    _shot(preview, "minute_preview")


def test_circulate_dialog_writes_copies_with_progress(qtbot, store, conference_id, tmp_path, monkeypatch, messages):
    """Choosing a folder and pressing Circulate issues v1, writes 9 copies and fills the progress bar."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(out))
    dialog = CirculateDialog(store, conference_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 9
    assert dialog.circulate_button.text() == "Issue and &circulate"
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    _shot(dialog, "circulate_dialog")
    with qtbot.waitSignal(dialog.circulated):
        qtbot.mouseClick(dialog.circulate_button, Qt.MouseButton.LeftButton)
    assert len(list(out.glob("*.pdf"))) == 9
    assert dialog.progress.value() == dialog.progress.maximum() == 9
    assert messages == [("info", f"9 copies of version 1 written to {out}.")]
    assert "Version 1 is current" in dialog.state_label.text()


def test_clearance_tick_is_saved_and_frozen_by_the_issue(qtbot, store, conference_id, tmp_path, monkeypatch, messages):
    """Ticking 'cleared' for a recipient gives them the restricted items in their circulated copy."""
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(tmp_path))
    dialog = CirculateDialog(store, conference_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    row = next(i for i in range(dialog.table.rowCount()) if dialog.table.item(i, 0).text() == "Ayşe Yılmaz")
    assert dialog.ticks(row) == (True, False)
    click_cell(qtbot, dialog.table, row, 3)  # the cell becomes current; Space ticks it
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.ticks(row) == (True, True)
    assert next(r for r in minute_views.invitees(store, conference_id) if r.name == "Ayşe Yılmaz").cleared
    with qtbot.waitSignal(dialog.circulated):  # the copies are written by a background job
        click(qtbot, dialog.circulate_button)  # no folder chosen yet: the button asks for one first
    copy = next(tmp_path.glob("*_07_Ayse-Yilmaz.pdf")).read_bytes()
    assert highlighted_names(copy, ["Ayşe Yılmaz"]) == {"Ayşe Yılmaz": 1}
    from tests.helpers.minutes import page_texts

    assert "current address held by the OMU" in " ".join(page_texts(copy)).replace("\n", " ")


def test_blocked_issue_is_reported_and_nothing_written(qtbot, store, conference_id, tmp_path, monkeypatch, messages):
    """A validation block shows its sentences in an error and writes no file."""
    from sqlalchemy import select  # the test, not the widget, edits the record

    from solodesk.models import Action

    with store.session() as session:
        session.scalars(select(Action).where(Action.raised_at_id == conference_id)).first().due_date = None
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(tmp_path))
    dialog = CirculateDialog(store, conference_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    click(qtbot, dialog.circulate_button)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == [("error", "Action 1 has no due date.")]
    assert list(tmp_path.glob("*.pdf")) == []


def test_distribution_log_lists_copies(qtbot, store, conference_id, tmp_path) -> None:
    """The log shows one row per circulated copy with version, recipient and the full hash as tooltip."""
    minute_issue.issue_minute(store, conference_id)
    copies = minute_issue.circulate(store, conference_id, tmp_path)
    view = DistributionLogView(store, conference_id)
    qtbot.addWidget(view)
    view.resize(900, 400)
    assert view.table.rowCount() == 9
    recipients = {view.table.item(i, 1).text() for i in range(9)}
    assert "Nguyễn Thị Mai" in recipients
    hashes = {view.table.item(i, 4).toolTip() for i in range(9)}
    assert hashes == {c.sha256 for c in copies}
    assert view.summary_label.text() == "9 copies circulated (versions v1)."
    _shot(view, "distribution_log")


def _type_request(qtbot, dialog: AmendmentDialog, asked_by: str, request: str) -> None:
    """Alt+B to "Asked by", type over what it holds, Tab to the request and type it."""
    press(qtbot, dialog, Qt.Key.Key_B, ALT)
    press(qtbot, dialog, Qt.Key.Key_A, CTRL)
    type_text(qtbot, dialog.requested_by, asked_by)
    assert dialog.requested_by.currentText() == asked_by
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.request_edit.hasFocus()
    type_text(qtbot, dialog.request_edit, request)


def test_amendment_workflow_reissues_v2(qtbot, store, conference_id, messages) -> None:
    """Record a request, agree it, re-issue: version 2 exists with the amendment and the request shows 'v2'."""
    minute_issue.issue_minute(store, conference_id)
    dialog = AmendmentDialog(store, conference_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert not dialog.reissue_button.isEnabled()
    _type_request(qtbot, dialog, "Łukasz Wiśniewski", "Item 7: add the SACRO flat as a housing option.")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "Requested"
    assert dialog.table.item(0, 0).text() == "Łukasz Wiśniewski"
    click_into(qtbot, dialog.note_edit)
    qtbot.keyClicks(dialog.note_edit, "Agreed at the chair's review.")
    qtbot.mouseClick(dialog.agree_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(0, 3).text() == "Agreed"
    assert dialog.reissue_button.isEnabled()
    _shot(dialog, "amendments")
    with qtbot.waitSignal(dialog.reissued):
        qtbot.mouseClick(dialog.reissue_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(0, 5).text() == "v2"
    current = minute_issue.current_issue(store, conference_id)
    assert current.version == 2 and "SACRO flat" in current.amendments[0]
    assert messages[-1][0] == "info"


def test_amendment_dialog_marks_restricted_requests(qtbot, store, conference_id, messages) -> None:
    """The 'restricted information' tick starts unticked, is saved, and the chair can tick it when agreeing."""
    minute_issue.issue_minute(store, conference_id)
    dialog = AmendmentDialog(store, conference_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert not dialog.restricted_check.isChecked()
    _type_request(qtbot, dialog, "Siobhán O'Connor", "Victim 1 now lives at 14 Secret Street.")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.restricted_check.hasFocus()
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.restricted_check.isChecked()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.restricted_check.isChecked()  # unticked again for the next request
    assert dialog.table.item(0, 6).text() == "Yes (its audience only)" and dialog.decide_restricted.isChecked()
    qtbot.mouseClick(dialog.agree_button, Qt.MouseButton.LeftButton)
    _type_request(qtbot, dialog, "Nguyễn Thị Mai", "Victim 2 moved to Leith Walk.")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(1, 6).text() == "" and not dialog.decide_restricted.isChecked()
    press(qtbot, dialog, Qt.Key.Key_S, ALT)  # "Re&stricted information"
    qtbot.waitUntil(dialog.decide_restricted.isChecked)  # a mnemonic clicks after the button's press animation
    _shot(dialog, "amendments_restricted")
    qtbot.mouseClick(dialog.agree_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(1, 6).text() == "Yes (its audience only)"
    assert [r.restricted for r in minute_views.amendments(store, conference_id)] == [True, True]
    with qtbot.waitSignal(dialog.reissued):
        qtbot.mouseClick(dialog.reissue_button, Qt.MouseButton.LeftButton)
    assert "2 of them restricted (shown only to their audiences)" in messages[-1][1]


def test_preview_reports_unprintable_text_naming_the_field(qtbot, store, conference_id) -> None:
    """A name the font cannot draw shows a sentence naming the field instead of a preview."""
    from solodesk.models import Conference

    with store.session() as session:
        session.get(Conference, conference_id).invitations[4].contact.name = "Łukasz 漢 Wiśniewski"
    preview = MinutePreview(store, conference_id)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: "cannot be printed" in preview.status_label.text())
    assert "Core group 5 name" in preview.status_label.text()
    assert "cannot be printed" in preview.status_label.text()
    assert preview.document.pageCount() == 0
