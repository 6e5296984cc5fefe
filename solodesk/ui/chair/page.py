"""The frame every agenda page shares: a title, a scrolling body, notes and a "completed" mark."""

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QLayout, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from solodesk.models import AgendaItem
from solodesk.services import chair_edit
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.store import CaseStore
from solodesk.ui.chair.autosave import AutoSaver, set_stored
from solodesk.ui.chair.fields import heading, is_being_typed_in, notes_edit, show_text
from solodesk.ui.chair.keyboard import deliver_typing, is_typing, next_in_reading_order
from solodesk.ui.chair.removal_bar import RemovalBar
from solodesk.ui.chair.rows import RowEntry


@dataclass
class DeskContext:
    """What every page needs: the store, the conference, the saver, and the bar that undoes removals."""

    store: CaseStore
    conference_id: int
    saver: AutoSaver
    removals: RemovalBar


def plain(text: str, parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    """Return a label that shows stored text literally (never as HTML)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def line_edit(text: str = "", name: str = "", placeholder: str = "") -> QLineEdit:
    """Return a line edit showing the start of its text (long stored text is not scrolled to its end)."""
    edit = QLineEdit(text)
    set_stored(edit, text)  # The base of the field's first save.
    edit.setCursorPosition(0)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of a layout (rows are rebuilt from the store)."""
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget() if child is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class AgendaPage(QWidget):
    """One page of the desk.

    Subclasses add their fields to ``self.body`` in ``build`` and show stored
    values in ``fill``. The page ends with the item's free notes and its
    "completed" mark when it is an agenda item.

    Signals:
        structure_changed: rows were added or removed; the desk refreshes the page.
        nowhere_to_type: the chair typed on a page with no text field (the desk says so).
    """

    structure_changed = Signal()
    nowhere_to_type = Signal()
    notes_title = "Notes"

    def __init__(self, ctx: DeskContext, item: AgendaItem | None, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        self.title = QLabel(title)
        self.title.setStyleSheet("QLabel { font-size: 15pt; font-weight: bold; }")
        outer.addWidget(self.title)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        self.body = QVBoxLayout(holder)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.scroll_area.setWidget(holder)
        self.row_entry = RowEntry(holder)  # Down from a field above a list of rows goes to its first row.
        outer.addWidget(self.scroll_area, 1)
        self.sections: list[QWidget] = []  # blocks of fields with their own fill (record_sections)
        self.build()
        self.notes: QPlainTextEdit | None = None
        self.completed_box: QCheckBox | None = None
        if item is not None:
            self.body.addWidget(heading(self.notes_title))
            notes = notes_edit("What was said under this item (free notes for the minute).")
            self.ctx.saver.bind_text(notes, partial(self._save_notes, item))
            self.body.addWidget(notes)
            self.notes = notes
            self.build_after_notes()
            self.completed_box = QCheckBox(f"Item {item.number} completed")
            self.completed_box.setStyleSheet("QCheckBox { font-weight: bold; margin-top: 6px; }")
            self.completed_box.toggled.connect(self._on_completed_toggled)
            self.body.addWidget(self.completed_box, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addStretch(1)

    def build(self) -> None:
        """Add the page's own fields to ``self.body`` (override)."""

    def build_after_notes(self) -> None:
        """Add fields that follow the notes (override)."""

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored values (override); called with signals of inputs blocked where needed."""

    def add_section(self, section: QWidget) -> None:
        """Add a block of fields that shows each snapshot through its own ``fill``."""
        self.sections.append(section)
        self.body.addWidget(section)
        changed = getattr(section, "structure_changed", None)
        if changed is not None:
            changed.connect(self.structure_changed)

    def populate(self, snap: ConferenceSnapshot) -> None:
        """Show a fresh snapshot on the page."""
        self.fill(snap)
        for section in self.sections:
            section.fill(snap)  # type: ignore[attr-defined]
        if self.item is not None and self.notes is not None and self.completed_box is not None:
            note = snap.note(self.item)
            show_text(self.notes, note.notes)
            self.completed_box.blockSignals(True)
            self.completed_box.setChecked(note.completed)
            self.completed_box.blockSignals(False)

    def first_field(self) -> QWidget | None:
        """Return the control that takes focus on a page without a main text field."""
        return None

    def focus_row(self, row: int) -> None:
        """Put the cursor on a numbered row of the page (override where rows are numbered)."""

    def main_field(self) -> QWidget | None:
        """Return the text field where this item's typing goes: Alt+N puts the cursor there."""
        return self.notes

    def focus_target(self) -> QWidget | None:
        """Return where the cursor goes when the page opens: the main text field, else the first control."""
        main = self.main_field()
        return main if main is not None and main.isEnabled() else self.first_field()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        """Tab and Shift+Tab move through this page's controls in reading order and stay on the page."""
        target = next_in_reading_order(self, next)
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        if self.scroll_area.isAncestorOf(target):
            self.scroll_area.ensureWidgetVisible(target)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Send typing that a tick or button ignored to the main text field, so no word is lost."""
        target = self.main_field()
        if is_typing(event) and target is not None and target.isEnabled() and not is_being_typed_in(target):
            deliver_typing(target, event)
            return
        if is_typing(event) and event.text() != " " and target is None:
            self.nowhere_to_type.emit()
        super().keyPressEvent(event)

    def _save_notes(self, item: AgendaItem, text: str, base: str | None = None) -> None:
        chair_edit.save_note(self.ctx.store, self.ctx.conference_id, item, notes=text, base=base)

    @Slot(bool)
    def _on_completed_toggled(self, checked: bool) -> None:
        if self.item is not None:
            item = self.item
            self.ctx.saver.now(
                lambda: chair_edit.save_note(self.ctx.store, self.ctx.conference_id, item, completed=checked)
            )
