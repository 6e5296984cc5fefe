"""Existing rows edited from the keyboard: arrows reach a row, Enter or F2 edits it, Escape leaves it as it was.

Every key goes through the window to whatever has the focus at that moment, as
a keyboard's keys do; what was saved is read back from the store.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QWidget

from solodesk.models import AgendaItem, Conference, ConferenceType
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.fields import FOCUS_COLOUR
from solodesk.ui.chair.rows import RowFrame
from tests.conftest import PASSPHRASE
from tests.helpers.chair_keys import ALT, CTRL, focused, keyboard
from tests.helpers.qt_keys import press
from tests.ui.conftest import open_window_by_keys

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _shows_ring(widget: QWidget) -> bool:
    """Return True when the widget's edge is drawn in the focus colour (allowing a little shading)."""
    image = widget.grab().toImage()
    ring = QColor(FOCUS_COLOUR)
    edge = [(x, image.height() // 2) for x in range(0, 3)] + [(image.width() // 2, y) for y in range(0, 3)]
    return any(
        abs(c.red() - ring.red()) + abs(c.green() - ring.green()) + abs(c.blue() - ring.blue()) < 60
        for c in (image.pixelColor(x, y) for x, y in edge)
    )


def _on_row(name: str) -> RowFrame:
    """Return the focused widget, which must be the row with this accessible name."""
    widget = focused()
    assert isinstance(widget, RowFrame), f"the focus is on {widget!r}, not a row"
    assert widget.accessibleName() == name
    return widget


def _demo_conference(store: CaseStore, kind: ConferenceType = ConferenceType.INITIAL) -> int:
    with store.session() as session:
        load_demo(session)
        return int(session.query(Conference.id).filter_by(kind=kind).scalar())


def _open_desk(qtbot, store: CaseStore, conference_id: int) -> ChairDesk:
    desk = ChairDesk(store, conference_id)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitActive(desk)
    return desk


@pytest.fixture
def demo_desk(qtbot, store) -> ChairDesk:
    """Chair mode on the demo's initial conference: three actions, two victims, decisions, a disclosure."""
    return _open_desk(qtbot, store, _demo_conference(store))


def _saved(desk: ChairDesk):
    desk.save_now()
    return load_snapshot(desk.store, desk.conference_id)


# Through the whole window -------------------------------------------------------------------------


def test_in_the_window_arrows_and_f2_edit_an_existing_action_and_it_is_saved(qtbot, tmp_path, store) -> None:
    """Register → case → Conferences tab → Enter: chair mode; Alt+7, Down Down, F2, type, Enter; reopened, it is there."""
    conference_id = _demo_conference(store)
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    press(qtbot, win, Qt.Key.Key_1, CTRL)  # the register
    press(qtbot, win, Qt.Key.Key_F, CTRL)  # its search field; the demo's one case is chosen
    for _ in range(8):
        press(qtbot, win, Qt.Key.Key_Tab)
        if focused() is win.workspace.register_view.table:
            break
    press(qtbot, win, Qt.Key.Key_Return)
    page = win.workspace.subject_page
    assert page.tabs.tabBar().hasFocus()
    while page.tabs.currentWidget() is not page.conference_table:
        press(qtbot, win, Qt.Key.Key_Right)
    for _ in range(12):
        press(qtbot, win, Qt.Key.Key_Tab)
        if focused() is page.conference_table:
            break
    assert focused() is page.conference_table
    for _ in range(page.conference_table.rowCount()):
        if page.selected_conference_id() == conference_id:
            break
        press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_Return)  # Enter opens the conference, as a double-click does
    desk = win.chair_desk
    assert desk is not None and desk.conference_id == conference_id
    before = [a.description for a in load_snapshot(desk.store, conference_id).actions]
    assert len(before) >= 2

    press(qtbot, win, Qt.Key.Key_7, ALT)
    press(qtbot, win, Qt.Key.Key_Down)
    _on_row("Action 1")
    press(qtbot, win, Qt.Key.Key_Down)
    row = _on_row("Action 2")
    assert _shows_ring(row), "the focused row shows the focus ring"
    press(qtbot, win, Qt.Key.Key_F2)
    field = focused()
    assert isinstance(field, QLineEdit) and field.accessibleName() == "Action 2 description"
    assert field.cursorPosition() == len(before[1]), "the cursor goes after the text, where the chair continues"
    keyboard(qtbot, desk, " by Friday")
    press(qtbot, win, Qt.Key.Key_Return)
    assert focused() is row, "Enter keeps the change and goes back to the row"
    assert field.text() == before[1] + " by Friday"
    press(qtbot, win, Qt.Key.Key_W, CTRL)  # leave chair mode
    assert win.chair_desk is None
    win.lock()
    win.close()

    reopened = CaseStore.open_with_passphrase(store.folder, PASSPHRASE)
    try:
        after = [a.description for a in load_snapshot(reopened, conference_id).actions]
    finally:
        reopened.close()
    assert after == [before[0], before[1] + " by Friday", *before[2:]]
