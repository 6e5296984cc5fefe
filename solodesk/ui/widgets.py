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


class _RowKeys(QObject):
    """Enter, Return or F2 on a list's current row does what a double-click on it does; Delete removes it."""

    def __init__(
        self, view: QAbstractItemView, open_row: Callable[[], object], remove_row: Callable[[], object] | None
    ) -> None:
        super().__init__(view)
        self._view, self._open_row, self._remove_row = view, open_row, remove_row
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Open (or remove) the current row on its key, pressed with no Ctrl, Alt or Shift."""
        if watched is not self._view or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not plain or not self._view.currentIndex().isValid():
            return False
        if event.key() in _OPEN_KEYS:
            self._open_row()
            return True
        if event.key() == Qt.Key.Key_Delete and self._remove_row is not None:
            self._remove_row()  # It asks first: no row goes on one key.
            return True
        return False


def row_keys(
    view: QAbstractItemView, open_row: Callable[[], object], remove_row: Callable[[], object] | None = None
) -> None:
    """Make Enter, Return and F2 on ``view``'s current row call ``open_row``, as its double-click does.

    Args:
        view: the list or table.
        open_row: what a double-click on the current row does (open its editor).
        remove_row: what Delete does; it must ask before removing anything.
    """
    _RowKeys(view, open_row, remove_row)
