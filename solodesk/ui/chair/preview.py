"""Chair mode's preview of the minute: the PDF itself, laid out from the live record.

The draft is rendered by :func:`solodesk.services.minute_views.draft_pdf` from the
same story as every issued copy (no second renderer), and handed to QtPdf through
a QBuffer: no temporary file with case data is ever written.
"""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.minute_issue import CannotIssueError
from solodesk.services.minute_views import draft_pdf
from solodesk.store import CaseStore


class MinutePreviewPane(QWidget):
    """Shows the minute exactly as it would print now, as a draft copy with every restricted item.

    Attributes:
        status_label: whether the record changed since an issue, the page count, or why nothing is shown.
        document: the loaded PDF.
        view: the page view (arrow keys and Page Up/Down scroll it).
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Minute preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)
        self.refresh()  # the desk refreshes it again whenever the page opens

    def refresh(self) -> None:
        """Render the draft from the store again, keeping the scroll position."""
        bar = self.view.verticalScrollBar()
        position = bar.value()
        try:
            pdf = draft_pdf(self.store, self.conference_id)
        except (CannotIssueError, UnprintableTextError) as exc:
            self.document.close()
            self.status_label.setText(str(exc))
            return
        self._load(pdf)
        changed = changed_since_issue(self.store, self.conference_id)
        warning = (
            f"Changed since v{changed} was issued: the issued minute does not show these changes until they are "
            "agreed as amendments and a new version is issued. "
            if changed is not None
            else ""
        )
        self.status_label.setText(f"{warning}Draft as it will print: {self.document.pageCount()} page(s).")
        bar.setValue(position)

    def _load(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
