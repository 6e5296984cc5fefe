"""Auto-lock after a period without keyboard or mouse input."""

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Watch the application's input and emit ``idle`` after a quiet period.

    Signals:
        idle(): no input for the configured time.
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time; restarts the countdown."""
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, interval_ms: int) -> None:
        """Change the idle time in milliseconds (tests use short times)."""
        self._timer.setInterval(interval_ms)
        self._timer.start()

    def start(self) -> None:
        """Begin counting from now."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (while locked)."""
        self._timer.stop()

    @property
    def active(self) -> bool:
        """Return True while counting down."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Restart the countdown on any user input; never consume the event."""
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False

    @Slot()
    def _on_timeout(self) -> None:
        self.idle.emit()
