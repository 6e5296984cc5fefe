"""Handover packs in the GUI: hand a conference over, preview an import, choose per conflict, refuse a bad pack."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMainWindow, QWidget
from sqlalchemy import func, select

from solodesk.models import AgendaItem, AgendaNote, Conference, ConferenceStatus
from solodesk.services.handover import (
    Choice,
    HandoverConflict,
    HandoverPreview,
    apply_handover,
    export_handover,
    preview_handover,
    read_handover,
)
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.conference_menu import ConferenceMenu
from solodesk.ui.handover_dialogs import HandOverDialog, ImportHandoverDialog
from solodesk.ui.handover_preview import HandoverPreviewPage
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.minutes import demo_conference
from tests.helpers.packs import PACK_PASSPHRASE
from tests.helpers.qt_keys import click_cell, click_into, click_tab, pick, press, retype, show_active, tab_to

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record every message box instead of showing it, checking the busy cursor is off under it."""
    shown: list[tuple[str, str, str]] = []

    def record(kind: str) -> Callable[[object, str, str], None]:
        def show(parent: object, title: str, text: str) -> None:
            assert QGuiApplication.overrideCursor() is None, "the busy cursor is still on under the message"
            shown.append((kind, title, text))

        return show

    monkeypatch.setattr(prompts, "error", record("error"))
    monkeypatch.setattr(prompts, "info", record("info"))
    return shown


@pytest.fixture
def assistant(tmp_path: Path) -> CaseStore:
    store, _ = CaseStore.create(tmp_path / "assistant", PASSPHRASE)
    yield store
    store.close()


def in_modal(qtbot, kind: type[QDialog], drive: Callable[[QDialog], None], trigger: Callable[[], None]) -> None:
    """Run ``trigger`` (which opens a modal dialog of ``kind``), drive the dialog by keys, and wait for it to close."""
    driven: list[QDialog] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, step)  # not open yet: look again, without blocking the key that opens it
            return
        driven.append(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # so clicks and keys land as they would for a person
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():  # a failed step must not leave exec() waiting forever
                QDialog.done(dialog, 0)

    QTimer.singleShot(0, step)
    trigger()
    assert driven, "the dialog never opened"


def shortcut(qtbot, window: QWidget, key: Qt.Key) -> Callable[[], None]:
    """Return a trigger pressing Ctrl+Shift+key in ``window``, made active first as the user's last click would."""

    def trigger() -> None:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        press(qtbot, window, key, CTRL_SHIFT)

    return trigger


def menu_host(qtbot, store: CaseStore, refreshed: list[int | None]) -> QMainWindow:
    """A window with just the Conference menu on ``store`` (no conference in front of the user)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    ConferenceMenu(window, window.menuBar().addMenu("Conference"), lambda: None, lambda: store, refreshed.append)
    show_active(qtbot, window)
    return window


def open_pack(qtbot, dialog: ImportHandoverDialog, passphrase: str = PACK_PASSPHRASE) -> None:
    """Type the pack passphrase and press Return; wait for the background job."""
    click_into(qtbot, dialog.passphrase)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=20_000)


def notes(store: CaseStore, conference_id: int, item: AgendaItem) -> str:
    with store.session() as session:
        return session.scalars(
            select(AgendaNote.notes).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one()


def set_notes(store: CaseStore, conference_id: int, item: AgendaItem, text: str) -> None:
    with store.session() as session:
        session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one().notes = text


def stored(folder: Path) -> dict[str, str]:
    """Return the store's files by hash, leaving out what a mere reader creates: the WAL index and an empty WAL."""
    files = snapshot(folder).items()
    return {
        name: digest
        for name, digest in files
        if not name.endswith("-shm") and not (name.endswith("-wal") and digest == EMPTY)
    }


EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of no bytes


def conferences(store: CaseStore) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Conference)) or 0


