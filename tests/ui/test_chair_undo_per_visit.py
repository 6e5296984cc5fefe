"""Ctrl+Z takes back only what the chair typed in a field since opening the item; refreshes never overwrite typing.

Text shown from the store (when an item opens, or a page is rebuilt) is never
on a field's undo stack, and a field being typed in is left alone by a refresh.
"""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from solodesk.models import AgendaItem
from solodesk.services.chair_view import load_snapshot
from solodesk.ui.chair import ChairDesk
from tests.helpers.chair_keys import ALT, CTRL, focused, keyboard, notes_of, open_desk_with_apologies, tab_until
from tests.helpers.qt_keys import press


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    return open_desk_with_apologies(qtbot, store)


def test_ctrl_z_after_returning_takes_back_only_the_new_typing(qtbot, desk) -> None:
    """The issue's scenario: type, go to item 7 and back, click at the end, type " Beta.", Ctrl+Z once."""
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    notes = desk.page_for(AgendaItem.NEXT_MEETING).notes
    assert focused() is notes
    keyboard(qtbot, desk, "Room booked for the review.")
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    end = notes.textCursor()
    end.movePosition(QTextCursor.MoveOperation.End)
    qtbot.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton, pos=notes.cursorRect(end).center() + QPoint(40, 0))
    keyboard(qtbot, desk, " Beta.")
    assert notes.toPlainText() == "Room booked for the review. Beta."
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert notes.toPlainText() == "Room booked for the review."
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert notes.toPlainText() == "Room booked for the review.", "text from an earlier visit is not undoable"
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    assert notes_of(desk, AgendaItem.NEXT_MEETING) == "Room booked for the review."
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    assert notes.toPlainText() == "Room booked for the review."


def test_ctrl_z_on_a_refreshed_line_edit_does_not_empty_it(qtbot, desk) -> None:
    """Stored text shown in the venue after a refresh is not on its undo stack either."""
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    venue = desk.page_for(AgendaItem.NEXT_MEETING).next_venue
    tab_until(qtbot, desk, lambda w: w is venue)
    keyboard(qtbot, desk, "Waverley Court")
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    tab_until(qtbot, desk, lambda w: w is venue)
    press(qtbot, desk, Qt.Key.Key_End)
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert venue.text() == "Waverley Court"
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    assert load_snapshot(desk.store, desk.conference_id).next_venue == "Waverley Court"


def test_a_page_refresh_leaves_the_field_being_typed_in_alone(qtbot, desk) -> None:
    """Rows added or removed refresh the page; the notes the chair is typing keep every letter and the cursor."""
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    keyboard(qtbot, desk, "Sisters live nearby")
    assert desk.saver.has_pending()
    page.structure_changed.emit()  # What an added or removed row does while the chair types.
    keyboard(qtbot, desk, " still")
    assert page.notes.toPlainText() == "Sisters live nearby still" and focused() is page.notes
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    assert notes_of(desk, AgendaItem.VICTIM_ISSUES) == "Sisters live nearby still"
