"""Chair mode: the fixed agenda as a sidebar, one page per item, everything saved as typed."""

from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QFocusEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk.models import AgendaItem
from solodesk.services.chair_edit import changed_since_issue
from solodesk.services.chair_view import Progress, load_snapshot
from solodesk.services.findings import Finding
from solodesk.store import CaseStore
from solodesk.ui.chair.autosave import AutoSaver
from solodesk.ui.chair.conflict_bar import ConflictBar
from solodesk.ui.chair.fields import put_cursor_in
from solodesk.ui.chair.keyboard import FOCUS_RING_STYLE, deliver_typing, focus_kept, is_typing
from solodesk.ui.chair.lease_bar import LeaseBar
from solodesk.ui.chair.marks import MARK_TIPS, MARKS, mark_icon, sidebar_entries
from solodesk.ui.chair.page import AgendaPage, DeskContext
from solodesk.ui.chair.pages_closing import CompletenessPage, PreviewPage
from solodesk.ui.chair.pages_people import ApologiesPage, ConfidentialityPage, IntroductionsPage
from solodesk.ui.chair.pages_plan import ActionPlanPage
from solodesk.ui.chair.pages_record import NextMeetingPage, PreviousMinutePage, PurposePage
from solodesk.ui.chair.pages_victims_risk import RiskPage, VictimIssuesPage
from solodesk.ui.chair.removal_bar import RemovalBar
from solodesk.ui.change_watch import ChangeWatcher

_PAGE_CLASSES: dict[AgendaItem, type[AgendaPage]] = {
    AgendaItem.INTRODUCTIONS: IntroductionsPage,
    AgendaItem.APOLOGIES: ApologiesPage,
    AgendaItem.PREVIOUS_MINUTE: PreviousMinutePage,
    AgendaItem.PURPOSE: PurposePage,
    AgendaItem.VICTIM_ISSUES: VictimIssuesPage,
    AgendaItem.RISK_ASSESSMENT: RiskPage,
    AgendaItem.ACTION_PLAN: ActionPlanPage,
    AgendaItem.NEXT_MEETING: NextMeetingPage,
}
MARK_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PREVIEW_INDEX = 9
CLOSING_INDEX = 10


