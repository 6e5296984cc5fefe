"""Circulate the minute: recipients with clearance ticks, a folder, and a progress bar.

The copies are rendered and written by a background job (one copy at a time),
so the window keeps painting; Stop ends it between copies, and the copies
already written are recorded as circulated.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.minute_issue import CannotIssueError, IssueSummary, WrittenCopy, circulate, ensure_issued
from solodesk.services.minute_views import RecipientRow, invitees, minute_state, set_ticks
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.minutes.clearance_matrix import ClearanceMatrixDialog

RECEIVES, CLEARED = 2, 3


class CirculateDialog(QDialog):
    """Issue (when needed) and write every recipient's copy into a chosen folder.

    Attributes:
        table: invitees with "receives the minute" and "cleared for restricted items" ticks.
        folder_edit: the folder the copies go to.
        progress: one step per copy written.
        circulate_button: issues version 1 first when none exists, then writes the copies.
        written: paths written by the last circulation.
    """

    circulated = Signal(int)

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.written: list[Path] = []
        self._rows: list[RecipientRow] = []
        self._current_version: int | None = None
        self._job: Job | None = None
        self.setWindowTitle("Circulate the minute")
        self.title_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setHorizontalHeaderLabels(["Name", "Agency", "Receives the minute", "Cleared for restricted items"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("Choose where the copies are written")
        self.choose_button = QPushButton("C&hoose folder…")
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m copies")
        self.circulate_button = QPushButton("&Circulate")
        self.circulate_button.setDefault(True)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.clicked.connect(self.stop_circulation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.circulate_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.stop_button.setVisible(False)  # shown only while copies are being written
        self.matrix_button = QPushButton("Clearance &matrix…")  # who gets which restricted item
        buttons.addButton(self.matrix_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.matrix_button.clicked.connect(self.open_matrix)
        buttons.rejected.connect(self.reject)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.choose_button.clicked.connect(self._choose_folder)
        self.circulate_button.clicked.connect(self.run_circulation)
        self.table.itemChanged.connect(self._tick_changed)
        self.resize(760, 480)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the invitees, their ticks and the minute's state."""
        state = minute_state(self.store, self.conference_id)
        self.title_label.setText(f"<b>{state.title}</b>")
        if state.current_version is None:
            self.state_label.setText("Not issued yet: circulating issues version 1 with the list below.")
            self.circulate_button.setText("Issue and &circulate")
        else:
            changed = changed_since_issue(self.store, self.conference_id)
            self.state_label.setText(
                f"Version {state.current_version} is current; its distribution list and clearances were frozen "
                "when it was issued. Changes to the ticks apply to the next version."
                + (
                    f"\nThe record has changed since v{changed} was issued: these copies show v{changed} as issued. "
                    "Agree the changes as amendments to issue a new version."
                    if changed is not None
                    else ""
                )
            )
            self.circulate_button.setText(f"&Circulate version {state.current_version}")
        self._current_version = state.current_version
        self.circulate_button.setEnabled(state.held)
        self._rows = invitees(self.store, self.conference_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            for column, value in enumerate((row.name, row.agency)):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(index, column, item)
            for column, ticked in ((RECEIVES, row.receives_minute), (CLEARED, row.cleared)):
                item = QTableWidgetItem()
                item.setFlags(
                    Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        self.progress.setRange(0, max(1, sum(r.receives_minute for r in self._rows)))
        self.progress.setValue(0)

    def ticks(self, index: int) -> tuple[bool, bool]:
        """Return (receives the minute, cleared) as ticked on a row."""

        def ticked(column: int) -> bool:
            item = self.table.item(index, column)
            return item is not None and item.checkState() == Qt.CheckState.Checked

        return ticked(RECEIVES), ticked(CLEARED)

    @Slot(QTableWidgetItem)
    def _tick_changed(self, item: QTableWidgetItem) -> None:
        if item.column() not in (RECEIVES, CLEARED):
            return
        receives, cleared = self.ticks(item.row())
        set_ticks(self.store, self._rows[item.row()].invitation_id, receives, cleared)

    @Slot()
    def open_matrix(self) -> ClearanceMatrixDialog:
        """Open the clearance matrix (recipients down, restricted items across); refresh the ticks after."""
        dialog = ClearanceMatrixDialog(self.store, self.conference_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.refresh)
        dialog.open()
        return dialog

    @Slot()
    def _choose_folder(self) -> None:
        folder = prompts.choose_folder(self, "Write the copies into", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    @Slot()
    def run_circulation(self) -> None:
        """Issue version 1 when needed, then write every recipient's copy in the background, with progress."""
        if self._job is not None:
            return
        if not self.folder_edit.text():
            self._choose_folder()
        if not self.folder_edit.text():
            return
        folder = Path(self.folder_edit.text())
        if self._current_version is None:
            receiving = sum(self.ticks(index)[0] for index in range(len(self._rows)))
            question = (
                f"Issue version 1 of the minute to the {receiving} recipient(s) ticked? Once issued, it can only "
                "be changed by agreed amendments and a new version."
            )
            if not prompts.confirm(self, "Issue version 1", question):
                return
        store, conference_id = self.store, self.conference_id

        def work(handle: JobHandle) -> tuple[IssueSummary, list[WrittenCopy]]:
            summary = ensure_issued(store, conference_id)
            copies = circulate(store, conference_id, folder, progress=handle.progress)
            return summary, copies

        self.circulate_button.setEnabled(False)
        self.table.setEnabled(False)
        self.stop_button.setVisible(True)
        self.stop_button.setEnabled(True)
        self.progress.setValue(0)
        job = self._job = runner().submit(
            work,
            on_success=lambda result: self._circulated(folder, *result),
            on_failure=self._circulation_failed,
            on_progress=self._progress,
            owner=self,
        )
        job.cancelled.connect(lambda: self._circulation_stopped(job, folder))
        job.finished.connect(self._circulation_ended)

    @Slot()
    def stop_circulation(self) -> None:
        """Stop after the copy being written; the copies written so far stay recorded."""
        if self._job is not None:
            self._job.cancel()
            self.stop_button.setEnabled(False)

    def reject(self) -> None:
        """Close, unless copies are being written: then Escape or Close asks the job to stop first."""
        if self._job is not None and self._job.is_running:
            self.stop_circulation()
            return
        super().reject()

    def _circulated(self, folder: Path, summary: IssueSummary, copies: list[WrittenCopy]) -> None:
        self.written = [copy.path for copy in copies]
        self.refresh()
        self.progress.setRange(0, max(1, len(copies)))
        self.progress.setValue(len(copies))
        prompts.info(
            self, "Minute circulated", f"{len(copies)} copies of version {summary.version} written to {folder}."
        )
        self.circulated.emit(summary.version)

    def _circulation_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CannotIssueError):
            prompts.error(self, "The minute cannot be circulated", "\n".join(exc.reasons))
        elif isinstance(exc, UnprintableTextError):
            prompts.error(self, "The minute cannot be circulated", "\n".join(m.describe() for m in exc.missing))
        else:
            raise exc

    def _circulation_stopped(self, job: Job, folder: Path) -> None:
        if not self.store.is_open:
            return  # the window locked while the copies were written: nothing more to show
        done = job.handle.latest[0] if job.handle.latest is not None else 0
        self.refresh()
        prompts.info(self, "Circulation stopped", f"Stopped after {done} copies; they are in {folder} and recorded.")

    def _circulation_ended(self) -> None:
        self._job = None
        self.stop_button.setVisible(False)
        self.table.setEnabled(True)
        if self.store.is_open:
            self.circulate_button.setEnabled(minute_state(self.store, self.conference_id).held)

    def _progress(self, done: int, total: int, _name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
