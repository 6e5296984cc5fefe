"""3 Minute of last meeting, 4 Purpose of meeting and 8 Next meeting."""

from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import ActionStatus, ReasonForConvening
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_ops import (
    ConferenceText,
    SetNextDate,
    SetNextTime,
    SetPreviousMinuteAccurate,
    SetReasons,
    SetText,
)
from solodesk.services.chair_view import ActionRow, ConferenceSnapshot
from solodesk.ui.chair.fields import (
    DateField,
    EnumCombo,
    TimeField,
    format_date,
    heading,
    hint,
    notes_edit,
    show_line,
    show_text,
)
from solodesk.ui.chair.page import AgendaPage, clear_layout, line_edit, plain
from solodesk.ui.chair.record_dates import RelevantDatesSection
from solodesk.ui.chair.record_hospital import HospitalSection
from solodesk.ui.chair.record_sections import (
    ActualTimeSection,
    AgencyUpdatesSection,
    CaseRecordSection,
    ExitCriteriaSection,
)
from solodesk.ui.chair.rows import RowFrame

_ACCURACY = ((None, "Not yet taken"), (True, "Agreed as accurate"), (False, "Amendments needed"))


class PreviousMinutePage(AgendaPage):
    """Accuracy of the last minute, matters arising, and the outcome of every earlier action."""

    notes_title = "Matters arising and notes"

    def build(self) -> None:
        """Add accuracy, amendments and the list of earlier actions."""
        self.none_label = hint("This is the first conference for this subject: there is no previous minute.")
        self.body.addWidget(self.none_label)
        self.section = QWidget()
        box = QVBoxLayout(self.section)
        box.setContentsMargins(0, 0, 0, 0)
        self.previous_label = plain("")
        box.addWidget(self.previous_label)
        choice = QHBoxLayout()
        self.accuracy = QButtonGroup(self)
        self.accuracy_buttons: dict[bool | None, QRadioButton] = {}
        for value, label in _ACCURACY:
            radio = QRadioButton(label)
            self.accuracy.addButton(radio)
            self.accuracy_buttons[value] = radio
            radio.toggled.connect(partial(self._on_accuracy_toggled, value))
            choice.addWidget(radio)
        choice.addStretch(1)
        box.addLayout(choice)
        self.amendments = notes_edit("The amendments agreed to the last minute.", 80)
        self.amendments.setAccessibleName("Amendments to the last minute")
        self.ctx.saver.bind_text(self.amendments, self._save_amendments)
        box.addWidget(self.amendments)
        box.addWidget(heading("Actions from the last plan"))
        box.addWidget(hint("Record an outcome for every action: its status and what happened."))
        self.rows_holder = QWidget()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.rows_holder)
        self.body.addWidget(self.section)
        self.row_status: list[QWidget] = []  # Each earlier action's status, where a warning about it leads.

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored accuracy, amendments and outcomes."""
        has_previous = snap.previous_conference_id is not None or bool(snap.previous_actions)
        self.none_label.setVisible(not has_previous)
        self.section.setVisible(has_previous)
        self.previous_label.setText(f"Previous: {snap.previous_label}" if snap.previous_label else "")
        for value, radio in self.accuracy_buttons.items():
            radio.blockSignals(True)
            radio.setChecked(value == snap.previous_minute_accurate)
            radio.blockSignals(False)
        show_text(self.amendments, snap.previous_minute_amendments)
        self.amendments.setEnabled(snap.previous_minute_accurate is False)
        clear_layout(self.rows)
        self.row_status = []
        for number, action in enumerate(snap.previous_actions, start=1):
            self.rows.addWidget(self._action_row(number, action))
        if not snap.previous_actions:
            self.rows.addWidget(plain("No actions from the last plan are waiting for an outcome."))

    def _action_row(self, number: int, action: ActionRow) -> QWidget:
        frame = RowFrame(f"Earlier action {number}")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(6, 4, 6, 4)
        due = format_date(action.due_date) or "no date"
        waiting = "" if action.reviewed_here else "  — awaiting outcome"
        layout.addWidget(plain(f"{number}. {action.description}"))
        layout.addWidget(
            hint(f"{action.owner_name or 'No owner'}, {action.agency_name or 'no agency'}; due {due}{waiting}")
        )
        line = QHBoxLayout()
        status = EnumCombo(ActionStatus, f"Action {number} status")
        status.set_value(action.status)
        status.activated.connect(partial(self._on_status_activated, action.id, status))
        outcome = line_edit(action.outcome, f"Action {number} outcome", "Outcome: what was done, or why not")
        self.ctx.saver.bind_line(outcome, partial(self._save_outcome, action.id))
        frame.set_editor(outcome)
        line.addWidget(status)
        line.addWidget(outcome, 1)
        layout.addLayout(line)
        self.row_status.append(status)
        return frame

    def focus_row(self, row: int) -> None:
        """Put the cursor on the status of an action from the last plan (numbered from 1)."""
        if 1 <= row <= len(self.row_status):
            target = self.row_status[row - 1]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(target)

    def first_field(self) -> QWidget | None:
        """Return the accuracy choice."""
        return self.accuracy_buttons[None] if self.section.isVisible() else None

    def _on_accuracy_toggled(self, value: bool | None, checked: bool) -> None:
        if not checked:
            return
        self.amendments.setEnabled(value is False)
        ctx = self.ctx
        ctx.saver.now(partial(chair_ops.apply, ctx.store, SetPreviousMinuteAccurate(ctx.conference_id, value)))

    def _save_amendments(self, text: str, base: str | None = None) -> None:
        field = ConferenceText.PREVIOUS_MINUTE_AMENDMENTS
        chair_ops.apply(self.ctx.store, SetText(field, self.ctx.conference_id, text, base=base))

    def _on_status_activated(self, action_id: int, combo: EnumCombo, _index: int) -> None:
        value = combo.value()
        ctx = self.ctx
        ctx.saver.now(lambda: chair_edit.record_outcome(ctx.store, ctx.conference_id, action_id, status=value))

    def _save_outcome(self, action_id: int, text: str, base: str | None = None) -> None:
        chair_edit.record_outcome(self.ctx.store, self.ctx.conference_id, action_id, outcome=text, base=base)


class PurposePage(AgendaPage):
    """The reasons for convening, editable, and the purpose notes."""

    def build(self) -> None:
        """Add the reasons and the free-text reason."""
        self.kind_label = plain("")
        self.body.addWidget(self.kind_label)
        self.body.addWidget(heading("Reasons for convening"))
        self.reason_boxes: dict[ReasonForConvening, QCheckBox] = {}
        for reason in ReasonForConvening:
            box = QCheckBox(reason.label)
            box.toggled.connect(self._on_reason_toggled)
            self.reason_boxes[reason] = box
            self.body.addWidget(box)
        self.other = notes_edit("Other reasons or details (e.g. Circular 18 notification received).", 80)
        self.other.setAccessibleName("Other reasons for convening")
        self.ctx.saver.bind_text(self.other, self._save_other)
        self.body.addWidget(self.other)

    def build_after_notes(self) -> None:
        """Add the case record and the agency updates after the notes (the notes stay near the top)."""
        self.add_section(CaseRecordSection(self.ctx))
        self.add_section(RelevantDatesSection(self.ctx))
        self.add_section(HospitalSection(self.ctx))
        self.add_section(AgencyUpdatesSection(self.ctx))

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored reasons."""
        self.kind_label.setText(f"{snap.kind.label} conference about {snap.subject_name}.")
        for reason, box in self.reason_boxes.items():
            box.blockSignals(True)
            box.setChecked(reason in snap.reasons)
            box.blockSignals(False)
        show_text(self.other, snap.reasons_other)

    def first_field(self) -> QWidget:
        """Return the first reason."""
        return next(iter(self.reason_boxes.values()))

    @Slot(bool)
    def _on_reason_toggled(self, _checked: bool) -> None:
        chosen = frozenset(r for r, box in self.reason_boxes.items() if box.isChecked())
        ctx = self.ctx
        ctx.saver.now(partial(chair_ops.apply, ctx.store, SetReasons(ctx.conference_id, chosen)))

    def _save_other(self, text: str, base: str | None = None) -> None:
        field = ConferenceText.REASONS_OTHER
        chair_ops.apply(self.ctx.store, SetText(field, self.ctx.conference_id, text, base=base))


