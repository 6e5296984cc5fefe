"""Recording responses in the invitations dialog saves each one as it is made."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from solodesk.models import Attendance, InvitationResponse
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.ui.invitations_dialog import InvitationsDialog
from tests.helpers.qt_keys import choose

REVIEW = 2


def test_choosing_apologies_is_saved_at_once(qtbot, store) -> None:
    """Picking 'Apologies' for an invitee stores it and pre-fills attendance, without pressing any save."""
    with store.session() as session:
        load_demo(session)
    dialog = InvitationsDialog(store, REVIEW)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = next(c for c in dialog.findChildren(QComboBox) if c.accessibleName() == "response Łukasz Wiśniewski")
    choose(qtbot, combo, InvitationResponse.APOLOGIES.label)
    row = next(i for i in load_snapshot(store, REVIEW).invitees if i.name == "Łukasz Wiśniewski")
    assert row.response == InvitationResponse.APOLOGIES and row.attendance == Attendance.APOLOGIES
    assert dialog.message.text() == "Response saved."


def test_bad_date_is_refused_and_nothing_saved(qtbot, store) -> None:
    """A date that does not parse gives a sentence and leaves the stored date alone."""
    with store.session() as session:
        load_demo(session)
    dialog = InvitationsDialog(store, REVIEW)
    qtbot.addWidget(dialog)
    before = load_snapshot(store, REVIEW).meeting_date
    dialog.show()
    qtbot.mouseClick(dialog.meeting_date, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.meeting_date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.meeting_date, "31/02/2026")
    qtbot.mouseClick(dialog.save_details, Qt.MouseButton.LeftButton)
    assert "February 2026 has 28 days" in dialog.message.text()
    assert dialog.meeting_date.text() == "31/02/2026"
    assert load_snapshot(store, REVIEW).meeting_date == before
