"""The laptop's own store for checking conferences out of a team store: which folder, which passphrase.

A folder with no store in it gets a new one, its passphrase typed twice under the
same rules (and the same strength hint) as the lock screen's "create store" page;
a folder with a store is unlocked with its passphrase. Opening or creating runs
on a worker thread (key derivation is slow): :func:`open_laptop` is that work.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from solodesk import paths
from solodesk.services import passphrase as passphrase_rules
from solodesk.store import CaseStore
from solodesk.store.basics import store_exists
from solodesk.ui import prompts
from solodesk.ui.style import ERROR_STYLE, NOTE_STYLE


def default_laptop_folder() -> Path:
    """Return where a laptop keeps what it checked out unless told otherwise: ``<data folder>/offline``."""
    return paths.data_dir() / "offline"


@dataclass(frozen=True)
class LaptopRequest:
    """What the person typed: the folder, its passphrase, and whether a new store is to be made there."""

    folder: Path
    passphrase: str
    create: bool
    folder_existed: bool


@dataclass
class OpenedLaptop:
    """The laptop's store, opened by a job; the recovery key only when the job created it."""

    store: CaseStore
    recovery_key: str | None


def open_laptop(request: LaptopRequest) -> OpenedLaptop:
    """Create or unlock the laptop's store (slow: runs as a job).

    Raises:
        StoreError: wrong passphrase, a store in use, or a folder that cannot hold a store.
    """
    if request.create:
        store, recovery_key = CaseStore.create(request.folder, request.passphrase)
        return OpenedLaptop(store, recovery_key)
    return OpenedLaptop(CaseStore.open_with_passphrase(request.folder, request.passphrase), None)


def discard_new_store(opened: OpenedLaptop, request: LaptopRequest) -> None:
    """Close a store made for a check-out that was then cancelled, and take it away again.

    The folder was empty (or absent) before, so removing what is in it removes only that store.
    """
    opened.store.close()
    if not request.create:
        return
    if not request.folder_existed:
        shutil.rmtree(request.folder, ignore_errors=True)
        return
    for child in request.folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _secret(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class LaptopStorePage(QWidget):
    """The folder of the laptop's store and its passphrase (twice when the store is new).

    Attributes:
        folder_field, passphrase, repeat: what the person types.
        strength_label: the new passphrase's strength, as on the lock screen.
        error_label: why the last attempt was refused, in one sentence.
    """

    def __init__(self, intro: str, may_create: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.may_create = may_create
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.folder_field = QLineEdit(str(default_laptop_folder()))
        self.folder_field.setAccessibleName("Laptop store folder")
        self.folder_field.textChanged.connect(self._folder_changed)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder_field, 1)
        row.addWidget(browse)
        self.state_label = QLabel()
        self.state_label.setStyleSheet(NOTE_STYLE)
        self.state_label.setWordWrap(True)
        self.passphrase = _secret("The laptop store's passphrase")
        self.passphrase.textChanged.connect(self._passphrase_changed)
        self.strength_label = QLabel()
        self.strength_label.setStyleSheet(NOTE_STYLE)
        self.strength_label.setWordWrap(True)
        self.repeat = _secret("Repeat the passphrase")
        self.repeat_label = QLabel("Repeat")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Laptop store", row)
        form.addRow("", self.state_label)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("", self.strength_label)
        form.addRow(self.repeat_label, self.repeat)
        form.addRow("", self.error_label)
        column = QVBoxLayout(self)
        column.addWidget(intro_label)
        column.addLayout(form)
        column.addStretch(1)
        self._folder_changed(self.folder_field.text())

    def is_new(self) -> bool:
        """Return True when the folder shown holds no store yet."""
        text = self.folder_field.text().strip()
        return bool(text) and not store_exists(Path(text).expanduser())

    def request(self) -> LaptopRequest | None:
        """Return what was typed, checked; or None, with the reason shown under the fields."""
        text, first = self.folder_field.text().strip(), self.passphrase.text()
        if not text:
            self._refuse("Choose the folder of the laptop's store.", self.folder_field)
            return None
        folder, create = Path(text).expanduser(), self.is_new()
        if create and not self.may_create:
            self._refuse(f"There is no store in {folder}: choose the folder you checked out into.")
            return None
        if create and folder.is_dir() and any(folder.iterdir()):
            self._refuse(f"{folder} holds other files: choose an empty folder for a new store.")
            return None
        if create:
            if first != self.repeat.text():
                self._refuse("The two passphrases do not match.", self.passphrase)
                return None
            try:
                passphrase_rules.check_new_passphrase(first)
            except ValueError as exc:
                self._refuse(str(exc), self.passphrase)
                return None
        elif not first:
            self._refuse("Type the laptop store's passphrase.", self.passphrase)
            return None
        self.error_label.clear()
        self.passphrase.clear()
        self.repeat.clear()
        return LaptopRequest(folder, first, create, folder.exists())

    def refuse(self, sentence: str) -> None:
        """Show why opening failed; the passphrase is typed again."""
        self._refuse(sentence, self.passphrase)

    def _refuse(self, sentence: str, field: QLineEdit | None = None) -> None:
        self.error_label.setText(sentence)
        if field is not None:
            field.setFocus()

    def _folder_changed(self, _text: str) -> None:
        new = self.is_new()
        self.repeat.setVisible(new and self.may_create)
        self.repeat_label.setVisible(new and self.may_create)
        self.strength_label.setVisible(new and self.may_create)
        if not self.folder_field.text().strip():
            self.state_label.setText("")
        elif new and self.may_create:
            self.state_label.setText("No store here yet: a new one is made, with this passphrase typed twice.")
        elif new:
            self.state_label.setText("There is no laptop store in this folder.")
        else:
            self.state_label.setText("A store is here: type its passphrase.")

    def _passphrase_changed(self, text: str) -> None:
        if self.strength_label.isVisible() or self.is_new():
            self.strength_label.setText(passphrase_rules.hint(text) if text and self.may_create else "")

    def _choose(self) -> None:
        chosen = prompts.choose_folder(self, "The laptop store's folder", self.folder_field.text())
        if chosen:
            self.folder_field.setText(chosen)
