"""Writing the management information: one CSV per table and one PDF report into a folder.

Nothing already in the folder is replaced: a file of the same name with other content
stays, and the new one is written beside it as ``NAME-2.csv`` (see
:func:`solodesk.services.minute_files.place_copy`). Each file is complete or absent.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from solodesk.reports.mi_pdf import Cell, MiReport, MiTable, render_mi_report
from solodesk.services import audit
from solodesk.services.mi import Period, management_information
from solodesk.services.mi_tables import mi_tables
from solodesk.services.minute_files import place_copy
from solodesk.services.roles import Task, permissions_of
from solodesk.services.settings import load_settings
from solodesk.store import CaseStore
from solodesk.store.errors import ForbiddenError

# A cell a spreadsheet would run as a formula starts with one of these (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class MiFiles:
    """What was written.

    Attributes:
        csv_files: one per table, in the report's order.
        pdf: the report.
    """

    csv_files: list[Path]
    pdf: Path

    @property
    def paths(self) -> list[Path]:
        """Return every file written, the PDF last."""
        return [*self.csv_files, self.pdf]


def csv_cell(value: Cell) -> str | int:
    """Return a cell for a CSV file: numbers as numbers, text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return value
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def table_csv(table: MiTable) -> bytes:
    """Return one table as CSV bytes (UTF-8 with a byte-order mark, which spreadsheets need for accents)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def file_stem(period: Period) -> str:
    """Return the start of every file name of a period's report ("mi_2026-01-01_to_2026-12-31")."""
    return f"mi_{period.slug()}"


def write_mi_report(store: CaseStore, period: Period, folder: Path, as_of: date) -> MiFiles:
    """Compute the figures for a period and write the CSV files and the PDF report into a folder.

    Args:
        store: an open store.
        period: the days counted.
        folder: an existing folder.
        as_of: the day of the report (today in the app and the CLI).

    Raises:
        UnprintableTextError: an agency's name cannot be printed; nothing was written.
        ForbiddenError: on a team store, the login's role is not one that counts the team's cases
            (its rows would hold only the cases it reads); nothing was written.
        StoreError: the disk is full, read-only or forbidden, or the folder is gone (its own sentence).
    """
    permissions = permissions_of(store)
    if not permissions.may(Task.MANAGEMENT_INFORMATION):
        raise ForbiddenError(permissions.refusal(Task.MANAGEMENT_INFORMATION))
    with store.session() as session:
        settings = load_settings(session)
        figures = management_information(session, period, as_of, settings)
    tables = mi_tables(figures)
    report = MiReport(
        organisation=settings.organisation_name,
        marking=settings.protective_marking,
        period=period.label(),
        produced=f"Produced on {as_of.day} {as_of:%B %Y}; waiting and overdue are judged on that day.",
        tables=tables,
    )
    pdf = render_mi_report(report)  # first: a name it cannot print stops the report before any file is written
    stem = file_stem(period)
    written = [place_copy(folder, f"{stem}_{table.name}.csv", table_csv(table))[0] for table in tables]
    pdf_path = place_copy(folder, f"{stem}_report.pdf", pdf)[0]
    with store.session() as session:
        audit.record(session, "mi.written", detail=f"period={period.slug()}; files={len(written) + 1}")
    return MiFiles(written, pdf_path)
