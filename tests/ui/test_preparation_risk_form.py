"""A worker's risk assessment form: the chosen tool's own scales, stored by key and listed by name."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from solodesk.services import preparation
from solodesk.ui.packs import CasePreparationPanel
from tests.helpers.packs import demo_subject_id
from tests.helpers.qt_keys import choose, click_into, named, show_active


def test_the_form_shows_the_chosen_tools_scales(qtbot, store) -> None:
    """ERASOR shows one scale; typing an unknown tool shows "other"'s; the saved row lists values by scale name."""
    subject_id = demo_subject_id(store)
    panel = CasePreparationPanel(store, subject_id)
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    click_into(qtbot, panel.report_tab.report_title)  # inside the tabs, so Ctrl+Tab turns their pages
    for _ in range(3):  # to the "Risk assessment" tab, as the keyboard goes
        qtbot.keyClick(panel.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "Risk assessment"
    choose(qtbot, panel.risk_tab.risk_tool, "ERASOR")
    assert "adolescents aged 12 to 17" in panel.risk_tab.risk_form.about.text()
    choose(qtbot, named(panel, QComboBox, "Overall risk level"), "High")
    qtbot.keyClicks(panel.risk_tab.risk_date, "01/09/2026")
    qtbot.mouseClick(panel.risk_tab.add_risk_button, Qt.MouseButton.LeftButton)
    added = [r for r in preparation.load_preparation(store, subject_id).risks if r.tool == "ERASOR"]
    assert [r.results for r in added] == [{"overall": "High"}]
    rows = {
        panel.risk_tab.risk_table.item(n, 0).text(): panel.risk_tab.risk_table.item(n, 3).text()
        for n in range(panel.risk_tab.risk_table.rowCount())
    }
    assert rows["ERASOR"] == "Overall risk level: High"
    form = panel.risk_tab.risk_form
    assert panel.risk_tab.risk_tool.currentText() == "" and not form.scales  # ready for the next one
    qtbot.keyClicks(panel.risk_tab.risk_tool, "Static-99R")
    assert list(form.scales) == ["level"] and form.about.text() == "Another tool."
