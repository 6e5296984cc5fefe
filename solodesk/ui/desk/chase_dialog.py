"""Chase actions: reminder letters (and e-mail drafts) for each owner, written to a folder."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.chasing import ChaseList, store_chase_list
from solodesk.services.reminders import ChaseFolderError, write_reminders
from solodesk.store import CaseStore, StoreError
from solodesk.ui import prompts

# Owners listed by name in the dialog; the rest are counted, so it fits on a screen.
MAX_OWNERS_LISTED = 12


def _owner_line(owner_name: str, agency: str, email: str, count: int, overdue: int) -> str:
    actions = "1 action" if count == 1 else f"{count} actions"
    late = f", {overdue} overdue" if overdue else ""
    return f"• {owner_name} — {agency or 'no agency'}: {actions}{late} — {email or 'no e-mail address'}"


class ChaseDialog(QDialog):
    """Lists whom the letters go to; asks for a folder and whether to write ``.eml`` drafts.

    Attributes:
        chase: the owners and actions the letters will list.
        written: the sentence saying what was written, once written.
    """

    def __init__(self, store: CaseStore, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.as_of = as_of
        self.written = ""
        self.chase: ChaseList = store_chase_list(store, as_of)
        self.setWindowTitle("Chase actions")
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"Reminder letters for actions overdue or due by {self.chase.due_by:%a %d %b %Y}"
            f" (as of {as_of:%a %d %b %Y}), one per owner. Nothing is sent."
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.owners = QLabel(self._owners_text())
        self.owners.setAccessibleName("Owners to chase")
        self.owners.setWordWrap(True)
        self.owners.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.owners)
        row = QHBoxLayout()
        folder_label = QLabel("&Folder")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder")
        self.folder.setPlaceholderText("the folder to write the letters into")
        folder_label.setBuddy(self.folder)
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self._on_choose)
        row.addWidget(folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.drafts = QCheckBox("Also write an &e-mail draft (.eml) for each owner, with the letter attached")
        self.drafts.setAccessibleName("E-mail drafts")
        layout.addWidget(self.drafts)
        self.result_label = QLabel("")
        self.result_label.setAccessibleName("Result")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # The accept role makes Write the button Enter presses; ``accepted`` is left unconnected,
        # so writing keeps the dialog open to show what was written.
        self.write_button = self.buttons.addButton("&Write letters", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.write_button.setEnabled(bool(self.chase.owners))
        self.write_button.clicked.connect(self._on_write)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.write_button.setDefault(True)  # only once in the dialog: Qt remembers a dialog's default then
        self.resize(720, 320)
        self.folder.setFocus()

    def _owners_text(self) -> str:
        chase = self.chase
        if not chase.owners:
            lines = ["Nobody to chase: no owner has an action overdue or due within 14 days."]
        else:
            owners = "1 owner" if len(chase.owners) == 1 else f"{len(chase.owners)} owners"
            lines = [f"{owners}, {chase.action_count} action(s):"]
            shown = chase.owners[:MAX_OWNERS_LISTED]
            lines += [_owner_line(o.owner, o.agency, o.email, len(o.actions), o.overdue) for o in shown]
            if len(chase.owners) > len(shown):
                lines.append(f"… and {len(chase.owners) - len(shown)} more owners.")
        if chase.unowned_actions:
            lines.append(f"{chase.unowned_actions} action(s) with no owner named cannot be chased.")
        return "\n".join(lines)

    def _show_result(self, sentence: str, failed: bool) -> None:
        self.result_label.setStyleSheet("color: #a4262c;" if failed else "color: #2a5d2a;")
        self.result_label.setText(sentence)

    @Slot()
    def _on_choose(self) -> None:
        folder = prompts.choose_folder(self, "Write the reminder letters into", self.folder.text())
        if folder:
            self.folder.setText(folder)
            self.write_button.setFocus()

    @Slot()
    def _on_write(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self._show_result("Choose the folder to write the letters into.", failed=True)
            self.folder.setFocus()
            return
        folder = Path(text).expanduser()
        try:
            result = write_reminders(self.store, self.as_of, folder, drafts=self.drafts.isChecked())
        except (ChaseFolderError, UnprintableTextError) as exc:
            self._show_result(f"Nothing was written. {exc}", failed=True)
            return
        except StoreError as exc:  # disk full, read-only or forbidden: what was written stays, and is audited
            self._show_result(f"Not every letter was written. {exc}", failed=True)
            return
        except OSError as exc:
            self._show_result(f"The letters could not be written: {exc.strerror or exc}.", failed=True)
            return
        self.written = result.sentence(folder)
        self._show_result(self.written, failed=False)
        # Written once: a second press would only add "-2" copies beside these.
        self.write_button.setEnabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)  # Enter now closes
        close.setFocus()
