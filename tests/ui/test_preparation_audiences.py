"""A worker restricts prepared items from the keyboard and picks who may see them with the chair's checklist."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from solodesk.models import AgencyKind
from solodesk.services import clearance, preparation
from solodesk.services.audience import Audience
from solodesk.ui.chair.audience_dialog import AudienceDialog
from solodesk.ui.packs import CasePreparationPanel
from tests.helpers.packs import prepare_case

CTRL = Qt.KeyboardModifier.ControlModifier
POLICE, FAMILIES = AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES


@pytest.fixture
def panel(qtbot, store, tmp_path) -> CasePreparationPanel:
    widget = CasePreparationPanel(store, prepare_case(store, tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def _tab_to(qtbot, panel: CasePreparationPanel, target: QWidget, limit: int = 15) -> None:
    """Press Tab until the target has focus, as a person moving through the form would."""
    for _ in range(limit):
        if target.hasFocus():
            return
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert target.hasFocus(), f"Tab never reached {target.text() if hasattr(target, 'text') else target}"


def _checklist(qtbot) -> AudienceDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.checklist.hasFocus)
    return dialog


def _go_to_tab(qtbot, panel: CasePreparationPanel, title: str) -> None:
    panel.tabs.setFocus()
    for _ in range(panel.tabs.count()):
        if panel.tabs.tabText(panel.tabs.currentIndex()) == title:
            return
        qtbot.keyClick(panel.tabs, Qt.Key.Key_Tab, CTRL)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == title


def test_a_restricted_proposed_action_asks_who_may_see_it(qtbot, panel, store) -> None:
    """Tick Restricted with Space, propose with Space; the checklist: Space police, Enter; the row says who."""
    tab = panel.actions_tab
    _go_to_tab(qtbot, panel, "Proposed actions")
    qtbot.mouseClick(tab.action_description, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.action_description, "Check the associate Darren Moffat with police intelligence.")
    qtbot.keyClick(tab.action_description, Qt.Key.Key_Tab)
    qtbot.waitUntil(tab.action_owner.hasFocus)
    qtbot.keyClicks(tab.action_owner, "DS Zoe O Briain")
    _tab_to(qtbot, panel, tab.action_due)
    qtbot.keyClicks(tab.action_due, "15/01/2027")
    _tab_to(qtbot, panel, tab.action_restricted)
    qtbot.keyClick(tab.action_restricted, Qt.Key.Key_Space)
    assert tab.action_restricted.isChecked()
    _tab_to(qtbot, panel, tab.add_action_button)
    qtbot.keyClick(tab.add_action_button, Qt.Key.Key_Space)

    dialog = _checklist(qtbot)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)  # the first row: police
    assert dialog.summary.text() == "Restricted — police and chair only"
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.actions_table.rowCount() == 2 and tab.actions_table.item(1, 4).text() != "")

    action = next(a for a in preparation.load_preparation(store, panel.subject_id).actions if "Darren" in a.description)
    assert action.restricted
    assert clearance.audience_of(store, f"proposed_action:{action.id}") == Audience(kinds=frozenset({POLICE}))
    assert tab.actions_table.item(1, 4).text() == "Restricted — police and chair only"
    assert tab.actions_table.item(0, 4).text() == ""  # the open proposal stays open
    assert not tab.action_restricted.isChecked()  # the next proposal starts open


def test_an_attached_file_gets_its_own_audience_by_keyboard(qtbot, panel, store) -> None:
    """Choose the file, "Who may see this file…": Escape leaves it for the chair alone; again, Down Down Space Enter.

    The file's own audience (children & families) is kept while its report stays open.
    """
    tab = panel.report_tab
    tab.report_list.setFocus()
    qtbot.keyClick(tab.report_list, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: tab.attachment_list.count() == 1)
    qtbot.mouseClick(tab.attachment_list.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(tab.attachment_list, Qt.Key.Key_Home)
    _tab_to(qtbot, panel, tab.file_audience_button)
    qtbot.keyClick(tab.file_audience_button, Qt.Key.Key_Space)
    dialog = _checklist(qtbot)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "Restricted — chair only" in tab.attachment_list.item(0).text())

    panel.activateWindow()  # back from the checklist's window
    qtbot.waitActive(panel)
    qtbot.mouseClick(tab.attachment_list.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(tab.attachment_list.hasFocus)
    _tab_to(qtbot, panel, tab.file_audience_button)
    qtbot.keyClick(tab.file_audience_button, Qt.Key.Key_Space)
    dialog = _checklist(qtbot)
    for _ in range(2):
        qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "children & families and chair only" in tab.attachment_list.item(0).text())

    report = preparation.load_preparation(store, panel.subject_id).reports[0]
    (attachment,) = report.attachments
    assert attachment.restricted and not report.restricted  # the file alone is restricted
    assert clearance.audience_of(store, f"attachment:{attachment.id}") == Audience(kinds=frozenset({FAMILIES}))

    panel.activateWindow()  # back from the checklist's window; open the file again: it goes wherever its report goes
    qtbot.waitActive(panel)
    qtbot.mouseClick(tab.attachment_list.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(tab.attachment_list.hasFocus)
    _tab_to(qtbot, panel, tab.open_file_button)
    qtbot.keyClick(tab.open_file_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Restricted" not in tab.attachment_list.item(0).text())
    assert not preparation.load_preparation(store, panel.subject_id).reports[0].attachments[0].restricted


def test_ticking_a_report_restricted_asks_who_may_see_it(qtbot, panel, store) -> None:
    """Space on the report's Restricted tick saves it and opens the checklist; the choice shows by the tick."""
    tab = panel.report_tab
    tab.report_list.setFocus()
    qtbot.keyClick(tab.report_list, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: tab.report_title.text() != "")
    _tab_to(qtbot, panel, tab.report_restricted, limit=25)
    qtbot.keyClick(tab.report_restricted, Qt.Key.Key_Space)
    dialog = _checklist(qtbot)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)  # police
    for _ in range(2):
        qtbot.keyClick(dialog.checklist, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Space)  # children & families
    qtbot.keyClick(dialog.checklist, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.report_audience.text() == "Restricted — police, children & families and chair only")
    report = preparation.load_preparation(store, panel.subject_id).reports[0]
    assert report.restricted
    assert clearance.audience_of(store, f"report:{report.id}") == Audience(kinds=frozenset({POLICE, FAMILIES}))
