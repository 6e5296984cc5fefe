"""A second window on a store another process has open: read-only, clearly marked, writes refused."""

import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from solodesk.services.demo import load_demo
from solodesk.store import CaseStore
from solodesk.store.writer_lock import StoreReadOnlyError
from solodesk.ui import app, prompts
from solodesk.ui.main_window import MainWindow
from solodesk.ui.register.subject_dialog import SubjectDialog
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import type_text
from tests.helpers.store_holder import Holder


@pytest.fixture
def held(store: CaseStore):
    with store.session() as session:
        load_demo(session)
    store.close()
    holder = Holder(store.folder)
    yield holder
    holder.close()


@pytest.fixture
def second_window(qtbot, held: Holder, store_folder) -> MainWindow:
    win = MainWindow(store_folder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.lock_screen.passphrase_field.setFocus()
    qtbot.keyClicks(win.lock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(win.lock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.is_locked, timeout=30_000)  # the unlock runs in the background
    yield win
    win.lock()


def test_second_window_opens_read_only_and_says_why(qtbot, second_window: MainWindow, held: Holder) -> None:
    """Unlocking shows the cases, under a banner naming the process that has the store."""
    assert not second_window.is_locked
    assert second_window.store is not None and second_window.store.read_only
    banner = second_window.read_only_banner
    assert banner.isVisible()
    assert banner.text().startswith(f"Read-only: This store is open in SOLO Desk (process {held.process.pid} since ")
    assert "Changes cannot be saved here." in banner.text()
    assert second_window.windowTitle().endswith("(read-only)")
    assert second_window.workspace is not None and len(second_window.workspace.register) == 1
    qtbot.keyClick(second_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert second_window.is_locked and not banner.isVisible()


def test_a_write_is_refused_with_a_sentence_and_nothing_changes(
    qtbot, second_window: MainWindow, held: Holder, store_folder, monkeypatch
) -> None:
    """A new case typed in the read-only window is refused with the read-only sentence; the store is unchanged."""
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, _title, text: shown.append(text))

    def fill_and_save(dialog: SubjectDialog) -> int:
        dialog.surname.setFocus()
        type_text(qtbot, dialog.surname, "Ó Súilleabháin")
        dialog.date_of_birth.set_value(date(2009, 6, 1))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(SubjectDialog, "exec", fill_and_save)
    with qtbot.capture_exceptions() as raised:
        qtbot.keyClick(second_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [kind for kind, _value, _tb in raised] == [StoreReadOnlyError]
    # What the app's own exception hook shows the user for it:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app._install_excepthook(second_window)
    sys.excepthook(*raised[0])
    assert len(shown) == 1
    assert shown[0].startswith("This store is open read-only, so nothing was saved. This store is open in SOLO Desk")
    assert len(second_window.workspace.register) == 1
    second_window.lock()
    held.close()
    with CaseStore.open_with_passphrase(store_folder, PASSPHRASE) as reopened:
        from solodesk.services.register import SubjectRegister

        assert len(SubjectRegister(reopened)) == 1