class ChairDesk(QWidget):
    """The chair's live meeting on one conference.

    Pages, in sidebar order: 0 confidentiality statement, 1–8 the fixed agenda,
    then the minute preview and the completeness panel ("Close meeting").

    Keys: Ctrl+PgDown / Ctrl+PgUp next/previous page, Alt+0 … Alt+8 an agenda
    item (each puts the cursor in the item's main text field); Ctrl+Shift+A add
    an action; Ctrl+Shift+P preview; Ctrl+Shift+E close the meeting
    (completeness panel); Ctrl+W leave chair mode. The meeting buttons are not
    Tab stops: Tab stays on the page.

    Signals:
        close_requested: the chair asked to leave chair mode (everything is already saved).
        meeting_closed: the meeting was closed (status held, audit event written).
    """

    close_requested = Signal()
    meeting_closed = Signal()

    def __init__(self, store: CaseStore, conference_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conference_id = conference_id
        self.saver = AutoSaver(self)
        self.saver.saved.connect(self._on_saver_saved)
        self.saver.failed.connect(self._on_saver_failed)
        # Flush from a plain object when Qt destroys the desk: no widget is needed by then.
        self.destroyed.connect(self.saver.pending.flush)
        self.removal_bar = RemovalBar(store, self.saver, self)
        self.removal_bar.undone.connect(self._on_removal_undone)
        self.conflict_bar = ConflictBar(self)
        self.saver.conflicted.connect(self.conflict_bar.show_conflict)
        self.conflict_bar.reload_requested.connect(self.reload)
        self.saver.saved.connect(self.conflict_bar.on_saved)
        self.watcher = ChangeWatcher(store, lambda: self.saver.has_pending() or bool(self.saver.conflicts), self)
        self.watcher.changed.connect(self.refresh_from_store)
        self.ctx = DeskContext(store, conference_id, self.saver, self.removal_bar)
        self.lease_bar = LeaseBar(store, conference_id, self.saver, self)  # checked out by someone else: read-only
        self._populated_index = -1
        self.setStyleSheet(FOCUS_RING_STYLE)
        self.snap = load_snapshot(store, conference_id)
        self._build()
        self._build_shortcuts()
        self.go_to(0)

    # Public --------------------------------------------------------------------------

    def current_index(self) -> int:
        """Return the index of the page shown (0 confidentiality, 1–8 agenda, 9 preview, 10 closing)."""
        return self.stack.currentIndex()

    def page(self, index: int) -> AgendaPage:
        """Return a page by index."""
        widget = self.stack.widget(index)
        assert isinstance(widget, AgendaPage)
        return widget

    def page_for(self, item: AgendaItem) -> AgendaPage:
        """Return the page of an agenda item."""
        return self.page(item.number)

    @Slot(int)
    def go_to(self, index: int) -> None:
        """Show a page, saving any typing first and refreshing the page from the store."""
        if not 0 <= index < self.stack.count():
            return
        if self.sidebar.currentRow() != index:
            self.sidebar.setCurrentRow(index)  # Comes back here through the signal.
            return
        self.saver.flush()
        self.snap = load_snapshot(self.store, self.conference_id)
        page = self.page(index)
        if index != self._populated_index or page.main_field() is None:
            # Alt+N on the item already shown refreshes nothing: its fields hold what is being typed.
            if not self.saver.holds_in(page):  # A refused field keeps the chair's text (and its undo) until F5.
                page.populate(self.snap)
            self.lease_bar.freeze(page)
            self._populated_index = index
        self.stack.setCurrentIndex(index)
        self._refresh_marks()
        if self.isVisible():
            self._focus_page()

    @Slot()
    def next_page(self) -> None:
        """Show the next page."""
        self.go_to(min(self.current_index() + 1, self.stack.count() - 1))

    @Slot()
    def previous_page(self) -> None:
        """Show the previous page."""
        self.go_to(max(self.current_index() - 1, 0))

    @Slot()
    def add_action(self) -> None:
        """Open the action plan with the cursor in a new action's description."""
        self.go_to(AgendaItem.ACTION_PLAN.number)
        page = self.page_for(AgendaItem.ACTION_PLAN)
        assert isinstance(page, ActionPlanPage)
        page.new_description.setFocus(Qt.FocusReason.ShortcutFocusReason)
        page.scroll_area.ensureWidgetVisible(page.new_description)

    @Slot()
    def reload(self) -> None:
        """Re-read the conference after another person's save was refused over the chair's (F5)."""
        if not self.saver.holds_in(self.page(self.current_index())):
            self._populated_index = -1  # Every field not being typed in shows the store afresh.
        with focus_kept(self):  # The cursor stays where Ctrl+Z brings the chair's text back.
            restored = self.saver.reload_conflicts()  # Refused fields show the store, their own text one Ctrl+Z away.
            self.go_to(self.current_index())
        self.conflict_bar.reloaded(restored)

    @Slot()
    def refresh_from_store(self) -> None:
        """Show what another person saved, the cursor staying where it is (the watcher: nobody typing here)."""
        with focus_kept(self):
            self._populated_index = -1
            self.lease_bar.check()  # checked in meanwhile: editable again
            self.go_to(self.current_index())

    def save_now(self) -> None:
        """Save any typing still waiting for the debounce."""
        self.saver.flush()

    # Building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setStyleSheet("QLabel { font-size: 12pt; font-weight: bold; }")
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setStyleSheet("QLabel { color: #555; }")
        self.changed_label = QLabel()  # "Changed since vN was issued": the live record and the minute differ.
        self.changed_label.setStyleSheet("QLabel { color: #a31515; font-weight: bold; }")
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Agenda")
        self.sidebar.setFixedWidth(285)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setStyleSheet("QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 5px; }")
        self.sidebar.setIconSize(QSize(18, 18))
        # Not a Tab stop (Tab stays on the page); typing that reaches it goes to the page's main field.
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.sidebar.installEventFilter(self)
        self.stack = QStackedWidget()
        pages: list[AgendaPage] = [ConfidentialityPage(self.ctx, None, "Confidentiality statement")]
        for item in AgendaItem:
            pages.append(_PAGE_CLASSES[item](self.ctx, item, f"{item.number}. {item.label}"))
        pages.append(PreviewPage(self.ctx, None, "Minute preview"))
        self.closing = CompletenessPage(self.ctx, None, "Close the meeting")
        self.closing.go_to_item.connect(self._on_closing_go_to_item)
        self.closing.meeting_closed.connect(self._on_meeting_closed)
        pages.append(self.closing)
        for page in pages:
            page.structure_changed.connect(self._on_page_structure_changed)
            page.nowhere_to_type.connect(self._on_nowhere_to_type)
            self.stack.addWidget(page)
            self.sidebar.addItem(QListWidgetItem(""))
        self.sidebar.currentRowChanged.connect(self.go_to)
        leave = QPushButton("Leave chair mode (Ctrl+W)")
        leave.setToolTip("Everything is saved as you type.")
        leave.clicked.connect(self._on_leave_clicked)
        close_meeting = QPushButton("Close meeting… (Ctrl+Shift+E)")
        close_meeting.clicked.connect(partial(self.go_to, CLOSING_INDEX))
        for button in (leave, close_meeting):
            # Out of the Tab chain: a space typed after Tab must never close the meeting or leave it.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave_button, self.close_meeting_button = leave, close_meeting
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.changed_label)
        top.addWidget(self.status_label)
        top.addWidget(close_meeting)
        top.addWidget(leave)
        side = QVBoxLayout()
        side.addWidget(self.sidebar, 1)
        side.addWidget(
            QLabel("Ctrl+PgUp/PgDn: previous/next\nAlt+0…8: agenda item\nCtrl+Shift+A: add action\nCtrl+W: leave")
        )
        main = QHBoxLayout()
        main.addLayout(side)
        main.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.lease_bar)
        layout.addWidget(self.removal_bar)
        layout.addWidget(self.conflict_bar)
        layout.addLayout(main, 1)
        self._update_header()

    def _build_shortcuts(self) -> None:
        keys: list[tuple[str, object]] = [
            ("Ctrl+PgDown", self.next_page),
            ("Ctrl+PgUp", self.previous_page),
            ("Ctrl+Shift+A", self.add_action),
            ("Ctrl+Shift+P", partial(self.go_to, PREVIEW_INDEX)),
            ("Ctrl+Shift+E", partial(self.go_to, CLOSING_INDEX)),
            ("Ctrl+W", self._on_leave_clicked),
        ]
        keys += [(f"Alt+{n}", partial(self.go_to, n)) for n in range(len(AgendaItem) + 1)]
        self.shortcuts: list[QShortcut] = []
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # Progress --------------------------------------------------------------------------

    def _refresh_marks(self) -> None:
        for row, (progress, text) in enumerate(sidebar_entries(self.snap)):
            entry = self.sidebar.item(row)
            if entry is None:
                continue
            if entry.text() != text:
                entry.setText(text)
            mark = MARKS[progress] if progress is not None else ""
            if entry.data(MARK_ROLE) != mark or entry.icon().isNull():
                entry.setData(MARK_ROLE, mark)
                entry.setIcon(mark_icon(progress or Progress.EMPTY))
                entry.setToolTip(MARK_TIPS[progress] if progress is not None else "")
        self._update_header()

    def marks(self) -> list[str]:
        """Return the sidebar entries as the chair reads them: mark, then name."""
        return [
            f"{self.sidebar.item(row).data(MARK_ROLE) or ' '}  {self.sidebar.item(row).text()}"
            for row in range(self.sidebar.count())
        ]

    def _update_header(self) -> None:
        snap = self.snap
        when = snap.meeting_date.strftime("%d %b %Y") if snap.meeting_date else "no date"
        self.header.setText(f"{snap.subject_name} — {snap.kind.label} conference, {when} ({snap.status.label})")
        version = changed_since_issue(self.store, self.conference_id)
        self.changed_label.setText(f"Changed since v{version} was issued" if version is not None else "")

    # Slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_saver_saved(self) -> None:
        self.snap = load_snapshot(self.store, self.conference_id)
        self._refresh_marks()
        self.status_label.setText("All changes saved.")

    @Slot(str)
    def _on_saver_failed(self, message: str) -> None:
        self.status_label.setText(message)

    @Slot()
    def _on_nowhere_to_type(self) -> None:
        self.status_label.setText("Nothing to type into on this page: Alt+1…8 opens an agenda item.")

    @Slot()
    def _on_page_structure_changed(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, AgendaPage):
            page.populate(load_snapshot(self.store, self.conference_id))
            self.lease_bar.freeze(page)

    @Slot()
    def _on_removal_undone(self) -> None:
        self._on_page_structure_changed()
        focused = self.focusWidget()
        target = self.page(self.current_index()).first_field()
        if (focused is None or not focused.isVisible()) and target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object)
    def _on_closing_go_to_item(self, finding: Finding) -> None:
        self.go_to(finding.item.number if finding.item is not None else 0)
        if finding.row is not None:
            self.page(self.current_index()).focus_row(finding.row)

    @Slot()
    def _on_meeting_closed(self) -> None:
        self.snap = load_snapshot(self.store, self.conference_id)
        self._refresh_marks()
        self.meeting_closed.emit()

    @Slot()
    def _on_leave_clicked(self) -> None:
        self.saver.flush()
        self.close_requested.emit()

    # Qt overrides ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Put the cursor in the current page's main field."""
        super().showEvent(event)
        if self.focusWidget() in (None, self):
            self._focus_page()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Pass focus given to the desk itself (e.g. by the main window) on to the page's main field."""
        super().focusInEvent(event)
        self._focus_page()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        """Tab from outside the page (the agenda list) enters the page, never the meeting buttons."""
        page = self.page(self.current_index())
        focused = QApplication.focusWidget()
        if focused is not None and page.isAncestorOf(focused):
            return page.focusNextPrevChild(next)
        self._focus_page()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Typing while the agenda list has focus goes to the page's main field, never lost or used to jump."""
        if watched is self.sidebar and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if is_typing(event):
                target = self.page(self.current_index()).main_field()
                if target is not None and target.isEnabled():
                    deliver_typing(target, event)
                else:
                    self._on_nowhere_to_type()
                return True
        return super().eventFilter(watched, event)

    def _focus_page(self) -> None:
        target = self.page(self.current_index()).focus_target()
        if target is not None:
            put_cursor_in(target)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Save typing when the desk is hidden (lock, switching views)."""
        self.saver.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Save typing when the desk is closed."""
        self.saver.flush()
        super().closeEvent(event)
