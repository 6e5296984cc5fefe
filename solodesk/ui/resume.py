"""Back where you were: remember the case, conference, agenda page and field; return there on unlock.

The location is kept inside the encrypted store (ids and widget names, never case
text), written within about a second of every change and once more before a lock,
so an idle lock, a crash or a restart all come back to the same place.
"""

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from solodesk.models import AgendaItem
from solodesk.services.settings import Location
from solodesk.services.settings_access import save_store_location
from solodesk.store import StoreError

if TYPE_CHECKING:
    from solodesk.ui.main_window import MainWindow

# Chair-mode pages by sidebar index: the statement, the eight agenda items, the preview, the closing panel.
PAGE_KEYS = ["confidentiality", *(item.value for item in AgendaItem), "preview", "closing"]
SAVE_DELAY_MS = 300
POLL_MS = 1000


def page_key(index: int) -> str:
    """Return the stored name of a chair-mode page."""
    return PAGE_KEYS[index] if 0 <= index < len(PAGE_KEYS) else ""


def page_index(key: str) -> int | None:
    """Return the sidebar index of a stored page name (None when unknown)."""
    return PAGE_KEYS.index(key) if key in PAGE_KEYS else None


def _fields(page: QWidget) -> list[QWidget]:
    """Return the page's widgets that take the cursor by Tab, in creation order (stable for the same data)."""
    return [
        widget
        for widget in page.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(page) and widget.isEnabled()
    ]


def field_key(page: QWidget, widget: QWidget | None) -> str:
    """Return how a page names one of its fields: its attribute name, else its place among the page's fields."""
    if widget is None or not page.isAncestorOf(widget):
        return ""
    for name, value in vars(page).items():
        if value is widget and not name.startswith("_"):
            return f"attr:{name}"
    fields = _fields(page)
    return f"at:{fields.index(widget)}" if widget in fields else ""


def find_field(page: QWidget, key: str) -> QWidget | None:
    """Return the field a :func:`field_key` names on a page, if it is still there."""
    kind, _, name = key.partition(":")
    if kind == "attr":
        found = vars(page).get(name)
        return found if isinstance(found, QWidget) and found.isVisibleTo(page) else None
    if kind == "at" and name.isdigit():
        fields = _fields(page)
        return fields[int(name)] if int(name) < len(fields) else None
    return None


def current_location(window: "MainWindow") -> Location | None:
    """Return where the chair is in the window (None while locked)."""
    if window.store is None or window.workspace is None:
        return None
    desk = window.chair_desk
    if desk is not None:
        index = desk.current_index()
        return Location(desk.snap.subject_id, desk.conference_id, page_key(index), _focused_field(desk.page(index)))
    workspace = window.workspace
    return Location(workspace.current_subject_id(), workspace.subject_page.selected_conference_id())


def _focused_field(page: QWidget) -> str:
    return field_key(page, QApplication.focusWidget())


def restore_location(window: "MainWindow", location: Location | None) -> None:
    """Show the case, or reopen chair mode at the same page with the cursor in the same field."""
    workspace = window.workspace
    if location is None or workspace is None:
        return
    if location.subject_id is not None:
        window.stack.setCurrentWidget(workspace)  # over the desk, which is first only when there is no place
        workspace.register_view.select_subject(location.subject_id)
        if location.conference_id is not None:
            workspace.subject_page.select_conference(location.conference_id)
        workspace.register_view.table.setFocus(Qt.FocusReason.OtherFocusReason)
    index = page_index(location.agenda_page)
    if location.conference_id is None or index is None:
        return
    try:
        window.open_conference(location.conference_id)
    except (LookupError, ValueError, StoreError):
        return  # The conference is gone: the register is the place to be.
    desk = window.chair_desk
    if desk is None:
        return
    desk.go_to(index)
    field = find_field(desk.page(index), location.field)
    if field is not None:
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        desk.page(index).scroll_area.ensureWidgetVisible(field)
        _cursor_to_end(field)


def _cursor_to_end(field: QWidget) -> None:
    """Put the cursor after the text, where the chair goes on typing."""
    if isinstance(field, QPlainTextEdit | QTextEdit):
        field.moveCursor(QTextCursor.MoveOperation.End)
    elif isinstance(field, QLineEdit):
        field.end(False)


class LocationTracker(QObject):
    """Writes the window's location into the store whenever it changes (debounced) and on stop."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self._saved: Location | None = None
        self._saved = self.current()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        # Focus moves catch most changes at once; the poll catches the rest (arrow keys in a table, a page
        # change with no field to focus) within a second.
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_changed)
        self._poll.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    @Slot()
    def save(self) -> None:
        """Write the location now if it changed since the last write."""
        location = self.current()
        store = self.window.store
        if location is None or store is None or location == self._saved:
            return
        if save_store_location(store, location):
            self._saved = location

    def current(self) -> Location | None:
        """Return the window's location; while the cursor is outside the window (a dialog), keep the last field."""
        location = current_location(self.window)
        focused = QApplication.focusWidget()
        saved = self._saved
        outside = focused is None or not self.window.isAncestorOf(focused)
        if outside and location is not None and saved is not None and location.agenda_page == saved.agenda_page:
            return replace(location, field=saved.field)
        return location

    def stop(self) -> None:
        """Write the last location and stop watching (before the store closes)."""
        self._poll.stop()
        self._save_timer.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus_changed)
        self.save()

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and isinstance(new.parentWidget(), QAbstractItemView):
            return  # An item editor opening inside a table is not a move.
        self._on_changed()

    @Slot()
    def _on_changed(self) -> None:
        if self.current() != self._saved:
            self._save_timer.start()
