"""Settings: the jurisdiction and the minute's own handling wording, chosen by keyboard and stored encrypted."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from solodesk.services.settings import DEFAULT_FOI_POSITION, Jurisdiction
from solodesk.services.settings_access import load_store_settings
from solodesk.ui.settings_dialog import SettingsDialog
from tests.helpers.qt_keys import choose, type_text


def test_jurisdiction_and_handling_caveat_are_saved(qtbot, store) -> None:
    """England and Wales picked with the arrow keys; a caveat typed; Save stores both, FOI falls back to FOIA."""
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.jurisdiction.currentText() == "Scotland"  # the default
    choose(qtbot, dialog.jurisdiction, "England and Wales")
    qtbot.keyClick(dialog.jurisdiction, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.handling_caveat
    type_text(qtbot, dialog.handling_caveat, "Keep in the MAPPA file; Zoë Ó Briain agrees any copy.")
    qtbot.keyClick(dialog.handling_caveat, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.foi_position
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    stored = load_store_settings(store)
    assert stored.jurisdiction == Jurisdiction.ENGLAND_WALES.value
    assert stored.effective_handling_caveat() == "Keep in the MAPPA file; Zoë Ó Briain agrees any copy."
    assert stored.effective_foi_position() == DEFAULT_FOI_POSITION[Jurisdiction.ENGLAND_WALES]
