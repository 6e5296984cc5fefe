"""Save every edit as it is made: typing is debounced, everything else is saved at once.

Typing queues the field's text (captured at the keystroke, so a pending edit
never depends on the widget still existing) and saves it 400 ms after the last
key. Someone typing steadily never pauses that long, so a second clock, started
by the first unsaved key and not restarted by later ones, saves at most
``MAX_WAIT_MS`` after it: a crash loses less than a second of typing. Leaving
the field, changing page, hiding or destroying the desk flushes the queue at
once, so closing mid-sentence loses nothing.

A typed field's save carries the text the field last showed from the store
(its *base*, kept as the ``storedText`` property): when another person saved the
field since, the store refuses (:mod:`solodesk.services.edit_conflict`), the
field keeps what was typed, and the saver holds that field's saves until the
chair reloads (:meth:`AutoSaver.reload_conflicts`): nothing is lost, nothing is
retried behind their back.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from solodesk.services.edit_conflict import EditConflictError
from solodesk.store.errors import StoreError
from solodesk.ui.date_fields import TypedValueField

DEBOUNCE_MS = 400
# Below one second so the save itself (and a busy machine's late timer) still lands within it.
MAX_WAIT_MS = 700
log = logging.getLogger(__name__)
# The text a field last showed from the store (or saved to it): the base its next save starts from.
STORED = "storedText"
HELD = "saveRefused"
TextEdit = QLineEdit | QPlainTextEdit
# A typed field's save: its text and the base it started from.
TextSave = Callable[[str, str | None], object]


def set_stored(edit: TextEdit, text: str) -> None:
    """Remember the text a field shows from the store (its next save's base)."""
    edit.setProperty(STORED, text)


def is_held(edit: TextEdit) -> bool:
    """Return True while a field's save is refused: a refresh must not replace the chair's text in it."""
    return bool(edit.property(HELD))


def stored(edit: TextEdit) -> str | None:
    """Return a field's base (None when it never showed stored text: no check)."""
    value = edit.property(STORED)
    return value if isinstance(value, str) else None


@dataclass
class Conflict:
    """A field whose save was refused: what the store holds now, for the reload."""

    edit: TextEdit
    current: object


class PendingEdits:
    """The queue of unsaved edits, a plain object so it can flush while Qt tears widgets down."""

    def __init__(self) -> None:
        self._pending: dict[object, Callable[[], object]] = {}
        self.on_error: Callable[[Exception], None] | None = None

    def drop(self, key: object) -> None:
        """Forget a queued save (its field now holds text that cannot be saved)."""
        self._pending.pop(key, None)

    def put(self, key: object, save: Callable[[], object]) -> None:
        """Queue a save; a later save for the same field replaces it."""
        self._pending[key] = save

    def __bool__(self) -> bool:
        return bool(self._pending)

    def flush(self) -> int:
        """Run every queued save; return how many ran."""
        pending, self._pending = self._pending, {}
        for save in pending.values():
            self.run(save)
        return len(pending)

    def run(self, save: Callable[[], object]) -> bool:
        """Run one save, reporting (never raising) a failure; return True when it worked."""
        try:
            save()
        except Exception as exc:  # noqa: BLE001 - a failed save must never take the desk down
            # Only the type is logged: the message could carry case text.
            log.error("autosave failed: %s", type(exc).__name__)
            if self.on_error is not None:
                self.on_error(exc)
            return False
        return True


class AutoSaver(QObject):
    """Binds fields to save functions.

    Signals:
        saved: something was written to the store.
        failed: a save failed; the argument is a sentence for the chair.
    """

    saved = Signal()
    failed = Signal(str)
    conflicted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending = PendingEdits()
        self.pending.on_error = self._report
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_WAIT_MS)
        self._deadline.timeout.connect(self.flush)
        self.conflicts: dict[int, Conflict] = {}

    # Binding -------------------------------------------------------------------

    def bind_line(self, edit: QLineEdit, save: TextSave) -> None:
        """Save a line edit's text as the user types (debounced) and when they leave it."""
        edit.textEdited.connect(partial(self._on_line_edited, edit, save))
        edit.installEventFilter(self)

    def bind_text(self, edit: QPlainTextEdit, save: TextSave) -> None:
        """Save a plain-text box as the user types (debounced) and when they leave it."""
        edit.textChanged.connect(partial(self._on_text_changed, edit, save))
        edit.installEventFilter(self)

    def bind_value(self, edit: TypedValueField, save: Callable[[object], object]) -> None:
        """Save a date or time field when the field commits a value (a whole one while typing, or on leaving)."""
        edit.value_committed.connect(lambda value: self.queue(id(edit), partial(save, value)))
        edit.textEdited.connect(partial(self._on_value_edited, edit))
        edit.installEventFilter(self)

    def queue(self, key: object, save: Callable[[], object]) -> None:
        """Queue a save, debounced like typing (for editable choices that change per keystroke)."""
        self.pending.put(key, save)
        self._restart_debounce()

    def now(self, save: Callable[[], object]) -> bool:
        """Save at once (ticks, choices, buttons), after any queued typing; return True when it worked."""
        self.flush()
        ok = self.pending.run(save)
        if ok:
            self.saved.emit()
        return ok

    @Slot()
    def flush(self) -> None:
        """Save every queued edit now."""
        self._timer.stop()
        self._deadline.stop()
        if self.pending.flush():
            self.saved.emit()

    def has_pending(self) -> bool:
        """Return True while typed text waits to be saved."""
        return bool(self.pending)

    def holds_in(self, widget: QWidget) -> bool:
        """Return True when a field whose save was refused is inside ``widget`` (its page must not be rebuilt)."""
        return any(shiboken6.isValid(c.edit) and widget.isAncestorOf(c.edit) for c in self.conflicts.values())

    def reload_conflicts(self) -> int:
        """Show the stored text in each refused field, the chair's own one Ctrl+Z away; return how many.

        The field's base becomes what the store holds, so the chair's text, put back
        with Ctrl+Z, saves over it as an informed choice.
        """
        conflicts, self.conflicts = self.conflicts, {}
        for conflict in conflicts.values():
            edit, current = conflict.edit, conflict.current
            if not shiboken6.isValid(edit):
                continue
            edit.setProperty(HELD, False)
            if not isinstance(current, str):
                continue
            edit.blockSignals(True)  # Showing the store's text is no edit of the chair's.
            if isinstance(edit, QLineEdit):
                edit.selectAll()
                edit.insert(current)  # On the undo stack, unlike setText.
            else:
                cursor = edit.textCursor()
                cursor.beginEditBlock()  # One undo step: Ctrl+Z brings the chair's whole text back.
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(current)
                cursor.endEditBlock()
            edit.blockSignals(False)
            set_stored(edit, current)
        return len(conflicts)

    # Internals -------------------------------------------------------------------

    def _save_field(self, edit: TextEdit, save: TextSave, text: str, base: str | None) -> None:
        try:
            save(text, base)
        except EditConflictError as exc:
            self.conflicts[id(edit)] = Conflict(edit, exc.current)
            if shiboken6.isValid(edit):
                edit.setProperty(HELD, True)
            raise
        if shiboken6.isValid(edit):
            set_stored(edit, text)

    def _queue_field(self, edit: TextEdit, save: TextSave, text: str) -> None:
        if id(edit) in self.conflicts:
            return  # Refused once: the text stays in the field until the chair reloads.
        self.pending.put(id(edit), partial(self._save_field, edit, save, text, stored(edit)))
        self._restart_debounce()

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, EditConflictError):
            self.conflicted.emit(str(exc))
            return
        # A store's refusal (checked out by someone else, a role's limit) is one sentence written for the chair.
        reason = (
            str(exc) if isinstance(exc, LookupError | ValueError | StoreError) else "the store could not be written"
        )
        self.failed.emit(f"Not saved: {reason}")

    def _restart_debounce(self) -> None:
        """Wait for a quiet moment, but no longer than ``MAX_WAIT_MS`` after the first unsaved edit."""
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _on_line_edited(self, edit: QLineEdit, save: TextSave, text: str) -> None:
        self._queue_field(edit, save, text)

    def _on_value_edited(self, edit: TypedValueField, _text: str) -> None:
        # Text on its way to another value (or no value) must not save what was queued before it.
        if not edit.is_settled():
            self.pending.drop(id(edit))

    def _on_text_changed(self, edit: QPlainTextEdit, save: TextSave) -> None:
        if edit.signalsBlocked():
            return
        self._queue_field(edit, save, edit.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Flush when a bound field loses focus."""
        if event.type() == QEvent.Type.FocusOut and self.has_pending():
            self.flush()
        return False
