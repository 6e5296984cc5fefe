"""Handing a conference to another laptop and importing one handed back, with no server.

"Hand over conference…" writes the conference in front of the user to one
encrypted ``.solopack`` under a pack passphrase typed twice. "Import handover…"
opens such a pack with its passphrase and shows what the import would change,
with a choice for each record changed on both computers; nothing is written
until the user presses Import. Key derivation is slow, so writing, opening and
importing run as background jobs of the app's one runner behind a busy cursor.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from solodesk.services.chair_view import load_snapshot
from solodesk.services.handover import (
    Choice,
    HandoverContents,
    HandoverExport,
    HandoverPreview,
    HandoverResult,
    apply_handover,
    export_handover,
    preview_handover,
    read_handover,
)
from solodesk.services.packs import PACK_SUFFIX, PackError
from solodesk.store import CaseStore, StoreError
from solodesk.ui import prompts
from solodesk.ui.handover_preview import HandoverPreviewPage, nothing_to_do
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.packs.pack_passphrase import NewPackForm, busy_bar, open_then_import, passphrase_page, secret

_last_folder: Path | None = None  # this session only: where the last handover was written


def suggested_path(subject_name: str, today: date | None = None) -> Path:
    """Return ``handover-<surname>-<date>.solopack`` in the last folder used, else the user's documents."""
    surname = subject_name.split()[-1] if subject_name.split() else "case"
    ascii_name = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "case"
    folder = _last_folder or Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
    )
    return folder / f"handover-{slug}-{(today or date.today()).isoformat()}{PACK_SUFFIX}"


class _BusyCursor:
    """The application's busy cursor, set once and restored once (before any message box)."""

    def __init__(self) -> None:
        self.on = False

    def set(self) -> None:
        if not self.on:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.on = True

    def restore(self) -> None:
        if self.on:
            QGuiApplication.restoreOverrideCursor()
            self.on = False


