"""What locking leaves behind: nothing. Clipboard, deleted views and freed memory.

Also the read-only banner shown while another process has the store.
"""

import gc

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit


def drop_case_data(clear_clipboard: bool) -> None:
    """Let no case text or secret outlive the lock in this process's memory.

    Args:
        clear_clipboard: the clipboard holds text the app put there (see :func:`clipboard_came_from_app`).
    """
    if clear_clipboard:
        QGuiApplication.clipboard().clear()
    # Deleted widgets (and the models and caches they own) go now, not at the next event loop turn.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    from solodesk.secret_memory import scrub_freed_memory  # ctypes: not needed before the lock window is seen

    scrub_freed_memory()


def read_only_banner() -> QLabel:
    """Return the hidden banner that says a window is read-only, and why."""
    banner = QLabel()
    banner.setObjectName("read_only_banner")
    banner.setWordWrap(True)
    banner.setStyleSheet("padding: 6px 10px; background: #fff3cd; color: #664d03; font-weight: bold;")
    banner.hide()
    return banner


def clipboard_came_from_app() -> bool:
    """Return True when the clipboard holds text this app put there (case text, or a key).

    The platform says so where it can; otherwise text still shown in one of the app's
    fields or labels was copied from it.
    """
    clipboard = QGuiApplication.clipboard()
    if clipboard.ownsClipboard():
        return True
    copied = clipboard.text()
    if not copied:
        return False
    # Imported here: loading these widget types costs the lock window's first paint time (issue 9).
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit | QLabel) and copied in widget.text():
            return True
        if isinstance(widget, QPlainTextEdit | QTextEdit) and copied in widget.toPlainText():
            return True
    return False
