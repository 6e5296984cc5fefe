"""The desk: the first screen after unlocking, one glance at what is due and overdue.

Lines sit under one heading per list. Enter opens what a line names (the case,
its conference or its actions); C convenes a conference for the line's case.
"""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from solodesk.services.desk import Desk, store_desk
from solodesk.store import CaseStore
from solodesk.ui.desk.chase_dialog import ChaseDialog

OVERDUE = QColor("#a4262c")
DUE_SOON = QColor("#8a5a00")
CONVENED = QColor("#2a5d2a")


@dataclass(frozen=True)
class DeskTarget:
    """What a desk line opens.

    Attributes:
        where: "case" (the case page), "conference" (the conference itself) or "actions"
            (the case's open actions).
        can_convene: the line is about a conference still to be convened.
    """

    where: str
    subject_id: int
    conference_id: int | None = None
    can_convene: bool = False


def _today() -> date:
    """Return the day the desk is for (a seam for tests that fix the date)."""
    return date.today()


def _day(value: date | None) -> str:
    return value.strftime("%a %d %b %Y") if value else "no date"


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """Return every item of a tree, depth first, in display order."""
    found: list[QTreeWidgetItem] = []

    def walk(item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        found.append(item)
        for k in range(item.childCount()):
            walk(item.child(k))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return found


class DeskTree(QTreeWidget):
    """The desk's lines; Enter opens a line, C convenes for its case.

    Signals:
        opened(object): a :class:`DeskTarget` to open.
        convene(int): convene a conference for this subject id.
    """

    opened = Signal(object)
    convene = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter opens the current line; C convenes for a review or release; other keys move as usual."""
        target = self.current_target()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and target is not None:
            self.opened.emit(target)
            return
        plain_c = event.key() == Qt.Key.Key_C and event.modifiers() == Qt.KeyboardModifier.NoModifier
        if plain_c and target is not None and target.can_convene:
            self.convene.emit(target.subject_id)
            return
        before = self.currentItem()
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.current_target() is None:
            self._step_over_headings(event, before)

    def _step_over_headings(self, event: QKeyEvent, before: QTreeWidgetItem | None) -> None:
        """Keep moving the same way past headings; stay on the last line when none is left."""
        for _ in range(self.topLevelItemCount() * 2 + 50):
            position = self.currentItem()
            super().keyPressEvent(event)
            if self.current_target() is not None:
                return
            if self.currentItem() is position:  # the top or bottom of the list
                break
        if before is not None:
            self.setCurrentItem(before)

    def current_target(self) -> DeskTarget | None:
        """Return the target of the current line (None on a heading)."""
        item = self.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, DeskTarget) else None


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
        self.tree = DeskTree()
        self.tree.setAccessibleName("Desk")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["When", "Case", "What", "Ref."])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.opened.connect(self.opened)
        self.tree.convene.connect(self.convene_requested)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(help_text)
        layout.addWidget(self.tree, 1)
        self.refresh()

    # Public ------------------------------------------------------------------

    def refresh(self, as_of: date | None = None) -> None:
        """Re-read the desk from the store (as of today unless a day is given) and show it."""
        kept = self.tree.current_target()
        self.desk = desk = store_desk(self.store, as_of or _today())
        self.title.setText(f"Desk — as of {desk.as_of:%A %d %B %Y}")
        self.counts.setText(self._counts_html(desk))
        self.tree.clear()
        self._fill(desk)
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 260))
        self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), 240))
        self.tree.setColumnWidth(2, min(self.tree.columnWidth(2), 620))
        self._select(kept)

    def focus_lines(self) -> None:
        """Put the keyboard in the list, on the first line."""
        self.tree.setFocus()
        if self.tree.current_target() is None:
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
        texts = [" | ".join(item.text(c) for c in range(4)).rstrip(" |") for item in _items(self.tree)]
        return texts

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

    @staticmethod
    def _heading(item: QTreeWidgetItem, bold: bool) -> QTreeWidgetItem:
        # Headings carry no target; the arrow keys step over them (see DeskTree).
        item.setFirstColumnSpanned(True)
        if bold:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
        return item

    def _section(self, title: str, count: int) -> QTreeWidgetItem:
        item = self._heading(QTreeWidgetItem(self.tree, [f"{title} ({count})"]), bold=True)
        if count == 0:
            self._heading(QTreeWidgetItem(item, ["Nothing to do."]), bold=False)
        return item

    @staticmethod
    def _line(
        parent: QTreeWidgetItem, values: list[str], target: DeskTarget, colour: QColor | None = None
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, values)
        item.setData(0, Qt.ItemDataRole.UserRole, target)
        for column, value in enumerate(values):
            item.setToolTip(column, value)
        if colour is not None:
            item.setForeground(0, QBrush(colour))
        return item

    def _fill(self, desk: Desk) -> None:
        section = self._section("Reviews due and overdue", len(desk.reviews))
        for r in desk.reviews:
            how = "agreed at the last meeting" if r.agreed else "review interval for the risk level"
            state = "Overdue since" if r.overdue else "Due"
            self._line(
                section,
                [
                    f"{state} {_day(r.due)}",
                    r.subject_name,
                    f"Review ({how}); last met {_day(r.last_meeting)}",
                    f"case {r.subject_id} · conf. {r.conference_id}",
                ],
                DeskTarget("case", r.subject_id, r.conference_id, can_convene=True),
                OVERDUE if r.overdue else DUE_SOON,
            )
        section = self._section("Releases coming up", len(desk.releases))
        for n in desk.releases:
            if n.conference_id is not None:
                state, colour = f"conference convened for {_day(n.conference_date)}", CONVENED
            else:
                state, colour = ("NOT CONVENED — hold-by date passed" if n.late else "not convened"), OVERDUE
            self._line(
                section,
                [
                    f"Hold by {_day(n.hold_by)}",
                    n.subject_name,
                    f"Release {_day(n.release_date)} ({n.kind}); {state}",
                    f"case {n.subject_id}" + (f" · conf. {n.conference_id}" if n.conference_id else ""),
                ],
                DeskTarget("case", n.subject_id, n.conference_id, can_convene=n.conference_id is None),
                colour if n.conference_id is not None or n.late else DUE_SOON,
            )
        total = sum(len(g.actions) for g in desk.action_groups)
        section = self._section("Actions overdue or due within 14 days, by owner", total)
        for group in desk.action_groups:
            label = f"{group.owner} — {group.agency or 'no agency'} ({len(group.actions)})"
            owner = self._heading(QTreeWidgetItem(section, [label]), bold=False)
            for a in group.actions:
                self._line(
                    owner,
                    [
                        f"{'Overdue' if a.overdue else 'Due'} {_day(a.due)}",
                        a.subject_name,
                        a.description,
                        f"case {a.subject_id}" + (f" · conf. {a.conference_id}" if a.conference_id else ""),
                    ],
                    DeskTarget("actions", a.subject_id, a.conference_id),
                    OVERDUE if a.overdue else DUE_SOON,
                )
        section = self._section("Minutes not issued in time", len(desk.minutes))
        for m in desk.minutes:
            self._line(
                section,
                [
                    f"Due {_day(m.due)}",
                    m.subject_name,
                    f"Met {_day(m.meeting_date)}: {m.working_days} working days without an issued minute",
                    f"case {m.subject_id} · conf. {m.conference_id}",
                ],
                DeskTarget("conference", m.subject_id, m.conference_id),
                OVERDUE,
            )
        section = self._section("Amendment requests waiting for the chair", len(desk.amendments))
        for q in desk.amendments:
            self._line(
                section,
                [
                    f"Asked {_day(q.requested_on)}",
                    q.subject_name,
                    f"Amendment requested by {q.requested_by}",
                    f"case {q.subject_id} · conf. {q.conference_id}",
                ],
                DeskTarget("conference", q.subject_id, q.conference_id),
                DUE_SOON,
            )
        section = self._section("Risk assessments missing or out of date", len(desk.assessments))
        for s in desk.assessments:
            self._line(
                section,
                [_day(s.newest) if s.newest else "No assessment", s.subject_name, s.reason, f"case {s.subject_id}"],
                DeskTarget("case", s.subject_id),
            )

    def _select(self, wanted: DeskTarget | None) -> None:
        first: QTreeWidgetItem | None = None
        for item in _items(self.tree):
            target = item.data(0, Qt.ItemDataRole.UserRole)
            if not isinstance(target, DeskTarget):
                continue
            if first is None:
                first = item
            if target == wanted:
                self.tree.setCurrentItem(item)
                return
        if first is not None:
            self.tree.setCurrentItem(first)

    # Slots -------------------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(target, DeskTarget):
            self.opened.emit(target)

    @Slot()
    def _on_current_changed(self) -> None:
        target = self.tree.current_target()
        self.convene_button.setEnabled(target is not None and target.can_convene)

    @Slot()
    def _on_convene_clicked(self) -> None:
        target = self.tree.current_target()
        if target is not None:
            self.convene_requested.emit(target.subject_id)
