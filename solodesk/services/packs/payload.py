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
PAYLOAD_VERSION = 1
_LENGTH = struct.Struct(">I")
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
    document = {
        "format": PAYLOAD_FORMAT,
        "version": PAYLOAD_VERSION,
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
        PackError: the payload is not a SOLO Desk pack document of a known version.
    """
    try:
        (length,) = _LENGTH.unpack_from(data)
        document = json.loads(data[_LENGTH.size : _LENGTH.size + length].decode("utf-8"))
        if document["format"] != PAYLOAD_FORMAT:
            raise PackError(_BROKEN)
        if document["version"] != PAYLOAD_VERSION:
            raise PackError("This pack was written by a newer version of SOLO Desk; please update SOLO Desk.")
        offset = _LENGTH.size + length
        items = []
        for entry in document["items"]:
            blob = None
            if "blob_length" in entry:
                blob = data[offset : offset + int(entry["blob_length"])]
                if len(blob) != int(entry["blob_length"]):
                    raise PackError(_BROKEN)
                offset += len(blob)
            if not isinstance(entry["fields"], dict):
                raise PackError(_BROKEN)
            items.append(PackItem(str(entry["kind"]), str(entry["uuid"]), entry["fields"], entry.get("parent"), blob))
        if offset != len(data) or not isinstance(document["subject"], dict):
            raise PackError(_BROKEN)
        return PackContents(
            subject=document["subject"],
            items=items,
            exported_at=str(document.get("exported_at", "")),
            app_version=str(document.get("app_version", "")),
        )
    except (struct.error, ValueError, KeyError, TypeError) as exc:
        raise PackError(_BROKEN) from exc
