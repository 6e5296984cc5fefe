"""Copy every row of one store into another, giving each row a new id and following every reference.

Used to bring a laptop's encrypted store into a team store that already has cases of its
own: the ids collide, so each row is inserted without its id, the server hands out a new one,
and every column that names another row (foreign keys, the contact ids inside audiences and
minute snapshots, an audit event's or item identity's ``entity_id``) is rewritten through the
map of old to new ids. Directory agencies and contacts already in the team store are reused
(matched by name, and a contact also by e-mail) rather than duplicated.

Everything is written on the caller's one connection, inside the caller's one transaction:
the copy either lands whole or not at all.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Table, insert, select

from solodesk.models import Base
from solodesk.store.errors import StoreUnusableError
from solodesk.text_search import subject_search_keys

# Rows naming other rows by (table name, id) rather than by a foreign key: copied last.
_BY_ENTITY = ("audit_event", "item_identity")
_DIRECTORY = ("agency", "contact")
# The JSON column of every restricted item: {"contacts": [ids], "kinds": [...], "withheld": {"id": reason}}.
AUDIENCE = "audience"

# A row on its way into the target (column name -> value), and a hook that may change it.
Row = dict[str, Any]
RowHook = Callable[[str, Row], Row | None]


@dataclass
class CopyResult:
    """What a copy did.

    Attributes:
        copied: table name -> rows inserted.
        reused: table name -> directory rows matched to the target's own rather than inserted.
        ids: table name -> laptop id -> team id, for every row copied or matched.
    """

    copied: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    ids: dict[str, dict[int, int]] = field(default_factory=dict)


def fold(text: object) -> str:
    """Return text as matched across stores: trimmed, case-folded (None as empty)."""
    return str(text or "").strip().casefold()


def copy_store(source: Connection, target: Connection, hook: RowHook | None = None) -> CopyResult:
    """Insert every row of ``source`` into ``target`` with new ids and every reference followed.

    Args:
        source: a connection on the store copied from (read only).
        target: a connection, inside a transaction, on the store copied into.
        hook: called with (table name, row) for every row after its references are rewritten;
            returns the row to insert (changed as it likes) or None to leave it out.

    Raises:
        StoreUnusableError: a row names a row that is not there and cannot be left empty.
    """
    result = CopyResult()
    for table in _copy_order():
        if table.name in _DIRECTORY:
            _match_directory(source, target, table, result)
        if "id" not in table.c:
            _copy_keyed(source, target, table, result)
            continue
        _copy_table(source, target, table, result, hook)
    return result


def _copy_order() -> list[Table]:
    tables = [t for t in Base.metadata.sorted_tables if t.name not in _BY_ENTITY]
    return tables + [Base.metadata.tables[name] for name in _BY_ENTITY]


def _match_directory(source: Connection, target: Connection, table: Table, result: CopyResult) -> None:
    """Map laptop agencies and contacts onto the team's own where they are the same one."""
    theirs: dict[Any, int]
    ours: Iterable[tuple[int, Any]]
    if table.name == "agency":
        theirs = {fold(name): id_ for id_, name in target.execute(select(table.c.id, table.c.name))}
        ours = ((id_, fold(name)) for id_, name in source.execute(select(table.c.id, table.c.name)))
    else:
        columns = (table.c.id, table.c.name, table.c.email)
        theirs = {(fold(n), fold(e)): id_ for id_, n, e in target.execute(select(*columns))}
        ours = ((id_, (fold(n), fold(e))) for id_, n, e in source.execute(select(*columns)))
    matched = {old: theirs[key] for old, key in ours if key in theirs}
    result.ids.setdefault(table.name, {}).update(matched)
    result.reused[table.name] = len(matched)