class NextMeetingPage(AgendaPage):
    """The next date, time and venue, or the decision not to reconvene and why."""

    QUICK = (("6 weeks", 42), ("3 months", 91), ("6 months", 182))

    def build(self) -> None:
        """Add the two choices and their fields."""
        self.meeting_date: date | None = None
        self.meeting_venue = ""
        choice = QHBoxLayout()
        self.reconvene = QRadioButton("Reconvene")
        self.not_reconvene = QRadioButton("Do not reconvene")
        group = QButtonGroup(self)
        group.addButton(self.reconvene)
        group.addButton(self.not_reconvene)
        self.reconvene.toggled.connect(self._on_mode_toggled)
        choice.addWidget(self.reconvene)
        choice.addWidget(self.not_reconvene)
        choice.addStretch(1)
        self.body.addLayout(choice)
        self.when = QWidget()
        form = QFormLayout(self.when)
        dates = QHBoxLayout()
        self.next_date = DateField()
        self.next_date.setAccessibleName("Next meeting date")
        self.ctx.saver.bind_value(self.next_date, self._save_date)
        dates.addWidget(self.next_date)
        for label, days in self.QUICK:
            button = QPushButton(f"in {label}")
            button.clicked.connect(partial(self._on_quick_clicked, days))
            dates.addWidget(button)
        dates.addStretch(1)
        form.addRow("Date", dates)
        self.next_time = TimeField()
        self.next_time.setAccessibleName("Next meeting time")
        self.ctx.saver.bind_value(self.next_time, self._save_time)
        form.addRow("Time", self.next_time)
        venue = QHBoxLayout()
        self.next_venue = QLineEdit()
        self.next_venue.setAccessibleName("Next meeting venue")
        self.ctx.saver.bind_line(self.next_venue, partial(self._save, ConferenceText.NEXT_VENUE))
        same = QPushButton("Same venue")
        same.clicked.connect(self._on_same_venue_clicked)
        venue.addWidget(self.next_venue, 1)
        venue.addWidget(same)
        form.addRow("Venue", venue)
        self.body.addWidget(self.when)
        self.body.addWidget(heading("Decision not to reconvene"))
        self.reason = notes_edit("Why the group decided not to meet again.", 80)
        self.reason.setAccessibleName("Reason for not reconvening")
        self.ctx.saver.bind_text(self.reason, partial(self._save, ConferenceText.NOT_RECONVENING_REASON))
        self.body.addWidget(self.reason)
        self.add_section(ExitCriteriaSection(self.ctx))
        self.add_section(ActualTimeSection(self.ctx, start=False))

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored next meeting or decision."""
        self.meeting_date = snap.meeting_date
        self.meeting_venue = snap.venue
        not_meeting = snap.next_date is None and bool(snap.not_reconvening_reason.strip())
        for radio, on in ((self.reconvene, not not_meeting), (self.not_reconvene, not_meeting)):
            radio.blockSignals(True)
            radio.setChecked(on)
            radio.blockSignals(False)
        self.next_date.show_stored(snap.next_date)
        self.next_time.show_stored(snap.next_time)
        show_line(self.next_venue, snap.next_venue)
        show_text(self.reason, snap.not_reconvening_reason)
        self._show_mode(not not_meeting)

    def first_field(self) -> QWidget:
        """Return the reconvene choice."""
        return self.reconvene

    def _show_mode(self, reconvening: bool) -> None:
        self.when.setEnabled(reconvening)
        self.reason.setEnabled(not reconvening)

    def _save(self, field: ConferenceText, text: str, base: str | None = None) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, self.ctx.conference_id, text, base=base))

    def _save_date(self, value: object) -> None:
        chair_ops.apply(self.ctx.store, SetNextDate(self.ctx.conference_id, value))  # type: ignore[arg-type]

    def _save_time(self, value: object) -> None:
        chair_ops.apply(self.ctx.store, SetNextTime(self.ctx.conference_id, value))  # type: ignore[arg-type]

    @Slot(bool)
    def _on_mode_toggled(self, reconvening: bool) -> None:
        self._show_mode(reconvening)
        if not reconvening:
            # A decision not to meet again replaces any date typed before.
            self.next_date.set_value(None)
            self.next_time.set_value(None)
            cleared = (SetNextDate(self.ctx.conference_id, None), SetNextTime(self.ctx.conference_id, None))
            self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, *cleared))
            self.reason.setFocus()

    def _on_quick_clicked(self, days: int) -> None:
        chosen = (self.meeting_date or date.today()) + timedelta(days=days)
        self.next_date.set_value(chosen)
        self.ctx.saver.now(lambda: self._save_date(chosen))

    @Slot()
    def _on_same_venue_clicked(self) -> None:
        self.next_venue.setText(self.meeting_venue)
        venue = self.meeting_venue
        self.ctx.saver.now(lambda: self._save(ConferenceText.NEXT_VENUE, venue))
