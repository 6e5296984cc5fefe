"""Small input widgets the chair's screens share: optional dates and times, notes boxes."""

from collections.abc import Callable, Iterable
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from solodesk.models.enums import LabelledEnum

# Dates and times have their own modules; the chair's pages import them from here too.
from solodesk.services.date_text import parse_date as parse_date
from solodesk.services.date_text import parse_time as parse_time
from solodesk.ui.chair.autosave import is_held, set_stored
from solodesk.ui.date_fields import DateField as DateField
from solodesk.ui.date_fields import TimeField as TimeField

FOCUS_COLOUR = "#1a5fb4"
# Pink says "not a valid value" even while the focus ring replaces the red border.
_INVALID_STYLE = (
    "QLineEdit { border: 2px solid #a31515; background: #fdeaea; }"
    f" QLineEdit:focus {{ border-color: {FOCUS_COLOUR}; }}"
)


def format_date(value: date | None) -> str:
    """Return a date as dd/mm/yyyy, or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_time(value: time | None) -> str:
    """Return a time as HH:MM, or an empty string."""
    return value.strftime("%H:%M") if value else ""


class ParsedField(QLineEdit):
    """A line edit whose text is parsed into a value; bad text is marked, never lost.

    Signals:
        value_committed: the user finished editing and the text parses (None when emptied).
    """

    value_committed = Signal(object)

    def __init__(
        self,
        placeholder: str,
        parse: Callable[[str], object],
        show: Callable[[object], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._format = show
        self.setPlaceholderText(placeholder)
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(self._on_text_edited)

    def value(self) -> object:
        """Return the parsed value, or None when empty or invalid."""
        return self._parse(self.text()) if self.is_valid() else None

    def is_valid(self) -> bool:
        """Return True when the text is empty or parses."""
        try:
            self._parse(self.text())
        except ValueError:
            return False
        return True

    def problem(self) -> str:
        """Return the sentence explaining why the text does not parse, or an empty string."""
        try:
            self._parse(self.text())
        except ValueError as exc:
            return str(exc)
        return ""

    def set_value(self, value: object) -> None:
        """Show a value (programmatic: nothing is committed, and the undo history starts afresh)."""
        self.setText(self._format(value))
        self.setStyleSheet("")

    def show_stored(self, value: object) -> None:
        """Show a stored value on a refresh, unless the person is typing in the field."""
        if not is_being_typed_in(self):
            self.set_value(value)

    @Slot(str)
    def _on_text_edited(self, _text: str) -> None:
        self.setStyleSheet("" if self.is_valid() else _INVALID_STYLE)
        self.setToolTip(self.problem())

    @Slot()
    def _on_editing_finished(self) -> None:
        if self.is_valid():
            self.value_committed.emit(self._parse(self.text()))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Leave a tidy, standard form of a valid value behind."""
        super().focusOutEvent(event)
        if self.is_valid() and self.text().strip():
            self.setText(self._format(self._parse(self.text())))


def notes_edit(placeholder: str = "", max_height: int = 110, parent: QWidget | None = None) -> QPlainTextEdit:
    """Return a plain-text box where Tab moves on (so every field stays reachable by Tab)."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumHeight(max_height)
    return edit


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """Return a section heading label."""
    label = QLabel(f"<b>{text}</b>", parent)
    label.setStyleSheet("QLabel { font-size: 11pt; margin-top: 6px; }")
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    """Return a grey, wrapped explanatory label."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: #555; }")
    return label


class EnumCombo(QComboBox):
    """A choice among the members of a labelled enum (optionally with a "none" entry).

    Qt would turn string enums stored as item data into plain strings, so the
    members are kept here and looked up by index.
    """

    def __init__(
        self,
        members: Iterable[LabelledEnum],
        name: str = "",
        none_label: str | None = None,
        suffix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.members: list[LabelledEnum | None] = [None] if none_label is not None else []
        if none_label is not None:
            self.addItem(none_label)
        for member in members:
            self.members.append(member)
            self.addItem(member.label + suffix)

    def value(self) -> Any:
        """Return the chosen member (None for the "none" entry)."""
        index = self.currentIndex()
        return self.members[index] if 0 <= index < len(self.members) else None

    def set_value(self, member: LabelledEnum | None) -> None:
        """Show a member without emitting ``activated``."""
        if member in self.members:
            self.setCurrentIndex(self.members.index(member))


def is_being_typed_in(widget: QWidget) -> bool:
    """Return True when the widget holds the keyboard focus of its window (the person may be typing there)."""
    return widget.hasFocus() or widget.window().focusWidget() is widget


def show_text(edit: QPlainTextEdit, text: str) -> None:
    """Show stored text in a notes box: never over the person's typing, never on the undo stack.

    A field with the focus is left alone: its text is what the person is typing,
    and autosave takes it to the store. Any other field shows the stored text
    with an empty undo history, so Ctrl+Z only ever takes back what the person
    typed in it during this visit (never the whole stored text).
    """
    if is_being_typed_in(edit) or is_held(edit):
        return  # A field whose save was refused keeps the chair's text until they reload.
    set_stored(edit, text)
    if edit.toPlainText() != text:
        edit.blockSignals(True)
        edit.setPlainText(text)  # Also clears the undo history.
        edit.blockSignals(False)
    else:
        edit.document().clearUndoRedoStacks()


def show_line(edit: QLineEdit, text: str) -> None:
    """Show stored text in a line edit, with the same rules as :func:`show_text`."""
    if not is_being_typed_in(edit) and not is_held(edit):
        set_stored(edit, text)
        edit.setText(text)  # Also clears the undo history, even when the text is unchanged.
        edit.setCursorPosition(0)


def put_cursor_in(widget: QWidget) -> None:
    """Give a field the keyboard focus, with the cursor after its text (where the person continues)."""
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if isinstance(widget, QPlainTextEdit):
        widget.moveCursor(QTextCursor.MoveOperation.End)
    elif isinstance(widget, QLineEdit):
        widget.end(False)
