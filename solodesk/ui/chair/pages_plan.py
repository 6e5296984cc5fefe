"""7 Risk management action plan: actions (fast), decisions with reasons, disclosure decisions."""

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgendaItem, PlanArea
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_ops import (
    ActionText,
    DecisionFlag,
    DecisionText,
    DisclosureFlag,
    DisclosureText,
    Flag,
    SetActionArea,
    SetActionDue,
    SetActionOwner,
    SetDecisionItem,
    SetFlag,
    SetText,
    TextField,
)
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import ActionRow, ConferenceSnapshot, DecisionRow, DisclosureRow
from solodesk.ui.chair.fields import DateField, EnumCombo, heading, hint
from solodesk.ui.chair.page import AgendaPage, clear_layout, line_edit, plain
from solodesk.ui.chair.plan_widgets import AGENCY_ROLE
from solodesk.ui.chair.plan_widgets import area_combo as _area_combo
from solodesk.ui.chair.plan_widgets import owner_combo as _owner_combo
from solodesk.ui.chair.record_sections import CONTINGENCY, LevelSection, PairsSection
from solodesk.ui.chair.rows import RowFrame

QUICK_DUE = (("2 weeks", 14), ("1 month", 30), ("3 months", 91))
_DECISION_TEXT = (
    (DecisionText.DECISION, "Decision"),
    (DecisionText.REASONS, "Reasons"),
    (DecisionText.DISSENT, "Dissent"),
)
_DISCLOSURE_TEXT = (
    (DisclosureText.TO_WHOM, "To whom"),
    (DisclosureText.WHAT, "What"),
    (DisclosureText.WHY, "Why"),
    (DisclosureText.AUTHORITY, "Authority"),
    (DisclosureText.LEGAL_ROUTE, "Legal route"),
)
_Pairs = tuple[tuple[TextField, str], ...]
_Ticks = tuple[tuple[Flag, str], ...]
_DISCLOSURE_TICKS: _Ticks = (
    (DisclosureFlag.DISCLOSE, "Disclose"),
    (DisclosureFlag.DISCLOSES_REGISTRATION, "Reveals registration status"),
)


def _tail_cell(fields: int) -> tuple[int, int, int, int]:
    """Return the grid cell (row, column, rows, columns) after ``fields`` label/field pairs, two pairs a row."""
    odd = fields % 2
    return fields // 2, odd * 2, 1, 4 - odd * 2


def _frame() -> tuple[QFrame, QGridLayout]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    grid = QGridLayout(frame)
    grid.setContentsMargins(6, 4, 6, 4)
    return frame, grid


