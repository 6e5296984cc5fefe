"""Checking a conference out of a real PostgreSQL team store in the app, editing offline, checking it back in."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from solodesk.models import AgendaItem, AgendaNote, Conference
from solodesk.services.chair_edit import save_note
from solodesk.services.checkout import break_lease, check_out, checked_out_here, lease_of
from solodesk.store import CaseStore
from solodesk.ui import change_watch, prompts
from solodesk.ui.checkout_dialogs import CheckInDialog, CheckOutDialog
from solodesk.ui.checkout_laptop import default_laptop_folder
from solodesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.helpers.checkout_team import PASSWORD, demo_team, signed_in
from tests.helpers.qt_keys import (
    click,
    click_cell,
    click_into,
    click_tab,
    has_focus_in,
    pick,
    press,
    retype,
    show_active,
    tab_to,
    type_text,
)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def team(pg, pg_database: str) -> dict[str, object]:
    """The demo on a team store; a chair, an assistant (minuting the held conference) and a manager."""
    return demo_team(pg, pg_database, login_prefix="coui")


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record every message box instead of showing it, checking the busy cursor is off under it."""
    shown: list[tuple[str, str, str]] = []

    def record(kind: str) -> Callable[[object, str, str], None]:
        def show(parent: object, title: str, text: str) -> None:
            assert QGuiApplication.overrideCursor() is None, "the busy cursor is still on under the message"
            shown.append((kind, title, text))

        return show

    monkeypatch.setattr(prompts, "error", record("error"))
    monkeypatch.setattr(prompts, "info", record("info"))
    return shown


def signed_in_window(qtbot, url: str) -> MainWindow:
    """Return the app on the team store, signed in by typing the password and Return."""
    win = MainWindow(url)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    show_active(qtbot, win)
    screen = win.lock_screen
    qtbot.waitUntil(screen.password_field.hasFocus)
    type_text(qtbot, screen.password_field, PASSWORD)
    qtbot.keyClick(screen.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.is_locked, timeout=20_000)
    return win


