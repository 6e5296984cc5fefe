"""Time what chair mode does on every edit, on the demo case.

Run: ``.venv/bin/python bench/chair.py``. Prints one line:
``chair: save_ms=A snapshot_ms=B preview_ms=C completeness_ms=D max_unsaved_s=E unlock_ui_stall_ms=F``
(medians): ``save_ms`` one autosaved field (its own transaction),
``snapshot_ms`` the reload that refreshes the progress marks after it,
``preview_ms`` the minute preview (the draft PDF chair mode shows), ``completeness_ms`` the checks of the
closing panel; ``max_unsaved_s`` the longest time a typed character waited to
reach the store while a chair typed steadily for 20 s into an item's notes (an
offscreen chair desk, real key events; target at most 1.0);
``unlock_ui_stall_ms`` the longest gap between ticks of a 10 ms timer on the UI
thread of a real (offscreen) main window while the passphrase is typed, Return
pressed, and the store unlocked with the real key derivation until the
workspace is painted (target <= 100).
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from solodesk.models import AgendaItem, Conference, ConferenceType
from solodesk.services import chair_edit
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.services.minute_views import draft_pdf
from solodesk.store import CaseStore

ROUNDS = 50
TYPING_S = 20.0
KEY_INTERVAL_MS = 45  # About 130 words a minute: never a pause long enough for the quiet debounce.
SENTENCE = "The chair outlined the reasons for convening and the group agreed them. "
PASSPHRASE = "benchmark passphrase"
TICK_MS = 10


def _median_ms(work: Callable[[], object]) -> float:
    work()
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _max_unsaved_s(store: CaseStore, conference_id: int) -> float:
    """Type steadily into the purpose notes for ``TYPING_S`` seconds; return the longest wait for a save."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from solodesk.ui.chair import ChairDesk

    app = QApplication.instance() or QApplication([])
    desk = ChairDesk(store, conference_id)
    desk.resize(1366, 768)
    desk.show()
    desk.activateWindow()
    QTest.qWaitForWindowActive(desk)
    window = desk.window().windowHandle()
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    notes = desk.page_for(AgendaItem.PURPOSE).notes
    assert app.focusWidget() is notes, "Alt+4 did not put the cursor in the notes"
    already = len(desk.snap.note(AgendaItem.PURPOSE).notes)
    typed_at: list[float] = []
    saved_upto = 0
    worst = 0.0

    def on_saved() -> None:  # Connected after the desk's own slot, so desk.snap is the stored state.
        nonlocal saved_upto, worst
        now = time.perf_counter()
        stored = len(desk.snap.note(AgendaItem.PURPOSE).notes) - already
        for index in range(saved_upto, min(stored, len(typed_at))):
            worst = max(worst, now - typed_at[index])
        saved_upto = max(saved_upto, stored)

    def type_one() -> None:
        char = SENTENCE[len(typed_at) % len(SENTENCE)]
        typed_at.append(time.perf_counter())
        QTest.keyClick(window, Qt.Key.Key_Space if char == " " else char)

    desk.saver.saved.connect(on_saved)
    keys = QTimer()
    keys.setInterval(KEY_INTERVAL_MS)
    keys.timeout.connect(type_one)
    loop = QEventLoop()
    keys.start()
    QTimer.singleShot(int(TYPING_S * 1000), loop.quit)
    loop.exec()
    keys.stop()
    deadline = time.perf_counter() + 5
    while saved_upto < len(typed_at) and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    if saved_upto < len(typed_at):
        worst = max(worst, time.perf_counter() - typed_at[saved_upto])
    desk.close()
    desk.deleteLater()
    return worst


def unlock_ui_stall_ms(folder: Path) -> float:
    """Unlock the store through the real lock screen and return the longest UI-thread stall."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import sys

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from solodesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(folder)
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(300)  # let the lock screen's own start-up checks finish
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    QTest.keyClicks(window.lock_screen.passphrase_field, PASSPHRASE)
    clock.start()
    timer.start()
    QTest.keyClick(window.lock_screen.passphrase_field, Qt.Key.Key_Return)
    tick()  # pressing Return itself may be where the window froze
    for _ in range(3000):
        if not window.is_locked:
            break
        QTest.qWait(TICK_MS)
    QTest.qWait(200)  # the workspace's first paint is part of unlocking
    timer.stop()
    unlocked = not window.is_locked
    window.lock()
    window.close()
    del app
    if not unlocked:
        raise RuntimeError("the store did not unlock")
    return float(max(gaps))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", PASSPHRASE)
        with store.session() as session:
            load_demo(session)
            conference_id = session.query(Conference.id).filter_by(kind=ConferenceType.INITIAL).scalar()
        text = "The chair outlined the reasons for convening. " * 20
        save = _median_ms(lambda: chair_edit.save_note(store, conference_id, AgendaItem.PURPOSE, notes=text))
        snapshot = _median_ms(lambda: load_snapshot(store, conference_id))
        preview = _median_ms(lambda: draft_pdf(store, conference_id))
        checks = _median_ms(lambda: chair_edit.completeness(store, conference_id))
        unsaved = _max_unsaved_s(store, conference_id)
        store.close()
        stall = unlock_ui_stall_ms(Path(folder) / "store")
    print(
        f"chair: save_ms={save:.1f} snapshot_ms={snapshot:.1f} preview_ms={preview:.1f} completeness_ms={checks:.1f}"
        f" max_unsaved_s={unsaved:.2f} unlock_ui_stall_ms={stall:.0f}"
    )


if __name__ == "__main__":
    main()
