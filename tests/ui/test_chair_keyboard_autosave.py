"""Chair mode from the keyboard, autosave under closing and deletion, and the completeness panel."""

from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from solodesk.models import AgendaItem
from solodesk.services.chair_view import load_snapshot
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.autosave import DEBOUNCE_MS
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.qt_keys import click_into, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def conference_id(store) -> int:
    return convene_leon(
        store, date(2010, 3, 1), "Room 3.12", "Concern about behaviour.", ("Margaret Nicolson", "DS Zoë Ó Briain")
    )


def _show(qtbot, desk: ChairDesk) -> ChairDesk:
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitActive(desk)
    return desk


@pytest.fixture
def desk(qtbot, store, conference_id) -> ChairDesk:
    widget = ChairDesk(store, conference_id)
    qtbot.addWidget(widget)
    return _show(qtbot, widget)


def test_shortcuts_move_between_agenda_items(qtbot, desk) -> None:
    """Ctrl+PgDown/PgUp step through the agenda; Alt+digit jumps to an item; Alt+0 to the statement."""
    for expected in (1, 2, 3):
        press(qtbot, desk, Qt.Key.Key_PageDown, CTRL)
        assert desk.current_index() == expected
    press(qtbot, desk, Qt.Key.Key_PageUp, CTRL)
    assert desk.current_index() == 2
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    assert desk.current_index() == AgendaItem.RISK_ASSESSMENT.number
    press(qtbot, desk, Qt.Key.Key_0, ALT)
    assert desk.current_index() == 0


def test_shortcuts_work_while_typing_in_a_notes_box(qtbot, desk) -> None:
    """Ctrl+PgDown leaves a notes box for the next item, and the text typed there is saved."""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    page = desk.page_for(AgendaItem.PURPOSE)
    assert page.notes.hasFocus()  # Alt+4 puts the cursor in the item's notes
    type_text(qtbot, desk, "Outlined by the chair.")
    press(qtbot, desk, Qt.Key.Key_PageDown, CTRL)
    assert desk.current_index() == AgendaItem.VICTIM_ISSUES.number
    assert load_snapshot(desk.store, desk.conference_id).note(AgendaItem.PURPOSE).notes == "Outlined by the chair."


def test_ctrl_shift_a_adds_an_action_from_anywhere(qtbot, desk) -> None:
    """From the confidentiality page, Ctrl+Shift+A, type, Enter: the action is stored and the row is ready again."""
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    plan = desk.page_for(AgendaItem.ACTION_PLAN)
    assert desk.current_index() == AgendaItem.ACTION_PLAN.number and plan.new_description.hasFocus()
    type_text(qtbot, desk, "Check the release address")
    press(qtbot, desk, Qt.Key.Key_Return)
    press(qtbot, desk, Qt.Key.Key_2, ALT)
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    type_text(qtbot, desk, "Tell the school")
    press(qtbot, desk, Qt.Key.Key_Return)
    actions = load_snapshot(desk.store, desk.conference_id).actions
    assert [a.description for a in actions] == ["Check the release address", "Tell the school"]
    assert plan.new_description.text() == "" and plan.new_description.hasFocus()


def test_tab_reaches_every_field_of_the_risk_page(qtbot, desk) -> None:
    """Tab from the first field passes through the level, rationale, notes and completed mark (no tab typed)."""
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    page = desk.page_for(AgendaItem.RISK_ASSESSMENT)
    visited = []
    for _ in range(12):
        visited.append(QApplication.focusWidget())
        press(qtbot, desk, Qt.Key.Key_Tab)
    for widget in (page.texts["dynamic_factors"], page.texts["who_is_at_risk"], page.level, page.rationale):
        assert widget in visited
    assert page.notes in visited and page.completed_box in visited
    assert "\t" not in page.rationale.toPlainText()


