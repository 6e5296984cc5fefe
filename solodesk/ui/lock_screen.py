"""The lock screen: create a store, unlock it, or recover it.

Nothing here touches the database directly: the store's own constructors do
the work, and the unlocked :class:`CaseStore` is handed on by a signal.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk import APP_NAME
from solodesk.services import passphrase as passphrase_rules
from solodesk.store import CaseStore, KeyringUnavailableError, StoreError, keyring_available
from solodesk.ui.style import ERROR_STYLE


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class LockScreen(QWidget):
    """Create, unlock or recover the store in one folder.

    Signals:
        unlocked(CaseStore): the store is open; the receiver owns it.
    """

    unlocked = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pending_store: CaseStore | None = None
        self.pages = QStackedWidget()
        self.unlock_page = self._build_unlock_page()
        self.create_page = self._build_create_page()
        self.recovery_page = self._build_recovery_page()
        self.recovery_key_page = self._build_recovery_key_page()
        for page in (self.unlock_page, self.create_page, self.recovery_page, self.recovery_key_page):
            self.pages.addWidget(page)

        title = QLabel(APP_NAME)
        title_font = QFont(title.font())
        title_font.setPointSize(title_font.pointSize() + 10)
        title_font.setBold(True)
        title.setFont(title_font)
        subtitle = QLabel("Risk management case conferences")
        self.folder_label = QLabel(f"Store: {folder}")
        self.folder_label.setStyleSheet("color: #555;")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        column = QVBoxLayout()
        column.addStretch(1)
        for widget in (title, subtitle, self.folder_label):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(18)
        column.addWidget(self.pages, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.setLayout(column)
        self.reset()

    # Public ------------------------------------------------------------------

    def reset(self) -> None:
        """Show the right page for the folder and clear every secret field."""
        for field in self.findChildren(QLineEdit):
            field.clear()
        for label in (self.unlock_error, self.create_error, self.recover_error):
            label.clear()
        if CaseStore.exists(self.folder):
            self.pages.setCurrentWidget(self.unlock_page)
            self.passphrase_field.setFocus()
        else:
            self.pages.setCurrentWidget(self.create_page)
            self.new_passphrase.setFocus()
        has_keyring = keyring_available()
        for box in (self.remember_box, self.create_remember_box):
            box.setEnabled(has_keyring)
            box.setToolTip("" if has_keyring else "No system keyring is available on this computer.")
        self.remember_box.setChecked(has_keyring and CaseStore.remembers_key(self.folder))

    def try_remembered_key(self) -> bool:
        """Unlock with the key remembered on this computer, if there is one."""
        if not CaseStore.exists(self.folder) or not CaseStore.remembers_key(self.folder):
            return False
        try:
            store = CaseStore.open_with_keyring(self.folder)
        except KeyringUnavailableError as exc:
            self.unlock_error.setText(str(exc))
            return False
        except StoreError as exc:
            self.unlock_error.setText(str(exc))
            return False
        self._emit_unlocked(store)
        return True

    # Pages -------------------------------------------------------------------

    def _build_unlock_page(self) -> QWidget:
        page = QWidget()
        self.passphrase_field = _password_field("Passphrase")
        self.remember_box = QCheckBox("Remember on this computer")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.unlock_error = QLabel()
        self.unlock_error.setStyleSheet(ERROR_STYLE)
        self.unlock_error.setWordWrap(True)
        recover = QPushButton("Use recovery key…")
        recover.setFlat(True)
        recover.clicked.connect(lambda: self.pages.setCurrentWidget(self.recovery_page))
        form = QFormLayout()
        form.addRow("Passphrase", self.passphrase_field)
        form.addRow("", self.remember_box)
        form.addRow("", self.unlock_error)
        buttons = QHBoxLayout()
        buttons.addWidget(recover)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _build_create_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "There is no store here yet. Choose a passphrase: it protects every case on this computer.\n"
            "You will be given a recovery key as well, in case the passphrase is forgotten."
        )
        intro.setWordWrap(True)
        self.new_passphrase = _password_field("At least 8 characters; several words are best")
        self.new_passphrase.textChanged.connect(self._on_new_passphrase_changed)
        self.repeat_passphrase = _password_field("Repeat the passphrase")
        self.strength_label = QLabel()
        self.create_remember_box = QCheckBox("Remember on this computer")
        self.create_button = QPushButton("Create store")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.create_error = QLabel()
        self.create_error.setStyleSheet(ERROR_STYLE)
        self.create_error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Passphrase", self.new_passphrase)
        form.addRow("", self.strength_label)
        form.addRow("Repeat", self.repeat_passphrase)
        form.addRow("", self.create_remember_box)
        form.addRow("", self.create_error)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _build_recovery_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel("Enter the recovery key you recorded, then choose a new passphrase.")
        self.recovery_field = QLineEdit()
        self.recovery_field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_field.setMinimumWidth(380)
        self.recovery_new = _password_field("New passphrase")
        self.recovery_repeat = _password_field("Repeat the new passphrase")
        self.recover_error = QLabel()
        self.recover_error.setStyleSheet(ERROR_STYLE)
        self.recover_error.setWordWrap(True)
        back = QPushButton("Back")
        back.clicked.connect(self.reset)
        self.recover_button = QPushButton("Unlock and set passphrase")
        self.recover_button.setDefault(True)
        self.recover_button.clicked.connect(self._on_recover_clicked)
        form = QFormLayout()
        form.addRow("Recovery key", self.recovery_field)
        form.addRow("New passphrase", self.recovery_new)
        form.addRow("Repeat", self.recovery_repeat)
        form.addRow("", self.recover_error)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _build_recovery_key_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "This is the store's recovery key. It is shown only now.\n"
            "Write it down or print it and keep it locked away, apart from this computer.\n"
            "Then tick the box below (Space) and press Return."
        )
        intro.setWordWrap(True)
        self.recovery_key_label = QLabel()
        self.recovery_key_label.setFont(_recovery_key_font(self.recovery_key_label.font()))
        self.recovery_key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_key_label.setStyleSheet("padding: 10px; border: 1px solid #999; background: #fffbe6;")
        self.copy_key_button = copy = QPushButton("Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.recovery_key_label.text()))
        self.recorded_box = QCheckBox("I have recorded the recovery key")
        self.continue_button = QPushButton("Continue")
        self.continue_button.setDefault(True)
        self.continue_button.setEnabled(False)
        self.recorded_box.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._on_recovery_key_recorded)
        row = QHBoxLayout()
        row.addWidget(self.recovery_key_label)
        row.addWidget(copy)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.recorded_box)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    # Slots -------------------------------------------------------------------

    @Slot()
    def _on_unlock_clicked(self) -> None:
        self.unlock_error.clear()
        with _BusyCursor():
            try:
                store = CaseStore.open_with_passphrase(self.folder, self.passphrase_field.text())
            except StoreError as exc:
                self.unlock_error.setText(str(exc) + (" Try again." if exc.exit_code == 3 else ""))
                self.passphrase_field.selectAll()
                self.passphrase_field.setFocus()
                return
        self._apply_remember_choice(store, self.remember_box.isChecked())
        self._emit_unlocked(store)

    @Slot(str)
    def _on_new_passphrase_changed(self, text: str) -> None:
        self.strength_label.setText(passphrase_rules.hint(text) if text else "")

    @Slot()
    def _on_create_clicked(self) -> None:
        first, second = self.new_passphrase.text(), self.repeat_passphrase.text()
        if first != second:
            self.create_error.setText("The two passphrases do not match.")
            return
        try:
            passphrase_rules.check_new_passphrase(first)
        except ValueError as exc:
            self.create_error.setText(str(exc))
            self.new_passphrase.setFocus()
            return
        with _BusyCursor():
            try:
                store, recovery_key = CaseStore.create(self.folder, first)
            except (StoreError, ValueError) as exc:
                self.create_error.setText(str(exc))
                return
        self._apply_remember_choice(store, self.create_remember_box.isChecked())
        self._pending_store = store
        self.recovery_key_label.setText(recovery_key)
        self.recorded_box.setChecked(False)
        self.pages.setCurrentWidget(self.recovery_key_page)
        self.recorded_box.setFocus()

    @Slot()
    def _on_recovery_key_recorded(self) -> None:
        store, self._pending_store = self._pending_store, None
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == self.recovery_key_label.text():
            clipboard.clear()  # the key must not linger where any program can paste it
        self.recovery_key_label.clear()
        if store is not None:
            self._emit_unlocked(store)

    @Slot()
    def _on_recover_clicked(self) -> None:
        new, repeat = self.recovery_new.text(), self.recovery_repeat.text()
        if new != repeat:
            self.recover_error.setText("The two passphrases do not match.")
            return
        try:
            passphrase_rules.check_new_passphrase(new)
        except ValueError as exc:
            self.recover_error.setText(str(exc))
            return
        with _BusyCursor():
            try:
                store = CaseStore.open_with_recovery_key(self.folder, self.recovery_field.text())
                store.change_passphrase(new)
            except StoreError as exc:
                self.recover_error.setText(str(exc))
                return
        self._emit_unlocked(store)

    # Keys --------------------------------------------------------------------

    def default_button(self) -> QPushButton:
        """Return the button that Return presses on the page shown."""
        page = self.pages.currentWidget()
        defaults: dict[QWidget | None, QPushButton] = {
            self.unlock_page: self.unlock_button,
            self.create_page: self.create_button,
            self.recovery_page: self.recover_button,
            self.recovery_key_page: self.continue_button,
        }
        return defaults.get(page, self.unlock_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Return or Enter presses the focused button, or else the page's default button, as in a dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            button = focused if isinstance(focused, QPushButton) else self.default_button()
            if button.isEnabled() and button.isVisible():
                button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # Helpers -----------------------------------------------------------------

    def _apply_remember_choice(self, store: CaseStore, remember: bool) -> None:
        try:
            if remember:
                store.remember_on_this_computer()
            elif CaseStore.remembers_key(store.folder):
                store.forget_on_this_computer()
        except KeyringUnavailableError as exc:
            self.unlock_error.setText(str(exc))

    def _emit_unlocked(self, store: CaseStore) -> None:
        for field in self.findChildren(QLineEdit):
            field.clear()
        self.unlocked.emit(store)


def _recovery_key_font(base: QFont) -> QFont:
    """Return a larger fixed-pitch font, so the key reads unambiguously."""
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    fixed.setPointSize(base.pointSize() + 4)
    fixed.setBold(True)
    return fixed


class _BusyCursor:
    """Show the wait cursor while unlocking (the KDF takes about half a second)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()
