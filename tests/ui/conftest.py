"""Fixtures for whole-window tests: the app unlocked on a store holding the demo case."""

import pytest
from PySide6.QtCore import Qt

from solodesk.services.demo import load_demo
from solodesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import click_into, show_active


def open_window_by_keys(qtbot, folder) -> MainWindow:
    """Return the main window at 1366×768 on a closed store, unlocked by typing the passphrase + Return."""
    win = MainWindow(folder)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    show_active(qtbot, win)
    click_into(qtbot, win.lock_screen.passphrase_field)
    qtbot.keyClicks(win.lock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(win.lock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.is_locked, timeout=20_000)  # the key is derived on a worker thread
    return win


@pytest.fixture
def demo_window(qtbot, store) -> MainWindow:
    """Return the main window at 1366×768, unlocked through the lock screen, on the demo case."""
    with store.session() as session:
        load_demo(session)
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    yield win
    win.lock()
