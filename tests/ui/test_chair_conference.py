"""A whole conference through the real widgets: convene, chair every agenda item, close."""

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
)

from solodesk.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    AuditEvent,
    Conference,
    ConferenceStatus,
    InvitationResponse,
    PlanArea,
    ReasonForConvening,
    RiskLevel,
)
from solodesk.ui.chair import ChairDesk, ConveneDialog
from tests.helpers.chair_scenario import seed_leon
from tests.helpers.qt_keys import choose, click_into, named, press, type_text

MEETING = date(2026, 9, 14)


def _convene(qtbot, store, scenario) -> int:
    dialog = ConveneDialog(store, scenario.subject_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.venue, "Room 3.12, Waverley Court")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "Choose the date of the meeting." in dialog.error_label.text()
    assert dialog.isVisible() and dialog.venue.text() == "Room 3.12, Waverley Court"
    qtbot.keyClicks(dialog.meeting_date, "14/09/2026")
    qtbot.keyClicks(dialog.meeting_time, "10:00")
    choose(qtbot, dialog.chair, dialog.chair.itemText(dialog.chair.findData(scenario.contacts["Margaret Nicolson"])))
    choose(qtbot, dialog.minute_taker, dialog.chair.itemText(dialog.chair.findData(scenario.contacts["Hannah Doyle"])))
    _click(qtbot, dialog.reason_boxes[ReasonForConvening.HIGH_RISK_RETURNING])
    qtbot.keyClicks(dialog.reasons_other, "Circular 18 notification: release in three months.")
    lines = dialog.lines_by_name()
    assert lines["DS Zoë Ó Briain"].invite.isChecked(), "police SOLO is suggested"
    assert lines["Nguyễn Thị Mai"].invite.isChecked(), "children are involved"
    assert not lines["PC Ian Reid"].invite.isChecked()
    for name in ("Margaret Nicolson", "Hannah Doyle", "Siobhán O'Connor", "Łukasz Wiśniewski", "José Muñoz-Ferreira"):
        _click(qtbot, lines[name].invite)
    choose(qtbot, lines["José Muñoz-Ferreira"].response, InvitationResponse.APOLOGIES.label)
    qtbot.mouseClick(_button(dialog, "Invitations sent today"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert dialog.conference_id is not None
    return dialog.conference_id


def _button(root, text: str) -> QPushButton:
    QApplication.processEvents()
    found = [b for b in root.findChildren(QPushButton) if b.text() == text and b.isVisibleTo(root)]
    assert len(found) == 1, text
    return found[0]


def _click(qtbot, widget) -> None:
    scroll = widget.parentWidget()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    if scroll is not None:
        scroll.ensureWidgetVisible(widget)  # As the user scrolls to what they click.
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        # Ticks react to clicks on their box and label, not on empty space to the right.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _open_desk(qtbot, store, conference_id: int) -> ChairDesk:
    desk = ChairDesk(store, conference_id)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitActive(desk)
    return desk


def test_whole_conference_from_convening_to_closing(qtbot, store) -> None:
    """Convene the Leon case, take every agenda item through the widgets, close, and find it all stored."""
    scenario = seed_leon(store)
    conference_id = _convene(qtbot, store, scenario)
    desk = _open_desk(qtbot, store, conference_id)

    # Confidentiality: the tick has the focus; Space agrees.
    assert desk.current_index() == 0 and "confidential" in desk.page(0).statement.text()
    press(qtbot, desk, Qt.Key.Key_Space)
    press(qtbot, desk, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)

    # 1 Introductions: attendance tick-list.
    assert desk.current_index() == 1
    for name in ("Margaret Nicolson", "Hannah Doyle", "Siobhán O'Connor", "DS Zoë Ó Briain", "Nguyễn Thị Mai"):
        _click(qtbot, named(desk, QRadioButton, f"{name}: Present"))
    _click(qtbot, named(desk, QRadioButton, "Łukasz Wiśniewski: Present"))
    _click(qtbot, named(desk, QCheckBox, "Łukasz Wiśniewski: late"))
    intro = desk.page_for(AgendaItem.INTRODUCTIONS)
    qtbot.keyClicks(intro.notes, "Members introduced themselves.")
    _click(qtbot, intro.completed_box)

    # 2 Apologies: José's apology (from convening) with a report.
    press(qtbot, desk, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    _click(qtbot, named(desk, QCheckBox, "José Muñoz-Ferreira: report submitted"))

    # 3 No previous minute for an initial conference.
    press(qtbot, desk, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert desk.page_for(AgendaItem.PREVIOUS_MINUTE).none_label.isVisibleTo(desk)

    # 4 Purpose: add a reason.
    press(qtbot, desk, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    _click(qtbot, desk.page_for(AgendaItem.PURPOSE).reason_boxes[ReasonForConvening.SENTENCE_FOUR_YEARS])

    # 5 Victim issues.
    press(qtbot, desk, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    _click(qtbot, _button(desk, "Add known victim"))
    qtbot.keyClicks(named(desk, QLineEdit, "Victim 1: description"), "Two sisters, now 14 and 16")
    qtbot.keyClicks(named(desk, QLineEdit, "Victim 1: exclusion area"), "Granton and Pilton")
    _click(qtbot, named(desk, QCheckBox, "Victim 1: child protection"))
    qtbot.keyClicks(desk.page_for(AgendaItem.VICTIM_ISSUES).restricted, "Current address held by the OMU.")

    # 6 Assessment of risk.
    press(qtbot, desk, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    _click(qtbot, _button(desk, "Add assessment"))
    choose(qtbot, named(desk, QComboBox, "Assessment 1: Sexual reconviction (RM2000/S)"), "Medium")
    choose(qtbot, named(desk, QComboBox, "Assessment 1: Violence (RM2000/V)"), "High")
    risk = desk.page_for(AgendaItem.RISK_ASSESSMENT)
    choose(qtbot, risk.level, RiskLevel.HIGH.label)
    qtbot.keyClicks(risk.rationale, "RM2000 medium/high; dynamic factors present.")

    # 7 Action plan, reached with Ctrl+Shift+A.
    press(qtbot, desk, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    plan = desk.page_for(AgendaItem.ACTION_PLAN)
    assert desk.current_index() == 7 and plan.new_description.hasFocus()
    type_text(qtbot, desk, "Home visit within 3 days of release")
    choose(qtbot, plan.new_owner, "DS Zoë Ó Briain")
    assert plan.new_agency.text() == "Agency: Police Scotland OMU"
    _click(qtbot, named(desk, QPushButton, "Due in 1 month"))
    choose(qtbot, plan.new_area, PlanArea.MONITORING_CONTROL.label)
    click_into(qtbot, plan.new_description)
    press(qtbot, desk, Qt.Key.Key_Return)
    qtbot.keyClicks(plan.new_decision["decision"], "Manage at MAPPA level 2")
    qtbot.keyClicks(plan.new_decision["reasons"], "High risk of harm")
    qtbot.keyClicks(plan.new_decision["dissent"], "Prison social work thought medium")
    _click(qtbot, _button(desk, "Add decision"))
    choose(qtbot, named(desk, QComboBox, "Decision 1: agenda item"), AgendaItem.RISK_ASSESSMENT.label)
    qtbot.keyClicks(plan.new_disclosure["to_whom"], "Prospective IT employer")
    qtbot.keyClicks(plan.new_disclosure["why"], "Access to children's data")
    qtbot.keyClicks(plan.new_disclosure["authority"], "Police Scotland, in writing")
    _click(qtbot, plan.new_disclosure_ticks["disclose"])
    _click(qtbot, _button(desk, "Add disclosure"))

    # 8 Next meeting.
    press(qtbot, desk, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert desk.current_index() == 8
    _click(qtbot, _button(desk, "in 3 months"))
    _click(qtbot, _button(desk, "Same venue"))
    _click(qtbot, desk.page_for(AgendaItem.NEXT_MEETING).completed_box)
    assert desk.marks()[8].startswith("✓") and desk.marks()[1].startswith("✓") and desk.marks()[0].startswith("✓")

    # Preview, then the completeness panel; close anyway.
    press(qtbot, desk, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = desk.page(9).pane
    qtbot.waitUntil(lambda: "page(s)" in pane.status_label.text(), timeout=20_000)
    document = pane.document
    preview = " ".join(" ".join(document.getAllText(n).text().split()) for n in range(document.pageCount()))
    assert "Home visit within 3 days of release" in preview
    assert "Restricted — chair only: Current address held by the OMU." in preview  # its audience: the chair alone
    press(qtbot, desk, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert desk.current_index() == 10
    with qtbot.waitSignal(desk.meeting_closed):
        _click(qtbot, desk.closing.close_button)

    with store.session() as session:
        conference = session.get(Conference, conference_id)
        assert conference.status == ConferenceStatus.HELD
        assert conference.meeting_date == MEETING and conference.venue == "Room 3.12, Waverley Court"
        assert conference.chair.name == "Margaret Nicolson" and conference.minute_taker.name == "Hannah Doyle"
        assert conference.confidentiality_agreed
        assert conference.reasons == ["high_risk_returning", "sentence_four_years"]
        by_name = {i.contact.name: i for i in conference.invitations}
        assert (
            by_name["Łukasz Wiśniewski"].attendance == Attendance.PRESENT and by_name["Łukasz Wiśniewski"].arrived_late
        )
        jose = by_name["José Muñoz-Ferreira"]
        assert (jose.attendance, jose.report_submitted, jose.invited_on) == (Attendance.APOLOGIES, True, date.today())
        assert conference.note_for(AgendaItem.INTRODUCTIONS).notes == "Members introduced themselves."
        assert conference.note_for(AgendaItem.INTRODUCTIONS).completed
        victim = conference.victims[0]
        assert (victim.description, victim.exclusion_area, victim.child_protection, victim.restricted) == (
            "Two sisters, now 14 and 16",
            "Granton and Pilton",
            True,
            True,
        )
        assert conference.note_for(AgendaItem.VICTIM_ISSUES).restricted_notes == "Current address held by the OMU."
        assessment = conference.risk_assessments[0]
        assert (assessment.tool, assessment.results) == (
            "Risk Matrix 2000",
            {"reconviction": "Medium", "violence": "High"},
        )
        assert conference.risk_level == RiskLevel.HIGH and conference.risk_rationale.startswith("RM2000")
        (action,) = [a for a in conference.subject.actions if a.raised_at_id == conference_id]
        assert action.owner.name == "DS Zoë Ó Briain" and action.owner_agency.name == "Police Scotland OMU"
        assert action.due_date == MEETING + timedelta(days=30) and action.plan_area == PlanArea.MONITORING_CONTROL
        assert action.status == ActionStatus.OPEN
        decision = conference.decisions[0]
        assert (decision.reasons, decision.dissent) == ("High risk of harm", "Prison social work thought medium")
        assert decision.item == AgendaItem.RISK_ASSESSMENT
        disclosure = conference.disclosures[0]
        assert disclosure.disclose and disclosure.authority == "Police Scotland, in writing"
        assert conference.next_date == MEETING + timedelta(days=91) and conference.next_venue == conference.venue
        assert session.query(AuditEvent).filter_by(action="conference.closed", entity_id=conference_id).count() == 1
