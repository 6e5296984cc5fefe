"""The key files on disk: their format, checksum, lenient reading and atomic writing."""

import base64
import binascii
import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from solodesk.store.errors import StoreUnusableError

SLOT_FILE_FORMAT = "solodesk-keyslots"
# Version 2 adds the file checksum and the per-slot MACs; version 1 files still load.
SLOT_FILE_VERSION = 2


@dataclass
class KeySlot:
    """One wrapped copy of the database key.

    ``mac`` authenticates the slot's other fields under a key derived from the database
    key, so whoever holds the database key can verify every slot, even one it cannot unwrap.
    """

    kind: str
    salt: str
    nonce: str
    wrapped_key: str
    kdf: dict[str, Any] = field(default_factory=dict)
    mac: str = ""

    def signed_bytes(self, store_id: str) -> bytes:
        """Return the canonical bytes the slot's MAC covers."""
        fields = {k: v for k, v in asdict(self).items() if k != "mac"}
        return _canonical({"store_id": store_id, **fields})


def _canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def file_checksum(data: dict[str, Any]) -> str:
    """Return the SHA-256 recorded in a key file: over its canonical content without the checksum."""
    return hashlib.sha256(_canonical({k: v for k, v in data.items() if k != "sha256"})).hexdigest()


def same_text(recorded: str, expected: str) -> bool:
    """Compare a recorded checksum or MAC in constant time (a damaged one may hold any character)."""
    return hmac.compare_digest(recorded.encode("utf-8"), expected.encode("utf-8"))


def b64(data: bytes) -> str:
    """Return base64 text."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Return the bytes of strict base64 text."""
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class _ParsedFile:
    store_id: str
    slots: list[KeySlot]
    intact: bool  # passed its checksum (a version 1 file has none) and every slot was well formed
    checked: bool  # False for a version 1 file, which carries no checksum
    newer: bool = False  # written by a newer version: nothing in it is used


def parse_key_file(path: Path) -> _ParsedFile | None:
    """Return what can be read of a key file; None when it is missing or unreadable as one.

    A file failing its checksum is still returned (``intact`` False), without its malformed
    slots: each remaining slot is then tried only as a last resort, and its AEAD tag decides.

    Raises:
        StoreUnusableError: the file may not be read.
    """
    try:
        # A flipped high bit spoils one character, not the whole file: the slots elsewhere stay readable.
        data = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
        if not isinstance(data, dict) or data.get("format") != SLOT_FILE_FORMAT:
            return None
        # A damaged version field is read as this version: the checksum then fails, and the
        # slots are still tried as a last resort (a newer file keeps its version intact).
        version = data.get("version")
        version = version if isinstance(version, int) and not isinstance(version, bool) else SLOT_FILE_VERSION
        store_id = str(data["store_id"])
        raw_slots = list(data["slots"])
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise StoreUnusableError(f"SOLO Desk may not read the store's key file in {path.parent}.") from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    if version > SLOT_FILE_VERSION:
        return _ParsedFile(store_id, [], intact=False, checked=False, newer=True)
    slots = [slot for slot in map(_slot_from, raw_slots) if slot is not None]
    intact = len(slots) == len(raw_slots)
    if version >= 2:
        intact = intact and same_text(str(data.get("sha256", "")), file_checksum(data))
    return _ParsedFile(store_id, slots, intact=intact, checked=version >= 2)


def _slot_from(raw: object) -> KeySlot | None:
    """Return a well-formed slot, or None."""
    try:
        slot = KeySlot(**raw)  # type: ignore[arg-type]
        if not all(isinstance(v, str) for v in (slot.kind, slot.salt, slot.nonce, slot.wrapped_key, slot.mac)):
            return None
        unb64(slot.salt), unb64(slot.nonce), unb64(slot.wrapped_key)  # a bad MAC only fails `check`
    except (ValueError, TypeError, binascii.Error):
        return None
    return slot if isinstance(slot.kdf, dict) else None


def write_atomically(path: Path, text: str) -> None:
    """Write a file by renaming a fully written, fsynced temporary file over it."""
    fd, tmp_name = tempfile.mkstemp(prefix=".keyslots-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        fsync_folder(path.parent)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename is durable only once its folder reaches the disk)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
