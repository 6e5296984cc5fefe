"""Time from starting the process to the first window painted.

Run: ``.venv/bin/python bench/startup.py``. Starts fresh interpreters, each
timed from launch until its first window is painted: one shows an empty
PySide6 ``QMainWindow``; the other runs ``python -m solodesk --store FOLDER``
on an existing store, so the lock window is the first thing shown. Prints one
line: ``startup: empty_window_s=A lock_window_s=B ratio=R`` (medians of
several alternated runs, after one untimed run of each; R is the median of each
run's B / A, so a machine that slows down or speeds up between runs moves both
sides of a ratio alike).

Both run from compiled bytecode, as an installed app does: the children keep
theirs in the scratch folder (``PYTHONPYCACHEPREFIX``), even where
``PYTHONDONTWRITEBYTECODE`` is set, and write nothing into the source tree.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9

# Installed before the app's own code runs: report the first paint of a window, then leave.
# The filter watches the windows already shown when the event loop starts (both programs show
# theirs before it), not the whole application: an application-wide Python filter is handed every
# event of every object, and converting Qt's private objects for it (QMainWindow's layout animates
# its central widget through a QAnimationTimer) makes PySide create every enum of QtCore, QtGui
# and QtWidgets - tens of milliseconds charged to any window with a central widget, never to the
# empty one. Only when no window is shown yet does it fall back to watching the application.
_FIRST_PAINT_HOOK = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class _FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.isWidgetType() and watched.isWindow():
            print("painted", flush=True)
            os._exit(0)
        return False

_real_exec = QApplication.exec
_filter = _FirstPaint()

def _exec(self=None):
    shown = [window for window in QApplication.topLevelWidgets() if window.isVisible()]
    for window in shown or [QApplication.instance()]:
        window.installEventFilter(_filter)
    return _real_exec()

QApplication.exec = _exec
"""

_EMPTY_WINDOW = """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 720)
window.show()
app.exec()
"""

_LOCK_WINDOW = """
sys.argv = ["solodesk", "--store", {folder!r}]
from solodesk.__main__ import main
main()
"""


def _time_to_paint(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT_HOOK + code], env=env, capture_output=True, text=True, timeout=120
    )
    elapsed = time.perf_counter() - started
    if "painted" not in child.stdout:
        raise RuntimeError(f"the window was never painted: {child.stderr[-2000:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "store"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOLODESK_DATA_DIR=scratch, SOLODESK_LOG_DIR=scratch)
        env["XDG_CONFIG_HOME"] = scratch
        # Compiling every module from source at each launch is a cost no installed copy pays.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "pycache")
        # A store must exist so the unlock page (not the create page) is what appears.
        setup = "from pathlib import Path; from solodesk.store import CaseStore, Argon2Params\n"
        setup += f"CaseStore.create(Path({str(folder)!r}), 'benchmark passphrase', Argon2Params(1024, 1, 1))[0].close()"
        subprocess.run([sys.executable, "-c", setup], env=env, check=True)
        empty, lock = [], []
        for code in (_EMPTY_WINDOW, _LOCK_WINDOW.format(folder=str(folder))):
            _time_to_paint(code, env)  # untimed: writes the bytecode both programs then run from
        for _ in range(RUNS):
            empty.append(_time_to_paint(_EMPTY_WINDOW, env))
            lock.append(_time_to_paint(_LOCK_WINDOW.format(folder=str(folder)), env))
    empty_s, lock_s = statistics.median(empty), statistics.median(lock)
    ratio = statistics.median(b / a for a, b in zip(empty, lock, strict=True))
    print(f"startup: empty_window_s={empty_s:.3f} lock_window_s={lock_s:.3f} ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
