"""Checking a conference out of a team store onto this laptop, and checking it back in.

Both dialogs first ask for the laptop's store (its folder and passphrase), then show
what would change — what check-out copies onto the laptop, or what check-in sends
to the team store, with a choice for each record changed on both sides — and write
nothing (and take no lease) until the person presses Check out or Check in. The slow
parts (key derivation, the copy) run as jobs of the app's one runner behind a busy
cursor.
"""

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from solodesk.services.checkout import CheckedIn, CheckedOut, check_in, check_out, preview_check_in, preview_check_out
from solodesk.services.handover import Choice, HandoverPreview
from solodesk.store import StoreError
from solodesk.store.team_store import TeamStore
from solodesk.ui import prompts
from solodesk.ui.checkout_laptop import LaptopRequest, LaptopStorePage, OpenedLaptop, discard_new_store, open_laptop
from solodesk.ui.handover_dialogs import _BusyCursor
from solodesk.ui.handover_preview import HandoverPreviewPage, PreviewWords
from solodesk.ui.jobs import Job, JobHandle, runner

CHECK_OUT_WORDS = PreviewWords(
    mine="This laptop",
    theirs="The team store",
    keep="Keep the laptop's",
    take="Take the team store's",
    here="this laptop",
    doing="checking out",
    show_sender=False,
)
CHECK_IN_WORDS = PreviewWords(
    mine="The team store",
    theirs="This laptop",
    keep="Keep the team store's",
    take="Take the laptop's",
    here="the team store",
    doing="checking in",
    show_sender=False,
)


def explain(failure: BaseException) -> str:
    """Return one sentence for a failure (only the store's and services' own sentences are shown)."""
    if isinstance(failure, StoreError | LookupError | ValueError):
        return str(failure)
    if isinstance(failure, OSError):
        return "The laptop's store could not be used because of a problem with the folder or the disk."
    return "SOLO Desk met something it cannot handle; nothing was changed."


