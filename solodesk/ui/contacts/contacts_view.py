"""The directory: find, add and edit the people invited to conferences."""

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgencyKind
from solodesk.services.directory import (
    ContactForm,
    DirectoryValidationError,
    delete_contact,
    list_agencies,
    list_contacts,
    save_contact,
)
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.style import ERROR_STYLE
from solodesk.ui.widgets import row_keys, select_data


class ContactsView(QWidget):
    """Search list on the left, the selected contact's form on the right."""

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.current_id: int | None = None
        self._loading = False
        self._dirty = False

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search name, agency, role or email")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self.refresh)
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.toggled.connect(self.refresh)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.table.setHorizontalHeaderLabels(["Name", "Agency", "Role"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(self._on_current_cell_changed)
        self.new_button = QPushButton("New contact")
        self.new_button.clicked.connect(self.new_contact)

        self.name = QLineEdit()
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency_kind = QComboBox()
        for kind in AgencyKind:
            self.agency_kind.addItem(kind.label, kind)
        self.role = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.is_solo = QCheckBox("Sex Offender Liaison Officer for their agency")
        self.archived = QCheckBox("Archived (no longer offered for invitations)")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #2b6a30;")
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        for field in (self.name, self.role, self.phone, self.email):
            field.textEdited.connect(self._on_edited)
        self.agency.editTextChanged.connect(self._on_edited)
        self.address.textChanged.connect(self._on_edited)
        for box in (self.is_solo, self.archived):
            box.toggled.connect(self._on_edited)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        # The list from the keyboard: Enter or F2 edits the chosen person, Delete asks before deleting them;
        # in the form, Enter saves and Escape puts back what is stored, both returning to the list.
        row_keys(self.table, self._edit_current, self._on_delete_clicked)
        for field in (self.name, self.role, self.phone, self.email):
            field.returnPressed.connect(self._save_and_return)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.new_button)
        left.addLayout(search_row)
        left.addWidget(self.show_archived)
        left.addWidget(self.table, 1)
        form = QFormLayout()
        form.addRow("Name *", self.name)
        form.addRow("Agency", self.agency)
        form.addRow("Kind of agency", self.agency_kind)
        form.addRow("Role", self.role)
        form.addRow("Phone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("Address", self.address)
        form.addRow("", self.is_solo)
        form.addRow("", self.archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.error_label)
        right.addLayout(buttons)
        right.addStretch(1)
        left_widget, right_widget = QWidget(), QWidget()
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), right_widget, self._cancel_edit)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        left_widget.setLayout(left)
        right_widget.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.refresh()
        self.new_contact()

    # Public ------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Reload the list and the agency choices."""
        contacts = list_contacts(self.store, self.search_field.text(), self.show_archived.isChecked())
        self.table.blockSignals(True)
        self.table.setRowCount(len(contacts))
        for row, contact in enumerate(contacts):
            for column, value in enumerate((contact.name, contact.agency_name, contact.role)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, contact.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        current_agency = self.agency.currentText()
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem("")
        for agency in list_agencies(self.store):
            self.agency.addItem(agency.name, agency.kind)
        self.agency.setEditText(current_agency)
        self.agency.blockSignals(False)

    @Slot()
    def new_contact(self) -> None:
        """Start a blank form (saving any pending changes first)."""
        if not self._save_pending():
            return
        self._show(ContactForm())
        self.name.setFocus()

    def form(self) -> ContactForm:
        """Return what the form holds."""
        agency_name = self.agency.currentText().strip()
        return ContactForm(
            id=self.current_id,
            name=self.name.text(),
            agency_name=agency_name,
            agency_kind=self.agency_kind.currentData(),
            role=self.role.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            is_solo=self.is_solo.isChecked(),
            archived=self.archived.isChecked(),
        )

    @Slot()
    def save(self) -> bool:
        """Save the form; return False (with a message) when it has problems."""
        try:
            self.current_id = save_contact(self.store, self.form())
        except DirectoryValidationError as exc:
            self.error_label.setText(str(exc))
            self.saved_label.clear()
            return False
        self._dirty = False
        self.error_label.clear()
        self.saved_label.setText("Saved.")
        saved_id = self.current_id
        self.refresh()
        self._select(saved_id)
        return True

    # Internals -----------------------------------------------------------------

    def _save_pending(self) -> bool:
        if self._dirty and (self.current_id is not None or self.name.text().strip()):
            return self.save()
        return True

    def _show(self, form: ContactForm) -> None:
        self._loading = True
        self.current_id = form.id
        self.name.setText(form.name)
        self.agency.setEditText(form.agency_name)
        select_data(self.agency_kind, form.agency_kind)
        self.role.setText(form.role)
        self.phone.setText(form.phone)
        self.email.setText(form.email)
        self.address.setPlainText(form.address)
        self.is_solo.setChecked(form.is_solo)
        self.archived.setChecked(form.archived)
        self.delete_button.setEnabled(form.id is not None)
        self.error_label.clear()
        self.saved_label.clear()
        self._dirty = False
        self._loading = False

    def _select(self, contact_id: int | None) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == contact_id:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
                return

    @Slot()
    def _edit_current(self) -> None:
        """Put the cursor in the chosen person's name, after it (what a click on the form would do)."""
        self.name.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.name.end(False)

    @Slot()
    def _save_and_return(self) -> None:
        if self.save():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _cancel_edit(self) -> None:
        """Forget what was typed in the form: show the person as stored and go back to the list."""
        stored = next((c for c in list_contacts(self.store, include_archived=True) if c.id == self.current_id), None)
        self._show(stored or ContactForm())
        if self.current_id is not None:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_edited(self) -> None:
        if not self._loading:
            self._dirty = True
            self.saved_label.clear()

    @Slot(int, int, int, int)
    def _on_current_cell_changed(self, row: int, _column: int, _prev_row: int, _prev_column: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        contact_id = int(item.data(Qt.ItemDataRole.UserRole))
        if contact_id == self.current_id:
            return
        if not self._save_pending():
            self._select(self.current_id)
            return
        for contact in list_contacts(self.store, include_archived=True):
            if contact.id == contact_id:
                self._show(contact)
                break

    @Slot()
    def _on_delete_clicked(self) -> None:
        if self.current_id is None:
            return
        if not prompts.confirm(self, "Delete contact", f"Delete {self.name.text()} from the directory?"):
            return
        try:
            delete_contact(self.store, self.current_id)
        except DirectoryValidationError as exc:
            self.error_label.setText(str(exc))
            return
        self._dirty = False
        self.refresh()
        self._show(ContactForm())
