"""How a decrypted pack payload is framed: a JSON document, then the attached files' bytes.

Layout: JSON length (u32, big-endian) | JSON (UTF-8, keys sorted) | each attached file's bytes
in entry order, each entry naming its file's size as ``blob_length``. Preparation packs
(:mod:`solodesk.services.packs.payload`) and conference handovers
(:mod:`solodesk.services.handover.document`) share it; every pack already written holds these
bytes, so the layout must never change.
"""

import json
import struct
from typing import Any

from solodesk.services.packs.format import PackError

LENGTH = struct.Struct(">I")
# The JSON part holds the case's text; attached files follow it and are bounded separately.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."
TOO_LARGE = "The pack was refused: its description of the case is larger than SOLO Desk accepts."


def attach(entry: dict[str, Any], blob: bytes | None, blobs: list[bytes]) -> None:
    """Note an entry's attached file (if any) in the entry and queue its bytes for :func:`frame`."""
    if blob is not None:
        entry["blob_length"] = len(blob)
        blobs.append(blob)


def frame(document: dict[str, Any], blobs: list[bytes]) -> bytes:
    """Return the payload bytes: the document's length and JSON, then the attached files' bytes."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return LENGTH.pack(len(text)) + text + b"".join(blobs)


def read_document(data: bytes) -> tuple[Any, int]:
    """Return the JSON document at the head of payload bytes and the offset its attached files start at.

    Raises:
        PackError: the document is larger than SOLO Desk accepts.
        struct.error: too short to hold a length (callers report it as unreadable).
        ValueError: the document is not UTF-8 JSON (likewise).
        RecursionError: the JSON is too deeply nested (likewise).
    """
    (length,) = LENGTH.unpack_from(data)
    if length > MAX_DOCUMENT_BYTES:
        raise PackError(TOO_LARGE)
    document = json.loads(data[LENGTH.size : LENGTH.size + length].decode("utf-8"))
    return document, LENGTH.size + length


def take_blob(entry: dict[str, Any], data: bytes, offset: int) -> tuple[bytes | None, int]:
    """Return an entry's attached file (None when it has none) and the offset just past it.

    Raises:
        PackError: the entry's ``blob_length`` is not a size, or the payload ends before the file does.
    """
    if "blob_length" not in entry:
        return None, offset
    size = entry["blob_length"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise PackError(UNREADABLE)
    blob = data[offset : offset + size]
    if len(blob) != size:
        raise PackError(UNREADABLE)
    return blob, offset + size
