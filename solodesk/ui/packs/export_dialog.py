"""Exporting a case's preparation as an encrypted pack, under a pack passphrase typed twice.

The pack is written by a background job (key derivation and encryption take a
moment); the dialog shows a busy bar meanwhile and closes when it is done.
"""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.packs import PACK_SUFFIX, ExportSummary, PackError, export_pack
from solodesk.services.preparation import load_preparation
from solodesk.store import CaseStore, check_passphrase_rules
from solodesk.ui import prompts
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.packs.widgets import ERROR_STYLE, HINT_STYLE


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
        self.path_field = QLineEdit(str(Path.home() / f"case-{subject_id}{PACK_SUFFIX}"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(browse)
        self.passphrase = _secret("Pack passphrase")
        self.repeat = _secret("The same again")
        hint = QLabel("At least 8 characters; a few unrelated words are best. It is not the store's passphrase.")
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("File", path_row)
        form.addRow("Pack passphrase", self.passphrase)
        form.addRow("Repeat it", self.repeat)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.error_label)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)
        column.addWidget(self.busy_bar)
        column.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.passphrase.setFocus()

    def _choose_path(self) -> None:
        chosen = prompts.choose_pack_to_save(self, self.path_field.text())
        if chosen:
            self.path_field.setText(chosen if chosen.endswith(PACK_SUFFIX) else chosen + PACK_SUFFIX)

    def _export(self) -> None:
        passphrase, path_text = self.passphrase.text(), self.path_field.text().strip()
        if passphrase != self.repeat.text():
            self.error_label.setText("The two passphrases do not match.")
            return
        try:
            check_passphrase_rules(passphrase)
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        if not path_text:
            self.error_label.setText("Choose where to write the pack.")
            return
        if self._job is not None:
            return
        self.passphrase.clear()
        self.repeat.clear()
        self.error_label.clear()
        store, subject_id = self.store, self.subject_id

        def work(_handle: JobHandle) -> ExportSummary:
            return export_pack(store, subject_id, Path(path_text), passphrase)

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


def _secret(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field
