"""The job runner: work off the UI thread, results and errors back on it, cancel, wait."""

import threading

import pytest
from PySide6.QtCore import QThread

from solodesk.ui.jobs import JobHandle, JobRunner


@pytest.fixture
def runner(qtbot) -> JobRunner:
    jobs = JobRunner()
    yield jobs
    jobs.cancel_all_and_wait()


def test_result_comes_back_on_the_ui_thread(qtbot, runner: JobRunner) -> None:
    """The work runs on a worker thread; its result reaches a callback on the UI thread."""
    seen: dict[str, object] = {}

    def work(_handle: JobHandle) -> int:
        seen["work_thread"] = QThread.currentThread()
        return 42

    def delivered(value: object) -> None:
        seen["value"] = value
        seen["callback_thread"] = QThread.currentThread()

    runner.submit(work, on_success=delivered)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    ui_thread = QThread.currentThread()
    assert seen["work_thread"] is not ui_thread
    assert seen["callback_thread"] is ui_thread


def test_an_error_comes_back_as_the_exception(qtbot, runner: JobRunner) -> None:
    """An exception raised in the job is handed to the failure callback, not lost in the thread."""
    errors: list[BaseException] = []

    def work(_handle: JobHandle) -> None:
        raise ValueError("the folder is not usable")

    runner.submit(work, on_success=lambda _v: pytest.fail("no result expected"), on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "the folder is not usable"


def test_progress_then_cancel_between_steps(qtbot, runner: JobRunner) -> None:
    """A job reports progress; cancelling stops it at its next step and no result is delivered."""
    steps: list[int] = []
    proceed = threading.Event()
    outcome: list[str] = []

    def work(handle: JobHandle) -> str:
        for step in range(1, 1000):
            handle.progress(step, 999, f"step {step}")
            proceed.wait(5)
        return "all done"

    job = runner.submit(
        work, on_success=lambda _v: outcome.append("done"), on_progress=lambda d, _t, _s: steps.append(d)
    )
    job.cancelled.connect(lambda: outcome.append("cancelled"))
    qtbot.waitUntil(lambda: bool(steps))
    job.cancel()
    proceed.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    assert max(steps) < 999


def test_cancel_all_and_wait_returns_only_when_the_work_has_stopped(qtbot, runner: JobRunner) -> None:
    """Locking waits: after cancel_all_and_wait no job is still running, and late results are discarded."""
    started = threading.Event()
    release = threading.Event()
    discarded: list[object] = []
    delivered: list[object] = []

    def work(_handle: JobHandle) -> str:
        started.set()
        release.wait(5)  # one step that cannot be interrupted (like one key derivation)
        return "opened store"

    job = runner.submit(work, on_success=delivered.append, discard=discarded.append)
    assert started.wait(5)
    threading.Timer(0.05, release.set).start()
    runner.cancel_all_and_wait()
    assert not job.is_running
    assert runner.running == []
    qtbot.waitUntil(lambda: bool(discarded))
    assert discarded == ["opened store"]
    assert delivered == []
