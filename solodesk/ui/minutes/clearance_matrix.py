"""The clearance matrix: who gets which restricted item, recipients down and items across.

It shows the next issue as it stands and edits it: Space on a cell lets that recipient see
the item, or withholds it, after asking the one-line reason that is kept with the issue.
The chair's row is always ticked (the chair sees everything).
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.reports.minute_data import Recipient
from solodesk.services import clearance
from solodesk.services.clearance import ClearanceError, ClearanceMatrix
from solodesk.store import CaseStore
from solodesk.ui import prompts


class ReasonDialog(QDialog):
    """Ask the one-line reason for withholding one item from one recipient.

    Signals:
        given: the reason typed (not sent when cancelled).
    """

    given = Signal(str)

    def __init__(self, recipient: str, item: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Why is it withheld?")
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Reason for withholding")
        self.edit.setMaxLength(200)
        self.edit.setPlaceholderText("e.g. not involved with the victims")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Withhold {item} from {recipient}: give a one-line reason."))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def accept(self) -> None:
        """Send the reason; an empty one is not accepted."""
        if not self.edit.text().strip():
            return
        self.given.emit(self.edit.text())
        super().accept()


class ClearanceMatrixDialog(QDialog):
    """Recipients down, restricted items across; each cell says whether that copy shows the item.

    Attributes:
        table: one checkable cell per recipient and restricted item.
        reason_label: why the item of the current cell is withheld from its recipient.
        summary: how many different contents the copies will come in.
    """

    changed = Signal()

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.matrix: ClearanceMatrix | None = None
        self.setWindowTitle("Clearance: who gets which restricted item")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Clearance matrix")
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setAccessibleName("Why withheld")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(buttons)
        self.table.itemChanged.connect(self._cell_changed)
        self.table.currentCellChanged.connect(self._show_reason)
        self.resize(820, 420)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the matrix of the next issue again and show it."""
        self.matrix = matrix = clearance.clearance_matrix(self.store, self.conference_id)
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(matrix.recipients))
        self.table.setColumnCount(len(matrix.items))
        self.table.setHorizontalHeaderLabels([f"{i.label}\n{i.audience}" for i in matrix.items])
        self.table.setVerticalHeaderLabels([r.name + (" (chair)" if r.chair else "") for r in matrix.recipients])
        for row, recipient in enumerate(matrix.recipients):
            for column, item in enumerate(matrix.items):
                cell = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if not recipient.chair:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                cell.setFlags(flags)
                sees = matrix.sees(recipient, item)
                cell.setCheckState(Qt.CheckState.Checked if sees else Qt.CheckState.Unchecked)
                cell.setToolTip("" if sees else matrix.reason(recipient, item))
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        contents = matrix.distinct_contents()
        self.summary.setText(
            f"{len(matrix.items)} restricted item(s); the copies come in {contents} different content(s). "
            "Space on a cell lets that recipient see the item, or withholds it with a reason."
            if matrix.items
            else "Nothing in this minute is restricted: every copy is the same."
        )
        self._show_reason(self.table.currentRow(), self.table.currentColumn())

    def reason_at(self, row: int, column: int) -> str:
        """Return why the item of a cell is withheld from its recipient ("" when they see it)."""
        if self.matrix is None or not (0 <= row < len(self.matrix.recipients)):
            return ""
        if not 0 <= column < len(self.matrix.items):
            return ""
        return self.matrix.reason(self.matrix.recipients[row], self.matrix.items[column])

    @Slot(int, int)
    def _show_reason(self, row: int, column: int, *_previous: int) -> None:
        reason = self.reason_at(row, column)
        self.reason_label.setText(f"Withheld because: {reason}" if reason else "")

    @Slot(QTableWidgetItem)
    def _cell_changed(self, cell: QTableWidgetItem) -> None:
        if self.matrix is None:
            return
        recipient = self.matrix.recipients[cell.row()]
        item = self.matrix.items[cell.column()]
        if cell.checkState() == Qt.CheckState.Checked:
            self._save(item.key, recipient, True, "")
            return
        ask = ReasonDialog(recipient.name, item.label, self)
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ask.given.connect(lambda reason: self._save(item.key, recipient, False, reason))
        ask.rejected.connect(self.refresh)  # no reason, no withholding: the tick comes back
        ask.open()

    def _save(self, key: str, recipient: Recipient, sees: bool, reason: str) -> None:
        try:
            clearance.set_cell(self.store, key, recipient, sees, reason)
        except ClearanceError as exc:
            prompts.error(self, "Clearance not changed", str(exc))
        row, column = self.table.currentRow(), self.table.currentColumn()
        self.refresh()
        self.table.setCurrentCell(row, column)
        self.changed.emit()
