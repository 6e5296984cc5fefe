"""The preparation panel's lists of notes, proposed actions and risk assessments, each with its form.

A note or proposed action added as restricted asks at once who may see it (the chair's
checklist, see :mod:`solodesk.ui.packs.audience_picker`); "Who may see it…" asks again
for the chosen row, restricting it if it was open.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk.models.enums import NoteKind, PlanArea
from solodesk.services import preparation, risk_tools
from solodesk.services.preparation_views import NoteView, Preparation, ProposedActionView
from solodesk.store import CaseStore
from solodesk.ui.date_fields import DateField
from solodesk.ui.packs.audience_picker import pick_audience, restricted_words
from solodesk.ui.packs.risk_form import ToolScalesForm
from solodesk.ui.packs.widgets import fill_table, read_only_table, show_date

ID_ROLE = Qt.ItemDataRole.UserRole


class _ItemsTab(QWidget):
    """A table of prepared items above the form that adds one.

    Signals:
        changed(): something was saved.
    """

    changed = Signal()

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id

    def _lay_out(self, table: QTableWidget, form: QFormLayout, *buttons: QPushButton) -> None:
        column = QVBoxLayout(self)
        column.addWidget(table, 1)
        column.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        column.addLayout(row)

    def _ask(self, key: str, label: str) -> None:
        pick_audience(self, self.store, key, label, self.changed.emit)


def _fill_with_ids(table: QTableWidget, rows: list[list[str]], ids: Sequence[int]) -> None:
    fill_table(table, rows)
    for row, item_id in enumerate(ids):
        cell = table.item(row, 0)
        if cell is not None:
            cell.setData(ID_ROLE, item_id)


def _chosen_id(table: QTableWidget) -> int | None:
    item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
    return int(item.data(ID_ROLE)) if item is not None else None


class NotesTab(_ItemsTab):
    """Background notes, chronology entries and victim information."""

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(store, subject_id, parent)
        self.notes_table = read_only_table(["Kind", "Date", "Note", "Restricted"], stretch=(2,))
        self.note_restricted = QCheckBox("Restricted (asks who may see it)")
        self.note_kind = QComboBox()
        for kind in NoteKind:
            self.note_kind.addItem(kind.label, kind)
        self.note_kind.currentIndexChanged.connect(
            lambda _: self.note_restricted.setChecked(self.note_kind.currentData() == NoteKind.VICTIM)
        )
        self.note_date = DateField()
        self.note_text = QPlainTextEdit()
        self.note_text.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
        self.note_text.setMaximumHeight(90)
        self.note_source = QLineEdit()
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.clicked.connect(self._add_note)
        self.note_audience_button = QPushButton("Who may see it…")
        self.note_audience_button.clicked.connect(self._ask_again)
        form = QFormLayout()
        form.addRow("Kind", self.note_kind)
        form.addRow("Date", self.note_date)
        form.addRow("Note", self.note_text)
        form.addRow("Source", self.note_source)
        form.addRow("", self.note_restricted)
        self._lay_out(self.notes_table, form, self.note_audience_button, self.add_note_button)
        self._notes: dict[int, NoteView] = {}

    def fill(self, prep: Preparation) -> None:
        """Show the case's notes."""
        self._notes = {n.id: n for n in prep.notes}
        rows = [[n.kind.label, show_date(n.happened_on), n.text, restricted_words(n.audience)] for n in prep.notes]
        _fill_with_ids(self.notes_table, rows, [n.id for n in prep.notes])

    def _add_note(self) -> None:
        text = self.note_text.toPlainText().strip()
        if not text or not self.note_date.is_valid():
            (self.note_date if text else self.note_text).setFocus()
            return
        kind = NoteKind(self.note_kind.currentData())
        restricted = self.note_restricted.isChecked()
        note_id = preparation.add_note(
            self.store,
            self.subject_id,
            kind,
            text,
            happened_on=self.note_date.value(),
            source=self.note_source.text().strip(),
            restricted=restricted,
        )
        self.note_text.clear()
        self.note_source.clear()
        self.changed.emit()
        if restricted:
            self._ask(f"case_note:{note_id}", kind.label)

    def _ask_again(self) -> None:
        note = self._notes.get(_chosen_id(self.notes_table) or -1)
        if note is not None:
            self._ask(f"case_note:{note.id}", note.kind.label)


