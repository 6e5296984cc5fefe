"""A long desk list shows its first lines and a "Show all (K)" row that Enter opens, by keys alone."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from solodesk.models import Action, Contact, Subject
from solodesk.ui.desk import desk_view
from solodesk.ui.desk.desk_view import DESK_LIMIT
from solodesk.ui.main_window import MainWindow
from tests.helpers.desk_store import AS_OF, DeskIds, build
from tests.helpers.qt_keys import press
from tests.ui.conftest import open_window_by_keys

EXTRA_CASES = DESK_LIMIT + 5  # cases with no risk assessment, on top of the hand-built store's five
EXTRA_ACTIONS = DESK_LIMIT + 3  # Zoë's overdue actions, on top of her two


@pytest.fixture
def long_desk(qtbot, store, monkeypatch) -> tuple[MainWindow, DeskIds]:
    """The hand-built desk store with 30 more unassessed cases and 28 more overdue actions for Zoë."""
    monkeypatch.setattr(desk_view, "_today", lambda: AS_OF)
    with store.session() as session:
        ids = build(session)
        zoe = session.scalars(select(Contact).where(Contact.name == "DS Zoë Ó Briain")).one()
        alice = session.get(Subject, ids.subjects["Alice"])
        session.add_all(Subject(forenames=f"Case {n:02d}", surname="Zz-Unassessed") for n in range(EXTRA_CASES))
        session.add_all(
            Action(subject=alice, description=f"Chase {n:02d}", owner=zoe, due_date=date(2026, 10, 1) + timedelta(n))
            for n in range(EXTRA_ACTIONS)
        )
    store.close()
    win = open_window_by_keys(qtbot, store.folder)
    yield win, ids
    win.lock()


def test_end_then_enter_shows_the_whole_list_and_the_keys_carry_on(qtbot, long_desk) -> None:
    """The last list stops at 25 lines; End lands on "Show all (35)", Enter brings the rest, Down reaches them."""
    win, _ = long_desk
    desk = win.desk_view
    assert desk.tree.hasFocus()
    counts_before = desk.counts.text()
    lines = desk.line_texts()
    heading = f"Risk assessments missing or out of date ({EXTRA_CASES + 5})"
    assert heading in lines
    shown = lines[lines.index(heading) + 1 :]
    assert len(shown) == DESK_LIMIT + 1 and shown[-1] == f"Show all ({EXTRA_CASES + 5}) — Enter"
    press(qtbot, desk.tree, Qt.Key.Key_End)
    assert desk.tree.current_show_all() is not None and desk.tree.current_target() is None
    assert not desk.convene_button.isEnabled()
    press(qtbot, desk.tree, Qt.Key.Key_Return)
    lines = desk.line_texts()
    shown = lines[lines.index(heading) + 1 :]
    assert len(shown) == EXTRA_CASES + 5 and not any(line.startswith("Show all") for line in shown)
    assert desk.counts.text() == counts_before  # the counts were exact all along
    # The cursor is on the first line that was not shown before, and the arrows go on from there.
    assert desk.tree.current_target() is not None and desk.tree.hasFocus()
    # The store's five come first (by surname), so the 26th line is the 21st added case.
    assert shown[DESK_LIMIT].startswith(f"No assessment | Case {DESK_LIMIT - 5:02d} Zz-Unassessed")
    assert " | ".join(desk.model.texts(desk.tree.currentIndex())) == shown[DESK_LIMIT]
    for _ in range(EXTRA_CASES + 5 - DESK_LIMIT - 1):
        press(qtbot, desk.tree, Qt.Key.Key_Down)
    assert " | ".join(desk.model.texts(desk.tree.currentIndex())) == shown[-1]
    # F5 re-reads the desk; the list the user opened stays whole.
    press(qtbot, desk.tree, Qt.Key.Key_F5)
    lines = desk.line_texts()
    assert len(lines[lines.index(heading) + 1 :]) == EXTRA_CASES + 5


def test_an_owners_show_all_row_is_reached_by_arrows_and_opens_their_actions(qtbot, long_desk) -> None:
    """Zoë has 30 actions: 25 lines, then "Show all (30)"; Down reaches it, Enter lists all; Enter opens one."""
    win, ids = long_desk
    desk = win.desk_view
    owner = f"DS Zoë Ó Briain — Police Scotland — OMU ({EXTRA_ACTIONS + 2})"
    lines = desk.line_texts()
    assert owner in lines and "Actions overdue or due within 14 days, by owner (32)" in lines
    for _ in range(200):
        more = desk.tree.current_show_all()
        if more is not None and more.key[1] == "DS Zoë Ó Briain":
            break
        press(qtbot, desk.tree, Qt.Key.Key_Down)
    else:
        raise AssertionError("no Show all row for Zoë's actions")
    press(qtbot, desk.tree, Qt.Key.Key_Enter)
    lines = desk.line_texts()
    zoes = lines[lines.index(owner) + 1 : lines.index(owner) + 1 + EXTRA_ACTIONS + 2]
    assert all(" | Alice Agreed-Today | " in line for line in zoes)
    assert zoes[-1].startswith("Due Wed 16 Dec 2026 | Alice Agreed-Today | Check")  # her last, due on day 14
    assert desk.tree.current_target().where == "actions"
    press(qtbot, desk.tree, Qt.Key.Key_Return)
    page = win.workspace.subject_page
    assert page.subject_id == ids.subjects["Alice"] and page.tabs.currentWidget() is page.action_table
    # Back on the desk (Ctrl+0), Zoë's actions are still all there and the cursor where it was.
    press(qtbot, page, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.stack.currentWidget() is desk and desk.tree.current_target().where == "actions"
    assert owner in desk.line_texts() and len(desk.line_texts()) == len(lines)
