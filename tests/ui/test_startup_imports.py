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


def _run_app(store: CaseStore, code: str) -> dict[str, str]:
    """Run the app on the (closed) store with ``code`` in place of its event loop; return its report lines."""
    store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    child = subprocess.run(
        [sys.executable, "-c", code, str(store.folder)], env=env, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr[-3000:]
    return dict(line.split(" ", 1) for line in child.stdout.splitlines() if " " in line)


HEAVY = ("alembic", "reportlab", "pypdf", "sqlalchemy.orm", "solodesk.cli", "solodesk.models", "solodesk.services.demo")
# Needed only for a team store's address, never by a laptop's lock window.
TEAM_ONLY = ("solodesk.ui.team_sign_in", "psycopg")


def test_lock_window_path_does_not_import_the_heavy_libraries(store: CaseStore, tmp_path: Path) -> None:
    """The unlock page is on screen while Alembic, ReportLab, pypdf, the ORM models and team sign-in are not loaded."""
    lines = _run_app(store, _REPORT_INSTEAD_OF_RUNNING)
    assert lines["TITLE"].startswith("SOLO Desk")
    assert lines["PAGE"] == "True"
    loaded = lines["MODULES"].split()
    heavy_loaded = [name for name in loaded if name.startswith(HEAVY + TEAM_ONLY)]
    assert heavy_loaded == []
    assert "solodesk.ui.lock_screen" in loaded  # the check did see the window's own modules


# Replaces the event loop: list what is loaded while the window waits for its first paint, then let it paint.
_REPORT_BEFORE_THE_FIRST_PAINT = """
import sys
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

def _report():
    window = next(w for w in QApplication.topLevelWidgets() if w.isVisible())
    print("BEFORE", " ".join(sorted(sys.modules)))
    print("TITLES", "|".join(a.text() for a in window.menuBar().actions()))
    print("ACTIONS_BEFORE", len(window.store_actions))
    for _ in range(500):
        if window.store_actions:
            break
        QTest.qWait(10)
    print("ACTIONS_AFTER", len(window.store_actions))
    return 0

QApplication.exec = staticmethod(_report)
sys.argv = ["solodesk", "--store", sys.argv[1]]
from solodesk.__main__ import main
sys.exit(main())
"""

# What the first paint need not wait for: loaded (and the menus' actions added) just after it.
AFTER_THE_PAINT = ("solodesk.secret_memory", "solodesk.ui.menus", "solodesk.services", "solodesk.logs")


def test_the_first_paint_waits_for_no_menu_action_or_memory_scrubber(store: CaseStore) -> None:
    """The menu bar shows its titles at once; its actions, ctypes' allocator setting and the log follow the paint."""
    lines = _run_app(store, _REPORT_BEFORE_THE_FIRST_PAINT)
    early = [name for name in lines["BEFORE"].split() if name.startswith(AFTER_THE_PAINT)]
    assert early == []
    assert lines["TITLES"] == "&File|&View|&Case|C&onference|&Help"
    assert lines["ACTIONS_BEFORE"] == "0"
    assert int(lines["ACTIONS_AFTER"]) >= 10  # every File, View and Case action, once painted
