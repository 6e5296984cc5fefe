"""Management information from the app: dates typed, a folder typed, Enter writes the report."""

import io
from datetime import date

import pdfplumber
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from solodesk.ui.desk import ManagementInformationDialog, mi_dialog
from solodesk.ui.desk.mi_dialog import last_full_quarter
from tests.helpers.mi_store import AS_OF, build
from tests.helpers.qt_keys import press, type_text


def _dialog(qtbot, store) -> ManagementInformationDialog:
    with store.session() as session:
        build(session)
    dialog = ManagementInformationDialog(store, today=AS_OF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _fill(qtbot, dialog, start: str, end: str, folder: str) -> None:
    """Type the period and the folder the way a person does: type, Tab, type, Tab, type."""
    assert dialog.from_field.hasFocus()
    type_text(qtbot, dialog, start)  # the suggested date is selected: typing replaces it
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.to_field.hasFocus()
    type_text(qtbot, dialog, end)  # Tab selected the suggested date: typing replaces it
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.folder_field.hasFocus()
    type_text(qtbot, dialog, folder)


def test_typed_period_and_folder_then_enter_writes_the_report(qtbot, store, tmp_path, monkeypatch) -> None:
    """The last full quarter is offered; typing October and a new folder, then Enter, writes every file."""
    told: list[str] = []
    monkeypatch.setattr(mi_dialog.prompts, "info", lambda parent, title, text: told.append(text))
    dialog = _dialog(qtbot, store)
    assert (dialog.from_field.value(), dialog.to_field.value()) == (date(2026, 7, 1), date(2026, 9, 30))
    out = tmp_path / "returns" / "Q4 — Zoë's copy"
    _fill(qtbot, dialog, "1/10/2026", "31 Oct 2026", str(out))
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert len(dialog.written.paths) == 8 and all(p.parent == out for p in dialog.written.paths)
    assert told and told[0].startswith(f"Wrote 8 files to {out}:")
    with pdfplumber.open(io.BytesIO(dialog.written.pdf.read_bytes())) as document:
        first_page = document.pages[0].extract_text()
    assert "1 Oct 2026 to 31 Oct 2026" in first_page


def test_a_period_running_backwards_is_refused_in_place(qtbot, store, tmp_path, monkeypatch) -> None:
    """End before start: one sentence in the dialog, nothing written, what was typed kept; Escape leaves."""
    monkeypatch.setattr(mi_dialog.prompts, "info", lambda *args: None)
    dialog = _dialog(qtbot, store)
    _fill(qtbot, dialog, "31/10/2026", "01/10/2026", str(tmp_path / "out"))
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "The period starts (31 Oct 2026) after it ends (01 Oct 2026)."
    assert dialog.isVisible() and dialog.written is None and not (tmp_path / "out").exists()
    assert dialog.folder_field.text() == str(tmp_path / "out")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_no_folder_yet_says_so(qtbot, store, monkeypatch) -> None:
    """Enter with the folder left empty asks for one instead of writing somewhere unasked."""
    dialog = _dialog(qtbot, store)
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Choose the folder to write the report into."
    assert dialog.isVisible()


def test_the_view_menu_opens_it(qtbot, demo_window, monkeypatch) -> None:
    """View → Management information… opens the dialog on the open store."""
    shown: list[ManagementInformationDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    action = next(a for a in demo_window.store_actions if a.text() == "&Management information…")
    assert action.isEnabled()
    action.trigger()
    assert len(shown) == 1 and isinstance(shown[0], ManagementInformationDialog)
    assert shown[0].store is demo_window.store


def test_last_full_quarter() -> None:
    """In January the last full quarter is the previous year's fourth."""
    assert last_full_quarter(date(2027, 1, 5)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert last_full_quarter(date(2026, 4, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
