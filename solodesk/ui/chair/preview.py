"""Chair mode's preview of the minute: the PDF itself, laid out from the live record.

The draft is rendered by :func:`solodesk.services.minute_views.draft_pdf` from the
same story as every issued copy (no second renderer), on a background job so that
refreshing after an edit never holds up typing, and handed to QtPdf through a
QBuffer: no temporary file with case data is ever written.
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
from solodesk.ui.jobs import JobHandle, runner

CHANGED_STYLE = "QLabel { color: #a31515; font-weight: bold; }"


class MinutePreviewPane(QWidget):
    """Shows the minute exactly as it would print now, as a draft copy with every restricted item.

    The draft is laid out when the page opens (:meth:`refresh`), by a background job; the
    previous draft stays on screen until the new one is ready.

    Attributes:
        changed_label: "Changed since vN was issued: …" above the pages when the record was edited
            after its latest issue; empty (and hidden) otherwise.
        status_label: "Laying out the draft…" while a job runs, then the page count, or why nothing is shown.
        document: the loaded PDF.
        view: the page view (arrow keys and Page Up/Down scroll it).
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self._building = False
        self._build_again = False
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self.changed_label = QLabel()
        self.changed_label.setWordWrap(True)
        self.changed_label.setStyleSheet(CHANGED_STYLE)
        self.changed_label.setAccessibleName("Changed since issue")
        self.changed_label.hide()
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
        layout.addWidget(self.changed_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        """Lay the draft out again from the store (in the background); the desk calls this whenever the page opens."""
        if self._building:
            self._build_again = True  # an edit arrived while the previous draft was being laid out
            return
        self._building = True
        self.status_label.setText("Laying out the draft…")
        store, conference_id = self.store, self.conference_id

        def work(_handle: JobHandle) -> tuple[bytes, int | None]:
            return draft_pdf(store, conference_id), changed_since_issue(store, conference_id)

        job = runner().submit(work, on_success=self._show, on_failure=self._show_failure, owner=self)
        job.finished.connect(self._built)

    def _show(self, result: tuple[bytes, int | None]) -> None:
        pdf, changed = result
        bar = self.view.verticalScrollBar()
        position = bar.value()
        self._load(pdf)
        self._show_changed(changed)
        self.status_label.setText(f"Draft as it will print: {self.document.pageCount()} page(s).")
        bar.setValue(position)

    def _show_changed(self, changed: int | None) -> None:
        self.changed_label.setText(
            f"Changed since v{changed} was issued: the issued minute does not show these changes until they are "
            "agreed as amendments and a new version is issued."
            if changed is not None
            else ""
        )
        self.changed_label.setVisible(changed is not None)

    def _show_failure(self, exc: BaseException) -> None:
        if not isinstance(exc, CannotIssueError | UnprintableTextError):
            raise exc
        self.document.close()
        self._show_changed(None)
        self.status_label.setText(str(exc))

    def _built(self) -> None:
        self._building = False
        if self._build_again:
            self._build_again = False
            self.refresh()

    def _load(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