class ActionsTab(_ItemsTab):
    """Actions the worker proposes for the plan."""

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(store, subject_id, parent)
        self.actions_table = read_only_table(["Action", "Owner", "Due", "Plan area", "Restricted"], stretch=(0,))
        self.action_description = QPlainTextEdit()
        self.action_description.setTabChangesFocus(True)
        self.action_description.setMaximumHeight(70)
        self.action_owner = QLineEdit()
        self.action_agency = QLineEdit()
        self.action_due = DateField()
        self.action_area = QComboBox()
        for area in PlanArea:
            self.action_area.addItem(area.label, area)
        self.action_restricted = QCheckBox("Restricted (asks who may see it)")
        self.add_action_button = QPushButton("Propose action")
        self.add_action_button.clicked.connect(self._add_action)
        self.action_audience_button = QPushButton("Who may see it…")
        self.action_audience_button.clicked.connect(self._ask_again)
        form = QFormLayout()
        form.addRow("Action", self.action_description)
        form.addRow("Owner", self.action_owner)
        form.addRow("Agency", self.action_agency)
        form.addRow("Due", self.action_due)
        form.addRow("Plan area", self.action_area)
        form.addRow("", self.action_restricted)
        self._lay_out(self.actions_table, form, self.action_audience_button, self.add_action_button)
        self._actions: dict[int, ProposedActionView] = {}

    def fill(self, prep: Preparation) -> None:
        """Show the proposed actions."""
        self._actions = {a.id: a for a in prep.actions}
        rows = [
            [a.description, f"{a.owner_name} ({a.owner_agency})" if a.owner_agency else a.owner_name]
            + [show_date(a.due_date), a.plan_area.label, restricted_words(a.audience)]
            for a in prep.actions
        ]
        _fill_with_ids(self.actions_table, rows, [a.id for a in prep.actions])

    def _add_action(self) -> None:
        description = self.action_description.toPlainText().strip()
        if not description or not self.action_due.is_valid():
            (self.action_due if description else self.action_description).setFocus()
            return
        restricted = self.action_restricted.isChecked()
        action_id = preparation.add_proposed_action(
            self.store,
            self.subject_id,
            description,
            owner_name=self.action_owner.text().strip(),
            owner_agency=self.action_agency.text().strip(),
            due_date=self.action_due.value(),
            plan_area=self.action_area.currentData(),
            restricted=restricted,
        )
        self.action_description.clear()
        self.action_restricted.setChecked(False)  # the next proposal starts open again
        self.changed.emit()
        if restricted:
            self._ask(f"proposed_action:{action_id}", _short(description))

    def _ask_again(self) -> None:
        action = self._actions.get(_chosen_id(self.actions_table) or -1)
        if action is not None:
            self._ask(f"proposed_action:{action.id}", _short(action.description))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


class RiskTab(_ItemsTab):
    """Risk assessment summaries, by each tool's own scales."""

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(store, subject_id, parent)
        self.risk_table = read_only_table(["Tool", "Date", "Assessor", "Results", "Summary"], stretch=(4,))
        self.risk_form = ToolScalesForm()
        self.risk_tool = self.risk_form.tool
        self.risk_date = DateField()
        self.risk_assessor = QLineEdit()
        self.risk_result = QLineEdit()
        self.add_risk_button = QPushButton("Add assessment")
        self.add_risk_button.clicked.connect(self._add_risk)
        form = QFormLayout()
        form.addRow(self.risk_form)
        form.addRow("Date", self.risk_date)
        form.addRow("Assessor", self.risk_assessor)
        form.addRow("Summary", self.risk_result)
        self._lay_out(self.risk_table, form, self.add_risk_button)

    def fill(self, prep: Preparation) -> None:
        """Show the risk assessments, results by scale name."""
        fill_table(
            self.risk_table,
            [
                [
                    risk_tools.tool_display_name(r.tool),
                    show_date(r.assessed_on),
                    r.assessor,
                    "; ".join(f"{x.label}: {x.value}" for x in risk_tools.scale_results(r.tool, r.results)),
                    r.result,
                ]
                for r in prep.risks
            ],
        )

    def _add_risk(self) -> None:
        tool = self.risk_form.tool_name()
        if not tool or not self.risk_date.is_valid():
            (self.risk_date if tool else self.risk_tool).setFocus()
            return
        preparation.add_risk_assessment(
            self.store,
            self.subject_id,
            tool,
            assessed_on=self.risk_date.value(),
            assessor=self.risk_assessor.text().strip(),
            results=self.risk_form.results(),
            result=self.risk_result.text().strip(),
        )
        self.risk_form.clear()
        for field in (self.risk_assessor, self.risk_result):
            field.clear()
        self.changed.emit()
