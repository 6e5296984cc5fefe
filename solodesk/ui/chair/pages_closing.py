"""The minute preview page and the completeness panel that closes the meeting."""

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QWidget

from solodesk.models import ConferenceStatus
from solodesk.services import chair_edit
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.services.validation import Finding, Severity
from solodesk.ui.chair.fields import hint
from solodesk.ui.chair.page import AgendaPage, plain
from solodesk.ui.chair.preview import MinutePreviewPane


class PreviewPage(AgendaPage):
    """The recorded content as the minute will read, refreshed whenever the page opens."""

    def build(self) -> None:
        """Add the preview pane."""
        self.scroll_area.hide()
        self.pane = MinutePreviewPane(self.ctx.store, self.ctx.conference_id)
        self.layout().addWidget(self.pane)  # type: ignore[union-attr]

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the preview from the store."""
        self.pane.refresh()

    def first_field(self) -> QWidget:
        """Return the preview's page view (so arrow keys scroll it)."""
        return self.pane.view


class CompletenessPage(AgendaPage):
    """What is missing or weak before the meeting closes; warnings the chair may accept.

    Signals:
        go_to_item: the chair chose a finding (a :class:`Finding`); the desk opens its item and row.
        meeting_closed: the chair closed the meeting (status set to held).
    """

    go_to_item = Signal(object)
    meeting_closed = Signal()

    def build(self) -> None:
        """Add the findings list and the close buttons."""
        self.body.addWidget(
            hint(
                "Before closing, check what is missing or weak. These are warnings, not blocks: you may close "
                "the meeting anyway. Press Enter on a line to go to its agenda item."
            )
        )
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName("Missing or weak")
        self.findings_list.setWordWrap(True)
        self.findings_list.setStyleSheet("QListWidget::item { padding: 4px; }")
        self.findings_list.itemActivated.connect(self._on_item_activated)
        self.body.addWidget(self.findings_list, 1)
        self.status = plain("")
        self.body.addWidget(self.status)
        buttons = QHBoxLayout()
        self.recheck_button = QPushButton("Check again")
        self.recheck_button.clicked.connect(self.recheck)
        self.close_button = QPushButton("Close meeting anyway")
        self.close_button.setStyleSheet("QPushButton { font-weight: bold; padding: 6px 14px; }")
        self.close_button.clicked.connect(self.close_meeting)
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.body.addLayout(buttons)
        self.findings: list[Finding] = []

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Run the checks against the store."""
        self.recheck()
        if snap.status not in (ConferenceStatus.PLANNED, ConferenceStatus.INVITED):
            self.status.setText(f"The meeting is closed (status: {snap.status.label.lower()}).")
        else:
            self.status.setText("")

    @Slot()
    def recheck(self) -> None:
        """List every finding, most serious first."""
        self.findings = chair_edit.completeness(self.ctx.store, self.ctx.conference_id)
        self.findings_list.clear()
        for finding in self.findings:
            where = f"[{finding.item.number} {finding.item.label}] " if finding.item else f"[{finding.topic}] "
            extra = "  (must be put right before the minute is issued)" if finding.severity == Severity.BLOCK else ""
            mark = "⚠" if finding.is_problem else "✓"
            entry = QListWidgetItem(f"{mark} {where}{finding.message}{extra}")
            self.findings_list.addItem(entry)
        problems = self.problems()
        if not problems:
            self.findings_list.addItem("✓ Nothing missing.")
        self.close_button.setText("Close meeting anyway" if problems else "Close meeting")

    def messages(self) -> list[str]:
        """Return the findings as shown (for the chair, and for tests)."""
        return [f.message for f in self.findings]

    def problems(self) -> list[Finding]:
        """Return the findings that are blocks or warnings (not the positive lines)."""
        return [f for f in self.findings if f.is_problem]

    def first_field(self) -> QWidget:
        """Return the findings list."""
        return self.findings_list

    @Slot()
    def close_meeting(self) -> None:
        """Close the meeting, accepting the findings shown."""
        ctx = self.ctx
        count = len(self.problems())
        refusal = chair_edit.close_refusal(ctx.store, ctx.conference_id)
        if refusal:
            self.status.setText(refusal)
            return
        if ctx.saver.now(lambda: chair_edit.close_meeting(ctx.store, ctx.conference_id, count)):
            self.status.setText(f"Meeting closed with {count} warning(s) accepted. Status: held.")
            self.meeting_closed.emit()

    @Slot(QListWidgetItem)
    def _on_item_activated(self, entry: QListWidgetItem) -> None:
        row = self.findings_list.row(entry)
        if 0 <= row < len(self.findings):  # The "nothing missing" line leads nowhere.
            self.go_to_item.emit(self.findings[row])
