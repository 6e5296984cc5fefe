"""A worker's preparation for a case: agency report with files, notes, proposed actions, risk summaries.

Every change goes through :mod:`solodesk.services.preparation` (and audiences through
:mod:`solodesk.services.clearance`); nothing here touches the database. Each tab lives in
its own module: :mod:`.report_tab` and :mod:`.prepared_items`.
"""

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from solodesk.services import preparation
from solodesk.store import CaseStore
from solodesk.ui.packs.prepared_items import ActionsTab, NotesTab, RiskTab
from solodesk.ui.packs.report_tab import ReportTab


class CasePreparationPanel(QWidget):
    """Prepare a case for its conference: the worker's view.

    Attributes:
        report_tab: the agency reports and their attached files.
        notes_tab: background, chronology and victim information.
        actions_tab: proposed actions.
        risk_tab: risk assessment summaries.

    Signals:
        changed(): something was saved.
    """

    changed = Signal()

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.heading.setFont(font)
        self.report_tab = ReportTab(store, subject_id)
        self.notes_tab = NotesTab(store, subject_id)
        self.actions_tab = ActionsTab(store, subject_id)
        self.risk_tab = RiskTab(store, subject_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.report_tab, "Agency report")
        self.tabs.addTab(self.notes_tab, "Background && chronology")
        self.tabs.addTab(self.actions_tab, "Proposed actions")
        self.tabs.addTab(self.risk_tab, "Risk assessment")
        for tab in (self.report_tab, self.notes_tab, self.actions_tab, self.risk_tab):
            tab.changed.connect(self._on_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload everything prepared for the case."""
        prep = preparation.load_preparation(self.store, self.subject_id)
        self.heading.setText(f"Preparing for the conference: {prep.subject_name}")
        self.report_tab.fill(prep)
        self.notes_tab.fill(prep)
        self.actions_tab.fill(prep)
        self.risk_tab.fill(prep)

    def save_now(self) -> None:
        """Save the report being written, if it changed and has any text."""
        self.report_tab.save_now()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Save pending typing when the panel goes away (dialog closed, app locked)."""
        self.save_now()
        super().hideEvent(event)

    def _on_changed(self) -> None:
        self.refresh()
        self.changed.emit()
