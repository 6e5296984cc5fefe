"""A child process that unlocks the app, goes to item 6's rationale by keys, then is killed (SIGKILL).

Run as ``python -m tests.helpers.resume_child FOLDER PASSPHRASE`` from the repository root;
prints READY once the encrypted store holds the location, then kills itself mid-session.
"""

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import keyring

from tests.helpers.memory_keyring import MemoryKeyring

keyring.set_keyring(MemoryKeyring())  # never the OS keyring, in tests or their children

from PySide6.QtCore import QPoint, Qt  # noqa: E402 - after the keyring is replaced
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def _wait(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        QApplication.processEvents()
        time.sleep(0.01)


def main(folder: Path, passphrase: str) -> None:
    """Drive the window by keys to item 6's rationale, wait for the store to hold the place, die."""
    app = QApplication([])
    from solodesk.models import AgendaItem
    from solodesk.services.settings_access import load_store_location
    from solodesk.ui.main_window import MainWindow

    window = MainWindow(folder)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    _wait(lambda: QApplication.activeWindow() is window)
    QTest.keyClicks(window.lock_screen.passphrase_field, passphrase)
    QTest.keyClick(window.lock_screen.passphrase_field, Qt.Key.Key_Return)
    _wait(lambda: not window.is_locked)
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.workspace.register_view.search_field, "Leon")
    QTest.keyClick(handle, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    _wait(lambda: window.chair_desk is not None)
    QTest.keyClick(handle, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    page = window.chair_desk.page_for(AgendaItem.RISK_ASSESSMENT)
    page.scroll_area.ensureWidgetVisible(page.rationale)
    QTest.mouseClick(page.rationale.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
    QTest.keyClicks(page.rationale, "Agreed")
    _wait(lambda: getattr(load_store_location(window.store), "field", "") == "attr:rationale")
    print("READY", flush=True)
    app.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
