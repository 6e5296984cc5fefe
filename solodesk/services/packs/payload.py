"""The decrypted payload of a pack: a JSON document followed by the attached files' bytes.

Layout: JSON length (u32, big-endian) | JSON (UTF-8) | each attachment's bytes in item order.
The JSON names the subject by its identifiers and lists every prepared item with
its stable uuid, so importing the same pack again finds what is already there.
"""

import json
import struct
from dataclasses import dataclass, field
from typing import Any

from solodesk.services.packs.format import PackError

PAYLOAD_FORMAT = "solodesk-pack"
# Version 2 is written only when a proposed action or an attached file is restricted: a SOLO Desk
# from before they could be (which reads version 1) would import them open, widening who sees them,
# so it must refuse the pack and ask to be updated. Every other pack stays version 1.
PAYLOAD_VERSION = 1
RESTRICTED_PREPARATION_VERSION = 2
READABLE_VERSIONS = (PAYLOAD_VERSION, RESTRICTED_PREPARATION_VERSION)
HANDOVER_VERSION = 3  # a conference handover (solodesk.services.handover), read there
_NEWLY_RESTRICTABLE = ("proposed_action", "attachment")
_LENGTH = struct.Struct(">I")
# The JSON part holds the case's text; attached files follow it and are bounded separately.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_ITEMS = 5_000
_BROKEN = "The pack's contents are not in a form this version of SOLO Desk can read."


@dataclass
class PackItem:
    """One prepared item.

    Attributes:
        kind: the item's kind (see :mod:`solodesk.services.packs.kinds`).
        uuid: its stable id across laptops.
        fields: its content, JSON-encoded (dates as ISO text, enums as values).
        parent: for an attachment, the uuid of its report.
        blob: for an attachment, the file's bytes.
    """

    kind: str
    uuid: str
    fields: dict[str, Any]
    parent: str | None = None
    blob: bytes | None = None


@dataclass
class PackContents:
    """Everything a pack holds about one case."""

    subject: dict[str, Any]
    items: list[PackItem] = field(default_factory=list)
    exported_at: str = ""
    app_version: str = ""


def encode_payload(contents: PackContents) -> bytes:
    """Return the payload bytes of a pack's contents."""
    blobs: list[bytes] = []
    items: list[dict[str, Any]] = []
    for item in contents.items:
        entry: dict[str, Any] = {"kind": item.kind, "uuid": item.uuid, "fields": item.fields}
        if item.parent is not None:
            entry["parent"] = item.parent
        if item.blob is not None:
            entry["blob_length"] = len(item.blob)
            blobs.append(item.blob)
        items.append(entry)
    newly = any(i.kind in _NEWLY_RESTRICTABLE and i.fields.get("restricted") is True for i in contents.items)
    document = {
        "format": PAYLOAD_FORMAT,
        "version": RESTRICTED_PREPARATION_VERSION if newly else PAYLOAD_VERSION,
        "exported_at": contents.exported_at,
        "app_version": contents.app_version,
        "subject": contents.subject,
        "items": items,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return _LENGTH.pack(len(text)) + text + b"".join(blobs)


def decode_payload(data: bytes) -> PackContents:
    """Read payload bytes back into contents.

    Raises:
        PackError: the payload is not a SOLO Desk pack document of a known version, or is out of bounds.
    """
    try:
        (length,) = _LENGTH.unpack_from(data)
        if length > MAX_DOCUMENT_BYTES:
            raise PackError("The pack was refused: its description of the case is larger than SOLO Desk accepts.")
        document = json.loads(data[_LENGTH.size : _LENGTH.size + length].decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != PAYLOAD_FORMAT:
            raise PackError(_BROKEN)
        if document["version"] == HANDOVER_VERSION:
            raise PackError("This pack hands over a whole conference: import it with Import handover.")
        if document["version"] not in READABLE_VERSIONS:
            raise PackError("This pack was written by a newer version of SOLO Desk; please update SOLO Desk.")
        entries = document["items"]
        if not isinstance(entries, list) or len(entries) > MAX_ITEMS:
            raise PackError("The pack was refused: it holds more items than SOLO Desk accepts.")
        offset = _LENGTH.size + length
        items = []
        for entry in entries:
            blob = None
            if not isinstance(entry, dict):
                raise PackError(_BROKEN)
            if "blob_length" in entry:
                blob_length = entry["blob_length"]
                if not isinstance(blob_length, int) or isinstance(blob_length, bool) or blob_length < 0:
                    raise PackError(_BROKEN)
                blob = data[offset : offset + blob_length]
                if len(blob) != blob_length:
                    raise PackError(_BROKEN)
                offset += len(blob)
            parent = entry.get("parent")
            texts = (entry["kind"], entry["uuid"], "" if parent is None else parent)
            if not isinstance(entry["fields"], dict) or not all(isinstance(t, str) and len(t) <= 64 for t in texts):
                raise PackError(_BROKEN)
            items.append(PackItem(entry["kind"], entry["uuid"], entry["fields"], parent, blob))
        if offset != len(data) or not isinstance(document["subject"], dict):
            raise PackError(_BROKEN)
        return PackContents(
            subject=document["subject"],
            items=items,
            exported_at=_short(document.get("exported_at", "")),
            app_version=_short(document.get("app_version", "")),
        )
    except (struct.error, ValueError, KeyError, TypeError, RecursionError) as exc:
        # ValueError covers malformed JSON, bad UTF-8 and numbers too long to read;
        # RecursionError deeply nested JSON.
        raise PackError(_BROKEN) from exc


def _short(value: Any) -> str:
    return value[:100] if isinstance(value, str) else ""
