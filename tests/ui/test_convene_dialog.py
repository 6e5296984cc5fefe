"""The convene dialog for a review: it follows the held conference and suggests its invitees."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from solodesk.models import ConferenceType, Subject
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.ui.chair import ConveneDialog
from tests.helpers.qt_keys import choose


def test_review_dialog_suggests_previous_invitees_and_carries_open_actions(qtbot, store) -> None:
    """Choosing "Review" shows the held initial conference, ticks its invitees, and the review gets its actions."""
    with store.session() as session:
        load_demo(session)
        subject_id = session.query(Subject).one().id
    dialog = ConveneDialog(store, subject_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.previous.isVisible()
    choose(qtbot, dialog.kind, ConferenceType.REVIEW.label)
    assert dialog.previous.isVisible() and dialog.previous.currentText().startswith("Initial conference, 14 Sep 2026")
    lines = dialog.lines_by_name()
    assert all(line.invite.isChecked() for line in lines.values()), "everyone invited last time is suggested"
    assert lines["Kirsty D'Arcy"].why.text() == "Invited to the previous conference."
    qtbot.keyClicks(dialog.meeting_date, "07/12/2026")
    qtbot.keyClicks(dialog.venue, "Room 3.12")
    choose(
        qtbot,
        dialog.chair,
        next(dialog.chair.itemText(i) for i in range(dialog.chair.count()) if "Nicolson" in dialog.chair.itemText(i)),
    )
    qtbot.keyClicks(dialog.reasons_other, "Review after release.")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    snap = load_snapshot(store, dialog.conference_id)
    assert snap.kind == ConferenceType.REVIEW and snap.meeting_date == date(2026, 12, 7)
    assert len(snap.previous_actions) == 9 and len(snap.invitees) == 9
