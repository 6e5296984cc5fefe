"""Nothing destructive is one key: removals and lifted restrictions undo from the bar or Ctrl+Z, driven by keys."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton
from sqlalchemy import select

from solodesk.models import AgendaItem, AuditEvent
from solodesk.services.chair_view import load_snapshot
from solodesk.ui.chair import ChairDesk
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.qt_keys import choose, click_into, named, press, tab_to, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NIECE = "Girl aged 9, Zoë's niece"


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


def _victims(desk: ChairDesk):
    return load_snapshot(desk.store, desk.conference_id).victims


def _add_victim_by_keyboard(qtbot, desk: ChairDesk, description: str) -> None:
    """Alt+5, Space on "Add known victim", then type the description where the cursor lands."""
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    tab_to(qtbot, page.add_known)
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(desk.focusWidget(), QLineEdit))
    type_text(qtbot, desk, description)


def _press_space_on(qtbot, widget) -> None:
    tab_to(qtbot, widget)
    press(qtbot, widget, Qt.Key.Key_Space)


def test_removed_victim_comes_back_with_ctrl_z(qtbot, desk) -> None:
    """Space on Remove: the victim goes, the bar says so; Ctrl+Z brings it back with its text, all audited by id."""
    _add_victim_by_keyboard(qtbot, desk, NIECE)
    _press_space_on(qtbot, named(desk, QPushButton, "Remove victim 1"))
    assert _victims(desk) == []
    assert desk.removal_bar.isVisible() and desk.removal_bar.message() == "Removed victim 1 — Undo"
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert [v.description for v in _victims(desk)] == [NIECE]
    qtbot.waitUntil(lambda: named(desk, QLineEdit, "Victim 1: description").text() == NIECE)
    assert not desk.removal_bar.isVisible()
    with desk.store.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action.like("chair.victim.%"))).all()
        trail = [(e.action, e.detail) for e in events]
    victim_id = _victims(desk)[0].id
    assert ("chair.victim.removed", f"victim={victim_id}") in trail
    assert ("chair.victim.restored", f"victim={victim_id}") in trail
    assert not any("Zoë" in detail or "niece" in detail for _action, detail in trail)


def test_unticking_restricted_with_space_offers_undo(qtbot, desk) -> None:
    """Space on a victim's "Restricted" tick lifts the restriction at once; the bar's Ctrl+Z puts it back."""
    _add_victim_by_keyboard(qtbot, desk, NIECE)
    _press_space_on(qtbot, named(desk, QCheckBox, "Victim 1: restricted"))
    assert _victims(desk)[0].restricted is False
    assert desk.removal_bar.message() == "Restriction lifted on victim 1 — Undo"
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert _victims(desk)[0].restricted is True
    qtbot.waitUntil(lambda: named(desk, QCheckBox, "Victim 1: restricted").isChecked())
    assert desk.removal_bar.message() == ""


def test_ctrl_z_in_a_text_field_undoes_typing_not_the_removal(qtbot, desk) -> None:
    """With the bar showing, Ctrl+Z inside a text field is that field's own undo; the bar's button still works."""
    _add_victim_by_keyboard(qtbot, desk, NIECE)
    _press_space_on(qtbot, named(desk, QPushButton, "Remove victim 1"))
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    click_into(qtbot, page.notes)
    type_text(qtbot, desk, "Discussed")
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert _victims(desk) == [] and desk.removal_bar.message() == "Removed victim 1 — Undo"
    qtbot.mouseClick(desk.removal_bar.undo_button, Qt.MouseButton.LeftButton)
    assert [v.description for v in _victims(desk)] == [NIECE]


def test_several_removals_undo_newest_first(qtbot, desk) -> None:
    """Two actions removed one after the other come back in reverse order, one Ctrl+Z each."""
    for text in ("Check the release address", "Tell the school"):
        press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
        type_text(qtbot, desk, text)
        press(qtbot, desk, Qt.Key.Key_Return)
    _press_space_on(qtbot, named(desk, QPushButton, "Remove action 2"))
    _press_space_on(qtbot, named(desk, QPushButton, "Remove action 1"))
    assert load_snapshot(desk.store, desk.conference_id).actions == []
    assert desk.removal_bar.message() == "Removed action 1 — Undo  (1 more)"
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert [a.description for a in load_snapshot(desk.store, desk.conference_id).actions] == [
        "Check the release address"
    ]
    assert desk.removal_bar.message() == "Removed action 2 — Undo"
    assert desk.removal_bar.undo_button.hasFocus()  # the bar takes the focus: Ctrl+Z is outside any text field
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert [a.description for a in load_snapshot(desk.store, desk.conference_id).actions] == [
        "Check the release address",
        "Tell the school",
    ]


def test_a_new_action_starts_with_no_owner(qtbot, desk) -> None:
    """After adding an action for DS Ó Briain, the next action's owner, agency, due date and area are empty again."""
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    plan = desk.page_for(AgendaItem.ACTION_PLAN)
    type_text(qtbot, desk, "Home visit")
    choose(qtbot, named(desk, QComboBox, "New action owner"), "DS Zoë Ó Briain (not present)")
    assert plan.new_agency.text() == "Agency: Police Scotland OMU"
    click_into(qtbot, plan.new_due)
    type_text(qtbot, desk, "01/10/2026")
    click_into(qtbot, plan.new_description)
    press(qtbot, desk, Qt.Key.Key_Return)
    added = load_snapshot(desk.store, desk.conference_id).actions
    assert [(a.description, a.owner_name, a.due_date) for a in added] == [
        ("Home visit", "DS Zoë Ó Briain", date(2026, 10, 1))
    ]
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    owner = named(desk, QComboBox, "New action owner")
    assert owner.currentText() == "— no owner —"
    assert plan.new_agency.text() == "Agency: —"
    assert plan.new_due.text() == "" and plan.new_description.text() == ""
    type_text(qtbot, desk, "Tell the school")
    press(qtbot, desk, Qt.Key.Key_Return)
    second = load_snapshot(desk.store, desk.conference_id).actions[1]
    assert (second.description, second.owner_name, second.agency_name) == ("Tell the school", "", "")


def test_hiding_the_desk_forgets_the_removals(qtbot, desk) -> None:
    """Undo is for the moment: once the desk is hidden (lock, leaving chair mode) the bar is gone, Ctrl+Z inert."""
    _add_victim_by_keyboard(qtbot, desk, NIECE)
    _press_space_on(qtbot, named(desk, QPushButton, "Remove victim 1"))
    desk.hide()
    desk.show()
    qtbot.waitExposed(desk)
    assert not desk.removal_bar.isVisible() and desk.removal_bar.message() == ""
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert _victims(desk) == []
