"""Back where you were: after a lock, a crash or a restart, unlocking returns to the same case, item and field."""

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from solodesk.models import AgendaItem
from solodesk.services.settings import Location
from solodesk.services.settings_access import load_store_location, save_store_location
from solodesk.store import CaseStore
from solodesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.qt_keys import press

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def conference_id(store) -> int:
    conference = convene_leon(store, date(1979, 4, 2), "Room 3.12", "Concern about behaviour.", ("Margaret Nicolson",))
    store.close()
    return conference


def _open_window(qtbot, folder: Path) -> MainWindow:
    """Start the app on the folder and unlock it by typing the passphrase and pressing Return."""
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _unlock(qtbot, window)
    return window


def _unlock(qtbot, window: MainWindow) -> None:
    field = window.lock_screen.passphrase_field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)


def _stored(folder: Path) -> Location | None:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        return load_store_location(store)


def _into_chair_mode_item_6_rationale(qtbot, window: MainWindow):
    """Find the case with Ctrl+F, open its conference with Ctrl+O, Alt+6, click into the rationale."""
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.workspace.register_view.search_field, "Leon")
    press(qtbot, window, Qt.Key.Key_O, CTRL)
    assert window.chair_desk is not None
    press(qtbot, window.chair_desk, Qt.Key.Key_6, ALT)
    page = window.chair_desk.page_for(AgendaItem.RISK_ASSESSMENT)
    page.scroll_area.ensureWidgetVisible(page.rationale)
    qtbot.mouseClick(page.rationale.viewport(), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is page.rationale
    return page


def _assert_back_at_item_6_rationale(window: MainWindow, conference_id: int) -> None:
    desk = window.chair_desk
    assert desk is not None, "chair mode is open again"
    assert desk.conference_id == conference_id
    assert desk.current_index() == AgendaItem.RISK_ASSESSMENT.number
    assert QApplication.focusWidget() is desk.page_for(AgendaItem.RISK_ASSESSMENT).rationale


def test_lock_and_unlock_returns_to_the_same_item_and_field(qtbot, store_folder, conference_id) -> None:
    """Chair mode, Alt+6, click into the rationale, Ctrl+L, passphrase + Return: same conference, item and field."""
    window = _open_window(qtbot, store_folder)
    _into_chair_mode_item_6_rationale(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget(), "Agreed on the evidence")
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    assert window.is_locked and window.chair_desk is None
    _unlock(qtbot, window)
    _assert_back_at_item_6_rationale(window, conference_id)
    qtbot.keyClicks(QApplication.focusWidget(), " so far.")
    rationale = window.chair_desk.page_for(AgendaItem.RISK_ASSESSMENT).rationale
    assert rationale.toPlainText() == "Agreed on the evidence so far."
    window.lock()


def test_location_reaches_the_store_before_any_lock_so_a_crash_keeps_it(qtbot, store_folder, conference_id) -> None:
    """Within a second of clicking into the field the encrypted store holds the place (ids only, no QSettings)."""
    window = _open_window(qtbot, store_folder)
    _into_chair_mode_item_6_rationale(qtbot, window)
    subject_id = window.chair_desk.snap.subject_id
    expected = Location(subject_id, conference_id, AgendaItem.RISK_ASSESSMENT.value, "attr:rationale")
    qtbot.waitUntil(lambda: load_store_location(window.store) == expected, timeout=3000)
    assert not any("location" in key.lower() for key in QSettings().allKeys())
    window.lock()


def test_restart_returns_to_the_same_item_and_field(qtbot, store_folder, conference_id) -> None:
    """Close the window, start a new one on the same folder, unlock: same conference, item 6, same field."""
    window = _open_window(qtbot, store_folder)
    _into_chair_mode_item_6_rationale(qtbot, window)
    window.close()
    assert window.is_locked
    stored = _stored(store_folder)
    assert stored is not None and stored.subject_id is not None
    assert stored == Location(stored.subject_id, conference_id, "risk_assessment", "attr:rationale")
    again = _open_window(qtbot, store_folder)
    _assert_back_at_item_6_rationale(again, conference_id)
    again.lock()


def test_leaving_chair_mode_returns_to_the_case_in_the_register(qtbot, store_folder, conference_id) -> None:
    """Left chair mode on the case: after a restart the register shows that case, chair mode stays closed."""
    window = _open_window(qtbot, store_folder)
    _into_chair_mode_item_6_rationale(qtbot, window)
    subject_id = window.chair_desk.snap.subject_id
    leave = window.chair_desk.leave_button
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert window.chair_desk is None
    window.close()
    again = _open_window(qtbot, store_folder)
    assert again.chair_desk is None
    assert again.workspace.register_view.current_subject_id() == subject_id
    assert again.workspace.subject_page.selected_conference_id() == conference_id
    again.lock()


def test_a_conference_that_is_gone_falls_back_to_the_register(qtbot, store_folder, conference_id) -> None:
    """A remembered conference that no longer exists: unlocking simply shows the desk, as on a first start."""
    with CaseStore.open_with_passphrase(store_folder, PASSPHRASE) as store:
        assert save_store_location(store, Location(None, conference_id + 99, "risk_assessment", "attr:rationale"))
    window = _open_window(qtbot, store_folder)
    assert window.chair_desk is None and window.stack.currentWidget() is window.desk_view
    window.lock()


def test_after_a_crash_unlocking_returns_to_the_same_item_and_field(qtbot, store_folder, conference_id) -> None:
    """A child process goes to item 6's rationale by keys and is killed with SIGKILL; the next start goes back there."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    env["QT_QPA_PLATFORM"] = "offscreen"
    child = subprocess.run(
        [sys.executable, "-m", "tests.helpers.resume_child", str(store_folder), PASSPHRASE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert "READY" in child.stdout
    window = _open_window(qtbot, store_folder)
    _assert_back_at_item_6_rationale(window, conference_id)
    window.lock()


def test_idle_lock_and_unlock_returns_to_the_same_item_and_field(qtbot, store_folder, conference_id) -> None:
    """Left idle in the rationale until the app locks itself; passphrase + Return: back in the rationale."""
    window = _open_window(qtbot, store_folder)
    _into_chair_mode_item_6_rationale(qtbot, window)
    window.idle_lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    _unlock(qtbot, window)
    _assert_back_at_item_6_rationale(window, conference_id)
    window.lock()