class _LaptopFlow(QDialog):
    """Laptop store page, then previews, then the action: the parts both dialogs share.

    Attributes:
        laptop_page: the folder and passphrase.
        previews: one preview page per conference, once the laptop store is open.
    """

    title = ""
    action = ""
    words = CHECK_OUT_WORDS

    def __init__(self, team: TeamStore, intro: str, may_create: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.opened: OpenedLaptop | None = None
        self.request: LaptopRequest | None = None
        self.done_ok = False
        self.previews: list[HandoverPreviewPage] = []
        self._job: Job | None = None
        self._cursor = _BusyCursor()
        self.setWindowTitle(self.title)
        self.laptop_page = LaptopStorePage(intro, may_create)
        self.laptop_page.passphrase.returnPressed.connect(self._next)
        self.laptop_page.repeat.returnPressed.connect(self._next)
        self.tabs = QTabWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.laptop_page)
        self.pages.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = self.buttons.addButton("Next", QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setDefault(True)
        self.act_button = self.buttons.addButton(self.action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.act_button.setVisible(False)
        self.next_button.clicked.connect(self._next)
        self.act_button.clicked.connect(self._act)
        self.buttons.rejected.connect(self.reject)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)
        column = QVBoxLayout(self)
        column.addWidget(self.pages, 1)
        column.addWidget(self.busy_bar)
        column.addWidget(self.buttons)
        self.resize(680, 300)
        self.laptop_page.passphrase.setFocus()

    @property
    def is_busy(self) -> bool:
        """Return True while a job of this dialog runs."""
        return self._job is not None

    def choices(self) -> dict[str, Choice]:
        """Return the person's choice for every conflict shown."""
        chosen: dict[str, Choice] = {}
        for page in self.previews:
            chosen.update(page.choices())
        return chosen

    def reject(self) -> None:
        """Cancel: nothing was written (a store made for this dialog goes again); never while writing."""
        if self._job is not None:
            if self.act_button.isVisible():
                return  # the check-out or check-in commits or rolls back whole: wait for it
            self._job.cancel()
            self._job = None
            self._cursor.restore()
        self._close_laptop(cancelled=True)
        super().reject()

    def accept(self) -> None:
        """Close once the work is done, closing the laptop's store."""
        self._close_laptop(cancelled=False)
        super().accept()

    # Steps -------------------------------------------------------------------------------

    def _next(self) -> None:
        if self._job is not None or self.opened is not None:
            return
        request = self.laptop_page.request()
        if request is None:
            return
        self.request = request
        self._run(lambda _handle: self._open_and_preview(request), self._previewed, discard=self._discard)

    def _open_and_preview(self, request: LaptopRequest) -> tuple[OpenedLaptop, list[HandoverPreview]]:
        opened = open_laptop(request)
        try:
            return opened, self.preview(opened)
        except BaseException:
            discard_new_store(opened, request)
            raise

    def _discard(self, result: tuple[OpenedLaptop, list[HandoverPreview]]) -> None:
        if self.request is not None:
            discard_new_store(result[0], self.request)

    def _previewed(self, result: tuple[OpenedLaptop, list[HandoverPreview]]) -> None:
        self.opened, previews = result
        if not previews:
            self._cursor.restore()
            prompts.info(self, self.title, self.nothing_text())
            self.reject()
            return
        for preview in previews:
            page = HandoverPreviewPage(words=self.words)
            page.show_preview(preview)
            self.previews.append(page)
            self.tabs.addTab(page, preview.subject_name)
        self.tabs.tabBar().setVisible(len(previews) > 1)
        self.pages.setCurrentIndex(1)
        self.next_button.setVisible(False)
        self.act_button.setVisible(True)
        self.act_button.setDefault(True)
        self._grow_and_centre(1000, 640)
        self.pages.setEnabled(True)  # before the focus moves: a disabled page takes none (the job's end is later)
        self.previews[0].records_table.setFocus()

    def _act(self) -> None:
        if self.opened is None or self._job is not None or self.done_ok:
            return
        store, choices = self.opened.store, self.choices()
        self._run(lambda _handle: self.work(store, choices), self._acted)

    def _acted(self, result: Any) -> None:
        self._cursor.restore()
        self.done_ok = True
        self.result_data = result
        prompts.info(self, self.title, self.done_text(result))
        self.accept()

    # Supplied by each dialog -------------------------------------------------------------
    # Abstract for readers and mypy only: Qt's metaclass does not refuse an instance with a
    # hook missing (ABCMeta cannot be mixed in), so each body still raises if one is called.

    @abstractmethod
    def preview(self, opened: OpenedLaptop) -> list[HandoverPreview]:
        """Return what the action would change (on a worker thread)."""
        raise NotImplementedError

    @abstractmethod
    def work(self, laptop: Any, choices: dict[str, Choice]) -> Any:
        """Do the action (on a worker thread)."""
        raise NotImplementedError

    @abstractmethod
    def done_text(self, result: Any) -> str:
        """Return what was done, for the closing message."""
        raise NotImplementedError

    @abstractmethod
    def nothing_text(self) -> str:
        """Return what to say when there is nothing to preview."""
        raise NotImplementedError

    # Plumbing ----------------------------------------------------------------------------

    def _run(self, work: Callable[[JobHandle], Any], done: Callable[[Any], None], **extra: Any) -> None:
        self.busy_bar.setVisible(True)
        self.pages.setEnabled(False)
        self.next_button.setEnabled(False)
        self.act_button.setEnabled(False)
        self._cursor.set()
        job = self._job = runner().submit(work, on_success=done, on_failure=self._failed, owner=self, **extra)
        job.finished.connect(self._job_ended)

    def _job_ended(self) -> None:
        self._cursor.restore()
        self._job = None
        self.busy_bar.setVisible(False)
        self.pages.setEnabled(True)
        self.next_button.setEnabled(True)
        self.act_button.setEnabled(not self.done_ok)

    def _failed(self, exc: BaseException) -> None:
        self._job_ended()
        if self.pages.currentIndex() == 0:
            self.laptop_page.refuse(explain(exc))
        else:
            prompts.error(self, self.title, explain(exc))

    def _close_laptop(self, cancelled: bool) -> None:
        opened, self.opened = self.opened, None
        if opened is None:
            return
        if cancelled and self.request is not None:
            discard_new_store(opened, self.request)
        else:
            opened.store.close()

    def _grow_and_centre(self, width: int, height: int) -> None:
        screen = self.screen().availableGeometry()
        self.resize(
            min(max(self.width(), width), screen.width() - 40), min(max(self.height(), height), screen.height() - 80)
        )
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())


