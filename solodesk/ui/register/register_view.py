"""The register: search-as-you-type, filters, and the table of subjects."""

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import CaseStatus, ManagementLevel
from solodesk.services.register import Register, RegisterFilter
from solodesk.ui.register.subject_table_model import SubjectTableModel


class RegisterView(QWidget):
    """Search box, filters and the subject table.

    Signals:
        subject_selected(int): the current row changed to this subject.
        subject_activated(int): Enter or double-click on a subject.
        new_subject_requested(): the user asked for a new case.
    """

    subject_selected = Signal(int)
    subject_activated = Signal(int)
    new_subject_requested = Signal()

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search name, alias or reference (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self._on_filter_changed)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for status in CaseStatus:
            self.status_filter.addItem(status.label, status)
        self.status_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.level_filter = QComboBox()
        self.level_filter.addItem("All levels", None)
        for level in ManagementLevel:
            self.level_filter.addItem(level.label, level)
        self.level_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.new_button = QPushButton("New case…")
        self.new_button.clicked.connect(self.new_subject_requested)

        self.model = SubjectTableModel(register, self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setModel(self.model)
        # Set the indicator first: switching sorting on re-sorts by it (descending by default).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 100, 90, 95, 80, 60, 105)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")

        filters = QHBoxLayout()
        filters.addWidget(self.search_field, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.level_filter, 1)
        filters.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._update_count()

    # Public ------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the whole register from the store and keep or set the selection."""
        keep = select_id if select_id is not None else self.current_subject_id()
        self.register.reload()
        self.model.refresh()
        self._update_count()
        if keep is not None:
            self.select_subject(keep)

    def refresh_subject(self, subject_id: int, select: bool = False) -> None:
        """Re-read one subject after an edit: only its row changes (a new case is placed in the list)."""
        keep = subject_id if select else self.current_subject_id()
        self.register.reload_subject(subject_id)
        self.model.refresh_subject(subject_id)
        self._update_count()
        if keep is not None and self.current_subject_id() != keep:
            self.select_subject(keep)

    def select_subject(self, subject_id: int) -> None:
        """Select and show a subject's row, if it matches the filter."""
        row = self.model.row_of(subject_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def current_subject_id(self) -> int | None:
        """Return the selected subject's id."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.subject_id(rows[0].row()) if rows else None

    def criteria(self) -> RegisterFilter:
        """Return the filter the user has set."""
        return RegisterFilter(
            text=self.search_field.text(),
            case_status=self.status_filter.currentData(),
            management_level=self.level_filter.currentData(),
        )

    # Slots -------------------------------------------------------------------

    @Slot()
    def _on_filter_changed(self) -> None:
        self.model.set_filter(self.criteria())
        self._update_count()
        if self.model.match_count == 1:
            self.table.selectRow(0)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        subject_id = self.current_subject_id()
        if subject_id is not None:
            self.subject_selected.emit(subject_id)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        subject_id = self.model.subject_id(index.row())
        if subject_id is not None:
            self.subject_activated.emit(subject_id)

    def _update_count(self) -> None:
        shown, total = self.model.match_count, len(self.register)
        noun = "case" if total == 1 else "cases"
        self.count_label.setText(f"{shown} of {total} {noun}" if shown != total else f"{total} {noun}")
