"""The kinds of item a pack carries, how each is written to JSON and found again by uuid."""

import enum
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, select
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
from solodesk.services.packs.format import PackError

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
            ("tool", "assessed_on", "assessor", "reconviction_band", "harm_band", "result", "notes", "restricted"),
            "Risk assessment",
            has_uuid_column=False,
        ),
        Kind(
            "agency_report",
            AgencyReport,
            ("title", "agency", "author", "body", "submitted_on", "restricted"),
            "Agency report",
        ),
        Kind("attachment", Attachment, ("filename", "media_type", "size", "sha256"), "Attached file"),
        Kind("case_note", CaseNote, ("kind", "happened_on", "text", "source", "restricted"), "Note"),
        Kind(
            "proposed_action",
            ProposedAction,
            ("description", "owner_name", "owner_agency", "due_date", "plan_area", "proposed_by"),
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
    return value


def decode_fields(model: type[Base], names: tuple[str, ...], values: dict[str, Any]) -> dict[str, Any]:
    """Return model attribute values from JSON values, checking each one's type.

    Raises:
        PackError: a value is missing or of the wrong type.
    """
    columns = model.__table__.columns
    out: dict[str, Any] = {}
    for name in names:
        if name not in values:
            raise PackError("The pack's contents are not in a form this version of SOLO Desk can read.")
        value, column = values[name], columns[name]
        try:
            out[name] = _decode_value(column.type, value, column.nullable)
        except (TypeError, ValueError) as exc:
            raise PackError("The pack's contents are not in a form this version of SOLO Desk can read.") from exc
    return out


def _decode_value(column_type: object, value: Any, nullable: bool | None) -> Any:
    if value is None:
        if nullable:
            return None
        raise TypeError("missing value")
    if isinstance(column_type, SAEnum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Boolean):
        if not isinstance(value, bool):
            raise TypeError("not a boolean")
        return value
    if isinstance(column_type, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not an integer")
        return value
    if isinstance(column_type, JSON):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError("not a list of text")
        return list(value)
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def item_uuid(session: Session, kind: Kind, record: Any, store_id: str) -> str:
    """Return the stable uuid of a local record."""
    if kind.has_uuid_column:
        return str(record.uuid)
    known = session.scalar(
        select(ItemIdentity.uuid).where(ItemIdentity.entity == kind.name, ItemIdentity.entity_id == record.id)
    )
    return known or str(uuid_module.uuid5(_IDENTITY_NAMESPACE, f"{store_id}:{kind.name}:{record.id}"))


def find_by_uuid(session: Session, kind: Kind, item_id: str, store_id: str, subject: Subject | None) -> Any:
    """Return the local record with a stable uuid, or None.

    Args:
        session: the open session.
        kind: the item's kind.
        item_id: the stable uuid.
        store_id: this store's id (for uuids derived from local ids).
        subject: the matched local subject, whose records may carry derived uuids.
    """
    model: Any = kind.model
    if kind.has_uuid_column:
        return session.scalar(select(model).where(model.uuid == item_id))
    local_id = session.scalar(
        select(ItemIdentity.entity_id).where(ItemIdentity.entity == kind.name, ItemIdentity.uuid == item_id)
    )
    if local_id is None:
        # A record exported from this very store and coming back: its uuid is derived from its id.
        candidates = records_of(session, kind, subject) if subject is not None else []
        return next((r for r in candidates if item_uuid(session, kind, r, store_id) == item_id), None)
    return session.get(kind.model, local_id)


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
