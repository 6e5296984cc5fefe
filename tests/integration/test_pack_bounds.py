"""Hostile or damaged packs are refused whole, with one sentence, before anything is shown or written."""

import copy
import io
import struct
import uuid
from pathlib import Path

import pytest
from PIL import Image

from solodesk.models import Attachment
from solodesk.services import preparation
from solodesk.services.packs import PackError, apply_import, export_pack, read_pack
from solodesk.services.packs import format as pack_format
from solodesk.store import Argon2Params, CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.packs import (
    PACK_PASSPHRASE,
    attachment_entry,
    open_document,
    prepare_case,
    report_entry,
    row_counts,
    small_pdf,
    write_document,
)


@pytest.fixture
def document(tmp_path: Path) -> dict:
    """The JSON document of a real pack of the prepared demo case."""
    store, _ = CaseStore.create(tmp_path / "worker", PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
        export_pack(store, subject_id, tmp_path / "leon.solopack", PACK_PASSPHRASE)
    doc, _ = open_document(tmp_path / "leon.solopack")
    return doc


@pytest.fixture
def chair(tmp_path: Path) -> CaseStore:
    """The chair's fresh store."""
    store, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    yield store
    store.close()


def _refused(chair: CaseStore, path: Path, match: str | None = None) -> str:
    before = snapshot(chair.folder)
    with pytest.raises(PackError, match=match) as refused:
        apply_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert snapshot(chair.folder) == before and row_counts(chair)["subject"] == 0
    message = str(refused.value)
    assert message.count(". ") == 0 and message.endswith("."), message  # one sentence
    return message


def _with_report(document: dict, **changes: object) -> dict:
    hostile = copy.deepcopy(document)
    report = next(i for i in hostile["items"] if i["kind"] == "agency_report")
    report["fields"].update(changes)
    hostile["items"] = [report]
    return hostile


def test_a_pack_file_larger_than_a_pack_can_be_is_refused_before_it_is_read(chair, tmp_path, monkeypatch) -> None:
    """A file above the pack size limit is refused from its size alone: it is never read or decrypted."""
    monkeypatch.setattr(preparation, "MAX_ATTACHMENT_BYTES", 1024)
    monkeypatch.setattr("solodesk.services.packs.checks.PACK_SLACK_BYTES", 0)

    def must_not_decrypt(*args: object) -> bytes:
        raise AssertionError("the oversized pack was read and decrypted")

    monkeypatch.setattr(pack_format, "open_sealed", must_not_decrypt)
    huge = tmp_path / "huge.solopack"
    with huge.open("wb") as handle:
        handle.write(pack_format.MAGIC)
        handle.truncate(25 * 1024 + 1)
    assert "larger than" in _refused(chair, huge)


def test_deeply_nested_json_is_refused(chair, tmp_path) -> None:
    """A document nested 100,000 levels deep is refused as unreadable, not a crash."""
    raw = b'{"format":"solodesk-pack","version":1,"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _refused(chair, write_document(tmp_path / "deep.solopack", None, raw=raw), "not in a form")


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("title", "Sur\ud800name", "not valid"),
        ("author", "A\x00B", "not valid"),
        ("title", "x" * 2_001, "longer than 2,000"),
        ("body", "x" * 100_001, "longer than 100,000"),
        ("submitted_on", "0001-01-01", "not valid"),
        ("submitted_on", "2026-02-30", "not valid"),
    ],
)
def test_text_and_dates_out_of_bounds_are_refused(chair, document, tmp_path, field, value, why) -> None:
    """Lone surrogates, NUL characters, over-long text and impossible or absurd dates refuse the whole pack."""
    hostile = _with_report(document, **{field: value})
    message = _refused(chair, write_document(tmp_path / "bad.solopack", hostile), why)
    assert field in message


def test_subject_fields_are_checked_too(chair, document, tmp_path) -> None:
    """A warning flag list of 10,000 entries, or a NUL in the surname, refuses the pack."""
    for change in ({"warning_flags": ["x"] * 10_000}, {"surname": "Le\x00on"}, {"visor_ref": "V" * 2_001}):
        hostile = copy.deepcopy(document)
        hostile["subject"].update(change)
        hostile["items"] = []
        _refused(chair, write_document(tmp_path / "subject.solopack", hostile))


def test_the_same_uuid_twice_in_one_pack_is_refused(chair, document, tmp_path) -> None:
    """Two items with one uuid refuse the pack rather than failing half-way through the import."""
    hostile = copy.deepcopy(document)
    item_id = str(uuid.uuid4())
    hostile["items"] = [report_entry(item_id), report_entry(item_id, body="Other")]
    _refused(chair, write_document(tmp_path / "dup.solopack", hostile), "more than once")


