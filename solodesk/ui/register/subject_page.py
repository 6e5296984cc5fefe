"""The subject page: details, conferences, open actions, assessments, contacts."""

import html
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.notifications import NotificationView, store_notifications
from solodesk.services.subjects import SubjectView, load_subject_view
from solodesk.store import CaseStore
from solodesk.ui.desk.notification_dialog import NotificationDialog
from solodesk.ui.widgets import row_keys


def _date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def _table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(stretch is None)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], ids: list[int] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column), 180))
    table.resizeRowsToContents()


class SubjectPage(QWidget):
    """Everything about one subject.

    Signals:
        edit_requested(int): the user wants to edit the subject.
        convene_requested(int): the user wants a new conference for the subject.
        conference_opened(int): the user opened a conference (its id).
    """

    edit_requested = Signal(int)
    convene_requested = Signal(int)
    conference_opened = Signal(int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.subject_id: int | None = None
        self.view: SubjectView | None = None
        self.title = QLabel("Choose a case from the register")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.edit_button = QPushButton("Edit case… (Ctrl+E)")
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.convene_button = QPushButton("New conference…")
        self.convene_button.clicked.connect(self._on_convene_clicked)
        self.open_conference_button = QPushButton("Open conference")
        self.open_conference_button.clicked.connect(self._on_open_conference_clicked)
        self.notification_button = QPushButton("&Release / referral…")
        self.notification_button.setToolTip("Record or edit a Circular 18 release notification or a referral.")
        self.notification_button.clicked.connect(self._on_notification_clicked)

        self.details = QTextBrowser()
        self.conference_table = _table(["Date", "Type", "Status", "Venue"])
        self.conference_table.doubleClicked.connect(self._on_open_conference_clicked)
        row_keys(self.conference_table, self._on_open_conference_clicked)
        self.action_table = _table(["Due", "Action", "Owner", "Area"], stretch=1)
        self.assessment_table = _table(["Date", "Tool", "Result"])
        self.contact_table = _table(["Name", "Agency", "Role", "Phone", "Email"])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, "Details")
        self.tabs.addTab(self.conference_table, "Conferences")
        self.tabs.addTab(self.action_table, "Open actions")
        self.tabs.addTab(self.assessment_table, "Risk assessments")
        self.tabs.addTab(self.contact_table, "Contacts")

        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.convene_button)
        buttons.addWidget(self.open_conference_button)
        buttons.addWidget(self.notification_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.flags_label)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self._set_enabled(False)

    def show_subject(self, subject_id: int | None) -> None:
        """Load and show a subject (None clears the page)."""
        self.subject_id = subject_id
        if subject_id is None:
            self.view = None
            self.title.setText("Choose a case from the register")
            self.flags_label.clear()
            self.details.clear()
            for table in (self.conference_table, self.action_table, self.assessment_table, self.contact_table):
                table.setRowCount(0)
            self._set_enabled(False)
            return
        try:
            view = load_subject_view(self.store, subject_id)
        except LookupError:
            self.show_subject(None)
            return
        self.view = view
        form = view.form
        age = f" · {view.age} years" if view.age is not None else ""
        self.title.setText(f"{form.forenames} {form.surname}".strip() + age)
        self.flags_label.setText("  ·  ".join(form.warning_flags))
        self.details.setHtml(self._details_html(view) + _custody_html(store_notifications(self.store, subject_id)))
        _fill(
            self.conference_table,
            [[_date(c.meeting_date), c.kind, c.status, c.venue] for c in view.conferences],
            [c.id for c in view.conferences],
        )
        _fill(
            self.action_table,
            [[_date(a.due_date), a.description, a.owner, a.plan_area] for a in view.open_actions],
        )
        for row, action in enumerate(view.open_actions):
            owner_item = self.action_table.item(row, 2)
            if owner_item is not None and action.agency:
                owner_item.setToolTip(f"{action.owner}, {action.agency}")
            due_item = self.action_table.item(row, 0)
            if due_item is not None and action.overdue:
                due_item.setForeground(QColor("#a4262c"))
                due_item.setToolTip("Overdue")
        _fill(self.assessment_table, [[_date(a.assessed_on), a.tool, a.result] for a in view.assessments])
        _fill(self.contact_table, [[c.name, c.agency, c.role, c.phone, c.email] for c in view.contacts])
        self.tabs.setTabText(2, f"Open actions ({len(view.open_actions)})")
        self._set_enabled(True)
        if view.conferences:
            self.conference_table.selectRow(0)

    def selected_conference_id(self) -> int | None:
        """Return the conference selected in the Conferences tab."""
        row = self.conference_table.currentRow()
        item = self.conference_table.item(row, 0) if row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_conference(self, conference_id: int | None) -> None:
        """Select a conference on the Conferences tab and show that tab."""
        for row in range(self.conference_table.rowCount()):
            item = self.conference_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == conference_id:
                self.conference_table.selectRow(row)
                self.tabs.setCurrentWidget(self.conference_table)
                return

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.edit_button, self.convene_button, self.open_conference_button, self.notification_button):
            button.setEnabled(enabled)

    @staticmethod
    def _details_html(view: SubjectView) -> str:
        form = view.form
        rows = [
            ("Aliases", ", ".join(form.aliases)),
            ("Date of birth", _date(form.date_of_birth)),
            ("Gender", form.gender),
            ("Ethnicity", form.ethnicity),
            ("Case status", form.case_status.label),
            ("Legal status", form.legal_status.label),
            ("MAPPA", form.mappa_category.label),
            ("Management level", form.management_level.label if form.management_level else "Not set"),
            ("Registered", "Yes" if form.registered else "No"),
            ("Notification", form.notification_requirements),
            ("References", " · ".join(r for r in (form.visor_ref, form.police_ref, form.other_refs) if r)),
            ("Current address", form.current_address),
            ("Area of address", form.address_area),
            ("Proposed address", form.proposed_address),
            ("Offences", form.offence_summary),
            ("Sentence", " · ".join(x for x in (form.sentence, _date(form.sentenced_on)) if x)),
            ("Licence or order ends", _date(form.order_ends_on)),
            ("Order / licence", form.order_conditions),
            ("Restricted patient", "Yes" if form.restricted_patient else ""),
            ("Hospital detention", " · ".join(x for x in (form.hospital_detention, form.hospital_detention_by) if x)),
            ("Notes", form.notes),
        ]
        body = "".join(
            f"<tr><th align='left' valign='top' style='padding-right:12px'>{html.escape(label)}</th>"
            f"<td>{html.escape(value).replace(chr(10), '<br>')}</td></tr>"
            for label, value in rows
            if value
        )
        return f"<table cellspacing='4'>{body}</table>"

    @Slot()
    def _on_edit_clicked(self) -> None:
        if self.subject_id is not None:
            self.edit_requested.emit(self.subject_id)

    @Slot()
    def _on_notification_clicked(self) -> None:
        if self.subject_id is not None and NotificationDialog(self.store, self.subject_id, self).exec():
            self.show_subject(self.subject_id)

    @Slot()
    def _on_convene_clicked(self) -> None:
        if self.subject_id is not None:
            self.convene_requested.emit(self.subject_id)

    @Slot()
    def _on_open_conference_clicked(self) -> None:
        conference_id = self.selected_conference_id()
        if conference_id is not None:
            self.conference_opened.emit(conference_id)


def _custody_html(notifications: list[NotificationView]) -> str:
    """Return the case's custody-to-community dates from its notifications, newest first."""
    if not notifications:
        return ""
    rows = []
    for n in notifications:
        parts = [f"{n.kind.label} received {_date(n.received_on)} from {n.from_whom}"]
        if n.release_date:
            parts.append(f"release {_date(n.release_date)}; conference by {_date(n.hold_by)}")
        parts.append(f"conference {_date(n.conference_date)}" if n.conference_id else "no conference convened yet")
        detail = " · ".join(x for x in (n.sentence, n.order_or_licence, n.supervising_officer) if x)
        rows.append(html.escape("; ".join(parts)) + (f"<br><i>{html.escape(detail)}</i>" if detail else ""))
    items = "".join(f"<li>{row}</li>" for row in rows)
    return f"<h4>Custody to community</h4><ul>{items}</ul>"
