"""The desk's lines as a Qt item model: a row's text is made when the view asks for it.

Headings (one per list, one per owner under the actions) hold the desk's lines as
the services return them; nothing per line is created up front, so the desk opens as
quickly with thousands of lines as with ten. Each list shows its first lines and a
"Show all (K)" row standing for the rest: the view loads them when that row is
activated. The counts in the headings are always the exact totals.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from solodesk.services.desk import (
    ActionLine,
    AmendmentLine,
    AssessmentLine,
    Desk,
    MinuteLine,
    ReleaseLine,
    ReviewLine,
)

OVERDUE = QColor("#a4262c")
DUE_SOON = QColor("#8a5a00")
CONVENED = QColor("#2a5d2a")
MORE = QColor("#1a4f8b")
HEADERS = ("When", "Case", "What", "Ref.")
_Index = QModelIndex | QPersistentModelIndex
# Which list a "Show all" row stands for: ("reviews",) or ("actions", owner, agency, owner id).
ListKey = tuple[str | int | None, ...]


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


@dataclass(frozen=True)
class ShowAll:
    """The row standing for the lines of a list not shown yet."""

    key: ListKey
    total: int

    @property
    def text(self) -> str:
        """Return the row's words."""
        return f"Show all ({self.total}) — Enter"


@dataclass(eq=False)
class _Branch:
    """A heading and the rows under it (the root has no heading)."""

    heading: str
    key: ListKey = ()
    parent: "_Branch | None" = None
    row: int = 0
    bold: bool = False
    children: list[Any] = field(default_factory=list)

    def add(self, child: Any) -> None:
        if isinstance(child, _Branch):
            child.parent, child.row = self, len(self.children)
        self.children.append(child)


_NOTHING = "Nothing to do."
Shown = tuple[tuple[str, str, str, str], DeskTarget, QColor | None]


def _day(value: date | None) -> str:
    return value.strftime("%a %d %b %Y") if value else "no date"


def _review(r: ReviewLine) -> Shown:
    how = "agreed at the last meeting" if r.agreed else "review interval for the risk level"
    texts = (
        f"{'Overdue since' if r.overdue else 'Due'} {_day(r.due)}",
        r.subject_name,
        f"Review ({how}); last met {_day(r.last_meeting)}",
        f"case {r.subject_id} · conf. {r.conference_id}",
    )
    target = DeskTarget("case", r.subject_id, r.conference_id, can_convene=True)
    return texts, target, OVERDUE if r.overdue else DUE_SOON


def _release(n: ReleaseLine) -> Shown:
    if n.conference_id is not None:
        state, colour = f"conference convened for {_day(n.conference_date)}", CONVENED
    else:
        state = "NOT CONVENED — hold-by date passed" if n.late else "not convened"
        colour = OVERDUE if n.late else DUE_SOON
    texts = (
        f"Hold by {_day(n.hold_by)}",
        n.subject_name,
        f"Release {_day(n.release_date)} ({n.kind}); {state}",
        f"case {n.subject_id}" + (f" · conf. {n.conference_id}" if n.conference_id else ""),
    )
    return texts, DeskTarget("case", n.subject_id, n.conference_id, can_convene=n.conference_id is None), colour


def _action(a: ActionLine) -> Shown:
    texts = (
        f"{'Overdue' if a.overdue else 'Due'} {_day(a.due)}",
        a.subject_name,
        a.description,
        f"case {a.subject_id}" + (f" · conf. {a.conference_id}" if a.conference_id else ""),
    )
    return texts, DeskTarget("actions", a.subject_id, a.conference_id), OVERDUE if a.overdue else DUE_SOON


def _minute(m: MinuteLine) -> Shown:
    texts = (
        f"Due {_day(m.due)}",
        m.subject_name,
        f"Met {_day(m.meeting_date)}: {m.working_days} working days without an issued minute",
        f"case {m.subject_id} · conf. {m.conference_id}",
    )
    return texts, DeskTarget("conference", m.subject_id, m.conference_id), OVERDUE


