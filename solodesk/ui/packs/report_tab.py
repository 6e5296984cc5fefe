"""The preparation panel's agency reports: written in the app and/or attached files, saved as typed.

Ticking "Restricted" saves the report and asks who may see it (the chair's checklist). Each
attached file goes wherever its report goes unless it is restricted itself: "Who may see this
file…" restricts it and asks for its own audience, which can only narrow the report's.
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from solodesk.services import preparation
from solodesk.services.preparation import AttachmentRefusedError
from solodesk.services.preparation_views import Preparation, ReportView
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.packs.audience_picker import pick_audience, restricted_words
from solodesk.ui.packs.widgets import HINT_STYLE, show_date, show_size

AUTOSAVE_MS = 800
ID_ROLE = Qt.ItemDataRole.UserRole


class ReportTab(QSplitter):
    """The case's reports on the left; the chosen one, its files and its audience on the right.

    Signals:
        changed(): something was saved.
    """

    changed = Signal()

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self._report_id: int | None = None
        self._submitted_on: date | None = None
        # The report is saved as it is typed (after a short pause, and whenever the
        # writer switches report, starts a new one or the panel is hidden or locked).
        self._report_dirty = False
        self._loading_report = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self._build()

    def _build(self) -> None:
        self.report_list = QListWidget()
        self.report_list.currentItemChanged.connect(self._on_report_chosen)
        new_button = QPushButton("New report")
        new_button.clicked.connect(self._new_report)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.addWidget(QLabel("Reports for this case"))
        left_column.addWidget(self.report_list, 1)
        left_column.addWidget(new_button)

        self.report_title = QLineEdit()
        self.report_agency = QLineEdit()
        self.report_author = QLineEdit()
        self.report_body = QPlainTextEdit()
        self.report_body.setTabChangesFocus(True)  # Tab moves on to the ticks, as everywhere in the form
        self.report_body.setPlaceholderText("Write the report here, and/or attach the agency's own report below.")
        self.report_submitted = QCheckBox("Submitted for the conference")
        self.report_restricted = QCheckBox("Restricted (only its audience sees it)")
        self.report_audience = QLabel()
        self.report_audience.setAccessibleName("Report audience")
        self.report_audience_button = QPushButton("Who may see it…")
        self.report_audience_button.clicked.connect(self._ask_report_audience)
        self.save_report_button = QPushButton("Save report")
        self.save_report_button.clicked.connect(self._save_report)
        for line in (self.report_title, self.report_agency, self.report_author):
            line.textEdited.connect(self._on_report_edited)
        self.report_body.textChanged.connect(self._on_report_edited)
        self.report_submitted.toggled.connect(self._on_report_edited)
        self.report_restricted.toggled.connect(self._on_restricted_toggled)
        self.attachment_list = QListWidget()
        self.attachment_list.setAccessibleName("Attached files")
        self.attachment_list.setMaximumHeight(90)
        self.attach_button = QPushButton("Attach files…")
        self.attach_button.clicked.connect(self._attach_files)
        self.file_audience_button = QPushButton("Who may see this file…")
        self.file_audience_button.clicked.connect(self._ask_file_audience)
        self.open_file_button = QPushButton("Open to the report's readers")
        self.open_file_button.clicked.connect(self._open_file)
        self.remove_attachment_button = QPushButton("Remove file")
        self.remove_attachment_button.clicked.connect(self._remove_attachment)
        hint = QLabel(
            f"PDF, Word (.docx), PNG or JPEG; up to {preparation.MAX_ATTACHMENT_BYTES // 1_048_576} MB each. "
            "A file goes to everyone who sees the report unless you restrict it."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        form = QFormLayout()
        form.addRow("Title", self.report_title)
        form.addRow("Agency", self.report_agency)
        form.addRow("Author", self.report_author)
        restriction = QHBoxLayout()
        restriction.addWidget(self.report_restricted)
        restriction.addWidget(self.report_audience, 1)
        restriction.addWidget(self.report_audience_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.file_audience_button)
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.remove_attachment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_report_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addLayout(form)
        column.addWidget(self.report_body, 1)
        column.addWidget(self.report_submitted)
        column.addLayout(restriction)
        column.addWidget(QLabel("Attached files"))
        column.addWidget(self.attachment_list)
        column.addWidget(hint)
        column.addLayout(buttons)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(1, 3)

    # Reading ---------------------------------------------------------------------

    def fill(self, prep: Preparation) -> None:
        """Show the case's reports, and the chosen one's files and audience."""
        self.report_list.blockSignals(True)
        self.report_list.clear()
        for report in prep.reports:
            state = f"submitted {show_date(report.submitted_on)}" if report.submitted_on else "draft"
            item = QListWidgetItem(f"{report.title or 'Untitled report'} — {state}")
            item.setData(ID_ROLE, report.id)
            self.report_list.addItem(item)
            if report.id == self._report_id:
                self.report_list.setCurrentItem(item)
        self.report_list.blockSignals(False)
        current = next((r for r in prep.reports if r.id == self._report_id), None)
        self._show_files(current)

    def _show_files(self, current: ReportView | None) -> None:
        chosen = self.attachment_list.currentRow()
        self.attachment_list.clear()
        for attachment in current.attachments if current else ():
            text = f"{attachment.filename}  ({show_size(attachment.size)})"
            if attachment.restricted:
                text += f"  {restricted_words(attachment.audience)}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, attachment.id)
            self.attachment_list.addItem(item)
        self.attachment_list.setCurrentRow(min(max(chosen, 0), self.attachment_list.count() - 1))
        self.report_audience.setText(restricted_words(current.audience) if current else "")
        self.report_audience_button.setEnabled(current is not None and current.restricted)
        buttons = (self.attach_button, self.remove_attachment_button, self.file_audience_button, self.open_file_button)
        for button in buttons:
            button.setEnabled(current is not None)

    # Writing ---------------------------------------------------------------------

    def save_now(self) -> None:
        """Save the report being written, if it changed and has any text."""
        self._autosave.stop()
        if not self._report_dirty:
            return
        texts = (self.report_title.text(), self.report_agency.text(), self.report_author.text())
        if any(t.strip() for t in texts) or self.report_body.toPlainText().strip():
            self._save_report()
        self._report_dirty = False

    def _on_report_edited(self) -> None:
        if self._loading_report:
            return
        self._report_dirty = True
        self._autosave.start()

    def _on_restricted_toggled(self, restricted: bool) -> None:
        if self._loading_report:
            return
        self._save_report()  # the checklist needs the report saved
        if restricted:
            self._ask_report_audience()

    def _new_report(self) -> None:
        self.save_now()
        self._loading_report = True
        self._report_id = None
        self._submitted_on = None
        self.report_list.clearSelection()
        for field in (self.report_title, self.report_agency, self.report_author):
            field.clear()
        self.report_body.clear()
        self.report_submitted.setChecked(False)
        self.report_restricted.setChecked(False)
        self._show_files(None)
        self._loading_report = False
        self.report_title.setFocus()

    def _on_report_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        chosen = int(item.data(ID_ROLE))
        self.save_now()  # may rebuild the list, so the item is read first
        self._loading_report = True
        self._report_id = chosen
        prep = preparation.load_preparation(self.store, self.subject_id)
        report = next(r for r in prep.reports if r.id == self._report_id)
        self.report_title.setText(report.title)
        self.report_agency.setText(report.agency)
        self.report_author.setText(report.author)
        self.report_body.setPlainText(report.body)
        self.report_submitted.setChecked(report.submitted_on is not None)
        self.report_restricted.setChecked(report.restricted)
        self._submitted_on = report.submitted_on
        self.fill(prep)
        self._loading_report = False

    def _save_report(self) -> None:
        self._autosave.stop()
        self._report_dirty = False
        submitted = self._submitted_on if self._report_id is not None else None
        self._report_id = preparation.save_report(
            self.store,
            self.subject_id,
            report_id=self._report_id,
            title=self.report_title.text().strip(),
            agency=self.report_agency.text().strip(),
            author=self.report_author.text().strip(),
            body=self.report_body.toPlainText(),
            submitted_on=(submitted or date.today()) if self.report_submitted.isChecked() else None,
            restricted=self.report_restricted.isChecked(),
        )
        self._submitted_on = date.today() if self.report_submitted.isChecked() and not submitted else submitted
        self.changed.emit()

    def _ask_report_audience(self) -> None:
        if self._report_id is not None:
            label = self.report_title.text().strip() or "This report"
            pick_audience(self, self.store, f"report:{self._report_id}", label, self.changed.emit)

    # Attached files ----------------------------------------------------------------

    def _attach_files(self) -> None:
        if self._report_id is None:
            return
        refused = []
        for name in prompts.choose_attachment_files(self):
            try:
                preparation.attach_file(self.store, self._report_id, Path(name))
            except AttachmentRefusedError as exc:
                refused.append(str(exc))
        self.changed.emit()
        if refused:
            prompts.error(self, "File not attached", "\n\n".join(refused))

    def _ask_file_audience(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        attachment_id = int(item.data(ID_ROLE))
        preparation.set_attachment_restricted(self.store, attachment_id, True)
        name = item.text().split("  (")[0]
        pick_audience(self, self.store, f"attachment:{attachment_id}", name, self.changed.emit)

    def _open_file(self) -> None:
        item = self.attachment_list.currentItem()
        if item is not None:
            preparation.set_attachment_restricted(self.store, int(item.data(ID_ROLE)), False)
            self.changed.emit()

    def _remove_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        if prompts.confirm(self, "Remove file", f"Remove {item.text().split('  (')[0]} from the report?"):
            preparation.remove_attachment(self.store, int(item.data(ID_ROLE)))
            self.changed.emit()
