"""A lazy table model over the subject register.

Only ids are held for every match; the view is given rows a page at a time
(``canFetchMore``/``fetchMore``) and full rows are read a page at a time when
it first shows them, so 50,000 subjects cost no more than 100. An edit
refreshes only the edited subject's row.
"""

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from solodesk.services.register import PAGE_SIZE, Register, RegisterFilter, SortKey, SubjectRow

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

    def __init__(self, register: Register, parent: Any = None) -> None:
        super().__init__(parent)
        self._register = register
        self._filter = RegisterFilter()
        self._sort = SortKey.NAME
        self._descending = False
        self._ids: list[int] = []
        self._shown = 0  # rows handed to the view so far; more on fetchMore
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

    def refresh_subject(self, subject_id: int) -> None:
        """Show a subject's row again after an edit (the register entry was already re-read).

        A subject already listed keeps its place (re-sorting under the user's eyes would move
        the row they are working on); a subject not listed yet (a new case) is placed by
        running the query again, which reads nothing from the store.
        """
        try:
            row = self._ids.index(subject_id)
        except ValueError:
            self.refresh()
            return
        self._pages.pop(row // PAGE_SIZE, None)
        if row < self._shown:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def match_count(self) -> int:
        """Return how many subjects match the filter (rows not yet fetched included)."""
        return len(self._ids)

    def subject_id(self, row: int) -> int | None:
        """Return the subject id shown on a row."""
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of(self, subject_id: int) -> int:
        """Return the row showing a subject (fetching rows up to it), or -1."""
        try:
            row = self._ids.index(subject_id)
        except ValueError:
            return -1
        if row >= self._shown:
            self._expose(row + 1)
        return row

    # Qt model interface -----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of matching subjects."""
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt override
        """Return True while matching subjects remain that the view has not been given."""
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt override
        """Give the view one more page of rows (called as it scrolls towards the end)."""
        if not parent.isValid():
            self._expose(self._shown + PAGE_SIZE)

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
        sort, descending = COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._sort, self._descending):
            return  # the view asks again when sorting is switched on; the rows are already in this order
        self._sort, self._descending = sort, descending
        self.refresh()

    # Internals --------------------------------------------------------------

    def _run_query(self) -> None:
        self._ids = self._register.search(self._filter, self._sort, self._descending)
        self._shown = min(len(self._ids), PAGE_SIZE)
        self._pages.clear()

    def _expose(self, count: int) -> None:
        count = min(count, len(self._ids))
        if count <= self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, count - 1)
        self._shown = count
        self.endInsertRows()

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
