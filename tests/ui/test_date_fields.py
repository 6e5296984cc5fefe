"""Dates and times typed into the real forms, key by key, saved, and read back from the store."""

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from solodesk.models import AgendaItem, Conference, Subject
from solodesk.services import preparation
from solodesk.services.chair_view import load_snapshot
from solodesk.services.subjects import load_subject_view
from solodesk.ui.chair import ChairDesk, ConveneDialog
from solodesk.ui.date_fields import DATE_PLACEHOLDER
from solodesk.ui.packs import CasePreparationPanel
from solodesk.ui.register.subject_dialog import SubjectDialog
from tests.helpers.chair_scenario import convene_leon, seed_leon
from tests.helpers.qt_keys import choose, click_tab, press

TAB = Qt.Key.Key_Tab
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
DATE_FORMS = ["22/07/1985", "22/7/85", "1985-07-22", "22.07.1985", "22 Jul 1985", "22 July 1985"]


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def _focused():
    return QApplication.focusWidget()


def _tab_to(qtbot, widget) -> None:
    """Press Tab from the focused field until ``widget`` has the focus (as a person tabbing through the form)."""
    for _ in range(30):
        if _focused() is widget:
            return
        qtbot.keyClick(_focused(), TAB)
    raise AssertionError(f"Tab never reached {widget.accessibleName()!r}")


def _new_case_to_date_of_birth(qtbot, store) -> SubjectDialog:
    dialog = _show(qtbot, SubjectDialog(store))
    qtbot.mouseClick(dialog.forenames, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.forenames, "Marcus")
    qtbot.keyClick(dialog.forenames, TAB)
    qtbot.keyClicks(dialog.surname, "Leon")
    _tab_to(qtbot, dialog.date_of_birth)
    return dialog


@pytest.mark.parametrize("typed", DATE_FORMS)
def test_date_of_birth_typed_in_each_usual_form_is_saved(qtbot, store, typed: str) -> None:
    """Tabbing in shows an empty "not known" field; the typed date is saved whichever way it is written."""
    dialog = _new_case_to_date_of_birth(qtbot, store)
    field = dialog.date_of_birth
    assert field.text() == "" and field.placeholderText() == DATE_PLACEHOLDER
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, TAB)
    assert _focused() is dialog.gender, "Tab leaves the date field"
    assert field.text() == "22/07/1985", "the date is shown as it was understood"
    qtbot.keyClick(dialog.gender, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert load_subject_view(store, dialog.subject_id).form.date_of_birth == date(1985, 7, 22)


def test_invalid_date_keeps_its_text_and_says_why_and_is_never_saved(qtbot, store) -> None:
    """31/02: Tab still leaves, the words stay with the reason, Save refuses, nothing is stored."""
    scenario = seed_leon(store, born=date(1979, 4, 2))
    dialog = _show(qtbot, SubjectDialog(store, scenario.subject_id))
    field = dialog.date_of_birth
    qtbot.mouseClick(dialog.aliases, Qt.MouseButton.LeftButton)
    _tab_to(qtbot, field)
    assert field.text() == "02/04/1979"
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "31/02/1985")
    qtbot.keyClick(field, TAB)
    assert _focused() is dialog.gender
    assert field.text() == "31/02/1985"
    assert dialog.date_of_birth_hint.isVisible()
    assert "February 1985 has 28 days" in dialog.date_of_birth_hint.text()
    assert "February 1985 has 28 days" in field.toolTip() and "a31515" in field.styleSheet()
    qtbot.keyClick(dialog.gender, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "Date of birth" in dialog.error_label.text() and "28 days" in dialog.error_label.text()
    assert _focused() is field, "the cursor goes back to the date to fix it"
    assert load_subject_view(store, scenario.subject_id).form.date_of_birth == date(1979, 4, 2)
    # Fixing the text clears the warning as it is typed.
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "6")
    qtbot.keyClick(field, Qt.Key.Key_Home)
    for _ in range(2):
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, "28")
    assert field.text() == "28/02/1986" and not dialog.date_of_birth_hint.isVisible() and field.toolTip() == ""
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_subject_view(store, scenario.subject_id).form.date_of_birth == date(1986, 2, 28)


