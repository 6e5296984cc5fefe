"""Type any text into a widget as a user would, accents included."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Send key presses for each character of text to widget.

    WORKAROUND: QTest.keyClicks (and so qtbot.keyClicks) aborts the process on
    non-ASCII characters with PySide6 6.12, so those characters are sent as key
    events carrying their text, which is what a keyboard layout produces.
    """
    for character in text:
        if character.isascii():
            qtbot.keyClicks(widget, character)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            )
