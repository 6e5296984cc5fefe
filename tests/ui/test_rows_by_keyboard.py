"""Existing rows edited from the keyboard: arrows reach a row, Enter or F2 edits it, Escape leaves it as it was.

Every key goes through the window to whatever has the focus at that moment, as
a keyboard's keys do; what was saved is read back from the store.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QRadioButton, QWidget

from solodesk.models import AgendaItem, Attendance, Conference, ConferenceType
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.services.directory import list_contacts
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.fields import FOCUS_COLOUR
from solodesk.ui.chair.rows import RowFrame
from tests.conftest import PASSPHRASE
from tests.helpers.chair_keys import ALT, CTRL, by_name, focused, keyboard, open_desk_with_apologies, tab_until
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


def test_in_the_window_arrows_and_f2_edit_an_existing_action_and_it_is_saved(qtbot, store) -> None:
    """Register, case, Conferences tab, Enter: chair mode; Alt+7, Down Down, F2, type, Enter; reopened, it is there."""
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


# Escape ------------------------------------------------------------------------------------------


def test_escape_puts_the_text_back_even_after_autosave_and_returns_to_the_row(qtbot, demo_desk) -> None:
    """Enter on action 1, type, wait until it is saved, Escape: the field, the store and the focus are as before."""
    desk = demo_desk
    before = _saved(desk).actions[0]
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    press(qtbot, desk, Qt.Key.Key_Down)
    row = _on_row("Action 1")
    press(qtbot, desk, Qt.Key.Key_Return)
    field = focused()
    assert isinstance(field, QLineEdit) and field.accessibleName() == "Action 1 description"
    keyboard(qtbot, desk, " NOT MEANT")
    qtbot.waitUntil(lambda: load_snapshot(desk.store, desk.conference_id).actions[0].description.endswith("MEANT"))
    press(qtbot, desk, Qt.Key.Key_Escape)
    assert focused() is row
    assert field.text() == before.description
    assert _saved(desk).actions[0] == before
    # Escape at once, before any save: nothing changes either.
    press(qtbot, desk, Qt.Key.Key_F2)
    keyboard(qtbot, desk, "xyz")
    press(qtbot, desk, Qt.Key.Key_Escape)
    assert focused() is row and field.text() == before.description
    assert _saved(desk).actions[0] == before


def test_escape_puts_back_only_this_visit_to_the_field(qtbot, demo_desk) -> None:
    """A change kept with Enter stays when a later edit of the same field is cancelled with Escape."""
    desk = demo_desk
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    for _ in range(2):
        press(qtbot, desk, Qt.Key.Key_Down)
    _on_row("Action 2")
    kept = _saved(desk).actions[1].description + " (kept)"
    press(qtbot, desk, Qt.Key.Key_F2)
    keyboard(qtbot, desk, " (kept)")
    press(qtbot, desk, Qt.Key.Key_Return)
    press(qtbot, desk, Qt.Key.Key_F2)
    keyboard(qtbot, desk, " (dropped)")
    press(qtbot, desk, Qt.Key.Key_Escape)
    _on_row("Action 2")
    assert _saved(desk).actions[1].description == kept


# Moving between rows -----------------------------------------------------------------------------


def test_up_and_down_move_row_by_row_and_stay_within_the_list(qtbot, demo_desk) -> None:
    """Down from the new action goes through the actions and stops at the last; Up goes back to the first."""
    desk = demo_desk
    count = len(_saved(desk).actions)
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    for number in range(1, count + 1):
        press(qtbot, desk, Qt.Key.Key_Down)
        _on_row(f"Action {number}")
    press(qtbot, desk, Qt.Key.Key_Down)
    _on_row(f"Action {count}")
    for _ in range(count + 1):
        press(qtbot, desk, Qt.Key.Key_Up)
    _on_row("Action 1")
    # From inside a row's field, Down goes to the next row (what was typed is kept).
    press(qtbot, desk, Qt.Key.Key_F2)
    keyboard(qtbot, desk, "!")
    press(qtbot, desk, Qt.Key.Key_Down)
    _on_row("Action 2")
    assert _saved(desk).actions[0].description.endswith("!")


def test_rows_are_not_tab_stops(qtbot, demo_desk) -> None:
    """Tab still goes field by field: from a row, Tab goes into the fields, never from row to row."""
    desk = demo_desk
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    page = desk.page_for(AgendaItem.ACTION_PLAN)
    for _ in range(400):
        press(qtbot, desk, Qt.Key.Key_Tab)
        assert not isinstance(focused(), RowFrame)
        if focused() is page.new_description:
            break
    assert focused() is page.new_description


DOWN, UP, ESCAPE = Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Escape


@pytest.mark.parametrize(
    ("item", "start", "moves", "row", "field", "added"),
    [
        (AgendaItem.ACTION_PLAN, "New decision: decision", [DOWN], "Decision 1", "Decision 1: decision", " (agreed)"),
        (AgendaItem.ACTION_PLAN, "New disclosure: to whom", [DOWN], "Disclosure 1", "Disclosure 1: to whom", " + head"),
        (AgendaItem.ACTION_PLAN, "New warning sign", [UP], "Warning sign 1", "Warning sign 1", " (drink)"),
        (AgendaItem.VICTIM_ISSUES, "Victim 2: description", [ESCAPE, UP], "Victim 1", "Victim 1: description", " (2)"),
        (AgendaItem.PURPOSE, "Notification 1: from whom", [ESCAPE], "Notification 1", "Notification 1: from whom", "."),
    ],
)
def test_each_kind_of_row_is_edited_from_the_keyboard(qtbot, demo_desk, item, start, moves, row, field, added) -> None:
    """Reach the row with the arrows (or Escape from one of its fields), Enter, type, Enter: stored."""
    desk = demo_desk
    press(qtbot, desk, Qt.Key(Qt.Key.Key_0 + item.number), ALT)
    for _ in range(300):
        press(qtbot, desk, Qt.Key.Key_Tab)
        if focused().accessibleName() == start:
            break
    assert focused().accessibleName() == start
    for key in moves:
        press(qtbot, desk, key)
    if row == "Warning sign 1":
        while focused().accessibleName() != row:
            press(qtbot, desk, Qt.Key.Key_Up)  # from the add line up the list, row by row, to the first
    frame = _on_row(row)
    press(qtbot, desk, Qt.Key.Key_Return)
    edit = focused()
    assert isinstance(edit, QLineEdit) and edit.accessibleName() == field
    before = edit.text()
    keyboard(qtbot, desk, added)
    press(qtbot, desk, Qt.Key.Key_Return)
    assert focused() is frame
    snap = _saved(desk)
    stored = {
        "Decision 1": lambda: snap.decisions[0].decision,
        "Disclosure 1": lambda: snap.disclosures[0].to_whom,
        "Warning sign 1": lambda: snap.record.contingencies[0].first,
        "Victim 1": lambda: snap.victims[0].description,
        "Notification 1": lambda: snap.record.notifications[0].from_whom,
    }[row]()
    assert stored == before + added


def test_an_assessment_row_opens_at_its_tool(qtbot, demo_desk) -> None:
    """Alt+6, Shift+Tab back into the last assessment, Escape to its row, Up to assessment 1; F2 goes to its tool."""
    desk = demo_desk
    assert len(_saved(desk).assessments) >= 2
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    page = desk.page_for(AgendaItem.RISK_ASSESSMENT)
    for _ in range(60):
        press(qtbot, desk, Qt.Key.Key_Tab, SHIFT)
        rows = [r for r in page.findChildren(RowFrame) if r.accessibleName().startswith("Assessment ")]
        if any(r.isAncestorOf(focused()) for r in rows):
            break
    press(qtbot, desk, Qt.Key.Key_Escape)
    row = focused()
    assert isinstance(row, RowFrame) and row.accessibleName().startswith("Assessment ")
    for _ in range(len(_saved(desk).assessments)):
        press(qtbot, desk, Qt.Key.Key_Up)
    row = _on_row("Assessment 1")
    press(qtbot, desk, Qt.Key.Key_F2)
    tool = focused()
    assert tool is not None and "Assessment 1 tool" in (tool.accessibleName(), tool.parentWidget().accessibleName())
    press(qtbot, desk, Qt.Key.Key_Escape)
    assert focused() is row


def test_an_earlier_action_gets_its_outcome_by_arrows_and_enter(qtbot, store) -> None:
    """Item 3 of a review: Escape from a status to its row, F2, type the outcome, Enter: stored."""
    desk = _open_desk(qtbot, store, _demo_conference(store, ConferenceType.REVIEW))
    previous = _saved(desk).previous_actions
    assert previous
    press(qtbot, desk, Qt.Key.Key_3, ALT)
    for _ in range(60):
        press(qtbot, desk, Qt.Key.Key_Tab)
        if focused().accessibleName() == "Action 1 status":
            break
    press(qtbot, desk, Qt.Key.Key_Escape)
    row = _on_row("Earlier action 1")
    press(qtbot, desk, Qt.Key.Key_F2)
    assert focused().accessibleName() == "Action 1 outcome"
    keyboard(qtbot, desk, " Done")
    press(qtbot, desk, Qt.Key.Key_Return)
    assert focused() is row
    assert _saved(desk).previous_actions[0].outcome == previous[0].outcome + " Done"


# Delete ------------------------------------------------------------------------------------------


def test_delete_on_a_row_asks_first_and_can_be_undone(qtbot, demo_desk, monkeypatch) -> None:
    """Delete on victim 2: "No" keeps it; "Yes" removes it and the bar offers it back; Ctrl+Z restores it."""
    desk = demo_desk
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(prompts, "confirm", lambda _parent, title, _text: asked.append(title) or answer[0])
    victims, count = _saved(desk).victims, len(_saved(desk).actions)
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    press(qtbot, desk, Qt.Key.Key_Down)
    row = _on_row("Action 1")
    press(qtbot, desk, Qt.Key.Key_Delete)
    assert asked == ["Remove action 1"]
    assert focused() is row, 'after "No" the focus is back on the row'
    assert len(_saved(desk).actions) == count
    # Delete inside a field deletes a character, never the row.
    press(qtbot, desk, Qt.Key.Key_F2)
    press(qtbot, desk, Qt.Key.Key_Home)
    press(qtbot, desk, Qt.Key.Key_Delete)
    assert asked == ["Remove action 1"]
    press(qtbot, desk, Qt.Key.Key_Escape)

    answer[0] = True
    press(qtbot, desk, Qt.Key.Key_Down)
    _on_row("Action 2")
    second = _saved(desk).actions[1]
    press(qtbot, desk, Qt.Key.Key_Delete)
    assert asked[-1] == "Remove action 2"
    assert second.id not in [a.id for a in _saved(desk).actions]
    assert desk.removal_bar.message().startswith("Removed action 2")
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert second.id in [a.id for a in _saved(desk).actions]
    assert _saved(desk).victims == victims


# The directory of people invited (the attendees' records) ---------------------------------------------


def test_a_person_in_the_directory_is_edited_from_the_list_by_keys(qtbot, store, monkeypatch) -> None:
    """Ctrl+2, to the list, Down to a person, F2, type, Enter: saved; F2, type, Escape: as stored; Delete asks."""
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _parent, title, _text: asked.append(title) or False)
    _demo_conference(store)
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    press(qtbot, win, Qt.Key.Key_2, CTRL)
    contacts = win.workspace.contacts_view
    for _ in range(12):
        if focused() is contacts.table:
            break
        press(qtbot, win, Qt.Key.Key_Tab, SHIFT)
    assert focused() is contacts.table
    press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_Down)
    chosen = contacts.current_id
    name = contacts.name.text()
    assert chosen is not None and name

    press(qtbot, win, Qt.Key.Key_F2)
    assert focused() is contacts.name and contacts.name.cursorPosition() == len(name)
    keyboard(qtbot, contacts, " Jr")
    press(qtbot, win, Qt.Key.Key_Return)
    assert focused() is contacts.table and contacts.current_id == chosen
    stored = {c.id: c.name for c in list_contacts(win.store, include_archived=True)}
    assert stored[chosen] == name + " Jr"
    assert contacts.table.item(contacts.table.currentRow(), 0).text() == name + " Jr"

    press(qtbot, win, Qt.Key.Key_Return)
    keyboard(qtbot, contacts, "ZZZ")
    press(qtbot, win, Qt.Key.Key_Escape)
    assert focused() is contacts.table
    assert contacts.name.text() == name + " Jr"
    press(qtbot, win, Qt.Key.Key_Down)  # moving on would have saved unsaved typing: there is none
    assert {c.id: c.name for c in list_contacts(win.store, include_archived=True)}[chosen] == name + " Jr"

    press(qtbot, win, Qt.Key.Key_Delete)
    assert len(asked) == 1 and asked[0] == "Delete contact"
    assert len(list_contacts(win.store, include_archived=True)) == len(stored)
    win.lock()


# Attendance and apologies: each person's row is choices and ticks, reached by Tab ----------------------


def test_attendance_and_apologies_rows_are_changed_by_keys(qtbot, store) -> None:
    """Alt+1, Tab to DS Ó Briain's attendance, Right, Space: apologies; Alt+2, Tab to her report tick, Space: stored."""
    desk = open_desk_with_apologies(qtbot, store)
    person = "DS Zoë Ó Briain"
    press(qtbot, desk, Qt.Key.Key_1, ALT)
    tab_until(qtbot, desk, lambda w: w.accessibleName().startswith(f"{person}: ") and isinstance(w, QRadioButton))
    while focused().accessibleName() != f"{person}: {Attendance.APOLOGIES.label}":
        press(qtbot, desk, Qt.Key.Key_Right)
    press(qtbot, desk, Qt.Key.Key_Space)  # nothing was chosen yet: the arrows move, Space chooses
    assert focused().isChecked()
    press(qtbot, desk, Qt.Key.Key_2, ALT)
    tick = tab_until(qtbot, desk, by_name(f"{person}: report submitted"))
    press(qtbot, desk, Qt.Key.Key_Space)
    assert tick.isChecked()
    invitee = next(i for i in _saved(desk).invitees if i.name == person)
    assert invitee.attendance == Attendance.APOLOGIES and invitee.report_submitted