def test_delete_clears_a_date_to_not_known(qtbot, store) -> None:
    """Select the date, Delete: the field is empty ("not known") and the store forgets the date."""
    scenario = seed_leon(store, born=date(1979, 4, 2))
    dialog = _show(qtbot, SubjectDialog(store, scenario.subject_id))
    qtbot.mouseClick(dialog.aliases, Qt.MouseButton.LeftButton)
    _tab_to(qtbot, dialog.date_of_birth)
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_Up)  # once turned the date to 01/01/1900
    qtbot.keyClick(dialog.date_of_birth, TAB)
    assert dialog.date_of_birth.text() == "" and dialog.date_of_birth.placeholderText() == DATE_PLACEHOLDER
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_subject_view(store, scenario.subject_id).form.date_of_birth is None


def test_future_date_of_birth_is_refused(qtbot, store) -> None:
    """A date of birth cannot be later than today; two-digit years are read as past years."""
    dialog = _new_case_to_date_of_birth(qtbot, store)
    qtbot.keyClicks(dialog.date_of_birth, f"1/1/{date.today().year + 1}")
    qtbot.keyClick(dialog.date_of_birth, TAB)
    assert "in the future" in dialog.date_of_birth_hint.text()
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.subject_id is None
    with store.session() as session:
        assert session.query(Subject).count() == 0


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    conference_id = convene_leon(store, date(2010, 3, 1), "Room 3.12", "Concern.", ("Margaret Nicolson",))
    widget = ChairDesk(store, conference_id)
    widget.resize(1366, 768)
    return _show(qtbot, widget)


@pytest.mark.parametrize(
    ("typed_date", "typed_time", "expected_time"),
    [
        ("14/12/2026", "9:30", time(9, 30)),
        ("14/12/26", "09:30", time(9, 30)),
        ("2026-12-14", "930", time(9, 30)),
        ("14.12.2026", "9.30", time(9, 30)),
        ("14 Dec 2026", "2pm", time(14, 0)),
        ("14 December 2026", "14:00", time(14, 0)),
    ],
)
def test_next_meeting_date_and_time_typed_in_chair_mode_are_saved(
    qtbot, store, desk, typed_date: str, typed_time: str, expected_time: time
) -> None:
    """Item 8: type the next date, Tab, type the time, Tab — both reach the store as typed."""
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    qtbot.mouseClick(page.next_date, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.next_date, typed_date)
    _tab_to(qtbot, page.next_time)
    qtbot.keyClicks(page.next_time, typed_time)
    qtbot.keyClick(page.next_time, TAB)
    assert page.next_date.text() == "14/12/2026"
    qtbot.waitUntil(lambda: not desk.saver.has_pending())
    snap = load_snapshot(store, desk.conference_id)
    assert (snap.next_date, snap.next_time) == (date(2026, 12, 14), expected_time)


