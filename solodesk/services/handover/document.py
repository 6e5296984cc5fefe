"""The payload of a handover pack: one conference's records as JSON, then attached files' bytes.

It is sealed in the same ``.solopack`` container as a preparation pack (see
:mod:`solodesk.services.packs.format`), as content version 3. A SOLO Desk that reads only
versions 1 and 2 refuses it and asks to be updated; this version still reads those.
"""

import struct
import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from solodesk.services.packs.format import PackError
from solodesk.services.packs.framing import UNREADABLE, attach, frame, read_document, take_blob
from solodesk.services.packs.payload import HANDOVER_VERSION, PAYLOAD_FORMAT

MAX_RECORDS = 20_000


@dataclass
class HandoverRecord:
    """One record in a handover.

    Attributes:
        kind: its kind (see :mod:`solodesk.services.handover.kinds`).
        uuid: its stable id.
        fields: its column values in JSON form.
        refs: reference column -> the uuid of the record it names (None for none).
        blob: an attached file's bytes.
    """

    kind: str
    uuid: str
    fields: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)
    blob: bytes | None = None


@dataclass
class HandoverContents:
    """Everything a handover pack holds.

    Attributes:
        focus: the uuid of the conference handed over.
        records: every record, in the order they are written.
        sent_by: who handed it over (the sender's name for the person on their computer).
    """

    focus: str
    records: list[HandoverRecord] = field(default_factory=list)
    exported_at: str = ""
    app_version: str = ""
    sent_by: str = ""


def encode(contents: HandoverContents) -> bytes:
    """Return the payload bytes of a handover."""
    entries: list[dict[str, Any]] = []
    blobs: list[bytes] = []
    for record in contents.records:
        entry: dict[str, Any] = {"kind": record.kind, "uuid": record.uuid, "fields": record.fields, "refs": record.refs}
        attach(entry, record.blob, blobs)
        entries.append(entry)
    document = {
        "format": PAYLOAD_FORMAT,
        "version": HANDOVER_VERSION,
        "focus": contents.focus,
        "exported_at": contents.exported_at,
        "app_version": contents.app_version,
        "sent_by": contents.sent_by,
        "records": entries,
    }
    return frame(document, blobs)


def is_handover(data: bytes) -> bool:
    """Return True when decrypted payload bytes are a handover (not a preparation pack)."""
    try:
        head, _ = read_document(data)
    except (PackError, struct.error, ValueError, RecursionError):
        return False
    return isinstance(head, dict) and head.get("version") == HANDOVER_VERSION


def decode(data: bytes) -> HandoverContents:
    """Read payload bytes back into a handover's contents (shape only: values are checked on import).

    Raises:
        PackError: not a handover of this version, out of bounds, or malformed.
    """
    try:
        document, offset = read_document(data)
        if not isinstance(document, dict) or document.get("format") != PAYLOAD_FORMAT:
            raise PackError(UNREADABLE)
        if document.get("version") != HANDOVER_VERSION:
            raise PackError("This is not a conference handover pack.")
        entries = document["records"]
        if not isinstance(entries, list) or len(entries) > MAX_RECORDS:
            raise PackError("The pack was refused: it holds more records than SOLO Desk accepts.")
        records = []
        for entry in entries:
            record, offset = _record(entry, data, offset)
            records.append(record)
        if offset != len(data):
            raise PackError(UNREADABLE)
        focus = document["focus"]
        _check_uuid(focus)
        return HandoverContents(
            focus=focus,
            records=records,
            exported_at=_short(document.get("exported_at")),
            app_version=_short(document.get("app_version")),
            sent_by=_short(document.get("sent_by")),
        )
    except (struct.error, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise PackError(UNREADABLE) from exc


def _record(entry: Any, data: bytes, offset: int) -> tuple[HandoverRecord, int]:
    if not isinstance(entry, dict) or not isinstance(entry["fields"], dict) or not isinstance(entry["refs"], dict):
        raise PackError(UNREADABLE)
    kind, record_id = entry["kind"], entry["uuid"]
    if not isinstance(kind, str) or len(kind) > 40:
        raise PackError(UNREADABLE)
    _check_uuid(record_id)
    refs: dict[str, str | None] = {}
    for column, target in entry["refs"].items():
        if not isinstance(column, str) or len(column) > 40:
            raise PackError(UNREADABLE)
        if target is not None:
            _check_uuid(target)
        refs[column] = target
    blob, offset = take_blob(entry, data, offset)
    return HandoverRecord(kind, record_id, entry["fields"], refs, blob), offset


def _check_uuid(value: Any) -> None:
    if not isinstance(value, str) or len(value) != 36 or str(uuid_module.UUID(value)) != value:
        raise PackError(UNREADABLE)


def _short(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""
