"""Unlocking derives the key on a worker thread while the window stays live and shows it is busy."""

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from solodesk.store import Argon2Params, CaseStore
from solodesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE


@pytest.fixture
def slow_kdf(monkeypatch: pytest.MonkeyPatch) -> tuple[list[threading.Thread], threading.Event]:
    """Hold every key derivation until the test releases it; record the thread it ran on."""
    threads: list[threading.Thread] = []
    release = threading.Event()
    real_derive = Argon2Params.derive

    def held_derive(self: Argon2Params, passphrase: str, salt: bytes) -> bytes:
        threads.append(threading.current_thread())
        release.wait(10)
        return real_derive(self, passphrase, salt)

    monkeypatch.setattr(Argon2Params, "derive", held_derive)
    return threads, release


@pytest.fixture
def window(qtbot, store: CaseStore) -> MainWindow:
    store.close()
    win = MainWindow(store.folder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.lock()


def test_unlock_runs_off_the_ui_thread_with_a_busy_state(qtbot, window: MainWindow, slow_kdf) -> None:
    """While the key is derived: a moving busy bar, the form disabled, timers still firing; then the workspace."""
    threads, release = slow_kdf
    screen = window.lock_screen
    assert not screen.busy_bar.isVisible()
    qtbot.keyClicks(screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert screen.busy_bar.isVisible()
    assert not screen.unlock_button.isEnabled() and not screen.passphrase_field.isEnabled()
    assert window.is_locked

    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the event loop runs while the derivation is held
    timer.stop()
    qtbot.keyClick(screen.passphrase_field, Qt.Key.Key_Return)  # a second Return starts nothing
    assert len(threads) == 1

    release.set()
    qtbot.waitUntil(lambda: not window.is_locked)
    assert window.stack.currentWidget() is window.desk_view  # the desk is first after unlocking
    assert not screen.busy_bar.isVisible()
    assert len(window.workspace.register) == 0


def test_wrong_passphrase_in_the_background_gives_the_form_back(qtbot, window: MainWindow, slow_kdf) -> None:
    """A wrong passphrase: the busy state ends, the message shows and the cursor is back in the field."""
    _threads, release = slow_kdf
    release.set()
    screen = window.lock_screen
    qtbot.keyClicks(screen.passphrase_field, "not the passphrase")
    qtbot.keyClick(screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not correct" in screen.unlock_error.text())
    assert not screen.busy_bar.isVisible() and screen.passphrase_field.isEnabled()
    assert screen.passphrase_field.hasFocus()
    assert window.is_locked


def test_locking_during_an_unlock_waits_and_closes_the_store_it_opened(
    qtbot, window: MainWindow, slow_kdf, monkeypatch
) -> None:
    """Closing the window mid-unlock waits for the job; the store it opened is closed, never shown."""
    threads, release = slow_kdf
    closed: list[CaseStore] = []
    real_close = CaseStore.close

    def recording_close(self: CaseStore) -> None:
        closed.append(self)
        real_close(self)

    monkeypatch.setattr(CaseStore, "close", recording_close)
    screen = window.lock_screen
    qtbot.keyClicks(screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(threads))
    threading.Timer(0.1, release.set).start()
    window.lock()  # waits for the derivation, then drops its result
    qtbot.waitUntil(lambda: bool(closed))
    assert window.is_locked and window.workspace is None
    assert not closed[0].is_open
    assert not screen.busy_bar.isVisible() and screen.passphrase_field.isEnabled()
