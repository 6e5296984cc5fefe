"""The main window: the lock screen until unlocked, then the workspace.

Locking closes the store (overwriting the key) and deletes the workspace, so no
view of case data survives a lock.

Only the lock window's modules are imported up front: the workspace, chair
mode and the store-backed menus (and, through them, SQLAlchemy, Alembic and
the report libraries) are loaded by the unlock job on its worker thread.
"""

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk import APP_NAME, __version__
from solodesk.ui import prompts
from solodesk.ui.desk_host import CASES, DeskHost
from solodesk.ui.idle_lock import IdleLock
from solodesk.ui.jobs import runner
from solodesk.ui.lock_cleanup import clipboard_came_from_app, drop_case_data, read_only_banner
from solodesk.ui.lock_screen import LockScreen
from solodesk.ui.main_menus import MainMenus
from solodesk.ui.unlock_prep import PreparedWorkspace

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from solodesk.store import CaseStore
    from solodesk.ui.chair import ChairDesk
    from solodesk.ui.desk import DeskView
    from solodesk.ui.resume import LocationTracker
    from solodesk.ui.team_sign_in import TeamSignIn
    from solodesk.ui.workspace import Workspace


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # pragma: no cover - the window cannot exist without one
        raise RuntimeError("no QApplication")
    return app


def _sign_in_screen(folder: Path | str) -> "LockScreen | TeamSignIn":
    """Return the lock screen of a store folder, or the sign-in screen of a team store's address."""
    if isinstance(folder, str):
        # Loaded only for a team store: a laptop's lock window need not wait for it.
        from solodesk.ui.team_sign_in import TeamSignIn

        return TeamSignIn(folder)
    return LockScreen(folder)


