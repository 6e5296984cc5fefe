"""Record or edit a release notification (Circular 18) or referral for a case."""

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import NotificationKind, ReasonForConvening
from solodesk.services.notifications import (
    NotificationForm,
    NotificationValidationError,
    NotificationView,
    save_in_store,
    store_notifications,
    suggest_reasons,
)
from solodesk.store import CaseStore
from solodesk.ui.chair.fields import DateField, EnumCombo, format_date, notes_edit

# The reasons a notification's wording can suggest; the chair settles the others when convening.
SUGGESTIBLE = (
    ReasonForConvening.SENTENCE_FOUR_YEARS,
    ReasonForConvening.SUPERVISED_RELEASE,
    ReasonForConvening.SECURE_HOSPITAL,
)


class NotificationDialog(QDialog):
    """A form for one notification; choose "New" or an earlier one at the top.

    Attributes:
        saved_id: the id of the notification saved, or None until saved.
    """

    def __init__(self, store: CaseStore, subject_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self.saved_id: int | None = None
        self.existing: list[NotificationView] = store_notifications(store, subject_id)
        self.setWindowTitle("Release notification or referral")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.which = QComboBox()
        self.which.setAccessibleName("Which notification")
        self.which.addItem("New notification or referral", None)
        for view in self.existing:
            release = f", release {format_date(view.release_date)}" if view.release_date else ""
            self.which.addItem(f"{view.kind.label}, received {format_date(view.received_on)}{release}", view.id)
        self.which.currentIndexChanged.connect(self._on_which_changed)
        form.addRow("&Notification", self.which)
        self.kind = EnumCombo(NotificationKind, "Kind")
        form.addRow("&Kind", self.kind)
        self.received_on = DateField()
        self.received_on.setAccessibleName("Received on")
        form.addRow("&Received on", self.received_on)
        self.from_whom = QLineEdit()
        self.from_whom.setAccessibleName("From")
        self.from_whom.setPlaceholderText("e.g. HMP Northfield prison social work, Ayşe Yılmaz")
        form.addRow("&From", self.from_whom)
        self.release_date = DateField()
        self.release_date.setAccessibleName("Release date")
        form.addRow("Release &date", self.release_date)
        self.hold_by = QLabel("")
        form.addRow("Conference by", self.hold_by)
        self.sentence = QLineEdit()
        self.sentence.setAccessibleName("Sentence")
        self.sentence.setPlaceholderText("e.g. 5 years, extended sentence")
        self.sentence.textEdited.connect(self._suggest)
        form.addRow("&Sentence", self.sentence)
        self.order = QLineEdit()
        self.order.setAccessibleName("Order or licence")
        self.order.textEdited.connect(self._suggest)
        form.addRow("&Order or licence", self.order)
        self.officer = QLineEdit()
        self.officer.setAccessibleName("Supervising officer")
        form.addRow("Supervising &officer", self.officer)
        layout.addLayout(form)
        reasons = QGroupBox("Reasons for convening it suggests (ticked from the sentence and order)")
        box = QVBoxLayout(reasons)
        self.reason_boxes = {reason: QCheckBox(reason.label) for reason in SUGGESTIBLE}
        for tick in self.reason_boxes.values():
            box.addWidget(tick)
        layout.addWidget(reasons)
        self.notes = notes_edit("Anything else the notification says.", 70)
        self.notes.setAccessibleName("Notes")
        layout.addWidget(self.notes)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("QLabel { color: #a31515; font-weight: bold; }")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.which.setCurrentIndex(1 if self.existing else 0)
        self._on_which_changed()
        self.received_on.setFocus()

    def form(self) -> NotificationForm:
        """Return the form as typed."""
        return NotificationForm(
            subject_id=self.subject_id,
            id=self.which.currentData(),
            kind=self.kind.value(),
            received_on=self.received_on.value(),
            from_whom=self.from_whom.text(),
            release_date=self.release_date.value(),
            sentence=self.sentence.text(),
            order_or_licence=self.order.text(),
            supervising_officer=self.officer.text(),
            reasons=[r for r, tick in self.reason_boxes.items() if tick.isChecked()],
            notes=self.notes.toPlainText(),
        )

    def accept(self) -> None:
        """Save, or show every problem and keep what was typed."""
        problems = [f.problem() for f in (self.received_on, self.release_date) if not f.is_valid()]
        if problems:
            self.error_label.setText("\n".join(problems))
            return
        try:
            self.saved_id = save_in_store(self.store, self.form())
        except NotificationValidationError as exc:
            self.error_label.setText("\n".join(exc.problems.values()))
            return
        super().accept()

    @Slot()
    def _on_which_changed(self) -> None:
        chosen = next((v for v in self.existing if v.id == self.which.currentData()), None)
        form = chosen.form() if chosen else NotificationForm(subject_id=self.subject_id, received_on=date.today())
        self.kind.set_value(form.kind)
        self.received_on.set_value(form.received_on)
        self.from_whom.setText(form.from_whom)
        self.release_date.set_value(form.release_date)
        self.sentence.setText(form.sentence)
        self.order.setText(form.order_or_licence)
        self.officer.setText(form.supervising_officer)
        self.notes.setPlainText(form.notes)
        for reason, tick in self.reason_boxes.items():
            tick.setChecked(reason in form.reasons)
        held = (
            f"{format_date(chosen.hold_by)} (from the settings' weeks before release)"
            if chosen and chosen.hold_by
            else ""
        )
        self.hold_by.setText(held)

    @Slot()
    def _suggest(self) -> None:
        for reason in suggest_reasons(self.sentence.text(), self.order.text()):
            self.reason_boxes[reason].setChecked(True)
