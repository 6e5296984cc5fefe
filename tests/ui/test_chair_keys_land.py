"""Keys go where the chair sees them going: the main field, never a tick, a meeting button or nowhere.

Every scenario is driven through the window as a keyboard does: each key goes
to whatever has the focus at that moment (not to a widget the test picks), so a
key that lands on the wrong control shows up as a wrong result.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from solodesk.models import AgendaItem, Conference, ConferenceType
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.keyboard import FOCUS_COLOUR
from tests.helpers.chair_keys import (
    ALT,
    CTRL,
    CTRL_SHIFT,
    by_name,
    focused,
    keyboard,
    notes_of,
    open_desk_with_apologies,
    tab_until,
)
from tests.helpers.qt_keys import click_cell, click_tab, named, press


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    return open_desk_with_apologies(qtbot, store)


# Where keys land ------------------------------------------------------------------------------------


def test_alt_n_and_ctrl_page_keys_put_the_cursor_in_the_main_field(qtbot, desk) -> None:
    """Every agenda item opens with the cursor in its main text field, after any text already there."""
    for item in AgendaItem:
        press(qtbot, desk, Qt.Key(Qt.Key.Key_0 + item.number), ALT)
        assert focused() is desk.page_for(item).main_field(), item
    press(qtbot, desk, Qt.Key.Key_1, ALT)
    keyboard(qtbot, desk, "Introductions done.")
    for item in list(AgendaItem)[1:]:
        press(qtbot, desk, Qt.Key.Key_PageDown, CTRL)
        assert focused() is desk.page_for(item).main_field(), item
    for item in reversed(list(AgendaItem)[:-1]):
        press(qtbot, desk, Qt.Key.Key_PageUp, CTRL)
        assert focused() is desk.page_for(item).main_field(), item
    keyboard(qtbot, desk, " Agreed.")
    assert desk.page_for(AgendaItem.INTRODUCTIONS).notes.toPlainText() == "Introductions done. Agreed."


def test_alt_2_then_a_sentence_writes_it_and_never_ticks_report_submitted(qtbot, desk) -> None:
    """After Alt+2, "Apologies from Dr Raman" is text in the notes; the report tick is untouched."""
    press(qtbot, desk, Qt.Key.Key_2, ALT)
    tick = named(desk, QCheckBox, "PC Ian Reid: report submitted")
    keyboard(qtbot, desk, "Apologies from Dr Raman")
    assert desk.page_for(AgendaItem.APOLOGIES).notes.toPlainText() == "Apologies from Dr Raman"
    assert not tick.isChecked()
    # Even with the focus on the tick itself, a sentence goes to the notes and its spaces press nothing.
    tab_until(qtbot, desk, lambda w: w is tick)
    keyboard(qtbot, desk, "and PC Reid")
    assert not tick.isChecked()
    assert desk.page_for(AgendaItem.APOLOGIES).notes.toPlainText() == "Apologies from Dr Ramanand PC Reid"
    press(qtbot, desk, Qt.Key.Key_1, ALT)
    invitee = next(i for i in load_snapshot(desk.store, desk.conference_id).invitees if i.name == "PC Ian Reid")
    assert not invitee.report_submitted
    assert notes_of(desk, AgendaItem.APOLOGIES) == "Apologies from Dr Ramanand PC Reid"


def test_typing_with_the_agenda_list_focused_lands_in_the_page(qtbot, desk) -> None:
    """A sentence typed while the agenda list has the focus goes to the item's notes; the page stays put."""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    row = desk.sidebar.visualItemRect(desk.sidebar.item(4)).center()
    qtbot.mouseClick(desk.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert focused() is desk.sidebar  # clicking the item already shown leaves the focus on the list
    keyboard(qtbot, desk, "Circular 18 received")
    assert desk.current_index() == AgendaItem.PURPOSE.number
    assert desk.page_for(AgendaItem.PURPOSE).notes.toPlainText() == "Circular 18 received"
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    assert notes_of(desk, AgendaItem.PURPOSE) == "Circular 18 received"


def test_alt_3_without_a_previous_minute_still_takes_typing(qtbot, desk) -> None:
    """Item 3 of an initial conference has no minute to check, but typing lands in its notes."""
    press(qtbot, desk, Qt.Key.Key_3, ALT)
    keyboard(qtbot, desk, "No previous minute.")
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    assert notes_of(desk, AgendaItem.PREVIOUS_MINUTE) == "No previous minute."


@pytest.mark.parametrize("item", list(AgendaItem))
def test_tab_stays_on_the_page_and_skips_the_meeting_buttons(qtbot, desk, item) -> None:
    """Tab cycles through the page's own controls; "Close meeting…" and "Leave chair mode" are never stops."""
    press(qtbot, desk, Qt.Key(Qt.Key.Key_0 + item.number), ALT)
    page = desk.page_for(item)
    start = focused()
    seen = []
    for _ in range(80):
        press(qtbot, desk, Qt.Key.Key_Tab)
        seen.append(focused())
        assert seen[-1] is not None and page.isAncestorOf(seen[-1]), f"Tab left the page for {seen[-1]!r}"
        if seen[-1] is start:
            break
    assert seen[-1] is start, "Tab did not come back round"
    assert desk.close_meeting_button not in seen and desk.leave_button not in seen and desk.sidebar not in seen
    press(qtbot, desk, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is seen[-2] if len(seen) > 1 else start


def test_tab_tab_space_never_leaves_or_closes_the_meeting(qtbot, desk) -> None:
    """In the middle of adding a victim, Tab, Tab, Space, then a sentence: still on item 5, still in chair mode."""
    left = []
    desk.close_requested.connect(lambda: left.append(True))
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    tab_until(qtbot, desk, lambda w: w is page.add_known)
    press(qtbot, desk, Qt.Key.Key_Space)
    assert focused() is named(desk, QLineEdit, "Victim 1: description")
    keyboard(qtbot, desk, "Girl aged 9")
    for _ in range(2):
        press(qtbot, desk, Qt.Key.Key_Tab)
    keyboard(qtbot, desk, " Lives with her mother")
    assert desk.current_index() == AgendaItem.VICTIM_ISSUES.number and not left
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    victim = load_snapshot(desk.store, desk.conference_id).victims[0]
    assert victim.description == "Girl aged 9"
    assert "Lives with her mother" in victim.relationship + victim.where_they_live + victim.exclusion_area


def test_meeting_buttons_have_shortcuts(qtbot, desk) -> None:
    """Ctrl+Shift+E opens the closing panel and Ctrl+W leaves chair mode; neither button can take the focus."""
    left = []
    desk.close_requested.connect(lambda: left.append(True))
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    assert desk.current_index() == 10
    press(qtbot, desk, Qt.Key.Key_W, CTRL)
    assert left == [True]
    for button in (desk.close_meeting_button, desk.leave_button):
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


# Rows from the keyboard -----------------------------------------------------------------------------


def _append(qtbot, desk: ChairDesk, name: str, text: str) -> None:
    """Tab to a row's field, go to the end of its text and type more."""
    tab_until(qtbot, desk, by_name(name))
    press(qtbot, desk, Qt.Key.Key_End)
    keyboard(qtbot, desk, text)


def test_every_kind_of_row_is_reached_and_edited_from_the_keyboard(qtbot, desk) -> None:
    """Actions, decisions, disclosures, victims and assessments: added, then edited, with keys only."""
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    keyboard(qtbot, desk, "Check the address")
    press(qtbot, desk, Qt.Key.Key_Return)
    _append(qtbot, desk, "Action 1 description", " weekly")
    _append(qtbot, desk, "New decision: decision", "Refer to MAPPA level 2")
    tab_until(qtbot, desk, lambda w: w.accessibleName() == "" and getattr(w, "text", lambda: "")() == "Add decision")
    press(qtbot, desk, Qt.Key.Key_Space)
    _append(qtbot, desk, "Decision 1: reasons", "High risk of harm")
    _append(qtbot, desk, "New disclosure: to whom", "Head teacher")
    tab_until(qtbot, desk, lambda w: getattr(w, "text", lambda: "")() == "Add disclosure")
    press(qtbot, desk, Qt.Key.Key_Space)
    _append(qtbot, desk, "Disclosure 1: what", "Conditions of the licence")
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    tab_until(qtbot, desk, lambda w: w is desk.page_for(AgendaItem.VICTIM_ISSUES).add_potential)
    press(qtbot, desk, Qt.Key.Key_Space)
    keyboard(qtbot, desk, "Children at the school")
    _append(qtbot, desk, "Victim 1: safety measures", "No contact")
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    tab_until(qtbot, desk, lambda w: w is desk.page_for(AgendaItem.RISK_ASSESSMENT).add_button)
    press(qtbot, desk, Qt.Key.Key_Space)
    _append(qtbot, desk, "Assessment 1: assessor", "Dr Nolan")
    press(qtbot, desk, Qt.Key.Key_1, ALT)
    snap = load_snapshot(desk.store, desk.conference_id)
    assert [a.description for a in snap.actions] == ["Check the address weekly"]
    assert [(d.decision, d.reasons) for d in snap.decisions] == [("Refer to MAPPA level 2", "High risk of harm")]
    assert [(d.to_whom, d.what) for d in snap.disclosures] == [("Head teacher", "Conditions of the licence")]
    assert [(v.description, v.safety_measures) for v in snap.victims] == [("Children at the school", "No contact")]
    assert [a.assessor for a in snap.assessments] == ["Dr Nolan"]


# The focus ring -------------------------------------------------------------------------------------


def _shows_ring(widget: QWidget) -> bool:
    image = widget.grab().toImage()
    ring = QColor(FOCUS_COLOUR)
    edge = [(x, image.height() // 2) for x in range(0, 4)] + [(image.width() // 2, y) for y in range(0, 4)]
    # Styles blend a checked or hovered look into the edge, so "the ring colour" is allowed a little shading.
    return any(
        abs(c.red() - ring.red()) + abs(c.green() - ring.green()) + abs(c.blue() - ring.blue()) < 60
        for c in (image.pixelColor(x, y) for x, y in edge)
    )


def test_the_focused_control_shows_a_ring(qtbot, desk) -> None:
    """Notes, line edits, choices, ticks, radio buttons and buttons: a ring when focused, none otherwise."""
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    press(qtbot, desk, Qt.Key.Key_A, CTRL_SHIFT)
    plan = desk.page_for(AgendaItem.ACTION_PLAN)
    assert plan.new_owner is not None
    controls: list[tuple[int, QWidget]] = [
        (7, plan.new_description),
        (7, plan.new_owner),
        (7, plan.add_button),
        (7, plan.notes),
        (7, plan.completed_box),
        (5, desk.page_for(AgendaItem.VICTIM_ISSUES).restricted),
        (8, page.reconvene),
        (8, page.next_venue),
    ]
    for number, widget in controls:
        press(qtbot, desk, Qt.Key(Qt.Key.Key_0 + number), ALT)
        assert not _shows_ring(widget) or widget.hasFocus(), widget
        tab_until(qtbot, desk, lambda w, target=widget: w is target)
        assert _shows_ring(widget), f"no ring on {widget!r}"
        press(qtbot, desk, Qt.Key.Key_Tab)
        assert not _shows_ring(widget), f"ring stays on {widget!r}"
    assert isinstance(page.notes, QPlainTextEdit)


# Through the whole window -----------------------------------------------------------------------------


def test_in_the_main_window_alt_2_and_a_sentence_land_in_the_notes(qtbot, demo_window) -> None:
    """The demo case in the real window: Ctrl+O, Alt+2, "Apologies from Dr Raman", Tab, Tab, a sentence, Ctrl+W."""
    win = demo_window
    click_cell(qtbot, win.workspace.register_view.table, 0, 0)
    page = win.workspace.subject_page
    click_tab(qtbot, page.tabs, "Conferences")
    table = page.conference_table
    click_cell(qtbot, table, next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Initial"), 0)
    press(qtbot, win, Qt.Key.Key_O, CTRL)
    desk = win.chair_desk
    assert desk is not None and desk.isAncestorOf(focused()), "chair mode opens with the focus on its page"
    before = {i.name: i.report_submitted for i in load_snapshot(desk.store, desk.conference_id).invitees}
    notes = desk.page_for(AgendaItem.APOLOGIES).notes
    press(qtbot, win, Qt.Key.Key_2, ALT)
    stored = notes.toPlainText()
    keyboard(qtbot, desk, " Apologies from Dr Raman")
    for _ in range(2):
        press(qtbot, win, Qt.Key.Key_Tab)
    assert focused() is not notes
    keyboard(qtbot, desk, "Reports to follow.")  # Wherever Tab Tab left the focus, the sentence goes to the notes.
    assert win.chair_desk is desk and desk.current_index() == AgendaItem.APOLOGIES.number
    press(qtbot, win, Qt.Key.Key_W, CTRL)
    assert win.chair_desk is None
    snap = load_snapshot(win.store, desk.conference_id)
    assert snap.note(AgendaItem.APOLOGIES).notes == stored + " Apologies from Dr RamanReports to follow."
    assert {i.name: i.report_submitted for i in snap.invitees} == before


def test_typing_where_there_is_no_text_field_says_so(qtbot, desk) -> None:
    """On the confidentiality statement a sentence cannot go anywhere: the desk says so and ticks nothing."""
    press(qtbot, desk, Qt.Key.Key_0, ALT)
    tick = desk.page(0).agreed_box
    assert focused() is tick
    keyboard(qtbot, desk, "Read")
    assert not tick.isChecked()
    assert "Nothing to type into" in desk.status_label.text()


def test_earlier_actions_get_their_outcome_from_the_keyboard(qtbot, store) -> None:
    """On a review, Alt+3 then Tab reaches every earlier action's status and outcome; typed outcomes are stored."""
    with store.session() as session:
        load_demo(session)
        review = session.query(Conference.id).filter_by(kind=ConferenceType.REVIEW).scalar()
    desk = ChairDesk(store, review)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitActive(desk)
    press(qtbot, desk, Qt.Key.Key_3, ALT)
    previous = load_snapshot(store, review).previous_actions
    assert previous, "the demo review has actions from the last plan"
    _append(qtbot, desk, f"Action {len(previous)} outcome", " Checked by phone")
    tab_until(qtbot, desk, by_name("Action 1 status"))
    press(qtbot, desk, Qt.Key.Key_Down)
    press(qtbot, desk, Qt.Key.Key_2, ALT)
    after = load_snapshot(store, review).previous_actions
    assert after[-1].outcome == previous[-1].outcome + " Checked by phone"
    assert after[0].status != previous[0].status
