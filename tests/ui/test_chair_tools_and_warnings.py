"""Chair mode by keys: the tool's own scales, and the warnings before closing leading to their row."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QListWidget

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    AgencyKind,
    AgendaItem,
    Attendance,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Invitation,
    RiskAssessment,
    Subject,
)
from solodesk.services.chair_view import load_snapshot
from solodesk.ui.chair import ChairDesk
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.qt_keys import choose, click_into, named, press, tab_to, type_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _show(qtbot, desk: ChairDesk) -> ChairDesk:
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    return desk


def _findings(desk: ChairDesk) -> list[str]:
    panel = desk.closing
    return [panel.findings_list.item(row).text() for row in range(panel.findings_list.count())]


def _enter_on(qtbot, desk: ChairDesk, fragment: str) -> None:
    """Move down the findings list with the arrow keys to the line holding ``fragment``, and press Enter."""
    listing: QListWidget = desk.closing.findings_list
    tab_to(qtbot, listing)
    press(qtbot, desk, Qt.Key.Key_Home)
    for _ in range(listing.count()):
        if fragment in listing.currentItem().text():
            break
        press(qtbot, desk, Qt.Key.Key_Down)
    assert fragment in listing.currentItem().text()
    press(qtbot, desk, Qt.Key.Key_Return)


def _focused_is(widget) -> bool:
    focused = QApplication.focusWidget()
    return focused is widget or widget.isAncestorOf(focused)


@pytest.fixture
def young_desk(qtbot, store) -> ChairDesk:
    """An initial conference for a 16-year-old."""
    return _show(qtbot, ChairDesk(store, convene_leon(store, date(2010, 3, 1), "Room 3.12", "Concern.")))


def test_an_under_18_gets_aim3_and_rm2000_is_a_warning_that_leads_back(qtbot, store, young_desk) -> None:
    """A new row is AIM3 with its own scales; typed RM2000 shows its scales and a warning; Enter leads back to it."""
    desk = young_desk
    press(qtbot, desk, Qt.Key.Key_6, ALT)
    qtbot.mouseClick(desk.page_for(AgendaItem.RISK_ASSESSMENT).add_button, Qt.MouseButton.LeftButton)
    tool = named(desk, QComboBox, "Assessment 1 tool")
    assert tool.currentText() == "AIM3"
    choose(qtbot, named(desk, QComboBox, "Assessment 1: Static concern"), "High")
    assert not [w for w in desk.findChildren(QComboBox) if "RM2000" in w.accessibleName() and w.isVisibleTo(desk)]

    # Arrowing through the list shows each tool's scales as it goes, and the cursor stays on the tool.
    tab_to(qtbot, tool)
    press(qtbot, desk, Qt.Key.Key_Down)
    assert tool.currentText() == "ERASOR" and _focused_is(tool)
    assert named(desk, QComboBox, "Assessment 1: Overall risk level")
    press(qtbot, desk, Qt.Key.Key_Up)
    press(qtbot, desk, Qt.Key.Key_Up)
    assert tool.currentText() == "Stable & Acute 2007" and _focused_is(tool)
    assert named(desk, QComboBox, "Assessment 1: Acute-2007 level")
    # The chair types another tool's name over it and moves on with Tab: the row shows that tool's scales.
    press(qtbot, desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, desk, "RM2000")
    press(qtbot, desk, Qt.Key.Key_Tab)
    assert _focused_is(named(desk, QLineEdit, "Assessment 1 date"))
    violence = named(desk, QComboBox, "Assessment 1: Violence (RM2000/V)")
    choose(qtbot, violence, "Very high")
    warning = [w.text() for w in desk.findChildren(QLabel) if w.text().startswith("⚠") and w.isVisibleTo(desk)]
    assert warning == [
        "⚠ Not validated for this subject: the subject was 16, and it is for people aged 18 or over; "
        "the subject is not recorded as convicted of a sexual offence."
    ]
    row = load_snapshot(store, desk.conference_id).assessments[0]
    assert (row.tool, row.results) == ("RM2000", {"static_concern": "High", "violence": "Very high"})
    # Dated the day of the 18th birthday, the tool's age limit is met; the other reason remains.
    date_field = named(desk, QLineEdit, "Assessment 1 date")
    click_into(qtbot, date_field)
    type_text(qtbot, desk, "01/03/2028")
    press(qtbot, desk, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: (
            [w.text() for w in desk.findChildren(QLabel) if w.text().startswith("⚠") and w.isVisibleTo(desk)]
            == ["⚠ Not validated for this subject: the subject is not recorded as convicted of a sexual offence."]
        )
    )
    click_into(qtbot, date_field)
    press(qtbot, desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, desk, Qt.Key.Key_Delete)  # back to "not known": judged at the meeting, when the subject was 16
    press(qtbot, desk, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: any("the subject was 16" in w.text() for w in desk.findChildren(QLabel) if w.isVisibleTo(desk))
    )

    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    (line,) = [t for t in _findings(desk) if "Assessment 1 uses" in t]
    assert line.startswith("⚠ [6 Assessment of risk] Assessment 1 uses Risk Matrix 2000, which is for adult males")
    (stray,) = [t for t in _findings(desk) if "is not a scale of" in t]
    assert "Assessment 1 (Risk Matrix 2000): Static concern (High) is not a scale of Risk Matrix 2000." in stray
    press(qtbot, desk, Qt.Key.Key_1, ALT)  # away, then back through the list
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    _enter_on(qtbot, desk, "Assessment 1 uses")
    assert desk.current_index() == AgendaItem.RISK_ASSESSMENT.number
    assert _focused_is(named(desk, QComboBox, "Assessment 1 tool"))
    # The AIM3 value left over still shows on the row, where the chair clears it.
    choose(qtbot, named(desk, QComboBox, "Assessment 1: Static concern"), "")
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    assert not [t for t in _findings(desk) if "is not a scale of" in t]


@pytest.fixture
def review_desk(qtbot, store) -> ChairDesk:
    """A review of a 16-year-old whose last plan left action 2 overdue; C&F invited and present."""
    with store.session() as session:
        subject = Subject(forenames="Zoë", surname="Ó Briain-Łukasiewicz", date_of_birth=date(2010, 3, 1))
        previous = Conference(subject=subject, meeting_date=date(2026, 6, 1), status=ConferenceStatus.ISSUED)
        session.add(previous)
        session.flush()
        review = Conference(
            subject=subject,
            kind=ConferenceType.REVIEW,
            meeting_date=date(2026, 9, 14),
            status=ConferenceStatus.INVITED,
            previous_conference_id=previous.id,
        )
        worker = Contact(name="Nguyễn Thị Mai", agency=Agency(name="C&F", kind=AgencyKind.CHILDREN_AND_FAMILIES))
        review.invitations.append(Invitation(contact=worker, attendance=Attendance.PRESENT))
        session.add(review)
        session.flush()
        for due in (date(2026, 9, 30), date(2026, 9, 1)):
            subject.actions.append(Action(description="Visit", raised_at_id=previous.id, due_date=due))
        subject.risk_assessments.append(RiskAssessment(tool="AIM3", assessed_on=date(2026, 8, 1)))
        review_id = review.id
    return _show(qtbot, ChairDesk(store, review_id))


def test_an_overdue_action_leads_to_its_status_and_the_positive_line_shows(qtbot, review_desk) -> None:
    """Action 2 of the last plan is overdue: Enter on the warning puts the cursor on its status; C&F is a ✓ line."""
    desk = review_desk
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    shown = _findings(desk)
    assert (
        "⚠ [3 Minute of last meeting] Action 2 from the last plan was due on 1 September 2026 "
        "and is open, not completed." in shown
    )
    assert not [t for t in shown if "Action 1 from the last plan was due" in t]
    assert (
        "✓ [1 Introductions] The subject is under 18: children & families social work is invited and present "
        "(Nguyễn Thị Mai)." in shown
    )
    assert desk.closing.close_button.text() == "Close meeting anyway"
    _enter_on(qtbot, desk, "Action 2 from the last plan")
    assert desk.current_index() == AgendaItem.PREVIOUS_MINUTE.number
    status = named(desk, QComboBox, "Action 2 status")
    assert _focused_is(status)
    choose(qtbot, status, ActionStatus.COMPLETED.label)
    press(qtbot, desk, Qt.Key.Key_E, CTRL_SHIFT)
    assert not [t for t in _findings(desk) if "from the last plan was due" in t]
