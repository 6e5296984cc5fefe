"""The Case menu's preparation and pack actions: prepare, export, import, pack PDF.

The window supplies the open store, the case in front of the user and a way to
refresh its views, so this module never reaches into the window's widgets.
The pack PDF is rendered by a background job (a busy cursor meanwhile).
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout, QWidget

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.packs import PackError
from solodesk.services.packs.conference_pack import pack_recipients, write_conference_pack_pdf
from solodesk.services.roles import Task
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.menus import add_action
from solodesk.ui.packs import CasePreparationPanel, ExportPackDialog, ImportPackDialog

CaseProvider = Callable[[], tuple[CaseStore, int] | None]
StoreProvider = Callable[[], CaseStore | None]
Refresh = Callable[[int | None], None]


class PackMenu(QObject):
    """Adds the preparation and pack actions to a menu and runs them.

    Attributes:
        actions: the actions added (enabled only while a store is open).
    """

    def __init__(
        self, window: QWidget, menu: QMenu, current_case: CaseProvider, store: StoreProvider, refresh: Refresh
    ) -> None:
        super().__init__(window)
        self._window = window
        self._current_case = current_case
        self._store = store
        self._refresh = refresh
        self.actions: list[QAction] = []
        self.tasks: list[tuple[QAction, Task]] = []  # the actions a team store role may not be allowed
        self.pdf_job: Job | None = None  # the last pack PDF being written
        self._add(menu, "&Prepare for conference…", "Ctrl+Shift+R", self._on_prepare, Task.PREPARE)
        self._add(menu, "Conference pack &PDF…", "", self._on_pack_pdf)
        menu.addSeparator()
        self._add(menu, "E&xport pack…", "Ctrl+Shift+X", self._on_export)
        self._add(menu, "&Import pack…", "Ctrl+Shift+I", self._on_import, Task.IMPORT_PACK)

    def _add(self, menu: QMenu, text: str, shortcut: str, slot: Callable[[], None], task: Task | None = None) -> None:
        self.actions.append(add_action(self._window, menu, text, shortcut, slot))
        if task is not None:
            self.tasks.append((self.actions[-1], task))

    @Slot()
    def _on_prepare(self) -> None:
        case = self._current_case()
        if case is None:
            return
        dialog = QDialog(self._window)
        dialog.setWindowTitle("Prepare for conference")
        layout = QVBoxLayout(dialog)
        layout.addWidget(CasePreparationPanel(*case, dialog))
        dialog.resize(1100, 680)
        dialog.exec()
        self._refresh(case[1])

    @Slot()
    def _on_pack_pdf(self) -> None:
        case = self._current_case()
        if case is None:
            return
        try:
            names = pack_recipients(*case)
        except LookupError as exc:
            prompts.error(self._window, "Conference pack", str(exc))
            return
        recipient = prompts.ask_choice(self._window, "Conference pack", "Whose copy?", names)
        if not recipient:
            return
        path = prompts.choose_save_file(self._window, "Save the conference pack", "conference-pack.pdf", "PDF (*.pdf)")
        if not path:
            return
        store, subject_id = case

        def work(_handle: JobHandle) -> None:
            # The save dialog has already asked whether to replace an existing file.
            write_conference_pack_pdf(store, subject_id, recipient, Path(path), overwrite=True)

        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.pdf_job = runner().submit(
            work,
            on_success=lambda _none: prompts.info(
                self._window, "Conference pack", f"Saved {recipient}'s copy to {path}."
            ),
            on_failure=self._pack_pdf_failed,
            owner=self._window,
        )
        self.pdf_job.finished.connect(QGuiApplication.restoreOverrideCursor)

    def _pack_pdf_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, LookupError | PackError | UnprintableTextError):
            raise exc
        prompts.error(self._window, "Conference pack", str(exc))

    @Slot()
    def _on_export(self) -> None:
        case = self._current_case()
        if case is not None:
            ExportPackDialog(*case, self._window).exec()

    @Slot()
    def _on_import(self) -> None:
        store = self._store()
        if store is None:
            return
        path = prompts.choose_pack_to_open(self._window)
        if not path:
            return
        dialog = ImportPackDialog(store, Path(path), self._window)
        dialog.exec()
        if dialog.import_result is not None:
            self._refresh(dialog.import_result.subject_id)  # only the imported case's row is re-read
