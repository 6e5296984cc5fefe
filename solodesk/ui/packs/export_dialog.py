"""Exporting a case's preparation as an encrypted pack, under a pack passphrase typed twice.

The pack is written by a background job (key derivation and encryption take a
moment); the dialog shows a busy bar meanwhile and closes when it is done.
"""

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from solodesk.services.packs import PACK_SUFFIX, ExportSummary, PackError, export_pack
from solodesk.services.preparation import load_preparation
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.packs.pack_passphrase import NewPackForm, busy_bar


class ExportPackDialog(QDialog):
    """Choose a file and a pack passphrase, then write the pack.

    Attributes:
        summary: what was written, once the export succeeded.
    """

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self.summary: ExportSummary | None = None
        self._job: Job | None = None
        name = load_preparation(store, subject_id).subject_name
        self.setWindowTitle("Export conference pack")
        intro = QLabel(
            f"Everything prepared for {name} is written to one encrypted file. Give the chair the file, and "
            "the pack passphrase by another route (by phone, never with the file)."
        )
        intro.setWordWrap(True)
        self.form = NewPackForm(
            str(Path.home() / f"case-{subject_id}{PACK_SUFFIX}"), lambda start: prompts.choose_pack_to_save(self, start)
        )
        self.path_field, self.passphrase, self.repeat = self.form.path_field, self.form.passphrase, self.form.repeat
        self.error_label = self.form.error_label
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        self.form.add_to(column)
        self.busy_bar = busy_bar()
        column.addWidget(self.busy_bar)
        column.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.passphrase.setFocus()

    def _export(self) -> None:
        checked = self.form.checked("Choose where to write the pack.")
        if checked is None or self._job is not None:
            return
        passphrase, path = checked
        self.form.clear()
        store, subject_id = self.store, self.subject_id

        def work(_handle: JobHandle) -> ExportSummary:
            return export_pack(store, subject_id, path, passphrase)

        self.busy_bar.setVisible(True)
        self.buttons.setEnabled(False)
        job = self._job = runner().submit(work, on_success=self._exported, on_failure=self._failed, owner=self)
        job.finished.connect(self._job_ended)

    @property
    def is_busy(self) -> bool:
        """Return True while the pack is being written."""
        return self._job is not None

    def reject(self) -> None:
        """Close, except while the pack is being written."""
        if self._job is None:
            super().reject()

    def _exported(self, summary: ExportSummary) -> None:
        self.summary = summary
        prompts.info(self, "Pack exported", f"{summary.items} item(s) were written to {summary.path.name}.")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, PackError):
            raise exc
        self.error_label.setText(str(exc))

    def _job_ended(self) -> None:
        self._job = None
        self.busy_bar.setVisible(False)
        self.buttons.setEnabled(True)
