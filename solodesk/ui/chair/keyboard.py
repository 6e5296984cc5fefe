"""Where keys go in chair mode: a visible focus ring, Tab in reading order, typing never lost.

A chair types while listening, often without looking at the screen, so:

* every control shows a clear ring when it has the keyboard focus;
* Tab follows the page as it reads (top to bottom, rows included) and stays on
  the page, instead of Qt's creation order, which put rows rebuilt from the
  store after the meeting buttons;
* printable keys that reach something that cannot take text (a tick, a button,
  the agenda list) go to the page's main text field instead of toggling or
  jumping: a sentence starting there lands in the notes, and its spaces never
  press a tick.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QRadioButton, QScrollArea, QWidget
from shiboken6 import isValid

from solodesk.ui.chair.fields import FOCUS_COLOUR, put_cursor_in

_TEXT_WIDGETS = "QLineEdit, QPlainTextEdit, QComboBox, QListWidget, QTextBrowser"
_TICKS = "QCheckBox, QRadioButton"


__all__ = ["FOCUS_COLOUR", "FOCUS_RING_STYLE", "deliver_typing", "focus_kept", "is_typing", "next_in_reading_order"]


def _focused(selectors: str) -> str:
    return ", ".join(f"{selector.strip()}:focus" for selector in selectors.split(","))


# Every control keeps a border of the same width whether focused or not, so nothing moves when focus does.
FOCUS_RING_STYLE = f"""
{_TEXT_WIDGETS} {{ border: 2px solid #9a9a9a; border-radius: 3px; padding: 1px; background: white; }}
{_focused(_TEXT_WIDGETS)} {{ border: 2px solid {FOCUS_COLOUR}; }}
{_TICKS} {{ border: 2px solid transparent; border-radius: 3px; padding: 1px 3px; }}
{_focused(_TICKS)} {{ border: 2px solid {FOCUS_COLOUR}; background: #e8f0fb; }}
QPushButton {{ border: 2px solid #9a9a9a; border-radius: 4px; padding: 3px 10px; background: #f3f3f3; }}
QPushButton:focus {{ border: 2px solid {FOCUS_COLOUR}; background: #e8f0fb; }}
QPushButton:pressed {{ background: #d8d8d8; }}
QPushButton:disabled, QLineEdit:disabled, QPlainTextEdit:disabled {{ color: #8a8a8a; background: #f0f0f0; }}
"""


def is_typing(event: QKeyEvent) -> bool:
    """Return True when a key press writes text (a letter, digit, sign or space), not a command."""
    commands = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
    text = event.text()
    return bool(text) and text.isprintable() and not event.modifiers() & commands


def deliver_typing(target: QWidget, event: QKeyEvent) -> None:
    """Put the cursor at the end of ``target`` and type the key there."""
    put_cursor_in(target)
    copy = QKeyEvent(
        QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text(), event.isAutoRepeat(), event.count()
    )
    QApplication.sendEvent(target, copy)


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _collect(widget: QWidget, found: list[QWidget]) -> None:
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        if inner is not None:
            _collect(inner, found)
        return
    if _takes_tab(widget):
        found.append(widget)
        return
    layout = widget.layout()
    if layout is not None:
        _collect_layout(layout, found)


def _collect_layout(layout: object, found: list[QWidget]) -> None:
    for index in range(layout.count()):  # type: ignore[attr-defined]
        entry = layout.itemAt(index)  # type: ignore[attr-defined]
        if entry is None:
            continue
        child = entry.widget()
        if child is not None:
            _collect(child, found)
        elif entry.layout() is not None:
            _collect_layout(entry.layout(), found)


def _passed_over(widget: QWidget) -> bool:
    """Return True for a radio button that Tab skips: another choice of its group is the chosen one."""
    if not isinstance(widget, QRadioButton) or widget.isChecked():
        return False
    group = widget.group()
    siblings = group.buttons() if group is not None else widget.parentWidget().findChildren(QRadioButton)
    return any(other.isChecked() for other in siblings if other is not widget)


def reading_order(root: QWidget) -> list[QWidget]:
    """Return the controls Tab stops at inside ``root``, top to bottom as laid out."""
    found: list[QWidget] = []
    _collect(root, found)
    return [w for w in found if w.isVisibleTo(root) and w.isEnabled() and not _passed_over(w)]


def next_in_reading_order(root: QWidget, forward: bool) -> QWidget | None:
    """Return the control after (or before) the focused one inside ``root``, wrapping round; None when none."""
    chain = reading_order(root)
    if not chain:
        return None
    focused = QApplication.focusWidget()
    position = next(
        (i for i, w in enumerate(chain) if focused is not None and (w is focused or w.isAncestorOf(focused))), None
    )
    if position is None:
        return chain[0] if forward else chain[-1]
    return chain[(position + (1 if forward else -1)) % len(chain)]


def _cursor_at(widget: QWidget) -> int:
    if isinstance(widget, QLineEdit):
        return widget.cursorPosition()
    return widget.textCursor().position() if isinstance(widget, QPlainTextEdit) else -1


def _put_cursor_at(widget: QWidget, position: int) -> None:
    if isinstance(widget, QLineEdit):
        widget.setCursorPosition(min(position, len(widget.text())))
    elif isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.setPosition(min(position, len(widget.toPlainText())))
        widget.setTextCursor(cursor)


@contextmanager
def focus_kept(root: QWidget) -> Iterator[None]:
    """Keep the keyboard focus and cursor where they were while ``root`` refreshes from the store.

    A field rebuilt by the refresh (a row's) is found again by its accessible name.
    """
    focused = QApplication.focusWidget()
    if focused is None or not root.isAncestorOf(focused):
        yield
        return
    name, kind, position = focused.accessibleName(), type(focused), _cursor_at(focused)
    yield
    target: QWidget | None = focused if isValid(focused) and focused.isVisible() else None
    if target is None and name:
        target = next((w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisible()), None)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        _put_cursor_at(target, position)
