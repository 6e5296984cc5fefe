"""Audiences set from the keyboard: the chair's "who may see it?" checklist and the clearance matrix."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPushButton
from sqlalchemy import select

from solodesk.models import AgencyKind, AgendaItem, MinuteIssue
from solodesk.services import clearance, minute_issue
from solodesk.services.audience import Audience
from solodesk.services.chair_view import load_snapshot
from solodesk.services.minute_issue import issue_info
from solodesk.ui import prompts
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.audience_dialog import AudienceDialog
from solodesk.ui.minutes import AmendmentDialog, CirculateDialog
from solodesk.ui.minutes.clearance_matrix import ClearanceMatrixDialog, ReasonDialog
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.minutes import demo_conference
from tests.helpers.qt_keys import arrow_to_cell, click_into, named, press, show_active, tab_to, type_text

ALT = Qt.KeyboardModifier.AltModifier
POLICE, FAMILIES = AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    conference_id = convene_leon(
        store, date(2010, 3, 1), "Room 3.12", "Concern about behaviour.", ("Margaret Nicolson", "DS Zoë Ó Briain")
    )
    widget = ChairDesk(store, conference_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def _add_victim(qtbot, desk: ChairDesk, description: str) -> None:
    desk.activateWindow()  # back from an earlier checklist window (offscreen, nothing hands activation back)
    qtbot.waitUntil(desk.isActiveWindow)
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    tab_to(qtbot, page.add_known)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(desk.focusWidget(), QLineEdit))
    type_text(qtbot, desk, description)


def _restrict_again(qtbot, desk: ChairDesk, number: int) -> AudienceDialog:
    """Space twice on the victim's Restricted tick (lift, then restrict); return the checklist that opens."""
    desk.activateWindow()  # back from an earlier checklist window
    qtbot.waitActive(desk)
    box = named(desk, QCheckBox, f"Victim {number}: restricted")
    tab_to(qtbot, box)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not named(desk, QCheckBox, f"Victim {number}: restricted").isChecked())
    box = named(desk, QCheckBox, f"Victim {number}: restricted")
    tab_to(qtbot, box)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.checklist.hasFocus)
    return dialog


def _audience(desk: ChairDesk, number: int) -> Audience:
    victim = load_snapshot(desk.store, desk.conference_id).victims[number - 1]
    return clearance.audience_of(desk.store, f"victim:{victim.id}")


def test_restricting_asks_who_may_see_it_and_remembers_the_kinds(qtbot, desk) -> None:
    """Space ticks police, Down Down Space children & families, Enter saves; the next item starts with both ticked."""
    _add_victim(qtbot, desk, "Girl aged 9, Zoë's niece")
    dialog = _restrict_again(qtbot, desk, 1)
    assert "Chair only" in [b.text() for b in dialog.findChildren(QPushButton)]
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    assert dialog.summary.text() == "Restricted — police, children & families and chair only"
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _audience(desk, 1) == Audience(kinds=frozenset({POLICE, FAMILIES}))
    assert load_snapshot(desk.store, desk.conference_id).victims[0].restricted
    _add_victim(qtbot, desk, "Boy aged 7, neighbour")
    second = _restrict_again(qtbot, desk, 2)
    assert second.summary.text() == "Restricted — police, children & families and chair only"  # remembered
    qtbot.keyClick(second.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not second.isVisible())
    assert _audience(desk, 2) == Audience(kinds=frozenset({POLICE, FAMILIES}))


def test_escape_leaves_a_new_restriction_for_the_chair_alone(qtbot, desk) -> None:
    """Escape closes the checklist without naming anyone: the item stays restricted, to the chair alone."""
    _add_victim(qtbot, desk, "Girl aged 9, Zoë's niece")
    dialog = _restrict_again(qtbot, desk, 1)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _audience(desk, 1) == Audience()
    assert load_snapshot(desk.store, desk.conference_id).victims[0].restricted


def test_matrix_withholds_with_a_reason_and_gives_back_with_space(qtbot, store, monkeypatch) -> None:
    """From the circulate dialog: Space on a ticked cell asks the reason and withholds; Space again gives it back."""
    conference_id = demo_conference(store)
    circulate = CirculateDialog(store, conference_id)
    qtbot.addWidget(circulate)
    show_active(qtbot, circulate)
    tab_to(qtbot, circulate.matrix_button)
    press(qtbot, circulate, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ClearanceMatrixDialog))
    matrix = QApplication.activeModalWidget()
    assert "come in 5 different content(s)" in matrix.summary.text()
    names = [r.name for r in matrix.matrix.recipients]
    labels = [i.label for i in matrix.matrix.items]
    row, column = names.index("DS Zoë Ó Briain"), labels.index("Victim 2")
    assert matrix.table.item(row, column).checkState() == Qt.CheckState.Checked
    tab_to(qtbot, matrix.table)
    arrow_to_cell(qtbot, matrix.table, row, column)
    qtbot.keyClick(matrix.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ReasonDialog))
    ask = QApplication.activeModalWidget()
    qtbot.waitUntil(ask.edit.hasFocus)
    type_text(qtbot, ask.edit, "Police hold the address already.")
    qtbot.keyClick(ask.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: matrix.table.item(row, column).checkState() == Qt.CheckState.Unchecked)
    assert matrix.reason_label.text() == "Withheld because: Police hold the address already."
    assert matrix.reason_at(row, column) == "Police hold the address already."
    qtbot.keyClick(matrix.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: matrix.table.item(row, column).checkState() == Qt.CheckState.Checked)
    assert matrix.reason_label.text() == ""
    chair = names.index("Margaret Nicolson")
    assert not matrix.table.item(chair, column).flags() & Qt.ItemFlag.ItemIsUserCheckable
    qtbot.keyClick(matrix, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not matrix.isVisible())


