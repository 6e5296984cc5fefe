"""Bring a laptop's store into the team store: every case, in one transaction on the server.

Nothing is written when any laptop case is already in the team store (the same ViSOR
reference, police reference, or surname, forenames and date of birth, compared trimmed and
case-insensitively) or when an item carried in a pack is already there: the caller gets the
list of matches instead. Audit events keep their history but are signed by the team login
the import is made as; the laptop's own user name stays in the event's detail.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from solodesk.models import Base
from solodesk.services import audit
from solodesk.store.case_store import CaseStore
from solodesk.store.errors import StoreUnusableError
from solodesk.store.team_copy import CopyResult, Row, copy_store, fold
from solodesk.store.team_store import TeamStore, connection_error

# Tables whose ``uuid`` names an item across stores (packs): one already in the team store is a duplicate.
_UUID_TABLES = ("agency_report", "attachment", "case_note", "proposed_action", "item_identity")


@dataclass(frozen=True)
class Duplicate:
    """A laptop case (or item) the team store already has.

    Attributes:
        laptop: the laptop's case, in words.
        team: the team store's matching case, in words.
        key: what matched ("ViSOR reference", "police reference", "name and date of birth", "item id").
    """

    laptop: str
    team: str
    key: str

    def describe(self) -> str:
        """Return the one line that shows this match."""
        return f"{self.laptop} matches {self.team} by {self.key}"


class DuplicateCasesError(StoreUnusableError):
    """The import was refused because cases are already in the team store (exit 4; nothing written)."""

    def __init__(self, duplicates: list[Duplicate]) -> None:
        count = len(duplicates)
        super().__init__(
            f"{count} laptop {'record is' if count == 1 else 'records are'} already in the team store "
            "(listed above); nothing was imported."
        )
        self.duplicates = duplicates


@dataclass(frozen=True)
class ImportSummary:
    """What an import brought.

    Attributes:
        cases: subjects copied.
        copied: table name -> rows copied.
        reused_contacts: directory contacts (and agencies) matched to the team's own.
    """

    cases: int
    copied: dict[str, int]
    reused_contacts: int


def import_store(laptop: CaseStore, team: TeamStore, login: str) -> ImportSummary:
    """Copy every row of an open laptop store into an open team store, in one server transaction.

    Args:
        laptop: the laptop's store, unlocked.
        team: the team store, signed in.
        login: the team login the laptop's audit events are signed by.

    Raises:
        DuplicateCasesError: cases or items already in the team store (with the list); nothing written.
        StoreUnusableError: the login lacks a grant, or the server went away; nothing written.
    """
    with laptop.session() as session:
        source = session.connection()
        try:
            with team.engine.begin() as target:
                # No one adds a case between the check and the copy.
                target.execute(text("LOCK TABLE subject IN SHARE ROW EXCLUSIVE MODE"))
                duplicates = find_duplicates(source, target)
                if duplicates:
                    raise DuplicateCasesError(duplicates)
                events = Base.metadata.tables["audit_event"]
                laptop_users = {actor for (actor,) in source.execute(select(events.c.actor).distinct()) if actor}
                result = copy_store(source, target, _Signer(login, laptop_users))
                _record(target, login, result)
        except DBAPIError as exc:
            raise _server_refusal(exc, team) from exc
    return ImportSummary(
        cases=result.copied.get("subject", 0),
        copied=result.copied,
        reused_contacts=result.reused.get("contact", 0) + result.reused.get("agency", 0),
    )


class _Signer:
    """Sign the laptop's audit events (and minutes it issued) with the team login; keep who it was on the laptop."""

    def __init__(self, login: str, laptop_users: set[str]) -> None:
        self.login = login
        self.laptop_users = laptop_users

    def __call__(self, table: str, row: Row) -> Row:
        if table == "minute_issue" and row.get("issued_by") in self.laptop_users:
            row["issued_by"] = self.login  # the laptop's user name, not a name a person typed
        elif table == "audit_event":
            laptop_actor = row.get("actor") or "unknown"
            row["detail"] = "; ".join(part for part in (row.get("detail"), f"laptop_actor={laptop_actor}") if part)
            row["actor"] = self.login
        return row


def find_duplicates(source: Connection, target: Connection) -> list[Duplicate]:
    """Return every laptop case (and pack item) the team store already holds, laptop case order."""
    subject = Base.metadata.tables["subject"]
    columns = (
        subject.c.id,
        subject.c.surname,
        subject.c.forenames,
        subject.c.date_of_birth,
        subject.c.visor_ref,
        subject.c.police_ref,
    )
    theirs = _case_keys(target.execute(select(*columns)))
    found = []
    for row in source.execute(select(*columns).order_by(subject.c.id)):
        for key, value in _keys(row):
            if value in theirs.get(key, {}):
                found.append(Duplicate(_case_words("laptop", row), _case_words("team", theirs[key][value]), key))
                break
    for name in _UUID_TABLES:
        table = Base.metadata.tables[name]
        ours = {u for (u,) in source.execute(select(table.c.uuid))}
        clash = sorted(u for (u,) in target.execute(select(table.c.uuid).where(table.c.uuid.in_(ours)))) if ours else []
        found += [Duplicate(f"laptop {name.replace('_', ' ')} {u}", "the team store's own", "item id") for u in clash]
    return found


def _keys(row: Any) -> Iterable[tuple[str, Any]]:
    if fold(row.visor_ref):
        yield "ViSOR reference", fold(row.visor_ref)
    if fold(row.police_ref):
        yield "police reference", fold(row.police_ref)
    if row.date_of_birth is not None and fold(row.surname):
        yield "name and date of birth", (fold(row.surname), fold(row.forenames), row.date_of_birth)


def _case_keys(rows: Iterable[Any]) -> dict[str, dict[Any, Any]]:
    keys: dict[str, dict[Any, Any]] = {}
    for row in rows:
        for key, value in _keys(row):
            keys.setdefault(key, {}).setdefault(value, row)
    return keys


def _case_words(where: str, row: Any) -> str:
    born = f", born {row.date_of_birth.isoformat()}" if row.date_of_birth else ""
    return f"{where} case {row.id} ({row.surname.strip().upper()}, {row.forenames.strip()}{born})"


def _record(target: Connection, login: str, result: CopyResult) -> None:
    events = Base.metadata.tables["audit_event"]
    detail = " ".join(f"{name}={count}" for name, count in sorted(result.copied.items()) if count)
    target.execute(
        events.insert().values(
            actor=login, action="team.imported", entity="", entity_id=None, detail=f"{detail} by={audit.current_user()}"
        )
    )


def _server_refusal(exc: DBAPIError, team: TeamStore) -> StoreUnusableError:
    """Return the sentence for a server's refusal mid-import (the transaction is already rolled back)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate == "42501":  # insufficient_privilege
        return StoreUnusableError(
            f"The login {team.url.username or ''} may not add cases to the team store: ask IT for a chair, "
            "assistant or worker login; nothing was imported."
        )
    refusal = connection_error(exc, team.url)
    return StoreUnusableError(f"{str(refusal).removesuffix('.')}; nothing was imported.")
