"""Offering a team store's user only what their role may do (issue 14).

The server refuses the rest whatever the app does (grants, row security); greying it here,
with the reason as its tip, spares a worker or a manager from starting work that cannot be saved.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from solodesk.services.roles import Permissions, Task

if TYPE_CHECKING:
    from solodesk.ui.main_window import MainWindow


def offer(action: QAction, permissions: Permissions, task: Task) -> None:
    """Enable ``action`` when the role allows ``task``; otherwise grey it, its tip saying why."""
    allowed = permissions.may(task)
    action.setEnabled(allowed)
    why = "" if allowed else permissions.refusal(task)
    action.setToolTip(why or action.text().replace("&", ""))
    action.setStatusTip(why)


def offer_for_role(window: "MainWindow", permissions: Permissions) -> None:
    """Grey what the signed-in person's role does not allow, across the menus, the register and the desk."""
    offer(window.new_case_action, permissions, Task.ADD_CASE)
    offer(window.edit_case_action, permissions, Task.EDIT_CASE)
    offer(window.convene_action, permissions, Task.CONVENE)
    offer(window.management_information_action, permissions, Task.MANAGEMENT_INFORMATION)
    for menu in (window.conference_menu, window.pack_menu):
        for action, task in menu.tasks if menu is not None else []:
            offer(action, permissions, task)
    for qmenu in window.menuBar().findChildren(QMenu):
        qmenu.setToolTipsVisible(True)  # a greyed action's tip is the reason
    if window.workspace is not None:
        button = window.workspace.register_view.new_button
        button.setEnabled(permissions.may(Task.ADD_CASE))
        button.setToolTip("" if button.isEnabled() else permissions.refusal(Task.ADD_CASE))
    if window.desk_view is not None:
        window.desk_view.offer_convening(permissions.may(Task.CONVENE), permissions.refusal(Task.CONVENE))
