"""5 Victim issues and 6 Assessment of risk."""

from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgendaItem, RiskLevel, VictimKind
from solodesk.services import chair_edit, chair_ops, clearance
from solodesk.services.chair_ops import (
    AssessmentFlag,
    AssessmentText,
    ConferenceText,
    SetAssessedOn,
    SetFlag,
    SetRiskLevel,
    SetText,
    SetVictimKind,
    VictimFlag,
    VictimText,
)
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import AssessmentRow, ConferenceSnapshot, VictimRow
from solodesk.ui.chair.audience_dialog import ask_audience
from solodesk.ui.chair.fields import (
    FOCUS_COLOUR,
    DateField,
    EnumCombo,
    format_date,
    heading,
    hint,
    notes_edit,
    show_text,
)
from solodesk.ui.chair.page import AgendaPage, clear_layout, line_edit, plain
from solodesk.ui.chair.record_sections import DIVERSITY, PairsSection

TOOLS = ("Risk Matrix 2000", "Stable & Acute 2007", "RSVP", "SA07", "LS/CMI", "AIM3 (young people)", "ERASOR")
BANDS = ("", "Low", "Medium", "High", "Very high")
_VICTIM_TEXT = (
    (VictimText.DESCRIPTION, "Description", "Who they are (age, not name where possible)"),
    (VictimText.RELATIONSHIP, "Relationship", "Relationship to the subject"),
    (VictimText.WHERE_THEY_LIVE, "Where they live", "Area or address (restricted)"),
    (VictimText.EXCLUSION_AREA, "Exclusion area", "Streets or areas the subject must avoid"),
    (VictimText.CONTACT_RESTRICTIONS, "Contact restrictions", "No contact, direct or indirect…"),
    (VictimText.SAFETY_MEASURES, "Safety measures", "What will keep them safe"),
)


def _row_frame() -> tuple[QFrame, QGridLayout]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    grid = QGridLayout(frame)
    grid.setContentsMargins(6, 4, 6, 4)
    return frame, grid


class VictimIssuesPage(AgendaPage):
    """Known and potential victims, structured, plus notes and restricted notes."""

    def build(self) -> None:
        """Add the victims list and the add buttons."""
        self.body.addWidget(hint("Victim details are restricted: the chair alone sees them until you say who may."))
        self.rows_holder = QWidget()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.rows_holder)
        buttons = QHBoxLayout()
        self.add_known = QPushButton("Add known victim")
        self.add_potential = QPushButton("Add potential victim")
        self.add_known.clicked.connect(partial(self._on_add_clicked, VictimKind.KNOWN))
        self.add_potential.clicked.connect(partial(self._on_add_clicked, VictimKind.POTENTIAL))
        buttons.addWidget(self.add_known)
        buttons.addWidget(self.add_potential)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.focus_victim: QWidget | None = None

    def build_after_notes(self) -> None:
        """Add the restricted notes after the open notes."""
        self.body.addWidget(heading("Restricted notes (only the people you choose, and the chair)"))
        self.restricted = notes_edit("Police intelligence, addresses… shown only to the people you choose.", 80)
        self.restricted.setAccessibleName("Restricted notes")
        self.restricted.setStyleSheet(
            f"QPlainTextEdit {{ border: 2px solid #a31515; }} QPlainTextEdit:focus {{ border-color: {FOCUS_COLOUR}; }}"
        )
        self.ctx.saver.bind_text(self.restricted, self._save_restricted)
        self.body.addWidget(self.restricted)
        self.audience_button = QPushButton("Who may see the restricted notes…")
        self.audience_button.clicked.connect(self._ask_notes_audience)
        self.body.addWidget(self.audience_button)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the victims from the store."""
        clear_layout(self.rows)
        self.focus_victim = None
        for number, victim in enumerate(snap.victims, start=1):
            self.rows.addWidget(self._victim_frame(number, victim))
        if not snap.victims:
            self.rows.addWidget(plain("No victims recorded yet."))
        show_text(self.restricted, snap.note(AgendaItem.VICTIM_ISSUES).restricted_notes)

    def _victim_frame(self, number: int, victim: VictimRow) -> QFrame:
        frame, grid = _row_frame()
        kind = EnumCombo(VictimKind, f"Victim {number} kind", suffix=" victim")
        kind.set_value(victim.kind)
        kind.activated.connect(partial(self._on_kind_activated, victim.id, kind))
        grid.addWidget(QLabel(f"<b>Victim {number}</b>"), 0, 0)
        grid.addWidget(kind, 0, 1)
        flags = QHBoxLayout()
        for flag, label, ticked in (
            (VictimFlag.CHILD_PROTECTION, "Child protection", victim.child_protection),
            (VictimFlag.RESTRICTED, "Restricted", victim.restricted),
        ):
            tick = QCheckBox(label)
            tick.setAccessibleName(f"Victim {number}: {label.lower()}")
            tick.setChecked(ticked)
            tick.toggled.connect(partial(self._on_flag_toggled, number, victim.id, flag))
            flags.addWidget(tick)
        who = QPushButton("Who may see it…")
        who.setAccessibleName(f"Victim {number}: who may see it")
        who.clicked.connect(partial(self._ask_audience, f"victim:{victim.id}", f"Victim {number}"))
        flags.addWidget(who)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove victim {number}")
        remove.clicked.connect(partial(self._on_remove_clicked, number, victim.id))
        flags.addStretch(1)
        flags.addWidget(remove)
        grid.addLayout(flags, 0, 2, 1, 2)
        for index, (field, label, placeholder) in enumerate(_VICTIM_TEXT):
            value = getattr(victim, "relationship" if field is VictimText.RELATIONSHIP else field.value)
            edit = line_edit(value, f"Victim {number}: {label.lower()}", placeholder)
            self.ctx.saver.bind_line(edit, partial(self._save_field, victim.id, field))
            row, col = 1 + index // 2, (index % 2) * 2
            grid.addWidget(QLabel(label), row, col)
            grid.addWidget(edit, row, col + 1)
            if index == 0:
                self.focus_victim = edit  # The last victim's description: where a new victim is typed.
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    def first_field(self) -> QWidget:
        """Return the last victim's description, or the add button."""
        return self.focus_victim or self.add_known

    def _save_field(self, victim_id: int, field: VictimText, text: str) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, victim_id, text))

    def _save_restricted(self, text: str) -> None:
        chair_edit.save_note(self.ctx.store, self.ctx.conference_id, AgendaItem.VICTIM_ISSUES, restricted_notes=text)

    def _on_kind_activated(self, victim_id: int, combo: EnumCombo, _index: int) -> None:
        value = combo.value()
        self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, SetVictimKind(victim_id, value)))

    def _ask_audience(self, key: str, label: str) -> None:
        ask_audience(self.ctx.store, key, label, self.window())

    @Slot()
    def _ask_notes_audience(self) -> None:
        key = clearance.note_key(self.ctx.store, self.ctx.conference_id, AgendaItem.VICTIM_ISSUES)
        self._ask_audience(key, "The restricted notes of item 5")

    def _on_flag_toggled(self, number: int, victim_id: int, field: VictimFlag, checked: bool) -> None:
        self.ctx.removals.set_flag(SetFlag(field, victim_id, checked), f"victim {number}")

    def _on_add_clicked(self, kind: VictimKind) -> None:
        ctx = self.ctx
        self.focus_victim = None
        if ctx.saver.now(lambda: chair_edit.add_victim(ctx.store, ctx.conference_id, kind)):
            self.structure_changed.emit()
            if self.focus_victim is not None:
                self.focus_victim.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_remove_clicked(self, number: int, victim_id: int) -> None:
        if self.ctx.removals.remove(RowKind.VICTIM, victim_id, f"victim {number}"):
            self.structure_changed.emit()


