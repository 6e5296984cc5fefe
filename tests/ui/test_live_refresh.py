"""Working together: the chair desk and the desk screen show another person's saves within seconds."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from solodesk.models import AgendaItem
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_fields import ConferenceText
from solodesk.services.chair_ops import SetText
from solodesk.store import CaseStore
from solodesk.ui import change_watch
from solodesk.ui.chair import ChairDesk
from solodesk.ui.desk import DeskView, desk_view
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.desk_store import AS_OF, build
from tests.helpers.qt_keys import press, show_active, type_text

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch) -> None:
    """Poll every tenth of a second rather than every three (the waiting is qtbot.waitUntil's)."""
    monkeypatch.setattr(change_watch, "WATCH_MS", 100)


@contextmanager
def as_hannah(monkeypatch, store: CaseStore) -> Iterator[None]:
    """Save as another person would: her name on the rows and the audit events (one writer per SQLCipher store)."""
    with monkeypatch.context() as patch:
        patch.setattr(type(store), "actor", property(lambda _store: "hannah"))
        yield


def test_the_chair_desk_shows_another_persons_save_and_keeps_the_cursor(qtbot, store, monkeypatch) -> None:
    """Hannah sets the next venue while the chair writes notes: the venue appears; the typing and cursor stay."""
    conference_id = convene_leon(store, date(1979, 4, 2), "Room 3.12", "Concern.", ("Margaret Nicolson",))
    desk = ChairDesk(store, conference_id)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    show_active(qtbot, desk)
    press(qtbot, desk, Qt.Key.Key_8, ALT)
    page = desk.page_for(AgendaItem.NEXT_MEETING)
    notes = page.notes
    assert notes is not None and notes.hasFocus()
    type_text(qtbot, desk, "Reconvene in three months.")
    qtbot.waitUntil(lambda: not desk.saver.has_pending())
    with as_hannah(monkeypatch, store):
        chair_ops.apply(store, SetText(ConferenceText.NEXT_VENUE, conference_id, "Room 9, Police HQ", base=""))
    qtbot.waitUntil(lambda: page.next_venue.text() == "Room 9, Police HQ")
    assert QApplication.focusWidget() is notes and notes.toPlainText() == "Reconvene in three months."
    type_text(qtbot, desk, " Agreed.")
    assert notes.toPlainText() == "Reconvene in three months. Agreed."


def test_the_desk_screen_shows_another_persons_new_action(qtbot, store, monkeypatch) -> None:
    """Hannah adds an overdue action in her meeting: the desk's count of overdue actions goes up by one."""
    monkeypatch.setattr(desk_view, "_today", lambda: AS_OF)
    with store.session() as session:
        ids = build(session)
    view = DeskView(store)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    before = view.desk.counts.actions_overdue
    with as_hannah(monkeypatch, store):
        chair_edit.add_action(store, ids.conferences["B"], "Check the release address", due_date=AS_OF - timedelta(1))
    qtbot.waitUntil(lambda: view.desk.counts.actions_overdue == before + 1)
    assert f"Actions overdue: <b>{before + 1}</b>" in view.counts.text()
