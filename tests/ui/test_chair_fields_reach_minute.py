"""Every field a chair can fill in chair mode, reached by Tab and typed, reaches the minute PDF.

The walk is generic on purpose: on each agenda page it Tabs to every empty text,
date and time field in reading order and types a distinct value, presses each
"Add …" button by keyboard once (so the rows it creates get walked too), then
renders the minute and looks for every value in the extracted text. A field
added to chair mode later is walked without changing this test, so the desk and
the minute cannot drift apart unnoticed.
"""

import re
from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from solodesk.models import (
    Action,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Invitation,
    ManagementLevel,
    MappaCategory,
    Subject,
)
from solodesk.services.minute_views import preview_pdf
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.keyboard import reading_order
from solodesk.ui.chair.page import AgendaPage
from solodesk.ui.date_fields import DateField, TimeField
from tests.helpers.chair_scenario import seed_leon
from tests.helpers.minutes import page_texts
from tests.helpers.qt_keys import choose, named, press, type_text

ALT = Qt.KeyboardModifier.AltModifier
INVITED = ("Margaret Nicolson", "DS Zoë Ó Briain", "Łukasz Wiśniewski")
# Shown but not walked, with the reason.
NOT_WALKED = {
    # Only while "Do not reconvene" is chosen, which clears the next date the walk fills in.
    "Reason for not reconvening",
}
# The fields this issue added: the walk must have reached and typed in every one.
NEW_FIELDS = {
    "Meeting actually started",
    "Meeting actually ended",
    "Ethnicity",
    "Area of address",
    "Sentence",
    "Date of sentence",
    "Licence or order ends",
    "Agency update: DS Zoë Ó Briain",
    "New need",
    "New need: response",
    "New warning sign",
    "New warning sign: response",
    "Level decision reason",
    "Exit criteria",
    "Action 1 reason",
    "New disclosure: legal route",
    "Notification 1: from whom",
    "Notification 1: release date",
    "Notification 1: released on",
    "Hospital detention and status",  # MAPPA minute §2.2 row 8
    "Hospital detention completed by",
}


def _review_with_an_earlier_action(store) -> int:
    """A MAPPA category 1 subject's review, after an initial conference that left one action open."""
    scenario = seed_leon(store)
    people = scenario.contacts
    with store.session() as session:
        subject = session.get(Subject, scenario.subject_id)
        assert subject is not None
        subject.mappa_category = MappaCategory.CATEGORY_1
        subject.management_level = ManagementLevel.LEVEL_2
        initial = Conference(
            subject=subject,
            kind=ConferenceType.INITIAL,
            status=ConferenceStatus.ISSUED,
            meeting_date=date(2026, 6, 1),
            venue="Room 1",
            chair_id=people["Margaret Nicolson"],
        )
        session.add(initial)
        session.flush()
        session.add(
            Action(
                subject_id=subject.id,
                raised_at_id=initial.id,
                description="Visit weekly",
                owner_id=people["DS Zoë Ó Briain"],
            )
        )
        review = Conference(
            subject=subject,
            kind=ConferenceType.REVIEW,
            previous_conference_id=initial.id,
            meeting_date=date(2026, 9, 14),
            meeting_time=time(10, 0),
            venue="Room 3.12",
            chair_id=people["Margaret Nicolson"],
        )
        for name in INVITED:
            review.invitations.append(
                Invitation(contact_id=people[name], restricted_clearance=name == "Margaret Nicolson")
            )
        session.add(review)
        session.flush()
        return review.id


