"""What the pack and handover dialogs share: a file and a new pack passphrase typed twice, or one to open a pack.

Exporting a pack and handing a conference over ask for the same things in the same
order, and importing either asks for its passphrase on the same kind of page, under
the same Open and Import buttons; the texts differ only where the dialogs name their
own file.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.packs import PACK_SUFFIX
from solodesk.store import check_passphrase_rules
from solodesk.ui.packs.widgets import ERROR_STYLE, HINT_STYLE


def secret(placeholder: str = "") -> QLineEdit:
    """Return an entry that hides what is typed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def busy_bar() -> QProgressBar:
    """Return a moving bar with no end, hidden until a job runs."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setVisible(False)
    return bar


class NewPackForm:
    """The file to write, with Choose…, and a new pack passphrase typed twice, with a hint and an error line.

    Attributes:
        path_field: where the pack is written.
        passphrase: the pack passphrase.
        repeat: the same again.
        error_label: why the last attempt was refused.
    """

    def __init__(self, path_text: str, choose: Callable[[str], str]) -> None:
        """Build the widgets; ``choose`` asks for a file, given the current one (an empty answer keeps it)."""
        self._choose = choose
        self.path_field = QLineEdit(path_text)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(browse)
        self.passphrase = secret("Pack passphrase")
        self.repeat = secret("The same again")
        self._hint = QLabel("At least 8 characters; a few unrelated words are best. It is not the store's passphrase.")
        self._hint.setStyleSheet(HINT_STYLE)
        self._hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self._form = QFormLayout()
        self._form.addRow("File", path_row)
        self._form.addRow("Pack passphrase", self.passphrase)
        self._form.addRow("Repeat it", self.repeat)

    def add_to(self, column: QVBoxLayout) -> None:
        """Lay the rows out in a dialog's column, then the hint and the error line."""
        column.addLayout(self._form)
        column.addWidget(self._hint)
        column.addWidget(self.error_label)

    def checked(self, no_path: str) -> tuple[str, Path] | None:
        """Return the passphrase and the file, or say why not (``no_path`` when no file is named) and return None."""
        passphrase, path_text = self.passphrase.text(), self.path_field.text().strip()
        if passphrase != self.repeat.text():
            self.error_label.setText("The two passphrases do not match.")
            return None
        try:
            check_passphrase_rules(passphrase)
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return None
        if not path_text:
            self.error_label.setText(no_path)
            return None
        return passphrase, Path(path_text)

    def clear(self) -> None:
        """Forget both entries and the error once the job has what it needs."""
        self.passphrase.clear()
        self.repeat.clear()
        self.error_label.clear()

    def _choose_path(self) -> None:
        chosen = self._choose(self.path_field.text())
        if chosen:
            self.path_field.setText(chosen if chosen.endswith(PACK_SUFFIX) else chosen + PACK_SUFFIX)


def passphrase_page(intro_text: str, passphrase: QLineEdit) -> QWidget:
    """Return the first page of an import: what happens next, then the pack passphrase."""
    page = QWidget()
    intro = QLabel(intro_text)
    intro.setWordWrap(True)
    form = QFormLayout()
    form.addRow("Pack passphrase", passphrase)
    column = QVBoxLayout(page)
    column.addWidget(intro)
    column.addLayout(form)
    column.addStretch(1)
    return page


def open_then_import(
    dialog: QDialog, pages: QStackedWidget, open_text: str, on_open: Callable[[], None], on_import: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton, QProgressBar]:
    """Lay out an import dialog: its pages, a busy bar, then Cancel, the open button and Import (shown with a preview).

    Returns:
        the button box, the open button, the Import button and the busy bar.
    """
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    open_button = buttons.addButton(open_text, QDialogButtonBox.ButtonRole.ActionRole)
    import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
    import_button.setVisible(False)
    open_button.clicked.connect(on_open)
    import_button.clicked.connect(on_import)
    buttons.rejected.connect(dialog.reject)
    bar = busy_bar()
    column = QVBoxLayout(dialog)
    column.addWidget(pages, 1)
    column.addWidget(bar)
    column.addWidget(buttons)
    return buttons, open_button, import_button, bar
