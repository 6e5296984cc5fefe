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
from solodesk.services import chair_edit, chair_ops, risk_tools
from solodesk.services.chair_ops import (
    AssessmentFlag,
    AssessmentText,
    ConferenceText,
    SetAssessedOn,
    SetAssessmentScale,
    SetFlag,
    SetRiskLevel,
    SetText,
    SetVictimKind,
    VictimFlag,
    VictimText,
)
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import AssessmentRow, ConferenceSnapshot, VictimRow
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
        self.body.addWidget(hint("Victim details are restricted by default: only cleared recipients see them."))
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
        self.body.addWidget(heading("Restricted notes (cleared recipients only)"))
        self.restricted = notes_edit("Police intelligence, addresses… shown only to cleared recipients.", 80)
        self.restricted.setAccessibleName("Restricted notes")
        self.restricted.setStyleSheet(
            f"QPlainTextEdit {{ border: 2px solid #a31515; }} QPlainTextEdit:focus {{ border-color: {FOCUS_COLOUR}; }}"
        )
        self.ctx.saver.bind_text(self.restricted, self._save_restricted)
        self.body.addWidget(self.restricted)

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
        self.tool_combos: list[QComboBox] = []  # Each assessment's tool, where a warning about it leads.
        self.first_scales: list[QWidget] = []
        self.refocus_tool = 0  # The assessment whose tool was just changed (its row is rebuilt).
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

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the stored assessments and judgement."""
        earlier = "; ".join(
            f"{a.tool} ({format_date(a.assessed_on) or 'undated'}): "
            + (", ".join(f"{r.label} {r.value}" for r in risk_tools.scale_results(a.tool, a.results)) or "—")
            for a in snap.earlier_assessments
        )
        self.earlier.setText(f"Earlier: {earlier}" if earlier else "No earlier assessments on record.")
        clear_layout(self.rows)
        self.tool_combos = []
        self.first_scales = []
        for number, row in enumerate(snap.assessments, start=1):
            self.rows.addWidget(self._assessment_frame(number, row))
        if 1 <= self.refocus_tool <= len(self.first_scales):
            # The tool changed: its own scales are the next thing to fill in.
            self.first_scales[self.refocus_tool - 1].setFocus(Qt.FocusReason.OtherFocusReason)
        self.refocus_tool = 0
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
        tool.addItems(risk_tools.tool_names())
        tool.setCurrentText(row.tool)
        tool.setAccessibleName(f"Assessment {number} tool")
        tool.setToolTip("Choose a tool, or type the name of another one.")
        tool.currentTextChanged.connect(partial(self._on_tool_changed, row.id))
        tool.activated.connect(partial(self._on_tool_chosen, number, row.tool, tool))
        line = tool.lineEdit()
        if line is not None:
            line.editingFinished.connect(partial(self._on_tool_chosen, number, row.tool, tool, 0))
        self.tool_combos.append(tool)
        assessed = DateField()
        assessed.set_value(row.assessed_on)
        assessed.setAccessibleName(f"Assessment {number} date")
        self.ctx.saver.bind_value(assessed, partial(self._save_assessed_on, row.id))
        grid.addWidget(tool, 0, 0, 1, 2)
        grid.addWidget(QLabel("Date"), 0, 2)
        grid.addWidget(assessed, 0, 3)
        known = risk_tools.tool_named(row.tool)
        about = f"{known.name}: for {known.applies_to}." if known is not risk_tools.OTHER else "Another tool."
        grid.addWidget(hint(about), 1, 0, 1, 4)
        next_line = 2
        if row.misfits:
            warning = plain("⚠ Not validated for this subject: " + "; ".join(row.misfits) + ".")
            warning.setStyleSheet("QLabel { color: #a31515; }")
            grid.addWidget(warning, next_line, 0, 1, 4)
            next_line += 1
        for index, scale in enumerate(risk_tools.form_scales(row.tool, row.results)):
            stored = row.results.get(scale.key, "")
            band = QComboBox()
            band.addItems(["", *scale.values])
            if stored and stored not in scale.values:
                band.addItem(stored)  # A value recorded before this tool's scale existed still shows.
            band.setCurrentText(stored)
            band.setAccessibleName(f"Assessment {number}: {scale.label}")
            band.activated.connect(partial(self._on_scale_chosen, row.id, scale.key, band))
            if index == 0:
                self.first_scales.append(band)
            line_at, col = next_line + index // 2, (index % 2) * 2
            grid.addWidget(QLabel(scale.label), line_at, col)
            grid.addWidget(band, line_at, col + 1)
        scales = risk_tools.form_scales(row.tool, row.results)
        next_line += (len(scales) + 1) // 2
        for line_at, (field, label, value) in enumerate(
            (
                (AssessmentText.ASSESSOR, "Assessor", row.assessor),
                (AssessmentText.RESULT, "Result", row.result),
                (AssessmentText.NOTES, "Notes", row.notes),
            ),
            start=next_line,
        ):
            edit = line_edit(value, f"Assessment {number}: {label.lower()}")
            self.ctx.saver.bind_line(edit, partial(self._save_assessment, row.id, field))
            grid.addWidget(QLabel(label), line_at, 0)
            grid.addWidget(edit, line_at, 1, 1, 3)
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

    def focus_row(self, row: int) -> None:
        """Put the cursor on an assessment's tool (numbered from 1)."""
        if 1 <= row <= len(self.tool_combos):
            target = self.tool_combos[row - 1]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(target)

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

    def _on_tool_chosen(self, number: int, shown: str, combo: QComboBox, _index: int) -> None:
        """Show the chosen tool's own scales once the chair has chosen or finished typing it."""
        chosen = combo.currentText().strip()
        if not chosen or risk_tools.tool_named(chosen).key == risk_tools.tool_named(shown).key:
            return  # Same scales: nothing to rebuild (and the cursor stays where the chair put it).
        self.ctx.saver.flush()
        self.refocus_tool = number
        self.structure_changed.emit()

    def _on_scale_chosen(self, assessment_id: int, scale: str, combo: QComboBox, _index: int) -> None:
        operation = SetAssessmentScale(assessment_id, scale, combo.currentText())
        self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))

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
