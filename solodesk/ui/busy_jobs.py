"""Running one unlock or sign-in job at a time with the form disabled and a busy bar: shared by the lock screens.

Both the laptop store's lock screen and a team store's sign-in screen mix this in; each
names the widget its job disables (``_busy_area``) and keeps a ``busy_bar``.
"""

import gc
from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore  # QtCore.Qt is looked up when first needed (see lock_pages.CentredRow)
from PySide6.QtWidgets import QProgressBar, QWidget
from shiboken6 import Shiboken

from solodesk.ui.jobs import Job, JobHandle, runner


class BusyJobs:
    """One background job at a time; its result reaches the screen only if the screen still waits for it."""

    busy_bar: QProgressBar
    _job: Job | None

    @abstractmethod
    def _busy_area(self) -> QWidget:
        """Return the part of the screen a running job disables."""
        # Abstract for readers and mypy only: the Qt classes this is mixed into have their own
        # metaclass (ABCMeta cannot be mixed in), so nothing refuses a screen without it at run time.
        raise NotImplementedError

    @property
    def is_busy(self) -> bool:
        """Return True while a job runs."""
        return self._job is not None

    def _run(
        self,
        work: Callable[[JobHandle], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        discard: Callable[[Any], None],
    ) -> None:
        """Run a job with the form disabled and the busy bar moving."""
        self._show_busy(True)
        job = runner().submit(work, discard=discard)
        self._job = job

        # Connected before any event is processed, so nothing can arrive unheard. The form is
        # enabled again first, so a failure handler can put the cursor back in its field.
        def succeeded(value: object) -> None:
            if self._end_job(job):
                on_success(value)

        def failed(exc: BaseException) -> None:
            if self._end_job(job):
                on_failure(exc)

        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        job.cancelled.connect(lambda: self._end_job(job))

    def _end_job(self, job: Job) -> bool:
        """Leave the busy state if this job is the current one; return True if it was."""
        if not Shiboken.isValid(self) or self._job is not job:
            return False  # the screen was reset meanwhile (the window locked): the result is stale
        self._show_busy(False)
        return True

    def _show_busy(self, busy: bool) -> None:
        if not busy:
            self._job = None
        self.busy_bar.setVisible(busy)
        self._busy_area().setEnabled(not busy)
        widget: QWidget = self  # type: ignore[assignment]  # mixed into a QWidget
        if busy:
            widget.setCursor(QtCore.Qt.CursorShape.BusyCursor)
            # The job loads the database and report libraries: a full garbage collection in the
            # middle of that would pause the UI thread too. The window's warm-up freezes what was
            # loaded; collection resumes when the job ends.
            gc.disable()
        else:
            widget.unsetCursor()
            gc.enable()
