"""Chair-mode sections for the case record on the minute, placed on the agenda pages they belong to.

Each section shows a snapshot in ``fill`` and saves through typed operations
(:mod:`solodesk.services.chair_ops`, :mod:`solodesk.services.chair_record_ops`),
so every edit is audited by ids only. Tab reaches every field: the sections are
plain layouts the page's reading order walks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from functools import partial

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from solodesk.models import AddressOnMinute, LevelDecision
from solodesk.services import chair_edit, chair_ops
from solodesk.services.case_record import PairRow
from solodesk.services.chair_fields import (
    ConferenceText,
    ContingencyText,
    DiversityText,
    InvitationText,
    SubjectText,
    TextField,
)
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_record_ops import (
    SetActualEnd,
    SetActualStart,
    SetAddressOnMinute,
    SetLevelDecision,
    SetOrderEndsOn,
    SetSentencedOn,
)
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.store import CaseStore
from solodesk.ui.chair.fields import DateField, EnumCombo, TimeField, heading, hint, notes_edit, show_line, show_text
from solodesk.ui.chair.page import DeskContext, clear_layout, line_edit, plain
from solodesk.ui.chair.rows import RowFrame


class RecordSection(QWidget):
    """A block of fields on a page; ``fill`` shows a snapshot.

    Signals:
        structure_changed: rows were added or removed; the page refreshes.
    """

    structure_changed = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.snap: ConferenceSnapshot | None = None

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored values (override)."""
        self.snap = snap

    def _apply(self, *operations: chair_ops.ChairOperation) -> None:
        chair_ops.apply(self.ctx.store, *operations)

    def _apply_now(self, operation: chair_ops.ChairOperation) -> bool:
        return self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))


class ActualTimeSection(RecordSection):
    """When the meeting actually started (or ended), as a time field."""

    def __init__(self, ctx: DeskContext, start: bool) -> None:
        super().__init__(ctx)
        self.start = start
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.field = TimeField()
        label = "Meeting actually started" if start else "Meeting actually ended"
        self.field.setAccessibleName(label)
        ctx.saver.bind_value(self.field, self._save)
        form.addRow(label, self.field)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored time."""
        super().fill(snap)
        self.field.show_stored(snap.record.actual_start if self.start else snap.record.actual_end)

    def _save(self, value: object) -> None:
        assert value is None or isinstance(value, time)
        conference_id = self.ctx.conference_id
        self._apply(SetActualStart(conference_id, value) if self.start else SetActualEnd(conference_id, value))


class CaseRecordSection(RecordSection):
    """The subject's details the minute prints that the meeting often confirms: ethnicity, address, sentence."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(heading("Case record for the minute"))
        self.texts: dict[SubjectText, QLineEdit] = {}
        for field, label, placeholder in (
            (SubjectText.ETHNICITY, "Ethnicity", "As the person describes it, written out"),
            (SubjectText.ADDRESS_AREA, "Area of address", "The area, not the street (or area of closest links)"),
            (SubjectText.SENTENCE, "Sentence", "Type and length, e.g. 6 years, extended sentence"),
        ):
            edit = line_edit("", label, placeholder)
            ctx.saver.bind_line(edit, partial(self._save_text, field))
            self.texts[field] = edit
            form.addRow(label, edit)
        self.address = EnumCombo(AddressOnMinute, "Address on the minute")
        self.address.activated.connect(self._on_address_activated)
        form.addRow("Address on the minute", self.address)
        self.sentenced_on = DateField()
        self.sentenced_on.setAccessibleName("Date of sentence")
        ctx.saver.bind_value(self.sentenced_on, partial(self._save_date, True))
        form.addRow("Date of sentence", self.sentenced_on)
        self.order_ends_on = DateField()
        self.order_ends_on.setAccessibleName("Licence or order ends")
        ctx.saver.bind_value(self.order_ends_on, partial(self._save_date, False))
        form.addRow("Licence or order ends", self.order_ends_on)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the subject's stored record."""
        super().fill(snap)
        record = snap.record
        values = {
            SubjectText.ETHNICITY: record.ethnicity,
            SubjectText.ADDRESS_AREA: record.address_area,
            SubjectText.SENTENCE: record.sentence,
        }
        for field, edit in self.texts.items():
            show_line(edit, values[field])
        self.address.set_value(record.address_on_minute)
        self.sentenced_on.show_stored(record.sentenced_on)
        self.order_ends_on.show_stored(record.order_ends_on)

    def _subject_id(self) -> int:
        assert self.snap is not None
        return self.snap.subject_id

    def _save_text(self, field: SubjectText, text: str, base: str | None = None) -> None:
        self._apply(SetText(field, self._subject_id(), text, self.ctx.conference_id, base))

    def _save_date(self, sentence: bool, value: object) -> None:
        assert value is None or isinstance(value, date)
        subject_id, conference_id = self._subject_id(), self.ctx.conference_id
        if sentence:
            self._apply(SetSentencedOn(subject_id, value, conference_id))
        else:
            self._apply(SetOrderEndsOn(subject_id, value, conference_id))

    @Slot(int)
    def _on_address_activated(self, _index: int) -> None:
        self._apply_now(SetAddressOnMinute(self.ctx.conference_id, self.address.value()))


