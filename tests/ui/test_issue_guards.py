"""Guards on closing and issuing: a future meeting stays open, v1 is issued only on Yes, later edits are flagged."""

from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from solodesk.models import AgendaItem, ConferenceStatus, MinuteIssue
from solodesk.services import minute_issue
from solodesk.services.chair_view import load_snapshot
from solodesk.services.invitations import reschedule
from solodesk.ui import prompts
from solodesk.ui.chair import ChairDesk
from solodesk.ui.minutes import CirculateDialog, MinutePreview
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.minutes import demo_conference
from tests.helpers.qt_keys import press, tab_to, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _show_desk(qtbot, store, conference_id: int) -> ChairDesk:
    desk = ChairDesk(store, conference_id)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitActive(desk)
    return desk


def _answer_next_message_box(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """When the next message box opens, note its question and click one of its buttons, as a person would."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)  # The box is not up yet: look again on a later turn of its event loop.
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def _issues(store, conference_id: int) -> int:
    with store.session() as session:
        return session.query(MinuteIssue).filter_by(conference_id=conference_id).count()


def test_a_future_meeting_cannot_be_closed_from_the_desk(qtbot, store) -> None:
    """Ctrl+Shift+E, Space on "Close meeting anyway" for a meeting next week: the panel says why, nothing closes."""
    conference_id = convene_leon(store, date(2010, 3, 1), "Room 3.12", "Concern.", ("Margaret Nicolson",))
    next_week = date.today() + timedelta(days=7)
    reschedule(store, conference_id, next_week, time(10, 0), "Room 3.12")
    desk = _show_desk(qtbot, store, conference_id)
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    tab_to(qtbot, desk.closing.close_button)
    with qtbot.assertNotEmitted(desk.meeting_closed):
        qtbot.keyClick(desk.closing.close_button, Qt.Key.Key_Space)
    when = f"{next_week.day} {next_week:%B %Y}"
    assert desk.closing.status.text() == (
        f"The meeting is dated {when}, which has not come yet: it cannot be closed as held before it happens."
    )
    assert load_snapshot(store, conference_id).status == ConferenceStatus.PLANNED


@pytest.fixture
def held(store) -> int:
    return demo_conference(store)


def test_issuing_v1_asks_first_and_no_issues_nothing(qtbot, store, held, tmp_path, monkeypatch) -> None:
    """Circulating an unissued minute asks "Issue version 1…?"; No leaves no issue and no file, Yes issues v1."""
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(tmp_path))
    monkeypatch.setattr(prompts, "info", lambda *_a: None)
    dialog = CirculateDialog(store, held)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    questions: list[str] = []
    _answer_next_message_box(qtbot, QMessageBox.StandardButton.No, questions)
    qtbot.mouseClick(dialog.circulate_button, Qt.MouseButton.LeftButton)
    assert questions and questions[0].startswith("Issue version 1 of the minute to the 9 recipient(s) ticked?")
    assert _issues(store, held) == 0 and list(tmp_path.glob("*.pdf")) == []
    _answer_next_message_box(qtbot, QMessageBox.StandardButton.Yes, questions)
    with qtbot.waitSignal(dialog.circulated, timeout=30_000):
        qtbot.mouseClick(dialog.circulate_button, Qt.MouseButton.LeftButton)
    assert _issues(store, held) == 1 and len(list(tmp_path.glob("*.pdf"))) == 9


def test_edit_after_issue_is_flagged_in_desk_preview_and_circulate(qtbot, store, held, monkeypatch) -> None:
    """Typing a note after v1 was issued: the desk header, both previews and the circulate dialog say so."""
    minute_issue.issue_minute(store, held)
    desk = _show_desk(qtbot, store, held)
    assert desk.changed_label.text() == ""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    page = desk.page_for(AgendaItem.PURPOSE)
    assert page.notes.hasFocus()  # Alt+4 puts the cursor in the item's notes
    type_text(qtbot, desk, " Added after the issue.")
    qtbot.waitUntil(lambda: desk.changed_label.text() == "Changed since v1 was issued")
    press(qtbot, desk, Qt.Key.Key_P, CTRL_SHIFT)
    preview_page = desk.page(desk.current_index())
    # The draft is laid out on the worker thread; the warning shows above the pages when it is ready.
    pane = preview_page.pane
    qtbot.waitUntil(lambda: "Changed since v1 was issued" in pane.changed_label.text(), timeout=20_000)
    assert pane.changed_label.isVisible() and "page(s)" in pane.status_label.text()
    preview = MinutePreview(store, held)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: "page(s)" in preview.status_label.text(), timeout=20_000)
    assert "The record has changed since v1 was issued." in preview.status_label.text()
    dialog = CirculateDialog(store, held)
    qtbot.addWidget(dialog)
    assert "The record has changed since v1 was issued" in dialog.state_label.text()


def test_nothing_is_flagged_when_nothing_changed_after_the_issue(qtbot, store, held) -> None:
    """Just after issuing, with no edit since, the desk, preview and circulate dialog raise no flag."""
    minute_issue.issue_minute(store, held)
    desk = _show_desk(qtbot, store, held)
    press(qtbot, desk, Qt.Key.Key_P, CTRL_SHIFT)
    assert desk.changed_label.text() == ""
    pane = desk.page(desk.current_index()).pane
    qtbot.waitUntil(lambda: "page(s)" in pane.status_label.text(), timeout=20_000)
    assert pane.changed_label.text() == "" and not pane.changed_label.isVisible()
    preview = MinutePreview(store, held)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: "page(s)" in preview.status_label.text(), timeout=20_000)
    assert "changed since" not in preview.status_label.text()
    dialog = CirculateDialog(store, held)
    qtbot.addWidget(dialog)
    assert "changed since" not in dialog.state_label.text()