class CheckOutDialog(_LaptopFlow):
    """Check the conference in front of the person out of the team store into the laptop's store."""

    title = "Check out for offline work"
    action = "Check out"
    words = CHECK_OUT_WORDS

    def __init__(self, team: TeamStore, conference_id: int, parent: QWidget | None = None) -> None:
        self.conference_id = conference_id
        super().__init__(
            team,
            "The conference and everything its minute needs are copied into this laptop's own encrypted store, "
            "and the team store keeps it read-only for everyone else until you check it in. What would be copied "
            "is shown first; nothing is written until you press Check out.",
            may_create=True,
            parent=parent,
        )

    def preview(self, opened: OpenedLaptop) -> list[HandoverPreview]:
        """Return what checking out would copy, writing nothing and leasing nothing."""
        return preview_check_out(self.team, [self.conference_id], opened.store)

    def work(self, laptop: Any, choices: dict[str, Choice]) -> list[CheckedOut]:
        """Take the lease and copy the conference."""
        return check_out(self.team, [self.conference_id], laptop, choices, default=Choice.KEEP_MINE)

    def done_text(self, result: list[CheckedOut]) -> str:
        """Say what was checked out, where, and the new store's recovery key if one was made."""
        where = self.request.folder if self.request is not None else "the laptop's store"
        labels = "; ".join(done.label for done in result)
        text = (
            f"Checked out {labels} into {where}. It is read-only on the team store for everyone else until "
            "you check it in (Conference menu, Check in from this laptop)."
        )
        if self.opened is not None and self.opened.recovery_key:
            text += (
                f"\n\nThe new laptop store's recovery key, shown only now: {self.opened.recovery_key}\n"
                "Write it down and keep it apart from the laptop."
            )
        return text

    def nothing_text(self) -> str:
        """There is always a conference to copy."""
        return "There is nothing to check out."


class CheckInDialog(_LaptopFlow):
    """Send everything this laptop checked out of the team store back, and give the check-outs back."""

    title = "Check in from this laptop"
    action = "Check in"
    words = CHECK_IN_WORDS

    def __init__(self, team: TeamStore, parent: QWidget | None = None) -> None:
        super().__init__(
            team,
            "Everything changed on this laptop since it checked conferences out of this team store is sent back "
            "in one go, and the conferences can be edited by others again. What would change on the team store is "
            "shown first; nothing is sent until you press Check in. The laptop keeps its copy.",
            may_create=False,
            parent=parent,
        )

    def preview(self, opened: OpenedLaptop) -> list[HandoverPreview]:
        """Return what checking in would change on the team store, writing nothing."""
        return preview_check_in(opened.store, self.team)

    def work(self, laptop: Any, choices: dict[str, Choice]) -> list[CheckedIn]:
        """Send the changes back in one server transaction and give the leases back."""
        return check_in(laptop, self.team, choices, default=Choice.KEEP_MINE)

    def done_text(self, result: list[CheckedIn]) -> str:
        """Say what was sent, whether a check-out had been broken meanwhile, and that the laptop keeps its copy."""
        lines = []
        for done in result:
            counted = (
                f"added {done.result.added} record(s), updated {done.result.updated}, "
                f"kept the team store's version of {done.result.kept}"
            )
            broken = f" The check-out had been broken by {done.broken_by} meanwhile." if done.broken_by else ""
            lines.append(f"Checked in: {counted}.{broken}")
        lines.append("The laptop keeps its copy.")
        return "\n".join(lines)

    def nothing_text(self) -> str:
        """Nothing from this team store is checked out into that folder."""
        return "Nothing from this team store is checked out to this laptop store."
