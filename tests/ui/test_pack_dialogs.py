"""Pack views driven through real widgets: preparation, export and import with preview and conflicts."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from solodesk.models import AgencyReport, Subject
from solodesk.services import preparation
from solodesk.services.packs import Choice, export_pack, read_pack
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.chair.audience_dialog import AudienceDialog
from solodesk.ui.packs import CasePreparationPanel, ExportPackDialog, ImportPackDialog
from tests.helpers.files import snapshot
from tests.helpers.packs import PACK_PASSPHRASE, demo_subject_id, row_counts, small_pdf
from tests.helpers.qt_keys import (
    click,
    click_into,
    click_tab,
    pick,
    press,
    retype,
    show_active,
    tab_to,
    type_text,
)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record every message box instead of showing it."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(("error", title, text)))
    monkeypatch.setattr(prompts, "info", lambda parent, title, text: shown.append(("info", title, text)))
    return shown


def _open(qtbot, chair: CaseStore, pack: Path, passphrase: str = PACK_PASSPHRASE) -> ImportPackDialog:
    dialog = ImportPackDialog(chair, pack)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    click_into(qtbot, dialog.passphrase)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy)  # the pack is opened by a background job
    return dialog


def test_import_dialog_shows_the_preview_before_writing_and_cancel_writes_nothing(qtbot, pack, chair, messages) -> None:
    """The preview lists every item after the passphrase; nothing is written until Import, nor on Cancel."""
    before = row_counts(chair)
    dialog = _open(qtbot, chair, pack)
    assert dialog.pages.currentIndex() == 1 and dialog.import_button.isVisible()
    assert "Marcus Alan Leon, born 2 Apr 1979" in dialog.summary_label.text()
    assert "importing creates it" in dialog.summary_label.text()
    assert dialog.items_table.rowCount() == 8
    assert dialog.items_table.item(2, 0).text() == "Agency report" and dialog.items_table.item(2, 2).text() == "new"
    assert not dialog.conflicts_table.isVisible()
    assert row_counts(chair) == before
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert row_counts(chair) == before and messages == []


def test_import_dialog_imports_when_asked(qtbot, pack, chair, messages) -> None:
    """Pressing Import creates the case with its items and says what was done."""
    dialog = _open(qtbot, chair, pack)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy)
    assert dialog.import_result is not None and dialog.import_result.added == 8
    assert row_counts(chair)["agency_report"] == 1
    assert messages == [
        ("info", "Pack imported", "Added 8 item(s), updated 0, kept your version of 0. The case was created.")
    ]


def test_each_conflict_gets_its_own_choice(qtbot, worker, pack, chair, tmp_path, messages) -> None:
    """Two conflicts, two choices: take theirs for the report, keep mine for the subject's address."""
    store, subject_id = worker
    first = _open(qtbot, chair, pack)
    click(qtbot, first.import_button)
    qtbot.waitUntil(lambda: not first.is_busy)
    with store.session() as session:
        session.query(AgencyReport).one().body = "Revised report."
        session.get(Subject, subject_id).proposed_address = "14 Hope Street"
    second = tmp_path / "second.solopack"
    export_pack(store, subject_id, second, PACK_PASSPHRASE)
    dialog = _open(qtbot, chair, second)
    assert dialog.conflicts_table.isVisible() and dialog.conflicts_table.rowCount() == 2
    labels = [dialog.conflicts_table.item(row, 0).text() for row in range(2)]
    report_row = next(row for row, label in enumerate(labels) if label.startswith("Agency report"))
    report_choice = dialog.conflicts_table.cellWidget(report_row, 3)
    tab_to(qtbot, report_choice)
    pick(qtbot, report_choice, report_choice.itemText(1))
    assert sorted(dialog.choices().values()) == [Choice.KEEP_MINE, Choice.TAKE_THEIRS]
    click(qtbot, dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.is_busy)
    with chair.session() as session:
        assert session.query(AgencyReport).one().body == "Revised report."
        assert session.query(Subject).one().proposed_address.startswith("Temporary supported")


def test_a_tampered_pack_gives_a_clear_dialog_and_writes_nothing(qtbot, pack, chair, tmp_path, messages) -> None:
    """One altered byte: an error dialog saying so, no preview, and the store folder byte-identical."""
    data = bytearray(pack.read_bytes())
    data[-5] ^= 0x10
    damaged = tmp_path / "damaged.solopack"
    damaged.write_bytes(bytes(data))
    before = snapshot(chair.folder)
    dialog = _open(qtbot, chair, damaged)
    assert messages and messages[0][:2] == ("error", "Pack refused")
    assert "damaged or was altered" in messages[0][2] and "Nothing was imported" in messages[0][2]
    assert dialog.pages.currentIndex() == 0 and not dialog.import_button.isVisible()
    assert dialog.passphrase.text() == ""
    assert snapshot(chair.folder) == before


