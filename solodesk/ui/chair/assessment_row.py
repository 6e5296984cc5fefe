"""One risk assessment on the chair's page: the tool, and that tool's own scales.

Changing the tool (chosen from the list or typed) re-lays only the part of the
row that depends on it (what the tool is for, whether it fits the subject, its
scales): the tool's field keeps the cursor, so arrowing through the list or
typing a name never loses it.
"""

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QPushButton, QWidget
from shiboken6 import isValid

from solodesk.services import chair_ops, risk_tools
from solodesk.services.chair_ops import AssessmentFlag, AssessmentText, SetAssessedOn, SetFlag
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_risk_ops import SetAssessmentScale
from solodesk.services.chair_view import AssessmentRow, load_snapshot
from solodesk.ui.chair.fields import DateField, hint
from solodesk.ui.chair.page import DeskContext, clear_layout, line_edit, plain
from solodesk.ui.chair.rows import RowFrame


class AssessmentFrame(RowFrame):
    """An assessment's row: tool, date, the tool's scales, assessor, result and notes."""

    def __init__(self, ctx: DeskContext, number: int, row: AssessmentRow, removed: Callable[[], None]) -> None:
        super().__init__(f"Assessment {number}")
        self.ctx, self.number, self.row, self._removed = ctx, number, row, removed
        grid = self.grid()
        self.tool = QComboBox()
        self.tool.setEditable(True)
        self.tool.addItems(risk_tools.tool_names())
        listed = self.tool.findText(row.tool)
        self.tool.setCurrentIndex(listed)  # -1 for a tool not in the list: the arrow keys then start at the top
        self.tool.setEditText(row.tool)
        self.tool.setAccessibleName(f"Assessment {number} tool")
        self.tool.setToolTip("Choose a tool, or type the name of another one.")
        self.tool.currentTextChanged.connect(self._on_tool_changed)
        self.set_editor(self.tool)
        self.set_remove(f"assessment {number}", self._on_remove_clicked)
        assessed = DateField()
        assessed.set_value(row.assessed_on)
        assessed.setAccessibleName(f"Assessment {number} date")
        ctx.saver.bind_value(assessed, self._save_assessed_on)
        grid.addWidget(self.tool, 0, 0, 1, 2)
        grid.addWidget(QLabel("Date"), 0, 2)
        grid.addWidget(assessed, 0, 3)
        self.about = hint("")
        self.warning = plain("")
        self.warning.setStyleSheet("QLabel { color: #a31515; }")
        self.details_holder = QWidget()
        self.details = QGridLayout(self.details_holder)
        self.details.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.about, 1, 0, 1, 4)
        grid.addWidget(self.warning, 2, 0, 1, 4)
        grid.addWidget(self.details_holder, 3, 0, 1, 4)
        for line, (field, label, value) in enumerate(
            (
                (AssessmentText.ASSESSOR, "Assessor", row.assessor),
                (AssessmentText.RESULT, "Result", row.result),
                (AssessmentText.NOTES, "Notes", row.notes),
            ),
            start=4,
        ):
            edit = line_edit(value, f"Assessment {number}: {label.lower()}")
            ctx.saver.bind_line(edit, partial(self._save_text, field))
            grid.addWidget(QLabel(label), line, 0)
            grid.addWidget(edit, line, 1, 1, 3)
        restricted = QCheckBox("Restricted")
        restricted.setChecked(row.restricted)
        restricted.setAccessibleName(f"Assessment {number}: restricted")
        restricted.toggled.connect(self._on_restricted_toggled)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove assessment {number}")
        remove.clicked.connect(self._on_remove_clicked)
        grid.addWidget(restricted, 0, 4)
        grid.addWidget(remove, 0, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._shown_key = ""
        self._show_details(row)

    def _show_details(self, row: AssessmentRow) -> None:
        """Lay out what depends on the tool: what it is for, whether it fits, and its scales."""
        self._shown_key = risk_tools.tool_named(row.tool).key
        clear_layout(self.details)
        known = risk_tools.tool_named(row.tool)
        self.about.setText(
            f"{known.name}: for {known.applies_to}." if known is not risk_tools.OTHER else "Another tool."
        )
        self._show_fit(row)
        line = 0
        for index, scale in enumerate(risk_tools.form_scales(row.tool, row.results)):
            stored = row.results.get(scale.key, "")
            band = QComboBox()
            band.addItems(["", *scale.values])
            if stored and stored not in scale.values:
                band.addItem(stored)  # A value recorded before this tool's scale existed still shows.
            band.setCurrentText(stored)
            band.setAccessibleName(f"Assessment {self.number}: {scale.label}")
            band.activated.connect(partial(self._on_scale_chosen, scale.key, band))
            at, col = line + index // 2, (index % 2) * 2
            self.details.addWidget(QLabel(scale.label), at, col)
            self.details.addWidget(band, at, col + 1)
        self.details.setColumnStretch(1, 1)
        self.details.setColumnStretch(3, 1)

    def _show_fit(self, row: AssessmentRow) -> None:
        """Say whether the tool fits the subject on the assessment's date."""
        self.row = row
        self.warning.setText("⚠ Not validated for this subject: " + "; ".join(row.misfits) + "." if row.misfits else "")
        self.warning.setVisible(bool(row.misfits))

    def _stored(self) -> AssessmentRow | None:
        snap = load_snapshot(self.ctx.store, self.ctx.conference_id)
        return next((a for a in snap.assessments if a.id == self.row.id), None)

    @Slot(str)
    def _on_tool_changed(self, text: str) -> None:
        if not text.strip():
            return
        save = partial(self._save_text, AssessmentText.TOOL, text)
        self.ctx.saver.queue((AssessmentText.TOOL, self.row.id), save)
        if risk_tools.tool_named(text).key == self._shown_key:
            return  # Same scales: nothing to re-lay.
        self.ctx.saver.flush()  # The tool is stored before its fit to the subject is read back.
        fresh = self._stored()
        if fresh is not None:
            self._show_details(fresh)

    def _on_scale_chosen(self, scale: str, combo: QComboBox, _index: int) -> None:
        operation = SetAssessmentScale(self.row.id, scale, combo.currentText())
        self.ctx.saver.now(partial(chair_ops.apply, self.ctx.store, operation))

    def _save_text(self, field: AssessmentText, text: str, base: str | None = None) -> None:
        chair_ops.apply(self.ctx.store, chair_ops.SetText(field, self.row.id, text, base=base))

    def _save_assessed_on(self, value: object) -> None:
        chair_ops.apply(self.ctx.store, SetAssessedOn(self.row.id, value))  # type: ignore[arg-type]
        if not isValid(self.warning):
            return  # Saved as the desk is destroyed: there is no row left to update.
        fresh = self._stored()  # the subject's age on that day decides whether the tool fits
        if fresh is not None:
            self._show_fit(fresh)

    @Slot(bool)
    def _on_restricted_toggled(self, checked: bool) -> None:
        operation = SetFlag(AssessmentFlag.RESTRICTED, self.row.id, checked)
        self.ctx.removals.set_flag(operation, f"assessment {self.number}")

    @Slot()
    def _on_remove_clicked(self) -> None:
        if self.ctx.removals.remove(RowKind.ASSESSMENT, self.row.id, f"assessment {self.number}"):
            self._removed()
