"""The distribution log: who was sent which version, when, and the file's SHA-256."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.minute_views import distribution_log
from solodesk.store import CaseStore

COLUMNS = ["Version", "Recipient", "Sent", "File", "SHA-256"]


class DistributionLogView(QWidget):
    """A read-only table of every copy circulated for a conference, newest first.

    Attributes:
        table: one row per copy.
        summary_label: how many copies of which versions.
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.summary_label = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the log from the store."""
        rows = distribution_log(self.store, self.conference_id)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            local = row.sent_at.astimezone() if row.sent_at.tzinfo else row.sent_at
            values = [f"v{row.version}", row.recipient, f"{local:%d/%m/%Y %H:%M}", row.file_name, row.sha256[:16] + "…"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 4:
                    item.setToolTip(row.sha256)
                self.table.setItem(index, column, item)
        versions = sorted({row.version for row in rows})
        self.summary_label.setText(
            f"{len(rows)} cop{'y' if len(rows) == 1 else 'ies'} circulated"
            + (f" (versions {', '.join(f'v{v}' for v in versions)})." if versions else ".")
        )