@pytest.mark.parametrize("item_id", ["not-a-uuid", "x" * 10_000, "AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA"])
def test_an_item_id_that_is_not_a_uuid_is_refused(chair, document, tmp_path, item_id) -> None:
    """Only canonical uuids are accepted as item ids."""
    hostile = copy.deepcopy(document)
    hostile["items"] = [report_entry(item_id)]
    _refused(chair, write_document(tmp_path / "id.solopack", hostile))


def _with_file(document: dict, filename: str, media_type: str, blob: bytes, **fields: object) -> dict:
    hostile = copy.deepcopy(document)
    report_id = str(uuid.uuid4())
    entry = attachment_entry(str(uuid.uuid4()), report_id, filename, media_type, blob)
    entry["fields"].update(fields)
    hostile["items"] = [report_entry(report_id), entry]
    return hostile


def test_attached_file_names_are_reduced_to_a_plain_base_name(chair, document, tmp_path) -> None:
    """A file named with folders, '..' and control characters arrives under its plain base name."""
    blob = small_pdf("Planted")
    hostile = _with_file(document, "..\\..//etc/\x07ev\x1bil.pdf", "application/pdf", blob)
    apply_import(chair, read_pack(write_document(tmp_path / "name.solopack", hostile, [blob]), PACK_PASSPHRASE))
    with chair.session() as session:
        assert [a.filename for a in session.query(Attachment)] == ["evil.pdf"]


def _png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "media_type", "blob", "fields", "why"),
    [
        ("..", "application/pdf", small_pdf("x"), {}, "no usable name"),
        ("tool.exe", "application/x-msdownload", b"MZ" + b"\0" * 100, {}, "not a PDF"),
        ("photo.pdf", "application/pdf", _png(), {}, "not a PDF"),
        ("photo.png", "application/pdf", _png(), {}, "not the kind of file"),
        ("photo.png", "image/png", _png(), {"size": 10**30}, "size"),
        ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, {}, "damaged"),
        ("scan.pdf", "application/pdf", b"%PDF-1.7\n" + b"0" * 500, {}, "damaged"),
    ],
)
def test_attached_files_are_checked_as_when_attached_by_hand(
    chair, document, tmp_path, filename, media_type, blob, fields, why
) -> None:
    """Names, kinds, signatures, sizes and readability of attached files are checked; any failure refuses all."""
    hostile = _with_file(document, filename, media_type, blob, **fields)
    _refused(chair, write_document(tmp_path / "file.solopack", hostile, [blob]), why)


def test_an_attached_file_above_the_size_limit_is_refused(chair, document, tmp_path, monkeypatch) -> None:
    """A file larger than the attachment limit inside a pack refuses the pack, as it would refuse the file."""
    blob = small_pdf("Large", pages=3)
    monkeypatch.setattr(preparation, "MAX_ATTACHMENT_BYTES", len(blob) - 1)
    hostile = _with_file(document, "large.pdf", "application/pdf", blob)
    _refused(chair, write_document(tmp_path / "large.solopack", hostile, [blob]), "larger than")


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "lanes"),
    [(1_048_576, 1, 1), (524_289, 1, 1), (262_144, 9, 1), (262_144, 1, 9), (1_048_576, 16, 16)],
)
def test_a_header_asking_for_too_costly_a_key_derivation_is_refused_before_deriving(
    chair, tmp_path, monkeypatch, memory_kib, iterations, lanes
) -> None:
    """Argon2 parameters above 512 MiB, 8 passes, 8 lanes or 4x the default work are refused as damaged."""

    def must_not_derive(*args: object) -> bytes:
        raise AssertionError("the key was derived")

    monkeypatch.setattr(Argon2Params, "derive", must_not_derive)
    header = struct.pack(
        f">{len(pack_format.MAGIC)}sHIII16s12s",
        pack_format.MAGIC,
        pack_format.FORMAT_VERSION,
        memory_kib,
        iterations,
        lanes,
        b"s" * 16,
        b"n" * 12,
    )
    path = tmp_path / "costly.solopack"
    path.write_bytes(header + b"\0" * 64)
    assert "damaged" in _refused(chair, path)


def test_the_kdf_limits_allow_the_default_and_refuse_more_than_four_times_its_work() -> None:
    """The default parameters are within the limits; 4x the work is the ceiling."""
    default = Argon2Params()
    assert pack_format.kdf_is_bounded(default.memory_kib, default.iterations, default.lanes)
    assert pack_format.kdf_is_bounded(524_288, 8, 8)
    assert not pack_format.kdf_is_bounded(524_288, 8, 9)
