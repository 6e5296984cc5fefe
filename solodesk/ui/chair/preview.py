"""On-screen preview of the recorded minute content (the PDF itself is the minute issue)."""

from PySide6.QtWidgets import QTextBrowser, QWidget

from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.minute_preview import preview_html
from solodesk.store import CaseStore


class MinutePreviewPane(QTextBrowser):
    """Shows a conference's recorded content in agenda order, restricted content marked.

    The HTML comes from :func:`solodesk.services.minute_preview.preview_html`, which
    escapes every stored text.
    """

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Minute preview")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the preview from the store, keeping the scroll position."""
        bar = self.verticalScrollBar()
        position = bar.value()
        changed = changed_since_issue(self.store, self.conference_id)
        warning = (
            f'<p style="color:#a31515"><b>Changed since v{changed} was issued:</b> the issued minute does not show '
            "these changes until they are agreed as amendments and a new version is issued.</p>"
            if changed is not None
            else ""
        )
        self.setHtml(warning + preview_html(self.store, self.conference_id))
        bar.setValue(position)
