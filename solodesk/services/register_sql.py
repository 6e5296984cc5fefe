"""The case register of a team store, searched on the server.

A team store holds tens of thousands of cases and ten people open it at once: each building
the in-memory index of :class:`~solodesk.services.register.SubjectRegister` (every subject's
names folded in Python) starves the clients' CPUs and the server's. Here every search is one
query: the typed words are matched as substrings of the subject's stored, folded
``search_text`` (a trigram index serves them on PostgreSQL), filters, sort and counts run in
SQL, and :meth:`ServerRegister.rows` reads only the page asked for. Nothing is cached, so a
reload costs nothing. Row-level security applies as to any query: a worker's register holds
their own cases only.

On a store set up by ``team init`` the words go to the server's ``solodesk_search_ids``
function (``team_policy_sql``): under the row policies PostgreSQL may not use the trigram index
for LIKE (not leakproof), so a search made there by LIKE read all 50,000 rows at every keystroke.
The function returns the matching ids the person may read in name order, the register's usual one.

Matching and order mirror the in-memory register: the same folded words (``subject_search_keys``),
the same sort keys, unknown dates and levels last, every key reversed for a descending sort.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Date,
    Executable,
    Integer,
    Row,
    Select,
    Text,
    any_,
    bindparam,
    case,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.sql.elements import KeyedColumnElement

from solodesk.models import Base, CaseStatus, ManagementLevel
from solodesk.services.register import (
    OPEN_STATUSES,
    PAGE_SIZE,
    UPCOMING,
    RegisterFilter,
    SortKey,
    SubjectRow,
)
from solodesk.store import CaseStore
from solodesk.text_search import terms

# The tables, not the mapped classes: the register reads plain columns, so it needs no ORM set-up
# (mapper configuration, ORM compile state) before its first search.
_SUBJECT = Base.metadata.tables["subject"]
_CONFERENCE = Base.metadata.tables["conference"]
_ACTION = Base.metadata.tables["action"]
_FAR = literal(date.max, Date)
_LAST = 99
# What a register line shows of the subject row itself.
_PAGE_COLUMNS = [
    _SUBJECT.c[name]
    for name in (
        "id",
        "forenames",
        "surname",
        "aliases",
        "date_of_birth",
        "visor_ref",
        "police_ref",
        "other_refs",
        "case_status",
        "management_level",
    )
]


class ServerRegister:
    """The register of a store whose database searches for it (a team store)."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        # Python orders strings by code point; PostgreSQL does so under the "C" collation (SQLite always does).
        self._server = store.engine.dialect.name == "postgresql"
        self._statements: dict[tuple[int, bool, bool, SortKey, bool], Select[Any]] = {}
        self._page = self._page_statement()
        # A team store set up by ``team init`` searches through its own function (the trigram index
        # even under the row policies); a bare schema, or one set up before it, by LIKE on the rows.
        self._by_function = self._server and self._has_search_function()
        # The rows of the first page, read by the last search in the same statement as its ids.
        self._first_page: dict[int, SubjectRow] = {}
        self._warm()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """Yield a connection for one read: on the server outside a transaction (no BEGIN and COMMIT).

        With ten people typing at once on a busy server, every round trip waits its turn for a CPU:
        a single read needs no transaction, so a search costs its query alone (and the pool's ping).
        """
        if self._server:
            with self._store.engine.connect() as connection:
                yield connection.execution_options(isolation_level="AUTOCOMMIT")
        else:
            with self._store.session() as session:
                yield session.connection()

    def _warm(self) -> None:
        """Run each query once as the register opens (off the UI thread), so typing never waits on compiling.

        SQLAlchemy compiles a statement the first time its shape is met: tens of milliseconds that
        would otherwise land on the first words typed. One to three words cover what people type;
        a word no subject holds finds nothing.
        """
        for count in range(1, 2 if self._by_function else 4):
            self._ids(["qqqzzzqqq"] * count, RegisterFilter(), SortKey.NAME, descending=False)
        self.rows([0])

    def _has_search_function(self) -> bool:
        with self._reading() as connection:
            signature = "public.solodesk_search_ids(text[], text, text, boolean)"
            found = connection.execute(select(func.to_regprocedure(signature).is_not(None))).scalar()
        return bool(found)

    def reload(self) -> None:
        """Nothing to rebuild: every search reads the store (the page read with the last search is dropped)."""
        self._first_page = {}

    def reload_subject(self, subject_id: int) -> None:
        """Drop this subject's row read with the last search: the next search sees the subject as it is now."""
        self._first_page.pop(subject_id, None)

    def __len__(self) -> int:
        with self._reading() as connection:
            return int(connection.execute(select(func.count()).select_from(_SUBJECT)).scalar_one())

    def __contains__(self, subject_id: object) -> bool:
        if not isinstance(subject_id, int):
            return False
        with self._reading() as connection:
            return connection.execute(select(_SUBJECT.c.id).where(_SUBJECT.c.id == subject_id)).first() is not None

    def search(self, criteria: RegisterFilter, sort: SortKey = SortKey.NAME, descending: bool = False) -> list[int]:
        """Return the ids of matching subjects in display order."""
        return self._ids(terms(criteria.text), criteria, sort, descending)

    def _ids(self, words: list[str], criteria: RegisterFilter, sort: SortKey, descending: bool) -> list[int]:
        # Through the function, any number of words is one array parameter: one statement serves them all.
        count = min(len(words), 1) if self._by_function else len(words)
        shape = (count, criteria.case_status is not None, criteria.management_level is not None, sort, descending)
        statement = self._statements.get(shape)
        if statement is None:
            statement = self._statements[shape] = self._search_statement(*shape)
        patterns = [f"%{_escaped(word)}%" for word in words]
        status, level = criteria.case_status, criteria.management_level
        values: dict[str, Any]
        if self._by_function:  # the function takes the filters as text: the values the rows store
            values = {"words": patterns, "descending": descending}
            values |= {"status_text": status.value if status else None, "level_text": level.value if level else None}
        else:
            values = {f"word_{n}": pattern for n, pattern in enumerate(patterns)}
            values |= {"status": status, "level": level}
        with self._reading() as connection:
            if not self._server:
                return list(connection.execute(statement, values).scalars())
            found = connection.execute(statement, values).all()
        # The first page came with the ids (one round trip, not two): the view asks for it next.
        self._first_page = {row.id: _subject_row(row) for row in found}
        return list(found[0].ids) if found else []

    def _search_statement(
        self, words: int, by_status: bool, by_level: bool, sort: SortKey, descending: bool
    ) -> Select[Any]:
        """Build the search of one shape once (its words and filters as parameters): typing reuses it."""
        if self._by_function:
            # The server's own search returns the ids in name order: the register's usual order is
            # then read whole from it; another order sorts those rows again.
            found = _searched_ids()
            if sort == SortKey.NAME:
                # Materialised: inlined, the call would run twice (for the page and for the ids).
                return _first_page_of(select(found.label("ids")).cte("found").prefix_with("MATERIALIZED"))
            if words or by_status or by_level:
                query: Select[Any] = select().where(_SUBJECT.c.id == any_(found))
            else:
                query = select()
        else:
            query = select()
            if by_status:
                query = query.where(_SUBJECT.c.case_status == bindparam("status"))
            if by_level:
                query = query.where(_SUBJECT.c.management_level == bindparam("level"))
            for n in range(words):
                query = query.where(_SUBJECT.c.search_text.like(bindparam(f"word_{n}", type_=Text), escape="/"))
        keys: list[Any]
        if sort == SortKey.NEXT_CONFERENCE:
            upcoming = _next_conferences().subquery()
            query = query.outerjoin_from(_SUBJECT, upcoming, upcoming.c.subject_id == _SUBJECT.c.id)
            keys = [func.coalesce(upcoming.c.next_conference, _FAR)]
        elif sort == SortKey.OPEN_ACTIONS:
            counts = _open_actions().subquery()
            query = query.outerjoin_from(_SUBJECT, counts, counts.c.subject_id == _SUBJECT.c.id)
            keys = [func.coalesce(counts.c.open_actions, 0)]
        else:
            keys = _column_keys(sort, self._server)
        # The in-memory register reverses its whole order for a descending sort: every key, the name too.
        keys = [*keys, self._sort_name(), _SUBJECT.c.id] if sort != SortKey.NAME else [*keys, _SUBJECT.c.id]
        order = [key.desc() if descending else key.asc() for key in keys]
        if self._server:
            return _ids_and_first_page(query, order)
        return query.add_columns(_SUBJECT.c.id).order_by(*order)

    def rows(self, ids: list[int]) -> list[SubjectRow]:
        """Return full register rows for some ids, in the order given (one query, only these subjects)."""
        if not ids:
            return []
        if all(sid in self._first_page for sid in ids):
            return [self._first_page.pop(sid) for sid in ids]  # served once: a later read is fresh
        with self._reading() as connection:
            found = {row.id: _subject_row(row) for row in connection.execute(self._page, {"ids": ids})}
        return [found[sid] for sid in ids if sid in found]

    def _page_statement(self) -> Executable:
        """Build the page query once; on PostgreSQL the ids go as one array parameter.

        Its text then never changes with the page's length: it is prepared once on the server,
        and no bind is rendered per id.
        """
        ids = bindparam("ids", type_=ARRAY(Integer)) if self._server else bindparam("ids", expanding=True)

        def among(column: Any) -> ColumnElement[bool]:
            return column == any_(ids) if self._server else column.in_(ids)  # type: ignore[no-any-return]

        upcoming = _next_conferences().where(among(_CONFERENCE.c.subject_id)).subquery()
        counts = _open_actions().where(among(_ACTION.c.subject_id)).subquery()
        page = (
            select(
                *_PAGE_COLUMNS,
                upcoming.c.next_conference,
                counts.c.open_actions,
            )
            .outerjoin(upcoming, upcoming.c.subject_id == _SUBJECT.c.id)
            .outerjoin(counts, counts.c.subject_id == _SUBJECT.c.id)
            .where(among(_SUBJECT.c.id))
        )
        return page

    def _sort_name(self) -> Any:
        return _SUBJECT.c.sort_name.collate("C") if self._server else _SUBJECT.c.sort_name


