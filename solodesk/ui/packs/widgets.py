"""Small shared pieces of the pack views: read-only tables, message styles."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

ERROR_STYLE = "color: #a4262c;"
HINT_STYLE = "color: #555;"


def read_only_table(headers: list[str], stretch: tuple[int, ...] = ()) -> QTableWidget:
    """Return a table that selects whole rows and cannot be edited in place.

    Args:
        headers: the column titles.
        stretch: columns that share the spare width (the others fit their contents).
    """
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    if not stretch:
        header.setStretchLastSection(True)
    table.setWordWrap(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Replace a table's rows with text cells."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def show_date(value: date | None) -> str:
    """Return a date as "14 Sep 2026", or an empty string."""
    return f"{value.day} {value:%b %Y}" if value else ""


def show_iso_date(text: str) -> str:
    """Return an ISO date text as "2 Apr 1979" (unchanged when it is not a date)."""
    try:
        return show_date(date.fromisoformat(text)) if text else ""
    except ValueError:
        return text


def show_size(size: int) -> str:
    """Return a file size as "312 KB" or "4.2 MB"."""
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, round(size / 1024))} KB"
