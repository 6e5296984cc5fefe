"""The one date field and the one time field: typed as people type them, empty means "not known".

Parsing lives in :mod:`solodesk.services.date_text`; these line edits only show it.
A text that is not a date keeps its words and its warning (red border, a warning
sign whose tooltip says why, and ``problem_changed`` for a hint label); it is never
turned into a date the person did not type.
"""

from collections.abc import Callable
from datetime import date, time
from functools import partial

from PySide6.QtCore import QPoint, Signal, Slot
from PySide6.QtGui import QAction, QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QToolTip, QWidget

from solodesk.services.date_text import DateTextError, format_date, format_time, is_settled, parse_date, parse_time

DATE_PLACEHOLDER = "dd/mm/yyyy — not known"
TIME_PLACEHOLDER = "hh:mm — not known"
INVALID_STYLE = "QLineEdit { border: 2px solid #a31515; }"
HINT_STYLE = "QLabel { color: #a31515; }"


class TypedValueField(QLineEdit):
    """A line edit whose text is read as a value; empty is "not known", bad text is marked and kept.

    Signals:
        value_committed(object): a value to save — emitted while typing once the text is a
            whole value that more typing could not change, and on leaving (or Return) for
            the rest; None when the field was emptied.
        problem_changed(str): the reason the text is not a value ("" once it is).
    """

    value_committed = Signal(object)
    problem_changed = Signal(str)

    def __init__(
        self,
        placeholder: str,
        parse: Callable[[str], object],
        show: Callable[[object], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._show = show
        self._problem = ""
        self._committed_text = ""
        self._stored_value: object = None
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(False)
        width = self.fontMetrics().horizontalAdvance(placeholder) + 36
        self.setMinimumWidth(width)
        self.setMaximumWidth(width + 40)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        # Added to the field only while there is a problem (a hidden action still leaves a grey icon behind).
        self._warning = QAction(icon, "", self)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._on_editing_finished)

    # Public ----------------------------------------------------------------------------------

    def value(self) -> object:
        """Return the value typed, or None when empty ("not known") or not a value (see is_valid)."""
        try:
            return self._parse(self.text())
        except DateTextError:
            return None

    def is_valid(self) -> bool:
        """Return True when the text is empty or a value."""
        return not self.problem()

    def is_settled(self) -> bool:
        """Return True when the text is a value that typing more digits could not change."""
        return is_settled(self.text(), self._parse)

    def problem(self) -> str:
        """Return the sentence saying why the text is not a value, or an empty string."""
        try:
            self._parse(self.text())
        except DateTextError as exc:
            return str(exc)
        return ""

    def set_value(self, value: object) -> None:
        """Show a stored value (programmatic: nothing is committed).

        A page refresh showing the value already stored again leaves the person's
        unsaved words (a date not yet valid) where they are, with their warning.
        """
        if value == self._stored_value and self.text() != self._show(value) and not self.is_valid():
            return
        self._stored_value = value
        self.setText(self._show(value))
        self._committed_text = self.text()
        self._show_problem("")

    def show_stored(self, value: object) -> None:
        """Show a stored value on a refresh, unless the person is typing in the field."""
        if not self.hasFocus():
            self.set_value(value)

    def hint_label(self, parent: QWidget | None = None) -> QLabel:
        """Return a label that says, under the field, why the text is not a value."""
        label = QLabel(parent)
        label.setStyleSheet(HINT_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        self.problem_changed.connect(label.setText)
        self.problem_changed.connect(lambda text: label.setVisible(bool(text)))
        return label

    # Internals -------------------------------------------------------------------------------

    def _show_problem(self, problem: str) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        self.setStyleSheet(INVALID_STYLE if problem else "")
        self.setToolTip(problem)
        self.setAccessibleDescription(problem)
        self._warning.setToolTip(problem)
        if problem:
            self.addAction(self._warning, QLineEdit.ActionPosition.TrailingPosition)
        else:
            self.removeAction(self._warning)
        self.problem_changed.emit(problem)

    def _commit(self) -> None:
        self._committed_text = self.text()
        self._stored_value = self.value()
        self.value_committed.emit(self._stored_value)

    @Slot(str)
    def _on_text_edited(self, _text: str) -> None:
        # Half-typed text is not scolded: a warning appears on leaving, then follows each key until fixed.
        if self._problem or self.is_valid():
            self._show_problem(self.problem())
        if self.is_settled() and self.text() != self._committed_text:
            self._commit()

    @Slot()
    def _on_editing_finished(self) -> None:
        self._show_problem(self.problem())
        if self.is_valid() and self.text() != self._committed_text:
            self._commit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Leave a value in its standard form; leave bad text as typed, and say why once more."""
        super().focusOutEvent(event)
        if self.is_valid():
            shown = self._show(self.value())
            if shown != self.text():
                self.setText(shown)
                self._committed_text = shown
        elif self.isVisible():
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self._problem, self)


class DateField(TypedValueField):
    """An optional date typed day first: 22/07/1985, 22/7/85, 1985-07-22 or 22 Jul 1985.

    Args:
        past_only: a date that cannot be in the future (a date of birth): two-digit
            years are read as past years and later dates are refused.
    """

    def __init__(self, parent: QWidget | None = None, past_only: bool = False) -> None:
        super().__init__(
            DATE_PLACEHOLDER,
            partial(parse_date, past_only=past_only),
            lambda value: format_date(value if isinstance(value, date) else None),
            parent,
        )

    def value(self) -> date | None:
        """Return the date typed, or None when empty ("not known") or not a date."""
        value = super().value()
        return value if isinstance(value, date) else None


class TimeField(TypedValueField):
    """An optional time of day: 9:30, 09:30, 930, 9.30, 2pm, 14:00."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            TIME_PLACEHOLDER, parse_time, lambda value: format_time(value if isinstance(value, time) else None), parent
        )

    def value(self) -> time | None:
        """Return the time typed, or None when empty ("not known") or not a time."""
        value = super().value()
        return value if isinstance(value, time) else None