def _subject_row(row: Row[Any]) -> SubjectRow:
    """Return the register line of one row read by the page or the search statement."""
    return SubjectRow(
        id=row.id,
        name=f"{row.forenames} {row.surname}".strip(),
        aliases=", ".join(row.aliases or []),
        date_of_birth=row.date_of_birth,
        reference=row.visor_ref or row.police_ref or row.other_refs,
        case_status=row.case_status,
        management_level=row.management_level,
        next_conference=row.next_conference,
        open_actions=int(row.open_actions or 0),
    )


def _searched_ids() -> Any:
    """Return the call of the team store's search function, its values as the search's parameters."""
    return func.public.solodesk_search_ids(
        bindparam("words", type_=ARRAY(Text)),
        bindparam("status_text", type_=Text),
        bindparam("level_text", type_=Text),
        bindparam("descending", type_=Boolean),
        type_=ARRAY(Integer),
    )


def _ids_and_first_page(query: Select[Any], order: list[Any]) -> Select[Any]:
    """Return the server's search: the first page's rows, the first of them also holding every id in order.

    One statement, so a keystroke costs one round trip: with ten people typing on a busy server,
    every round trip waits its turn for a CPU twice (server, then client). The ids travel once, as
    one array (thousands of matches cost the client one value, not a row each); no match, no row.
    """
    every_id = func.array_agg(aggregate_order_by(_SUBJECT.c.id, *order), type_=ARRAY(Integer))
    return _first_page_of(query.add_columns(every_id.label("ids")).cte("found"))