def held_conference(store: CaseStore) -> int:
    with store.session() as session:
        return session.scalars(select(Conference.id).where(Conference.status == ConferenceStatus.HELD)).one()


def test_hand_over_from_the_window_then_preview_cancel_and_import_on_another_laptop(
    qtbot, demo_window, assistant, tmp_path, monkeypatch, messages
) -> None:
    """Ctrl+Shift+O writes the conference in front of the user; the other laptop previews it, Escape writes
    nothing, and Import brings it in whole."""
    page = demo_window.workspace.subject_page
    click_cell(qtbot, demo_window.workspace.register_view.table, 0, 0)
    click_tab(qtbot, page.tabs, "Conferences")
    table = page.conference_table
    click_cell(qtbot, table, next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Initial"), 0)
    out = tmp_path / "handover-leon.solopack"

    def hand_over(dialog: HandOverDialog) -> None:
        assert Path(dialog.path_field.text()).name.startswith("handover-leon-")  # a name suggested
        retype(qtbot, dialog.path_field, str(out))
        click_into(qtbot, dialog.passphrase)
        qtbot.keyClicks(dialog.passphrase, PACK_PASSPHRASE)
        press(qtbot, dialog, Qt.Key.Key_Tab)
        assert dialog.repeat.hasFocus()
        qtbot.keyClicks(dialog.repeat, PACK_PASSPHRASE)
        press(qtbot, dialog, Qt.Key.Key_Return)  # Return presses Hand over
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    in_modal(qtbot, HandOverDialog, hand_over, shortcut(qtbot, demo_window, Qt.Key.Key_O))
    records = len(read_handover(out, PACK_PASSPHRASE).records)
    assert messages == [("info", "Handed over", f"Handed over: {records} records in {out}.")]
    messages.clear()

    refreshed: list[int | None] = []
    host = menu_host(qtbot, assistant, refreshed)
    monkeypatch.setattr(prompts, "choose_open_file", lambda *args: str(out))
    before = stored(assistant.folder)
    seen: dict[str, object] = {}

    def look_then_escape(dialog: ImportHandoverDialog) -> None:
        open_pack(qtbot, dialog)
        preview = dialog.preview_page
        seen["summary"] = preview.summary_label.text()
        rows = [
            [preview.records_table.item(r, c).text() for c in range(4)] for r in range(preview.records_table.rowCount())
        ]
        seen["rows"] = rows
        press(qtbot, dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    in_modal(qtbot, ImportHandoverDialog, look_then_escape, shortcut(qtbot, host, Qt.Key.Key_U))
    assert "Marcus Alan Leon — Initial conference" in str(seen["summary"])
    assert "importing creates it and the conference" in str(seen["summary"])
    rows = seen["rows"]
    assert isinstance(rows, list) and len(rows) > 20 and all(row[2] == "new" for row in rows)
    assert any(row[0] == "Agenda notes" for row in rows) and any(row[3] == "restricted" for row in rows)
    assert stored(assistant.folder) == before and conferences(assistant) == 0  # Escape wrote nothing
    assert messages == [] and refreshed == []

    def import_it(dialog: ImportHandoverDialog) -> None:
        open_pack(qtbot, dialog)
        press(qtbot, dialog, Qt.Key.Key_Return)  # Import is the default button once the preview shows
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    in_modal(qtbot, ImportHandoverDialog, import_it, shortcut(qtbot, host, Qt.Key.Key_U))
    assert conferences(assistant) == 1 and len(refreshed) == 1 and refreshed[0] is not None
    assert messages[0][:2] == ("info", "Handover imported") and messages[0][2].startswith("Added ")
    again = preview_handover(assistant, read_handover(out, PACK_PASSPHRASE))
    # Everything the preview listed is now here: the same pack would add or change nothing.
    assert again.count("new") == again.count("changed there") == 0 and not again.conflicts


def test_a_conflict_is_shown_both_ways_and_take_theirs_is_chosen_by_keyboard(
    qtbot, demo_window, assistant, tmp_path, monkeypatch, messages
) -> None:
    """The same agenda note edited on both laptops: both versions shown, Keep mine first, Take theirs wins."""
    chair = demo_window.store
    conference_id = held_conference(chair)
    export_handover(chair, conference_id, tmp_path / "out.solopack", PACK_PASSPHRASE)
    theirs_id = apply_handover(assistant, read_handover(tmp_path / "out.solopack", PACK_PASSPHRASE)).conference_id
    set_notes(assistant, theirs_id, AgendaItem.VICTIM_ISSUES, "Assistant's wording")
    set_notes(chair, conference_id, AgendaItem.VICTIM_ISSUES, "Chair's wording")
    set_notes(assistant, theirs_id, AgendaItem.PURPOSE, "Only the assistant changed this")
    back = tmp_path / "back.solopack"
    export_handover(assistant, theirs_id, back, PACK_PASSPHRASE)
    monkeypatch.setattr(prompts, "choose_open_file", lambda *args: str(back))
    refreshed: list[int | None] = []
    reread = demo_window.workspace.refresh

    def refresh(subject_id: int | None = None) -> None:
        refreshed.append(subject_id)
        reread(subject_id)

    monkeypatch.setattr(demo_window.workspace, "refresh", refresh)  # the window's views re-read the case
    shown: dict[str, object] = {}

    def choose_theirs(dialog: ImportHandoverDialog) -> None:
        open_pack(qtbot, dialog)
        table = dialog.preview_page.conflicts_table
        assert table.isVisible() and table.rowCount() == 1
        shown["row"] = [table.item(0, c).text() for c in range(3)]
        box = table.cellWidget(0, 3).findChild(QComboBox)
        shown["first"] = box.currentText()
        tab_to(qtbot, box)
        pick(qtbot, box, "Take theirs")
        shown["choices"] = dialog.choices()
        press(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    in_modal(qtbot, ImportHandoverDialog, choose_theirs, shortcut(qtbot, demo_window, Qt.Key.Key_U))
    label, mine, theirs = shown["row"]
    assert label.startswith("Agenda notes") and "Chair's wording" in mine and "Assistant's wording" in theirs
    assert shown["first"] == "Keep mine" and list(shown["choices"].values()) == [Choice.TAKE_THEIRS]
    assert notes(chair, conference_id, AgendaItem.VICTIM_ISSUES) == "Assistant's wording"
    assert notes(chair, conference_id, AgendaItem.PURPOSE) == "Only the assistant changed this"
    assert messages[0][:2] == ("info", "Handover imported") and "updated 2" in messages[0][2]
    assert refreshed == [1]  # the demo case


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(qtbot, assistant, tmp_path, messages) -> None:
    """The wrong pack passphrase: one sentence, still on the passphrase page, the store byte-identical."""
    chair, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    with chair:
        export_handover(chair, demo_conference(chair), tmp_path / "out.solopack", PACK_PASSPHRASE)
    before = stored(assistant.folder)
    dialog = ImportHandoverDialog(assistant, tmp_path / "out.solopack")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    open_pack(qtbot, dialog, "not the pack passphrase")
    assert len(messages) == 1 and messages[0][:2] == ("error", "Handover not imported")
    sentence = messages[0][2]
    assert sentence.endswith(".") and sentence.count(". ") == 0 and "passphrase" in sentence
    assert dialog.pages.currentIndex() == 0 and not dialog.import_button.isVisible()
    assert dialog.passphrase.text() == "" and dialog.passphrase.hasFocus()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert stored(assistant.folder) == before and conferences(assistant) == 0


def test_an_issued_minute_cannot_be_taken_from_the_pack(qtbot) -> None:
    """A conflict on a record never rewritten offers only Keep mine: the keyboard cannot reach Take theirs."""
    page = HandoverPreviewPage()
    qtbot.addWidget(page)
    conflict = HandoverConflict("k1", "Minute issue: version 1", "Issued by: Ann", "Issued by: Siobhán", False)
    page.show_preview(
        HandoverPreview(
            "Marcus Leon", "Initial conference, 14 September 2026", "Siobhán", False, False, (), (conflict,)
        )
    )
    show_active(qtbot, page)
    box = page.choice_box("k1")
    tab_to(qtbot, box)
    press(qtbot, box, Qt.Key.Key_Down)
    assert box.currentText() == "Keep mine" and page.choices() == {"k1": Choice.KEEP_MINE}
    assert "never rewritten" in box.toolTip()


def test_hand_over_refuses_mismatched_passphrases_and_asks_before_replacing_a_file(
    qtbot, tmp_path, monkeypatch, messages
) -> None:
    """Two different entries write nothing; an existing file is replaced only when the user says yes."""
    chair, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    with chair:
        dialog = HandOverDialog(chair, demo_conference(chair))
        qtbot.addWidget(dialog)
        show_active(qtbot, dialog)
        out = tmp_path / "old.solopack"
        out.write_bytes(b"yesterday's handover")
        retype(qtbot, dialog.path_field, str(out))
        click_into(qtbot, dialog.passphrase)
        qtbot.keyClicks(dialog.passphrase, PACK_PASSPHRASE)
        press(qtbot, dialog, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.repeat, PACK_PASSPHRASE + "!")
        press(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.error_label.text() == "The two passphrases do not match."
        asked: list[str] = []
        monkeypatch.setattr(prompts, "confirm", lambda parent, title, text: asked.append(text) or False)
        retype(qtbot, dialog.repeat, PACK_PASSPHRASE)
        press(qtbot, dialog, Qt.Key.Key_Return)
        assert asked == ["Replace the file old.solopack?"] and out.read_bytes() == b"yesterday's handover"
        assert dialog.isVisible() and not dialog.is_busy
        monkeypatch.setattr(prompts, "confirm", lambda parent, title, text: True)
        press(qtbot, dialog, Qt.Key.Key_Return)  # the entries are still there: yes, replace it
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        assert dialog.export is not None and len(read_handover(out, PACK_PASSPHRASE).records) == dialog.export.records
        assert messages == [("info", "Handed over", f"Handed over: {dialog.export.records} records in {out}.")]


def test_hand_over_with_no_conference_in_front_says_what_to_do(qtbot, assistant, monkeypatch, messages) -> None:
    """Ctrl+Shift+O with no conference chosen explains; nothing opens."""
    host = menu_host(qtbot, assistant, [])
    shortcut(qtbot, host, Qt.Key.Key_O)()
    assert messages == [("info", "Conference", "Open a conference, or choose one on the case's Conferences tab.")]
    assert QApplication.activeModalWidget() is None


def test_importing_into_a_read_only_window_says_so_and_writes_nothing(qtbot, tmp_path, messages) -> None:
    """A second window (read-only) previews the handover, but Import is refused with the store's own words."""
    chair, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    with chair:
        export_handover(chair, demo_conference(chair), tmp_path / "out.solopack", PACK_PASSPHRASE)
    holder, _ = CaseStore.create(tmp_path / "assistant", PASSPHRASE)  # the first window keeps the writer lock
    with holder, CaseStore.open_with_passphrase(tmp_path / "assistant", PASSPHRASE, read_only=True) as second:
        dialog = ImportHandoverDialog(second, tmp_path / "out.solopack")
        qtbot.addWidget(dialog)
        show_active(qtbot, dialog)
        open_pack(qtbot, dialog)
        assert dialog.preview is not None and dialog.import_button.isEnabled()
        press(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.is_busy, timeout=20_000)
        assert messages and messages[0][:2] == ("error", "Handover not imported")
        assert messages[0][2].startswith("This store is open read-only, so nothing was saved.")
        assert dialog.isVisible() and dialog.import_result is None and conferences(holder) == 0
