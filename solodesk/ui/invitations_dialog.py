"""Rearrange a conference and record invitees' responses before the meeting.

Every change is saved as it is made, like the rest of the app.
"""

from datetime import date
from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import InvitationMethod, InvitationResponse
from solodesk.services.forms import FormValidationError
from solodesk.services.invitations import (
    Arrangements,
    invite,
    load_arrangements,
    mark_invitations_sent,
    record_response,
    reschedule,
    uninvite,
)
from solodesk.store import CaseStore
from solodesk.ui.chair.fields import DateField, TimeField
from solodesk.ui.style import ERROR_STYLE, SAVED_STYLE
from solodesk.ui.widgets import select_data

_COLUMNS = ["Name", "Agency", "Invited", "Response", "Report", ""]


class InvitationsDialog(QDialog):
    """Date, time and venue, and the invitees with their responses."""

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.setWindowTitle("Invitations and responses")
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.meeting_date = DateField()
        self.meeting_time = TimeField()
        self.venue = QLineEdit()
        self.save_details = QPushButton("Save date and venue")
        self.save_details.clicked.connect(self._on_save_details)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_combo = QComboBox()
        self.add_button = QPushButton("Invite")
        self.add_button.clicked.connect(self._on_invite)
        self.sent_button = QPushButton("Mark invitations sent today")
        self.sent_button.clicked.connect(self._on_mark_sent)
        self.message = QLabel()
        self.message.setWordWrap(True)

        details = QFormLayout()
        when = QHBoxLayout()
        when.addWidget(self.meeting_date)
        when.addWidget(self.meeting_time)
        when.addStretch(1)
        details.addRow("Date and time", when)
        venue_row = QHBoxLayout()
        venue_row.addWidget(self.venue, 1)
        venue_row.addWidget(self.save_details)
        details.addRow("Venue", venue_row)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("Also invite"))
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.sent_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(details)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1000, 600)
        self.refresh()

    def refresh(self) -> None:
        """Reload everything from the store."""
        data = load_arrangements(self.store, self.conference_id)
        self.title.setText(data.title)
        self.meeting_date.set_value(data.meeting_date)
        self.meeting_time.set_value(data.meeting_time)
        self.venue.setText(data.venue)
        self._fill_table(data)
        self.add_combo.clear()
        for option in data.directory:
            self.add_combo.addItem(option.label, option.id)
        self.add_button.setEnabled(bool(data.directory))

    def _fill_table(self, data: Arrangements) -> None:
        self.table.setRowCount(len(data.invitees))
        for row, invitee in enumerate(data.invitees):
            self.table.setItem(row, 0, QTableWidgetItem(invitee.name))
            self.table.setItem(row, 1, QTableWidgetItem(invitee.agency))
            sent = invitee.invited_on.strftime("%d/%m/%Y") if invitee.invited_on else "not yet"
            self.table.setItem(row, 2, QTableWidgetItem(sent))
            response = QComboBox()
            response.setAccessibleName(f"response {invitee.name}")
            for choice in InvitationResponse:
                response.addItem(choice.label, choice)
            select_data(response, invitee.response)
            response.currentIndexChanged.connect(partial(self._on_response_changed, invitee.id, response))
            self.table.setCellWidget(row, 3, response)
            report = QCheckBox("sent")
            report.setChecked(invitee.report_submitted)
            report.toggled.connect(partial(self._on_report_toggled, invitee.id, response))
            self.table.setCellWidget(row, 4, report)
            remove = QPushButton("Withdraw")
            remove.clicked.connect(partial(self._on_withdraw, invitee.id))
            self.table.setCellWidget(row, 5, remove)
        self.table.resizeColumnsToContents()

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet(SAVED_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    @Slot()
    def _on_save_details(self) -> None:
        if not self.meeting_date.is_valid() or not self.meeting_time.is_valid():
            self._say(self.meeting_date.problem() or self.meeting_time.problem(), ok=False)
            return
        try:
            reschedule(
                self.store, self.conference_id, self.meeting_date.value(), self.meeting_time.value(), self.venue.text()
            )
        except FormValidationError as exc:
            self._say(str(exc), ok=False)
            return
        self._say("Date and venue saved.")

    def _on_response_changed(self, invitation_id: int, combo: QComboBox, _index: int) -> None:
        record_response(self.store, invitation_id, combo.currentData())
        self._say("Response saved.")

    def _on_report_toggled(self, invitation_id: int, combo: QComboBox, checked: bool) -> None:
        record_response(self.store, invitation_id, combo.currentData(), report_submitted=checked)
        self._say("Saved.")

    def _on_withdraw(self, invitation_id: int) -> None:
        try:
            uninvite(self.store, invitation_id)
        except FormValidationError as exc:
            self._say(str(exc), ok=False)
            return
        self.refresh()
        self._say("Invitation withdrawn.")

    @Slot()
    def _on_invite(self) -> None:
        contact_id = self.add_combo.currentData()
        if contact_id is None:
            return
        invite(self.store, self.conference_id, int(contact_id))
        self.refresh()
        self._say("Invited. Mark the invitations sent once the letters have gone.")

    @Slot()
    def _on_mark_sent(self) -> None:
        count = mark_invitations_sent(self.store, self.conference_id, date.today(), InvitationMethod.SECURE_EMAIL)
        self.refresh()
        self._say(f"{count} invitation(s) marked as sent today." if count else "Every invitation was already sent.")
