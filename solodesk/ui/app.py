"""The Qt application: start-up order, crash handling and the main window.

Start-up shows the lock window first (issue 9): the log file, the remembered-key
check and whatever they load wait until the window has been painted once.
"""

import gc
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from solodesk import APP_ID, APP_NAME, __version__, paths
from solodesk.ui import prompts
from solodesk.ui.first_paint import after_next_paint
from solodesk.ui.jobs import runner
from solodesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the QApplication, configured with the app's names."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SOLO Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    return app


def _install_excepthook(window: MainWindow) -> None:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        # Only the exception's type and location are logged: its message could hold case text.
        frames = traceback.extract_tb(tb)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        from solodesk.store.errors import CheckedOutError, ForbiddenError
        from solodesk.store.writer_lock import StoreReadOnlyError

        if isinstance(
            value, StoreReadOnlyError | ForbiddenError | CheckedOutError
        ):  # a refused write, not a fault: say why, once
            prompts.error(window, APP_NAME, str(value))
            return
        log.error("unexpected %s at %s", kind.__name__, where)
        prompts.error(
            window,
            f"{APP_NAME} problem",
            "Something went wrong. Your work up to the last change is saved.\n"
            f"Please report: {kind.__name__} at {Path(where).name}.",
        )

    sys.excepthook = hook


def _after_first_paint(window: MainWindow) -> None:
    """Start what the lock window's first paint need not wait for."""
    from PySide6.QtGui import QIcon

    from solodesk.secret_memory import protect_process

    # Before anything secret can be typed or read (the remembered key is fetched below).
    protect_process()
    # Reading and scaling the icon's PNG is not needed for the first paint; the title bar takes it now.
    QApplication.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "solodesk.png")))
    # What start-up allocated is frozen (run_gui): collections resume for what comes next.
    gc.enable()
    from solodesk.logs import configure_logging

    configure_logging()
    log.info("app started")
    window.lock_screen.try_remembered_key()  # a background job


def run_gui(store_folder: Path | str | None = None) -> int:
    """Open the app on a store folder (the default one when None) or a team store's address."""
    # Start-up only builds what lives for good: collecting garbage among it until the first paint
    # (Python's collector runs every few hundred allocations) would only delay that paint.
    gc.disable()
    app = create_application()
    location = store_folder or paths.default_store_path()
    window = MainWindow(location)
    _install_excepthook(window)
    after_next_paint(window, lambda: _after_first_paint(window))
    window.show()
    # Everything loaded so far lives as long as the process: keep it out of full garbage
    # collections, which pause every thread (a background job's collection would freeze the UI).
    gc.freeze()
    code = app.exec()
    runner().cancel_all_and_wait()  # no worker thread may outlive the application
    return code
