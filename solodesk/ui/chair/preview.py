"""On-screen preview of the recorded minute content (the PDF itself is the minute issue)."""

from PySide6.QtWidgets import QTextBrowser, QWidget

from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.minute_preview import preview_html
from solodesk.store import CaseStore
from solodesk.ui.jobs import JobHandle, runner


class MinutePreviewPane(QTextBrowser):
    """Shows a conference's recorded content in agenda order, restricted content marked.

    The HTML comes from :func:`solodesk.services.minute_preview.preview_html`, which
    escapes every stored text; it is built by a background job, so refreshing after
    an edit never holds up typing.
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self._building = False
        self._build_again = False
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Minute preview")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the preview from the store (in the background), keeping the scroll position."""
        if self._building:
            self._build_again = True  # an edit arrived while the previous preview was being built
            return
        self._building = True
        store, conference_id = self.store, self.conference_id

        def work(_handle: JobHandle) -> str:
            changed = changed_since_issue(store, conference_id)
            warning = (
                f'<p style="color:#a31515"><b>Changed since v{changed} was issued:</b> the issued minute does not'
                " show these changes until they are agreed as amendments and a new version is issued.</p>"
                if changed is not None
                else ""
            )
            return warning + preview_html(store, conference_id)

        job = runner().submit(work, on_success=self._show, owner=self)
        job.finished.connect(self._built)

    def _show(self, html: str) -> None:
        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(html)
        bar.setValue(position)

    def _built(self) -> None:
        self._building = False
        if self._build_again:
            self._build_again = False
            self.refresh()
