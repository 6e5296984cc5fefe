"""The case register: every subject, searchable as you type, loaded lazily.

The register keeps a light in-memory index (ids, folded search text, sort keys
and two counts) built with a few aggregate queries, so filtering and sorting
10,000 subjects takes milliseconds; full rows are read a page at a time only
for what the table shows. The index is built once per unlock (off the UI
thread: every method opens its own session); after an edit only the edited
subject's entry is read again (:meth:`SubjectRegister.reload_subject`).
"""

import bisect
import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import func, select

from solodesk.models import (
    Action,
    ActionStatus,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ManagementLevel,
    Subject,
)
from solodesk.store import CaseStore
from solodesk.text_search import subject_search_keys, terms

# How many register lines are read at a time: the view's page, and what a team store's search brings with its ids.
PAGE_SIZE = 50
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.ONGOING)
UPCOMING = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)


class SortKey(enum.StrEnum):
    """Columns the register can be sorted by."""

    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    REFERENCE = "reference"
    CASE_STATUS = "case_status"
    MANAGEMENT_LEVEL = "management_level"
    NEXT_CONFERENCE = "next_conference"
    OPEN_ACTIONS = "open_actions"


@dataclass(frozen=True)
class RegisterFilter:
    """What the user typed and chose above the register.

    Attributes:
        text: words that must all appear in the name, aliases or reference numbers.
        case_status: only subjects with this status, or all.
        management_level: only subjects at this level, or all.
    """

    text: str = ""
    case_status: CaseStatus | None = None
    management_level: ManagementLevel | None = None


@dataclass(frozen=True)
class SubjectRow:
    """One line of the register."""

    id: int
    name: str
    aliases: str
    date_of_birth: date | None
    reference: str
    case_status: CaseStatus
    management_level: ManagementLevel | None
    next_conference: date | None
    open_actions: int


class Register(Protocol):
    """What the register view and the unlock job need of a register, whichever store it searches."""

    def __len__(self) -> int:
        """Return how many subjects the register holds (those this person may read)."""

    def __contains__(self, subject_id: object) -> bool:
        """Return True when the register holds this subject."""

    def search(self, criteria: RegisterFilter, sort: SortKey = SortKey.NAME, descending: bool = False) -> list[int]:
        """Return the ids of matching subjects in display order."""

    def rows(self, ids: list[int]) -> list[SubjectRow]:
        """Return full register rows for some ids, in the order given."""

    def reload(self) -> None:
        """Read every subject again (after an import)."""

    def reload_subject(self, subject_id: int) -> None:
        """Read one subject again (after it was added, edited or removed)."""


def open_register(store: CaseStore) -> Register:
    """Return the register for a store: searched on the server for a team store, in memory on a laptop.

    Ten people building a 50,000-case index each in Python starve a team server's clients; the
    server searches its stored, folded ``search_text`` instead (``register_sql``).
    """
    if store.engine.dialect.name == "postgresql":
        from solodesk.services.register_sql import ServerRegister  # noqa: PLC0415 - imports this module

        return ServerRegister(store)
    return SubjectRegister(store)


@dataclass
class _Entry:
    id: int
    text: str
    sort_name: str
    date_of_birth: date | None
    reference: str
    case_status: CaseStatus
    management_level: ManagementLevel | None
    next_conference: date | None
    open_actions: int


