"""The Conference menu: the minute's preview, circulation, log, amendments, letters, handovers and check-outs.

Every action but "Import handover…" works on the conference the user has in
front of them (the one being chaired, or the one selected on the subject page),
which the window supplies through a callable; importing a handover needs only
the open store, and the window's refresh callback re-reads the imported case.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QVBoxLayout, QWidget

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.chair_view import ChairError
from solodesk.services.minute_issue import CannotIssueError
from solodesk.services.minute_letters import executive_summary, write_invitations
from solodesk.services.roles import Task
from solodesk.store import CaseStore
from solodesk.store.team_store import TeamStore
from solodesk.ui import prompts
from solodesk.ui.checkout_menu import break_check_out, check_in, check_out
from solodesk.ui.handover_dialogs import HandOverDialog, ImportHandoverDialog
from solodesk.ui.invitations_dialog import InvitationsDialog
from solodesk.ui.menus import add_action
from solodesk.ui.minutes import AmendmentDialog, CirculateDialog, DistributionLogView, MinutePreview

ConferenceProvider = Callable[[], tuple[CaseStore, int] | None]
StoreProvider = Callable[[], CaseStore | None]
Refresh = Callable[[int | None], None]


def _in_dialog(parent: QWidget, title: str, widget: QWidget, size: tuple[int, int]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(widget)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


class ConferenceMenu(QObject):
    """Builds the Conference menu and runs its actions.

    Attributes:
        actions: the menu's actions (enabled only while a store is open).
    """

    def __init__(
        self,
        window: QWidget,
        menu: QMenu,
        current: ConferenceProvider,
        store: StoreProvider | None = None,
        refresh: Refresh | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._current = current
        self._store = store or (lambda: None)
        self._refresh = refresh or (lambda _subject_id: None)
        self.actions: list[QAction] = []
        self.tasks: list[tuple[QAction, Task]] = []  # the actions a team store role may not be allowed
        self._add(menu, "I&nvitations and responses…", "Ctrl+Shift+J", self._on_invitation_responses, Task.INVITATIONS)
        menu.addSeparator()
        self._add(menu, "Minute &preview…", "Ctrl+Shift+V", self._on_preview)
        self._add(menu, "&Circulate minute…", "Ctrl+Shift+C", self._on_circulate, Task.CIRCULATE)
        self._add(menu, "&Distribution log…", "", self._on_distribution_log)
        self._add(menu, "&Amendments…", "", self._on_amendments, Task.AMEND)
        menu.addSeparator()
        self._add(menu, "&Invitation letters…", "", self._on_invitations)
        self._add(menu, "E&xecutive summary…", "", self._on_summary)
        menu.addSeparator()
        self._add(menu, "&Hand over conference…", "Ctrl+Shift+O", self._on_hand_over)
        self._add(menu, "I&mport handover…", "Ctrl+Shift+U", self._on_import_handover)
        menu.addSeparator()
        # Only for a team store: enabled when one is open (set_store), never counted among the store actions.
        self.team_actions = [
            add_action(window, menu, "Check &out for offline work…", "Ctrl+Shift+K", self._on_check_out),
            add_action(window, menu, "Check in &from this laptop…", "Ctrl+Shift+G", self._on_check_in),
            add_action(window, menu, "&Break check-out…", "", self._on_break_lease),
        ]
        menu.aboutToShow.connect(lambda: self.set_store(self._store()))
        self.set_store(None)

    def set_store(self, store: CaseStore | None) -> None:
        """Enable the check-out actions only while a team store is open."""
        for action in self.team_actions:
            action.setEnabled(isinstance(store, TeamStore))

    def _team_target(self) -> tuple[TeamStore, int] | None:
        target = self._target()
        if target is None or not isinstance(target[0], TeamStore):
            return None
        return target[0], target[1]

    def _add(self, menu: QMenu, text: str, shortcut: str, slot: Callable[[], None], task: Task | None = None) -> None:
        self.actions.append(add_action(self._window, menu, text, shortcut, slot))
        if task is not None:
            self.tasks.append((self.actions[-1], task))

    def _target(self) -> tuple[CaseStore, int] | None:
        target = self._current()
        if target is None:
            prompts.info(self._window, "Conference", "Open a conference, or choose one on the case's Conferences tab.")
        return target

    @Slot()
    def _on_invitation_responses(self) -> None:
        target = self._target()
        if target is not None:
            InvitationsDialog(*target, self._window).exec()

    @Slot()
    def _on_preview(self) -> None:
        target = self._target()
        if target is not None:
            _in_dialog(self._window, "Minute preview", MinutePreview(*target), (980, 720)).exec()

    @Slot()
    def _on_circulate(self) -> None:
        target = self._target()
        if target is not None:
            CirculateDialog(*target, self._window).exec()

    @Slot()
    def _on_distribution_log(self) -> None:
        target = self._target()
        if target is not None:
            _in_dialog(self._window, "Distribution log", DistributionLogView(*target), (900, 480)).exec()

    @Slot()
    def _on_amendments(self) -> None:
        target = self._target()
        if target is not None:
            AmendmentDialog(*target, self._window).exec()

    @Slot()
    def _on_invitations(self) -> None:
        target = self._target()
        if target is None:
            return
        folder = prompts.choose_folder(self._window, "Write the invitation letters into")
        if not folder:
            return
        try:
            paths = write_invitations(*target, Path(folder))
        except OSError as exc:
            prompts.error(self._window, "Invitation letters", f"The letters could not be written: {exc.strerror}.")
            return
        except (CannotIssueError, UnprintableTextError) as exc:
            prompts.error(self._window, "Invitation letters", str(exc))
            return
        prompts.info(self._window, "Invitation letters", f"Wrote {len(paths)} file(s) into {folder}.")

    @Slot()
    def _on_summary(self) -> None:
        target = self._target()
        if target is None:
            return
        requested_by = prompts.ask_text(self._window, "Executive summary", "Who asked for the summary?")
        if not requested_by:
            return
        path = prompts.choose_save_file(self._window, "Save the executive summary", "summary.pdf", "PDF (*.pdf)")
        if not path:
            return
        try:
            data = executive_summary(*target, requested_by)
        except (CannotIssueError, UnprintableTextError) as exc:
            prompts.error(self._window, "Executive summary", str(exc))
            return
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            prompts.error(self._window, "Executive summary", f"The summary could not be saved: {exc.strerror}.")
            return
        prompts.info(self._window, "Executive summary", f"Saved to {path}.")

    @Slot()
    def _on_hand_over(self) -> None:
        target = self._target()
        if target is None:
            return
        try:
            dialog = HandOverDialog(*target, self._window)
        except ChairError as exc:
            prompts.error(self._window, "Hand over conference", str(exc))
            return
        dialog.exec()

    @Slot()
    def _on_import_handover(self) -> None:
        store = self._store()
        if store is None:
            return
        path = prompts.choose_open_file(self._window, "Import a handover", prompts.PACK_FILTER)
        if not path:
            return
        dialog = ImportHandoverDialog(store, Path(path), self._window)
        dialog.exec()
        if dialog.import_result is not None:
            self._refresh(dialog.import_result.subject_id)  # only the imported case's row is re-read

    @Slot()
    def _on_check_out(self) -> None:
        target = self._team_target()
        if target is not None:
            check_out(self._window, *target)

    @Slot()
    def _on_check_in(self) -> None:
        store = self._store()
        if isinstance(store, TeamStore) and check_in(self._window, store):
            self._refresh(None)

    @Slot()
    def _on_break_lease(self) -> None:
        target = self._team_target()
        if target is not None:
            break_check_out(self._window, *target)
