"""Notice another person's saves: poll the store's change stamp every few seconds, off the UI thread.

The chair desk and the desk screen each own a :class:`ChangeWatcher`. Its query
runs through the shared job runner (:mod:`solodesk.ui.jobs`), never on the UI
thread. When someone else wrote (this person's own saves are already on their
screen), ``changed`` is emitted as soon as the owner is not mid-edit (its
``busy`` says so), so a refresh never lands under the typing.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from solodesk.services.changes import ChangeStamp, change_stamp
from solodesk.store import CaseStore
from solodesk.ui.jobs import Job, runner

WATCH_MS = 3000  # "Every few seconds": a team sees each other's saves without a reload key.


class ChangeWatcher(QObject):
    """Polls the store's change stamp while it runs.

    Signals:
        changed: the store changed since the last look, and the owner is not busy.
    """

    changed = Signal()

    def __init__(self, store: CaseStore, busy: Callable[[], bool], owner: QWidget) -> None:
        super().__init__(owner)
        self._store = store
        self._busy = busy
        # Where the store was when the owner read it (one small query): later saves by others are news.
        self._seen: int | None = change_stamp(store).newest
        self._moved = False
        self._job: Job | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self.look)
        owner.installEventFilter(self)  # Polls only while the owner is on screen.
        if owner.isVisible():
            self.start()

    def start(self) -> None:
        """Start polling."""
        self.timer.start()

    def stop(self) -> None:
        """Stop polling (the owner is hidden or closed)."""
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Start polling when the owner is shown, stop when it is hidden."""
        if event.type() == QEvent.Type.Show:
            self.start()
        elif event.type() == QEvent.Type.Hide:
            self.stop()
        return False

    @Slot()
    def look(self) -> None:
        """Ask the store for its stamp, unless the last question is still out."""
        if self._job is not None and self._job.is_running:
            return
        store, after = self._store, self._seen
        self._job = runner().submit(lambda _handle: change_stamp(store, after), on_success=self._got, owner=self)

    def _got(self, stamp: object) -> None:
        if not isinstance(stamp, ChangeStamp):
            return
        self._moved = self._moved or stamp.by_others
        self._seen = stamp.newest
        if self._moved and not self._busy():
            self._moved = False
            self.changed.emit()
