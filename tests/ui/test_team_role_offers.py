"""On a team store the app offers each person only what their role may do, and says why the rest is greyed.

Real PostgreSQL, signed in by typing: a manager (reads, writes nothing) and an assistant (takes and
circulates the minute, adds no case). What is greyed the server refuses as well
(``tests/integration/test_team_roles_in_the_app.py``).
"""

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from solodesk.models import AgendaItem
from tests.helpers.checkout_team import demo_team
from tests.helpers.qt_keys import press, type_text
from tests.ui.test_checkout_dialogs import assert_takes_no_typing, choose_conference, signed_in_window


@pytest.fixture
def team(pg, pg_database: str) -> dict[str, object]:
    """The demo on a team store; a chair, an assistant (minuting the held conference) and a manager."""
    return demo_team(pg, pg_database, login_prefix="roles")


def _action(win, text: str):
    return next(a for a in win.findChildren(type(win.new_case_action)) if a.text() == text)


def test_a_manager_is_offered_reading_only_and_chair_mode_says_so(qtbot, team) -> None:
    """New case, convening and circulating are greyed with the reason; chair mode is read-only with a banner."""
    win = signed_in_window(qtbot, str(team["manager"]))
    refusal = "Your role on this team store (manager) does not let you add a case."
    assert not win.new_case_action.isEnabled() and win.new_case_action.toolTip() == refusal
    assert not win.convene_action.isEnabled()
    assert not _action(win, "&Circulate minute…").isEnabled()
    assert _action(win, "Minute &preview…").isEnabled()  # reading is theirs
    assert not win.workspace.register_view.new_button.isEnabled()
    assert not win.desk_view.convene_button.isEnabled()
    press(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # the shortcut of a greyed action
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]

    choose_conference(qtbot, win, int(team["conference"]))
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.chair_desk is not None and win.chair_desk.isVisible())
    desk = win.chair_desk
    assert desk.lease_bar.isVisible()
    assert desk.lease_bar.text() == (
        "Read-only: Your role on this team store (manager) does not let you change a conference's record."
    )
    assert_takes_no_typing(qtbot, desk, "the manager types")
    win.lock()


def test_the_minute_taker_circulates_but_adds_no_case(qtbot, team) -> None:
    """The assistant's circulation is offered and chair mode takes their typing; adding a case is greyed."""
    win = signed_in_window(qtbot, str(team["assistant"]))
    assert not win.new_case_action.isEnabled()
    assert win.convene_action.isEnabled() and _action(win, "&Circulate minute…").isEnabled()
    figures = win.management_information_action  # the team's figures: a manager's or the chair's
    assert not figures.isEnabled()
    assert figures.toolTip() == (
        "Your role on this team store (assistant) does not let you produce the management information."
    )
    choose_conference(qtbot, win, int(team["conference"]))
    press(qtbot, win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.chair_desk is not None and win.chair_desk.isVisible())
    assert not win.chair_desk.lease_bar.isVisible()
    press(qtbot, win.chair_desk, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert not win.chair_desk.page_for(AgendaItem.PURPOSE).main_field().isReadOnly()
    win.lock()


def test_a_manager_writes_the_management_information_of_the_team(qtbot, team, tmp_path, monkeypatch) -> None:
    """View ▸ Management information… on the manager's own login: typed period and folder, Enter, the figures."""
    from solodesk.ui.desk import ManagementInformationDialog, mi_dialog

    told: list[str] = []
    monkeypatch.setattr(mi_dialog.prompts, "info", lambda parent, title, text: told.append(text))
    shown: list[ManagementInformationDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or dialog.show())
    win = signed_in_window(qtbot, str(team["manager"]))
    action = _action(win, "&Management information…")
    assert action.isEnabled()  # figures are the manager's own task
    action.trigger()
    dialog = shown[0]
    qtbot.waitUntil(dialog.from_field.hasFocus)
    type_text(qtbot, dialog, "1/1/2020")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "31/12/2030")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, str(tmp_path / "figures"))
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.written is not None)
    assert dialog.error_label.text() == ""
    assert told and told[0].startswith("Wrote 8 files")
    with pdfplumber.open(dialog.written.pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "1 Jan 2020 to 31 Dec 2030" in text
    # The demo's held conference is counted: the manager reads every case, not none.
    conferences_csv = next(p for p in dialog.written.paths if "conferences" in p.name)
    assert "Total,1,1" in conferences_csv.read_text(encoding="utf-8-sig").splitlines()
    assert "Category 1 (registered sexual offender) 0 1 0 0 1" in text
    win.lock()