def _amendment(q: AmendmentLine) -> Shown:
    texts = (
        f"Asked {_day(q.requested_on)}",
        q.subject_name,
        f"Amendment requested by {q.requested_by}",
        f"case {q.subject_id} · conf. {q.conference_id}",
    )
    return texts, DeskTarget("conference", q.subject_id, q.conference_id), DUE_SOON


def _assessment(s: AssessmentLine) -> Shown:
    texts = (_day(s.newest) if s.newest else "No assessment", s.subject_name, s.reason, f"case {s.subject_id}")
    return texts, DeskTarget("case", s.subject_id), None


_SHOWN: dict[type, Callable[[Any], Shown]] = {
    ReviewLine: _review,
    ReleaseLine: _release,
    ActionLine: _action,
    MinuteLine: _minute,
    AmendmentLine: _amendment,
    AssessmentLine: _assessment,
}


class DeskModel(QAbstractItemModel):
    """The desk's headings, lines and "Show all" rows for a QTreeView.

    An index's internal pointer is the heading it sits under, so the lines themselves
    need no Qt-side objects.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Branch("")
        self._shown: dict[int, Shown] = {}  # texts of lines already asked for, by id of the line
        # Made once: data() is called for every painted cell, and each setter call on a Qt
        # value with this PySide6 build costs the interpreter a reference to None.
        self._bold, self._link = QFont(), QFont()
        self._bold.setBold(True)
        self._link.setUnderline(True)
        self._brushes = {colour.name(): QBrush(colour) for colour in (OVERDUE, DUE_SOON, CONVENED, MORE)}

    # Filling ------------------------------------------------------------------

    def set_desk(self, desk: Desk, shown_all: set[ListKey], limit: int) -> None:
        """Show a desk: each list's first ``limit`` lines unless it is in ``shown_all``."""
        self.beginResetModel()
        self._shown.clear()
        self._root = root = _Branch("")
        c = desk.counts

        def section(title: str, key: ListKey, lines: list[Any] | None, total: int) -> _Branch:
            branch = _Branch(f"{title} ({total})", key, bold=True)
            root.add(branch)
            if total == 0:
                branch.add(_NOTHING)
            elif lines is not None:
                self._fill(branch, lines, total, shown_all, limit)
            return branch

        section("Reviews due and overdue", ("reviews",), desk.reviews, c.reviews_overdue + c.reviews_due)
        section("Releases coming up", ("releases",), desk.releases, c.releases)
        actions = section(
            "Actions overdue or due within 14 days, by owner",
            ("actions",),
            None,
            c.actions_overdue + c.actions_due_soon,
        )
        for group in desk.action_groups:
            key: ListKey = ("actions", group.owner, group.agency, group.owner_id)
            owner = _Branch(f"{group.owner} — {group.agency or 'no agency'} ({group.count})", key)
            actions.add(owner)
            self._fill(owner, group.actions, group.count, shown_all, limit)
        section("Minutes not issued in time", ("minutes",), desk.minutes, c.minutes_late)
        section("Amendment requests waiting for the chair", ("amendments",), desk.amendments, c.amendments_waiting)
        section(
            "Risk assessments missing or out of date", ("assessments",), desk.assessments, c.assessments_missing_or_old
        )
        self.endResetModel()

    @staticmethod
    def _fill(branch: _Branch, lines: list[Any], total: int, shown_all: set[ListKey], limit: int) -> None:
        shown = lines if branch.key in shown_all else lines[:limit]
        branch.children.extend(shown)
        if total > len(shown):
            branch.add(ShowAll(branch.key, total))

    # Reading ------------------------------------------------------------------

    def entry(self, index: _Index) -> Any:
        """Return what a row shows: a heading (a branch), a line, a :class:`ShowAll` or the "nothing" text."""
        if not index.isValid():
            return None
        branch: _Branch = index.internalPointer()
        return branch.children[index.row()]

    def target(self, index: _Index) -> DeskTarget | None:
        """Return what a line opens (None for headings and "Show all" rows)."""
        shown = self._line(self.entry(index))
        return shown[1] if shown is not None else None

    def show_all(self, index: _Index) -> ShowAll | None:
        """Return the "Show all" row at an index, if it is one."""
        found = self.entry(index)
        return found if isinstance(found, ShowAll) else None

    def headings(self) -> Iterator[QModelIndex]:
        """Yield every row that spans the columns: headings, "Show all" and "nothing" rows."""
        lines = tuple(_SHOWN)
        yield from (i for i in self.rows() if not isinstance(self.entry(i), lines))

    def rows(self) -> Iterator[QModelIndex]:
        """Yield the index of every row, depth first, in display order."""

        def walk(parent: QModelIndex) -> Iterator[QModelIndex]:
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                yield index
                if isinstance(self.entry(index), _Branch):
                    yield from walk(index)

        yield from walk(QModelIndex())

    def find(self, wanted: DeskTarget | ListKey | None) -> QModelIndex | None:
        """Return the first line opening ``wanted`` (or the "Show all" row of a list), else the first line."""
        first = None
        lines = tuple(_SHOWN)
        for index in self.rows():
            found = self.entry(index)
            if isinstance(found, ShowAll):
                if found.key == wanted:
                    return index
            elif not isinstance(found, lines):
                continue
            elif (
                isinstance(wanted, DeskTarget)
                and getattr(found, "subject_id", None) == wanted.subject_id  # only candidates' targets are made
                and self.target(index) == wanted
            ):
                return index
            if first is None:
                first = index
        return first

    def heading_of(self, key: ListKey) -> QModelIndex | None:
        """Return the heading of a list by its key (a section's or an owner's)."""
        for index in self.rows():
            found = self.entry(index)
            if isinstance(found, _Branch) and found.key == key:
                return index
        return None

    def texts(self, index: _Index) -> tuple[str, ...]:
        """Return a row's cell texts."""
        found = self.entry(index)
        if isinstance(found, _Branch):
            return (found.heading,)
        if isinstance(found, ShowAll):
            return (found.text,)
        shown = self._line(found)
        return shown[0] if shown is not None else (str(found),)

    def _line(self, found: Any) -> Shown | None:
        make = _SHOWN.get(type(found))
        if make is None:
            return None
        shown = self._shown.get(id(found))
        if shown is None:
            shown = self._shown[id(found)] = make(found)
        return shown

    # Qt model interface -------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt override
        """Return the index of a row under a parent."""
        branch = self._branch(parent)
        if branch is None or not (0 <= row < len(branch.children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, branch)

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override] # noqa: B008
        """Return the index of the heading a row sits under."""
        if not child.isValid():
            return QModelIndex()
        branch: _Branch = child.internalPointer()
        if branch.parent is None:
            return QModelIndex()
        return self.createIndex(branch.row, 0, branch.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of rows under a parent."""
        branch = self._branch(parent)
        return len(branch.children) if branch is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns."""
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, colour, font or target."""
        if not index.isValid():
            return None
        found = self.entry(index)
        column = index.column()
        shown = self._line(found)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = self.texts(index)
            if role == Qt.ItemDataRole.ToolTipRole and shown is None:
                return None
            return texts[column] if column < len(texts) else None
        if role == Qt.ItemDataRole.UserRole:
            return shown[1] if shown is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            colour = shown[2] if shown is not None else (MORE if isinstance(found, ShowAll) else None)
            return self._brushes[colour.name()] if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and column == 0:
            if isinstance(found, ShowAll):
                return self._link
            return self._bold if isinstance(found, _Branch) and found.bold else None
        return None

    def _branch(self, index: _Index) -> _Branch | None:
        if not index.isValid():
            return self._root
        found = self.entry(index)
        return found if isinstance(found, _Branch) else None