class HandOverDialog(QDialog):
    """Choose a file and a pack passphrase, then write the conference's handover.

    Attributes:
        export: what was written, once the handover succeeded.
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.conference_id = store, conference_id
        self.export: HandoverExport | None = None
        self._job: Job | None = None
        self._cursor = _BusyCursor()
        snap = load_snapshot(store, conference_id)
        self.setWindowTitle("Hand over conference")
        intro = QLabel(
            f"This conference for {snap.subject_name} and everything its minute needs are written to one "
            "encrypted file for the other laptop. Give the pack passphrase by another route "
            "(by phone, never with the file)."
        )
        intro.setWordWrap(True)
        self.form = NewPackForm(
            str(suggested_path(snap.subject_name)),
            lambda start: prompts.choose_save_file(self, "Hand over to a file", start, prompts.PACK_FILTER),
        )
        self.path_field, self.passphrase, self.repeat = self.form.path_field, self.form.passphrase, self.form.repeat
        self.error_label = self.form.error_label
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.hand_over_button = self.buttons.addButton("Hand over", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._hand_over)
        self.buttons.rejected.connect(self.reject)
        self.busy_bar = busy_bar()
        column = QVBoxLayout(self)
        column.addWidget(intro)
        self.form.add_to(column)
        column.addWidget(self.busy_bar)
        column.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self.passphrase.setFocus()

    @property
    def is_busy(self) -> bool:
        """Return True while the handover is being written."""
        return self._job is not None

    def reject(self) -> None:
        """Close, except while the handover is being written."""
        if self._job is None:
            super().reject()

    def _hand_over(self) -> None:
        checked = self.form.checked("Choose where to write the handover.")
        if checked is None:
            return
        passphrase, path = checked
        overwrite = path.exists()
        if overwrite and not prompts.confirm(self, "Hand over conference", f"Replace the file {path.name}?"):
            return
        if self._job is not None:
            return
        self.form.clear()
        store, conference_id = self.store, self.conference_id

        def work(_handle: JobHandle) -> HandoverExport:
            return export_handover(store, conference_id, path, passphrase, overwrite=overwrite)

        self.busy_bar.setVisible(True)
        self.buttons.setEnabled(False)
        self._cursor.set()
        job = self._job = runner().submit(work, on_success=self._written, on_failure=self._failed, owner=self)
        job.finished.connect(self._job_ended)

    def _written(self, export: HandoverExport) -> None:
        global _last_folder
        self._cursor.restore()
        self.export, _last_folder = export, export.path.parent
        prompts.info(self, "Handed over", f"Handed over: {export.records} records in {export.path}.")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._job_ended()
        if not isinstance(exc, PackError | LookupError | StoreError):
            raise exc
        self.error_label.setText(str(exc))
        self.passphrase.setFocus()  # both entries were cleared: they are typed again

    def _job_ended(self) -> None:
        self._cursor.restore()
        self._job = None
        self.busy_bar.setVisible(False)
        self.buttons.setEnabled(True)


class ImportHandoverDialog(QDialog):
    """Open a handover with its passphrase, preview it, and import it when the user says so.

    Attributes:
        preview: what the import would change, once the pack is open.
        import_result: what the import did, once it is done.
    """

    def __init__(self, store: CaseStore, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.path = store, Path(path)
        self.preview: HandoverPreview | None = None
        self.import_result: HandoverResult | None = None
        self._contents: HandoverContents | None = None
        self._job: Job | None = None
        self._cursor = _BusyCursor()
        self.setWindowTitle(f"Import handover — {self.path.name}")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page())
        self.preview_page = HandoverPreviewPage()
        self.pages.addWidget(self.preview_page)
        self.buttons, self.open_button, self.import_button, self.busy_bar = open_then_import(
            self, self.pages, "Open", self._open, self._import
        )
        self.resize(640, 190)  # the stack's size hint is the preview's: it grows when that is shown
        self.passphrase.setFocus()

    def _passphrase_page(self) -> QWidget:
        self.passphrase = secret("Pack passphrase")
        self.passphrase.returnPressed.connect(self._open)
        return passphrase_page(
            f"Enter the pack passphrase for {self.path.name}. The pack is checked whole and what it would "
            "change is shown first; nothing is written until you press Import.",
            self.passphrase,
        )

    @property
    def is_busy(self) -> bool:
        """Return True while the pack is being opened or imported."""
        return self._job is not None

    def choices(self) -> dict[str, Choice]:
        """Return the user's choice for each conflict shown."""
        return self.preview_page.choices()

    def reject(self) -> None:
        """Cancel: a pack being opened is dropped; an import under way (one transaction) is waited for."""
        if self._job is not None:
            if self.import_button.isVisible():
                return  # the import commits or rolls back whole; the dialog stays until it has
            self._job.cancel()
            self._cursor.restore()
        super().reject()

    def _run(self, work: Callable[[JobHandle], Any], on_success: Callable[[Any], None]) -> None:
        self.busy_bar.setVisible(True)
        self.pages.setEnabled(False)
        self.open_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self._cursor.set()
        job = self._job = runner().submit(work, on_success=on_success, on_failure=self._failed, owner=self)
        job.finished.connect(self._job_ended)

    def _job_ended(self) -> None:
        self._cursor.restore()
        self._job = None
        self.busy_bar.setVisible(False)
        self.pages.setEnabled(True)
        self.open_button.setEnabled(True)
        self.import_button.setEnabled(
            self.preview is not None and not nothing_to_do(self.preview) and self.import_result is None
        )

    def _failed(self, exc: BaseException) -> None:
        self._job_ended()  # the page is usable again under the message, and after it
        prompts.error(self, "Handover not imported", explain(exc))
        if self.pages.currentIndex() == 0:
            self.passphrase.setFocus()

    def _open(self) -> None:
        if self._job is not None or self.preview is not None:
            return
        path, passphrase, store = self.path, self.passphrase.text(), self.store
        self.passphrase.clear()

        def work(_handle: JobHandle) -> tuple[HandoverContents, HandoverPreview]:
            contents = read_handover(path, passphrase)
            return contents, preview_handover(store, contents)

        self._run(work, self._opened)

    def _opened(self, opened: tuple[HandoverContents, HandoverPreview]) -> None:
        self._contents, self.preview = opened
        self.preview_page.show_preview(self.preview)
        self.pages.setCurrentIndex(1)
        self.open_button.setVisible(False)
        self.import_button.setVisible(True)
        self.import_button.setDefault(True)
        self._grow_and_centre(1000, 640)
        self.preview_page.records_table.setFocus()

    def _grow_and_centre(self, width: int, height: int) -> None:
        """Grow for the preview, within the screen, and stay centred (growing alone pushed the buttons off)."""
        screen = self.screen().availableGeometry()
        self.resize(
            min(max(self.width(), width), screen.width() - 40), min(max(self.height(), height), screen.height() - 80)
        )
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())

    def _import(self) -> None:
        if self._contents is None or self._job is not None or self.import_result is not None:
            return
        store, contents, choices = self.store, self._contents, self.choices()
        # One transaction: a failure leaves this computer's store as it was.
        self._run(lambda _handle: apply_handover(store, contents, choices, default=Choice.KEEP_MINE), self._imported)

    def _imported(self, result: HandoverResult) -> None:
        self._cursor.restore()
        self.import_result = result
        prompts.info(self, "Handover imported", done_text(result))
        self.accept()


def done_text(result: HandoverResult) -> str:
    """Return what an import did, in one sentence."""
    return (
        f"Added {result.added} record(s), updated {result.updated}, kept this computer's version of "
        f"{result.kept}; {result.unchanged} were already here."
    )


def explain(failure: BaseException) -> str:
    """Return one sentence for a failure; only a PackError's own sentence is shown (others may hold case data)."""
    if isinstance(failure, PackError | StoreError):  # their messages are written for the user
        return str(failure)
    if isinstance(failure, OSError):
        return "The handover could not be read or imported because of a problem with the file or the disk."
    return "The handover could not be opened or imported because SOLO Desk found something in it it cannot handle."
