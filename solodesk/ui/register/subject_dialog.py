"""Create or edit a subject, with validation shown next to the fields."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import CaseStatus, LegalStatus, ManagementLevel, MappaCategory
from solodesk.services.subjects import SubjectForm, SubjectValidationError, load_subject_view, save_subject
from solodesk.store import CaseStore
from solodesk.ui.date_fields import DateField
from solodesk.ui.style import ERROR_STYLE
from solodesk.ui.widgets import select_data


def _enum_combo(members: list, none_label: str | None = None) -> QComboBox:  # type: ignore[type-arg]
    combo = QComboBox()
    if none_label is not None:
        combo.addItem(none_label, None)
    for member in members:
        combo.addItem(member.label, member)
    return combo


def _text_box(lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 * lines + 10)
    return box


class SubjectDialog(QDialog):
    """The subject form.

    Attributes:
        subject_id: the saved subject's id once accepted (None before).
    """

    def __init__(self, store: CaseStore, subject_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id = subject_id
        self.setWindowTitle("New case" if subject_id is None else "Edit case")
        self.forenames = QLineEdit()
        self.surname = QLineEdit()
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("Separate aliases with commas")
        self.date_of_birth = DateField(past_only=True)
        self.date_of_birth.setAccessibleName("Date of birth")
        self.date_of_birth_hint = self.date_of_birth.hint_label()
        self.gender = QLineEdit()
        self.ethnicity = QLineEdit()
        self.ethnicity.setPlaceholderText("As the person describes it, written out")
        self.address_area = QLineEdit()
        self.address_area.setPlaceholderText("The area the minute prints, not the street")
        self.sentence = QLineEdit()
        self.sentence.setPlaceholderText("Type and length, e.g. 6 years, extended sentence")
        self.sentenced_on = DateField(past_only=True)
        self.sentenced_on.setAccessibleName("Date of sentence")
        self.order_ends_on = DateField()
        self.order_ends_on.setAccessibleName("Licence or order ends")
        self.restricted_patient = QCheckBox("Restricted patient (hospital order with restrictions)")
        self.hospital_detention = _text_box(2)
        self.hospital_detention.setPlaceholderText("Hospital, order and restriction, clinician, leave or discharge")
        self.hospital_detention_by = QLineEdit()
        self.hospital_detention_by.setPlaceholderText("Name and role in mental health services")
        self.case_status = _enum_combo(list(CaseStatus))
        self.legal_status = _enum_combo(list(LegalStatus))
        self.mappa_category = _enum_combo(list(MappaCategory))
        self.management_level = _enum_combo(list(ManagementLevel), "Not set")
        self.registered = QCheckBox("Subject to notification requirements (registered)")
        self.notification_requirements = _text_box(2)
        self.visor_ref = QLineEdit()
        self.police_ref = QLineEdit()
        self.other_refs = QLineEdit()
        self.current_address = _text_box(2)
        self.proposed_address = _text_box(2)
        self.offence_summary = _text_box(3)
        self.order_conditions = _text_box(3)
        self.warning_flags = _text_box(2)
        self.warning_flags.setPlaceholderText("One warning per line")
        self.notes = _text_box(3)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)

        left = QFormLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            ("Forenames", self.forenames),
            ("Surname *", self.surname),
            ("Aliases", self.aliases),
            ("Date of birth", self._with_hint(self.date_of_birth, self.date_of_birth_hint)),
            ("Gender", self.gender),
            ("Ethnicity", self.ethnicity),
            ("Case status", self.case_status),
            ("Legal status", self.legal_status),
            ("MAPPA category", self.mappa_category),
            ("Management level", self.management_level),
            ("ViSOR reference", self.visor_ref),
            ("Police reference", self.police_ref),
            ("Other references", self.other_refs),
            ("Sentence", self.sentence),
            ("Date of sentence", self.sentenced_on),
            ("Licence or order ends", self.order_ends_on),
            ("", self.restricted_patient),
            ("Hospital detention", self.hospital_detention),
            ("Completed by", self.hospital_detention_by),
        )
        for label, widget in rows:
            left.addRow(label, widget)
        right = QFormLayout()
        right.addRow("", self.registered)
        rows = (
            ("Notification", self.notification_requirements),
            ("Current address", self.current_address),
            ("Area of address", self.address_area),
            ("Proposed address", self.proposed_address),
            ("Offences", self.offence_summary),
            ("Order / licence", self.order_conditions),
            ("Warning flags", self.warning_flags),
            ("Notes", self.notes),
        )
        for label, widget in rows:
            right.addRow(label, widget)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        inner = QWidget()
        inner.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(1000, 600)
        if subject_id is not None:
            self._load(subject_id)
        self.forenames.setFocus()

    @staticmethod
    def _with_hint(field: QWidget, hint: QLabel) -> QWidget:
        """Return the field with its hint underneath, one form row (the hint takes no room while hidden)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(hint)
        return holder

    def form(self) -> SubjectForm:
        """Return what the user entered."""
        return SubjectForm(
            id=self.subject_id,
            forenames=self.forenames.text(),
            surname=self.surname.text(),
            aliases=[alias for alias in self.aliases.text().split(",") if alias.strip()],
            date_of_birth=self.date_of_birth.value(),
            gender=self.gender.text(),
            case_status=self.case_status.currentData(),
            legal_status=self.legal_status.currentData(),
            mappa_category=self.mappa_category.currentData(),
            management_level=self.management_level.currentData(),
            registered=self.registered.isChecked(),
            notification_requirements=self.notification_requirements.toPlainText(),
            current_address=self.current_address.toPlainText(),
            proposed_address=self.proposed_address.toPlainText(),
            offence_summary=self.offence_summary.toPlainText(),
            order_conditions=self.order_conditions.toPlainText(),
            warning_flags=self.warning_flags.toPlainText().splitlines(),
            visor_ref=self.visor_ref.text(),
            police_ref=self.police_ref.text(),
            other_refs=self.other_refs.text(),
            notes=self.notes.toPlainText(),
            ethnicity=self.ethnicity.text(),
            address_area=self.address_area.text(),
            sentence=self.sentence.text(),
            sentenced_on=self.sentenced_on.value(),
            order_ends_on=self.order_ends_on.value(),
            restricted_patient=self.restricted_patient.isChecked(),
            hospital_detention=self.hospital_detention.toPlainText(),
            hospital_detention_by=self.hospital_detention_by.text(),
        )

    def _load(self, subject_id: int) -> None:
        form = load_subject_view(self.store, subject_id).form
        self.forenames.setText(form.forenames)
        self.surname.setText(form.surname)
        self.aliases.setText(", ".join(form.aliases))
        self.date_of_birth.set_value(form.date_of_birth)
        self.gender.setText(form.gender)
        select_data(self.case_status, form.case_status)
        select_data(self.legal_status, form.legal_status)
        select_data(self.mappa_category, form.mappa_category)
        select_data(self.management_level, form.management_level)
        self.registered.setChecked(form.registered)
        self.notification_requirements.setPlainText(form.notification_requirements)
        self.current_address.setPlainText(form.current_address)
        self.proposed_address.setPlainText(form.proposed_address)
        self.offence_summary.setPlainText(form.offence_summary)
        self.order_conditions.setPlainText(form.order_conditions)
        self.warning_flags.setPlainText("\n".join(form.warning_flags))
        self.visor_ref.setText(form.visor_ref)
        self.police_ref.setText(form.police_ref)
        self.other_refs.setText(form.other_refs)
        self.notes.setPlainText(form.notes)
        self.ethnicity.setText(form.ethnicity)
        self.address_area.setText(form.address_area)
        self.sentence.setText(form.sentence)
        self.sentenced_on.set_value(form.sentenced_on)
        self.order_ends_on.set_value(form.order_ends_on)
        self.restricted_patient.setChecked(form.restricted_patient)
        self.hospital_detention.setPlainText(form.hospital_detention)
        self.hospital_detention_by.setText(form.hospital_detention_by)

    @Slot()
    def _on_save(self) -> None:
        self.surname.setStyleSheet("")
        for label, field in (
            ("Date of birth", self.date_of_birth),
            ("Date of sentence", self.sentenced_on),
            ("Licence or order ends", self.order_ends_on),
        ):
            if not field.is_valid():
                # Never save a date the person did not type: the text stays, with its reason.
                self.error_label.setText(f"{label}: {field.problem()}")
                field.setFocus()
                return
        try:
            self.subject_id = save_subject(self.store, self.form())
        except SubjectValidationError as exc:
            self.error_label.setText(str(exc))
            for name in exc.problems:
                widget = getattr(self, name, None)
                if isinstance(widget, QWidget):
                    widget.setStyleSheet("border: 1px solid #a4262c;")
            first = next((getattr(self, name) for name in exc.problems if hasattr(self, name)), None)
            if isinstance(first, QWidget):
                first.setFocus()
            return
        self.accept()
