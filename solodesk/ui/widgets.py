"""Small reusable widgets."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)


def select_data(combo: QComboBox, value: object) -> None:
    """Select the combo item whose data equals value (first item when absent)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class _OpenOnEnter(QObject):
    """Enter, Return or F2 on a list's current row does what a double-click on it does."""

    def __init__(self, view: QAbstractItemView, open_row: Callable[[], object]) -> None:
        super().__init__(view)
        self._view, self._open_row = view, open_row
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Open the current row on Enter, Return or F2 (with no Ctrl, Alt or Shift)."""
        if watched is not self._view or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() in _OPEN_KEYS and self._view.currentIndex().isValid():
            self._open_row()
            return True
        return False


def open_on_enter(view: QAbstractItemView, open_row: Callable[[], object]) -> None:
    """Make Enter, Return and F2 on ``view``'s current row call ``open_row``, as its double-click does."""
    _OpenOnEnter(view, open_row)