def _copy_table(source: Connection, target: Connection, table: Table, result: CopyResult, hook: RowHook | None) -> None:
    ids = result.ids.setdefault(table.name, {})
    # A reference to a row of the same table (an earlier conference) is set once every row has its new id.
    self_refs = [c for c in table.c if _referred(c) == table.name]
    later: list[tuple[int, Column[Any], int]] = []
    olds: list[int] = []
    rows: list[Row] = []
    for found in source.execute(select(table).order_by(table.c.id)).mappings():
        if found["id"] in ids:
            continue  # a directory row matched to the team's own
        row = _rewrite(table, dict(found), result.ids)
        for column in self_refs:
            if row[column.name] is not None:
                later.append((found["id"], column, row[column.name]))
                row[column.name] = None
        if table.name == "item_identity" and row["entity_id"] is None:
            continue  # the identity of a record the source no longer holds
        kept = hook(table.name, row) if hook else row
        if kept is None:
            continue
        row = kept
        olds.append(row.pop("id"))
        rows.append(row)
    if rows:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids.update(zip(olds, target.execute(statement, rows).scalars(), strict=True))
    for old, column, referred in later:
        new_ref = ids.get(referred)
        if new_ref is not None and old in ids:
            target.execute(table.update().where(table.c.id == ids[old]).values({column.name: new_ref}))
    result.copied[table.name] = len(rows)


def _copy_keyed(source: Connection, target: Connection, table: Table, result: CopyResult) -> None:
    """Copy rows keyed by name (settings) that the target lacks: the team's own settings stand."""
    key = table.primary_key.columns.values()[0]
    theirs = {value for (value,) in target.execute(select(key))}
    rows = [dict(r) for r in source.execute(select(table)).mappings() if r[key.name] not in theirs]
    if rows:
        target.execute(insert(table), rows)
    result.copied[table.name] = len(rows)


def _referred(column: Column[Any]) -> str | None:
    for key in column.foreign_keys:
        return str(key.column.table.name)
    return None


def _rewrite(table: Table, row: Row, ids: Mapping[str, Mapping[int, int]]) -> Row:
    for column in table.c:
        value = row[column.name]
        referred = _referred(column)
        if referred is not None and value is not None and referred != table.name:
            row[column.name] = ids.get(referred, {}).get(value)
            if row[column.name] is None and not column.nullable:
                raise StoreUnusableError(
                    f"A {table.name.replace('_', ' ')} names a {referred.replace('_', ' ')} that is not in the store."
                )
        elif isinstance(value, datetime) and value.tzinfo is None and isinstance(column.type, DateTime):
            # SQLite hands back the UTC times it was given without their zone.
            row[column.name] = value.replace(tzinfo=UTC)
    contacts = ids.get("contact", {})
    if AUDIENCE in row:
        row[AUDIENCE] = remap_audience(row[AUDIENCE], contacts)
    if table.name == "subject":
        # Written without the ORM, so its mapper events (which keep these) do not run: fold them here.
        row["search_text"], row["sort_name"] = subject_search_keys(
            row["forenames"] or "",
            row["surname"] or "",
            row["aliases"] or [],
            row["visor_ref"] or "",
            row["police_ref"] or "",
            row["other_refs"] or "",
        )
    if table.name == "minute_issue":
        row["content"] = remap_contact_ids(row["content"], contacts)
    if table.name in _BY_ENTITY and row["entity_id"] is not None:
        row["entity_id"] = ids.get(row["entity"], {}).get(row["entity_id"])
    return row


def remap_audience(audience: Any, contacts: Mapping[int, int]) -> Any:
    """Return an audience with its contact ids (named and withheld) in the target's numbering.

    A contact no longer in the source's directory is left out, as the audience would read it anyway.
    """
    if not isinstance(audience, dict):
        return audience
    out = dict(audience)
    if isinstance(audience.get("contacts"), list):
        out["contacts"] = sorted(contacts[c] for c in audience["contacts"] if isinstance(c, int) and c in contacts)
    if isinstance(audience.get("withheld"), dict):
        withheld = {}
        for key, reason in audience["withheld"].items():
            new = contacts.get(int(key)) if str(key).isdigit() else None
            if new is not None:
                withheld[str(new)] = reason
        out["withheld"] = withheld
    return out


def remap_contact_ids(data: Any, contacts: Mapping[int, int]) -> Any:
    """Return JSON data (a minute snapshot) with every ``contact_id`` in the target's numbering."""
    if isinstance(data, list):
        return [remap_contact_ids(item, contacts) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key == "contact_id" and isinstance(value, int):
            out[key] = contacts.get(value)
        elif key == AUDIENCE:
            out[key] = remap_audience(value, contacts)
        else:
            out[key] = remap_contact_ids(value, contacts)
    return out
