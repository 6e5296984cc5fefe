"""Keyboard and widget look-ups for driving real widgets in tests."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QStyle,
    QStyleOptionButton,
    QTabWidget,
    QWidget,
)

CTRL = Qt.KeyboardModifier.ControlModifier


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
    """Pick an entry of a combo box with the arrow keys (as a user would), by its text; Tab to it first if needed."""
    if not has_focus_in(combo):
        tab_to(qtbot, combo)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} not in the combo"


def show_active(qtbot, window: QWidget) -> None:
    """Show a window and wait until it is the active one, so clicks and keys give and follow focus."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def has_focus_in(widget: QWidget) -> bool:
    """Return True when the keyboard focus is on ``widget`` or inside it (a combo's or spin box's editor)."""
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def click_into(qtbot, widget: QWidget) -> None:
    """Click a field as a person does, where the mouse lands, and check the click gave it the keyboard focus."""
    target = widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        target = widget.lineEdit()
    elif isinstance(widget, QAbstractScrollArea):
        target = widget.viewport()
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert has_focus_in(widget), f"clicking {widget!r} did not give it the focus"


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Click into a field, select what it holds with Ctrl+A and type over it."""
    click_into(qtbot, widget)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)
    type_text(qtbot, widget, text)


def click(qtbot, button: QAbstractButton) -> None:
    """Click a button or tick box where its text or box is drawn (a click beyond the text does nothing)."""
    pos = button.rect().center()
    if isinstance(button, QCheckBox):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        pos = button.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, button).center()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)


def click_cell(qtbot, view: QAbstractItemView, row: int, column: int) -> None:
    """Click the middle of a table cell, making it the current one (and giving the view the focus)."""
    rect = view.visualRect(view.model().index(row, column))
    assert rect.isValid(), f"cell ({row}, {column}) is not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert has_focus_in(view)


def tab_to(qtbot, widget: QWidget, limit: int = 60) -> None:
    """Press Tab in the window until the focus reaches ``widget``; fail if the Tab chain never gets there."""
    for _ in range(limit):
        if has_focus_in(widget):
            return
        press(qtbot, widget, Qt.Key.Key_Tab)
    assert has_focus_in(widget), f"Tab never reached {widget!r}"


def pick(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry of the combo box that has the focus with Home and Down, as a person does without a mouse."""
    assert has_focus_in(combo), f"{combo!r} does not have the focus"
    press(qtbot, combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        press(qtbot, combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} not in the combo"


def click_tab(qtbot, tabs: QTabWidget, title: str) -> None:
    """Click a tab of a tab widget by its title (as shown, without the mnemonic's &)."""
    bar = tabs.tabBar()
    index = next((i for i in range(bar.count()) if bar.tabText(i).replace("&&", "&") == title), -1)
    assert index >= 0, f"no tab {title!r}"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def arrow_to_cell(qtbot, view: QAbstractItemView, row: int, column: int) -> None:
    """Move the current cell of the focused view with Ctrl+Home and the arrow keys, as a keyboard user does."""
    assert has_focus_in(view), f"{view!r} does not have the focus"
    press(qtbot, view, Qt.Key.Key_Home, CTRL)
    for _ in range(row):
        press(qtbot, view, Qt.Key.Key_Down)
    for _ in range(column):
        press(qtbot, view, Qt.Key.Key_Right)
    current = view.currentIndex()
    assert (current.row(), current.column()) == (row, column)
