"""The kinds of item a pack carries, how each is written to JSON and found again by uuid."""

import enum
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from solodesk.models import (
    AgencyReport,
    Attachment,
    Base,
    CaseNote,
    ItemIdentity,
    NoteKind,
    ProposedAction,
    RiskAssessment,
    Subject,
)
from solodesk.services import limits
from solodesk.services.packs.format import PackError

# Limits on what one field of a pack may hold; anything beyond refuses the whole pack.
MAX_SHORT_TEXT = 2_000
MAX_LONG_TEXT = limits.LONG_TEXT  # the most any long field may hold, however it is entered
MAX_LIST_ENTRIES = 200
MAX_INTEGER = 2**53
EARLIEST_YEAR = 1850
LATEST_YEAR = 2200
UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."
FOREIGN_ITEM = (
    "The pack was refused because it holds an item that belongs to another case in this store; nothing was imported."
)

# Namespace of the uuids given to records that have no uuid column of their own.
_IDENTITY_NAMESPACE = uuid_module.UUID("6f1c0d2e-3b7a-5c41-9e58-2d0f4a6b8c10")

SUBJECT_FIELDS = (
    "forenames",
    "surname",
    "aliases",
    "date_of_birth",
    "gender",
    "visor_ref",
    "police_ref",
    "other_refs",
    "legal_status",
    "mappa_category",
    "management_level",
    "registered",
    "current_address",
    "proposed_address",
    "offence_summary",
    "notification_requirements",
    "order_conditions",
    "warning_flags",
)


@dataclass(frozen=True)
class Kind:
    """One kind of item: its model, the fields that travel, and its label."""

    name: str
    model: type[Base]
    fields: tuple[str, ...]
    label: str
    has_uuid_column: bool = True


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "risk_assessment",
            RiskAssessment,
            ("tool", "assessed_on", "assessor", "results", "result", "notes", "restricted"),
            "Risk assessment",
        ),
        Kind(
            "agency_report",
            AgencyReport,
            ("title", "agency", "author", "body", "submitted_on", "restricted"),
            "Agency report",
        ),
        Kind("attachment", Attachment, ("filename", "media_type", "size", "sha256", "restricted"), "Attached file"),
        Kind("case_note", CaseNote, ("kind", "happened_on", "text", "source", "restricted"), "Note"),
        Kind(
            "proposed_action",
            ProposedAction,
            ("description", "owner_name", "owner_agency", "due_date", "plan_area", "proposed_by", "restricted"),
            "Proposed action",
        ),
    )
}


def encode_fields(record: object, names: tuple[str, ...]) -> dict[str, Any]:
    """Return the named attributes of a record as JSON values."""
    return {name: encode_value(getattr(record, name)) for name in names}


