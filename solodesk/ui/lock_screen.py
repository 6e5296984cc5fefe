"""The lock screen: create a store, unlock it, or recover it.

Nothing here touches the database directly: the store's own constructors do
the work, and the unlocked :class:`CaseStore` is handed on by a signal.
Key derivation and opening run as background jobs (the window keeps painting
and shows a busy bar); this module imports nothing heavier than the store's
file names, so it can be on screen before SQLAlchemy and Alembic are loaded.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk import APP_NAME
from solodesk.store.basics import store_exists
from solodesk.store.errors import StoreError
from solodesk.ui.busy_jobs import BusyJobs
from solodesk.ui.first_paint import after_next_paint
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.lock_jobs import (
    apply_remember_choice,
    close_store,
    keyring_state,
    remembers_key,
    warmed,
    writable_or_read_only,
)
from solodesk.ui.lock_pages import (
    NEW_STORE_KEY_TEXT,
    REPLACED_KEY_TEXT,
    TITLE_POINTS,
    CentredRow,
    LockPages,
    recovery_key_font,
    selectable_by_mouse,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from solodesk.store import CaseStore


class LockScreen(QWidget, LockPages, BusyJobs):
    """Create, unlock or recover the store in one folder.

    Signals:
        unlocked(CaseStore): the store is open; the receiver owns it.
    """

    unlocked = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pending_store: CaseStore | None = None
        self._job: Job | None = None
        # Called on the worker thread with the store just opened, so what the workspace
        # needs (its modules, the register's index) is loaded there rather than on the UI thread.
        self.warm_up: Callable[[CaseStore], None] | None = None
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no steps to count: a moving bar while the key is derived
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.setVisible(False)
        self.pages = QStackedWidget()
        self.unlock_page = self._build_unlock_page()
        self.create_page = self._build_create_page()
        self.recovery_page = self._build_recovery_page()
        self.recovery_key_page = self._build_recovery_key_page()
        for page in (self.unlock_page, self.create_page, self.recovery_page, self.recovery_key_page):
            self.pages.addWidget(page)

        title = QLabel(APP_NAME)
        # A style sheet, not a QFont: that type costs the first paint a millisecond and a half to create.
        title.setStyleSheet(f"font-size: {TITLE_POINTS}pt; font-weight: bold;")
        subtitle = QLabel("Risk management case conferences")
        self.folder_label = QLabel(f"Store: {folder}")
        self.folder_label.setStyleSheet("color: #555;")

        column = QVBoxLayout()
        column.addStretch(1)
        for widget in (title, subtitle, self.folder_label):
            column.addLayout(CentredRow(widget))
        column.addSpacing(18)
        column.addLayout(CentredRow(self.pages))
        column.addLayout(CentredRow(self.busy_bar))
        column.addStretch(2)
        self.setLayout(column)
        self.reset()
        after_next_paint(self, self._after_first_paint)

    # Public ------------------------------------------------------------------

    def reset(self) -> None:
        """Show the right page for the folder and clear every secret field."""
        self.clear_secrets()
        for label in (self.unlock_error, self.create_error, self.recover_error):
            label.clear()
        self._show_busy(False)
        if store_exists(self.folder):
            self.pages.setCurrentWidget(self.unlock_page)
            self.passphrase_field.setFocus()
        else:
            self.pages.setCurrentWidget(self.create_page)
            self.new_passphrase.setFocus()
        # Asking the keyring loads libraries: only once the screen is painted, not competing with that paint.
        after_next_paint(self, self._probe_keyring)

    def try_remembered_key(self) -> bool:
        """Start unlocking with the key remembered on this computer, if a store is here.

        Whether the key is remembered is read quietly first (the form stays usable, so
        typing is not lost); only then does the busy unlock start.

        Returns:
            True when an attempt was started; the workspace follows when it succeeds.
        """
        if not store_exists(self.folder):
            return False
        folder = self.folder
        runner().submit(
            lambda _handle: remembers_key(folder), on_success=self._unlock_with_keyring_if_remembered, owner=self
        )
        return True

    @Slot(object)
    def _unlock_with_keyring_if_remembered(self, remembered: bool) -> None:
        if not remembered or self.is_busy:
            return
        folder, warm_up = self.folder, self.warm_up

        def work(_handle: JobHandle) -> "CaseStore":
            from solodesk.store import CaseStore

            store = writable_or_read_only(lambda read_only: CaseStore.open_with_keyring(folder, read_only=read_only))
            return warmed(store, warm_up)

        self._run(work, self._emit_unlocked, self._on_remembered_key_failed, discard=close_store)

    @Slot()
    def _after_first_paint(self) -> None:
        """Finish what the first paint need not wait for.

        The ``Qt`` namespace (its hundred-odd enums take tens of milliseconds to create)
        and the passphrase rules are first needed here, not before the window is seen.
        """
        for label in (self.folder_label, self.recovery_key_label):
            selectable_by_mouse(label)
        self.recovery_key_label.setFont(recovery_key_font(self.recovery_key_label.font()))
        import solodesk.services.passphrase  # noqa: F401 - loaded now, not at the first keystroke

    @Slot()
    def _probe_keyring(self) -> None:
        folder = self.folder
        runner().submit(lambda _handle: keyring_state(folder), on_success=self._show_keyring_state, owner=self)

    @Slot(object)
    def _show_keyring_state(self, state: tuple[bool, bool]) -> None:
        has_keyring, remembers = state
        for box in (self.remember_box, self.create_remember_box):
            box.setEnabled(has_keyring)
            box.setToolTip("" if has_keyring else "No system keyring is available on this computer.")
        self.remember_box.setChecked(has_keyring and remembers)

    # Slots -------------------------------------------------------------------

    @Slot()
    def _on_unlock_clicked(self) -> None:
        if self.is_busy:
            return
        self.unlock_error.clear()
        folder, passphrase, remember, warm_up = (
            self.folder,
            self.passphrase_field.text(),
            self.remember_box.isChecked(),
            self.warm_up,
        )

        def work(_handle: JobHandle) -> tuple["CaseStore", str]:
            from solodesk.secret_memory import wipe
            from solodesk.store import CaseStore

            try:
                store = writable_or_read_only(
                    lambda read_only: CaseStore.open_with_passphrase(folder, passphrase, read_only=read_only)
                )
            finally:
                wipe(passphrase)  # our copy of the text; the field is cleared when the store opens
            # A read-only window (another process has the store) may not change the key file.
            warning = "" if store.read_only else apply_remember_choice(store, remember)
            return warmed(store, warm_up), warning

        self._run(work, self._on_unlock_done, self._on_unlock_failed, discard=lambda result: close_store(result[0]))

    @Slot(object)
    def _on_unlock_done(self, result: tuple["CaseStore", str]) -> None:
        store, warning = result
        self._emit_unlocked(store)
        self.unlock_error.setText(warning)

    @Slot(object)
    def _on_remembered_key_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError):
            raise exc
        self.unlock_error.setText(str(exc))

    @Slot(object)
    def _on_unlock_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError):
            raise exc
        self.unlock_error.setText(str(exc) + (" Try again." if exc.exit_code == 3 else ""))
        self.passphrase_field.selectAll()
        self.passphrase_field.setFocus()

    @Slot(str)
    def _on_new_passphrase_changed(self, text: str) -> None:
        from solodesk.services import passphrase as passphrase_rules

        self.strength_label.setText(passphrase_rules.hint(text) if text else "")

    @Slot()
    def _on_create_clicked(self) -> None:
        from solodesk.services import passphrase as passphrase_rules

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
        if self.is_busy:
            return
        folder, remember, warm_up = self.folder, self.create_remember_box.isChecked(), self.warm_up

        def work(_handle: JobHandle) -> tuple["CaseStore", str, str]:
            from solodesk.store import CaseStore

            store, recovery_key = CaseStore.create(folder, first)
            warning = apply_remember_choice(store, remember)
            return warmed(store, warm_up), recovery_key, warning

        self._run(work, self._on_created, self._on_create_failed, discard=lambda result: close_store(result[0]))

    @Slot(object)
    def _on_create_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError | ValueError):
            raise exc
        self.create_error.setText(str(exc))

    @Slot(object)
    def _on_created(self, result: tuple["CaseStore", str, str]) -> None:
        self._show_recovery_key(result, NEW_STORE_KEY_TEXT)

    def _show_recovery_key(self, result: tuple["CaseStore", str, str], intro: str) -> None:
        """Show a recovery key once; the store opens when the person says it is recorded."""
        store, recovery_key, warning = result
        self.recovery_key_intro.setText(intro)
        self.unlock_error.setText(warning)
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
        from solodesk.services import passphrase as passphrase_rules

        new, repeat = self.recovery_new.text(), self.recovery_repeat.text()
        if new != repeat:
            self.recover_error.setText("The two passphrases do not match.")
            return
        try:
            passphrase_rules.check_new_passphrase(new)
        except ValueError as exc:
            self.recover_error.setText(str(exc))
            return
        if self.is_busy:
            return
        folder, recovery_key, warm_up = self.folder, self.recovery_field.text(), self.warm_up

        def work(_handle: JobHandle) -> tuple["CaseStore", str, str]:
            from solodesk.secret_memory import wipe
            from solodesk.store import CaseStore

            try:
                store = CaseStore.open_with_recovery_key(folder, recovery_key)
            finally:
                wipe(recovery_key)
            try:
                store.change_passphrase(new)
                fresh_key = store.new_recovery_key()  # the typed key has been seen: it is used up
            except BaseException:
                store.close()
                raise
            return warmed(store, warm_up), fresh_key, ""

        self._run(work, self._on_recovered, self._on_recover_failed, discard=lambda result: close_store(result[0]))

    @Slot(object)
    def _on_recovered(self, result: tuple["CaseStore", str, str]) -> None:
        self._show_recovery_key(result, REPLACED_KEY_TEXT)

    @Slot(object)
    def _on_recover_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError):
            raise exc
        self.recover_error.setText(str(exc))

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

    def keyPressEvent(self, event: "QKeyEvent") -> None:  # noqa: N802 - Qt override
        """Return or Enter presses the focused button, or else the page's default button, as in a dialog."""
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            focused = self.focusWidget()
            button = focused if isinstance(focused, QPushButton) else self.default_button()
            if button.isEnabled() and button.isVisible():
                button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # Helpers -----------------------------------------------------------------

    def _busy_area(self) -> QWidget:
        return self.pages

    def _emit_unlocked(self, store: "CaseStore") -> None:
        self.clear_secrets()
        self.unlocked.emit(store)

    def clear_secrets(self) -> None:
        """Empty every passphrase and recovery-key field, and their undo history."""
        for field in self.findChildren(QLineEdit):
            field.clear()
            # clear() is undoable in a normal field: the old text would stay in the undo stack.
            field.setText("")
            field.setModified(False)
