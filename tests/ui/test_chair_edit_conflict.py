"""Working together in chair mode: a save over another person's change is refused visibly, nothing lost."""

from datetime import UTC, date

import pytest
from PySide6.QtCore import Qt

from solodesk.models import AgendaItem, AgendaNote, Conference, Versioned
from solodesk.models.versioned import ACTOR_KEY
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_fields import VictimText
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_view import load_snapshot
from solodesk.ui.chair import ChairDesk
from solodesk.ui.chair.conflict_bar import RELOADED
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.qt_keys import click_into, press, show_active, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def desk(qtbot, store) -> ChairDesk:
    conference_id = convene_leon(store, date(1979, 4, 2), "Room 3.12", "Concern.", ("Margaret Nicolson",))
    widget = ChairDesk(store, conference_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    show_active(qtbot, widget)
    return widget


def _hannah_writes(desk: ChairDesk, item: AgendaItem, text: str) -> str:
    """Another person saves the item's notes (as the same open store allows: one writer); return HH:MM."""
    with desk.store.session() as session:
        session.info[ACTOR_KEY] = "hannah"
        conference = session.get(Conference, desk.conference_id)
        assert conference is not None
        note = conference.note_for(item)
        if note is None:
            note = AgendaNote(item=item)
            conference.agenda_notes.append(note)
        note.notes = text
        session.flush()
        assert isinstance(note, Versioned) and note.changed_at is not None
        at = note.changed_at
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().strftime("%H:%M")


def _stored_notes(desk: ChairDesk, item: AgendaItem) -> str:
    return load_snapshot(desk.store, desk.conference_id).note(item).notes


def test_a_refused_save_keeps_the_typing_and_reload_lets_the_chair_choose(qtbot, desk) -> None:
    """Hannah saves the purpose notes after the page opened; the chair's typing is refused, kept, then re-applied."""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    notes = desk.page_for(AgendaItem.PURPOSE).notes
    assert notes is not None and notes.hasFocus()
    hhmm = _hannah_writes(desk, AgendaItem.PURPOSE, "Hannah: risk to the school.")
    type_text(qtbot, desk, "Chair: review after release.")
    sentence = f"Changed by hannah at {hhmm} — reload."
    qtbot.waitUntil(lambda: desk.conflict_bar.message() == sentence)
    assert desk.conflict_bar.isVisible() and desk.conflict_bar.reload_button.isVisible()
    assert notes.toPlainText() == "Chair: review after release."
    assert _stored_notes(desk, AgendaItem.PURPOSE) == "Hannah: risk to the school."
    # More typing, and leaving the page, try nothing again behind the chair's back.
    type_text(qtbot, desk, " Agreed.")
    press(qtbot, desk, Qt.Key.Key_PageDown, CTRL)
    assert _stored_notes(desk, AgendaItem.PURPOSE) == "Hannah: risk to the school."
    assert desk.conflict_bar.message() == sentence
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    assert notes.hasFocus() and notes.toPlainText() == "Chair: review after release. Agreed."
    # F5 reloads: the field shows Hannah's words; Ctrl+Z in it brings the chair's back, and that saves.
    press(qtbot, desk, Qt.Key.Key_F5)
    assert notes.toPlainText() == "Hannah: risk to the school."
    assert desk.conflict_bar.message() == RELOADED
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert notes.toPlainText() == "Chair: review after release. Agreed."
    qtbot.waitUntil(lambda: _stored_notes(desk, AgendaItem.PURPOSE) == "Chair: review after release. Agreed.")
    qtbot.waitUntil(lambda: desk.conflict_bar.message() == "")


def test_another_field_changed_meanwhile_is_no_conflict(qtbot, desk) -> None:
    """Hannah writes the victim-issues notes; the chair's purpose notes save as usual, and no bar appears."""
    press(qtbot, desk, Qt.Key.Key_4, ALT)
    _hannah_writes(desk, AgendaItem.VICTIM_ISSUES, "Hannah: the neighbour's child.")
    type_text(qtbot, desk, "Chair: review after release.")
    qtbot.waitUntil(lambda: _stored_notes(desk, AgendaItem.PURPOSE) == "Chair: review after release.")
    assert _stored_notes(desk, AgendaItem.VICTIM_ISSUES) == "Hannah: the neighbour's child."
    assert desk.conflict_bar.message() == "" and desk.status_label.text() == "All changes saved."


def test_a_refused_row_field_survives_leaving_the_page_and_comes_back_with_ctrl_z(qtbot, desk) -> None:
    """A victim's description, rebuilt with its page, keeps the chair's refused text until F5 and Ctrl+Z."""
    victim_id = chair_edit.add_victim(desk.store, desk.conference_id)
    press(qtbot, desk, Qt.Key.Key_5, ALT)
    page = desk.page_for(AgendaItem.VICTIM_ISSUES)
    description = page.focus_victim
    assert description is not None
    click_into(qtbot, description)
    chair_ops.apply(desk.store, SetText(VictimText.DESCRIPTION, victim_id, "Hannah: ex-partner.", base=""))
    type_text(qtbot, desk, "Chair: neighbour")
    qtbot.waitUntil(lambda: desk.conflict_bar.message().startswith("Changed by "))
    press(qtbot, desk, Qt.Key.Key_PageDown, CTRL)
    press(qtbot, desk, Qt.Key.Key_PageUp, CTRL)
    assert page.focus_victim is description and description.text() == "Chair: neighbour"
    click_into(qtbot, description)
    press(qtbot, desk, Qt.Key.Key_F5)
    assert description.text() == "Hannah: ex-partner."
    press(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert description.text() == "Chair: neighbour"
    qtbot.waitUntil(lambda: load_snapshot(desk.store, desk.conference_id).victims[0].description == "Chair: neighbour")
