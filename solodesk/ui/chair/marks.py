"""The agenda sidebar's progress marks: ✓ completed, • started, nothing when not started."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from solodesk.models import AgendaItem
from solodesk.services.chair_view import ConferenceSnapshot, Progress, item_progress

MARKS = {Progress.COMPLETED: "✓", Progress.STARTED: "•", Progress.EMPTY: ""}
MARK_COLOURS = {Progress.COMPLETED: "#1d7a1d", Progress.STARTED: "#b26b00", Progress.EMPTY: "#000000"}
MARK_TIPS = {Progress.COMPLETED: "Completed", Progress.STARTED: "Started", Progress.EMPTY: "Not started"}


def mark_icon(progress: Progress) -> QIcon:
    """Return a small icon showing a progress mark (icons keep the item names aligned)."""
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor(MARK_COLOURS[progress]))
    font = painter.font()
    font.setPointSize(12)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, MARKS[progress])
    painter.end()
    return QIcon(pixmap)


def sidebar_entries(snap: ConferenceSnapshot) -> list[tuple[Progress | None, str]]:
    """Return each sidebar entry's progress (None: no mark) and name, in page order."""
    entries: list[tuple[Progress | None, str]] = [(item_progress(snap, None), "Confidentiality statement")]
    entries += [(item_progress(snap, item), f"{item.number}  {item.label}") for item in AgendaItem]
    entries += [(None, "Minute preview"), (None, "Close meeting")]
    return entries
