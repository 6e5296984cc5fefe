"""Choices the action plan's rows share: an action's owner and its area of the plan."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from solodesk.models import Attendance, PlanArea
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.ui.chair.fields import EnumCombo

AGENCY_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def owner_combo(snap: ConferenceSnapshot, current: int | None, name: str) -> QComboBox:
    """Return a choice of owner: the people present first, then the other invitees."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem("— no owner —", None)
    present = [i for i in snap.invitees if i.attendance == Attendance.PRESENT]
    others = [i for i in snap.invitees if i.attendance != Attendance.PRESENT]
    for invitee in present + others:
        suffix = "" if invitee in present else " (not present)"
        combo.addItem(f"{invitee.name}{suffix}", invitee.contact_id)
        combo.setItemData(combo.count() - 1, invitee.agency, AGENCY_ROLE)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def area_combo(current: PlanArea, name: str) -> EnumCombo:
    """Return a choice of plan area showing ``current``."""
    combo = EnumCombo(PlanArea, name)
    combo.set_value(current)
    return combo
