"""The main window's menus: their titles before the first paint, their actions just after it.

A mixin of :class:`solodesk.ui.main_window.MainWindow`. Building a dozen actions with their
shortcuts creates the action and key-sequence types (with their enums) and takes several
milliseconds the lock window's first paint need not wait for; the menu bar shows its titles
at once, and the actions are in place before anyone can open a menu or press a shortcut
(or at unlocking, whichever comes first).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMenu

from solodesk import APP_NAME
from solodesk.ui.desk_host import CASES
from solodesk.ui.first_paint import after_next_paint

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from solodesk.store import CaseStore
    from solodesk.ui.conference_menu import ConferenceMenu
    from solodesk.ui.pack_menu import PackMenu

CONTACTS = 1  # the workspace's contacts area (solodesk.ui.workspace)


class MainMenus:
    """The menu bar of the main window."""

    # Provided by the window.
    store: "CaseStore | None"
    menuBar: Callable[[], object]  # noqa: N815 - Qt's name
    lock: Callable[[], None]
    close: Callable[[], bool]
    show_desk: Callable[[], None]
    _show_area: Callable[[int], None]
    _on_new_case: Callable[[], None]
    _on_settings: Callable[[], None]
    _on_find: Callable[[], None]
    _on_management_information: Callable[[], None]
    _on_edit_case: Callable[[], None]
    _on_convene: Callable[[], None]
    _on_open_conference: Callable[[], None]
    _on_shortcuts: Callable[[], None]
    _on_about: Callable[[], None]
    _current_case: Callable[[], "tuple[CaseStore, int] | None"]
    _current_conference: Callable[[], "tuple[CaseStore, int] | None"]
    _refresh_workspace: Callable[[int | None], None]

    def _build_menus(self) -> None:
        """Put up the menu titles; their actions follow the first paint (:meth:`_fill_menus`)."""
        assert isinstance(self, QMainWindow)
        bar = self.menuBar()
        self.store_actions: list[QAction] = []
        self._file_menu, self._view_menu = bar.addMenu("&File"), bar.addMenu("&View")
        self._case_menu, self._conference_qmenu = bar.addMenu("&Case"), bar.addMenu("C&onference")
        self._help_menu = bar.addMenu("&Help")
        self.pack_menu: PackMenu | None = None
        self.conference_menu: ConferenceMenu | None = None
        self._menus_filled = False
        after_next_paint(self, self._fill_menus)

    def _fill_menus(self) -> None:
        """Add the menus' actions (once): after the first paint, or at unlocking if that comes first."""
        if self._menus_filled:
            return
        self._menus_filled = True
        assert isinstance(self, QMainWindow)
        from PySide6.QtGui import QAction, QKeySequence

        from solodesk.ui.menus import key_sequence, set_shortcut

        file_menu, view_menu, case_menu = self._file_menu, self._view_menu, self._case_menu
        self.new_case_action = self._action(file_menu, "&New case…", "Ctrl+N", self._on_new_case)
        self._action(file_menu, "&Settings…", "Ctrl+,", self._on_settings)
        file_menu.addSeparator()
        self.lock_action = self._action(file_menu, "&Lock", "Ctrl+L", self.lock)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        # What QKeySequence(StandardKey.Quit) holds, without its constructor's overloads (see set_shortcut).
        set_shortcut(quit_action, next(iter(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)), QKeySequence()))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._action(view_menu, "&Desk (what is due)", "Ctrl+0", self.show_desk)
        self._action(view_menu, "&Cases", "Ctrl+1", lambda: self._show_area(CASES))
        self._action(view_menu, "C&ontacts", "Ctrl+2", lambda: self._show_area(CONTACTS))
        self._action(view_menu, "&Find case", "Ctrl+F", self._on_find)
        view_menu.addSeparator()
        self.management_information_action = self._action(
            view_menu, "&Management information…", "", self._on_management_information
        )
        self.edit_case_action = self._action(case_menu, "&Edit case…", "Ctrl+E", self._on_edit_case)
        self.convene_action = self._action(case_menu, "&Convene conference…", "Ctrl+Shift+N", self._on_convene)
        self._action(case_menu, "&Open conference (chair mode)", "Ctrl+O", self._on_open_conference)
        case_menu.addSeparator()  # the pack actions follow, added at the first unlock (_build_store_menus)
        shortcuts = QAction("&Keyboard shortcuts", self)
        set_shortcut(shortcuts, key_sequence("F1"))
        shortcuts.triggered.connect(self._on_shortcuts)
        self._help_menu.addAction(shortcuts)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._on_about)
        self._help_menu.addAction(about)
        self._set_store_actions_enabled(self.store is not None)

    def _action(self, menu: QMenu, text: str, shortcut: str, slot: Callable[[], object]) -> "QAction":
        """Add a menu action that needs an unlocked store."""
        from solodesk.ui.menus import add_action

        assert isinstance(self, QMainWindow)
        action = add_action(self, menu, text, shortcut, slot)
        self.store_actions.append(action)
        return action

    def _set_store_actions_enabled(self, enabled: bool) -> None:
        for action in self.store_actions:
            action.setEnabled(enabled)

    def _set_team_actions(self, store: "CaseStore | None") -> None:
        if self.conference_menu is not None:
            self.conference_menu.set_store(store)

    def _build_store_menus(self) -> None:
        """Add the store-backed menus at the first unlock: their modules need the store's libraries."""
        from solodesk.ui.conference_menu import ConferenceMenu
        from solodesk.ui.pack_menu import PackMenu

        assert isinstance(self, QMainWindow)
        self._fill_menus()
        if self.pack_menu is None:
            self.pack_menu = PackMenu(
                self, self._case_menu, self._current_case, lambda: self.store, self._refresh_workspace
            )
            self.store_actions.extend(self.pack_menu.actions)
        if self.conference_menu is None:
            self.conference_menu = ConferenceMenu(
                self, self._conference_qmenu, self._current_conference, lambda: self.store, self._refresh_workspace
            )
            self.store_actions.extend(self.conference_menu.actions)
