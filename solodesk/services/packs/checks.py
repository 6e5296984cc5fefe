"""Bounds and checks on a pack before anything in it is previewed or written.

A pack comes from another computer and may be damaged or hostile. Every check
here refuses the whole pack with one sentence (:class:`PackError`); the messages
name no case data. Attached files are checked exactly as when attached by hand
(size, kind by name and by signature, readable), and their names are reduced
to a plain base name.
"""

import hashlib
import uuid as uuid_module
from pathlib import Path

from solodesk.models import Attachment, Subject
from solodesk.services import preparation
from solodesk.services.attachment_checks import (
    MAX_DECODED_BYTES,
    FileTooCostlyError,
    UnreadableFileError,
    check_decodable,
    plain_file_name,
)
from solodesk.services.packs.format import PackError
from solodesk.services.packs.kinds import KINDS, SUBJECT_FIELDS, UNREADABLE, decode_fields
from solodesk.services.packs.payload import PackContents, PackItem

# The largest pack file read: 25 attachments at the largest size, and room for the text.
MAX_PACK_ATTACHMENTS = 25
PACK_SLACK_BYTES = 100 * 1024 * 1024


def max_pack_bytes() -> int:
    """Return the largest pack file size accepted (read at call time, so a test can lower the limits)."""
    return MAX_PACK_ATTACHMENTS * preparation.MAX_ATTACHMENT_BYTES + PACK_SLACK_BYTES


def read_bounded(path: Path) -> bytes:
    """Return a pack file's bytes, refusing a file larger than a pack can be before reading it.

    Raises:
        PackError: the file cannot be read or is too large.
    """
    path = Path(path)
    limit = max_pack_bytes()
    try:
        if path.stat().st_size > limit:
            raise PackError(f"The pack was refused: the file is larger than {limit // 1_048_576:,} MB.")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise PackError(f"The pack file {path.name} could not be read.") from exc
    if len(data) > limit:
        raise PackError(f"The pack was refused: the file is larger than {limit // 1_048_576:,} MB.")
    return data


def check_contents(contents: PackContents) -> None:
    """Check every field and file of a decoded pack; reduce attached file names to plain base names.

    Raises:
        PackError: anything out of bounds, malformed, duplicated, or an attached file that would be refused by hand.
    """
    decode_fields(Subject, SUBJECT_FIELDS, contents.subject)
    reports = {item.uuid for item in contents.items if item.kind == "agency_report"}
    seen: set[str] = set()
    attachments = 0
    for item in contents.items:
        kind = KINDS.get(item.kind)
        if kind is None:
            raise PackError("The pack holds items this version of SOLO Desk does not know; please update SOLO Desk.")
        _check_uuid(item.uuid)
        if item.uuid in seen:
            raise PackError("The pack was refused: it lists the same item more than once.")
        seen.add(item.uuid)
        decode_fields(kind.model, kind.fields, item.fields)
        if kind.model is Attachment:
            attachments += 1
            if attachments > MAX_PACK_ATTACHMENTS:
                raise PackError(f"The pack was refused: it holds more than {MAX_PACK_ATTACHMENTS} attached files.")
            check_attachment(item, reports)
        elif item.blob is not None or item.parent is not None:
            raise PackError(UNREADABLE)


def _check_uuid(value: str) -> None:
    try:
        canonical = str(uuid_module.UUID(value))
    except ValueError as exc:
        raise PackError(UNREADABLE) from exc
    if canonical != value:
        raise PackError(UNREADABLE)


def check_attachment(item: PackItem, reports: set[str]) -> None:
    """Check an attached file of a pack or a handover as when attached by hand, and that its report is in the pack."""
    fields, blob = item.fields, item.blob
    if blob is None or item.parent not in reports:
        raise PackError(UNREADABLE)
    if len(blob) != fields["size"] or hashlib.sha256(blob).hexdigest() != fields["sha256"]:
        raise PackError(UNREADABLE)
    name = plain_file_name(fields["filename"])
    if not name:
        raise PackError("The pack was refused: an attached file has no usable name.")
    limit = preparation.MAX_ATTACHMENT_BYTES
    if len(blob) > limit:
        raise PackError(f"The pack was refused: an attached file is larger than {limit / 1_048_576:.0f} MB.")
    try:
        media_type = preparation.check_attachment(name, len(blob), blob[:16])
    except preparation.AttachmentRefusedError as exc:
        raise PackError(
            "The pack was refused: an attached file is not a PDF, Word (.docx), PNG or JPEG file, "
            "or is not what its name says."
        ) from exc
    if media_type != fields["media_type"]:
        raise PackError("The pack was refused: an attached file is not the kind of file the pack says it is.")
    try:
        check_decodable(name, media_type, blob)
    except FileTooCostlyError as exc:
        raise PackError(
            f"The pack was refused: an attached file unpacks to more than {MAX_DECODED_BYTES // 1_048_576} MB "
            "or takes too long to read (it may be built to exhaust this computer)."
        ) from exc
    except UnreadableFileError as exc:
        raise PackError("The pack was refused: an attached file is damaged and cannot be read.") from exc
    fields["filename"] = name
