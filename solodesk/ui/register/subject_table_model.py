"""A lazy table model over the subject register.

Only ids are held for every match; full rows are read a page at a time when
the view first shows them, so 10,000 subjects cost no more than 100.
"""

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from solodesk.services.register import RegisterFilter, SortKey, SubjectRegister, SubjectRow

PAGE_SIZE = 100
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[str, SortKey]] = [
    ("Name", SortKey.NAME),
    ("Aliases", SortKey.NAME),
    ("Date of birth", SortKey.DATE_OF_BIRTH),
    ("Reference", SortKey.REFERENCE),
    ("Status", SortKey.CASE_STATUS),
    ("Level", SortKey.MANAGEMENT_LEVEL),
    ("Next conference", SortKey.NEXT_CONFERENCE),
    ("Open actions", SortKey.OPEN_ACTIONS),
]


def _date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


class SubjectTableModel(QAbstractTableModel):
    """Rows of the register for a QTableView."""

    def __init__(self, register: SubjectRegister, parent: Any = None) -> None:
        super().__init__(parent)
        self._register = register
        self._filter = RegisterFilter()
        self._sort = SortKey.NAME
        self._descending = False
        self._ids: list[int] = []
        self._pages: dict[int, list[SubjectRow]] = {}
        self._run_query()

    # Public ------------------------------------------------------------------

    def set_filter(self, criteria: RegisterFilter) -> None:
        """Show only subjects matching the criteria."""
        self._filter = criteria
        self.refresh()

    def refresh(self) -> None:
        """Re-run the query (after the register changed)."""
        self.beginResetModel()
        self._run_query()
        self.endResetModel()

    def subject_id(self, row: int) -> int | None:
        """Return the subject id shown on a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, subject_id: int) -> int:
        """Return the row showing a subject, or -1."""
        try:
            return self._ids.index(subject_id)
        except ValueError:
            return -1

    # Qt model interface -----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of matching subjects."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Return column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, loading its page on first use."""
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.name,
            row.aliases,
            _date(row.date_of_birth),
            row.reference,
            row.case_status.label,
            row.management_level.label.split(" (")[0] if row.management_level else "",
            _date(row.next_conference),
            str(row.open_actions) if row.open_actions else "",
        )
        return values[index.column()]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (done in the register's index, not by loading rows)."""
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # Internals --------------------------------------------------------------

    def _run_query(self) -> None:
        self._ids = self._register.search(self._filter, self._sort, self._descending)
        self._pages.clear()

    def _row(self, row: int) -> SubjectRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        if page not in self._pages:
            ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            self._pages[page] = self._register.rows(ids)
        rows = self._pages[page]
        offset = row - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None
