"""Builders for prepared cases and packs used by the pack tests."""

import hashlib
import io
import json
import struct
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from solodesk.models import AgencyReport, Attachment, CaseNote, ItemIdentity, ProposedAction, RiskAssessment, Subject
from solodesk.services import preparation
from solodesk.services.demo import DEMO_REFERENCE, load_demo
from solodesk.services.packs import build_contents
from solodesk.services.packs import format as pack_format
from solodesk.store import CaseStore

PACK_PASSPHRASE = "pack passphrase for the chair"


def small_pdf(text: str, pages: int = 1) -> bytes:
    """Return a small real PDF with a line of text on each page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(72, 760, f"{text} (page {number + 1})")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def demo_subject_id(store: CaseStore) -> int:
    """Load the demo case and return its subject's id."""
    with store.session() as session:
        load_demo(session)
        subject_id = session.scalar(select(Subject.id).where(Subject.visor_ref == DEMO_REFERENCE))
    assert subject_id is not None
    return subject_id


def prepare_case(store: CaseStore, tmp_path: Path) -> int:
    """Give the demo case a worker's preparation: report with an attached PDF, notes, proposed action."""
    subject_id = demo_subject_id(store)
    report_id = preparation.save_report(
        store,
        subject_id,
        title="Supervising officer's pre-release report",
        agency="Criminal Justice Social Work — North Team",
        author="Siobhán O'Connor",
        body="Mr Leon has completed the Moving Forward: Making Changes programme. Zoë Ó Briain agrees.",
        submitted_on=date(2026, 11, 30),
    )
    attached = tmp_path / "prison-report.pdf"
    attached.write_bytes(small_pdf("Prison social work report", pages=2))
    preparation.attach_file(store, report_id, attached)
    preparation.add_note(store, subject_id, preparation.NoteKind.BACKGROUND, "Grew up in Leith; two siblings.")
    preparation.add_note(
        store,
        subject_id,
        preparation.NoteKind.CHRONOLOGY,
        "Transferred to HMP Northfield.",
        happened_on=date(2024, 3, 1),
    )
    preparation.add_note(store, subject_id, preparation.NoteKind.VICTIM, "The victims' mother moved to Granton.")
    preparation.add_proposed_action(
        store,
        subject_id,
        "Weekly home visits for the first month after release.",
        owner_name="Łukasz Wiśniewski",
        owner_agency="City Council Housing",
        due_date=date(2027, 1, 15),
    )
    return subject_id


def dump(store: CaseStore, subject_id: int) -> dict[str, Any]:
    """Return a normalised dump of a case's identifiers and prepared items (no local ids, no export time)."""
    with store.session() as session:
        contents = build_contents(session, subject_id, store.store_id)
    return {
        "subject": contents.subject,
        "items": sorted(
            (item.kind, item.uuid, repr(sorted(item.fields.items())), item.parent, item.blob) for item in contents.items
        ),
    }


def row_counts(store: CaseStore) -> dict[str, int]:
    """Return how many rows each table that an import writes to holds."""
    models = (Subject, AgencyReport, Attachment, CaseNote, ProposedAction, RiskAssessment, ItemIdentity)
    with store.session() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models}


def open_document(path: Path) -> tuple[dict[str, Any], list[bytes]]:
    """Return a pack's JSON document and its attached files' bytes, as a reviewer crafting a pack would."""
    payload = pack_format.open_sealed(path.read_bytes(), PACK_PASSPHRASE)
    (length,) = struct.unpack_from(">I", payload)
    document = json.loads(payload[4 : 4 + length])
    blobs, offset = [], 4 + length
    for entry in document["items"]:
        if "blob_length" in entry:
            blobs.append(payload[offset : offset + entry["blob_length"]])
            offset += entry["blob_length"]
    return document, blobs


def write_document(path: Path, document: Any, blobs: list[bytes] = (), raw: bytes | None = None) -> Path:
    """Seal a (possibly hostile) JSON document and files as a pack under the test pack passphrase."""
    text = raw if raw is not None else json.dumps(document).encode("utf-8")
    path.write_bytes(pack_format.seal(struct.pack(">I", len(text)) + text + b"".join(blobs), PACK_PASSPHRASE))
    return path


def attachment_entry(item_id: str, parent: str, filename: str, media_type: str, blob: bytes) -> dict[str, Any]:
    """Return a pack item describing an attached file with correct size and digest."""
    fields = {
        "filename": filename,
        "media_type": media_type,
        "size": len(blob),
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    return {"kind": "attachment", "uuid": item_id, "parent": parent, "blob_length": len(blob), "fields": fields}


def report_entry(item_id: str, body: str = "A report.", restricted: bool = False) -> dict[str, Any]:
    """Return a pack item describing an agency report."""
    fields = {"title": "Report", "agency": "Police", "author": "A N Other", "body": body, "submitted_on": None}
    return {"kind": "agency_report", "uuid": item_id, "fields": {**fields, "restricted": restricted}}
