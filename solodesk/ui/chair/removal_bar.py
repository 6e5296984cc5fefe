"""The "Removed … — Undo" bar: no removal or lifted restriction in chair mode is one key from permanent.

Removing a row or unticking "Restricted" happens at once (the store is always
current) and offers its undo here; the bar keeps a short stack, newest first.
Ctrl+Z anywhere on the desk outside a text field undoes the newest entry (text
fields keep Ctrl+Z for their own typing: Qt gives them the key first).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from solodesk.services import chair_ops, clearance
from solodesk.services.chair_fields import ActionFlag
from solodesk.services.chair_ops import SetFlag
from solodesk.services.chair_removal import RemovedRow, RowKind, remove_row, restore_row
from solodesk.store import CaseStore
from solodesk.ui.chair.audience_dialog import ask_audience
from solodesk.ui.chair.autosave import AutoSaver

MAX_ENTRIES = 20  # Enough for a run of removals; older ones are let go.


@dataclass(frozen=True)
class _Entry:
    message: str
    undo: Callable[[], object]


class RemovalBar(QFrame):
    """Offers to undo the latest removals and lifted restrictions.

    Signals:
        undone: an entry was undone; the desk refreshes the page from the store.
    """

    undone = Signal()

    def __init__(self, store: CaseStore, saver: AutoSaver, scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._saver = saver
        self._entries: list[_Entry] = []
        self.setObjectName("removalBar")
        self.setStyleSheet("QFrame#removalBar { background: #fff4ce; border: 1px solid #c8a600; border-radius: 3px; }")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Last removal")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo the last removal")
        self.undo_button.clicked.connect(self.undo)
        self.dismiss_button = QPushButton("✕")
        self.dismiss_button.setAccessibleName("Dismiss")
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.setFlat(True)
        self.dismiss_button.clicked.connect(self.forget)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 4, 3)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.dismiss_button)
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), scope)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.undo)
        self.hide()

    # Public -------------------------------------------------------------------------------

    def message(self) -> str:
        """Return the bar's sentence as shown (empty when nothing can be undone)."""
        return self.label.text() if self._entries else ""

    def remove(self, kind: RowKind, record_id: int, label: str) -> bool:
        """Remove a row now and offer to put it back; return True when it was removed.

        Args:
            kind: what kind of row.
            record_id: its id.
            label: how the chair sees it, e.g. ``"victim 2"``.
        """
        removed: list[RemovedRow] = []
        if not self._saver.now(lambda: removed.append(remove_row(self._store, kind, record_id))):
            return False
        self._offer(f"Removed {label}", partial(restore_row, self._store, removed[0]))
        # The row, and the button that had the focus, are gone: Space, Enter or Ctrl+Z now undo.
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def set_flag(self, operation: SetFlag, label: str) -> bool:
        """Apply a tick; when it lifts a restriction, offer to restore it. Return True when it was saved."""
        if not self._saver.now(partial(chair_ops.apply, self._store, operation)):
            return False
        if operation.lifts_restriction:
            again = SetFlag(operation.field, operation.record_id, True)
            self._offer(f"Restriction lifted on {label}", partial(chair_ops.apply, self._store, again))
        key = clearance.key_for_flag(operation.field, operation.record_id) if operation.on else None
        if key is not None:  # restricting asks who may see it (the chair alone until answered)
            ask_audience(self._store, key, label[:1].upper() + label[1:], self.window())
        return True

    def action_tick(self, action_id: int, restricted: bool, label: str) -> QCheckBox:
        """Return the "Restricted" tick of an action row (ticking it asks who may see the action)."""
        tick = QCheckBox("Restricted")
        tick.setAccessibleName(f"{label}: restricted")
        tick.setChecked(restricted)
        tick.toggled.connect(lambda on: self.set_flag(SetFlag(ActionFlag.RESTRICTED, action_id, on), label.lower()))
        return tick

    @Slot()
    def undo(self) -> None:
        """Undo the newest entry, if any, and show the one before it."""
        if not self._entries:
            return
        entry = self._entries.pop()
        if self._saver.now(entry.undo):
            self.undone.emit()
        self._show_newest()

    @Slot()
    def forget(self) -> None:
        """Let go of every entry (their snapshots hold case text) and hide the bar."""
        self._entries.clear()
        self.hide()

    # Internals ----------------------------------------------------------------------------

    def _offer(self, message: str, undo: Callable[[], object]) -> None:
        self._entries.append(_Entry(message, undo))
        del self._entries[:-MAX_ENTRIES]
        self._show_newest()

    def _show_newest(self) -> None:
        if not self._entries:
            self.hide()
            return
        more = f"  ({len(self._entries) - 1} more)" if len(self._entries) > 1 else ""
        self.label.setText(f"{self._entries[-1].message} — Undo{more}")
        self.show()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Forget the entries when the desk goes away (lock, leaving chair mode): undo is for the moment."""
        super().hideEvent(event)
        if not event.spontaneous() and not self.isHidden():
            self._entries.clear()
            self.setHidden(True)  # The desk hid, not the bar: stay hidden when the desk comes back.
