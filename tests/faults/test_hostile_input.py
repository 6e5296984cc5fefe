"""Hostile input is bounded: decompression bombs, huge text, terminal escapes in packs, huge ids."""

import dataclasses
import io
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from solodesk.__main__ import main
from solodesk.models import Conference
from solodesk.reports.minute_data import IssueInfo
from solodesk.reports.minute_pdf import MinuteRenderer
from solodesk.services import limits, preparation
from solodesk.services.directory import ContactForm
from solodesk.services.minute_content import read_minute
from solodesk.services.packs import PackError, read_pack
from solodesk.services.subjects import SubjectForm
from solodesk.services.text_safety import printable
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.minutes import demo_conference
from tests.helpers.packs import (
    PACK_PASSPHRASE,
    attachment_entry,
    demo_subject_id,
    open_document,
    row_counts,
    write_document,
)

BOMB_PAGES = 60
BOMB_STREAM_BYTES = 70_000_000


def bomb_pdf(pages: int = BOMB_PAGES, stream_bytes: int = BOMB_STREAM_BYTES) -> bytes:
    """Return a small PDF whose page streams unpack to ``pages`` x ``stream_bytes`` zero bytes."""
    packer = zlib.compressobj(9)
    zeros = b"\0" * 1_000_000
    stream = b"".join(packer.compress(zeros) for _ in range(stream_bytes // len(zeros))) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * n} 0 R" for n in range(pages)).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>")
    for n in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * n} 0 R >>".encode())
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


MEASURE = """
import sys, time
from pathlib import Path
from solodesk.services.packs import PackError, read_pack
start = time.perf_counter()
try:
    read_pack(Path(sys.argv[1]), sys.argv[2])
    print("ACCEPTED")
except PackError as exc:
    print("REFUSED", exc)
print("SECONDS", round(time.perf_counter() - start, 2))
# VmHWM is this program's own peak: ru_maxrss would carry over the (large) test process's
# resident size at fork, since Linux keeps it across exec.
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print("PEAK_MB", peak_kb // 1024)
"""


def test_a_decompression_bomb_in_a_pack_is_refused_with_bounded_memory(pack: Path, tmp_path: Path) -> None:
    """60 pages x 70 MB of zeros (a few MB packed): refused with a sentence, peak memory far below the 4.2 GB."""
    document, blobs = open_document(pack)
    report = next(item["uuid"] for item in document["items"] if item["kind"] == "agency_report")
    bomb = bomb_pdf()
    assert len(bomb) < 5_000_000
    document["items"].append(
        attachment_entry("6f1c1e1e-8d5e-4d39-9d35-0d5f2a9e7a11", report, "scan.pdf", "application/pdf", bomb)
    )
    hostile = write_document(tmp_path / "bomb.solopack", document, [*blobs, bomb])
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(hostile), PACK_PASSPHRASE], capture_output=True, text=True, timeout=300
    )
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert "REFUSED" in lines, done.stdout + done.stderr
    assert "unpacks to more than 200 MB" in lines["REFUSED"]
    print(f"bomb: pages={BOMB_PAGES} stream_mb={BOMB_STREAM_BYTES // 10**6} {done.stdout.split(chr(10), 1)[1]}")
    assert int(lines["PEAK_MB"]) < 600  # one stream at a time; keeping them all would need over 4,000 MB


