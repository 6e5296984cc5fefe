"""The lock window comes up without loading the CLI, the database libraries or the reports.

Run in a fresh interpreter (``python -m solodesk --store FOLDER``): the window is
built and shown, its background checks finish, and only then is ``sys.modules``
read. What is absent cannot have slowed the first window down.
"""

import os
import subprocess
import sys
from pathlib import Path

from solodesk.store import CaseStore

# Replaces the event loop: let the lock screen's background jobs end, then list what was loaded.
_REPORT_INSTEAD_OF_RUNNING = """
import sys
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

def _report():
    from solodesk.ui.jobs import runner
    window = next(w for w in QApplication.topLevelWidgets() if w.isVisible())
    for _ in range(500):
        if not runner().running:
            break
        QTest.qWait(20)
    QTest.qWait(50)
    print("TITLE", window.windowTitle())
    print("PAGE", window.lock_screen.pages.currentWidget() is window.lock_screen.unlock_page)
    print("MODULES", " ".join(sorted(sys.modules)))
    return 0

QApplication.exec = staticmethod(_report)
sys.argv = ["solodesk", "--store", sys.argv[1]]
from solodesk.__main__ import main
sys.exit(main())
"""

HEAVY = ("alembic", "reportlab", "pypdf", "sqlalchemy.orm", "solodesk.cli", "solodesk.models", "solodesk.services.demo")
# Needed only for a team store's address, never by a laptop's lock window.
TEAM_ONLY = ("solodesk.ui.team_sign_in", "psycopg")


def test_lock_window_path_does_not_import_the_heavy_libraries(store: CaseStore, tmp_path: Path) -> None:
    """The unlock page is on screen while Alembic, ReportLab, pypdf, the ORM models and team sign-in are not loaded."""
    store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    child = subprocess.run(
        [sys.executable, "-c", _REPORT_INSTEAD_OF_RUNNING, str(store.folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in child.stdout.splitlines() if " " in line)
    assert lines["TITLE"].startswith("SOLO Desk")
    assert lines["PAGE"] == "True"
    loaded = lines["MODULES"].split()
    heavy_loaded = [name for name in loaded if name.startswith(HEAVY + TEAM_ONLY)]
    assert heavy_loaded == []
    assert "solodesk.ui.lock_screen" in loaded  # the check did see the window's own modules