class ActionPlanPage(AgendaPage):
    """Add actions fast; record decisions with reasons and dissent; disclosure decisions."""

    def build(self) -> None:
        """Add the quick-add row and the three lists."""
        self.meeting_date: date | None = None
        self.snap: ConferenceSnapshot | None = None
        self.body.addWidget(heading("Add an action (Ctrl+Shift+A from anywhere)"))
        quick, grid = _frame()
        self.new_description = QLineEdit()
        self.new_description.setPlaceholderText("What must be done — Enter adds the action")
        self.new_description.setAccessibleName("New action description")
        self.new_description.returnPressed.connect(self.add_action)
        grid.addWidget(self.new_description, 0, 0, 1, 6)
        self.new_owner_holder = QHBoxLayout()
        self.new_owner_holder.addWidget(QLabel("Owner"))
        self.new_owner: QComboBox | None = None
        self.new_agency = plain("", wrap=False)
        self.new_agency.setStyleSheet("QLabel { color: #555; }")
        grid.addLayout(self.new_owner_holder, 1, 0, 1, 3)
        grid.addWidget(self.new_agency, 1, 3, 1, 3)
        self.new_due = DateField()
        self.new_due.setAccessibleName("New action due date")
        due = QHBoxLayout()
        due.addWidget(QLabel("Due"))
        due.addWidget(self.new_due)
        for label, days in QUICK_DUE:
            button = QPushButton(label)
            button.setAccessibleName(f"Due in {label}")
            button.clicked.connect(partial(self._on_quick_due_clicked, days))
            due.addWidget(button)
        due.addStretch(1)
        grid.addLayout(due, 2, 0, 1, 4)
        self.new_area = _area_combo(PlanArea.SUPERVISION, "New action plan area")
        grid.addWidget(self.new_area, 2, 4)
        self.add_button = QPushButton("Add action")
        self.add_button.clicked.connect(self.add_action)
        grid.addWidget(self.add_button, 2, 5)
        self.quick_error = plain("")
        self.quick_error.setStyleSheet("QLabel { color: #a31515; }")
        self.quick_error.hide()
        grid.addWidget(self.quick_error, 3, 0, 1, 6)
        self.body.addWidget(quick)
        self.actions_layout = self._list("Actions (Down reaches them; Enter or F2 edits one, Delete removes it)")
        self.add_section(PairsSection(self.ctx, CONTINGENCY))
        self.add_section(LevelSection(self.ctx))
        self.body.addWidget(heading("Decisions, with reasons and any dissent"))
        self.new_decision: dict[TextField, QLineEdit] = {}
        self.body.addWidget(self._add_form("decision", _DECISION_TEXT, (), self._on_add_decision_clicked))
        self.decisions_layout = self._list("")
        self.body.addWidget(heading("Disclosure decisions"))
        self.body.addWidget(hint("Only the police may authorise disclosing registration status, in writing."))
        self.new_disclosure: dict[TextField, QLineEdit] = {}
        self.new_disclosure_ticks: dict[Flag, QCheckBox] = {}
        self.body.addWidget(
            self._add_form("disclosure", _DISCLOSURE_TEXT, _DISCLOSURE_TICKS, self._on_add_disclosure_clicked)
        )
        self.disclosures_layout = self._list("")

    def _list(self, title: str) -> QVBoxLayout:
        if title:
            self.body.addWidget(heading(title))
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(holder)
        return layout

    def _add_form(self, kind: str, texts: _Pairs, ticks: _Ticks, on_add: Callable[[], None]) -> QFrame:
        frame, grid = _frame()
        target = self.new_decision if kind == "decision" else self.new_disclosure
        for index, (field, label) in enumerate(texts):
            edit = QLineEdit()
            edit.setAccessibleName(f"New {kind}: {label.lower()}")
            target[field] = edit
            grid.addWidget(QLabel(label), index // 2, (index % 2) * 2)
            grid.addWidget(edit, index // 2, (index % 2) * 2 + 1)
        row = QHBoxLayout()
        for flag, label in ticks:
            tick = QCheckBox(label)
            self.new_disclosure_ticks[flag] = tick
            row.addWidget(tick)
        row.addStretch(1)
        button = QPushButton(f"Add {kind}")
        button.clicked.connect(on_add)
        row.addWidget(button)
        grid.addLayout(row, *_tail_cell(len(texts)))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    # Filling ----------------------------------------------------------------------

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild the owner choices and the three lists from the store."""
        self.snap = snap
        self.meeting_date = snap.meeting_date
        chosen = self.new_owner.currentData() if self.new_owner is not None else None
        if self.new_owner is not None:
            self.new_owner.hide()
            self.new_owner.deleteLater()
        self.new_owner = _owner_combo(snap, chosen, "New action owner")
        self.new_owner.currentIndexChanged.connect(self._on_new_owner_changed)
        self.new_owner_holder.addWidget(self.new_owner, 1)
        self.setTabOrder(self.new_description, self.new_owner)
        self.setTabOrder(self.new_owner, self.new_due)
        self._on_new_owner_changed(self.new_owner.currentIndex())
        clear_layout(self.actions_layout)
        for number, action in enumerate(snap.actions, start=1):
            self.actions_layout.addWidget(self._action_frame(snap, number, action))
        if not snap.actions:
            self.actions_layout.addWidget(plain("No actions yet."))
        clear_layout(self.decisions_layout)
        for number, decision in enumerate(snap.decisions, start=1):
            self.decisions_layout.addWidget(self._decision_frame(number, decision))
        clear_layout(self.disclosures_layout)
        for number, disclosure in enumerate(snap.disclosures, start=1):
            self.disclosures_layout.addWidget(self._disclosure_frame(number, disclosure))

    def _action_frame(self, snap: ConferenceSnapshot, number: int, action: ActionRow) -> RowFrame:
        frame = RowFrame(f"Action {number}")
        grid = frame.grid()
        grid.addWidget(QLabel(f"<b>{number}.</b>"), 0, 0)
        description = line_edit(action.description, f"Action {number} description")
        frame.set_editor(description)
        self.ctx.saver.bind_line(description, partial(self._save_text, ActionText.DESCRIPTION, action.id))
        grid.addWidget(description, 0, 1, 1, 5)
        owner = _owner_combo(snap, action.owner_id, f"Action {number} owner")
        agency = plain(action.agency_name or "no agency")
        agency.setStyleSheet("QLabel { color: #555; }")
        owner.activated.connect(partial(self._on_owner_activated, action.id, owner, agency))
        grid.addWidget(owner, 1, 1)
        grid.addWidget(agency, 1, 2)
        due = DateField()
        due.setMinimumWidth(100)
        due.set_value(action.due_date)
        due.setAccessibleName(f"Action {number} due date")
        self.ctx.saver.bind_value(due, partial(self._save_due, action.id))
        grid.addWidget(due, 1, 3)
        area = _area_combo(action.plan_area, f"Action {number} plan area")
        area.activated.connect(partial(self._on_area_activated, action.id, area))
        grid.addWidget(area, 1, 4)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove action {number}")
        remove.clicked.connect(partial(self._remove, RowKind.ACTION, action.id, f"action {number}"))
        frame.set_remove(f"action {number}", remove.click)
        grid.addWidget(remove, 1, 5)
        grid.addWidget(self.ctx.removals.action_tick(action.id, action.restricted, f"Action {number}"), 0, 6)
        reason = line_edit(action.reason, f"Action {number} reason", "Reason or intended outcome")
        self.ctx.saver.bind_line(reason, partial(self._save_text, ActionText.REASON, action.id))
        grid.addWidget(QLabel("Reason"), 2, 0)
        grid.addWidget(reason, 2, 1, 1, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        return frame

    def _record_frame(
        self, kind: str, number: int, record_id: int, texts: _Pairs, values: dict[str, object]
    ) -> RowFrame:
        frame = RowFrame(f"{kind} {number}")
        grid = frame.grid()
        row_kind = RowKind.DECISION if kind == "Decision" else RowKind.DISCLOSURE
        for index, (field, label) in enumerate(texts):
            edit = line_edit(str(values[field.value]), f"{kind} {number}: {label.lower()}")
            if index == 0:
                frame.set_editor(edit)
            self.ctx.saver.bind_line(edit, partial(self._save_text, field, record_id))
            grid.addWidget(QLabel(f"{label}" if index else f"<b>{number}.</b> {label}"), index // 2, (index % 2) * 2)
            grid.addWidget(edit, index // 2, (index % 2) * 2 + 1)
        row = QHBoxLayout()
        if kind == "Decision":
            item = EnumCombo(AgendaItem, f"Decision {number}: agenda item")
            item.set_value(values["item"])  # type: ignore[arg-type]
            item.activated.connect(partial(self._on_decision_item_activated, record_id, item))
            row.addWidget(QLabel("Under"))
            row.addWidget(item)
        restricted = DecisionFlag.RESTRICTED if kind == "Decision" else DisclosureFlag.RESTRICTED
        ticks: _Ticks = (*(_DISCLOSURE_TICKS if kind != "Decision" else ()), (restricted, "Restricted"))
        for flag, label in ticks:
            tick = QCheckBox(label)
            tick.setChecked(bool(values[flag.value]))
            tick.setAccessibleName(f"{kind} {number}: {label.lower()}")
            tick.toggled.connect(partial(self._on_record_ticked, flag, record_id, f"{kind.lower()} {number}"))
            row.addWidget(tick)
        row.addStretch(1)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove {kind.lower()} {number}")
        remove.clicked.connect(partial(self._remove, row_kind, record_id, f"{kind.lower()} {number}"))
        frame.set_remove(f"{kind.lower()} {number}", remove.click)
        row.addWidget(remove)
        grid.addLayout(row, *_tail_cell(len(texts)))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    def _decision_frame(self, number: int, row: DecisionRow) -> RowFrame:
        return self._record_frame("Decision", number, row.id, _DECISION_TEXT, row.__dict__)

    def _disclosure_frame(self, number: int, row: DisclosureRow) -> RowFrame:
        return self._record_frame("Disclosure", number, row.id, _DISCLOSURE_TEXT, row.__dict__)

    def first_field(self) -> QWidget:
        """Return the new action's description."""
        return self.new_description

    def main_field(self) -> QWidget:
        """Return the new action's description: typing on the action plan writes an action."""
        return self.new_description

    # Adding -------------------------------------------------------------------------

    @Slot()
    def add_action(self) -> None:
        """Add the action typed in the quick-add row, then clear it for the next one."""
        description = self.new_description.text().strip()
        if not description:
            self._show_quick_error("Describe the action before adding it.")
            self.new_description.setFocus()
            return
        if not self.new_due.is_valid():
            self._show_quick_error(self.new_due.problem())
            self.new_due.setFocus()
            return
        owner = self.new_owner.currentData() if self.new_owner is not None else None
        due, area = self.new_due.value(), self.new_area.value()
        ctx = self.ctx
        if ctx.saver.now(lambda: chair_edit.add_action(ctx.store, ctx.conference_id, description, owner, due, area)):
            self._show_quick_error("")
            self.new_description.clear()
            self.new_due.set_value(None)
            # Every field starts afresh: the next action must not silently inherit this one's owner.
            if self.new_owner is not None:
                self.new_owner.setCurrentIndex(0)
            self.new_area.set_value(PlanArea.SUPERVISION)
            self.structure_changed.emit()
            self.new_description.setFocus()

    def _show_quick_error(self, text: str) -> None:
        self.quick_error.setText(text)
        self.quick_error.setVisible(bool(text))

    def _on_quick_due_clicked(self, days: int) -> None:
        self.new_due.set_value((self.meeting_date or date.today()) + timedelta(days=days))

    @Slot(int)
    def _on_new_owner_changed(self, index: int) -> None:
        agency = self.new_owner.itemData(index, AGENCY_ROLE) if self.new_owner is not None else None
        self.new_agency.setText(f"Agency: {agency}" if agency else "Agency: —")

    def _on_add_decision_clicked(self) -> None:
        values = {k: e.text() for k, e in self.new_decision.items()}
        ctx = self.ctx
        if not values[DecisionText.DECISION].strip():
            self.new_decision[DecisionText.DECISION].setFocus()
            return
        decision, reasons, dissent = (values[field] for field, _label in _DECISION_TEXT)
        if ctx.saver.now(lambda: chair_edit.add_decision(ctx.store, ctx.conference_id, decision, reasons, dissent)):
            for edit in self.new_decision.values():
                edit.clear()
            self.structure_changed.emit()

    def _on_add_disclosure_clicked(self) -> None:
        text = {field: edit.text() for field, edit in self.new_disclosure.items()}
        ticked = {field: tick.isChecked() for field, tick in self.new_disclosure_ticks.items()}
        to_whom = text[DisclosureText.TO_WHOM]
        if not to_whom.strip():
            self.new_disclosure[DisclosureText.TO_WHOM].setFocus()
            return
        ctx = self.ctx

        def add() -> int:
            return chair_edit.add_disclosure(
                ctx.store,
                ctx.conference_id,
                to_whom,
                what=text[DisclosureText.WHAT],
                why=text[DisclosureText.WHY],
                authority=text[DisclosureText.AUTHORITY],
                legal_route=text[DisclosureText.LEGAL_ROUTE],
                disclose=ticked[DisclosureFlag.DISCLOSE],
                discloses_registration=ticked[DisclosureFlag.DISCLOSES_REGISTRATION],
            )

        if ctx.saver.now(add):
            for edit in self.new_disclosure.values():
                edit.clear()
            for tick in self.new_disclosure_ticks.values():
                tick.setChecked(False)
            self.structure_changed.emit()

    # Saving ----------------------------------------------------------------------------

    def _save_text(self, field: TextField, record_id: int, text: str, base: str | None = None) -> None:
        chair_ops.apply(self.ctx.store, SetText(field, record_id, text, base=base))

    def _save_due(self, action_id: int, value: object) -> None:
        chair_ops.apply(self.ctx.store, SetActionDue(action_id, value))  # type: ignore[arg-type]

    def _apply_now(self, operation: chair_ops.ChairOperation) -> bool:
        return self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))

    def _on_owner_activated(self, action_id: int, combo: QComboBox, agency: QLabel, index: int) -> None:
        if self._apply_now(SetActionOwner(action_id, combo.currentData())):
            agency.setText(combo.itemData(index, AGENCY_ROLE) or "no agency")

    def _on_area_activated(self, action_id: int, combo: EnumCombo, _index: int) -> None:
        self._apply_now(SetActionArea(action_id, combo.value()))

    def _on_decision_item_activated(self, decision_id: int, combo: EnumCombo, _index: int) -> None:
        self._apply_now(SetDecisionItem(decision_id, combo.value()))

    def _on_record_ticked(self, field: Flag, record_id: int, label: str, checked: bool) -> None:
        self.ctx.removals.set_flag(SetFlag(field, record_id, checked), label)

    def _remove(self, kind: RowKind, record_id: int, label: str) -> None:
        if self.ctx.removals.remove(kind, record_id, label):
            self.structure_changed.emit()
