"""The main window as a whole: from the register into chair mode, locking, the Conference menu."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from solodesk.models import AgendaItem
from solodesk.services.chair_view import load_snapshot
from solodesk.store import CaseStore
from solodesk.ui import conference_menu
from solodesk.ui.main_window import MainWindow
from solodesk.ui.minutes import MinutePreview
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import click_cell, click_tab, press, type_text


@pytest.fixture
def window(qtbot, demo_window):
    click_cell(qtbot, demo_window.workspace.register_view.table, 0, 0)  # the demo case
    assert demo_window.workspace.current_subject_id() == 1
    return demo_window


def _initial_conference(qtbot, win: MainWindow) -> int:
    page = win.workspace.subject_page
    click_tab(qtbot, page.tabs, "Conferences")
    table = page.conference_table
    click_cell(qtbot, table, next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Initial"), 0)
    conference_id = page.selected_conference_id()
    assert conference_id is not None
    return conference_id


def test_ctrl_o_opens_chair_mode_and_leaving_returns_to_the_register(qtbot, window) -> None:
    """The selected conference opens in chair mode in place of the workspace; leaving brings it back."""
    conference_id = _initial_conference(qtbot, window)
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    desk = window.chair_desk
    assert desk is not None and desk.conference_id == conference_id
    assert window.stack.currentWidget() is desk
    desk.close_requested.emit()
    assert window.chair_desk is None
    assert window.stack.currentWidget() is window.workspace


def test_locking_mid_sentence_in_chair_mode_loses_nothing(qtbot, window) -> None:
    """Typing in chair mode then Ctrl+L at once: the desk is gone, the store closed, the words saved."""
    conference_id = _initial_conference(qtbot, window)
    window.open_conference(conference_id)
    desk = window.chair_desk
    press(qtbot, desk, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    assert page.notes.hasFocus()  # Alt+8 puts the cursor in the item's notes
    press(qtbot, desk, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, desk, " Łukasz books the room.")
    assert desk.saver.has_pending()
    press(qtbot, desk, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked and window.chair_desk is None
    with CaseStore.open_with_passphrase(window.folder, PASSPHRASE) as reopened:
        notes = load_snapshot(reopened, conference_id).note(AgendaItem.NEXT_MEETING).notes
    assert notes.endswith(" Łukasz books the room.")


def test_conference_menu_preview_shows_the_selected_conference(qtbot, window, monkeypatch) -> None:
    """Minute preview opens for the conference selected on the case's Conferences tab."""
    conference_id = _initial_conference(qtbot, window)
    shown: list[MinutePreview] = []

    def fake_exec(dialog: QDialog) -> int:
        shown.extend(dialog.findChildren(MinutePreview))
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    window.conference_menu._on_preview()
    assert len(shown) == 1 and shown[0].conference_id == conference_id


def test_conference_menu_without_a_conference_says_what_to_do(qtbot, window, monkeypatch) -> None:
    """With no conference chosen, the menu explains instead of failing."""
    told: list[str] = []
    monkeypatch.setattr(conference_menu.prompts, "info", lambda parent, title, text: told.append(text))
    window.workspace.subject_page.show_subject(None)
    window.conference_menu._on_circulate()
    assert told and "choose one" in told[0]


def test_invitation_letters_are_written_to_the_chosen_folder(qtbot, window, monkeypatch, tmp_path) -> None:
    """Conference → Invitation letters writes one PDF per invitee and an .ics file."""
    _initial_conference(qtbot, window)
    monkeypatch.setattr(conference_menu.prompts, "choose_folder", lambda *args: str(tmp_path))
    monkeypatch.setattr(conference_menu.prompts, "info", lambda *args: None)
    window.conference_menu._on_invitations()
    assert len(list(tmp_path.glob("*.pdf"))) == 9
    assert len(list(tmp_path.glob("*.ics"))) == 1


def test_conference_pack_pdf_from_the_case_menu(qtbot, window, monkeypatch, tmp_path) -> None:
    """Case → Conference pack PDF offers the invitees and writes the chosen person's copy."""
    from pypdf import PdfReader

    from solodesk.ui import pack_menu

    offered: list[list[str]] = []

    def pick(parent, title, label, choices):
        offered.append(choices)
        return next(name for name in choices if "Wiśniewski" in name)

    target = tmp_path / "pack.pdf"
    monkeypatch.setattr(pack_menu.prompts, "ask_choice", pick)
    monkeypatch.setattr(pack_menu.prompts, "choose_save_file", lambda *args: str(target))
    monkeypatch.setattr(pack_menu.prompts, "info", lambda *args: None)
    saved: list[str] = []
    monkeypatch.setattr(pack_menu.prompts, "info", lambda _parent, _title, text: saved.append(text))
    window.pack_menu._on_pack_pdf()
    qtbot.waitUntil(lambda: bool(saved))  # the PDF is written by a background job
    assert len(offered[0]) == 9
    assert "Copy for Łukasz Wiśniewski" in PdfReader(target).pages[0].extract_text()
