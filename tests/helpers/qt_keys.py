"""Keyboard and widget look-ups for driving real widgets in tests."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def press(qtbot, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Send a key through the window, as a keyboard would, so shortcuts fire."""
    qtbot.keyClick(widget.window().windowHandle(), key, modifiers)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type into the focused widget inside ``widget`` (or into ``widget`` itself when focus is elsewhere)."""
    focused = QApplication.focusWidget()
    if focused is None or not (focused is widget or widget.isAncestorOf(focused)):
        focused = widget
    for char in text:
        if char.isascii():
            qtbot.keyClick(focused, char)
        else:
            # QTest only knows ASCII keys; other characters arrive as a keyboard layout would send them.
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(focused, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def named(root: QWidget, cls: type, name: str):
    """Return the one visible widget of a class with an accessible name."""
    QApplication.processEvents()  # Rows added to a shown page become visible on the next event loop turn.
    found = [w for w in root.findChildren(cls) if w.accessibleName() == name and w.isVisibleTo(root)]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry of a combo box with the arrow keys (as a user would), by its text."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} not in the combo"
