"""Small reusable widgets."""

from PySide6.QtWidgets import QComboBox


def select_data(combo: QComboBox, value: object) -> None:
    """Select the combo item whose data equals value (first item when absent)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
