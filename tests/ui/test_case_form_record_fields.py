"""The case form: the case-record fields the minute prints are reached by Tab, typed and saved."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from solodesk.services.subjects import load_subject_view
from solodesk.ui.register.subject_dialog import SubjectDialog
from tests.helpers.chair_scenario import seed_leon
from tests.helpers.qt_keys import type_text


def _tab_to(qtbot, widget: QWidget) -> None:
    for _ in range(40):
        if QApplication.focusWidget() is widget:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName() or widget.placeholderText()!r}")


def test_case_record_fields_are_reached_by_tab_and_saved(qtbot, store) -> None:
    """Ethnicity, sentence, its dates and the address area, typed after Tab, are stored; a bad date is refused."""
    scenario = seed_leon(store)
    dialog = SubjectDialog(store, scenario.subject_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.mouseClick(dialog.forenames, Qt.MouseButton.LeftButton)
    for field, typed in (
        (dialog.ethnicity, "Mixed: White and Black Caribbean"),
        (dialog.sentence, "4 years, extended sentence"),
        (dialog.sentenced_on, "15/03/2021"),
        (dialog.order_ends_on, "31/13/2029"),  # no 13th month: refused on Save, nothing stored
        (dialog.address_area, "Leith, Edinburgh (Ó Briain Court area)"),
    ):
        _tab_to(qtbot, field)
        type_text(qtbot, field, typed)
    qtbot.keyClick(dialog.address_area, Qt.Key.Key_Return)  # Return presses Save
    assert dialog.result() != QDialog.DialogCode.Accepted and "Licence or order ends" in dialog.error_label.text()
    assert QApplication.focusWidget() is dialog.order_ends_on
    assert load_subject_view(store, scenario.subject_id).form.ethnicity == ""
    qtbot.keyClick(dialog.order_ends_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog.order_ends_on, "31/12/2029")
    qtbot.keyClick(dialog.order_ends_on, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    form = load_subject_view(store, scenario.subject_id).form
    assert form.ethnicity == "Mixed: White and Black Caribbean"
    assert form.sentence == "4 years, extended sentence"
    assert (form.sentenced_on, form.order_ends_on) == (date(2021, 3, 15), date(2029, 12, 31))
    assert form.address_area == "Leith, Edinburgh (Ó Briain Court area)"


def test_hospital_detention_is_reached_by_tab_ticked_by_space_typed_and_saved(qtbot, store) -> None:
    """MAPPA minute row 8 from the case form: the tick, the detention and who completed it, by keys only."""
    scenario = seed_leon(store)
    dialog = SubjectDialog(store, scenario.subject_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.mouseClick(dialog.forenames, Qt.MouseButton.LeftButton)
    _tab_to(qtbot, dialog.restricted_patient)
    qtbot.keyClick(dialog.restricted_patient, Qt.Key.Key_Space)
    _tab_to(qtbot, dialog.hospital_detention)
    type_text(qtbot, dialog.hospital_detention, "The State Hospital, Carstairs; CORO; no unescorted leave.")
    _tab_to(qtbot, dialog.hospital_detention_by)
    type_text(qtbot, dialog.hospital_detention_by, "Dr Aoife Ní Bhriain, responsible medical officer")
    qtbot.keyClick(dialog.hospital_detention_by, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    form = load_subject_view(store, scenario.subject_id).form
    assert form.restricted_patient
    assert form.hospital_detention == "The State Hospital, Carstairs; CORO; no unescorted leave."
    assert form.hospital_detention_by == "Dr Aoife Ní Bhriain, responsible medical officer"

    again = SubjectDialog(store, scenario.subject_id)
    qtbot.addWidget(again)
    assert again.restricted_patient.isChecked()
    assert again.hospital_detention_by.text() == "Dr Aoife Ní Bhriain, responsible medical officer"
