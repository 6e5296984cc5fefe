"""First run, unlock, recovery and lock through the real widgets."""

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt

from solodesk.store import CaseStore
from solodesk.store.errors import StoreError
from solodesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import click


@pytest.fixture
def window(qtbot, store_folder: Path) -> MainWindow:
    win = MainWindow(store_folder)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.lock()


def _create_through_form(qtbot, window: MainWindow, remember: bool = False) -> str:
    screen = window.lock_screen
    assert screen.pages.currentWidget() is screen.create_page
    qtbot.keyClicks(screen.new_passphrase, PASSPHRASE)
    assert screen.strength_label.text() == "Strong."
    qtbot.keyClicks(screen.repeat_passphrase, PASSPHRASE)
    if remember != screen.create_remember_box.isChecked():
        click(qtbot, screen.create_remember_box)
    assert screen.create_remember_box.isChecked() == remember
    qtbot.mouseClick(screen.create_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.recovery_key_page)
    return _record_recovery_key(qtbot, screen)


def _record_recovery_key(qtbot, screen) -> str:
    """Read the key shown once, tick 'recorded' and press Continue."""
    recovery_key = screen.recovery_key_label.text()
    assert not screen.continue_button.isEnabled()
    click(qtbot, screen.recorded_box)
    assert screen.recorded_box.isChecked()
    qtbot.mouseClick(screen.continue_button, Qt.LeftButton)
    return recovery_key


def test_first_run_creates_store_and_shows_recovery_key(qtbot, window: MainWindow) -> None:
    """Passphrase twice, recovery key shown, 'I have recorded it', then the desk."""
    recovery_key = _create_through_form(qtbot, window)
    assert not window.is_locked
    assert window.stack.currentWidget() is window.desk_view
    assert len(recovery_key.split("-")) == 8
    window.lock()
    CaseStore.open_with_recovery_key(window.folder, recovery_key).close()


def test_mismatched_passphrases_are_refused(qtbot, window: MainWindow) -> None:
    """Two different entries: a message, and no store is created."""
    screen = window.lock_screen
    qtbot.keyClicks(screen.new_passphrase, PASSPHRASE)
    qtbot.keyClicks(screen.repeat_passphrase, PASSPHRASE + "x")
    qtbot.mouseClick(screen.create_button, Qt.LeftButton)
    assert screen.create_error.text() == "The two passphrases do not match."
    assert not CaseStore.exists(window.folder)


def test_wrong_passphrase_says_so_and_allows_retry(qtbot, window: MainWindow) -> None:
    """A wrong passphrase shows a message and keeps the form; the right one unlocks."""
    _create_through_form(qtbot, window)
    window.lock()
    screen = window.lock_screen
    assert screen.pages.currentWidget() is screen.unlock_page
    qtbot.keyClicks(screen.passphrase_field, "not it at all")
    qtbot.keyClick(screen.passphrase_field, Qt.Key_Return)
    qtbot.waitUntil(lambda: "not correct" in screen.unlock_error.text())
    assert window.is_locked
    qtbot.keyClick(screen.passphrase_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type over it
    qtbot.keyClicks(screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(screen.passphrase_field, Qt.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)


def test_ctrl_l_locks_and_drops_every_case_view(qtbot, window: MainWindow) -> None:
    """Ctrl+L closes the store and removes the workspace widget."""
    _create_through_form(qtbot, window)
    store = window.store
    workspace = window.workspace
    qtbot.keyClick(window, Qt.Key_L, Qt.ControlModifier)
    assert window.is_locked
    assert store is not None and not store.is_open
    assert window.workspace is None
    assert window.stack.currentWidget() is window.lock_screen
    assert not shiboken6.isValid(workspace)  # deleted at once, not at a later event loop turn
    assert window.lock_screen.passphrase_field.text() == ""


def test_idle_time_locks_automatically(qtbot, window: MainWindow) -> None:
    """With no input for the idle time, the window locks itself."""
    _create_through_form(qtbot, window)
    window.idle_lock.set_interval_ms(150)
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert window.workspace is None


def test_input_postpones_idle_lock(qtbot, window: MainWindow) -> None:
    """Typing restarts the idle countdown."""
    _create_through_form(qtbot, window)
    window.idle_lock.set_interval_ms(400)
    countdown = window.idle_lock._timer
    for _ in range(3):
        # Let most of the idle time run out, then type: the countdown starts again from the top.
        qtbot.waitUntil(lambda: 0 <= countdown.remainingTime() < 150, timeout=3000)
        assert not window.is_locked
        qtbot.keyClick(window.workspace, Qt.Key_Shift)
        assert countdown.remainingTime() > 250
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)


def test_remembered_key_unlocks_on_start(qtbot, window: MainWindow, store_folder: Path, memory_keyring) -> None:
    """With 'remember on this computer', the next start unlocks without a passphrase."""
    _create_through_form(qtbot, window, remember=True)
    window.lock()
    assert memory_keyring.entries
    second = MainWindow(store_folder)
    qtbot.addWidget(second)
    assert second.lock_screen.try_remembered_key()
    qtbot.waitUntil(lambda: not second.is_locked)
    second.lock()


def test_recovery_key_resets_passphrase_and_is_replaced_by_a_new_one(qtbot, window: MainWindow) -> None:
    """'Use recovery key': typed key, new passphrase twice, Return; a fresh key is shown once and the old one dies."""
    old_key = _create_through_form(qtbot, window)
    qtbot.waitUntil(lambda: not window.is_locked)
    window.lock()
    screen = window.lock_screen
    qtbot.mouseClick(screen.use_recovery_button, Qt.LeftButton)
    assert screen.pages.currentWidget() is screen.recovery_page
    qtbot.keyClicks(screen.recovery_field, old_key)
    qtbot.keyClick(screen.recovery_field, Qt.Key_Tab)
    qtbot.keyClicks(screen.recovery_new, "a new passphrase here")
    qtbot.keyClicks(screen.recovery_repeat, "a new passphrase here")
    qtbot.keyClick(screen.recovery_repeat, Qt.Key_Return)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.recovery_key_page, timeout=30_000)
    assert "no longer works" in screen.recovery_key_intro.text()
    assert window.is_locked, "the store opens only once the new key is recorded"
    new_key = _record_recovery_key(qtbot, screen)
    assert new_key and new_key != old_key
    qtbot.waitUntil(lambda: not window.is_locked)
    assert screen.recovery_key_label.text() == ""
    window.lock()
    CaseStore.open_with_passphrase(window.folder, "a new passphrase here").close()
    CaseStore.open_with_recovery_key(window.folder, new_key).close()
    with pytest.raises(StoreError):
        CaseStore.open_with_recovery_key(window.folder, old_key)


def test_copied_recovery_key_is_cleared_from_the_clipboard(qtbot, window: MainWindow) -> None:
    """Copying the recovery key is allowed, but it leaves the clipboard once recorded."""
    from PySide6.QtGui import QGuiApplication

    screen = window.lock_screen
    qtbot.keyClicks(screen.new_passphrase, PASSPHRASE)
    qtbot.keyClicks(screen.repeat_passphrase, PASSPHRASE)
    qtbot.mouseClick(screen.create_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.recovery_key_page)
    key = screen.recovery_key_label.text()
    qtbot.mouseClick(screen.copy_key_button, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == key
    click(qtbot, screen.recorded_box)
    assert screen.recorded_box.isChecked()
    qtbot.mouseClick(screen.continue_button, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == ""
