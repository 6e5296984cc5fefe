"""Chasing from the desk with the keyboard: Ctrl+Shift+H, choose a folder, ask for drafts, write."""

from email import message_from_bytes, policy

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from solodesk.ui.desk import desk_view
from solodesk.ui.main_window import MainWindow
from tests.helpers.desk_store import AS_OF, build
from tests.helpers.minutes import nfc, page_texts
from tests.helpers.qt_keys import press, type_text
from tests.ui.conftest import open_window_by_keys


@pytest.fixture
def desk_window(qtbot, store, monkeypatch) -> MainWindow:
    """The main window unlocked with the keyboard on the hand-built desk store, on 2 December 2026."""
    monkeypatch.setattr(desk_view, "_today", lambda: AS_OF)
    with store.session() as session:
        build(session)
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    yield win
    win.lock()


def _open_chase(qtbot, win: MainWindow):
    desk = win.desk_view
    assert "Ctrl+Shift+H chases actions" in " ".join(label.text() for label in desk.findChildren(type(desk.title)))
    press(qtbot, desk.tree, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: desk.chase_dialog is not None and desk.chase_dialog.isVisible())
    dialog = desk.chase_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_chase_writes_letters_and_drafts_into_the_chosen_folder(qtbot, desk_window, monkeypatch, tmp_path) -> None:
    """Ctrl+Shift+H lists the owners; Alt+H picks the folder, Alt+E asks for drafts, Enter writes them."""
    win = desk_window
    out = tmp_path / "letters"
    out.mkdir()
    asked: list[str] = []

    def fake_folder(parent, title, start=""):
        asked.append(title)
        return str(out)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", fake_folder)
    dialog = _open_chase(qtbot, win)
    owners = nfc(dialog.owners.text())
    assert "2 owners, 3 action(s):" in owners
    assert "• DS Zoë Ó Briain — Police Scotland — OMU: 2 actions, 1 overdue — zoe@police.example" in owners
    assert "• Łukasz Wiśniewski — City Council Housing: 1 action — no e-mail address" in owners
    assert "1 action(s) with no owner named cannot be chased." in owners
    assert dialog.folder.hasFocus()
    # A button's mnemonic clicks it the way Qt animates a click: a moment later.
    press(qtbot, dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.folder.text() == str(out))
    assert asked == ["Write the reminder letters into"] and dialog.write_button.hasFocus()
    press(qtbot, dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.drafts.isChecked)
    press(qtbot, dialog, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.result_label.text() != "")
    assert dialog.result_label.text() == (
        f"Wrote 2 reminder letters (3 actions) and 2 e-mail drafts into {out}."
        " 1 draft has no recipient: the directory has no e-mail address for that owner."
        " 1 action has no owner named and was not chased."
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.eml",
        "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf",
        "2026-12-02_action-reminder_02_Lukasz-Wisniewski.eml",
        "2026-12-02_action-reminder_02_Lukasz-Wisniewski.pdf",
    ]
    letter = " ".join(
        nfc("\n".join(page_texts((out / "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf").read_bytes()))).split()
    )
    assert "Dear DS Zoë Ó Briain," in letter and "Overdue by 1 day" in letter and "House" not in letter
    draft = message_from_bytes(
        (out / "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.eml").read_bytes(), policy=policy.default
    )
    assert draft["To"].addresses[0].addr_spec == "zoe@police.example"
    # Written once: Enter now closes, and the desk is back with the keyboard in its list.
    assert not dialog.write_button.isEnabled()
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.desk_view.chase_dialog is None)
    assert win.stack.currentWidget() is win.desk_view and win.focusWidget() is win.desk_view.tree


def test_a_typed_folder_that_is_not_there_is_refused_then_letters_only(qtbot, desk_window, tmp_path) -> None:
    """A folder typed that does not exist writes nothing and says so; a right one writes letters, no drafts."""
    win = desk_window
    dialog = _open_chase(qtbot, win)
    press(qtbot, dialog, Qt.Key.Key_Return)  # no folder yet
    assert dialog.result_label.text() == "Choose the folder to write the letters into." and dialog.folder.hasFocus()
    missing = tmp_path / "nowhere"
    type_text(qtbot, dialog, str(missing))
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.result_label.text() == f"Nothing was written. The folder {missing} does not exist; choose another."
    missing.mkdir()
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Wrote"))
    assert dialog.result_label.text().startswith(f"Wrote 2 reminder letters (3 actions) into {missing}.")
    assert sorted(p.suffix for p in missing.iterdir()) == [".pdf", ".pdf"]


def test_locking_closes_the_chase_dialog(qtbot, desk_window) -> None:
    """The idle lock (or Ctrl+L) with the dialog open closes it: no owner list stays on screen."""
    win = desk_window
    dialog = _open_chase(qtbot, win)
    assert "DS Zoë Ó Briain" in nfc(dialog.owners.text())
    win.lock()  # what the idle timer calls
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    assert win.is_locked