class MainWindow(QMainWindow, DeskHost, MainMenus):
    """The application window.

    Attributes:
        store: the open store, or None while locked.
    """

    def __init__(self, folder: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder  # or a team store's address
        self.store: CaseStore | None = None
        self.workspace: Workspace | None = None
        self.chair_desk: ChairDesk | None = None
        self.location_tracker: LocationTracker | None = None
        self.desk_view: DeskView | None = None
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.stack = QStackedWidget()
        self.lock_screen: LockScreen | TeamSignIn = _sign_in_screen(folder)
        self._prepared = PreparedWorkspace()
        self.lock_screen.warm_up = self._prepared.prepare
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.stack.addWidget(self.lock_screen)
        self.read_only_banner = read_only_banner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.idle_lock = IdleLock(10, self)
        self.idle_lock.stop()
        self.idle_lock.idle.connect(self.lock)  # it watches the input only while unlocked
        self._build_menus()
        self._restore_geometry()

    # Public ------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        """Return True while no store is open."""
        return self.store is None

    @Slot()
    def lock(self) -> None:
        """Close the store, drop every case view and show the lock screen."""
        copied_from_case = self._close_store_and_views()
        # Only once the teardown's own locals (the last view, dialog and tracker) are gone:
        # what they held is freed before the scrub, not after it.
        drop_case_data(copied_from_case)

    def _close_store_and_views(self) -> bool:
        """Tear down every case view and close the store; return whether the clipboard came from the app."""
        self.idle_lock.stop()
        _application().removeEventFilter(self.idle_lock)
        # Remember where the chair was before anything is torn down (tearing down moves the focus).
        tracker, self.location_tracker = self.location_tracker, None
        if tracker is not None:
            tracker.stop()
            tracker.deleteLater()
        # No job may still be reading or writing when the key goes; late results are discarded.
        runner().cancel_all_and_wait()
        copied_from_case = clipboard_came_from_app()  # asked while the case views still exist
        # Open dialogs show case data and may hold unsaved typing: closing them first lets
        # them save (while the store is still open) and leaves nothing on screen.
        from PySide6.QtWidgets import QDialog  # its type costs the lock window's first paint a millisecond

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._leave_chair_mode()
        # The desk's Python side holds its lists of names: dropping the reference lets them go.
        if self.desk_view is not None:
            self.desk_view.desk = None
        for view in (self.desk_view, self.workspace):
            if view is not None:
                self.stack.removeWidget(view)
                view.deleteLater()
        self.desk_view, self.workspace = None, None
        if self.store is not None:
            self.store.close()
            self.store = None
        gc.unfreeze()  # what the unlock froze (the store's objects among it) can be collected again
        self._set_store_actions_enabled(False)
        self._set_team_actions(None)
        self.statusBar().clearMessage()
        self.read_only_banner.hide()
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.lock_screen.reset()
        self.stack.setCurrentWidget(self.lock_screen)
        return copied_from_case

    # Internals -----------------------------------------------------------------

    @Slot(object)
    def _on_lock_screen_unlocked(self, store: "CaseStore") -> None:
        from solodesk.services.roles import permissions_of
        from solodesk.services.settings_access import load_store_location, load_store_settings
        from solodesk.ui.resume import LocationTracker, restore_location
        from solodesk.ui.role_offers import offer_for_role
        from solodesk.ui.workspace import Workspace

        self._build_store_menus()
        self.store = store
        self.workspace = Workspace(store, register=self._prepared.take(store))
        self.workspace.conference_opened.connect(self.open_conference)
        self.workspace.convene_requested.connect(self.convene)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self._set_store_actions_enabled(True)
        self._set_team_actions(store)
        # Watching every event from the start would cost the lock window's first paint (issue 9).
        _application().installEventFilter(self.idle_lock)
        self.idle_lock.set_minutes(load_store_settings(store).idle_lock_minutes)
        self.statusBar().showMessage(f"Store: {store.location}")
        if store.read_only_reason is not None:
            self.read_only_banner.setText(f"Read-only: {store.read_only_reason}")
            self.read_only_banner.show()
            self.setWindowTitle(f"{APP_NAME} {__version__} (read-only)")
        self._open_desk(store, self.workspace)
        offer_for_role(self, permissions_of(store))  # on a team store, only what the person's role may do
        # Back where the person was (issue 9): the desk is first only when there is nowhere to return to.
        restore_location(self, load_store_location(store))
        self.location_tracker = LocationTracker(self)

    @Slot()
    def _on_new_case(self) -> None:
        if self.workspace is not None:
            self._leave_desk()
            self.workspace.new_subject()

    @Slot()
    def _on_edit_case(self) -> None:
        if self.workspace is not None and self.workspace.current_subject_id() is not None:
            self.workspace.edit_subject(self.workspace.current_subject_id() or 0)

    @Slot(int)
    def open_conference(self, conference_id: int) -> None:
        """Show a conference in chair mode, in place of the workspace."""
        if self.store is None:
            return
        from solodesk.ui.chair import ChairDesk

        self._leave_chair_mode()
        self.chair_desk = ChairDesk(self.store, conference_id)
        self.chair_desk.close_requested.connect(self._on_chair_close_requested)
        self.stack.addWidget(self.chair_desk)
        self.stack.setCurrentWidget(self.chair_desk)
        self.chair_desk.setFocus()

    @Slot(int)
    def convene(self, subject_id: int) -> None:
        """Convene a new conference for a subject and select it on the subject page."""
        from solodesk.ui.chair import ConveneDialog

        if self.store is None:
            return
        try:
            dialog = ConveneDialog(self.store, subject_id, self)
        except ValueError as exc:
            prompts.error(self, "Convene", str(exc))
            return
        if dialog.exec() and self.workspace is not None:
            self.workspace.refresh(subject_id)
            self.workspace.subject_page.select_conference(dialog.conference_id)

    def _leave_chair_mode(self) -> None:
        # Hiding the desk flushes any typing not yet saved, so it must go before the store closes.
        desk, self.chair_desk = self.chair_desk, None
        if desk is None:
            return
        desk.hide()
        self.stack.removeWidget(desk)
        desk.deleteLater()
        if self.workspace is not None:
            self.stack.setCurrentWidget(self.workspace)
            self.workspace.refresh()

    @Slot()
    def _on_chair_close_requested(self) -> None:
        self._leave_chair_mode()

    @Slot()
    def _on_convene(self) -> None:
        subject_id = self._current_subject()
        if subject_id is not None:
            self.convene(subject_id)

    @Slot()
    def _on_open_conference(self) -> None:
        target = self._current_conference()
        if target is None:
            prompts.info(self, APP_NAME, "Choose a conference on the case's Conferences tab first.")
            return
        self.open_conference(target[1])

    def _current_conference(self) -> "tuple[CaseStore, int] | None":
        """Return the store and the conference in front of the user, if any."""
        if self.store is None or self.workspace is None:
            return None
        if self.chair_desk is not None:
            return self.store, self.chair_desk.conference_id
        conference_id = self.workspace.subject_page.selected_conference_id()
        return (self.store, conference_id) if conference_id is not None else None

    def _current_subject(self) -> int | None:
        subject_id = self.workspace.current_subject_id() if self.workspace is not None else None
        if subject_id is None:
            prompts.info(self, APP_NAME, "Choose a case in the register first.")
        return subject_id

    def _current_case(self) -> "tuple[CaseStore, int] | None":
        """Return the store and the case shown, telling the user when there is none."""
        subject_id = self._current_subject()
        return (self.store, subject_id) if self.store is not None and subject_id is not None else None

    def _refresh_workspace(self, subject_id: int | None) -> None:
        if self.workspace is not None:
            self.workspace.refresh(subject_id)

    @Slot()
    def _on_find(self) -> None:
        if self.workspace is not None:
            self._leave_desk()
            self.workspace.show_area(CASES)
            self.workspace.register_view.search_field.setFocus()
            self.workspace.register_view.search_field.selectAll()

    @Slot()
    def _on_settings(self) -> None:
        from solodesk.ui.settings_dialog import SettingsDialog

        if self.store is None:
            return
        dialog = SettingsDialog(self.store, self)
        if dialog.exec() and dialog.saved is not None:
            self.idle_lock.set_minutes(dialog.saved.idle_lock_minutes)

    @Slot()
    def _on_shortcuts(self) -> None:
        lines = [f"{action.shortcut().toString()}\t{action.text().replace('&', '')}" for action in self.store_actions]
        prompts.info(self, "Keyboard shortcuts", "\n".join(lines))

    @Slot()
    def _on_about(self) -> None:
        from solodesk.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def _restore_geometry(self) -> None:
        # Window geometry is the only thing kept in QSettings: it says nothing about cases.
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)

    def closeEvent(self, event: "QCloseEvent") -> None:  # noqa: N802 - Qt override
        """Save the window geometry, then lock so nothing stays open."""
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.lock()
        super().closeEvent(event)
