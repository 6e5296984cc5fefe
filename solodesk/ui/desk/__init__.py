"""The desk: what is due and overdue across every case; release notifications."""

from solodesk.ui.desk.desk_view import DeskTarget, DeskView
from solodesk.ui.desk.mi_dialog import ManagementInformationDialog
from solodesk.ui.desk.notification_dialog import NotificationDialog

__all__ = ["DeskTarget", "DeskView", "ManagementInformationDialog", "NotificationDialog"]
