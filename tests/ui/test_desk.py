"""The desk driven with the keyboard: first after unlocking, Ctrl+0, arrows, Enter, C."""

import pytest
from PySide6.QtCore import Qt

from solodesk.services.notifications import store_notifications
from solodesk.ui.chair import ConveneDialog
from solodesk.ui.desk import NotificationDialog, desk_view
from solodesk.ui.main_window import MainWindow
from tests.helpers.desk_store import AS_OF, DeskIds, build
from tests.helpers.qt_keys import press, type_text
from tests.ui.conftest import open_window_by_keys


@pytest.fixture
def desk_window(qtbot, store, monkeypatch) -> tuple[MainWindow, DeskIds]:
    """The main window unlocked with the keyboard on the hand-built desk store, on 2 December 2026."""
    monkeypatch.setattr(desk_view, "_today", lambda: AS_OF)
    with store.session() as session:
        ids = build(session)
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    yield win, ids
    win.lock()


def _down_until(qtbot, win: MainWindow, wanted, limit: int = 60) -> None:
    tree = win.desk_view.tree
    for _ in range(limit):
        target = tree.current_target()
        if target is not None and wanted(target):
            return
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    raise AssertionError("no such line on the desk")


def test_desk_is_first_and_enter_opens_the_case_named(qtbot, desk_window) -> None:
    """After unlocking the desk shows counts and the day; Enter on a review opens its case and conference."""
    win, ids = desk_window
    desk = win.desk_view
    assert win.stack.currentWidget() is desk and desk.tree.hasFocus()
    assert desk.title.text() == "Desk — as of Wednesday 02 December 2026"
    assert "Reviews overdue: <b>1</b>" in desk.counts.text() and "Minutes late: <b>2</b>" in desk.counts.text()
    lines = desk.line_texts()
    assert "Reviews due and overdue (2)" in lines
    assert any(line.startswith("Overdue since Wed 26 Aug 2026 | Bob Interval-Overdue") for line in lines)
    assert "DS Zoë Ó Briain — Police Scotland — OMU (2)" in lines
    # The first line is the oldest review: Bob's.
    assert desk.tree.current_target().subject_id == ids.subjects["Bob"]
    press(qtbot, desk.tree, Qt.Key.Key_Return)
    page = win.workspace.subject_page
    assert win.stack.currentWidget() is win.workspace
    assert page.subject_id == ids.subjects["Bob"] and page.selected_conference_id() == ids.conferences["B"]
    assert page.tabs.currentWidget() is page.conference_table
    # Ctrl+0 from anywhere brings the desk back, on the same line.
    press(qtbot, page, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.stack.currentWidget() is desk and desk.tree.hasFocus()
    assert desk.tree.current_target().subject_id == ids.subjects["Bob"]


def test_arrows_reach_an_action_and_a_late_minute(qtbot, desk_window) -> None:
    """Down arrows move through the lines; an action opens its case's actions, a late minute its conference."""
    win, ids = desk_window
    desk = win.desk_view
    _down_until(qtbot, win, lambda t: t.where == "actions")
    press(qtbot, desk.tree, Qt.Key.Key_Enter)
    page = win.workspace.subject_page
    # The oldest overdue action comes first: Bob's, with no owner named.
    assert page.subject_id == ids.subjects["Bob"] and page.tabs.currentWidget() is page.action_table
    press(qtbot, page, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    _down_until(qtbot, win, lambda t: t.where == "conference")
    press(qtbot, desk.tree, Qt.Key.Key_Return)
    assert win.chair_desk is not None and win.chair_desk.conference_id == ids.conferences["F"]
    press(qtbot, win.chair_desk, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.chair_desk is None and win.stack.currentWidget() is desk


def test_c_on_a_release_convenes_with_the_notification_carried_over(qtbot, desk_window, monkeypatch) -> None:
    """C on a release not yet convened opens the convene dialog on that case, starting from the notification."""
    win, ids = desk_window
    shown: list[ConveneDialog] = []

    def fake_exec(dialog: ConveneDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ConveneDialog, "exec", fake_exec)
    _down_until(qtbot, win, lambda t: t.subject_id == ids.subjects["R1"])
    qtbot.keyClick(win.desk_view.tree, Qt.Key.Key_C)
    (dialog,) = shown
    assert dialog.subject_id == ids.subjects["R1"]
    assert dialog.from_notification.isChecked()
    assert "release 06 Jan 2027; hold by 09 Dec 2026" in dialog.from_notification.text()
    assert dialog.meeting_date.text() == "09/12/2026"
    request, _ = dialog.request()
    assert request.notification_id == ids.notifications["R1"]
    # C on a line that is not about convening does nothing.
    _down_until(qtbot, win, lambda t: t.where == "actions")
    qtbot.keyClick(win.desk_view.tree, Qt.Key.Key_C)
    assert len(shown) == 1


def test_notification_typed_into_its_dialog_is_saved_with_suggested_reasons(qtbot, store) -> None:
    """Dates and text typed, Tab between fields, the sentence ticks the reasons, Enter saves."""
    with store.session() as session:
        ids = build(session)
    dialog = NotificationDialog(store, ids.subjects["Alice"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.received_on.hasFocus()  # the dialog opens on the first thing to type
    assert dialog.which.currentText() == "New notification or referral"
    press(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.received_on, "02/11/2026")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.from_whom.hasFocus()
    type_text(qtbot, dialog, "Ayşe Yılmaz, HMP Northfield")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.release_date.hasFocus()
    qtbot.keyClicks(dialog.release_date, "20/01/2027")
    press(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # the "&Sentence" label's mnemonic
    assert dialog.sentence.hasFocus()
    qtbot.keyClicks(dialog.sentence, "5 years, extended sentence")
    boxes = {reason.value: box.isChecked() for reason, box in dialog.reason_boxes.items()}
    assert boxes == {"sentence_four_years": True, "supervised_release": True, "secure_hospital": False}
    qtbot.keyClick(dialog.sentence, Qt.Key.Key_Return)
    assert dialog.result() == NotificationDialog.DialogCode.Accepted, dialog.error_label.text()
    (saved,) = store_notifications(store, ids.subjects["Alice"])
    assert saved.from_whom == "Ayşe Yılmaz, HMP Northfield" and saved.release_date.isoformat() == "2027-01-20"
    assert saved.hold_by.isoformat() == "2026-12-23"
