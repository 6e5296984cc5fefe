"""The About dialog: name, icon, version, what SOLO Desk is, and what it is built from."""

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from solodesk import APP_NAME, paths
from solodesk.services.about import DESCRIPTION, FONT_NOTE, font_licence_text, runtime_versions

ICON_SIZE = 96
TEXT_WIDTH = 420


class AboutDialog(QDialog):
    """Modal About box; the font licence text unfolds on request.

    Attributes:
        version_label: "Version X.Y.Z".
        versions: the form of component versions (Python, Qt, SQLCipher).
        licence_button: shows or hides the full DejaVu licence.
        licence_text: the read-only licence text (hidden until asked for).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        versions = runtime_versions()
        self.setWindowTitle(f"About {APP_NAME}")

        self.icon_label = QLabel()
        icon = QPixmap(str(paths.resources_dir() / "icons" / "solodesk.png"))
        if not icon.isNull():
            icon = icon.scaled(
                ICON_SIZE,
                ICON_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.icon_label.setPixmap(icon)
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)

        self.name_label = QLabel(APP_NAME)
        name_font = self.name_label.font()
        name_font.setPointSizeF(name_font.pointSizeF() * 1.6)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.version_label = QLabel(f"Version {versions.app}")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description_label = QLabel(DESCRIPTION)
        self.description_label.setWordWrap(True)

        self._version_labels: dict[str, QLabel] = {}
        self.versions = QFormLayout()
        self.versions.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._add_version("Python", versions.python)
        self._add_version("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})")
        self._add_version("SQLCipher", f"{versions.sqlcipher} (SQLite {versions.sqlite})")

        self.font_note_label = QLabel(FONT_NOTE)
        self.font_note_label.setWordWrap(True)
        self.licence_button = QPushButton("Show font licence")
        self.licence_button.setCheckable(True)
        self.licence_button.toggled.connect(self._show_licence)
        self.licence_text = QPlainTextEdit(font_licence_text())
        self.licence_text.setReadOnly(True)
        self.licence_text.setMinimumHeight(180)
        self.licence_text.setVisible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.licence_button, QDialogButtonBox.ButtonRole.ActionRole)

        text = QVBoxLayout()
        text.addWidget(self.name_label)
        text.addWidget(self.version_label)
        text.addSpacing(8)
        text.addWidget(self.description_label)
        text.addSpacing(8)
        text.addLayout(self.versions)
        text.addSpacing(8)
        text.addWidget(self.font_note_label)
        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        top.addSpacing(12)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.licence_text)
        layout.addWidget(buttons)
        # Wrapped labels get their height for the width they will have: the text column is fixed
        # in width and the dialog takes its size from its contents (growing with the licence).
        for label in (self.description_label, self.font_note_label):
            label.setFixedWidth(TEXT_WIDTH)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def version_text(self, component: str) -> str:
        """Return the version shown for a component ("Python", "Qt", "SQLCipher"), or "" if absent."""
        value = self._version_labels.get(component)
        return value.text() if value is not None else ""

    def _add_version(self, component: str, version: str) -> None:
        value = QLabel(version)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions.addRow(f"{component}:", value)
        self._version_labels[component] = value

    def _show_licence(self, shown: bool) -> None:
        self.licence_text.setVisible(shown)
        self.licence_button.setText("Hide font licence" if shown else "Show font licence")
        self.adjustSize()
