"""How the desk and the MI report read rows in bulk: plain tuples of stored values.

The lists and figures can read tens of thousands of rows on a large store. Reading them
as plain tuples (no per-value type processing) and holding the cyclic garbage collector
while they are built keeps them quick.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ClauseElement, Dialect
from sqlalchemy.orm import Session


def plain_rows(session: Session, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """Return a statement's rows as plain tuples of the stored values, in the session's transaction.

    The desk's big lists read tens of thousands of rows; skipping SQLAlchemy's per-value
    type processing (dates are parsed where needed, enums compared as their stored text)
    makes them several times cheaper. The bound values are the app's own (enums, dates,
    numbers), rendered as literals by SQLAlchemy's compiler.
    """
    connection = session.connection()
    sql = _sql_text(statement, connection.dialect)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cursor.execute(sql).fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


# The SQL text of statements already compiled, by their shape and bound values: the desk is
# opened again and again (each refresh) for the same day, and compiling its statements cost
# more than a tenth of opening it. Bounded, as the values (days, limits) change over time.
_SQL_CACHE: dict[tuple[Any, ...], str] = {}
_SQL_CACHE_SIZE = 256


def _sql_text(statement: ClauseElement, dialect: Dialect) -> str:
    """Return a statement compiled with its values as literals, from the cache when compiled before."""
    key = _cache_key(statement, dialect)
    sql = _SQL_CACHE.get(key) if key is not None else None
    if sql is None:
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if key is not None:
            if len(_SQL_CACHE) >= _SQL_CACHE_SIZE:
                _SQL_CACHE.clear()
            _SQL_CACHE[key] = sql
    return sql


def _cache_key(statement: ClauseElement, dialect: Dialect) -> tuple[Any, ...] | None:
    """Return what decides a statement's SQL text: the dialect, its shape and every bound value; None if uncacheable.

    SQLAlchemy's cache key stands for the shape with the bound values left out (the same
    key its own compiled cache uses), so the values are added: the text has them as literals.
    """
    shape = statement._generate_cache_key()  # noqa: SLF001 - the key SQLAlchemy caches its compiled statements by
    if shape is None:
        return None
    values = []
    for parameter in shape.bindparams:
        value = parameter.effective_value
        values.append(tuple(value) if isinstance(value, list) else value)
    key = (type(dialect), dialect.server_version_info, shape.key, tuple(values))
    try:
        hash(key)
    except TypeError:  # a value that cannot be a key: compile it each time
        return None
    return key


def in_code_point_order(session: Session, column: Any) -> Any:
    """Return a text column to order by as Python orders strings (by code point), as the lists are sorted.

    SQLite compares text by its UTF-8 bytes, which is code point order; PostgreSQL would use the
    database's locale unless told otherwise.
    """
    return column.collate("C") if session.connection().dialect.name == "postgresql" else column


def day(stored: str | date | None) -> date | None:
    """Return a stored date as a date; None for none.

    SQLite hands a plain row's date back as ISO text, PostgreSQL (a team store) as a date.
    """
    if not stored:
        return None
    return stored if isinstance(stored, date) else date.fromisoformat(stored)


def iso(stored: str | date) -> str:
    """Return a stored date as ISO text (which sorts as the dates do), whichever way the driver handed it back."""
    return stored.isoformat() if isinstance(stored, date) else stored


def utc_day(stored: str | datetime | None) -> date | None:
    """Return the UTC day of a stored time; None for none.

    SQLite keeps the UTC time as text, PostgreSQL hands back an aware time in the session's zone.
    """
    if not stored:
        return None
    if isinstance(stored, datetime):
        return stored.astimezone(UTC).date() if stored.tzinfo else stored.date()
    return date.fromisoformat(stored[:10])


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Hold the cyclic garbage collector while the lists are built.

    The desk makes tens of thousands of small objects, none of them in reference cycles;
    each burst would otherwise set off full collections that walk the whole heap (the
    app's widgets included) again and again, which cost more than building the lists.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