def choose_conference(qtbot, win: MainWindow, conference_id: int) -> None:
    """Click the held conference's case in the register, then the conference on its Conferences tab."""
    press(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # View > Cases
    workspace = win.workspace
    register = workspace.register_view.table
    qtbot.waitUntil(lambda: register.model().rowCount() > 0, timeout=10_000)
    page = workspace.subject_page
    for row in range(register.model().rowCount()):
        click_cell(qtbot, register, row, 0)
        click_tab(qtbot, page.tabs, "Conferences")
        table = page.conference_table
        for conference_row in range(table.rowCount()):
            click_cell(qtbot, table, conference_row, 0)
            if page.selected_conference_id() == conference_id:
                return
    raise AssertionError("the conference is not in the register")


def assert_takes_no_typing(qtbot, desk, words: str) -> None:
    """Alt+4, click into the purpose notes and type: the text stays as it was, the field read-only."""
    press(qtbot, desk, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    purpose = desk.page_for(AgendaItem.PURPOSE).main_field()
    before = purpose.toPlainText()
    click_into(qtbot, purpose)
    qtbot.keyClicks(purpose, words)
    assert purpose.toPlainText() == before and purpose.isReadOnly()


def in_modal(qtbot, kind: type[QDialog], drive: Callable[[QDialog], None], trigger: Callable[[], None]) -> None:
    """Run ``trigger`` (which opens a modal dialog of ``kind``), drive the dialog by keys, and wait for it to close."""
    driven: list[QDialog] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, step)
            return
        driven.append(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():  # a failed step must not leave exec() waiting forever
                QDialog.done(dialog, 0)

    QTimer.singleShot(0, step)
    trigger()
    assert driven, "the dialog never opened"


def shortcut(qtbot, window: QWidget, key: Qt.Key) -> Callable[[], None]:
    def trigger() -> None:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        press(qtbot, window, key, CTRL_SHIFT)

    return trigger


def type_laptop_passphrase(qtbot, dialog, twice: bool) -> None:
    """Type the laptop store's passphrase (and again, for a new store), then Return; wait for the preview."""
    page = dialog.laptop_page
    click_into(qtbot, page.passphrase)
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    if twice:
        press(qtbot, page.passphrase, Qt.Key.Key_Tab)
        assert page.repeat.hasFocus()
        qtbot.keyClicks(page.repeat, PASSPHRASE)
    press(qtbot, dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.act_button.isVisible(), timeout=30_000)


def note_text(store: CaseStore, conference_id: int) -> str:
    with store.session() as session:
        return session.scalars(
            select(AgendaNote.notes).where(
                AgendaNote.conference_id == conference_id, AgendaNote.item == AgendaItem.PURPOSE
            )
        ).one()


def test_check_out_edit_on_the_laptop_and_check_in_while_the_chair_sees_it_read_only(qtbot, team, messages) -> None:
    """The assistant checks the meeting out into a new laptop store, it changes there, and comes back on check-in;
    meanwhile the chair's window shows who has it and keeps the meeting read-only."""
    conference_id = int(team["conference"])
    folder = default_laptop_folder()
    assert not folder.exists()
    win = signed_in_window(qtbot, str(team["assistant"]))
    check_out_action, check_in_action, _break = win.conference_menu.team_actions
    assert check_out_action.isEnabled() and check_in_action.isEnabled()
    choose_conference(qtbot, win, conference_id)
    seen: dict[str, object] = {}

    def check_out_by_keys(dialog: CheckOutDialog) -> None:
        assert Path(dialog.laptop_page.folder_field.text()) == folder
        assert "No store here yet" in dialog.laptop_page.state_label.text()
        type_laptop_passphrase(qtbot, dialog, twice=True)
        seen["summary"] = dialog.previews[0].summary_label.text()
        with signed_in(team, "chair") as chair:
            seen["lease before"] = lease_of(chair, conference_id)
        press(qtbot, dialog, Qt.Key.Key_Return)  # Return presses Check out
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    in_modal(qtbot, CheckOutDialog, check_out_by_keys, shortcut(qtbot, win, Qt.Key.Key_K))
    assert "checking out creates it and the conference" in str(seen["summary"])
    assert seen["lease before"] is None  # the preview leased nothing
    [(kind, _title, text)] = messages
    assert kind == "info" and text.startswith("Checked out Marcus Alan Leon") and str(folder) in text
    assert "recovery key" in text
    messages.clear()

    # The chair, in a window of her own, opens the meeting: it says who has it and takes no typing.
    chair_win = signed_in_window(qtbot, str(team["chair"]))
    choose_conference(qtbot, chair_win, conference_id)
    press(qtbot, chair_win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: chair_win.chair_desk is not None and chair_win.chair_desk.isVisible())
    desk = chair_win.chair_desk
    assert desk.lease_bar.isVisible()
    assert desk.lease_bar.text().startswith("Read-only: Checked out by The assistant since")
    assert_takes_no_typing(qtbot, desk, "the chair types")

    # On the train: the assistant's laptop store changes through the service layer.
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as laptop:
        [(_store, team_id, _since)] = checked_out_here(laptop)
        assert team_id == conference_id
        with laptop.session() as session:
            local_id = session.scalars(select(Conference.id)).one()
        save_note(laptop, local_id, AgendaItem.PURPOSE, notes="Typed up on the train: Zoë's summary.")

    def check_in_by_keys(dialog: CheckInDialog) -> None:
        assert "A store is here" in dialog.laptop_page.state_label.text()
        type_laptop_passphrase(qtbot, dialog, twice=False)
        table = dialog.previews[0].records_table
        statuses = {table.item(r, 2).text() for r in range(table.rowCount())}
        seen["statuses"] = statuses
        press(qtbot, dialog, Qt.Key.Key_Return)  # Return presses Check in
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    in_modal(qtbot, CheckInDialog, check_in_by_keys, shortcut(qtbot, win, Qt.Key.Key_G))
    assert "changed there" in seen["statuses"]
    [(kind, _title, text)] = messages
    assert kind == "info" and "Checked in: " in text and text.endswith("The laptop keeps its copy.")
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "Typed up on the train: Zoë's summary."
        assert lease_of(chair, conference_id) is None
    # The chair's desk notices the check-in by itself and may be typed in again.
    qtbot.waitUntil(lambda: not desk.lease_bar.isVisible(), timeout=15_000)
    assert not desk.page_for(AgendaItem.PURPOSE).main_field().isReadOnly()
    chair_win.lock()
    win.lock()


def test_a_desk_open_before_the_check_out_turns_read_only_by_itself(qtbot, team, tmp_path, monkeypatch) -> None:
    """The chair has the meeting open and types; the assistant checks it out elsewhere: the desk says so unasked."""
    monkeypatch.setattr(change_watch, "WATCH_MS", 100)  # poll every tenth of a second, not every three
    conference_id = int(team["conference"])
    win = signed_in_window(qtbot, str(team["chair"]))
    choose_conference(qtbot, win, conference_id)
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.chair_desk is not None and win.chair_desk.isVisible())
    desk = win.chair_desk
    assert not desk.lease_bar.isVisible()
    press(qtbot, desk, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    purpose = desk.page_for(AgendaItem.PURPOSE).main_field()
    click_into(qtbot, purpose)
    qtbot.keyClicks(purpose, " Typed before.")
    desk.save_now()
    qtbot.waitUntil(lambda: note_text(win.store, conference_id).endswith(" Typed before."))

    laptop, _ = CaseStore.create(tmp_path / "laptop", PASSPHRASE)
    with laptop, signed_in(team, "assistant") as assistant:
        check_out(assistant, [conference_id], laptop)
    qtbot.waitUntil(desk.lease_bar.isVisible, timeout=15_000)  # no save refused first, no key pressed
    assert desk.lease_bar.text().startswith("Read-only: Checked out by The assistant since")
    assert_takes_no_typing(qtbot, desk, "the chair types on")
    assert note_text(win.store, conference_id).endswith(" Typed before.")  # what she typed before stays
    win.lock()


def test_escape_on_the_preview_writes_nothing_and_leases_nothing(qtbot, team, messages) -> None:
    conference_id = int(team["conference"])
    folder = default_laptop_folder()
    win = signed_in_window(qtbot, str(team["assistant"]))
    choose_conference(qtbot, win, conference_id)

    def look_then_escape(dialog: CheckOutDialog) -> None:
        type_laptop_passphrase(qtbot, dialog, twice=True)
        assert dialog.previews[0].records_table.rowCount() > 10
        press(qtbot, dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    in_modal(qtbot, CheckOutDialog, look_then_escape, shortcut(qtbot, win, Qt.Key.Key_K))
    assert not folder.exists()  # the store made for the check-out went again
    with signed_in(team, "chair") as chair:
        assert lease_of(chair, conference_id) is None
    assert messages == []
    win.lock()


def test_the_check_out_actions_are_off_on_a_laptop_store(demo_window) -> None:
    assert demo_window.conference_menu.team_actions
    assert not any(action.isEnabled() for action in demo_window.conference_menu.team_actions)


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the offscreen platform, opening a menu
def test_the_chair_breaks_a_check_out_after_reading_who_has_it(qtbot, team, messages, tmp_path, monkeypatch) -> None:
    """Conference > Break check-out… names who has the meeting; once confirmed, the chair may edit it again."""
    conference_id = int(team["conference"])
    laptop, _ = CaseStore.create(tmp_path / "laptop", PASSPHRASE)
    with laptop, signed_in(team, "assistant") as assistant:
        check_out(assistant, [conference_id], laptop)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _parent, _title, text: asked.append(text) or True)
    win = signed_in_window(qtbot, str(team["chair"]))
    choose_conference(qtbot, win, conference_id)
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # the C&onference menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, QApplication.activePopupWidget(), Qt.Key.Key_B)  # &Break check-out…
    qtbot.waitUntil(lambda: bool(messages))
    [question] = asked
    assert question.startswith("Checked out by The assistant since") and "Break this check-out?" in question
    assert messages == [("info", "Break check-out", "The check-out is broken.")]
    with signed_in(team, "chair") as chair:
        assert "broken by coui_chair" in lease_of(chair, conference_id).sentence()
        save_note(chair, conference_id, AgendaItem.PURPOSE, notes="The chair edits after breaking it")
    win.lock()


def test_after_a_broken_check_out_the_laptops_wording_is_taken_when_chosen(qtbot, team, messages, tmp_path) -> None:
    """The manager broke the lease and the chair edited; at check-in "Take the laptop's" sends the laptop's text."""
    conference_id = int(team["conference"])
    folder = tmp_path / "laptop"
    laptop, _ = CaseStore.create(folder, PASSPHRASE)
    with laptop:
        with signed_in(team, "assistant") as assistant:
            [out] = check_out(assistant, [conference_id], laptop)
        save_note(laptop, out.local_conference_id, AgendaItem.PURPOSE, notes="The laptop's wording")
    with signed_in(team, "manager") as manager:
        break_lease(manager, conference_id)
    with signed_in(team, "chair") as chair:
        save_note(chair, conference_id, AgendaItem.PURPOSE, notes="The server's wording")
    win = signed_in_window(qtbot, str(team["assistant"]))

    def take_the_laptops(dialog: CheckInDialog) -> None:
        retype(qtbot, dialog.laptop_page.folder_field, str(folder))
        type_laptop_passphrase(qtbot, dialog, twice=False)
        page = dialog.previews[0]
        assert page.conflicts_table.isVisible()
        assert page.conflicts_table.horizontalHeaderItem(1).text() == "The team store"
        [key] = page.choices()
        box = page.choice_box(key)
        assert box.currentText() == "Keep the team store's"
        assert has_focus_in(page.records_table)  # the preview takes the keys at once
        tab_to(qtbot, box)
        pick(qtbot, box, "Take the laptop's")
        click(qtbot, dialog.act_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    in_modal(qtbot, CheckInDialog, take_the_laptops, shortcut(qtbot, win, Qt.Key.Key_G))
    [(_kind, _title, text)] = messages
    assert "The check-out had been broken by coui_manager" in text and text.endswith("The laptop keeps its copy.")
    with signed_in(team, "chair") as chair:
        assert note_text(chair, conference_id) == "The laptop's wording"
        assert lease_of(chair, conference_id) is None
    win.lock()
