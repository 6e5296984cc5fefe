"""Confidentiality statement, 1 Introductions (attendance) and 2 Apologies."""

from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import Attendance
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_ops import ConferenceFlag, InvitationFlag, SetAttendance, SetFlag
from solodesk.services.chair_view import ConferenceSnapshot, InviteeRow
from solodesk.services.convening import list_contacts
from solodesk.ui.chair.fields import heading, hint
from solodesk.ui.chair.page import AgendaPage, clear_layout, plain
from solodesk.ui.chair.record_sections import ActualTimeSection

ATTENDANCE_CHOICES = (Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT)


class ConfidentialityPage(AgendaPage):
    """The organisation's confidentiality statement, and the group's agreement."""

    def build(self) -> None:
        """Add the statement and the agreement tick."""
        self.body.addWidget(hint("Read the statement aloud at the start of the meeting, then record the agreement."))
        self.statement = plain("")
        self.statement.setFrameShape(QFrame.Shape.StyledPanel)
        self.statement.setStyleSheet("QLabel { background: #f7f7f2; padding: 12px; font-size: 11pt; }")
        self.body.addWidget(self.statement)
        self.agreed_box = QCheckBox("All present agreed the confidentiality statement")
        self.agreed_box.toggled.connect(self._on_agreed_toggled)
        self.body.addWidget(self.agreed_box)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the wording from the settings and the stored agreement."""
        self.statement.setText(snap.confidentiality_statement)
        self.agreed_box.blockSignals(True)
        self.agreed_box.setChecked(snap.confidentiality_agreed)
        self.agreed_box.blockSignals(False)

    def first_field(self) -> QWidget:
        """Return the agreement tick."""
        return self.agreed_box

    @Slot(bool)
    def _on_agreed_toggled(self, checked: bool) -> None:
        ctx = self.ctx
        operation = SetFlag(ConferenceFlag.CONFIDENTIALITY_AGREED, ctx.conference_id, checked)
        ctx.saver.now(partial(chair_ops.apply, ctx.store, operation))


class IntroductionsPage(AgendaPage):
    """The attendance tick-list: present, apologies or absent; late arrival, early departure."""

    def build(self) -> None:
        """Add the tick-list and the "someone else is present" row."""
        self.add_section(ActualTimeSection(self.ctx, start=True))
        self.body.addWidget(hint("Who is present, their agency and role. Tick late arrivals and early departures."))
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.body.addWidget(self.grid_holder)
        extra = QHBoxLayout()
        self.extra_combo = QComboBox()
        self.extra_combo.setMinimumContentsLength(30)
        self.extra_button = QPushButton("Add as present")
        self.extra_button.clicked.connect(self._on_extra_clicked)
        extra.addWidget(plain("Also present (not invited):", wrap=False))
        extra.addWidget(self.extra_combo, 1)
        extra.addWidget(self.extra_button)
        self.body.addLayout(extra)
        self.first_radio: QRadioButton | None = None

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the rows from the stored invitations."""
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.first_radio = None
        for col, title in enumerate(("Name, agency and role", "Attendance", "", "")):
            if title:
                self.grid.addWidget(heading(title), 0, col)
        for row, invitee in enumerate(snap.invitees, start=1):
            self._add_row(row, invitee)
        invited = {i.contact_id for i in snap.invitees}
        self.extra_combo.clear()
        self.extra_combo.addItem("— choose from the directory —", None)
        for contact in list_contacts(self.ctx.store):
            if contact.id not in invited:
                self.extra_combo.addItem(contact.label, contact.id)

    def _add_row(self, row: int, invitee: InviteeRow) -> None:
        who = plain(" — ".join(x for x in (invitee.name, invitee.agency, invitee.role) if x))
        self.grid.addWidget(who, row, 0)
        choices = QWidget()
        box = QHBoxLayout(choices)
        box.setContentsMargins(0, 0, 0, 0)
        for value in ATTENDANCE_CHOICES:
            radio = QRadioButton(value.label)
            radio.setAccessibleName(f"{invitee.name}: {value.label}")
            radio.setChecked(invitee.attendance == value)
            radio.toggled.connect(partial(self._on_attendance_toggled, invitee.id, value))
            box.addWidget(radio)
            if self.first_radio is None:
                self.first_radio = radio
        self.grid.addWidget(choices, row, 1)
        for col, (label, field, ticked) in enumerate(
            (
                ("Late", InvitationFlag.ARRIVED_LATE, invitee.arrived_late),
                ("Left early", InvitationFlag.LEFT_EARLY, invitee.left_early),
            ),
            start=2,
        ):
            tick = QCheckBox(label)
            tick.setAccessibleName(f"{invitee.name}: {label.lower()}")
            tick.setChecked(ticked)
            tick.toggled.connect(partial(self._on_flag_toggled, invitee.id, field))
            self.grid.addWidget(tick, row, col)

    def first_field(self) -> QWidget | None:
        """Return the first attendance choice."""
        return self.first_radio

    def _on_attendance_toggled(self, invitation_id: int, value: Attendance, checked: bool) -> None:
        if checked:
            ctx = self.ctx
            ctx.saver.now(partial(chair_ops.apply, ctx.store, SetAttendance(invitation_id, value)))

    def _on_flag_toggled(self, invitation_id: int, field: InvitationFlag, checked: bool) -> None:
        ctx = self.ctx
        ctx.saver.now(partial(chair_ops.apply, ctx.store, SetFlag(field, invitation_id, checked)))

    @Slot()
    def _on_extra_clicked(self) -> None:
        contact_id = self.extra_combo.currentData()
        if contact_id is None:
            return
        ctx = self.ctx
        if ctx.saver.now(lambda: chair_edit.add_attendee(ctx.store, ctx.conference_id, contact_id)):
            self.structure_changed.emit()


class ApologiesPage(AgendaPage):
    """Who sent apologies (or was absent), and whether they sent a report."""

    def build(self) -> None:
        """Add the list of apologies."""
        self.body.addWidget(hint("Mark attendance under 1 Introductions; people marked as apologies appear here."))
        self.rows_holder = QWidget()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.rows_holder)
        self.first_tick: QCheckBox | None = None

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the rows from the stored attendance."""
        clear_layout(self.rows)
        self.first_tick = None
        away = [i for i in snap.invitees if i.attendance in (Attendance.APOLOGIES, Attendance.ABSENT)]
        if not away:
            self.rows.addWidget(plain("Nobody is recorded as sending apologies or being absent."))
        for invitee in away:
            line = QWidget()
            box = QHBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            status = "apologies" if invitee.attendance == Attendance.APOLOGIES else "absent"
            box.addWidget(plain(f"{invitee.name} — {invitee.agency} ({status})"), 1)
            tick = QCheckBox("Report submitted")
            tick.setAccessibleName(f"{invitee.name}: report submitted")
            tick.setChecked(invitee.report_submitted)
            tick.toggled.connect(partial(self._on_report_toggled, invitee.id))
            box.addWidget(tick, 0, Qt.AlignmentFlag.AlignRight)
            self.rows.addWidget(line)
            self.first_tick = self.first_tick or tick

    def first_field(self) -> QWidget | None:
        """Return the first "report submitted" tick."""
        return self.first_tick

    def _on_report_toggled(self, invitation_id: int, checked: bool) -> None:
        ctx = self.ctx
        operation = SetFlag(InvitationFlag.REPORT_SUBMITTED, invitation_id, checked)
        ctx.saver.now(partial(chair_ops.apply, ctx.store, operation))
