"""The lock screen from the keyboard: Return on every page, and weak passphrases refused with the reason."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from solodesk.store import CaseStore, StoreError
from solodesk.ui.lock_screen import LockScreen
from tests.conftest import PASSPHRASE

RETURN = Qt.Key.Key_Return
TAB = Qt.Key.Key_Tab
STRONG = "violet harbour kettle under moonlight"


@pytest.fixture
def screen(qtbot, store_folder: Path) -> LockScreen:
    widget = LockScreen(store_folder)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def _focused():
    return QApplication.focusWidget()


def _type(qtbot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _key(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifiers)


def _create_by_keys(qtbot, screen: LockScreen, passphrase: str) -> None:
    assert _focused() is screen.new_passphrase
    _type(qtbot, passphrase)
    _key(qtbot, TAB)
    assert _focused() is screen.repeat_passphrase
    _type(qtbot, passphrase)
    _key(qtbot, RETURN)
    qtbot.waitUntil(lambda: not screen.is_busy, timeout=20_000)  # the store is created on a worker thread


def test_weak_passphrase_is_refused_on_create_with_the_reason(qtbot, screen: LockScreen) -> None:
    """ "password1", rated weak as it is typed, is refused on Return: the reason, and no store."""
    _create_by_keys(qtbot, screen, "password1")
    assert screen.strength_label.text().startswith("Weak: This is a very common password.")
    assert screen.pages.currentWidget() is screen.create_page
    assert "too easy to guess" in screen.create_error.text()
    assert "This is a very common password." in screen.create_error.text()
    assert not CaseStore.exists(screen.folder)
    assert _focused() is screen.new_passphrase, "the cursor goes back to choose another"


def test_create_and_recovery_key_page_by_keys_alone(qtbot, screen: LockScreen) -> None:
    """Strong passphrase + Return creates; on the key page Return waits for the tick, Space ticks, Return goes on."""
    _create_by_keys(qtbot, screen, STRONG)
    assert screen.pages.currentWidget() is screen.recovery_key_page, screen.create_error.text()
    recovery_key = screen.recovery_key_label.text()
    assert _focused() is screen.recorded_box
    with qtbot.assertNotEmitted(screen.unlocked):
        _key(qtbot, RETURN)  # not yet recorded: Continue is not available
    assert screen.pages.currentWidget() is screen.recovery_key_page
    _key(qtbot, Qt.Key.Key_Space)
    assert screen.recorded_box.isChecked()
    with qtbot.waitSignal(screen.unlocked) as unlocked:
        _key(qtbot, RETURN)
    unlocked.args[0].close()
    CaseStore.open_with_recovery_key(screen.folder, recovery_key).close()
    CaseStore.open_with_passphrase(screen.folder, STRONG).close()


def test_return_unlocks_from_the_passphrase_field_and_from_the_remember_box(qtbot, store, screen) -> None:
    """On the unlock page Return presses Unlock wherever the cursor is."""
    store.close()
    screen.reset()
    assert _focused() is screen.passphrase_field
    _type(qtbot, PASSPHRASE)
    _key(qtbot, TAB)
    assert _focused() is screen.remember_box
    with qtbot.waitSignal(screen.unlocked) as unlocked:
        _key(qtbot, RETURN)
    unlocked.args[0].close()
    assert not screen.remember_box.isChecked(), "Return did not tick the box"


def test_recovery_page_by_keys_refuses_weak_then_sets_a_strong_passphrase(qtbot, store_folder, screen) -> None:
    """Tab to "Use recovery key…" + Return; key, weak passphrase + Return: refused with the reason; strong: unlocked."""
    _create_by_keys(qtbot, screen, PASSPHRASE)
    recovery_key = screen.recovery_key_label.text()
    _key(qtbot, Qt.Key.Key_Space)
    with qtbot.waitSignal(screen.unlocked) as unlocked:
        _key(qtbot, RETURN)
    unlocked.args[0].close()
    screen.reset()
    assert _focused() is screen.passphrase_field
    for _ in range(5):
        if _focused() is not None and _focused().text() == "Use recovery key…":
            break
        _key(qtbot, TAB)
    _key(qtbot, RETURN)
    assert screen.pages.currentWidget() is screen.recovery_page
    qtbot.mouseClick(screen.recovery_field, Qt.MouseButton.LeftButton)
    _type(qtbot, recovery_key)
    for _ in range(2):
        _key(qtbot, TAB)
        _type(qtbot, "Summer2024!")
    with qtbot.assertNotEmitted(screen.unlocked):
        _key(qtbot, RETURN)
    assert "too easy to guess" in screen.recover_error.text()
    assert "similar to a commonly used password" in screen.recover_error.text()
    for field in (screen.recovery_new, screen.recovery_repeat):
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        _key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _type(qtbot, STRONG)
    _key(qtbot, RETURN)
    # The used recovery key is replaced: the new one is shown once, and the store opens when it is recorded.
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.recovery_key_page, timeout=30_000)
    assert screen.recovery_key_label.text() not in ("", recovery_key)
    _key(qtbot, Qt.Key.Key_Space)
    with qtbot.waitSignal(screen.unlocked) as unlocked:
        _key(qtbot, RETURN)
    unlocked.args[0].close()
    CaseStore.open_with_passphrase(store_folder, STRONG).close()
    with pytest.raises(StoreError, match="not correct"):
        CaseStore.open_with_passphrase(store_folder, PASSPHRASE)
