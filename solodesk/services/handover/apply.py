"""Writing a planned handover import into the store, in one transaction.

New records arrive with their own uuid; records changed only on the other computer take its
version; conflicts take the user's choice (keep mine by default). An import never widens who
may see a restricted item: a restricted record stays restricted whatever is taken, with the
narrower of the two audiences. Afterwards every record's exchanged version (its digest in
``exchange_base``) is what the pack held, so the same pack imported again changes nothing.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import Contact, ExchangeBase
from solodesk.services.audience import Audience, Member
from solodesk.services.handover import collect
from solodesk.services.handover.kinds import FROZEN, KINDS, is_reference
from solodesk.services.handover.plan import Plan, Status, Step
from solodesk.services.packs.importer import Choice

UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."


def conflict_key(step: Step) -> str:
    """Return the key a choice for this record's conflict is given under."""
    return f"{step.kind.name}:{step.local_uuid}"


def write(
    session: Session, planned: Plan, choices: Mapping[str, Choice], default: Choice, remember: bool = True
) -> dict[Status, int]:
    """Write every step of a plan; return how many records ended in each status.

    A conflict the user chose "take theirs" for counts as UPDATE; one kept as KEEP. With
    ``remember`` False the exchanged versions are not written here (a check-in: the laptop keeps them).
    """
    counts = dict.fromkeys(Status, 0)
    ids = _LocalIds(session, planned.uuid_map)
    for step in planned.steps:
        status = step.status
        if status == Status.CONFLICT:
            taken = choices.get(conflict_key(step), default) == Choice.TAKE_THEIRS
            status = Status.UPDATE if taken and step.kind.name not in FROZEN else Status.KEEP
        if status == Status.NEW:
            _add(session, step, ids)
        elif status == Status.UPDATE:
            _update(session, step, ids)
        counts[status] += 1
        if remember and not step.reference and status != Status.SKIP:
            _remember(session, step.local_uuid, step.theirs_digest)
    return counts


class _LocalIds:
    """Pack uuid -> this store's id, for the records a step names."""

    def __init__(self, session: Session, uuid_map: dict[str, str]) -> None:
        self._session = session
        self._uuid_map = uuid_map
        self._known: dict[str, int] = {}

    def id_of(self, table: str, their_uuid: str | None) -> int | None:
        if their_uuid is None:
            return None
        local_uuid = self._uuid_map.get(their_uuid, their_uuid)
        if local_uuid not in self._known:
            model: Any = KINDS[table].model
            found = self._session.scalar(select(model.id).where(model.uuid == local_uuid))
            if found is None:
                return None
            self._known[local_uuid] = found
        return self._known[local_uuid]

    def learn(self, local_uuid: str, record_id: int) -> None:
        self._known[local_uuid] = record_id


def _values(step: Step, ids: _LocalIds) -> dict[str, Any]:
    values = dict(step.theirs)
    for column, table in step.kind.refs.items():
        values[column] = ids.id_of(table, step.record.refs[column])
        nullable = step.kind.model.__table__.columns[column].nullable
        if values[column] is None and step.record.refs[column] is not None and not nullable:
            from solodesk.services.packs.format import PackError  # noqa: PLC0415 - only on a broken pack

            raise PackError(UNREADABLE)
    if collect.AUDIENCE in values:
        values[collect.AUDIENCE] = _audience_in(values[collect.AUDIENCE], ids)
    if step.kind.name == "minute_issue":
        values["content"] = _content_in(values["content"], ids)
    return values


def _add(session: Session, step: Step, ids: _LocalIds) -> None:
    row: Any = step.kind.model(**_values(step, ids))
    row.uuid = step.record.uuid
    if step.record.blob is not None:
        row.data = step.record.blob
    session.add(row)
    session.flush()
    ids.learn(row.uuid, row.id)


def _update(session: Session, step: Step, ids: _LocalIds) -> None:
    row = step.local
    was_restricted = bool(getattr(row, "restricted", False))
    mine = Audience.from_json(getattr(row, "audience", {}))
    values = _values(step, ids)
    for column, table in step.kind.refs.items():
        current = getattr(row, column)
        # A reference the sender could not see (a team store's row policies hid its target) stays as it is.
        if values[column] is None and current is not None and session.get(KINDS[table].model, current) is None:
            values[column] = current
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    if step.record.blob is not None and row.data != step.record.blob:
        row.data = step.record.blob
    if was_restricted:  # never widened: restricted still, for the people in both audiences
        theirs = Audience.from_json(row.audience) if row.restricted else mine
        row.restricted = True
        row.audience = mine.narrower(theirs, _people(session)).to_json()
    session.flush()


def _people(session: Session) -> list[Member]:
    return [Member(c.id, c.agency.kind if c.agency else None) for c in session.scalars(select(Contact))]


def _audience_in(audience: Any, ids: _LocalIds) -> dict[str, Any]:
    """Return an audience with the pack's contact uuids as this store's ids (unknown people drop out)."""
    if not isinstance(audience, dict):
        return {}
    contacts = [ids.id_of("contact", c) for c in audience.get("contacts", []) if isinstance(c, str)]
    out = Audience.from_json({**audience, "contacts": [c for c in contacts if c is not None], "withheld": {}})
    withheld = audience.get("withheld")
    reasons = {}
    if isinstance(withheld, dict):
        for key, reason in withheld.items():
            local = ids.id_of("contact", key) if isinstance(key, str) else None
            if local is not None:
                reasons[local] = str(reason)
    return Audience(out.contacts - frozenset(reasons), out.kinds, reasons).to_json()


def _content_in(content: Any, ids: _LocalIds) -> Any:
    if not isinstance(content, dict) or not isinstance(content.get("distribution"), list):
        return content
    recipients = []
    for entry in content["distribution"]:
        if isinstance(entry, dict) and isinstance(entry.get("contact_id"), str):
            entry = {**entry, "contact_id": ids.id_of("contact", entry["contact_id"])}
        recipients.append(entry)
    return {**content, "distribution": recipients}


def _remember(session: Session, local_uuid: str, digest: str) -> None:
    base = session.get(ExchangeBase, local_uuid)
    if base is None:
        session.add(ExchangeBase(uuid=local_uuid, digest=digest))
    elif base.digest != digest:
        base.digest = digest


def remember_exported(session: Session, records: list[Any], focus: str) -> None:
    """Record the version of every record a handover carried as the one last exchanged."""
    for record in records:
        if not is_reference(record.kind, record.uuid, record.refs, focus):
            _remember(session, record.uuid, collect.digest(record))
