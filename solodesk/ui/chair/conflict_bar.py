"""The "Changed by NAME at TIME — reload." bar: another person saved a field the chair was typing in.

The refused field keeps the chair's text and is not saved again until the chair
reloads (F5 or the button): then it shows what the other person saved, with the
chair's own text one Ctrl+Z away, so choosing theirs or one's own is a decision,
never a silent overwrite either way.
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

RELOADED = "Reloaded: the field shows what was saved there; Ctrl+Z in it puts your text back."


class ConflictBar(QFrame):
    """Says a save was refused, and offers to reload.

    Signals:
        reload_requested: the chair pressed F5 or Reload.
    """

    reload_requested = Signal()

    def __init__(self, scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        self.setStyleSheet("QFrame#conflictBar { background: #fdeaea; border: 1px solid #a31515; border-radius: 3px; }")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Save refused")
        self.reload_button = QPushButton("Reload (F5)")
        self.reload_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # The cursor stays in the chair's field.
        self.reload_button.clicked.connect(self.reload_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 4, 3)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload_button)
        self.shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), scope)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.reload_requested)
        self.hide()

    def message(self) -> str:
        """Return the sentence shown (empty when the bar is hidden)."""
        return self.label.text() if not self.isHidden() else ""

    @Slot(str)
    def show_conflict(self, sentence: str) -> None:
        """Show why a save was refused, with the Reload button."""
        self.label.setText(sentence)
        self.reload_button.show()
        self.show()

    @Slot()
    def on_saved(self) -> None:
        """Hide the note left by a reload once a save goes through (a refusal stays until reloaded)."""
        if self.reload_button.isHidden():
            self.hide()

    def reloaded(self, restored: int) -> None:
        """Say what the reload did to refused fields (hide when there were none)."""
        if not restored:
            self.hide()
            return
        self.label.setText(RELOADED)
        self.reload_button.hide()
