"""Run work once a widget has been painted, so it does not hold up what the user sees first (issue 9)."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    """Watch one widget until it is painted, then hand ``then`` to the event loop."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._then = widget, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Wait for the paint; never consume the event."""
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # the paint itself finishes (and reaches the screen) first
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` at the turn of the event loop after ``widget`` is next painted.

    Work started from a plain zero-delay timer runs before a new window's first paint;
    a background job started then competes with that paint for the interpreter.
    """
    _AfterPaint(widget, then)