class AgencyUpdatesSection(RecordSection):
    """What each agency told the meeting: one box per invitee."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild one box per invitee, showing their stored update."""
        super().fill(snap)
        while self.form.rowCount():
            self.form.removeRow(0)  # deletes the row's widgets: the boxes are rebuilt for the invitees now
        self.form.addRow(heading("Agency updates"))
        self.form.addRow(hint("What each agency reported (information exchanged and considered)."))
        for invitee in snap.invitees:
            who = f"{invitee.name} ({invitee.agency})" if invitee.agency else invitee.name
            edit = notes_edit(f"Update from {who}", 70)
            edit.setAccessibleName(f"Agency update: {invitee.name}")
            show_text(edit, invitee.agency_update)
            self.ctx.saver.bind_text(edit, partial(self._save, invitee.id))
            self.form.addRow(plain(who), edit)

    def _save(self, invitation_id: int, text: str, base: str | None = None) -> None:
        self._apply(SetText(InvitationText.AGENCY_UPDATE, invitation_id, text, self.ctx.conference_id, base))


@dataclass(frozen=True)
class PairKind:
    """What a list of two-text rows holds, and how rows are added, edited and removed."""

    title: str
    explain: str
    first: tuple[TextField, str]
    second: tuple[TextField, str]
    row_kind: RowKind
    add: Callable[[CaseStore, int, str, str], int]
    rows: Callable[[ConferenceSnapshot], list[PairRow]]


DIVERSITY = PairKind(
    "Diversity needs and responses",
    "Each need identified (language, disability, faith, ...) and how the plan responds to it.",
    (DiversityText.NEED, "Need"),
    (DiversityText.RESPONSE, "Response"),
    RowKind.DIVERSITY_NEED,
    chair_edit.add_diversity_need,
    lambda snap: snap.record.diversity_needs,
)
CONTINGENCY = PairKind(
    "Contingency: warning signs and responses",
    "Each warning sign, and the response it triggers (who does what).",
    (ContingencyText.WARNING_SIGN, "Warning sign"),
    (ContingencyText.RESPONSE, "Response"),
    RowKind.CONTINGENCY,
    chair_edit.add_contingency,
    lambda snap: snap.record.contingencies,
)


