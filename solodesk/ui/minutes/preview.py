"""Preview of the minute exactly as it will print, for any recipient.

The PDF is rendered in memory and handed to QtPdf through a QBuffer: no
temporary file with case data is ever written. Reading the conference and
rendering a copy run as background jobs; the status line says "Rendering…"
meanwhile.
"""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from solodesk.reports.fonts import UnprintableTextError
from solodesk.reports.minute_data import Recipient
from solodesk.reports.minute_pdf import PREVIEW_NAME, MinuteRenderer
from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.minute_issue import CannotIssueError
from solodesk.services.minute_views import MinuteState, minute_state, preview_renderer
from solodesk.store import CaseStore
from solodesk.ui.jobs import JobHandle, runner


class MinutePreview(QWidget):
    """Shows one recipient's copy of the current issue (or of a draft before the first issue).

    Attributes:
        recipient_box: whose copy is shown.
        view: the page view.
        document: the loaded PDF document.
        status_label: version, page count, or why nothing can be shown.
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self._renderer: MinuteRenderer | None = None
        self._rendering = False  # one render at a time: the renderer is not shared between threads
        self._render_again = False
        self._version_text = ""
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self.title_label = QLabel()
        self.recipient_box = QComboBox()
        self.recipient_box.setAccessibleName("Copy for")
        self.refresh_button = QPushButton("&Refresh")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        bar = QHBoxLayout()
        copy_label = QLabel("&Copy for:")
        copy_label.setBuddy(self.recipient_box)
        bar.addWidget(copy_label)
        bar.addWidget(self.recipient_box, 1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)
        self.recipient_box.currentIndexChanged.connect(self._show_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Re-read the conference and show the selected recipient's copy again (in the background)."""
        store, conference_id = self.store, self.conference_id

        def work(_handle: JobHandle) -> tuple[MinuteState, MinuteRenderer]:
            return minute_state(store, conference_id), preview_renderer(store, conference_id)

        self.status_label.setText("Reading the conference…")
        self.refresh_button.setEnabled(False)
        job = runner().submit(work, on_success=self._show_read, on_failure=self._show_failure, owner=self)
        job.finished.connect(lambda: self.refresh_button.setEnabled(True))

    def _show_read(self, result: tuple[MinuteState, MinuteRenderer]) -> None:
        state, renderer = result
        self._renderer = renderer
        self.title_label.setText(state.title)
        previous = self.recipient_box.currentData()
        self.recipient_box.blockSignals(True)
        self.recipient_box.clear()
        every = renderer.visible_to(Recipient(0, PREVIEW_NAME))
        for recipient in renderer.content.distribution:
            withheld = len(every - renderer.visible_to(recipient))
            suffix = f" ({withheld} restricted withheld)" if withheld else ""
            self.recipient_box.addItem(f"{recipient.number:02d}  {recipient.name}{suffix}", recipient.number)
        index = self.recipient_box.findData(previous)
        self.recipient_box.setCurrentIndex(max(index, 0))
        self.recipient_box.blockSignals(False)
        changed = changed_since_issue(self.store, self.conference_id)
        self._version_text = (
            f"Version {state.current_version} as issued." if state.current_version else "Draft: not issued yet."
        ) + (f" The record has changed since v{changed} was issued." if changed is not None else "")
        self._show_current()

    def _show_failure(self, exc: BaseException) -> None:
        if not isinstance(exc, CannotIssueError | UnprintableTextError):
            raise exc
        self._renderer = None
        self._clear(str(exc))

    @Slot()
    def _show_current(self) -> None:
        if self._renderer is None:
            return
        if self._rendering:
            self._render_again = True  # the choice changed while a copy was rendering
            return
        renderer = self._renderer
        number = self.recipient_box.currentData()
        recipient = next((r for r in renderer.content.distribution if r.number == number), None)
        if recipient is None:
            self._clear("Nobody is on the distribution list yet.")
            return
        self._rendering = True
        self.status_label.setText(f"{self._version_text} Rendering the copy for {recipient.name}…")
        job = runner().submit(lambda _handle: renderer.copy_for(recipient), on_success=self._show_pdf, owner=self)
        job.failed.connect(self._show_failure)
        job.finished.connect(self._rendered)

    def _show_pdf(self, pdf: bytes) -> None:
        if self._render_again:
            return  # another recipient was chosen meanwhile; that copy is rendered next
        self._load(pdf)
        self.status_label.setText(f"{self._version_text} {self.document.pageCount()} page(s).")

    def _rendered(self) -> None:
        self._rendering = False
        if self._render_again:
            self._render_again = False
            self._show_current()

    def _load(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def _clear(self, message: str) -> None:
        self.document.close()
        self.status_label.setText(message)
