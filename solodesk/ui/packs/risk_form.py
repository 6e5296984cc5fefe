"""The tool and its own result scales, for a risk assessment a worker adds to a case."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from solodesk.services import risk_tools


class ToolScalesForm(QWidget):
    """A tool chosen from the registry (or typed: another tool) and one choice per scale of that tool."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tool = QComboBox()
        self.tool.setEditable(True)
        self.tool.addItems(risk_tools.tool_names())
        self.tool.setCurrentIndex(-1)
        self.tool.setAccessibleName("Tool")
        self.tool.setToolTip("Choose a tool, or type the name of another one.")
        self.about = QLabel("")
        self.about.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Tool", self.tool)
        self.form.addRow("", self.about)
        self.scales: dict[str, QComboBox] = {}
        self._shown_key = ""
        self.tool.currentTextChanged.connect(self._on_tool_text_changed)

    def tool_name(self) -> str:
        """Return the tool as chosen or typed."""
        return self.tool.currentText().strip()

    def results(self) -> dict[str, str]:
        """Return the value chosen on each scale, by scale key (empty ones left out)."""
        return {key: combo.currentText() for key, combo in self.scales.items() if combo.currentText()}

    def clear(self) -> None:
        """Empty the form for the next assessment."""
        self.tool.setCurrentIndex(-1)
        self.tool.setEditText("")

    @Slot(str)
    def _on_tool_text_changed(self, text: str) -> None:
        tool = risk_tools.tool_named(text)
        key = tool.key if text.strip() else ""
        if key == self._shown_key:
            return
        self._shown_key = key
        for combo in self.scales.values():
            self.form.removeRow(combo)
        self.scales = {}
        if not key:
            self.about.setText("")
            return
        self.about.setText(f"For {tool.applies_to}." if tool is not risk_tools.OTHER else "Another tool.")
        for scale in tool.scales:
            combo = QComboBox()
            combo.addItems(["", *scale.values])
            combo.setAccessibleName(scale.label)
            self.form.addRow(scale.label, combo)
            self.scales[scale.key] = combo