class PairsSection(RecordSection):
    """A list of two-text rows (need → response, warning sign → response) with an add row."""

    def __init__(self, ctx: DeskContext, kind: PairKind) -> None:
        super().__init__(ctx)
        self.kind = kind
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(heading(kind.title), 0, 0, 1, 4)
        self.grid.addWidget(hint(kind.explain), 1, 0, 1, 4)
        self.rows_holder = QFrame()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.rows_holder, 2, 0, 1, 4)
        first, second = kind.first[1], kind.second[1]
        self.new_first = line_edit("", f"New {first.lower()}", first)
        self.new_second = line_edit("", f"New {first.lower()}: {second.lower()}", second)
        self.new_first.returnPressed.connect(self.add_row)
        self.new_second.returnPressed.connect(self.add_row)
        self.add_button = QPushButton(f"Add {first.lower()}")
        self.add_button.clicked.connect(self.add_row)
        self.grid.addWidget(self.new_first, 3, 0, 1, 2)
        self.grid.addWidget(self.new_second, 3, 2)
        self.grid.addWidget(self.add_button, 3, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the rows from the store."""
        super().fill(snap)
        clear_layout(self.rows)
        name = self.kind.first[1].lower()
        for number, row in enumerate(self.kind.rows(snap), start=1):
            frame = RowFrame(f"{self.kind.first[1]} {number}")
            grid = frame.grid()
            grid.addWidget(QLabel(f"<b>{number}.</b>"), 0, 0)
            for column, (field, label), value in ((1, self.kind.first, row.first), (2, self.kind.second, row.second)):
                edit = line_edit(value, f"{label} {number}" if column == 1 else f"{name} {number}: {label.lower()}")
                self.ctx.saver.bind_line(edit, partial(self._save, field, row.id))
                grid.addWidget(edit, 0, column)
                grid.setColumnStretch(column, 1)
                if column == 1:
                    frame.set_editor(edit)
            remove = QPushButton("Remove")
            remove.setAccessibleName(f"Remove {name} {number}")
            remove.clicked.connect(partial(self._remove, row.id, f"{name} {number}"))
            frame.set_remove(f"{name} {number}", remove.click)
            grid.addWidget(remove, 0, 3)
            self.rows.addWidget(frame)

    @Slot()
    def add_row(self) -> None:
        """Add the row typed in the add line, then clear it for the next one."""
        first, second = self.new_first.text(), self.new_second.text()
        if not first.strip():
            self.new_first.setFocus()
            return
        ctx = self.ctx
        if ctx.saver.now(lambda: self.kind.add(ctx.store, ctx.conference_id, first, second)):
            self.new_first.clear()
            self.new_second.clear()
            self.structure_changed.emit()
            self.new_first.setFocus()

    def _save(self, field: TextField, record_id: int, text: str, base: str | None = None) -> None:
        self._apply(SetText(field, record_id, text, self.ctx.conference_id, base))

    def _remove(self, record_id: int, label: str) -> None:
        if self.ctx.removals.remove(self.kind.row_kind, record_id, label):
            self.structure_changed.emit()


class LevelSection(RecordSection):
    """The MAPPA level decision and its reason; for a non-MAPPA subject, how the case is managed."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = heading("MAPPA level decision")
        form.addRow(self.title)
        self.current = hint("")
        form.addRow(self.current)
        self.decision = EnumCombo(LevelDecision, "Level decision", none_label="Not decided")
        self.decision.activated.connect(self._on_decision_activated)
        self.decision_label = QLabel("Level")
        form.addRow(self.decision_label, self.decision)
        self.reason = notes_edit("Why the level was set, kept, raised or lowered.", 80)
        self.reason.setAccessibleName("Level decision reason")
        ctx.saver.bind_text(self.reason, self._save_reason)
        self.reason_label = QLabel("Reason")
        form.addRow(self.reason_label, self.reason)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the decision, worded for a MAPPA or a non-MAPPA subject."""
        super().fill(snap)
        record = snap.record
        managed = record.mappa_managed
        self.title.setText("<b>MAPPA level decision</b>" if managed else "<b>How the case is managed</b>")
        if managed:
            level = record.management_level.label if record.management_level else "level not set"
            self.current.setText(f"{record.mappa_category.label}; {level} (change it on the case form).")
        else:
            self.current.setText("Not managed under MAPPA: say how the case is managed instead of a level.")
        for widget in (self.decision, self.decision_label):
            widget.setVisible(managed)
        self.reason_label.setText("Reason" if managed else "How it is managed")
        self.reason.setAccessibleName("Level decision reason" if managed else "How the case is managed")
        self.decision.set_value(record.level_decision)
        if record.level_decision is None:
            self.decision.setCurrentIndex(0)
        show_text(self.reason, record.level_reason)

    @Slot(int)
    def _on_decision_activated(self, _index: int) -> None:
        self._apply_now(SetLevelDecision(self.ctx.conference_id, self.decision.value()))

    def _save_reason(self, text: str, base: str | None = None) -> None:
        self._apply(SetText(ConferenceText.LEVEL_REASON, self.ctx.conference_id, text, base=base))


class ExitCriteriaSection(RecordSection):
    """What must be true for the case to leave these arrangements."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(heading("Exit criteria"))
        self.text = notes_edit("What must be true for the case to leave these arrangements.", 80)
        self.text.setAccessibleName("Exit criteria")
        ctx.saver.bind_text(self.text, self._save)
        form.addRow(self.text)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored exit criteria."""
        super().fill(snap)
        show_text(self.text, snap.record.exit_criteria)

    def _save(self, text: str, base: str | None = None) -> None:
        self._apply(SetText(ConferenceText.EXIT_CRITERIA, self.ctx.conference_id, text, base=base))
