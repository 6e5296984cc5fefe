"""Small reusable widgets."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

_UNKNOWN = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date field that can also say "Not known" (its minimum date stands for none)."""

    def __init__(self, parent: QWidget | None = None, none_text: str = "Not known") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(_UNKNOWN)
        self.setSpecialValueText(none_text)
        self.set_value(None)

    def value(self) -> date | None:
        """Return the date, or None when not known."""
        current = self.date()
        if current == _UNKNOWN:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        """Show a date, or "Not known" for None."""
        self.setDate(_UNKNOWN if value is None else QDate(value.year, value.month, value.day))


def select_data(combo: QComboBox, value: object) -> None:
    """Select the combo item whose data equals value (first item when absent)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