def _first_page_of(found: Any) -> Select[Any]:
    """Return the rows of the first ``PAGE_SIZE`` ids of ``found.ids``, the first row also holding them all."""
    # The page's ids by position in that array, then each subject looked up by its key.
    page = func.unnest(found.c.ids[1:PAGE_SIZE]).table_valued("id", with_ordinality="n").render_derived("page")
    upcoming = select(func.min(_CONFERENCE.c.meeting_date)).where(
        _CONFERENCE.c.subject_id == _SUBJECT.c.id, _CONFERENCE.c.status.in_(UPCOMING)
    )
    counts = select(func.count()).where(_ACTION.c.subject_id == _SUBJECT.c.id, _ACTION.c.status.in_(OPEN_STATUSES))
    return (
        select(
            case((page.c.n == 1, found.c.ids)).label("ids"),
            *_PAGE_COLUMNS,
            upcoming.scalar_subquery().label("next_conference"),
            counts.scalar_subquery().label("open_actions"),
        )
        .select_from(found)
        .join(page, literal(True))
        .join(_SUBJECT, _SUBJECT.c.id == page.c.id)
        .order_by(page.c.n)
    )


def _column_keys(sort: SortKey, collate: bool) -> list[Any]:
    """Return the leading sort keys read from the subject row itself."""
    if sort == SortKey.NAME:
        return [_SUBJECT.c.sort_name.collate("C") if collate else _SUBJECT.c.sort_name]
    if sort == SortKey.DATE_OF_BIRTH:
        return [func.coalesce(_SUBJECT.c.date_of_birth, _FAR)]
    if sort == SortKey.REFERENCE:
        # The first reference present, as the row shows it; lower() stands in for casefold (references are ASCII).
        reference = func.coalesce(
            func.nullif(_SUBJECT.c.visor_ref, ""), func.nullif(_SUBJECT.c.police_ref, ""), _SUBJECT.c.other_refs
        )
        lowered: ColumnElement[str] = func.lower(reference)
        return [lowered.collate("C") if collate else lowered]
    if sort == SortKey.CASE_STATUS:
        return [case({status: n for n, status in enumerate(CaseStatus)}, value=_SUBJECT.c.case_status, else_=_LAST)]
    if sort == SortKey.MANAGEMENT_LEVEL:
        levels = {level: n for n, level in enumerate(ManagementLevel)}
        return [case(levels, value=_SUBJECT.c.management_level, else_=_LAST)]
    raise ValueError(f"Unknown sort: {sort}")


def _escaped(word: str) -> str:
    """Return a word with LIKE's wildcards (and the escape character) matched literally."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _next_conferences() -> Select[Any]:
    next_conference: KeyedColumnElement[Any] = func.min(_CONFERENCE.c.meeting_date).label("next_conference")
    return (
        select(_CONFERENCE.c.subject_id, next_conference)
        .where(_CONFERENCE.c.status.in_(UPCOMING))
        .group_by(_CONFERENCE.c.subject_id)
    )


def _open_actions() -> Select[Any]:
    open_actions: KeyedColumnElement[Any] = func.count().label("open_actions")
    return (
        select(_ACTION.c.subject_id, open_actions)
        .where(_ACTION.c.status.in_(OPEN_STATUSES))
        .group_by(_ACTION.c.subject_id)
    )
