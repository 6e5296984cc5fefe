"""Removing a row in chair mode, undoably: removal hands back a plain snapshot that restore re-inserts.

No schema change is needed: the rows chair mode removes (victims, assessments,
actions, decisions, disclosures) have no dependants, so a copy of their columns
is all it takes to put one back, under its old id when that id is still free.
"""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import inspect

from solodesk.models import (
    Action,
    Base,
    ContingencyItem,
    Decision,
    DisclosureDecision,
    DiversityNeed,
    ReleaseNotification,
    RiskAssessment,
    Victim,
)
from solodesk.services.chair_ops import conference_of, get_record, record_chair_event
from solodesk.services.edit_conflict import check_version
from solodesk.store import CaseStore


class RowKind(enum.StrEnum):
    """The kinds of row the chair may remove (values are how the audit trail names them)."""

    VICTIM = "victim"
    ASSESSMENT = "assessment"
    ACTION = "action"
    DECISION = "decision"
    DISCLOSURE = "disclosure"
    CONTINGENCY = "contingency"
    DIVERSITY_NEED = "diversity_need"
    NOTIFICATION = "notification"

    @property
    def model(self) -> type[Base]:
        """Return the mapped class of this kind of row."""
        return _MODELS[self]


_MODELS: dict[RowKind, type[Base]] = {
    RowKind.VICTIM: Victim,
    RowKind.ASSESSMENT: RiskAssessment,
    RowKind.ACTION: Action,
    RowKind.DECISION: Decision,
    RowKind.DISCLOSURE: DisclosureDecision,
    RowKind.CONTINGENCY: ContingencyItem,
    RowKind.DIVERSITY_NEED: DiversityNeed,
    RowKind.NOTIFICATION: ReleaseNotification,
}


@dataclass(frozen=True)
class RemovedRow:
    """Everything needed to put a removed row back (held in memory only, for the undo bar).

    Attributes:
        kind: what was removed.
        record_id: its id when it was removed.
        conference_id: the conference it belonged to (for the audit trail).
        columns: every column's value, as plain Python values (text, dates, enum members, ids).
    """

    kind: RowKind
    record_id: int
    conference_id: int | None
    columns: Mapping[str, object]


def remove_row(store: CaseStore, kind: RowKind, record_id: int, seen_version: int | None = None) -> RemovedRow:
    """Delete a row and return its snapshot; audited as ``chair.<kind>.removed`` with ids only.

    ``seen_version`` is the row's version as the chair saw it: a row someone else
    saved since is not removed unseen.

    Raises:
        ChairError: the row is no longer in the store.
        EditConflictError: the row was saved again since ``seen_version``.
    """
    with store.session() as session:
        record = get_record(session, kind.model, record_id, lock=True)
        check_version(record, seen_version)
        columns = {attr.key: getattr(record, attr.key) for attr in inspect(kind.model).column_attrs}
        removed = RemovedRow(kind, record_id, conference_of(record), MappingProxyType(columns))
        session.delete(record)
        record_chair_event(session, removed.conference_id, "removed", kind.value, f"{kind.value}={record_id}")
        return removed


def restore_row(store: CaseStore, removed: RemovedRow) -> int:
    """Put a removed row back, under its old id unless another row took it since; return its id.

    Audited as ``chair.<kind>.restored`` with the old and new ids.
    """
    with store.session() as session:
        columns = dict(removed.columns)
        if session.get(removed.kind.model, removed.record_id) is not None:
            del columns["id"]  # SQLite reused the id for a row added since: take a fresh one.
        record = removed.kind.model(**columns)
        session.add(record)
        session.flush()
        new_id = int(record.id)  # type: ignore[attr-defined]
        detail = f"{removed.kind.value}={new_id}" + (f" was={removed.record_id}" if new_id != removed.record_id else "")
        record_chair_event(session, removed.conference_id, "restored", removed.kind.value, detail)
        return new_id