def test_an_amendment_about_a_restricted_item_reaches_its_audience(qtbot, store, monkeypatch) -> None:
    """Typed in the amendments dialog with 'Concerns: Victim 2' chosen by keys, v2's line reaches victim 2's readers."""
    monkeypatch.setattr(prompts, "info", lambda *_a: None)
    conference_id = demo_conference(store)
    minute_issue.issue_minute(store, conference_id)
    dialog = AmendmentDialog(store, conference_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    click_into(qtbot, dialog.request_edit)
    type_text(qtbot, dialog.request_edit, "Victim 2 moved to Leith Walk.")
    click_into(qtbot, dialog.requested_by)
    type_text(qtbot, dialog.requested_by, "Nguyễn Thị Mai")
    tab_to(qtbot, dialog.concerns_box)
    labels = [dialog.concerns_box.itemText(i) for i in range(dialog.concerns_box.count())]
    for _ in range(next(n for n, text in enumerate(labels) if text.startswith("Victim 2 "))):
        qtbot.keyClick(dialog.concerns_box, Qt.Key.Key_Down)
    assert dialog.concerns_box.currentText() == "Victim 2 (restricted — police, children & families and chair only)"
    tab_to(qtbot, dialog.add_button)
    press(qtbot, dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    tab_to(qtbot, dialog.agree_button)
    press(qtbot, dialog, Qt.Key.Key_Space)
    summary = minute_issue.reissue(store, conference_id)
    recipients = {r.name: r.number for r in minute_issue.issue_recipients(store, conference_id)}
    with store.session() as session:
        line = issue_info(session.scalars(select(MinuteIssue).where(MinuteIssue.version == 2)).one()).amendments[0]
    assert summary.restricted_amendments == 1 and line.restricted
    readers = {name for name, number in recipients.items() if number in line.readers}
    assert readers == {"Margaret Nicolson", "DS Zoë Ó Briain", "Nguyễn Thị Mai"}


def test_who_may_see_it_buttons_set_a_victim_and_the_restricted_notes(qtbot, desk) -> None:
    """Space on "Who may see it…" of a victim, or of the restricted notes, opens the checklist; Enter saves."""
    _add_victim(qtbot, desk, "Girl aged 9, Zoë's niece")
    button = named(desk, QPushButton, "Victim 1: who may see it")
    tab_to(qtbot, button)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _audience(desk, 1) == Audience(kinds=frozenset({FAMILIES}))
    desk.activateWindow()
    qtbot.waitActive(desk)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    tab_to(qtbot, page.audience_button)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    notes = QApplication.activeModalWidget()
    assert notes.summary.text() == "Restricted — children & families and chair only"  # the kinds chosen last
    qtbot.keyClick(notes.checklist, Qt.Key.Key_Space)  # and police
    qtbot.keyClick(notes.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not notes.isVisible())
    key = clearance.note_key(desk.store, desk.conference_id, AgendaItem.VICTIM_ISSUES)
    assert clearance.audience_of(desk.store, key) == Audience(kinds=frozenset({POLICE, FAMILIES}))


def test_an_action_about_the_associate_can_be_restricted_to_the_police(qtbot, desk) -> None:
    """Ctrl+Shift+A, type, Enter adds an action; Space on its Restricted tick asks who; Space, Enter: police only."""
    press(qtbot, desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    page = desk.page_for(AgendaItem.ACTION_PLAN)
    qtbot.waitUntil(page.new_description.hasFocus)
    type_text(qtbot, page.new_description, "Check the associate's visits to the hostel weekly.")
    qtbot.keyClick(page.new_description, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: load_snapshot(desk.store, desk.conference_id).actions != [])
    tick = named(desk, QCheckBox, "Action 1: restricted")
    assert not tick.isChecked()
    tab_to(qtbot, tick)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    action = load_snapshot(desk.store, desk.conference_id).actions[0]
    assert action.restricted
    assert clearance.audience_of(desk.store, f"action:{action.id}") == Audience(kinds=frozenset({POLICE}))