def test_export_dialog_needs_matching_passphrases_then_writes_a_readable_pack(
    qtbot, worker, tmp_path, messages
) -> None:
    """Mismatched entries are refused in the dialog; matching ones write a pack that opens with that passphrase."""
    store, subject_id = worker
    dialog = ExportPackDialog(store, subject_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    out = tmp_path / "out.solopack"
    retype(qtbot, dialog.path_field, str(out))
    assert dialog.path_field.text() == str(out)
    click_into(qtbot, dialog.passphrase)
    qtbot.keyClicks(dialog.passphrase, PACK_PASSPHRASE)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.repeat.hasFocus()
    qtbot.keyClicks(dialog.repeat, PACK_PASSPHRASE + "!")
    click(qtbot, dialog.export_button)
    assert dialog.error_label.text() == "The two passphrases do not match." and not out.exists()
    retype(qtbot, dialog.repeat, PACK_PASSPHRASE)
    press(qtbot, dialog, Qt.Key.Key_Return)  # Return presses Export
    qtbot.waitUntil(lambda: not dialog.is_busy)  # written by a background job
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(read_pack(out, PACK_PASSPHRASE).items) == 8
    assert messages[-1][:2] == ("info", "Pack exported")


def test_preparation_panel_saves_a_report_with_files_and_refuses_large_ones(
    qtbot, store, tmp_path, monkeypatch, messages
) -> None:
    """A report is written and saved, a PDF attached, an oversized file refused with the limit named."""
    subject_id = demo_subject_id(store)
    panel = CasePreparationPanel(store, subject_id)
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    click_into(qtbot, panel.report_tab.report_title)
    qtbot.keyClicks(panel.report_tab.report_title, "Housing report")
    press(qtbot, panel, Qt.Key.Key_Tab)
    assert panel.report_tab.report_agency.hasFocus()
    qtbot.keyClicks(panel.report_tab.report_agency, "City Council Housing")
    click_into(qtbot, panel.report_tab.report_body)
    qtbot.keyClicks(panel.report_tab.report_body, "Two addresses considered; neither overlooks a school.")
    press(qtbot, panel, Qt.Key.Key_Tab)  # out of the report, onto its first tick
    assert panel.report_tab.report_submitted.hasFocus()
    press(qtbot, panel, Qt.Key.Key_Space)
    assert panel.report_tab.report_submitted.isChecked()
    click(qtbot, panel.report_tab.save_report_button)
    assert panel.report_tab.report_list.count() == 1 and "submitted" in panel.report_tab.report_list.item(0).text()
    good = tmp_path / "housing.pdf"
    good.write_bytes(small_pdf("Housing"))
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7")
        handle.truncate(preparation.MAX_ATTACHMENT_BYTES + 1)
    monkeypatch.setattr(prompts, "choose_attachment_files", lambda parent: [str(good), str(big)])
    click(qtbot, panel.report_tab.attach_button)
    assert panel.report_tab.attachment_list.count() == 1 and panel.report_tab.attachment_list.item(0).text().startswith(
        "housing.pdf"
    )
    assert messages[0][:2] == ("error", "File not attached") and "larger than 20 MB" in messages[0][2]
    saved = preparation.load_preparation(store, subject_id).reports[0]
    assert saved.body.startswith("Two addresses") and saved.submitted_on is not None
    assert [a.filename for a in saved.attachments] == ["housing.pdf"]


def test_preparation_panel_adds_notes_and_proposed_actions(qtbot, store) -> None:
    """Victim information is restricted by default; a proposed action keeps its owner and area."""
    subject_id = demo_subject_id(store)
    panel = CasePreparationPanel(store, subject_id)
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    click_tab(qtbot, panel.tabs, "Background & chronology")
    tab_to(qtbot, panel.notes_tab.note_kind)
    pick(qtbot, panel.notes_tab.note_kind, preparation.NoteKind.VICTIM.label)
    assert panel.notes_tab.note_restricted.isChecked()
    click_into(qtbot, panel.notes_tab.note_text)
    qtbot.keyClicks(panel.notes_tab.note_text, "New partner has a daughter aged 7.")
    click(qtbot, panel.notes_tab.add_note_button)
    # A restricted note asks who may see it; Escape leaves it to the chair alone.
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AudienceDialog))
    qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    show_active(qtbot, panel)
    click_tab(qtbot, panel.tabs, "Proposed actions")
    click_into(qtbot, panel.actions_tab.action_description)
    qtbot.keyClicks(panel.actions_tab.action_description, "Check the new partner's household.")
    press(qtbot, panel, Qt.Key.Key_Tab)  # on to the owner

    assert panel.actions_tab.action_owner.hasFocus()
    type_text(qtbot, panel.actions_tab.action_owner, "Nguyễn Thị Mai")
    tab_to(qtbot, panel.actions_tab.action_area)
    pick(qtbot, panel.actions_tab.action_area, preparation.PlanArea.VICTIM_SAFETY.label)
    click(qtbot, panel.actions_tab.add_action_button)
    prep = preparation.load_preparation(store, subject_id)
    assert [(n.kind, n.restricted) for n in prep.notes] == [(preparation.NoteKind.VICTIM, True)]
    assert [(a.owner_name, a.plan_area) for a in prep.actions] == [
        ("Nguyễn Thị Mai", preparation.PlanArea.VICTIM_SAFETY)
    ]
    assert panel.notes_tab.notes_table.rowCount() == 1
    assert panel.actions_tab.actions_table.item(0, 1).text() == "Nguyễn Thị Mai"
