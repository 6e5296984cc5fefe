"""Convene a conference: type, date, venue, reasons, chair, and the invitations."""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import ConferenceType, InvitationMethod, InvitationResponse, ReasonForConvening
from solodesk.services.convening import (
    ContactOption,
    ConveneError,
    ConveneRequest,
    InviteeRequest,
    convene_context,
    convene_in_store,
    suggest_for_store,
    validate,
)
from solodesk.store import CaseStore
from solodesk.ui.chair.fields import DateField, EnumCombo, TimeField, heading, hint, notes_edit
from solodesk.ui.chair.page import plain


@dataclass
class InviteeLine:
    """The widgets of one directory person in the invitation list."""

    contact: ContactOption
    person: QWidget
    invite: QCheckBox
    why: QLabel
    invited_on: DateField
    method: EnumCombo
    response: EnumCombo
    report: QCheckBox

    def widgets(self) -> list[QWidget]:
        """Return the row's widgets, left to right."""
        return [self.person, self.why, self.invited_on, self.method, self.response, self.report]


class ConveneDialog(QDialog):
    """New conference for a subject; after ``accept`` its id is in ``conference_id``.

    Attributes:
        conference_id: the new conference's id, or None until it is stored.
    """

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self.conference_id: int | None = None
        self.context = convene_context(store, subject_id)
        self.suggested: dict[int, str] = {}
        self.setWindowTitle("Convene a risk management case conference")
        self.resize(1300, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Convene a conference about {self._escape(self.context.subject_name)}"))
        columns = QHBoxLayout()
        meeting = QWidget()
        meeting.setLayout(self._build_meeting())
        meeting.setMaximumWidth(500)
        columns.addWidget(meeting)
        columns.addLayout(self._build_invitees(), 1)
        layout.addLayout(columns, 1)
        self.error_label = plain("")
        self.error_label.setStyleSheet("QLabel { color: #a31515; font-weight: bold; }")
        self.error_label.setAccessibleName("Problems")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Convene")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._on_kind_changed()
        self._carry_notification()

    def _carry_notification(self) -> None:
        """Start from the case's open release notification: its reasons and its conference-by date."""
        notification = self.context.notification
        self.from_notification = QCheckBox()
        if notification is None:
            return
        release = f"; release {notification.release_date:%d %b %Y}" if notification.release_date else ""
        held_by = f"; hold by {notification.hold_by:%d %b %Y}" if notification.hold_by else ""
        self.from_notification.setText(
            f"Convened on the {notification.kind.label} received {notification.received_on:%d %b %Y}{release}{held_by}"
        )
        self.from_notification.setChecked(True)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.from_notification)
        for reason in notification.reasons:
            self.reason_boxes[reason].setChecked(True)
        if notification.hold_by and not self.meeting_date.text().strip():
            self.meeting_date.set_value(notification.hold_by)
            self._refresh_suggestions()

    @staticmethod
    def _escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    # Building ---------------------------------------------------------------------

    def _build_meeting(self) -> QVBoxLayout:
        column = QVBoxLayout()
        form = QFormLayout()
        self.kind = EnumCombo(ConferenceType, "Conference type")
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        form.addRow("Type", self.kind)
        self.previous = QComboBox()
        self.previous.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.previous.setMinimumContentsLength(24)
        for previous in self.context.previous:
            self.previous.addItem(f"{previous.label} — {previous.open_actions} open action(s)", previous.id)
        self.previous.setCurrentIndex(max(self.previous.findData(self.context.default_previous_id), 0))
        self.previous.currentIndexChanged.connect(self._refresh_suggestions)
        self.previous_label = QLabel("Follows")
        form.addRow(self.previous_label, self.previous)
        self.meeting_date = DateField()
        self.meeting_date.setAccessibleName("Meeting date")
        self.meeting_date.editingFinished.connect(self._refresh_suggestions)
        form.addRow("Date", self.meeting_date)
        self.meeting_time = TimeField()
        self.meeting_time.setAccessibleName("Meeting time")
        form.addRow("Time", self.meeting_time)
        self.venue = QLineEdit(self.context.default_venue)
        self.venue.setAccessibleName("Venue")
        form.addRow("Venue", self.venue)
        self.chair = self._person_combo("Chair")
        form.addRow("Chair", self.chair)
        self.minute_taker = self._person_combo("Minute-taker")
        form.addRow("Minute-taker", self.minute_taker)
        column.addLayout(form)
        reasons = QGroupBox("Reasons for convening")
        box = QVBoxLayout(reasons)
        self.reason_boxes: dict[ReasonForConvening, QCheckBox] = {}
        for reason in ReasonForConvening:
            tick = QCheckBox(reason.label)
            self.reason_boxes[reason] = tick
            box.addWidget(tick)
        self.reasons_other = notes_edit("Details, or the other reason (e.g. Circular 18 notification).", 70)
        self.reasons_other.setAccessibleName("Other reasons for convening")
        box.addWidget(self.reasons_other)
        column.addWidget(reasons)
        column.addStretch(1)
        return column

    def _person_combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        # Long directory entries must not squeeze the form's labels.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        combo.addItem("— choose from the directory —", None)
        for contact in self.context.contacts:
            combo.addItem(contact.label, contact.id)
        return combo

    def _build_invitees(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(heading("Core group: invitations"))
        column.addWidget(hint("Suggested people are ticked for you; the reason is shown beside each."))
        tools = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name or agency")
        self.filter.setAccessibleName("Filter the directory")
        self.filter.textChanged.connect(self._on_filter_changed)
        self.children_box = QCheckBox("Children are involved")
        self.children_box.setChecked(self.context.children_involved)
        self.children_box.toggled.connect(self._refresh_suggestions)
        sent_today = QPushButton("Invitations sent today")
        sent_today.clicked.connect(self._on_sent_today_clicked)
        tools.addWidget(self.filter, 1)
        tools.addWidget(self.children_box)
        tools.addWidget(sent_today)
        column.addLayout(tools)
        holder = QWidget()
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 1)
        for col, title in enumerate(("Person", "Suggested because", "Invited on", "How", "Response", "")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.lines: list[InviteeLine] = []
        for row, contact in enumerate(self.context.contacts, start=1):
            person = QWidget()
            stacked = QVBoxLayout(person)
            stacked.setContentsMargins(0, 0, 0, 0)
            stacked.setSpacing(0)
            invite = QCheckBox(contact.name.replace("&", "&&"))
            invite.setAccessibleName(f"Invite {contact.name}")
            stacked.addWidget(invite)
            stacked.addWidget(hint(" — ".join(x for x in (contact.agency, contact.role) if x)))
            line = InviteeLine(
                contact=contact,
                person=person,
                invite=invite,
                why=plain(""),
                invited_on=DateField(),
                method=EnumCombo(InvitationMethod, f"{contact.name}: how invited"),
                response=EnumCombo(InvitationResponse, f"{contact.name}: response"),
                report=QCheckBox("Report"),
            )
            line.why.setStyleSheet("QLabel { color: #2a5d2a; }")
            line.why.setMinimumWidth(140)
            line.invited_on.setAccessibleName(f"{contact.name}: invited on")
            line.report.setToolTip("A written report was sent with the apologies.")
            for col, widget in enumerate(line.widgets()):
                self.grid.addWidget(widget, row, col)
            self.lines.append(line)
        if not self.lines:
            self.grid.addWidget(plain("The contacts directory is empty: add people to it first."), 1, 0, 1, 6)
        self.grid.setRowStretch(len(self.lines) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        column.addWidget(scroll, 1)
        return column

    # Reading the form --------------------------------------------------------------

    def request(self) -> tuple[ConveneRequest, list[str]]:
        """Return the request the form describes, with any problems the form itself finds."""
        problems = [f.problem() for f in (self.meeting_date, self.meeting_time) if not f.is_valid()]
        invitees = []
        for line in self.lines:
            if not line.invite.isChecked():
                continue
            if not line.invited_on.is_valid():
                problems.append(f"{line.contact.name}: {line.invited_on.problem()}")
            invitees.append(
                InviteeRequest(
                    contact_id=line.contact.id,
                    invited_on=line.invited_on.value(),
                    method=line.method.value(),
                    response=line.response.value(),
                    report_submitted=line.report.isChecked(),
                )
            )
        kind = self.kind.value()
        request = ConveneRequest(
            subject_id=self.subject_id,
            kind=kind,
            meeting_date=self.meeting_date.value(),
            meeting_time=self.meeting_time.value(),
            venue=self.venue.text(),
            reasons=[r for r, box in self.reason_boxes.items() if box.isChecked()],
            reasons_other=self.reasons_other.toPlainText(),
            chair_id=self.chair.currentData(),
            minute_taker_id=self.minute_taker.currentData(),
            previous_conference_id=self.previous.currentData() if kind == ConferenceType.REVIEW else None,
            invitees=invitees,
            notification_id=(
                self.context.notification.id
                if self.context.notification and self.from_notification.isChecked()
                else None
            ),
        )
        return request, problems

    def accept(self) -> None:
        """Store the conference, or show every problem and keep everything typed."""
        self.error_label.setText("")
        request, problems = self.request()
        problems += validate(request)
        if problems:
            self.error_label.setText("\n".join(problems))
            return
        try:
            self.conference_id = convene_in_store(self.store, request)
        except ConveneError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()

    # Slots ---------------------------------------------------------------------------

    @Slot()
    def _on_kind_changed(self) -> None:
        review = self.kind.value() == ConferenceType.REVIEW
        self.previous.setVisible(review)
        self.previous_label.setVisible(review)
        if review and not self.context.previous:
            self.error_label.setText("There is no earlier conference for a review to follow.")
        self._refresh_suggestions()

    @Slot()
    def _refresh_suggestions(self) -> None:
        kind = self.kind.value()
        previous = self.previous.currentData() if kind == ConferenceType.REVIEW else None
        suggestions = suggest_for_store(
            self.store, self.subject_id, kind, self.meeting_date.value(), self.children_box.isChecked(), previous
        )
        fresh = {s.contact_id: s.reason for s in suggestions}
        for line in self.lines:
            reason = fresh.get(line.contact.id, "")
            line.why.setText(reason)
            if reason and line.contact.id not in self.suggested:
                line.invite.setChecked(True)  # Newly suggested people are ticked; the convener may untick.
        self.suggested = fresh

    def _on_filter_changed(self, text: str) -> None:
        needle = text.strip().lower()
        for line in self.lines:
            shown = not needle or needle in line.contact.label.lower()
            for widget in line.widgets():
                widget.setVisible(shown)

    @Slot()
    def _on_sent_today_clicked(self) -> None:
        for line in self.lines:
            if line.invite.isChecked() and not line.invited_on.text().strip():
                line.invited_on.set_value(date.today())

    def lines_by_name(self) -> dict[str, InviteeLine]:
        """Return the invitation rows by the person's name."""
        return {line.contact.name: line for line in self.lines}
