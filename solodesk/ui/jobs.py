"""One runner for long work, off the UI thread.

A job is a plain Python callable that takes a :class:`JobHandle` and returns
plain data. It runs on a worker thread of a :class:`QThreadPool`; its result,
its error or its cancellation comes back to the UI thread through the signals
of its :class:`Job`. The worker thread never touches a Qt object: it leaves
its outcome and latest progress in plain Python fields, and a timer on the UI
thread hands them out (emitting Python signals from a worker thread lost
deliveries with this PySide6 build). A job opens its own sessions (the services do so per call
with the store's own session factory), never sharing one with the UI thread; the store's
engine hands each thread its own connection from its pool.

Locking calls :meth:`JobRunner.cancel_all_and_wait` before the key is dropped,
so no job is left reading a store that has closed under it.
"""

import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance

WORKER_THREADS = 2
POLL_MS = 15  # how often the UI thread collects progress and outcomes while jobs run


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    """Return True when ``Signal.emit`` hands back its bool without owning a reference.

    PySide6 6.12.0 does: every emit lowers the refcount of ``True`` by one, and
    enough emits crash the interpreter ("deallocating True or False"). A job
    emits on every progress step, so the runner gives the reference back.
    """
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 4


_COMPENSATE_EMIT = _emit_drops_a_reference()


def _emit(signal: SignalInstance, *args: object) -> None:
    returned: object = signal.emit(*args)  # type: ignore[func-returns-value] # it returns a bool at run time
    if _COMPENSATE_EMIT and isinstance(returned, bool):
        import ctypes  # only where PySide's emit drops a reference: not loaded for the lock window

        ctypes.pythonapi.Py_IncRef(ctypes.py_object(returned))  # True/False are never freed: safe


class JobCancelled(Exception):  # noqa: N818 - it is a request, not an error
    """Raised inside a job (by :meth:`JobHandle.check`) to stop it early."""


class JobHandle:
    """What a running job sees: its cancel flag and a way to report progress.

    Safe to use from the worker thread; progress reaches the UI thread queued.
    """

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.latest: tuple[int, int, str] | None = None

    @property
    def cancelled(self) -> bool:
        """Return True once someone asked the job to stop."""
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next :meth:`check`."""
        self._cancelled.set()

    def check(self) -> None:
        """Stop the job here if it was asked to.

        Raises:
            JobCancelled: the job was cancelled.
        """
        if self._cancelled.is_set():
            raise JobCancelled

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress (``done`` of ``total`` steps), then stop here if cancelled.

        Raises:
            JobCancelled: the job was cancelled.
        """
        self.latest = (done, total, text)  # one assignment: read whole by the UI thread
        self.check()


class Job(QObject):
    """A job submitted to the runner; lives in the UI thread.

    Signals:
        progressed(int, int, str): done, total, a short text.
        succeeded(object): the job's return value.
        failed(object): the exception the job raised.
        cancelled(): the job stopped because it was cancelled (its result, if any, was discarded).
        finished(): after any of the three above.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        work: Callable[[JobHandle], Any],
        discard: Callable[[Any], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        super().__init__()
        self.handle = JobHandle()
        self._owner = owner
        self.done = threading.Event()
        self._work = work
        self._discard = discard
        self._outcome: tuple[str, object] = ("cancelled", None)
        self._progress_shown: tuple[int, int, str] | None = None

    @property
    def is_running(self) -> bool:
        """Return True until the job has returned on its worker thread."""
        return not self.done.is_set()

    def cancel(self) -> None:
        """Ask the job to stop; its result will not be delivered."""
        self.handle.cancel()

    def run_in_worker(self) -> None:
        """Run the job (called on the worker thread)."""
        try:
            result = self._work(self.handle)
        except JobCancelled:
            outcome, value = "cancelled", None
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            outcome, value = "failed", exc
        else:
            outcome, value = "succeeded", result
        self._outcome = (outcome, value)
        self.done.set()

    def deliver_progress(self) -> None:
        """Emit the latest progress, if it changed (UI thread)."""
        latest = self.handle.latest
        if not self._owner_alive():
            self.handle.cancel()  # whoever wanted the result has gone (its window was closed)
        if latest is not None and latest != self._progress_shown and not self.handle.cancelled:
            self._progress_shown = latest
            _emit(self.progressed, *latest)

    def deliver_outcome(self) -> None:
        """Emit the result, the error or the cancellation, then ``finished`` (UI thread)."""
        outcome, value = self._outcome
        if not self._owner_alive():
            if outcome == "succeeded" and self._discard is not None:
                self._discard(value)
            return  # nothing is left to tell
        if outcome == "succeeded" and self.handle.cancelled:
            # Cancelled too late to stop the work: the result is dropped (e.g. a store is closed).
            if self._discard is not None:
                self._discard(value)
            outcome = "cancelled"
        if outcome == "succeeded":
            _emit(self.succeeded, value)
        elif outcome == "failed":
            _emit(self.failed, value)
        else:
            _emit(self.cancelled)
        _emit(self.finished)

    def _owner_alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job = job

    def run(self) -> None:
        self._job.run_in_worker()


class JobRunner:
    """Runs jobs on a small pool of worker threads and keeps them until they end."""

    def __init__(self, threads: int = WORKER_THREADS) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._jobs: list[Job] = []
        self._timer = QTimer()
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._collect)

    def submit(
        self,
        work: Callable[[JobHandle], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        discard: Callable[[Any], None] | None = None,
        owner: QObject | None = None,
    ) -> Job:
        """Start a job; the callbacks run on the UI thread.

        Args:
            work: the job; takes a :class:`JobHandle`, returns plain data.
            on_success: called with the result.
            on_failure: called with the exception the job raised.
            on_progress: called with (done, total, text) as the job reports it.
            discard: called with a result that arrived after the job was cancelled.
            owner: the widget the callbacks update; once it is deleted nothing is delivered.
        """
        job = Job(work, discard, owner)
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_failure is not None:
            job.failed.connect(on_failure)
        if on_progress is not None:
            job.progressed.connect(on_progress)
        self._jobs.append(job)
        self._pool.start(_Runnable(job))
        self._timer.start()
        return job

    def _collect(self) -> None:
        """Hand out progress and outcomes on the UI thread, in the order jobs were submitted."""
        for job in list(self._jobs):
            job.deliver_progress()
            if job.done.is_set():
                self._jobs.remove(job)
                job.deliver_outcome()
        if not self._jobs:
            self._timer.stop()

    @property
    def running(self) -> list[Job]:
        """Return the jobs whose work has not returned yet."""
        return [job for job in self._jobs if job.is_running]

    def cancel_all_and_wait(self) -> None:
        """Cancel every job and wait until each has returned on its worker thread.

        Jobs that cannot stop early (one SQL statement, one key derivation) are waited for.
        Their results are discarded (handed to ``discard``), never delivered.
        """
        jobs = list(self._jobs)
        for job in jobs:
            job.cancel()
        for job in jobs:
            job.done.wait()  # a Python wait releases the GIL, so the worker can finish
        # The idle worker threads exit too: each thread's C allocator keeps its own cache of freed
        # memory (glibc's tcache) that only the thread itself can clear, and it does so on exit.
        self._pool.waitForDone()


_runner: JobRunner | None = None


def runner() -> JobRunner:
    """Return the application's job runner (created on first use)."""
    global _runner  # noqa: PLW0603 - one runner per process, like the QApplication
    if _runner is None:
        _runner = JobRunner()
    return _runner
