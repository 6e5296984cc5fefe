"""The unlocked workspace: Cases (register + subject page) and Contacts."""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QSplitter, QStackedWidget, QWidget

from solodesk.services.register import Register, open_register
from solodesk.store import CaseStore
from solodesk.ui.contacts.contacts_view import ContactsView
from solodesk.ui.register.register_view import RegisterView
from solodesk.ui.register.subject_dialog import SubjectDialog
from solodesk.ui.register.subject_page import SubjectPage

CASES, CONTACTS = 0, 1


class Workspace(QWidget):
    """Navigation on the left, the chosen area on the right.

    Signals:
        conference_opened(int): a conference should be opened in chair mode.
        convene_requested(int): a new conference should be convened for a subject.
    """

    conference_opened = Signal(int)
    convene_requested = Signal(int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None, register: Register | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # Built by the unlock job off the UI thread when given; built here otherwise.
        self.register = register if register is not None else open_register(store)
        self.nav = QListWidget()
        self.nav.addItems(["Cases", "Contacts"])
        self.nav.setFixedWidth(120)
        self.nav.currentRowChanged.connect(self._on_nav_changed)

        self.register_view = RegisterView(self.register)
        self.subject_page = SubjectPage(store)
        self.register_view.subject_selected.connect(self.subject_page.show_subject)
        self.register_view.subject_activated.connect(self._on_subject_activated)
        self.register_view.new_subject_requested.connect(self.new_subject)
        self.subject_page.edit_requested.connect(self.edit_subject)
        self.subject_page.convene_requested.connect(self.convene_requested)
        self.subject_page.conference_opened.connect(self.conference_opened)
        self.cases = QSplitter(Qt.Orientation.Horizontal)
        self.cases.addWidget(self.register_view)
        self.cases.addWidget(self.subject_page)
        self.cases.setSizes([700, 520])
        # The directory is read when Contacts is first shown, not while unlocking.
        self._contacts_view: ContactsView | None = None

        self.areas = QStackedWidget()
        self.areas.addWidget(self.cases)
        self.areas.addWidget(QWidget())  # stands in for the contacts view until it is needed
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.areas, 1)
        self.nav.setCurrentRow(CASES)
        self.register_view.search_field.setFocus()

    # Public ------------------------------------------------------------------

    def show_area(self, area: int) -> None:
        """Switch to Cases or Contacts."""
        self.nav.setCurrentRow(area)

    @Slot()
    def new_subject(self) -> int | None:
        """Open the subject form for a new case; return its id when saved."""
        dialog = SubjectDialog(self.store, None, self)
        if dialog.exec() and dialog.subject_id is not None:
            self.show_area(CASES)
            self.register_view.search_field.clear()
            self.register_view.refresh_subject(dialog.subject_id, select=True)
            self.subject_page.show_subject(dialog.subject_id)
            return dialog.subject_id
        return None

    @Slot(int)
    def edit_subject(self, subject_id: int) -> None:
        """Open the subject form on an existing case."""
        dialog = SubjectDialog(self.store, subject_id, self)
        if dialog.exec():
            self.refresh(subject_id)

    def refresh(self, subject_id: int | None = None) -> None:
        """Re-read the edited subject (the one shown when None) in the register and on its page.

        Only that subject's row is read again, never the whole register.
        """
        shown = subject_id if subject_id is not None else self.subject_page.subject_id
        if shown is not None:
            self.register_view.refresh_subject(shown, select=subject_id is not None)
        self.subject_page.show_subject(shown)
        if self._contacts_view is not None:
            self._contacts_view.refresh()

    @property
    def contacts_view(self) -> ContactsView:
        """Return the contacts directory, built on first use."""
        if self._contacts_view is None:
            self._contacts_view = ContactsView(self.store)
            placeholder = self.areas.widget(CONTACTS)
            self.areas.insertWidget(CONTACTS, self._contacts_view)
            if placeholder is not None:
                self.areas.removeWidget(placeholder)
                placeholder.deleteLater()
        return self._contacts_view

    def current_subject_id(self) -> int | None:
        """Return the subject shown on the subject page."""
        return self.subject_page.subject_id

    # Slots -------------------------------------------------------------------

    @Slot(int)
    def _on_nav_changed(self, row: int) -> None:
        if row == CONTACTS:
            self.contacts_view  # noqa: B018 - built on first use
        self.areas.setCurrentIndex(max(row, 0))
        if row == CASES and self.subject_page.subject_id is not None:
            # Returning to the register re-reads the case in front of the user, not every case.
            self.register_view.refresh_subject(self.subject_page.subject_id)

    @Slot(int)
    def _on_subject_activated(self, subject_id: int) -> None:
        self.subject_page.show_subject(subject_id)
        self.subject_page.tabs.setFocus()