class RiskPage(AgendaPage):
    """Tools and bands, dynamic factors, who is at risk, the agreed level and its rationale."""

    def build(self) -> None:
        """Add the assessments list and the judgement fields."""
        self.body.addWidget(heading("Risk assessment tools"))
        self.earlier = hint("")
        self.body.addWidget(self.earlier)
        self.rows_holder = QWidget()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.rows_holder)
        add = QHBoxLayout()
        self.add_button = QPushButton("Add assessment")
        self.add_button.clicked.connect(self._on_add_clicked)
        add.addWidget(self.add_button)
        add.addStretch(1)
        self.body.addLayout(add)
        self.texts: dict[ConferenceText, QPlainTextEdit] = {}
        for field, label, placeholder in (
            (ConferenceText.DYNAMIC_FACTORS, "Dynamic factors", "Factors that raise or lower the risk now"),
            (ConferenceText.WHO_IS_AT_RISK, "Who is at risk", "Known children, known adults, the public, staff…"),
        ):
            self.body.addWidget(heading(label))
            edit = notes_edit(placeholder, 70)
            edit.setAccessibleName(label)
            self.ctx.saver.bind_text(edit, partial(self._save, field))
            self.body.addWidget(edit)
            self.texts[field] = edit
        level = QHBoxLayout()
        level.addWidget(heading("Agreed level of risk"))
        self.level = EnumCombo(RiskLevel, "Agreed level of risk", none_label="— not agreed —")
        self.level.activated.connect(self._on_level_activated)
        level.addWidget(self.level)
        level.addStretch(1)
        self.body.addLayout(level)
        self.rationale = notes_edit("Why the group agreed this level (defensible decision).", 70)
        self.rationale.setAccessibleName("Rationale for the agreed level")
        self.ctx.saver.bind_text(self.rationale, partial(self._save, ConferenceText.RISK_RATIONALE))
        self.body.addWidget(self.rationale)
        self.texts[ConferenceText.RISK_RATIONALE] = self.rationale
        self.add_section(PairsSection(self.ctx, DIVERSITY))

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored assessments and judgement."""
        earlier = "; ".join(
            f"{a.tool} ({format_date(a.assessed_on) or 'undated'}): {a.reconviction_band or '—'} / {a.harm_band or '—'}"
            for a in snap.earlier_assessments
        )
        self.earlier.setText(f"Earlier: {earlier}" if earlier else "No earlier assessments on record.")
        clear_layout(self.rows)
        for number, row in enumerate(snap.assessments, start=1):
            self.rows.addWidget(self._assessment_frame(number, row))
        values = {
            ConferenceText.DYNAMIC_FACTORS: snap.dynamic_factors,
            ConferenceText.WHO_IS_AT_RISK: snap.who_is_at_risk,
            ConferenceText.RISK_RATIONALE: snap.risk_rationale,
        }
        for field, edit in self.texts.items():
            show_text(edit, values[field])
        self.level.set_value(snap.risk_level)

    def _assessment_frame(self, number: int, row: AssessmentRow) -> QFrame:
        frame, grid = _row_frame()
        tool = QComboBox()
        tool.setEditable(True)
        tool.addItems(TOOLS)
        tool.setCurrentText(row.tool)
        tool.setAccessibleName(f"Assessment {number} tool")
        tool.currentTextChanged.connect(partial(self._on_tool_changed, row.id))
        assessed = DateField()
        assessed.set_value(row.assessed_on)
        assessed.setAccessibleName(f"Assessment {number} date")
        self.ctx.saver.bind_value(assessed, partial(self._save_assessed_on, row.id))
        grid.addWidget(tool, 0, 0, 1, 2)
        grid.addWidget(QLabel("Date"), 0, 2)
        grid.addWidget(assessed, 0, 3)
        for col, (field, label, value) in enumerate(
            (
                (AssessmentText.RECONVICTION_BAND, "Reconviction", row.reconviction_band),
                (AssessmentText.HARM_BAND, "Harm", row.harm_band),
            )
        ):
            band = QComboBox()
            band.setEditable(True)
            band.addItems(BANDS)
            band.setCurrentText(value)
            band.setAccessibleName(f"Assessment {number}: risk of {label.lower()}")
            band.currentTextChanged.connect(partial(self._on_band_changed, row.id, field))
            grid.addWidget(QLabel(label), 1, col * 2)
            grid.addWidget(band, 1, col * 2 + 1)
        for line, (field, label, value) in enumerate(
            (
                (AssessmentText.ASSESSOR, "Assessor", row.assessor),
                (AssessmentText.RESULT, "Result", row.result),
                (AssessmentText.NOTES, "Notes", row.notes),
            ),
            start=2,
        ):
            edit = line_edit(value, f"Assessment {number}: {label.lower()}")
            self.ctx.saver.bind_line(edit, partial(self._save_assessment, row.id, field))
            grid.addWidget(QLabel(label), line, 0)
            grid.addWidget(edit, line, 1, 1, 3)
        restricted = QCheckBox("Restricted")
        restricted.setChecked(row.restricted)
        restricted.setAccessibleName(f"Assessment {number}: restricted")
        restricted.toggled.connect(partial(self._on_restricted_toggled, number, row.id))
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove assessment {number}")
        remove.clicked.connect(partial(self._on_remove_clicked, number, row.id))
        grid.addWidget(restricted, 0, 4)
        grid.addWidget(remove, 0, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    def first_field(self) -> QWidget:
        """Return the add button."""
        return self.add_button

    def _save(self, field: ConferenceText, text: str) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, self.ctx.conference_id, text))

    def _save_assessment(self, assessment_id: int, field: AssessmentText, text: str) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, assessment_id, text))

    def _save_assessed_on(self, assessment_id: int, value: object) -> None:
        chair_ops.apply(self.ctx.store, SetAssessedOn(assessment_id, value))  # type: ignore[arg-type]

    def _on_tool_changed(self, assessment_id: int, text: str) -> None:
        if text.strip():
            save = partial(self._save_assessment, assessment_id, AssessmentText.TOOL, text)
            self.ctx.saver.queue((AssessmentText.TOOL, assessment_id), save)

    def _on_band_changed(self, assessment_id: int, field: AssessmentText, text: str) -> None:
        self.ctx.saver.queue((field, assessment_id), partial(self._save_assessment, assessment_id, field, text))

    def _on_restricted_toggled(self, number: int, assessment_id: int, checked: bool) -> None:
        self.ctx.removals.set_flag(SetFlag(AssessmentFlag.RESTRICTED, assessment_id, checked), f"assessment {number}")

    @Slot(int)
    def _on_level_activated(self, _index: int) -> None:
        operation = SetRiskLevel(self.ctx.conference_id, self.level.value())
        self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))

    @Slot()
    def _on_add_clicked(self) -> None:
        ctx = self.ctx
        if ctx.saver.now(lambda: chair_edit.add_assessment(ctx.store, ctx.conference_id)):
            self.structure_changed.emit()

    def _on_remove_clicked(self, number: int, assessment_id: int) -> None:
        if self.ctx.removals.remove(RowKind.ASSESSMENT, assessment_id, f"assessment {number}"):
            self.structure_changed.emit()
