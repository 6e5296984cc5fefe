"""The amendment workflow: record requests, the chair agrees or declines, re-issue the next version."""

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.minute_issue import (
    CannotIssueError,
    decide_amendment,
    issue_recipients,
    reissue,
    request_amendment,
)
from solodesk.services.minute_views import AmendmentRow, amendments, issued_restricted_items, minute_state
from solodesk.store import CaseStore
from solodesk.ui import prompts

COLUMNS = ["Asked by", "On", "Request", "Decision", "Chair's note", "Issued in", "Restricted"]
RESTRICTED_TIP = (
    "Tick when the amendment concerns restricted information: the re-issued minute then prints its text only in "
    "the copies of the audience of the item it concerns (choose it below; the chair alone otherwise); other copies "
    "say an amendment was made, details withheld."
)


class AmendmentDialog(QDialog):
    """Amendment requests of a conference's minute and the chair's decisions.

    Attributes:
        table: every request, oldest first.
        requested_by: who asks (a recipient's name, or typed).
        request_edit: what they ask to change.
        restricted_check: the new request concerns restricted information (unticked by default).
        note_edit: the chair's note on the decision.
        decide_restricted: whether the selected request concerns restricted information; the chair
            can tick it when agreeing, and it is saved with the decision.
        reissue_button: issues the next version with the agreed amendments listed.
    """

    reissued = Signal(int)

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self._rows: list[AmendmentRow] = []
        self.setWindowTitle("Amendments to the minute")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.requested_by = QComboBox()
        self.requested_by.setEditable(True)
        self.request_edit = QPlainTextEdit()
        self.request_edit.setPlaceholderText("What is inaccurate, and what it should say")
        self.request_edit.setFixedHeight(70)
        self.request_edit.setTabChangesFocus(True)  # Tab moves on to the tick, as in every other form
        self.restricted_check = QCheckBox("Concerns restric&ted information")
        self.restricted_check.setToolTip(RESTRICTED_TIP)
        self.add_button = QPushButton("&Record request")
        new = QGroupBox("New request")
        form = QFormLayout(new)
        form.addRow("Asked &by:", self.requested_by)
        form.addRow("Re&quest:", self.request_edit)  # Alt+R is "Record request"
        form.addRow("", self.restricted_check)
        self.concerns_box = QComboBox()  # a restricted amendment reaches the audience of the item it concerns
        self.concerns_box.setAccessibleName("Concerns restricted item")
        form.addRow("C&oncerns:", self.concerns_box)
        form.addRow("", self.add_button)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Chair's note (optional)")
        self.decide_restricted = QCheckBox("Re&stricted information")
        self.decide_restricted.setToolTip(RESTRICTED_TIP)
        self.agree_button = QPushButton("&Agree")
        self.decline_button = QPushButton("&Decline")
        decide = QHBoxLayout()
        decide.addWidget(self.note_edit, 1)
        decide.addWidget(self.decide_restricted)
        decide.addWidget(self.agree_button)
        decide.addWidget(self.decline_button)
        self.reissue_button = QPushButton("Re-&issue with agreed amendments")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reissue_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)
        layout.addWidget(new)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add_request)
        self.agree_button.clicked.connect(lambda: self.decide(True))
        self.decline_button.clicked.connect(lambda: self.decide(False))
        self.reissue_button.clicked.connect(self.reissue_minute)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.resize(820, 520)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the requests and the minute's state."""
        state = minute_state(self.store, self.conference_id)
        self._rows = amendments(self.store, self.conference_id)
        issued = state.current_version is not None
        waiting = sum(1 for r in self._rows if r.status == "Agreed" and r.applied_in_version is None)
        if not issued:
            self.state_label.setText("The minute has not been issued yet, so there is nothing to amend.")
        else:
            self.state_label.setText(
                f"Version {state.current_version} is current. {waiting} agreed amendment(s) waiting to be issued. "
                "Correct the record first, then re-issue: everyone receives the new version."
            )
        self.add_button.setEnabled(issued)
        self.concerns_box.clear()
        self.concerns_box.addItem("No particular item (restricted: the chair only)", "")
        for item in issued_restricted_items(self.store, self.conference_id):
            self.concerns_box.addItem(f"{item.label} (restricted — {item.audience})", item.key)
        self.reissue_button.setEnabled(waiting > 0)
        if issued and self.requested_by.count() == 0:
            for recipient in issue_recipients(self.store, self.conference_id):
                self.requested_by.addItem(recipient.name)
            self.requested_by.setCurrentIndex(-1)
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            values = [
                row.requested_by,
                row.requested_on.strftime("%d/%m/%Y") if row.requested_on else "",
                row.request,
                row.status,
                row.chair_note,
                f"v{row.applied_in_version}" if row.applied_in_version else "",
                "Yes (its audience only)" if row.restricted else "",
            ]
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self._selection_changed()

    def _selected(self) -> AmendmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    @Slot()
    def _selection_changed(self) -> None:
        row = self._selected()
        open_row = row is not None and row.applied_in_version is None
        self.agree_button.setEnabled(open_row)
        self.decline_button.setEnabled(open_row)
        self.decide_restricted.setEnabled(open_row)
        self.decide_restricted.setChecked(row is not None and row.restricted)

    @Slot()
    def add_request(self) -> None:
        """Record who asked for what."""
        try:
            request_amendment(
                self.store,
                self.conference_id,
                self.requested_by.currentText(),
                self.request_edit.toPlainText(),
                restricted=self.restricted_check.isChecked(),
                concerns=self.concerns_box.currentData() or None,
            )
        except CannotIssueError as exc:
            prompts.error(self, "The request was not recorded", "\n".join(exc.reasons))
            return
        self.request_edit.clear()
        self.restricted_check.setChecked(False)
        self.refresh()
        self.table.selectRow(len(self._rows) - 1)

    def decide(self, agree: bool) -> None:
        """Record the chair's decision on the selected request."""
        row = self._selected()
        if row is None:
            return
        try:
            decide_amendment(
                self.store,
                row.amendment_id,
                agree,
                self.note_edit.text(),
                restricted=self.decide_restricted.isChecked(),
            )
        except CannotIssueError as exc:
            prompts.error(self, "The decision was not recorded", "\n".join(exc.reasons))
            return
        self.note_edit.clear()
        selected = self._rows.index(row)
        self.refresh()
        self.table.selectRow(selected)

    @Slot()
    def reissue_minute(self) -> None:
        """Issue the next version listing the agreed amendments (circulate it from the circulate dialog)."""
        if not prompts.confirm(
            self, "Re-issue the minute", "Issue a new version to everyone on the distribution list?"
        ):
            return
        try:
            summary = reissue(self.store, self.conference_id)
        except CannotIssueError as exc:
            prompts.error(self, "The minute cannot be re-issued", "\n".join(exc.reasons))
            return
        self.refresh()
        prompts.info(
            self,
            "Minute re-issued",
            f"Version {summary.version} is issued with {len(summary.amendments)} amendment(s)"
            + (
                f", {summary.restricted_amendments} of them restricted (shown only to their audiences). "
                if summary.restricted_amendments
                else ". "
            )
            + "Circulate it to send every recipient their copy.",
        )
        self.reissued.emit(summary.version)