def test_a_bomb_attached_by_hand_is_refused_too(store: CaseStore, tmp_path: Path) -> None:
    """Attaching the same file by hand is refused with the same reason; nothing is stored."""
    subject_id = demo_subject_id(store)
    report_id = preparation.save_report(
        store, subject_id, title="Scan", agency="Police", author="A N Other", body="", submitted_on=date(2026, 1, 1)
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(bomb_pdf(pages=4))
    before = row_counts(store)
    with pytest.raises(preparation.AttachmentRefusedError, match="unpacks to more than 200 MB"):
        preparation.attach_file(store, report_id, path)
    assert row_counts(store) == before


def test_every_text_field_has_a_limit_with_its_reason(store: CaseStore) -> None:
    """Text over a field's limit is refused by the service, naming the field and the limit; nothing saved."""
    demo_conference(store)
    before = row_counts(store)
    long_note = "x" * (limits.LONG_TEXT + 1)
    with pytest.raises(limits.TextTooLongError, match=r"The note is too long: 100,001 characters, at most 100,000"):
        preparation.add_note(store, 1, preparation.NoteKind.BACKGROUND, long_note)
    with pytest.raises(limits.TextTooLongError, match="The report's title is too long"):
        preparation.save_report(store, 1, title="T" * 201, agency="", author="", body="")
    with pytest.raises(limits.TextTooLongError, match="The action is too long"):
        preparation.add_proposed_action(store, 1, "a" * (limits.LINE_TEXT + 1))
    assert row_counts(store) == before
    subject = SubjectForm(surname="Leon", notes=long_note, aliases=["a" * 201])
    problems = subject.problems()
    assert problems["notes"].startswith("Notes is too long: 100,001 characters, at most 100,000")
    assert "An entry of Also known as is too long" in problems["aliases"]
    contact = ContactForm(name="Zoë Ó Briain", address="a" * (limits.LINE_TEXT + 1))
    assert "The address is too long" in contact.problems()["address"]


def test_a_pack_with_a_field_over_the_limit_is_refused(pack: Path, tmp_path: Path) -> None:
    """A pack whose note is longer than a note may be is refused whole."""
    document, blobs = open_document(pack)
    note = next(item for item in document["items"] if item["kind"] == "case_note")
    note["fields"]["text"] = "x" * (limits.LONG_TEXT + 1)
    hostile = write_document(tmp_path / "long.solopack", document, blobs)
    with pytest.raises(PackError):
        read_pack(hostile, PACK_PASSPHRASE)


def test_a_very_long_field_renders_whole(store: CaseStore) -> None:
    """A field of 150,000 characters lays out in small pieces and every part of it is printed."""
    conference_id = demo_conference(store)
    with store.session() as session:
        content = read_minute(session, session.get(Conference, conference_id))
    sentence = "Compliance with licence conditions was discussed by the group in detail. "
    words = sentence * (150_000 // len(sentence))
    text = "FIRSTMARK " + words + " MIDDLEMARK\n\n" + words + " LASTMARK"
    sections = [dataclasses.replace(s, notes=text) if s.number == 5 else s for s in content.sections]
    content = dataclasses.replace(content, sections=sections)
    pdf = MinuteRenderer(content, IssueInfo(1, "21 September 2026")).copy_for(content.distribution[0])
    pages = PdfReader(io.BytesIO(pdf)).pages
    printed = " ".join(" ".join(page.extract_text() for page in pages).split())
    for mark in ("FIRSTMARK", "MIDDLEMARK", "LASTMARK"):
        assert mark in printed
    # Every sentence is printed; one split by a page break (running header between) is not counted.
    assert printed.count("Compliance with licence conditions") >= 2 * (150_000 // len(sentence)) - len(pages)


ESCAPES = "\x1b[2J\x1b]0;owned\x07\u202e"


def test_pack_text_is_printed_with_control_characters_escaped(
    pack: Path, chair: CaseStore, tmp_path: Path, capsys, monkeypatch
) -> None:
    """`pack import` shows a hostile name and summary with escapes visible, never raw control characters."""
    document, blobs = open_document(pack)
    document["subject"]["surname"] = "Leon" + ESCAPES
    note = next(item for item in document["items"] if item["kind"] == "case_note")
    note["fields"]["text"] = "Grew up in Leith." + ESCAPES
    hostile = write_document(tmp_path / "escapes.solopack", document, blobs)
    chair.close()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)
    assert main(["pack", "import", str(hostile), "--store", str(chair.folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Leon\\e[2J\\e]0;owned\\x07\\u202e" in out
    assert (
        printable("Zoë Ó Briain, Łukasz, Nguyễn Thị Mai, O'Connor") == "Zoë Ó Briain, Łukasz, Nguyễn Thị Mai, O'Connor"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["minutes", "--conference", "99999999999999999999", "--out", "OUT"],
        ["pack", "pdf", "--case", "99999999999999999999", "--recipient", "Zoë", "--out", "OUT/p.pdf"],
        ["pack", "export", "--case", "99999999999999999999", "--out", "OUT/p.solopack"],
        ["pack", "pdf", "--case", "1", "--conference", "99999999999999999999", "--recipient", "Zoë", "--out", "OUT/q"],
    ],
)
def test_a_huge_id_is_a_usage_error_not_a_traceback(store, tmp_path: Path, capsys, monkeypatch, argv) -> None:
    """An id too large for any record exits 2 with a sentence."""
    demo_conference(store)
    store.close()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)
    argv = [a.replace("OUT", str(tmp_path)) for a in argv]
    split = 2 if argv[0] == "pack" else 1
    code = main([*argv[:split], "--store", str(store.folder), *argv[split:]])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert "99999999999999999999" in err or "too large" in err or "no conference" in err