def test_tab_walks_the_quick_add_row_in_order(qtbot, desk) -> None:
    """Description, owner, due date: Tab follows the order the chair fills them in."""
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    plan = desk.page_for(AgendaItem.ACTION_PLAN)
    press(qtbot, desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.new_owner
    press(qtbot, desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.new_due


def test_typing_is_saved_after_the_debounce_without_leaving_the_field(qtbot, desk) -> None:
    """Text waits for the debounce (not saved at each key), then reaches the store on its own."""
    press(qtbot, desk, Qt.Key.Key_1, ALT)
    page = desk.page_for(AgendaItem.INTRODUCTIONS)
    assert page.notes.hasFocus()
    type_text(qtbot, desk, "Zoë Ó Briain joined by phone.")
    assert desk.saver.has_pending()
    assert load_snapshot(desk.store, desk.conference_id).note(AgendaItem.INTRODUCTIONS).notes == ""
    qtbot.waitUntil(lambda: not desk.saver.has_pending(), timeout=DEBOUNCE_MS * 5)
    assert page.notes.hasFocus()
    stored = load_snapshot(desk.store, desk.conference_id).note(AgendaItem.INTRODUCTIONS).notes
    assert stored == "Zoë Ó Briain joined by phone."


def test_closing_mid_edit_loses_nothing(qtbot, store, conference_id) -> None:
    """Type the rationale, close the desk before the debounce fires, reopen: the text is there."""
    desk = ChairDesk(store, conference_id)
    qtbot.addWidget(desk)
    _show(qtbot, desk)
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    page = desk.page_for(AgendaItem.RISK_ASSESSMENT)
    click_into(qtbot, page.rationale)
    type_text(qtbot, desk, "Static high; dynamic factors present")
    assert desk.saver.has_pending()
    desk.close()
    reopened = ChairDesk(store, conference_id)
    qtbot.addWidget(reopened)
    reopened.go_to(AgendaItem.RISK_ASSESSMENT.number)
    assert (
        reopened.page_for(AgendaItem.RISK_ASSESSMENT).rationale.toPlainText() == "Static high; dynamic factors present"
    )


def test_deleting_the_desk_mid_edit_loses_nothing(qtbot, store, conference_id) -> None:
    """The desk is destroyed (not closed) mid-sentence: the pending text is still written."""
    desk = _show(qtbot, ChairDesk(store, conference_id))
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    assert page.notes.hasFocus()
    type_text(qtbot, desk, "Łukasz to book the room")
    assert desk.saver.has_pending()
    desk.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert load_snapshot(store, conference_id).note(AgendaItem.NEXT_MEETING).notes == "Łukasz to book the room"


def test_completeness_panel_lists_missing_things_and_leads_to_the_item(qtbot, desk) -> None:
    """An action without owner or date, no next date, no rationale, empty victims, under-18 without C&F."""
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    type_text(qtbot, desk, "Visit weekly")
    press(qtbot, desk, Qt.Key.Key_Return)
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    panel = desk.closing
    assert desk.current_index() == 10 and panel.close_button.text() == "Close meeting anyway"
    shown = [panel.findings_list.item(row).text() for row in range(panel.findings_list.count())]
    for expected in (
        "Action 1 has no owner.",
        "Action 1 has no due date.",
        "No next meeting date, and no reason for not reconvening.",
        "The agreed level of risk has no rationale.",
        "Victim issues are empty.",
        "The subject is under 18 but children & families social work is not invited.",
    ):
        assert any(expected in line for line in shown), expected
    row = next(i for i, line in enumerate(shown) if "Victim issues are empty." in line)
    item_rect = panel.findings_list.visualItemRect(panel.findings_list.item(row))
    qtbot.mouseClick(panel.findings_list.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    assert panel.findings_list.hasFocus() and panel.findings_list.currentRow() == row
    assert desk.current_index() == 10, "a click only selects the finding; Return goes to it"
    press(qtbot, desk, Qt.Key.Key_Return)
    assert desk.current_index() == AgendaItem.VICTIM_ISSUES.number


def test_undo_within_a_field_is_saved_too(qtbot, desk) -> None:
    """Ctrl+Z in a notes box takes back the typing, and the store follows the undone text."""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    page = desk.page_for(AgendaItem.PURPOSE)
    assert page.notes.hasFocus()  # Alt+4 puts the cursor in the item's notes
    type_text(qtbot, desk, "Wrong case")
    desk.save_now()
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert page.notes.toPlainText() == ""
    desk.close()
    assert load_snapshot(desk.store, desk.conference_id).note(AgendaItem.PURPOSE).notes == ""
