"""The main window's desk: shown first after unlocking, opening what its lines point at.

A mixin of :class:`solodesk.ui.main_window.MainWindow`, kept apart so the window
module stays small; it uses the window's store, stack, workspace and chair mode.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

if TYPE_CHECKING:
    from solodesk.store import CaseStore
    from solodesk.ui.desk import DeskTarget, DeskView
    from solodesk.ui.workspace import Workspace

CASES = 0  # the workspace's cases area (solodesk.ui.workspace)


class DeskHost:
    """The desk's part of the main window."""

    # Provided by the window.
    store: "CaseStore | None"
    workspace: "Workspace | None"
    desk_view: "DeskView | None"
    stack: QStackedWidget
    open_conference: Callable[[int], None]
    convene: Callable[[int], None]
    _leave_chair_mode: Callable[[], None]

    def _open_desk(self, store: "CaseStore", workspace: "Workspace") -> None:
        """Show the desk first after unlocking; it goes when the workspace goes (on lock)."""
        from solodesk.ui.desk import DeskView

        self.desk_view = DeskView(store)
        self.desk_view.opened.connect(self._on_desk_line_opened)
        self.desk_view.convene_requested.connect(self._on_desk_convene)
        workspace.destroyed.connect(self.desk_view.deleteLater)
        self.stack.addWidget(self.desk_view)
        self.stack.setCurrentWidget(self.desk_view)
        self.desk_view.focus_lines()

    @Slot()
    def show_desk(self) -> None:
        """Show the desk, refreshed (Ctrl+0), leaving chair mode first so its typing is saved."""
        if self.store is None or self.desk_view is None:
            return
        self._leave_chair_mode()
        self.desk_view.refresh()
        self.stack.setCurrentWidget(self.desk_view)
        self.desk_view.focus_lines()

    @Slot()
    def _on_management_information(self) -> None:
        if self.store is not None:
            from solodesk.ui.desk import ManagementInformationDialog

            ManagementInformationDialog(self.store, self._as_widget()).exec()

    @Slot(object)
    def _on_desk_line_opened(self, target: "DeskTarget") -> None:
        if self.workspace is None:
            return
        if target.where == "conference" and target.conference_id is not None:
            self.open_conference(target.conference_id)
            return
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.show_area(CASES)
        self.workspace.refresh(target.subject_id)
        page = self.workspace.subject_page
        if target.where == "actions":
            page.tabs.setCurrentWidget(page.action_table)
        elif target.conference_id is not None:
            page.select_conference(target.conference_id)
        else:
            page.tabs.setCurrentWidget(page.details)
        page.tabs.setFocus()

    @Slot(int)
    def _on_desk_convene(self, subject_id: int) -> None:
        self.convene(subject_id)
        if self.desk_view is not None and self.store is not None:
            self.desk_view.refresh()

    def _show_area(self, area: int) -> None:
        if self.workspace is not None:
            self._leave_desk()
            self.workspace.show_area(area)

    def _leave_desk(self) -> None:
        """Bring the workspace forward when the desk is in front (chair mode stays in front)."""
        if self.workspace is not None and self.stack.currentWidget() is self.desk_view:
            self.stack.setCurrentWidget(self.workspace)

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)  # the mixin is only ever part of the window
        return self
