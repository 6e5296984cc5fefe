"""Organisation settings: name, marking, confidentiality wording, idle lock, default venue."""

from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.settings import (
    DEFAULT_FOI_POSITION,
    DEFAULT_HANDLING_CAVEAT,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    Jurisdiction,
    OrganisationSettings,
)
from solodesk.services.settings_access import load_store_settings, save_store_settings
from solodesk.store import CaseStore


class SettingsDialog(QDialog):
    """Edit the settings that belong to the organisation (stored encrypted).

    Attributes:
        saved: the settings as stored, once the dialog was accepted.
    """

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.saved: OrganisationSettings | None = None
        self.setWindowTitle("Settings")
        current = load_store_settings(store)
        self._original = current
        self.organisation_name = QLineEdit(current.organisation_name)
        self.protective_marking = QLineEdit(current.protective_marking)
        self.confidentiality_statement = QPlainTextEdit(current.confidentiality_statement)
        self.confidentiality_statement.setTabChangesFocus(True)
        self.idle_lock_minutes = QSpinBox()
        self.idle_lock_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_lock_minutes.setSuffix(" minutes")
        self.idle_lock_minutes.setValue(current.idle_lock_minutes)
        self.default_venue = QLineEdit(current.default_venue)
        # The minute's handling caveat and FOI position: empty means the default for the jurisdiction.
        self.jurisdiction = QComboBox()
        self.jurisdiction.addItem("Scotland", Jurisdiction.SCOTLAND.value)
        self.jurisdiction.addItem("England and Wales", Jurisdiction.ENGLAND_WALES.value)
        self.jurisdiction.setCurrentIndex(max(self.jurisdiction.findData(current.jurisdiction), 0))
        self.handling_caveat = QPlainTextEdit(current.handling_caveat)
        self.handling_caveat.setTabChangesFocus(True)
        self.handling_caveat.setPlaceholderText(DEFAULT_HANDLING_CAVEAT)
        self.foi_position = QPlainTextEdit(current.foi_position)
        self.foi_position.setTabChangesFocus(True)
        self.foi_position.setPlaceholderText(
            "Empty: the wording for the jurisdiction, e.g. " + DEFAULT_FOI_POSITION[Jurisdiction.SCOTLAND]
        )
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a4262c;")
        form = QFormLayout()
        form.addRow("Organisation name", self.organisation_name)
        form.addRow("Protective marking", self.protective_marking)
        form.addRow("Confidentiality statement", self.confidentiality_statement)
        form.addRow("Lock after idle", self.idle_lock_minutes)
        form.addRow("Default venue", self.default_venue)
        form.addRow("Jurisdiction", self.jurisdiction)
        form.addRow("Handling caveat", self.handling_caveat)
        form.addRow("Freedom of information", self.foi_position)
        note = QLabel("These settings are stored inside the encrypted store and printed on every minute.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    @Slot()
    def _on_save(self) -> None:
        wanted = replace(
            self._original,
            organisation_name=self.organisation_name.text(),
            protective_marking=self.protective_marking.text(),
            confidentiality_statement=self.confidentiality_statement.toPlainText(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
            default_venue=self.default_venue.text(),
            jurisdiction=str(self.jurisdiction.currentData()),
            handling_caveat=self.handling_caveat.toPlainText(),
            foi_position=self.foi_position.toPlainText(),
        )
        try:
            self.saved = save_store_settings(self.store, wanted)
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
