"""The lock screen's four pages: unlock, create, recovery, and the new store's recovery key.

Built by :class:`LockPages`, a mixin of :class:`solodesk.ui.lock_screen.LockScreen`,
which owns what the buttons do; kept apart so each module stays readable.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
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

from solodesk.ui.style import ERROR_STYLE

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

# The lock window's title: ten points above a desktop's usual 9 or 10.
TITLE_POINTS = 20


class CentredRow(QBoxLayout):
    """A row holding one widget at its natural width, centred: laid out as ``AlignHCenter`` would.

    Used rather than ``Qt.AlignmentFlag``: the lock window is painted before the ``Qt``
    namespace (whose hundred-odd enums take tens of milliseconds to create) is first used.
    """

    def __init__(self, widget: QWidget) -> None:
        # Right to left, so the odd pixel goes right of the widget, as AlignHCenter has it.
        super().__init__(QBoxLayout.Direction.RightToLeft)
        self.addStretch(1)
        self.addWidget(widget)
        self.addStretch(1)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """Return the widget's height for the column's whole width, as an aligned item reports it."""
        item = self.itemAt(1)  # the widget's, between the two stretches
        return item.heightForWidth(width) if item is not None else -1

    def minimumHeightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """Return the same as :meth:`heightForWidth`, as an aligned item does."""
        return self.heightForWidth(width)


def _right_aligned(widget: QWidget) -> QHBoxLayout:
    """Return a row holding ``widget`` at its natural width, on the right (see :class:`CentredRow`)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    return row


def selectable_by_mouse(label: QLabel) -> None:
    """Let the mouse select a label's text (for copying)."""
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class LockPages:
    """Builds the pages and names their fields; the screen supplies the slots."""

    pages: QStackedWidget
    recovery_page: QWidget

    # Supplied by the screen (what the pages' buttons and fields do).
    reset: Callable[[], None]
    _on_unlock_clicked: Callable[[], None]
    _on_new_passphrase_changed: Callable[[str], None]
    _on_create_clicked: Callable[[], None]
    _on_recover_clicked: Callable[[], None]
    _on_recovery_key_recorded: Callable[[], None]

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
        self.use_recovery_button = recover = QPushButton("Use recovery key…")
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
        layout.addLayout(_right_aligned(self.create_button))
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
        self.recovery_key_intro = intro = QLabel(NEW_STORE_KEY_TEXT)
        intro.setWordWrap(True)
        self.recovery_key_label = QLabel()  # its fixed-pitch font is set after the first paint (recovery_key_font)
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
        layout.addLayout(_right_aligned(self.continue_button))
        return page


NEW_STORE_KEY_TEXT = (
    "This is the store's recovery key. It is shown only now.\n"
    "Write it down or print it and keep it locked away, apart from this computer.\n"
    "Then tick the box below (Space) and press Return."
)
# A recovery key is used once: the one just typed has been seen, so the store gets a new one.
REPLACED_KEY_TEXT = (
    "The recovery key you used no longer works. This is the store's new recovery key; it is shown only now.\n"
    "Write it down or print it, keep it locked away apart from this computer, and destroy the old one.\n"
    "Then tick the box below (Space) and press Return."
)


def recovery_key_font(base: "QFont") -> "QFont":
    """Return a larger fixed-pitch font, so the key reads unambiguously."""
    from PySide6.QtGui import QFontDatabase  # with QFont, not needed before the lock window is seen

    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    fixed.setPointSize(base.pointSize() + 4)
    fixed.setBold(True)
    return fixed
