"""Management information…: choose a period and a folder, then write the CSV files and the PDF report."""

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.mi import Period, PeriodError
from solodesk.services.mi_output import MiFiles, write_mi_report
from solodesk.store import CaseStore, StoreError
from solodesk.ui import prompts
from solodesk.ui.date_fields import DateField


def last_full_quarter(today: date) -> tuple[date, date]:
    """Return the first and last day of the calendar quarter before the one ``today`` is in."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_of_this - timedelta(days=1)
    return date(last.year, last.month - 2, 1), last


class ManagementInformationDialog(QDialog):
    """Ask for the period (typed dates) and the folder; write the report there.

    Attributes:
        written: what was written, once the report is done (None until then).
    """

    def __init__(self, store: CaseStore, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.written: MiFiles | None = None
        self.setWindowTitle("Management information")
        intro = QLabel(
            "Figures for a period: cases, conferences held, timeliness, attendance, actions and reviews. "
            "One CSV file per table and one PDF report with charts are written into the folder. "
            "Counts only: no one is named."
        )
        intro.setWordWrap(True)
        start, end = last_full_quarter(self.today)
        self.from_field = DateField()
        self.from_field.setAccessibleName("From")
        self.from_field.set_value(start)
        self.to_field = DateField()
        self.to_field.setAccessibleName("To")
        self.to_field.set_value(end)
        self.folder_field = QLineEdit()
        self.folder_field.setAccessibleName("Folder")
        self.folder_field.setPlaceholderText("the folder to write the report into")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self._on_choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("&From", self.from_field)
        form.addRow("&To", self.to_field)
        folder_label = QLabel("F&older")
        folder_label.setBuddy(self.folder_field)  # Alt+O reaches the field, not the row around it
        form.addRow(folder_label, folder_row)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("QLabel { color: #a31515; font-weight: bold; }")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.write_button.setText("&Write report")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.write_button.setDefault(True)  # Enter in any field writes the report
        self.resize(560, 260)
        self.from_field.setFocus()
        self.from_field.selectAll()

    def accept(self) -> None:
        """Write the report, or say in one sentence why not and keep what was typed."""
        problem = self._problem()
        if problem:
            self.error_label.setText(problem)
            return
        start, end = self.from_field.value(), self.to_field.value()
        assert start is not None and end is not None  # checked by _problem
        folder = Path(self.folder_field.text().strip()).expanduser()
        try:
            period = Period.checked(start, end)
            folder.mkdir(parents=True, exist_ok=True)
            self.written = write_mi_report(self.store, period, folder, self.today)
        except (PeriodError, UnprintableTextError, StoreError) as exc:
            self.error_label.setText(str(exc))
            return
        except OSError as exc:
            self.error_label.setText(f"The folder {folder} cannot be used: {exc.strerror or exc}.")
            return
        prompts.info(
            self,
            "Management information",
            f"Wrote {len(self.written.paths)} files to {folder}:\n" + "\n".join(p.name for p in self.written.paths),
        )
        super().accept()

    def _problem(self) -> str:
        for field, name in ((self.from_field, "start"), (self.to_field, "end")):
            if not field.is_valid():
                return field.problem()
            if field.value() is None:
                return f"Enter the {name} of the period."
        if not self.folder_field.text().strip():
            return "Choose the folder to write the report into."
        folder = Path(self.folder_field.text().strip()).expanduser()
        if folder.exists() and not folder.is_dir():
            return f"{folder} is a file, not a folder."
        return ""

    @Slot()
    def _on_choose(self) -> None:
        chosen = prompts.choose_folder(self, "Write the management information into", self.folder_field.text())
        if chosen:
            self.folder_field.setText(chosen)
