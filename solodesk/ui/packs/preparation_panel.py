"""A worker's preparation for a case: agency report with files, notes, proposed actions, risk summaries.

Every change goes through :mod:`solodesk.services.preparation`; nothing here
touches the database.
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk.models.enums import NoteKind, PlanArea
from solodesk.services import preparation, risk_tools
from solodesk.services.preparation import AttachmentRefusedError
from solodesk.services.preparation_views import Preparation
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.date_fields import DateField
from solodesk.ui.packs.risk_form import ToolScalesForm
from solodesk.ui.packs.widgets import HINT_STYLE, fill_table, read_only_table, show_date, show_size

AUTOSAVE_MS = 800


class CasePreparationPanel(QWidget):
    """Prepare a case for its conference: the worker's view.

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
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_report_tab(), "Agency report")
        self.tabs.addTab(self._build_notes_tab(), "Background && chronology")
        self.tabs.addTab(self._build_actions_tab(), "Proposed actions")
        self.tabs.addTab(self._build_risk_tab(), "Risk assessment")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # Reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload everything prepared for the case."""
        prep = preparation.load_preparation(self.store, self.subject_id)
        self.heading.setText(f"Preparing for the conference: {prep.subject_name}")
        self._fill_reports(prep)
        fill_table(
            self.notes_table,
            [[n.kind.label, show_date(n.happened_on), n.text, "Yes" if n.restricted else ""] for n in prep.notes],
        )
        fill_table(
            self.actions_table,
            [
                [a.description, f"{a.owner_name} ({a.owner_agency})" if a.owner_agency else a.owner_name]
                + [show_date(a.due_date), a.plan_area.label]
                for a in prep.actions
            ],
        )
        fill_table(
            self.risk_table,
            [
                [
                    risk_tools.tool_display_name(r.tool),
                    show_date(r.assessed_on),
                    r.assessor,
                    "; ".join(f"{x.label}: {x.value}" for x in risk_tools.scale_results(r.tool, r.results)),
                    r.result,
                ]
                for r in prep.risks
            ],
        )

    def _fill_reports(self, prep: Preparation) -> None:
        self.report_list.blockSignals(True)
        self.report_list.clear()
        for report in prep.reports:
            state = f"submitted {show_date(report.submitted_on)}" if report.submitted_on else "draft"
            item = QListWidgetItem(f"{report.title or 'Untitled report'} — {state}")
            item.setData(Qt.ItemDataRole.UserRole, report.id)
            self.report_list.addItem(item)
            if report.id == self._report_id:
                self.report_list.setCurrentItem(item)
        self.report_list.blockSignals(False)
        current = next((r for r in prep.reports if r.id == self._report_id), None)
        self.attachment_list.clear()
        for attachment in current.attachments if current else ():
            item = QListWidgetItem(f"{attachment.filename}  ({show_size(attachment.size)})")
            item.setData(Qt.ItemDataRole.UserRole, attachment.id)
            self.attachment_list.addItem(item)
        self.attach_button.setEnabled(current is not None)
        self.remove_attachment_button.setEnabled(current is not None)

    # Agency report ------------------------------------------------------------------

    def _build_report_tab(self) -> QWidget:
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
        self.report_body.setPlaceholderText("Write the report here, and/or attach the agency's own report below.")
        self.report_submitted = QCheckBox("Submitted for the conference")
        self.report_restricted = QCheckBox("Restricted (only its audience sees it)")
        self.save_report_button = QPushButton("Save report")
        self.save_report_button.clicked.connect(self._save_report)
        for line in (self.report_title, self.report_agency, self.report_author):
            line.textEdited.connect(self._on_report_edited)
        self.report_body.textChanged.connect(self._on_report_edited)
        for box in (self.report_submitted, self.report_restricted):
            box.toggled.connect(self._on_report_edited)
        self.attachment_list = QListWidget()
        self.attachment_list.setMaximumHeight(90)
        self.attach_button = QPushButton("Attach files…")
        self.attach_button.clicked.connect(self._attach_files)
        self.remove_attachment_button = QPushButton("Remove file")
        self.remove_attachment_button.clicked.connect(self._remove_attachment)
        hint = QLabel(f"PDF, Word (.docx), PNG or JPEG; up to {preparation.MAX_ATTACHMENT_BYTES // 1_048_576} MB each.")
        hint.setStyleSheet(HINT_STYLE)

        form = QFormLayout()
        form.addRow("Title", self.report_title)
        form.addRow("Agency", self.report_agency)
        form.addRow("Author", self.report_author)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_attachment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_report_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addLayout(form)
        column.addWidget(self.report_body, 1)
        column.addWidget(self.report_submitted)
        column.addWidget(self.report_restricted)
        column.addWidget(QLabel("Attached files"))
        column.addWidget(self.attachment_list)
        column.addWidget(hint)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        return splitter

    def save_now(self) -> None:
        """Save the report being written, if it changed and has any text."""
        self._autosave.stop()
        if not self._report_dirty:
            return
        texts = (self.report_title.text(), self.report_agency.text(), self.report_author.text())
        if any(t.strip() for t in texts) or self.report_body.toPlainText().strip():
            self._save_report()
        self._report_dirty = False

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Save pending typing when the panel goes away (dialog closed, app locked)."""
        self.save_now()
        super().hideEvent(event)

    def _on_report_edited(self) -> None:
        if self._loading_report:
            return
        self._report_dirty = True
        self._autosave.start()

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
        self.attachment_list.clear()
        self.attach_button.setEnabled(False)
        self._loading_report = False
        self.report_title.setFocus()

    def _on_report_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        chosen = int(item.data(Qt.ItemDataRole.UserRole))
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
        self._fill_reports(prep)
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
        self.refresh()
        self.changed.emit()

    def _attach_files(self) -> None:
        if self._report_id is None:
            return
        refused = []
        for name in prompts.choose_attachment_files(self):
            try:
                preparation.attach_file(self.store, self._report_id, Path(name))
            except AttachmentRefusedError as exc:
                refused.append(str(exc))
        self.refresh()
        self.changed.emit()
        if refused:
            prompts.error(self, "File not attached", "\n\n".join(refused))

    def _remove_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        if prompts.confirm(self, "Remove file", f"Remove {item.text().split('  (')[0]} from the report?"):
            preparation.remove_attachment(self.store, int(item.data(Qt.ItemDataRole.UserRole)))
            self.refresh()
            self.changed.emit()

    # Notes, proposed actions, risk ----------------------------------------------------------

    def _build_notes_tab(self) -> QWidget:
        self.notes_table = read_only_table(["Kind", "Date", "Note", "Restricted"], stretch=(2,))
        self.note_restricted = QCheckBox("Restricted")
        self.note_kind = QComboBox()
        for kind in NoteKind:
            self.note_kind.addItem(kind.label, kind)
        self.note_kind.currentIndexChanged.connect(
            lambda _: self.note_restricted.setChecked(self.note_kind.currentData() == NoteKind.VICTIM)
        )
        self.note_date = DateField()
        self.note_text = QPlainTextEdit()
        self.note_text.setMaximumHeight(90)
        self.note_source = QLineEdit()
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.clicked.connect(self._add_note)
        form = QFormLayout()
        form.addRow("Kind", self.note_kind)
        form.addRow("Date", self.note_date)
        form.addRow("Note", self.note_text)
        form.addRow("Source", self.note_source)
        form.addRow("", self.note_restricted)
        return _tab(self.notes_table, form, self.add_note_button)

    def _add_note(self) -> None:
        text = self.note_text.toPlainText().strip()
        if not text or not self.note_date.is_valid():
            (self.note_date if text else self.note_text).setFocus()
            return
        preparation.add_note(
            self.store,
            self.subject_id,
            self.note_kind.currentData(),
            text,
            happened_on=self.note_date.value(),
            source=self.note_source.text().strip(),
            restricted=self.note_restricted.isChecked(),
        )
        self.note_text.clear()
        self.note_source.clear()
        self.refresh()
        self.changed.emit()

    def _build_actions_tab(self) -> QWidget:
        self.actions_table = read_only_table(["Action", "Owner", "Due", "Plan area"], stretch=(0,))
        self.action_description = QPlainTextEdit()
        self.action_description.setMaximumHeight(70)
        self.action_owner = QLineEdit()
        self.action_agency = QLineEdit()
        self.action_due = DateField()
        self.action_area = QComboBox()
        for area in PlanArea:
            self.action_area.addItem(area.label, area)
        self.add_action_button = QPushButton("Propose action")
        self.add_action_button.clicked.connect(self._add_action)
        form = QFormLayout()
        form.addRow("Action", self.action_description)
        form.addRow("Owner", self.action_owner)
        form.addRow("Agency", self.action_agency)
        form.addRow("Due", self.action_due)
        form.addRow("Plan area", self.action_area)
        return _tab(self.actions_table, form, self.add_action_button)

    def _add_action(self) -> None:
        description = self.action_description.toPlainText().strip()
        if not description or not self.action_due.is_valid():
            (self.action_due if description else self.action_description).setFocus()
            return
        preparation.add_proposed_action(
            self.store,
            self.subject_id,
            description,
            owner_name=self.action_owner.text().strip(),
            owner_agency=self.action_agency.text().strip(),
            due_date=self.action_due.value(),
            plan_area=self.action_area.currentData(),
        )
        self.action_description.clear()
        self.refresh()
        self.changed.emit()

    def _build_risk_tab(self) -> QWidget:
        self.risk_table = read_only_table(["Tool", "Date", "Assessor", "Results", "Summary"], stretch=(4,))
        self.risk_form = ToolScalesForm()
        self.risk_tool = self.risk_form.tool
        self.risk_date = DateField()
        self.risk_assessor = QLineEdit()
        self.risk_result = QLineEdit()
        self.add_risk_button = QPushButton("Add assessment")
        self.add_risk_button.clicked.connect(self._add_risk)
        form = QFormLayout()
        form.addRow(self.risk_form)
        form.addRow("Date", self.risk_date)
        form.addRow("Assessor", self.risk_assessor)
        form.addRow("Summary", self.risk_result)
        return _tab(self.risk_table, form, self.add_risk_button)

    def _add_risk(self) -> None:
        tool = self.risk_form.tool_name()
        if not tool or not self.risk_date.is_valid():
            (self.risk_date if tool else self.risk_tool).setFocus()
            return
        preparation.add_risk_assessment(
            self.store,
            self.subject_id,
            tool,
            assessed_on=self.risk_date.value(),
            assessor=self.risk_assessor.text().strip(),
            results=self.risk_form.results(),
            result=self.risk_result.text().strip(),
        )
        self.risk_form.clear()
        for field in (self.risk_assessor, self.risk_result):
            field.clear()
        self.refresh()
        self.changed.emit()


def _tab(table: QWidget, form: QFormLayout, button: QPushButton) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(table, 1)
    column.addLayout(form)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    column.addLayout(row)
    return page
