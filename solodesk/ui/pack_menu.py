"""The Case menu's preparation and pack actions: prepare, export, import, pack PDF.

The window supplies the open store, the case in front of the user and a way to
refresh its views, so this module never reaches into the window's widgets.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout, QWidget

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.packs import PackError
from solodesk.services.packs.conference_pack import pack_recipients, write_conference_pack_pdf
from solodesk.store import CaseStore
from solodesk.ui import prompts
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
        self._add(menu, "&Prepare for conference…", "Ctrl+Shift+R", self._on_prepare)
        self._add(menu, "Conference pack &PDF…", "", self._on_pack_pdf)
        menu.addSeparator()
        self._add(menu, "E&xport pack…", "Ctrl+Shift+X", self._on_export)
        self._add(menu, "&Import pack…", "Ctrl+Shift+I", self._on_import)

    def _add(self, menu: QMenu, text: str, shortcut: str, slot: Callable[[], None]) -> None:
        self.actions.append(add_action(self._window, menu, text, shortcut, slot))

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
        try:
            # The save dialog has already asked whether to replace an existing file.
            write_conference_pack_pdf(*case, recipient, Path(path), overwrite=True)
        except (LookupError, PackError, UnprintableTextError) as exc:
            prompts.error(self._window, "Conference pack", str(exc))
            return
        prompts.info(self._window, "Conference pack", f"Saved {recipient}'s copy to {path}.")

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
            self._refresh(None)
