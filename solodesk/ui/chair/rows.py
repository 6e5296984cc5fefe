"""Existing rows from the keyboard: a row is a stop of its own, like a line of a list.

A chair who wants to change action 2 should not need the mouse, nor Tab
through every field of action 1. So each existing row (an action, decision,
disclosure, victim, assessment, or an earlier action's outcome) can itself
take the focus, with a ring round the whole row:

* Down from a field above a list (e.g. the new action's description) goes to
  the first row below; Up and Down then move row by row within the list;
* Enter or F2 on a row puts the cursor in its main field (the same field a
  click would), after its text;
* in a row's field, Enter keeps what was typed and Escape puts back the text the
  field had when the cursor came in; both return the focus to the row;
* Delete on a row asks first, then removes it as the Remove button does (so the
  "Removed … — Undo" bar offers it back).

Rows are not Tab stops: Tab still goes field by field in reading order.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLineEdit, QScrollArea, QWidget

from solodesk.ui import prompts
from solodesk.ui.chair.fields import FOCUS_COLOUR, put_cursor_in

ROW_STYLE = (
    "QFrame#row { border: 2px solid #c8c8c8; border-radius: 3px; }"
    f" QFrame#row:focus {{ border: 2px solid {FOCUS_COLOUR}; background: #e8f0fb; }}"
)
_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down)


def _plain(event: QKeyEvent) -> bool:
    """Return True for a key pressed without Ctrl, Alt, Shift or Meta (the keypad flag is allowed)."""
    return not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def show_in_scroll(widget: QWidget) -> None:
    """Scroll the nearest scroll area round ``widget`` so that the whole of it is shown."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)


class RowFrame(QFrame):
    """One existing row: the focus can rest on the row itself; Enter or F2 edits it, Delete removes it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("row")
        self.setStyleSheet(ROW_STYLE)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Not a Tab stop (Tab goes field by field); the arrow keys and Escape bring the focus here.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAccessibleName(name)
        self.setAccessibleDescription("Enter or F2 edits the row; Delete removes it; Up and Down move between rows.")
        self.editor: QWidget | None = None
        self._remove: Callable[[], object] | None = None
        self._remove_label = ""
        self._on_entry: dict[QLineEdit, str] = {}

    def grid(self) -> QGridLayout:
        """Give the row a grid with the margins rows use, and return it."""
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        return grid

    def set_editor(self, field: QWidget) -> None:
        """Say which field Enter or F2 puts the cursor in (the row's main text)."""
        self.editor = field

    def set_remove(self, label: str, remove: Callable[[], object]) -> None:
        """Say how Delete removes the row (the Remove button's own action) and how the question names it."""
        self._remove_label, self._remove = label, remove

    def focus_row(self) -> None:
        """Put the focus on the row itself and show the whole row."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        show_in_scroll(self)

    def edit(self) -> None:
        """Put the cursor in the row's main field, after its text."""
        if self.editor is not None and self.editor.isEnabled():
            put_cursor_in(self.editor)
            show_in_scroll(self)

    # Qt overrides ----------------------------------------------------------------------------

    def childEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Watch every text field of the row, so Escape can put back what it held."""
        super().childEvent(event)  # type: ignore[arg-type]
        if event.type() == QEvent.Type.ChildAdded:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QLineEdit):
                child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Remember a field's text as the cursor comes in; Escape puts it back and returns to the row."""
        if not isinstance(watched, QLineEdit):
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._on_entry[watched] = watched.text()
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and _plain(event):
                self._put_back(watched)
                self.focus_row()
                return True
        return False

    def _put_back(self, field: QLineEdit) -> None:
        before = self._on_entry.get(field)
        if before is None or field.text() == before:
            return
        # Typed over the field's text, as a person would: autosave stores it and Ctrl+Z can take it back.
        field.selectAll()
        field.insert(before)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter or F2 edits, Delete removes, Up and Down move; a field's Enter or Escape comes back to the row."""
        key = event.key()
        if not _plain(event):
            super().keyPressEvent(event)
        elif self.hasFocus() and key in _EDIT_KEYS:
            self.edit()
        elif self.hasFocus() and key == Qt.Key.Key_Delete and self._remove is not None:
            self._ask_and_remove()
        elif not self.hasFocus() and key in (*_ACCEPT_KEYS, Qt.Key.Key_Escape):
            self.focus_row()  # Leaving the field saves what it holds.
        elif key in _STEP_KEYS:
            self._step(key == Qt.Key.Key_Down)
        else:
            super().keyPressEvent(event)

    def _ask_and_remove(self) -> None:
        question = f"Remove {self._remove_label}? The bar above the page can put it back (Ctrl+Z)."
        if self._remove is not None and prompts.confirm(self, f"Remove {self._remove_label}", question):
            self._remove()
        elif self.isVisible():
            self.focus_row()

    def _step(self, down: bool) -> None:
        """Move to the row above or below in the same list; stay on the first or last row."""
        rows = sibling_rows(self)
        position = rows.index(self) if self in rows else 0
        rows[max(0, min(len(rows) - 1, position + (1 if down else -1)))].focus_row()


def sibling_rows(row: QWidget) -> list[RowFrame]:
    """Return the rows of the list ``row`` belongs to, top to bottom."""
    parent = row.parentWidget()
    if parent is None:
        return [row] if isinstance(row, RowFrame) else []
    rows = [w for w in parent.findChildren(RowFrame, options=Qt.FindChildOption.FindDirectChildrenOnly)]
    return sorted((w for w in rows if w.isVisibleTo(parent)), key=lambda w: w.y())


def row_beside(root: QWidget, focused: QWidget, down: bool) -> RowFrame | None:
    """Return the first row below (or the last above) ``focused`` inside ``root``; None when there is none."""
    top = focused.mapTo(root, focused.rect().topLeft()).y()
    bottom = focused.mapTo(root, focused.rect().bottomLeft()).y()
    best: tuple[int, RowFrame] | None = None
    for row in root.findChildren(RowFrame):
        if not row.isVisibleTo(root) or row.isAncestorOf(focused):
            continue
        y = row.mapTo(root, row.rect().topLeft()).y()
        beyond = y > bottom if down else y < top
        nearer = best is None or (y < best[0] if down else y > best[0])
        if beyond and nearer:
            best = (y, row)
    return best[1] if best is not None else None


class RowEntry(QObject):
    """Down (or Up) pressed in a field outside any list, that the field did not use, goes to the nearest row."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        root.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Take an unused Up or Down that reached the page body to the nearest row that way."""
        if watched is not self._root or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        focused = QApplication.focusWidget()
        if (
            event.key() not in _STEP_KEYS
            or not _plain(event)
            or focused is None
            or not self._root.isAncestorOf(focused)
        ):
            return False
        row = row_beside(self._root, focused, event.key() == Qt.Key.Key_Down)
        if row is None:
            return False  # Nothing that way: the scroll area scrolls as usual.
        row.focus_row()
        return True
