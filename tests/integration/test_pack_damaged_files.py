"""Damaged attachments (right signature, broken body) are refused when attached and never break the pack PDF."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from solodesk.services import preparation
from solodesk.services.packs.conference_pack import write_conference_pack_pdf
from solodesk.store import CaseStore
from tests.helpers.packs import prepare_case, row_counts


def _compressed_pdf_with_a_broken_stream() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.drawString(72, 760, "Scanned letter")
    pdf.showPage()
    pdf.save()
    good = buffer.getvalue()
    start = re.search(rb"stream\r?\n", good).end()
    return good[:start] + b"\x00garbage\xff" * 3 + good[start + 30 :]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


DAMAGED = {
    "garbage.png": (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png"),
    "half.png": (_png()[:300], "image/png"),
    "photo.jpg": (b"\xff\xd8\xff\xe0" + b"0" * 100, "image/jpeg"),
    "letter.pdf": (_compressed_pdf_with_a_broken_stream(), "application/pdf"),
    "header-only.pdf": (b"%PDF-1.7\n" + b"0" * 500, "application/pdf"),
    "timeline.docx": (b"PK\x03\x04" + b"0" * 100, "application/vnd.openxmlformats"),
}


@pytest.fixture
def prepared(store: CaseStore, tmp_path: Path) -> int:
    """The demo case with a worker's preparation (one report with a good two-page PDF)."""
    return prepare_case(store, tmp_path)


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_file_is_refused_when_attached(store, prepared, tmp_path, name) -> None:
    """A file that starts like its kind but cannot be decoded is not attached, with a sentence saying so."""
    path = tmp_path / name
    path.write_bytes(DAMAGED[name][0])
    report_id = preparation.load_preparation(store, prepared).reports[0].id
    before = row_counts(store)
    with pytest.raises(preparation.AttachmentRefusedError, match="is damaged and cannot be read"):
        preparation.attach_file(store, report_id, path)
    assert row_counts(store) == before


def test_good_files_are_still_attached(store, prepared, tmp_path) -> None:
    """A real PNG is attached as before: the decoding check refuses only damaged files."""
    path = tmp_path / "map.png"
    path.write_bytes(_png())
    report_id = preparation.load_preparation(store, prepared).reports[0].id
    assert preparation.attach_file(store, report_id, path).media_type == "image/png"


def test_damaged_files_already_stored_are_listed_as_not_shown_in_the_pack_pdf(store, prepared, tmp_path) -> None:
    """Damaged images and PDFs stored earlier do not fail the pack: each gets a line saying it could not be shown."""
    report_id = preparation.load_preparation(store, prepared).reports[0].id
    for name in ("garbage.png", "half.png", "photo.jpg", "letter.pdf", "header-only.pdf"):
        data, media_type = DAMAGED[name]
        preparation.attach_bytes(store, report_id, name, data, media_type)
    out = tmp_path / "pack.pdf"
    write_conference_pack_pdf(store, prepared, "Margaret Nicolson", out)
    pages = [page.extract_text() for page in PdfReader(out).pages]
    text = " ".join(" ".join(pages).split())
    for name in ("garbage.png", "half.png", "photo.jpg", "letter.pdf", "header-only.pdf"):
        assert f"attachment {name} could not be shown" in text, name
    assert "Prison social work report (page 2)" in pages[-1]