def encode_value(value: Any) -> Any:
    """Return one attribute value in its JSON form."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(sorted(value.items()))  # the same bytes whatever order the values were set in
    return value


def decode_fields(model: type[Base], names: tuple[str, ...], values: dict[str, Any]) -> dict[str, Any]:
    """Return model attribute values from JSON values, checking each one's type, length and range.

    Raises:
        PackError: a value is missing, of the wrong type, too long, or holds characters text may not hold.
    """
    if not isinstance(values, dict):
        raise PackError(UNREADABLE)
    if model is RiskAssessment:
        values = _with_scales(values)
    columns = model.__table__.columns
    out: dict[str, Any] = {}
    for name in names:
        if name not in values and (model.__tablename__, name) in ADDED_LATER:
            values = {**values, name: ADDED_LATER[model.__tablename__, name]}
        if name not in values:
            raise PackError(UNREADABLE)
        value, column = values[name], columns[name]
        try:
            out[name] = (
                _decode_mapping(value) if name in MAPPING_FIELDS else _decode_value(column.type, value, column.nullable)
            )
        except (TypeError, ValueError, OverflowError) as exc:
            what = model.__tablename__.replace("_", " ")
            raise PackError(f"The pack was refused: the {what} field “{name}” {_reason(exc)}.") from exc
    return out


class _TooLongError(ValueError):
    pass


# Fields a pack written before they existed lacks, with the value such an item had then:
# proposed actions and attached files could not be restricted before revision 0011.
ADDED_LATER: dict[tuple[str, str], Any] = {
    ("proposed_action", "restricted"): False,
    ("attachment", "restricted"): False,
}
# JSON fields that hold text by key (a tool's scale values) rather than a list of text.
MAPPING_FIELDS = frozenset({"results"})
# Packs written before tools had their own scales carry two bands instead (see migration 0010).
_OLD_BANDS = (("reconviction_band", "reconviction"), ("harm_band", "harm"))


def _with_scales(values: dict[str, Any]) -> dict[str, Any]:
    """Return a risk assessment's fields with an older pack's two bands read as scale values."""
    if "results" in values or not any(old in values for old, _key in _OLD_BANDS):
        return values
    upgraded = {k: v for k, v in values.items() if k not in dict(_OLD_BANDS)}
    upgraded["results"] = {key: values[old] for old, key in _OLD_BANDS if values.get(old)}
    return upgraded


def _decode_mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or len(value) > MAX_LIST_ENTRIES:
        raise TypeError("not a mapping of text")
    return {checked_text(k, MAX_SHORT_TEXT): checked_text(v, MAX_SHORT_TEXT) for k, v in value.items()}


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, _TooLongError) else "is not valid"


def _decode_value(column_type: object, value: Any, nullable: bool | None) -> Any:
    if value is None:
        if nullable:
            return None
        raise TypeError("missing value")
    if isinstance(column_type, SAEnum) and column_type.enum_class is not None:
        if not isinstance(value, str):
            raise TypeError("not text")
        return column_type.enum_class(value)
    if isinstance(column_type, Date):
        return _checked_date(value)
    if isinstance(column_type, Boolean):
        if not isinstance(value, bool):
            raise TypeError("not a boolean")
        return value
    if isinstance(column_type, Integer):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_INTEGER:
            raise TypeError("not an integer in range")
        return value
    if isinstance(column_type, JSON):
        if not isinstance(value, list) or len(value) > MAX_LIST_ENTRIES:
            raise TypeError("not a list of text")
        return [checked_text(v, MAX_SHORT_TEXT) for v in value]
    limit = MAX_SHORT_TEXT if isinstance(column_type, String) and column_type.length else MAX_LONG_TEXT
    return checked_text(value, limit)


def checked_text(value: Any, limit: int) -> str:
    """Return a value that is text of at most ``limit`` characters, with no NUL and no lone surrogate.

    Raises:
        TypeError: not text.
        ValueError: too long, or holds a character text may not hold.
    """
    if not isinstance(value, str):
        raise TypeError("not text")
    if len(value) > limit:
        raise _TooLongError(f"is longer than {limit:,} characters")
    if "\x00" in value:
        raise ValueError("holds a NUL character")
    value.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate
    return value


def _checked_date(value: Any) -> date:
    if not isinstance(value, str) or len(value) > 10:
        raise TypeError("not a date")
    day = date.fromisoformat(value)
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError("date out of range")
    return day


def item_uuid(session: Session, kind: Kind, record: Any, store_id: str) -> str:
    """Return the stable uuid of a local record."""
    if kind.has_uuid_column:
        return str(record.uuid)
    known = session.scalar(
        select(ItemIdentity.uuid).where(ItemIdentity.entity == kind.name, ItemIdentity.entity_id == record.id)
    )
    return known or str(uuid_module.uuid5(_IDENTITY_NAMESPACE, f"{store_id}:{kind.name}:{record.id}"))


def owner_of(session: Session, kind: Kind, item_id: str, store_id: str) -> int | None:
    """Return the id of the subject that a stable uuid belongs to anywhere in the store, or None.

    Returns -1 when the uuid is taken by a record of another kind, which a pack can never rightly name.
    """
    model: Any = kind.model
    if kind.model is Attachment:
        return session.scalar(select(AgencyReport.subject_id).join(Attachment.report).where(Attachment.uuid == item_id))
    if kind.has_uuid_column:
        return session.scalar(select(model.subject_id).where(model.uuid == item_id))
    known = session.execute(
        select(ItemIdentity.entity, ItemIdentity.entity_id).where(ItemIdentity.uuid == item_id)
    ).first()
    if known is not None:
        if known.entity != kind.name:
            return -1
        return session.scalar(select(model.subject_id).where(model.id == known.entity_id))
    for record in session.scalars(select(model)):
        if item_uuid(session, kind, record, store_id) == item_id:
            return int(record.subject_id)
    return None


def find_by_uuid(session: Session, kind: Kind, item_id: str, store_id: str, subject: Subject | None) -> Any:
    """Return the matched subject's record with a stable uuid, or None.

    Only the subject's own records are searched: a uuid that belongs to another
    case is never found here (see :func:`owner_of`).

    Args:
        session: the open session.
        kind: the item's kind.
        item_id: the stable uuid.
        store_id: this store's id (for uuids derived from local ids).
        subject: the matched local subject; None for a case not in the store, which has no records.
    """
    if subject is None:
        return None
    records = records_of(session, kind, subject)
    return next((r for r in records if item_uuid(session, kind, r, store_id) == item_id), None)


def records_of(session: Session, kind: Kind, subject: Subject) -> list[Any]:
    """Return the local records of a kind that belong to a subject, in creation order."""
    if kind.model is Attachment:
        return [a for report in _reports(session, subject) for a in report.attachments]
    model: Any = kind.model
    return list(session.scalars(select(model).where(model.subject_id == subject.id).order_by(model.id)))


def _reports(session: Session, subject: Subject) -> list[AgencyReport]:
    return list(session.scalars(select(AgencyReport).where(AgencyReport.subject_id == subject.id)))


def summary_of(kind: Kind, fields: dict[str, Any]) -> str:
    """Return a one-line description of an item for a preview."""
    text = {
        "risk_assessment": lambda f: f"{f['tool']} ({f['assessed_on'] or 'undated'})",
        "agency_report": lambda f: f"{f['title'] or 'Untitled'} — {f['agency'] or f['author']}",
        "attachment": lambda f: f"{f['filename']} ({max(1, round(f['size'] / 1024)):,} KB)",
        "case_note": lambda f: f"{NoteKind(f['kind']).label}: " + f"{f['happened_on'] or ''} {f['text']}".strip(),
        "proposed_action": lambda f: f"{f['description']} ({f['owner_name'] or 'no owner'})",
    }[kind.name](fields)
    return text if len(text) <= 120 else text[:117] + "…"
