"""Driving chair mode as a keyboard does, for tests: every key goes to whatever has the focus."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from solodesk.models import AgendaItem, ConferenceType, InvitationResponse
from solodesk.services.chair_view import load_snapshot
from solodesk.services.convening import ConveneRequest, InviteeRequest, convene_in_store
from solodesk.store import CaseStore
from solodesk.ui.chair import ChairDesk
from tests.helpers.chair_scenario import seed_leon
from tests.helpers.qt_keys import press

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def keyboard(qtbot, desk: ChairDesk, text: str) -> None:
    """Type text as a keyboard does: every key goes to whatever has the focus when it is pressed."""
    window = desk.window().windowHandle()
    for char in text:
        if char == " ":
            qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
        else:
            qtbot.keyClick(window, char)


def focused() -> QWidget | None:
    """Return the widget with the keyboard focus."""
    return QApplication.focusWidget()


def notes_of(desk: ChairDesk, item: AgendaItem) -> str:
    """Return an item's notes as stored."""
    return load_snapshot(desk.store, desk.conference_id).note(item).notes


def open_desk_with_apologies(qtbot, store: CaseStore) -> ChairDesk:
    """Open chair mode, shown and active, on a conference where PC Ian Reid sent apologies."""
    scenario = seed_leon(store)
    names = ("Margaret Nicolson", "DS Zoë Ó Briain", "PC Ian Reid")
    request = ConveneRequest(
        subject_id=scenario.subject_id,
        kind=ConferenceType.INITIAL,
        meeting_date=date(2026, 9, 14),
        venue="Room 3.12",
        reasons_other="Release in three months.",
        chair_id=scenario.contacts["Margaret Nicolson"],
        invitees=[
            InviteeRequest(
                scenario.contacts[name],
                response=InvitationResponse.APOLOGIES if name == "PC Ian Reid" else InvitationResponse.AWAITING,
            )
            for name in names
        ],
    )
    widget = ChairDesk(store, convene_in_store(store, request))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def tab_until(qtbot, desk: ChairDesk, found, limit: int = 60) -> QWidget:
    """Press Tab until ``found(focus)``; every stop must be a control of the page shown."""
    page = desk.page(desk.current_index())
    for _ in range(limit):
        press(qtbot, desk, Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None and page.isAncestorOf(widget), f"Tab left the page for {widget!r}"
        if found(widget):
            return widget
    raise AssertionError("Tab never reached the control")


def by_name(name: str):
    """Return a test for ``tab_until``: the control with this accessible name."""
    return lambda widget: widget.accessibleName() == name
