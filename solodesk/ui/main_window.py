"""The main window: the lock screen until unlocked, then the workspace.

Locking closes the store (dropping the key) and deletes the workspace, so no
view of case data survives a lock.
"""

from pathlib import Path

from PySide6.QtCore import QSettings, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from solodesk import APP_NAME, __version__
from solodesk.services.settings_access import load_store_settings
from solodesk.services.summary import summarise_store
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.idle_lock import IdleLock
from solodesk.ui.lock_screen import LockScreen


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # pragma: no cover - the window cannot exist without one
        raise RuntimeError("no QApplication")
    return app


class Workspace(QWidget):
    """What the user sees while the store is unlocked."""

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        summary = summarise_store(store)
        self.summary_label = QLabel(
            f"{summary.subjects} subject(s), {summary.conferences} conference(s), "
            f"{summary.open_actions} open action(s)."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Store unlocked: {store.folder}"))
        layout.addWidget(self.summary_label)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    """The application window.

    Attributes:
        store: the open store, or None while locked.
    """

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.store: CaseStore | None = None
        self.workspace: QWidget | None = None
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.stack = QStackedWidget()
        self.lock_screen = LockScreen(folder)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.idle_lock = IdleLock(10, self)
        self.idle_lock.stop()
        self.idle_lock.idle.connect(self.lock)
        _application().installEventFilter(self.idle_lock)
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
        self.idle_lock.stop()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.lock_action.setEnabled(False)
        self.lock_screen.reset()
        self.stack.setCurrentWidget(self.lock_screen)

    # Internals -----------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._on_about)
        help_menu.addAction(about)

    @Slot(object)
    def _on_lock_screen_unlocked(self, store: CaseStore) -> None:
        self.store = store
        self.workspace = Workspace(store)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.lock_action.setEnabled(True)
        self.idle_lock.set_minutes(load_store_settings(store).idle_lock_minutes)

    @Slot()
    def _on_about(self) -> None:
        prompts.info(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\nRisk management case conferences: an encrypted case store, "
            "the fixed agenda, and the minute for every recipient.",
        )

    def _restore_geometry(self) -> None:
        # Window geometry is the only thing kept in QSettings: it says nothing about cases.
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Save the window geometry, then lock so nothing stays open."""
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        _application().removeEventFilter(self.idle_lock)
        self.lock()
        super().closeEvent(event)
