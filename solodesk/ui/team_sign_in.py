"""The sign-in screen of a team store: each person signs in to the server with their own login.

It stands where the lock screen stands for a laptop store, with the same interface
(``unlocked``, ``warm_up``, ``reset``, ``try_remembered_key``). Signing in runs as a
background job; the password may be remembered in the OS keyring for this server,
database and login (never on disk). Locking closes every connection to the server.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore  # QtCore.Qt is looked up when first needed (see lock_pages.CentredRow)
from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from solodesk import APP_NAME
from solodesk.secret_memory import wipe
from solodesk.store.errors import StoreError
from solodesk.ui.busy_jobs import BusyJobs
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.lock_jobs import close_store, warmed
from solodesk.ui.style import ERROR_STYLE, NOTE_STYLE

if TYPE_CHECKING:
    from solodesk.store import CaseStore


def _sign_in(location: str, login: str, password: str, remember: bool) -> tuple["CaseStore", str]:
    """Open the team store as this login; remember or forget the password; return (store, warning)."""
    from solodesk.store.errors import KeyringUnavailableError
    from solodesk.store.remembered_key import forget_secret, save_secret
    from solodesk.store.team_store import TeamStore, with_login

    store = TeamStore.open(with_login(location, login), password)
    warning = ""
    try:
        if remember:
            save_secret(store.sign_in_entry, password.encode())
        else:
            forget_secret(store.sign_in_entry)
    except KeyringUnavailableError as exc:
        warning = str(exc)
    return store, warning


def _remembered_password(location: str, login: str) -> str | None:
    from solodesk.store.errors import KeyringUnavailableError, StoreUnusableError
    from solodesk.store.remembered_key import load_secret
    from solodesk.store.team_store import sign_in_entry

    try:
        return load_secret(sign_in_entry(location, login)).decode()
    except (KeyringUnavailableError, StoreUnusableError, UnicodeDecodeError):
        return None


def _keyring_available() -> bool:
    from solodesk.store.remembered_key import keyring_available

    return keyring_available()


class TeamSignIn(QWidget, BusyJobs):
    """Sign in to a team store (a ``postgresql://`` address).

    Signals:
        unlocked(TeamStore): signed in; the receiver owns the store.
    """

    unlocked = Signal(object)

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from solodesk.store.team_url import login_of, shown_address

        self.location = location
        self.warm_up: Callable[[CaseStore], None] | None = None
        self._job: Job | None = None
        title = QLabel(APP_NAME)
        title_font = QFont(title.font())
        title_font.setPointSize(title_font.pointSize() + 10)
        title_font.setBold(True)
        title.setFont(title_font)
        subtitle = QLabel("Team store: sign in with your own login")
        self.place_label = QLabel(f"Server: {shown_address(location)}")
        self.place_label.setStyleSheet(NOTE_STYLE)
        self.place_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.login_field = QLineEdit(login_of(location))
        self.login_field.setAccessibleName("Login")
        self.login_field.setMinimumWidth(320)
        self.password_field = QLineEdit()
        self.password_field.setAccessibleName("Password")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox("Remember on this computer")
        self.remember_box.setEnabled(False)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.setVisible(False)

        self.form = QWidget()
        fields = QFormLayout(self.form)
        fields.addRow("&Login", self.login_field)
        fields.addRow("&Password", self.password_field)
        fields.addRow("", self.remember_box)
        fields.addRow("", self.sign_in_button)
        fields.addRow("", self.error_label)

        column = QVBoxLayout(self)
        column.addStretch(1)
        for widget in (title, subtitle, self.place_label):
            column.addWidget(widget, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(18)
        column.addWidget(self.form, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.busy_bar, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.reset()

    # Public (the lock screen's interface) -------------------------------------

    def reset(self) -> None:
        """Clear the password and any message; put the cursor where typing starts."""
        self.clear_secrets()
        self.error_label.clear()
        self._show_busy(False)
        self._focus_first_empty()
        QTimer.singleShot(0, self._probe_keyring)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Put the cursor in the password field (the login is usually in the address) once shown."""
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_first_empty)

    def try_remembered_key(self) -> bool:
        """Sign in with a password remembered on this computer for this login, if there is one.

        Returns:
            True when an attempt was started.
        """
        login = self.login_field.text().strip()
        if not login:
            return False
        location = self.location
        runner().submit(
            lambda _handle: _remembered_password(location, login), on_success=self._sign_in_remembered, owner=self
        )
        return True

    def clear_secrets(self) -> None:
        """Empty the password field and its undo history."""
        self.password_field.clear()
        self.password_field.setText("")
        self.password_field.setModified(False)

    # Slots -------------------------------------------------------------------

    @Slot()
    def _focus_first_empty(self) -> None:
        if Shiboken.isValid(self) and self.isVisible() and not self.is_busy:
            (self.password_field if self.login_field.text() else self.login_field).setFocus()

    @Slot()
    def _probe_keyring(self) -> None:
        runner().submit(lambda _handle: _keyring_available(), on_success=self._show_keyring_state, owner=self)

    @Slot(object)
    def _show_keyring_state(self, available: bool) -> None:
        self.remember_box.setEnabled(available)
        self.remember_box.setToolTip("" if available else "No system keyring is available on this computer.")

    @Slot(object)
    def _sign_in_remembered(self, password: str | None) -> None:
        if password is None or self.is_busy:
            return
        self.remember_box.setChecked(True)
        self._start(self.login_field.text().strip(), password, remember=True)

    @Slot()
    def _on_sign_in_clicked(self) -> None:
        if self.is_busy:
            return
        login = self.login_field.text().strip()
        if not login:
            self.error_label.setText("Type your login.")
            self.login_field.setFocus()
            return
        if not self.password_field.text():
            self.error_label.setText("Type your password.")
            self.password_field.setFocus()
            return
        self._start(login, self.password_field.text(), remember=self.remember_box.isChecked())

    def _start(self, login: str, password: str, remember: bool) -> None:
        self.error_label.clear()
        location, warm_up = self.location, self.warm_up

        def work(_handle: JobHandle) -> tuple["CaseStore", str]:
            try:
                store, warning = _sign_in(location, login, password, remember)
            finally:
                wipe(password)  # our copy; the field is cleared when the store opens
            return warmed(store, warm_up), warning

        self._run(work, self._on_signed_in, self._on_failed, discard=lambda result: close_store(result[0]))

    @Slot(object)
    def _on_signed_in(self, result: tuple["CaseStore", str]) -> None:
        store, warning = result
        self.clear_secrets()
        self.unlocked.emit(store)
        self.error_label.setText(warning)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError):
            raise exc
        self.error_label.setText(str(exc) + (" Try again." if exc.exit_code == 3 else ""))
        self.password_field.selectAll()
        self.password_field.setFocus()

    # Keys ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Return or Enter signs in, from either field."""
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            if self.sign_in_button.isEnabled():
                self.sign_in_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _busy_area(self) -> QWidget:
        return self.form
