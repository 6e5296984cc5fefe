"""Who may see it? The checklist the chair answers when restricting an item in chair mode.

One list, driven by the keyboard: agency kinds first (ticked as the chair ticked them
the last time), then the invitees present. Up and Down move, Space ticks, Enter
keeps the choice, Escape leaves the item for the chair alone. The chair is never
in the list: the chair always sees every restricted item.
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgencyKind
from solodesk.services import clearance
from solodesk.services.audience import KIND_WORDS, Audience, describe
from solodesk.services.clearance import AudienceChoices
from solodesk.store import CaseStore

KIND_ROLE = Qt.ItemDataRole.UserRole
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class AudienceDialog(QDialog):
    """Ask who, besides the chair, may see one restricted item; save the answer on Enter.

    Attributes:
        checklist: agency kinds, then present invitees, each with a tick.
        summary: the audience as it will be printed ("police and chair only").

    Signals:
        saved: the audience was saved (its words).
    """

    saved = Signal(str)

    def __init__(self, store: CaseStore, choices: AudienceChoices, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.choices = choices
        self.setWindowTitle("Who may see it?")
        intro = QLabel(f"<b>{label}</b> is restricted. Tick who may see it; the chair always does.")
        intro.setWordWrap(True)
        self.checklist = QListWidget()
        self.checklist.setAccessibleName("Who may see it")
        current = choices.current
        fresh = not current.kinds and not current.contacts
        for kind in AgencyKind:
            item = QListWidgetItem(KIND_WORDS[kind].capitalize())
            item.setData(KIND_ROLE, kind.value)
            on = choices.last_kinds.get(kind, False) if fresh else kind in current.kinds
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        for person in choices.people:
            item = QListWidgetItem(f"{person.name} ({person.agency})" if person.agency else person.name)
            item.setData(PERSON_ROLE, person.contact_id)
            on = person.contact_id in current.contacts
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        self.checklist.setCurrentRow(0)
        self.summary = QLabel()
        self.summary.setAccessibleName("Audience")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restrict to these")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Chair only" if fresh else "Keep as it was")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.checklist.itemChanged.connect(self._show_summary)
        self._show_summary()
        self.checklist.setFocus()

    def audience(self) -> Audience:
        """Return the audience as ticked (withholdings the matrix recorded are kept)."""
        kinds, contacts = set(), set()
        for row in range(self.checklist.count()):
            item = self.checklist.item(row)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            if item.data(KIND_ROLE):
                kinds.add(AgencyKind(item.data(KIND_ROLE)))
            else:
                contacts.add(int(item.data(PERSON_ROLE)))
        withheld = {c: r for c, r in self.choices.current.withheld.items() if c not in contacts}
        return Audience(frozenset(contacts), frozenset(kinds), withheld)

    @Slot()
    def _show_summary(self) -> None:
        names = {p.contact_id: p.name for p in self.choices.people}
        self.summary.setText("Restricted — " + describe(self.audience(), names))

    def accept(self) -> None:
        """Save the ticked audience and remember the agency kinds for the next item."""
        audience = self.audience()
        clearance.set_audience(self.store, self.choices.key, audience)
        clearance.remember_kinds(self.store, {kind: kind in audience.kinds for kind in AgencyKind})
        self.saved.emit(self.summary.text())
        super().accept()


def ask_audience(store: CaseStore, key: str, label: str, parent: QWidget | None) -> AudienceDialog:
    """Open the checklist for an item just restricted (window-modal; it saves itself on Enter)."""
    dialog = AudienceDialog(store, clearance.audience_choices(store, key), label, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
