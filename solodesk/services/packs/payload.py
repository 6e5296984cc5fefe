"""The decrypted payload of a pack: a JSON document followed by the attached files' bytes.

Layout: JSON length (u32, big-endian) | JSON (UTF-8) | each attachment's bytes in item order
(framed by :mod:`solodesk.services.packs.framing`, shared with conference handovers).
The JSON names the subject by its identifiers and lists every prepared item with
its stable uuid, so importing the same pack again finds what is already there.
"""

import struct
from dataclasses import dataclass, field
from typing import Any

from solodesk.services.packs.format import PackError
from solodesk.services.packs.framing import UNREADABLE, attach, frame, read_document, take_blob

PAYLOAD_FORMAT = "solodesk-pack"
# Version 2 is written only when a proposed action or an attached file is restricted: a SOLO Desk
# from before they could be (which reads version 1) would import them open, widening who sees them,
# so it must refuse the pack and ask to be updated. Every other pack stays version 1.
PAYLOAD_VERSION = 1
RESTRICTED_PREPARATION_VERSION = 2
READABLE_VERSIONS = (PAYLOAD_VERSION, RESTRICTED_PREPARATION_VERSION)
HANDOVER_VERSION = 3  # a conference handover (solodesk.services.handover), read there
_NEWLY_RESTRICTABLE = ("proposed_action", "attachment")
MAX_ITEMS = 5_000


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
        attach(entry, item.blob, blobs)
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
    return frame(document, blobs)


def decode_payload(data: bytes) -> PackContents:
    """Read payload bytes back into contents.

    Raises:
        PackError: the payload is not a SOLO Desk pack document of a known version, or is out of bounds.
    """
    try:
        document, offset = read_document(data)
        if not isinstance(document, dict) or document.get("format") != PAYLOAD_FORMAT:
            raise PackError(UNREADABLE)
        if document["version"] == HANDOVER_VERSION:
            raise PackError("This pack hands over a whole conference: import it with Import handover.")
        if document["version"] not in READABLE_VERSIONS:
            raise PackError("This pack was written by a newer version of SOLO Desk; please update SOLO Desk.")
        entries = document["items"]
        if not isinstance(entries, list) or len(entries) > MAX_ITEMS:
            raise PackError("The pack was refused: it holds more items than SOLO Desk accepts.")
        items = []
        for entry in entries:
            if not isinstance(entry, dict):
                raise PackError(UNREADABLE)
            blob, offset = take_blob(entry, data, offset)
            parent = entry.get("parent")
            texts = (entry["kind"], entry["uuid"], "" if parent is None else parent)
            if not isinstance(entry["fields"], dict) or not all(isinstance(t, str) and len(t) <= 64 for t in texts):
                raise PackError(UNREADABLE)
            items.append(PackItem(entry["kind"], entry["uuid"], entry["fields"], parent, blob))
        if offset != len(data) or not isinstance(document["subject"], dict):
            raise PackError(UNREADABLE)
        return PackContents(
            subject=document["subject"],
            items=items,
            exported_at=_short(document.get("exported_at", "")),
            app_version=_short(document.get("app_version", "")),
        )
    except (struct.error, ValueError, KeyError, TypeError, RecursionError) as exc:
        # ValueError covers malformed JSON, bad UTF-8 and numbers too long to read;
        # RecursionError deeply nested JSON.
        raise PackError(UNREADABLE) from exc


def _short(value: Any) -> str:
    return value[:100] if isinstance(value, str) else ""