class Walk:
    """Types a distinct value into each field it reaches and remembers what the minute must then show."""

    def __init__(self, qtbot, desk: ChairDesk) -> None:
        self.qtbot, self.desk = qtbot, desk
        self.expected: list[tuple[str, str, tuple[str, ...]]] = []  # (page, field, any of these printed forms)
        self.typed: set[tuple[int, str]] = set()

    @staticmethod
    def name(widget: QWidget) -> str:
        return widget.accessibleName() or getattr(widget, "placeholderText", lambda: "")() or type(widget).__name__

    def fillable(self, index: int, widget: QWidget) -> bool:
        if not isinstance(widget, QLineEdit | QPlainTextEdit) or self.name(widget) in NOT_WALKED:
            return False
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        return not text and (index, self.name(widget)) not in self.typed

    def tab_to(self, page: AgendaPage, target: QWidget) -> None:
        """Press Tab until the target has the focus (failing if Tab never reaches it)."""
        for _ in range(len(reading_order(page)) + 3):
            now = QApplication.focusWidget()
            if now is target or (now is not None and target.isAncestorOf(now)):
                return
            press(self.qtbot, self.desk, Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reaches {self.name(target)!r} on {page.title.text()!r}")

    def value_for(self, widget: QWidget) -> tuple[str, tuple[str, ...]]:
        n = len(self.expected) + 1
        if isinstance(widget, DateField):
            when = date(2026, 10, 1) + timedelta(days=n)
            return when.strftime("%d/%m/%Y"), (when.strftime("%d/%m/%Y"), f"{when.day} {when:%B %Y}")
        if isinstance(widget, TimeField):
            hhmm = f"{9 + n % 8:02d}:{(7 * n) % 60:02d}"
            return hhmm, (hhmm,)
        token = f"wk{n:03d}q"
        return token, (token,)

    def page(self, index: int) -> AgendaPage:
        press(self.qtbot, self.desk, Qt.Key(Qt.Key.Key_0 + index), ALT)
        self.qtbot.waitUntil(lambda: self.desk.current_index() == index)
        return self.desk.page(index)

    def walk(self, index: int) -> None:
        """Fill every empty field of a page, pressing each "Add …" button once when none is left."""
        page = self.page(index)
        pressed: set[str] = set()
        for _ in range(300):
            QApplication.processEvents()
            chain = reading_order(page)
            target = next((w for w in chain if self.fillable(index, w)), None)
            if target is not None:
                self.tab_to(page, target)
                typed, printed = self.value_for(target)
                type_text(self.qtbot, target, typed)
                self.typed.add((index, self.name(target)))
                self.expected.append((page.title.text(), self.name(target), printed))
                continue
            add = next(
                (
                    w
                    for w in chain
                    if isinstance(w, QPushButton)
                    and w.text().startswith("Add ")
                    and w.text() != "Add as present"
                    and w.text() not in pressed
                ),
                None,
            )
            if add is None:
                return
            pressed.add(add.text())
            self.tab_to(page, add)
            press(self.qtbot, self.desk, Qt.Key.Key_Space)
        raise AssertionError(f"the walk of {page.title.text()!r} never ended")

    def tick(self, index: int, widget: QWidget, key: Qt.Key = Qt.Key.Key_Space) -> None:
        """Reach a tick or choice by Tab and press a key on it."""
        page = self.desk.page(index)
        self.tab_to(page, widget)
        press(self.qtbot, self.desk, key)


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    widget = ChairDesk(store, _review_with_an_earlier_action(store))
    qtbot.addWidget(widget)
    widget.resize(1366, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def test_every_field_a_chair_fills_reaches_the_minute(qtbot, desk, store) -> None:
    """Walk pages 0–8 by keyboard, then find every typed value, tick and choice in the minute PDF."""
    walk = Walk(qtbot, desk)
    confidentiality = walk.page(0)
    walk.tick(0, confidentiality.first_field())  # "All present agreed the confidentiality statement"
    introductions = walk.page(1)
    for name in ("DS Zoë Ó Briain: Present", "Łukasz Wiśniewski: Present", "Łukasz Wiśniewski: late"):
        walk.tick(1, named(introductions, QWidget, name))
    walk.tick(1, named(introductions, QWidget, "DS Zoë Ó Briain: left early"))
    previous = walk.page(3)
    walk.tick(3, previous.accuracy_buttons[None], Qt.Key.Key_Right)  # to "Agreed as accurate"
    press(qtbot, desk, Qt.Key.Key_Right)  # to "Amendments needed": the amendments box opens
    qtbot.waitUntil(lambda: previous.amendments.isEnabled())
    purpose = walk.page(4)
    walk.tick(4, named(purpose, QWidget, "Restricted patient"))
    for index in range(1, 9):
        walk.walk(index)
    plan = walk.page(7)  # back to the plan (Alt+7): a choice is made on the page shown
    choose(qtbot, named(plan, QWidget, "Level decision"), "Raised")
    walk.page(0)  # leaving a page saves what was typed
    desk.save_now()

    text = re.sub(r"\s+", " ", " ".join(page_texts(preview_pdf(store, desk.conference_id, recipient_number=1))))
    missing = [f"{page} → {field}" for page, field, forms in walk.expected if not any(f in text for f in forms)]
    assert missing == [], "typed in chair mode but not on the minute:\n" + "\n".join(missing)
    walked = {field for _page, field, _forms in walk.expected}
    assert walked >= NEW_FIELDS, f"not reached by Tab: {sorted(NEW_FIELDS - walked)}"
    assert len(walk.expected) >= 60  # every page's fields, rows included
    for shown in (
        "The confidentiality statement was read and agreed by everyone present.",
        "DS Zoë Ó Briain (Police Scotland OMU), left early",
        "Łukasz Wiśniewski (City Housing), arrived late",
        "The minute of the last meeting was agreed with amendments:",
        "Level 2 (multi-agency): raised to this level.",
        "Restricted patient Yes",
    ):
        assert shown in text, shown
