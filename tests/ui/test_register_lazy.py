"""The register over 2,000 cases: rows are handed to the view a page at a time; an edit re-reads one row."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import insert

from solodesk.models import CaseStatus, Subject
from solodesk.services.register import SubjectRegister
from solodesk.store import CaseStore
from solodesk.ui.main_window import MainWindow
from solodesk.ui.register.register_view import RegisterView
from solodesk.ui.register.subject_dialog import SubjectDialog
from solodesk.ui.register.subject_table_model import PAGE_SIZE
from tests.conftest import PASSPHRASE
from tests.helpers.qt_keys import click, retype, show_active, tab_to

CASES = 2_000


@pytest.fixture
def big_store(store: CaseStore) -> CaseStore:
    now = datetime.now(UTC)
    rows = [
        {
            "id": i,
            "forenames": "Zoë",
            "surname": f"Ó Briain {i:04d}",
            "aliases": [],
            "date_of_birth": date(1980, 1, 1),
            "visor_ref": f"V-{i:05d}",
            "case_status": CaseStatus.ACTIVE,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(1, CASES + 1)
    ]
    with store.engine.begin() as connection:
        connection.execute(insert(Subject), rows)
    return store


def test_rows_reach_the_view_a_page_at_a_time(qtbot, big_store: CaseStore, monkeypatch) -> None:
    """2,000 matches: the table first holds one page; Ctrl+End fetches the next; rows read are those shown."""
    rows_read: list[int] = []
    real_rows = SubjectRegister.rows

    def counting_rows(self: SubjectRegister, ids: list[int]) -> list:
        rows_read.extend(ids)
        return real_rows(self, ids)

    monkeypatch.setattr(SubjectRegister, "rows", counting_rows)
    view = RegisterView(SubjectRegister(big_store))
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    assert view.count_label.text() == f"{CASES} cases"
    assert view.model.rowCount() == PAGE_SIZE
    assert len(rows_read) <= PAGE_SIZE  # only the page on screen was read from the store

    tab_to(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # a first key puts the cursor on the first row
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() > PAGE_SIZE)
    assert view.model.rowCount() < CASES
    assert len(rows_read) < CASES

    qtbot.keyClicks(view.search_field, "1999")
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 0)) == "Zoë Ó Briain 1999"


def test_an_edit_re_reads_only_its_row(qtbot, big_store: CaseStore, monkeypatch) -> None:
    """Editing a case re-reads that case alone (no reset of the table); going back to Cases reads nothing more."""
    big_store.close()
    window = MainWindow(big_store.folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.lock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(window.lock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked)
    workspace = window.workspace
    view = workspace.register_view
    assert len(workspace.register) == CASES
    view.select_subject(3)
    assert workspace.current_subject_id() == 3

    loads: list[int | None] = []
    real_load = SubjectRegister._load_entries

    def recording_load(self: SubjectRegister, only: int | None) -> dict:
        loads.append(only)
        return real_load(self, only)

    monkeypatch.setattr(SubjectRegister, "_load_entries", recording_load)
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))

    def edit_surname(dialog: SubjectDialog) -> int:
        show_active(qtbot, dialog)
        retype(qtbot, dialog.surname, "O'Connor")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        return dialog.result()

    monkeypatch.setattr(SubjectDialog, "exec", edit_surname)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    row = view.model.row_of(3)
    assert view.model.data(view.model.index(row, 0)) == "Zoë O'Connor"
    assert loads == [3] and resets == []

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert None not in loads and resets == []
    assert view.current_subject_id() == 3
    window.lock()
