"""Locking with a dialog open: the dialog goes, its typing is saved, the store is closed."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from solodesk.services import preparation
from solodesk.store import CaseStore
from solodesk.ui.packs import CasePreparationPanel
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import click_cell, click_into, show_active, type_text


def test_lock_during_preparation_saves_the_report_and_closes_the_dialog(qtbot, demo_window) -> None:
    """Typing a report in Prepare, then the idle lock fires: the text is stored and no dialog is left."""
    window = demo_window
    click_cell(qtbot, window.workspace.register_view.table, 0, 0)  # the demo case
    seen: dict[str, object] = {}

    def type_then_lock() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        panel = dialog.findChild(CasePreparationPanel)
        show_active(qtbot, dialog)  # the modal dialog has just been shown: wait until the keys go to it
        click_into(qtbot, panel.report_tab.report_title)
        type_text(qtbot, panel.report_tab.report_title, "Łukasz's housing report")
        click_into(qtbot, panel.report_tab.report_body)
        type_text(qtbot, panel.report_tab.report_body, "Temporary flat offered in Leith.")
        seen["dialog"] = dialog
        window.idle_lock.idle.emit()  # what the idle timer does

    QTimer.singleShot(0, type_then_lock)
    window.pack_menu._on_prepare()  # runs the modal dialog until the lock closes it
    assert window.is_locked
    assert not seen["dialog"].isVisible()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    with CaseStore.open_with_passphrase(window.folder, PASSPHRASE) as store:
        reports = preparation.load_preparation(store, 1).reports
    assert [(r.title, r.body) for r in reports] == [("Łukasz's housing report", "Temporary flat offered in Leith.")]


def test_switching_reports_saves_the_one_being_written(qtbot, store) -> None:
    """Starting a new report saves the draft in progress without pressing Save."""
    from solodesk.services.demo import load_demo

    with store.session() as session:
        load_demo(session)
    panel = CasePreparationPanel(store, 1)
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    click_into(qtbot, panel.report_tab.report_title)
    type_text(qtbot, panel.report_tab.report_title, "Draft by Siobhán")
    panel.report_tab._new_report()
    assert [r.title for r in preparation.load_preparation(store, 1).reports] == ["Draft by Siobhán"]
    assert panel.report_tab.report_title.text() == ""
