"""The desk: the first screen after unlocking, one glance at what is due and overdue.

Lines sit under one heading per list. Enter opens what a line names (the case,
its conference or its actions); C convenes a conference for the line's case. A
long list shows its first lines and a "Show all (K)" row: Enter on it (or a double
click) brings the rest in, and the keyboard carries on from the first line added.
"""

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from solodesk.services.desk import Desk, store_desk
from solodesk.store import CaseStore
from solodesk.ui.change_watch import ChangeWatcher
from solodesk.ui.desk.chase_dialog import ChaseDialog
from solodesk.ui.desk.desk_model import OVERDUE, DeskModel, DeskTarget, ListKey, ShowAll

# Lines shown per list (and per owner's actions) until the user asks for all of them.
DESK_LIMIT = 25

__all__ = ["DESK_LIMIT", "DeskTarget", "DeskTree", "DeskView"]


def _today() -> date:
    """Return the day the desk is for (a seam for tests that fix the date)."""
    return date.today()


class DeskTree(QTreeView):
    """The desk's lines; Enter opens a line (or shows a whole list), C convenes for its case.

    Signals:
        opened(object): a :class:`DeskTarget` to open.
        convene(int): convene a conference for this subject id.
        show_all(object): the key of a list to show in full.
    """

    opened = Signal(object)
    convene = Signal(int)
    show_all = Signal(object)

    def __init__(self, model: DeskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk_model = model
        self.setModel(model)
        self.doubleClicked.connect(self.activate)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter opens the current line; C convenes for a review or release; other keys move as usual."""
        target = self.current_target()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._is_stop(self.currentIndex()):
            self.activate(self.currentIndex())
            return
        plain_c = event.key() == Qt.Key.Key_C and event.modifiers() == Qt.KeyboardModifier.NoModifier
        if plain_c and target is not None and target.can_convene:
            self.convene.emit(target.subject_id)
            return
        before = self.currentIndex()
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self._is_stop(self.currentIndex()):
            self._step_over_headings(event, before)

    @Slot(QModelIndex)
    def activate(self, index: QModelIndex) -> None:
        """Open a line, or show the whole list a "Show all" row stands for."""
        target, more = self.desk_model.target(index), self.desk_model.show_all(index)
        if target is not None:
            self.opened.emit(target)
        elif more is not None:
            self.show_all.emit(more.key)

    def _is_stop(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Return True on a row the arrows stop at: a line or a "Show all" row."""
        return self.desk_model.target(index) is not None or self.desk_model.show_all(index) is not None

    def _step_over_headings(self, event: QKeyEvent, before: QModelIndex) -> None:
        """Keep moving the same way past headings; stay on the last line when none is left."""
        for _ in range(self.desk_model.rowCount() * 2 + 200):
            position = self.currentIndex()
            super().keyPressEvent(event)
            if self._is_stop(self.currentIndex()):
                return
            if self.currentIndex() == position:  # the top or bottom of the list
                break
        if before.isValid():
            self.setCurrentIndex(before)

    def current_target(self) -> DeskTarget | None:
        """Return the target of the current line (None on a heading or a "Show all" row)."""
        return self.desk_model.target(self.currentIndex())

    def current_show_all(self) -> ShowAll | None:
        """Return the "Show all" row the cursor is on, if any."""
        return self.desk_model.show_all(self.currentIndex())


class DeskView(QWidget):
    """The desk screen.

    Signals:
        opened(object): the user opened a line (a :class:`DeskTarget`).
        convene_requested(int): the user asked to convene a conference for a subject.
    """

    opened = Signal(object)
    convene_requested = Signal(int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.desk: Desk | None = None
        self.may_convene = True  # False for a team store role that does not convene (offer_convening)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setAccessibleName("Desk counts")
        help_text = QLabel(
            "↑ ↓ move · Enter opens the case or conference · C convenes · Ctrl+Shift+H chases actions"
            " · F5 refreshes · Ctrl+0 desk"
        )
        help_text.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton("&Refresh (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.convene_button = QPushButton("&Convene for this case… (C)")
        self.convene_button.clicked.connect(self._on_convene_clicked)
        self.chase_button = QPushButton("Chase actions… (Ctrl+Shift+H)")
        self.chase_button.setShortcut("Ctrl+Shift+H")
        self.chase_button.clicked.connect(lambda: self.chase_actions())
        self.chase_dialog: ChaseDialog | None = None
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.convene_button)
        top.addWidget(self.chase_button)
        top.addWidget(self.refresh_button)
        self.model = DeskModel(self)
        self.tree = DeskTree(self.model)
        self.tree.setAccessibleName("Desk")
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.opened.connect(self.opened)
        self.tree.convene.connect(self._on_tree_convene)
        self.tree.show_all.connect(self.show_all)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        # Lists the user asked to see whole; they stay whole when the desk is refreshed.
        self.shown_all: set[ListKey] = set()
        # Widths from the font rather than from every line (measuring thousands of lines is slow).
        metrics = self.tree.fontMetrics()
        widest_day = metrics.horizontalAdvance("Overdue since Wed 30 Sep 2026") + 3 * self.tree.indentation()
        for column, width in enumerate((min(widest_day, 260), 240, 620)):
            self.tree.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(help_text)
        layout.addWidget(self.tree, 1)
        self.refresh()
        # Another person's saves show within seconds, never under the chase dialog.
        self.watcher = ChangeWatcher(store, lambda: self.chase_dialog is not None, self)
        self.watcher.changed.connect(lambda: self.refresh(as_of=self.desk.as_of if self.desk is not None else None))

    # Public ------------------------------------------------------------------

    def refresh(self, as_of: date | None = None, keep: DeskTarget | ListKey | None = None) -> None:
        """Re-read the desk from the store (as of today unless a day is given) and show it.

        Only the first lines of each list are read unless the user asked for a whole list;
        the counts are exact either way. The cursor stays on the line it was on (or ``keep``).
        """
        if keep is None:
            more = self.tree.current_show_all()
            keep = more.key if more is not None else self.tree.current_target()
        limit = None if self.shown_all else DESK_LIMIT
        self.desk = desk = store_desk(self.store, as_of or _today(), limit=limit)
        self.title.setText(f"Desk — as of {desk.as_of:%A %d %B %Y}")
        self.counts.setText(self._counts_html(desk))
        self.model.set_desk(desk, self.shown_all, DESK_LIMIT)
        for index in self.model.headings():  # headings and "Show all" rows read across the columns
            self.tree.setFirstColumnSpanned(index.row(), index.parent(), True)
        self.tree.expandAll()
        self._select(keep)

    @Slot(object)
    def show_all(self, key: ListKey) -> None:
        """Show every line of a list; the cursor goes to the first line that was not shown before."""
        heading = self.model.heading_of(key)
        first_new = self.model.rowCount(heading) - 1 if heading is not None else 0  # where "Show all" was
        self.shown_all.add(key)
        self.refresh(as_of=self.desk.as_of if self.desk is not None else None)
        heading = self.model.heading_of(key)
        if heading is not None:
            self.tree.setCurrentIndex(self.model.index(first_new, 0, heading))
            self.tree.scrollTo(self.tree.currentIndex())

    def focus_lines(self) -> None:
        """Put the keyboard in the list, on the first line."""
        self.tree.setFocus()
        if self.tree.current_target() is None and self.tree.current_show_all() is None:
            self._select(None)

    def chase_actions(self) -> ChaseDialog:
        """Open the dialog that writes reminder letters for the actions on the desk (its "as of" day)."""
        as_of = self.desk.as_of if self.desk is not None else _today()
        self.chase_dialog = ChaseDialog(self.store, as_of, self)
        self.chase_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chase_dialog.finished.connect(self._on_chase_closed)
        self.chase_dialog.open()  # window-modal; the desk stays as it was behind it
        return self.chase_dialog

    @Slot()
    def _on_chase_closed(self) -> None:
        self.chase_dialog = None
        self.tree.setFocus()

    def line_texts(self) -> list[str]:
        """Return every line as "When | Case | What | Ref." (headings included), for reading the desk."""
        return [" | ".join(self.model.texts(index)).rstrip(" |") for index in self.model.rows()]

    # Building ------------------------------------------------------------------

    @staticmethod
    def _counts_html(desk: Desk) -> str:
        c = desk.counts

        def part(number: int, text: str, urgent: bool) -> str:
            colour = OVERDUE.name() if urgent and number else "#222"
            return f"<span style='color:{colour}'>{text}: <b>{number}</b></span>"

        parts = [
            part(c.reviews_overdue, "Reviews overdue", True),
            part(c.reviews_due, "due", False),
            part(c.releases_not_convened, "Releases not convened", True),
            part(c.releases, "coming", False),
            part(c.actions_overdue, "Actions overdue", True),
            part(c.actions_due_soon, "due within 14 days", False),
            part(c.minutes_late, "Minutes late", True),
            part(c.amendments_waiting, "Amendments waiting", True),
            part(c.assessments_missing_or_old, "Risk assessments missing or old", False),
        ]
        return " &nbsp;·&nbsp; ".join(parts)

    def _select(self, wanted: DeskTarget | ListKey | None) -> None:
        found = self.model.find(wanted)
        if found is not None:
            self.tree.setCurrentIndex(found)

    # Slots -------------------------------------------------------------------

    @Slot()
    def _on_current_changed(self) -> None:
        target = self.tree.current_target()
        self.convene_button.setEnabled(self.may_convene and target is not None and target.can_convene)

    @Slot(int)
    def _on_tree_convene(self, subject_id: int) -> None:
        if self.may_convene:
            self.convene_requested.emit(subject_id)

    def offer_convening(self, allowed: bool, why: str) -> None:
        """Let the person convene from the desk (button and C) or not, saying why not on the button."""
        self.may_convene = allowed
        self.convene_button.setToolTip("" if allowed else why)
        self._on_current_changed()

    @Slot()
    def _on_convene_clicked(self) -> None:
        target = self.tree.current_target()
        if target is not None:
            self.convene_requested.emit(target.subject_id)
