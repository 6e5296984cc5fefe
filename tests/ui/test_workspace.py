"""The unlocked workspace: register search, subject form, contacts, settings."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from solodesk.services.directory import list_contacts
from solodesk.services.settings_access import load_store_settings
from solodesk.services.subjects import load_subject_view
from solodesk.ui.register.subject_dialog import SubjectDialog
from solodesk.ui.settings_dialog import SettingsDialog
from tests.helpers.qt_keys import (
    CTRL,
    click,
    click_cell,
    click_into,
    has_focus_in,
    press,
    retype,
    show_active,
    type_text,
)


@pytest.fixture
def window(demo_window):
    return demo_window


def test_search_as_you_type_filters_the_register(qtbot, window) -> None:
    """Typing an unaccented alias narrows the register to the demo subject and shows it."""
    view = window.workspace.register_view
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_field.hasFocus()
    qtbot.keyClicks(view.search_field, "zzz")
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "0 of 1 case"
    qtbot.keyClick(view.search_field, Qt.Key.Key_A, CTRL)  # select "zzz" and type over it
    qtbot.keyClicks(view.search_field, "marc lyon")
    assert view.model.rowCount() == 1
    assert window.workspace.subject_page.title.text().startswith("Marcus Alan Leon")


def _save(qtbot, dialog) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def _fill_new_subject(qtbot, dialog: SubjectDialog) -> None:
    """Type the first four fields, moving on with Tab as a person does, then click Save."""
    show_active(qtbot, dialog)
    assert dialog.forenames.hasFocus()  # the form opens with the cursor in the first field
    for field, text in (
        (dialog.forenames, "Seán"),
        (dialog.surname, "Ó Súilleabháin"),
        (dialog.aliases, "John Sullivan"),
        (dialog.date_of_birth, "1/6/09"),
    ):
        assert field.hasFocus(), f"Tab did not move on to {field.accessibleName() or field!r}"
        type_text(qtbot, field, text)
        press(qtbot, field, Qt.Key.Key_Tab)
    _save(qtbot, dialog)


def test_new_case_through_the_form_appears_in_the_register(qtbot, window, monkeypatch) -> None:
    """Ctrl+N opens the form; a saved case is selected in the register with its page shown."""

    def fake_exec(dialog: SubjectDialog) -> int:
        _fill_new_subject(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(SubjectDialog, "exec", fake_exec)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    workspace = window.workspace
    subject_id = workspace.current_subject_id()
    assert subject_id is not None
    assert workspace.register_view.current_subject_id() == subject_id
    assert load_subject_view(window.store, subject_id).form.aliases == ["John Sullivan"]
    assert load_subject_view(window.store, subject_id).form.date_of_birth == date(2009, 6, 1)
    assert "Seán Ó Súilleabháin" in workspace.subject_page.title.text()


def test_subject_form_shows_errors_and_saves_nothing(qtbot, window) -> None:
    """Saving without a surname keeps the dialog open with a sentence."""
    dialog = SubjectDialog(window.store, None, window)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    click_into(qtbot, dialog.forenames)
    type_text(qtbot, dialog.forenames, "Zoë")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert "surname" in dialog.error_label.text()
    assert dialog.subject_id is None
    assert len(window.workspace.register) == 1


def test_edit_case_changes_the_subject(qtbot, window, monkeypatch) -> None:
    """Ctrl+E edits the shown subject; the page shows the change."""
    click_cell(qtbot, window.workspace.register_view.table, 0, 0)
    assert window.workspace.current_subject_id() == 1

    def fake_exec(dialog: SubjectDialog) -> int:
        show_active(qtbot, dialog)
        retype(qtbot, dialog.gender, "Male (edited)")
        _save(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(SubjectDialog, "exec", fake_exec)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert load_subject_view(window.store, 1).form.gender == "Male (edited)"
    assert "Male (edited)" in window.workspace.subject_page.details.toPlainText()


def test_contacts_directory_adds_and_edits_people(qtbot, window) -> None:
    """Ctrl+2 opens the directory; a new contact is saved with Ctrl+S and listed."""
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    contacts = window.workspace.contacts_view
    assert window.workspace.areas.currentWidget() is contacts
    click(qtbot, contacts.new_button)
    assert contacts.name.hasFocus()  # a new contact starts in the name field
    type_text(qtbot, contacts.name, "Ayşe O'Neill")
    press(qtbot, contacts.name, Qt.Key.Key_Tab)
    assert has_focus_in(contacts.agency)
    type_text(qtbot, contacts.agency, "Community Justice Voluntary Group")  # into the combo's own line edit
    click_into(qtbot, contacts.email)
    qtbot.keyClicks(contacts.email, "a.oneill@example.org")
    press(qtbot, contacts.email, Qt.Key.Key_S, CTRL)
    assert contacts.saved_label.text() == "Saved."
    saved = list_contacts(window.store, "ayse oneill")
    assert len(saved) == 1 and saved[0].agency_name == "Community Justice Voluntary Group"


def test_contact_with_bad_email_is_not_saved(qtbot, window) -> None:
    """An invalid email shows a message and nothing is stored."""
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    contacts = window.workspace.contacts_view
    click(qtbot, contacts.new_button)
    click_into(qtbot, contacts.name)
    qtbot.keyClicks(contacts.name, "Temp")
    click_into(qtbot, contacts.email)
    qtbot.keyClicks(contacts.email, "temp-at-nowhere")
    click(qtbot, contacts.save_button)
    assert "email" in contacts.error_label.text() and contacts.saved_label.text() != "Saved."
    assert list_contacts(window.store, "temp") == []


def test_settings_dialog_saves_to_the_store_and_sets_idle_lock(qtbot, window, monkeypatch) -> None:
    """Settings are stored encrypted and the idle lock follows the new minutes."""

    def fake_exec(dialog: SettingsDialog) -> int:
        show_active(qtbot, dialog)
        retype(qtbot, dialog.organisation_name, "Comhairle Cathrach")
        retype(qtbot, dialog.idle_lock_minutes, "3")
        _save(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)  # File ▸ Settings…
    settings = load_store_settings(window.store)
    assert settings.organisation_name == "Comhairle Cathrach"
    assert settings.idle_lock_minutes == 3
    assert window.idle_lock._timer.interval() == 3 * 60_000
