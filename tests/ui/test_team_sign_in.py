"""Signing in to a team store in the app: the person's own login and password, typed; locking disconnects."""

import itertools
import os

import pytest
from PySide6.QtCore import Qt

from solodesk.models import Contact, Subject
from solodesk.store import remembered_key
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, parse_url, sign_in_entry
from solodesk.ui.main_window import MainWindow
from solodesk.ui.team_sign_in import TeamSignIn
from tests.helpers.qt_keys import click, click_into, show_active, type_text

PASSWORD = "a long team password"
_numbers = itertools.count(1)


@pytest.fixture
def chair_url(pg, pg_database: str) -> str:
    """A team store with one case and a chair's login; return the chair's address (no password in it)."""
    init_team(pg_database)
    with TeamStore.open(pg_database) as store, store.session() as session:
        contact = Contact(name="Zoë Ó Briain")
        session.add_all([contact, Subject(forenames="Łukasz", surname="Nguyễn-O'Connor")])
        session.flush()
        contact_id = contact.id
    login = f"ui_chair_{os.getpid()}_{next(_numbers)}"
    add_user(pg_database, login, "Zoë Ó Briain", "chair", PASSWORD, contact_id=contact_id)
    return pg.url(parse_url(pg_database).database, user=login)


def _window(qtbot, url: str) -> MainWindow:
    win = MainWindow(url)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    show_active(qtbot, win)
    return win


def _sessions_of(pg, url: str) -> int:
    with pg.admin() as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (parse_url(url).username,))
        return int(row.fetchone()[0])


def test_the_chair_signs_in_by_typing_and_a_wrong_password_says_so(qtbot, pg, chair_url) -> None:
    """The login is filled from the address; a wrong password is refused in one sentence; the right one opens."""
    win = _window(qtbot, chair_url)
    screen = win.lock_screen
    assert isinstance(screen, TeamSignIn)
    assert screen.login_field.text() == parse_url(chair_url).username
    assert PASSWORD not in screen.place_label.text() and "Server: postgresql://" in screen.place_label.text()
    qtbot.waitUntil(screen.password_field.hasFocus)
    type_text(qtbot, screen.password_field, "not the password")
    qtbot.keyClick(screen.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.error_label.text()), timeout=20_000)
    assert screen.error_label.text() == (
        f"The server refused the login or password for {parse_url(chair_url).username}. Try again."
    )
    assert win.is_locked
    # The wrong password is selected: typing replaces it.
    type_text(qtbot, screen.password_field, PASSWORD)
    qtbot.keyClick(screen.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.is_locked, timeout=20_000)
    assert screen.password_field.text() == ""
    assert PASSWORD not in win.statusBar().currentMessage()
    assert _sessions_of(pg, chair_url) >= 1

    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.is_locked)
    qtbot.waitUntil(lambda: _sessions_of(pg, chair_url) == 0, timeout=10_000)


def test_a_remembered_password_signs_in_at_start(qtbot, pg, chair_url) -> None:
    """Ticking "Remember" keeps the password in the keyring for this login; the next start signs in by itself."""
    win = _window(qtbot, chair_url)
    screen = win.lock_screen
    qtbot.waitUntil(screen.remember_box.isEnabled)
    click(qtbot, screen.remember_box)
    click_into(qtbot, screen.password_field)
    type_text(qtbot, screen.password_field, PASSWORD)
    qtbot.keyClick(screen.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.is_locked, timeout=20_000)
    login = parse_url(chair_url).username
    assert remembered_key.load_secret(sign_in_entry(chair_url, login)) == PASSWORD.encode()
    win.lock()

    again = _window(qtbot, chair_url)
    assert again.lock_screen.try_remembered_key()
    qtbot.waitUntil(lambda: not again.is_locked, timeout=20_000)
    again.lock()


def test_the_app_opens_on_a_team_address_without_making_a_folder(qtbot, tmp_path, monkeypatch) -> None:
    """An address is never taken for a folder: the sign-in screen shows it and the working folder stays empty."""
    from solodesk.__main__ import _gui_only

    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    assert _gui_only(["--store", "postgresql://zoe@/solodesk"]) == (True, "postgresql://zoe@/solodesk")
    win = _window(qtbot, "postgresql://zoe@/solodesk")
    assert isinstance(win.lock_screen, TeamSignIn) and win.lock_screen.login_field.text() == "zoe"
    assert list((tmp_path / "cwd").iterdir()) == []