class SubjectRegister:
    """The searchable index of subjects in one store."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        self._entries: dict[int, _Entry] = {}
        # Every entry in each sort order asked for so far; a query filters a ready-sorted list.
        self._sorted: dict[SortKey, tuple[list[_Entry], list[int]]] = {}
        self.reload()

    def reload(self) -> None:
        """Rebuild the whole index from the store (after an import)."""
        self._entries = self._load_entries(None)
        self._sorted.clear()

    def reload_subject(self, subject_id: int) -> None:
        """Read one subject's entry again (after it was added, edited or removed)."""
        entries = self._load_entries(subject_id)
        old, new = self._entries.pop(subject_id, None), entries.get(subject_id)
        if new is not None:
            self._entries[subject_id] = new
        # Move just this entry in each sorted order kept, rather than sorting every subject again.
        for sort, (ordered, ids) in self._sorted.items():
            if old is not None:
                where = next(i for i, entry in enumerate(ordered) if entry is old)
                del ordered[where], ids[where]
            if new is not None:
                key = _sort_function(sort)
                where = bisect.bisect(ordered, key(new), key=key)
                ordered.insert(where, new)
                ids.insert(where, new.id)

    def __contains__(self, subject_id: object) -> bool:
        return subject_id in self._entries

    def _load_entries(self, only: int | None) -> dict[int, _Entry]:
        """Return index entries for every subject, or for one."""
        actions = select(Action.subject_id, func.count()).where(Action.status.in_(OPEN_STATUSES))
        conferences = select(Conference.subject_id, func.min(Conference.meeting_date)).where(
            Conference.status.in_(UPCOMING)
        )
        subjects = select(
            Subject.id,
            Subject.forenames,
            Subject.surname,
            Subject.aliases,
            Subject.date_of_birth,
            Subject.visor_ref,
            Subject.police_ref,
            Subject.other_refs,
            Subject.case_status,
            Subject.management_level,
        )
        if only is not None:
            actions = actions.where(Action.subject_id == only)
            conferences = conferences.where(Conference.subject_id == only)
            subjects = subjects.where(Subject.id == only)
        # Plain column reads on the session's connection: no ORM loading step for 50,000 rows on a team store.
        with self._store.session() as session:
            connection = session.connection()
            open_actions = dict(connection.execute(actions.group_by(Action.subject_id)).all())
            next_conference = dict(connection.execute(conferences.group_by(Conference.subject_id)).all())
            rows = connection.execute(subjects).all()
        entries: dict[int, _Entry] = {}
        for sid, forenames, surname, aliases, born, visor, police, other, status, level in rows:
            text, sort_name = subject_search_keys(forenames, surname, aliases or [], visor, police, other)
            entries[sid] = _Entry(
                id=sid,
                text=text,
                sort_name=sort_name,
                date_of_birth=born,
                reference=visor or police or other,
                case_status=status,
                management_level=level,
                next_conference=next_conference.get(sid),
                open_actions=int(open_actions.get(sid, 0)),
            )
        return entries

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, criteria: RegisterFilter, sort: SortKey = SortKey.NAME, descending: bool = False) -> list[int]:
        """Return the ids of matching subjects in display order."""
        words = terms(criteria.text)
        if sort not in self._sorted:
            ordered = sorted(self._entries.values(), key=_sort_function(sort))
            self._sorted[sort] = (ordered, [entry.id for entry in ordered])
        ordered, all_ids = self._sorted[sort]
        if not words and criteria.case_status is None and criteria.management_level is None:
            ids = list(all_ids)
        else:
            # One narrowing pass per condition: each word scans only what the earlier ones kept.
            kept = ordered
            if criteria.case_status is not None:
                kept = [entry for entry in kept if entry.case_status == criteria.case_status]
            if criteria.management_level is not None:
                kept = [entry for entry in kept if entry.management_level == criteria.management_level]
            for word in words:
                kept = [entry for entry in kept if word in entry.text]
            ids = [entry.id for entry in kept]
        return ids[::-1] if descending else ids

    def rows(self, ids: list[int]) -> list[SubjectRow]:
        """Return full register rows for some ids, in the order given."""
        if not ids:
            return []
        columns = select(
            Subject.id,
            Subject.forenames,
            Subject.surname,
            Subject.aliases,
            Subject.date_of_birth,
            Subject.case_status,
            Subject.management_level,
        ).where(Subject.id.in_(ids))
        with self._store.session() as session:
            subjects = {row.id: row for row in session.execute(columns)}
        result = []
        for sid in ids:
            subject = subjects.get(sid)
            entry = self._entries.get(sid)
            if subject is None or entry is None:
                continue
            result.append(
                SubjectRow(
                    id=sid,
                    name=f"{subject.forenames} {subject.surname}".strip(),
                    aliases=", ".join(subject.aliases or []),
                    date_of_birth=subject.date_of_birth,
                    reference=entry.reference,
                    case_status=subject.case_status,
                    management_level=subject.management_level,
                    next_conference=entry.next_conference,
                    open_actions=entry.open_actions,
                )
            )
        return result


def _sort_function(sort: SortKey) -> Callable[[_Entry], Any]:
    far = date.max
    level_order = {level: index for index, level in enumerate(ManagementLevel)}
    status_order = {status: index for index, status in enumerate(CaseStatus)}
    keys: dict[SortKey, Callable[[_Entry], Any]] = {
        SortKey.NAME: lambda e: e.sort_name,
        SortKey.DATE_OF_BIRTH: lambda e: (e.date_of_birth or far, e.sort_name),
        SortKey.REFERENCE: lambda e: (e.reference.casefold(), e.sort_name),
        SortKey.CASE_STATUS: lambda e: (status_order[e.case_status], e.sort_name),
        SortKey.MANAGEMENT_LEVEL: lambda e: (
            level_order.get(e.management_level, 99) if e.management_level else 99,
            e.sort_name,
        ),
        SortKey.NEXT_CONFERENCE: lambda e: (e.next_conference or far, e.sort_name),
        SortKey.OPEN_ACTIONS: lambda e: (e.open_actions, e.sort_name),
    }
    return keys[sort]
