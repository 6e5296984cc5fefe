"""Circulating runs as a background job: progress moves, the window stays live, Stop ends it between copies."""

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from solodesk.services import minute_issue
from solodesk.services.minute_views import distribution_log
from solodesk.ui import prompts
from solodesk.ui.minutes import CirculateDialog
from tests.helpers.minutes import demo_conference


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "info", lambda _p, title, text: seen.append((title, text)))
    monkeypatch.setattr(prompts, "error", lambda _p, title, text: seen.append((title, text)))
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    return seen


def test_stop_between_copies_keeps_what_was_written(qtbot, store, tmp_path: Path, monkeypatch, messages) -> None:
    """Two copies are written off the UI thread, Stop is pressed: no third copy, and both are recorded."""
    conference_id = demo_conference(store)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(out))
    writer_threads: list[threading.Thread] = []
    may_continue = threading.Event()
    real_write = minute_issue.place_copy

    def write_then_hold(folder: Path, name: str, data: bytes) -> tuple[Path, bool]:
        writer_threads.append(threading.current_thread())
        if len(writer_threads) > 2:
            may_continue.wait(10)  # the third copy waits until the test has pressed Stop
        return real_write(folder, name, data)

    monkeypatch.setattr(minute_issue, "place_copy", write_then_hold)
    dialog = CirculateDialog(store, conference_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.stop_button.isVisible()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.circulate_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.progress.value() == 2)
    assert dialog.progress.maximum() == 9
    assert dialog.stop_button.isVisible()
    assert not dialog.circulate_button.isEnabled()
    assert all(thread is not threading.main_thread() for thread in writer_threads)

    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    may_continue.set()
    qtbot.waitUntil(lambda: bool(messages))
    written = sorted(path.name for path in out.glob("*.pdf"))
    assert messages[0][0] == "Circulation stopped"
    assert len(written) == 3  # the copy in hand when Stop was pressed is finished, no more
    assert sorted(row.file_name for row in distribution_log(store, conference_id)) == written
    assert not dialog.stop_button.isVisible()


def test_escape_while_writing_stops_instead_of_closing(qtbot, store, tmp_path: Path, monkeypatch, messages) -> None:
    """Escape during circulation asks the job to stop; the dialog closes only once nothing is running."""
    conference_id = demo_conference(store)
    monkeypatch.setattr(prompts, "choose_folder", lambda *_a: str(tmp_path))
    started = threading.Event()
    may_continue = threading.Event()
    real_write = minute_issue.place_copy

    def write_slowly(folder: Path, name: str, data: bytes) -> tuple[Path, bool]:
        started.set()
        may_continue.wait(10)
        return real_write(folder, name, data)

    monkeypatch.setattr(minute_issue, "place_copy", write_slowly)
    dialog = CirculateDialog(store, conference_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.run_circulation()
    assert started.wait(10)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    may_continue.set()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[0][0] == "Circulation stopped"
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
