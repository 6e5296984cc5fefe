"""Writing a case's prepared items into an encrypted pack file."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from solodesk import __version__, safe_files
from solodesk.models import Attachment, Subject
from solodesk.services import audit
from solodesk.services.packs import format as pack_format
from solodesk.services.packs.audiences import export_fields
from solodesk.services.packs.format import PackError
from solodesk.services.packs.kinds import KINDS, SUBJECT_FIELDS, encode_fields, item_uuid, records_of
from solodesk.services.packs.payload import PackContents, PackItem, encode_payload
from solodesk.store import CaseStore, StoreError, check_passphrase_rules

PACK_SUFFIX = ".solopack"


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote.

    Attributes:
        path: the pack file.
        items: how many prepared items it holds (attachments included).
        size: the file's size in bytes.
    """

    path: Path
    items: int
    size: int


def build_contents(session: Session, subject_id: int, store_id: str) -> PackContents:
    """Return the pack contents describing one case.

    Raises:
        LookupError: there is no such case.
    """
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise LookupError(f"There is no case with id {subject_id} in this store.")
    items: list[PackItem] = []
    for kind in KINDS.values():
        for record in records_of(session, kind, subject):
            fields = export_fields(record, encode_fields(record, kind.fields))
            item = PackItem(kind.name, item_uuid(session, kind, record, store_id), fields)
            if isinstance(record, Attachment):
                item.parent = record.report.uuid
                item.blob = record.data
            items.append(item)
    return PackContents(
        subject=encode_fields(subject, SUBJECT_FIELDS),
        items=items,
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        app_version=__version__,
    )


def export_pack(
    store: CaseStore, subject_id: int, path: Path, passphrase: str, overwrite: bool = False
) -> ExportSummary:
    """Encrypt one case's prepared items into a pack file.

    The file is written completely under another name and then linked into place,
    so a failed export never leaves half a pack behind; see :mod:`solodesk.safe_files`.

    Args:
        store: the open store.
        subject_id: the case.
        path: the pack file to write.
        passphrase: the pack passphrase.
        overwrite: replace a plain file already at ``path`` (never a link or special file).

    Raises:
        ValueError: the pack passphrase is too short.
        LookupError: there is no such case.
        PackError: the file cannot be written (already there, a link or special file, disk full, ...).
    """
    check_passphrase_rules(passphrase)
    path = Path(path)
    write_output(path, None, overwrite)  # refused before the slow work, and again when written
    with store.session() as session:
        contents = build_contents(session, subject_id, store.store_id)
    data = pack_format.seal(encode_payload(contents), passphrase)
    write_output(path, data, overwrite)
    with store.session() as session:
        audit.record(session, "pack.exported", "subject", subject_id, detail=f"{len(contents.items)} items")
    return ExportSummary(path=path, items=len(contents.items), size=len(data))


def write_output(path: Path, data: bytes | None, overwrite: bool) -> None:
    """Write an output file safely, or only check its path when ``data`` is None.

    Raises:
        PackError: the path is refused or the file cannot be written; the sentence says why.
    """
    try:
        if data is None:
            safe_files.check_output_path(path, overwrite)
        else:
            safe_files.write_file(path, data, overwrite)
    except (safe_files.OutputRefusedError, StoreError) as exc:
        raise PackError(str(exc)) from exc
    except OSError as exc:
        raise PackError(f"The file could not be written to {path}.") from exc
