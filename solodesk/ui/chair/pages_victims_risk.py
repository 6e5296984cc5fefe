"""5 Victim issues and 6 Assessment of risk."""

from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgendaItem, RiskLevel, VictimKind
from solodesk.services import chair_edit, chair_ops, clearance, risk_tools
from solodesk.services.chair_ops import (
    ConferenceText,
    SetFlag,
    SetRiskLevel,
    SetText,
    SetVictimKind,
    VictimFlag,
    VictimText,
)
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import ConferenceSnapshot, VictimRow
from solodesk.ui.chair.assessment_row import AssessmentFrame
from solodesk.ui.chair.audience_dialog import ask_audience
from solodesk.ui.chair.fields import (
    FOCUS_COLOUR,
    EnumCombo,
    format_date,
    heading,
    hint,
    notes_edit,
    show_text,
)
from solodesk.ui.chair.page import AgendaPage, clear_layout, line_edit, plain
from solodesk.ui.chair.record_sections import DIVERSITY, PairsSection
from solodesk.ui.chair.rows import RowFrame

_VICTIM_TEXT = (
    (VictimText.DESCRIPTION, "Description", "Who they are (age, not name where possible)"),
    (VictimText.RELATIONSHIP, "Relationship", "Relationship to the subject"),
    (VictimText.WHERE_THEY_LIVE, "Where they live", "Area or address (restricted)"),
    (VictimText.EXCLUSION_AREA, "Exclusion area", "Streets or areas the subject must avoid"),
    (VictimText.CONTACT_RESTRICTIONS, "Contact restrictions", "No contact, direct or indirect…"),
    (VictimText.SAFETY_MEASURES, "Safety measures", "What will keep them safe"),
)


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

    def _victim_frame(self, number: int, victim: VictimRow) -> RowFrame:
        frame = RowFrame(f"Victim {number}")
        grid = frame.grid()
        frame.set_remove(f"victim {number}", partial(self._on_remove_clicked, number, victim.id))
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
                frame.set_editor(edit)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    def first_field(self) -> QWidget:
        """Return the last victim's description, or the add button."""
        return self.focus_victim or self.add_known

    def _save_field(self, victim_id: int, field: VictimText, text: str, base: str | None = None) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, victim_id, text, base=base))

    def _save_restricted(self, text: str, base: str | None = None) -> None:
        item = AgendaItem.VICTIM_ISSUES
        chair_edit.save_note(self.ctx.store, self.ctx.conference_id, item, restricted_notes=text, base=base)

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
        self.tool_combos: list[QComboBox] = []  # Each assessment's tool, where a warning about it leads.
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
            f"{a.tool} ({format_date(a.assessed_on) or 'undated'}): "
            + (", ".join(f"{r.label} {r.value}" for r in risk_tools.scale_results(a.tool, a.results)) or "—")
            for a in snap.earlier_assessments
        )
        self.earlier.setText(f"Earlier: {earlier}" if earlier else "No earlier assessments on record.")
        clear_layout(self.rows)
        self.tool_combos = []
        for number, row in enumerate(snap.assessments, start=1):
            frame = AssessmentFrame(self.ctx, number, row, self.structure_changed.emit)
            self.rows.addWidget(frame)
            self.tool_combos.append(frame.tool)
        values = {
            ConferenceText.DYNAMIC_FACTORS: snap.dynamic_factors,
            ConferenceText.WHO_IS_AT_RISK: snap.who_is_at_risk,
            ConferenceText.RISK_RATIONALE: snap.risk_rationale,
        }
        for field, edit in self.texts.items():
            show_text(edit, values[field])
        self.level.set_value(snap.risk_level)

    def focus_row(self, row: int) -> None:
        """Put the cursor on an assessment's tool (numbered from 1)."""
        if 1 <= row <= len(self.tool_combos):
            target = self.tool_combos[row - 1]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(target)

    def first_field(self) -> QWidget:
        """Return the add button."""
        return self.add_button

    def _save(self, field: ConferenceText, text: str, base: str | None = None) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, self.ctx.conference_id, text, base=base))

    @Slot(int)
    def _on_level_activated(self, _index: int) -> None:
        operation = SetRiskLevel(self.ctx.conference_id, self.level.value())
        self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))

    @Slot()
    def _on_add_clicked(self) -> None:
        ctx = self.ctx
        if ctx.saver.now(lambda: chair_edit.add_assessment(ctx.store, ctx.conference_id)):
            self.structure_changed.emit()
