"""Building menu actions the same way everywhere."""

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def add_action(owner: QWidget, menu: QMenu, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
    """Add an action with an optional shortcut to a menu and return it."""
    action = QAction(text, owner)
    if shortcut:
        set_shortcut(action, key_sequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def key_sequence(text: str) -> QKeySequence:
    """Return the key sequence written as ``text`` (as ``QKeySequence(text)`` reads it)."""
    return QKeySequence.fromString(text, QKeySequence.SequenceFormat.NativeText)


def set_shortcut(action: QAction, shortcut: QKeySequence) -> None:
    """Give ``action`` its shortcut.

    Through the property, not ``setShortcut``: PySide tells that method's overloads apart by
    creating every enum of the ``Qt`` namespace (tens of milliseconds), and the menus are built
    before the lock window's first paint, which needs none of them.
    """
    action.setProperty("shortcut", shortcut)