def test_half_typed_or_invalid_chair_date_never_reaches_the_store(qtbot, store, desk) -> None:
    """A saved date stays while the text is being changed into something that is not a date."""
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    qtbot.mouseClick(page.next_date, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.next_date, "14/12/2026")
    qtbot.keyClick(page.next_date, TAB)
    qtbot.waitUntil(lambda: load_snapshot(store, desk.conference_id).next_date == date(2026, 12, 14))
    qtbot.mouseClick(page.next_date, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.next_date, Qt.Key.Key_End)
    for _ in range(2):
        qtbot.keyClick(page.next_date, Qt.Key.Key_Backspace)  # "14/12/20": 2020 is not what is meant
    assert load_snapshot(store, desk.conference_id).next_date == date(2026, 12, 14), "not saved while typing"
    press(qtbot, desk, Qt.Key.Key_7, ALT)  # leaving the field saves what it holds
    qtbot.waitUntil(lambda: not desk.saver.has_pending())
    assert load_snapshot(store, desk.conference_id).next_date == date(2020, 12, 14), "left as 14/12/20"
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    qtbot.mouseClick(page.next_date, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.next_date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(page.next_date, "31/11/2026")
    qtbot.keyClick(page.next_date, TAB)
    assert page.next_date.text() == "31/11/2026" and "November 2026 has 30 days" in page.next_date.toolTip()
    press(qtbot, desk, Qt.Key.Key_7, ALT)
    qtbot.waitUntil(lambda: not desk.saver.has_pending())
    assert load_snapshot(store, desk.conference_id).next_date == date(2020, 12, 14)
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    assert page.next_date.text() == "31/11/2026", "coming back, the words are still there to fix"
    assert "November 2026 has 30 days" in page.next_date.toolTip()


def test_every_date_field_is_the_typed_one() -> None:
    """No calendar spin box is left anywhere in the UI (they swallowed typing and Tab)."""
    import pathlib

    import solodesk.ui

    root = pathlib.Path(solodesk.ui.__file__).parent
    offenders = [p.name for p in root.rglob("*.py") if "QDateEdit" in p.read_text() or "QTimeEdit" in p.read_text()]
    assert offenders == []


def test_convene_dialog_takes_typed_date_and_time_and_refuses_an_impossible_time(qtbot, store) -> None:
    """Convening: "14 Dec 26" and "25:00" — OK says why; "2pm" then convenes for 14:00 on 14/12/2026."""
    scenario = seed_leon(store)
    dialog = _show(qtbot, ConveneDialog(store, scenario.subject_id))
    qtbot.mouseClick(dialog.meeting_date, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.meeting_date, "14 Dec 26")
    qtbot.keyClick(dialog.meeting_date, TAB)
    _tab_to(qtbot, dialog.meeting_time)
    qtbot.keyClicks(dialog.meeting_time, "25:00")
    qtbot.keyClick(dialog.meeting_time, TAB)
    assert dialog.meeting_time.text() == "25:00" and "There is no hour 25" in dialog.meeting_time.toolTip()
    choose(qtbot, dialog.chair, dialog.chair.itemText(dialog.chair.findData(scenario.contacts["Margaret Nicolson"])))
    qtbot.keyClicks(dialog.reasons_other, "Review after release.")
    qtbot.keyClicks(dialog.venue, "Room 3.12")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "There is no hour 25" in dialog.error_label.text()
    with store.session() as session:
        assert session.query(Conference).count() == 0
    qtbot.mouseClick(dialog.meeting_time, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.meeting_time, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.meeting_time, "2pm")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    snap = load_snapshot(store, dialog.conference_id)
    assert (snap.meeting_date, snap.meeting_time) == (date(2026, 12, 14), time(14, 0))


def test_preparation_panel_dates_are_typed_and_a_bad_one_blocks_the_add(qtbot, store) -> None:
    """A note dated "3 Mar 2026" is saved with that date; "30/02/2026" keeps the note unsaved, with the reason."""
    scenario = seed_leon(store)
    panel = _show(qtbot, CasePreparationPanel(store, scenario.subject_id))
    click_tab(qtbot, panel.tabs, "Background & chronology")
    qtbot.mouseClick(panel.notes_tab.note_date, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.notes_tab.note_date, "30/02/2026")
    qtbot.keyClick(panel.notes_tab.note_date, TAB)
    qtbot.keyClicks(panel.notes_tab.note_text, "Seen at the bus station.")
    qtbot.mouseClick(panel.notes_tab.add_note_button, Qt.MouseButton.LeftButton)
    assert "February 2026 has 28 days" in panel.notes_tab.note_date.toolTip()
    assert not preparation.load_preparation(store, scenario.subject_id).notes
    assert panel.notes_tab.note_text.toPlainText() == "Seen at the bus station.", "nothing typed is lost"
    qtbot.mouseClick(panel.notes_tab.note_date, Qt.MouseButton.LeftButton)
    qtbot.keyClick(panel.notes_tab.note_date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(panel.notes_tab.note_date, "3 Mar 2026")
    qtbot.mouseClick(panel.notes_tab.add_note_button, Qt.MouseButton.LeftButton)
    notes = preparation.load_preparation(store, scenario.subject_id).notes
    assert [(n.text, n.happened_on) for n in notes] == [("Seen at the bus station.", date(2026, 3, 3))]
