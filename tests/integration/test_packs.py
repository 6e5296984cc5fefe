"""Conference packs: export, refusal of damaged packs, import without silent overwrites."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solodesk.models import AgencyReport, Attachment, Subject
from solodesk.services import preparation
from solodesk.services.packs import (
    CONFLICT,
    NEW,
    SAME,
    Choice,
    PackError,
    apply_import,
    export_pack,
    preview_import,
    read_pack,
)
from solodesk.services.packs import format as pack_format
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import files_containing, snapshot
from tests.helpers.packs import PACK_PASSPHRASE, demo_subject_id, dump, prepare_case, row_counts


def _import(store: CaseStore, path: Path, **choices: Choice) -> int:
    return apply_import(store, read_pack(path, PACK_PASSPHRASE), choices).subject_id


def test_export_then_import_into_a_fresh_store_gives_the_same_case(worker, pack, chair) -> None:
    """The chair's store ends with the worker's case: same identifiers, items, uuids and file bytes."""
    store, subject_id = worker
    preview = preview_import(chair, read_pack(pack, PACK_PASSPHRASE))
    assert preview.creates_case and preview.subject_name == "Marcus Alan Leon"
    assert preview.count(NEW) == len(preview.items) == 8 and not preview.conflicts
    imported_id = _import(chair, pack)
    assert dump(chair, imported_id) == dump(store, subject_id)
    with chair.session() as session:
        attachment = session.query(Attachment).one()
        assert attachment.data.startswith(b"%PDF-") and attachment.filename == "prison-report.pdf"
        assert session.get(Subject, imported_id).warning_flags[0] == "No contact with children under 17"


def test_the_pack_holds_no_case_text_in_plaintext(pack) -> None:
    """Names, references and report text of the case are nowhere in the pack file's bytes."""
    data = pack.read_bytes()
    assert data.startswith(b"SOLOPACK")
    for needle in ["Leon", "Marcus", "DEMO-0001", "Siobhán O'Connor", "Wiśniewski", "Granton", "%PDF", "prison-report"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert needle.encode(encoding) not in data, needle


def _refused_without_writing(chair: CaseStore, damaged: Path) -> None:
    before = snapshot(chair.folder)
    with pytest.raises(PackError) as raised:
        read_pack(damaged, PACK_PASSPHRASE)
    assert "pack" in str(raised.value)
    assert snapshot(chair.folder) == before
    assert row_counts(chair)["subject"] == 0


@pytest.mark.parametrize("where", ["first", "version", "kdf", "salt", "nonce", "middle", "last"])
def test_a_flipped_byte_anywhere_refuses_the_whole_pack(pack, chair, tmp_path, where) -> None:
    """One altered byte in the header, the body or the tag: the pack is refused and the store untouched."""
    data = bytearray(pack.read_bytes())
    position = {
        "first": 0,
        "version": 9,
        "kdf": 13,
        "salt": 24,
        "nonce": pack_format.HEADER_BYTES - 1,
        "middle": len(data) // 2,
        "last": len(data) - 1,
    }[where]
    data[position] ^= 0xFF
    damaged = tmp_path / "damaged.solopack"
    damaged.write_bytes(bytes(data))
    _refused_without_writing(chair, damaged)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0, max_value=1, exclude_max=True), mask=st.integers(1, 255))
def test_any_flipped_byte_is_refused(pack, chair, tmp_path, fraction, mask) -> None:
    """Whatever byte is altered, and however, the pack is refused."""
    data = bytearray(pack.read_bytes())
    data[int(fraction * len(data))] ^= mask
    damaged = tmp_path / "any.solopack"
    damaged.write_bytes(bytes(data))
    _refused_without_writing(chair, damaged)


@pytest.mark.parametrize("keep", [0, 10, pack_format.HEADER_BYTES, pack_format.HEADER_BYTES + 20, -1])
def test_a_truncated_pack_is_refused(pack, chair, tmp_path, keep) -> None:
    """A pack cut short anywhere, even by its last byte, is refused."""
    data = pack.read_bytes()
    cut = tmp_path / "cut.solopack"
    cut.write_bytes(data[:keep])
    _refused_without_writing(chair, cut)


def test_the_wrong_passphrase_is_refused(pack, chair) -> None:
    """A pack opened with another passphrase is refused with a sentence naming the passphrase."""
    before = snapshot(chair.folder)
    with pytest.raises(PackError, match="passphrase is wrong"):
        read_pack(pack, "not the pack passphrase")
    assert snapshot(chair.folder) == before


def test_importing_the_same_pack_twice_adds_nothing(pack, chair) -> None:
    """The second import finds every item already there and changes no count."""
    _import(chair, pack)
    counts = row_counts(chair)
    preview = preview_import(chair, read_pack(pack, PACK_PASSPHRASE))
    assert not preview.creates_case and preview.matched_by == "ViSOR reference"
    assert {item.status for item in preview.items} == {SAME} and not preview.conflicts
    result = apply_import(chair, read_pack(pack, PACK_PASSPHRASE))
    assert (result.added, result.updated, result.created_case) == (0, 0, False)
    assert row_counts(chair) == counts


def test_a_pack_travelling_back_adds_nothing_to_the_worker(worker, pack, chair, tmp_path) -> None:
    """Chair re-exports what the worker sent; importing it on the worker's laptop finds everything there."""
    store, subject_id = worker
    chair_subject = _import(chair, pack)
    back = tmp_path / "back.solopack"
    export_pack(chair, chair_subject, back, PACK_PASSPHRASE)
    counts = row_counts(store)
    preview = preview_import(store, read_pack(back, PACK_PASSPHRASE))
    assert preview.subject_id == subject_id and {i.status for i in preview.items} == {SAME}
    apply_import(store, read_pack(back, PACK_PASSPHRASE))
    assert row_counts(store) == counts


def _change_worker_case(store: CaseStore, subject_id: int) -> None:
    with store.session() as session:
        report = session.query(AgencyReport).one()
        report.body = "Revised: Mr Leon disputes the programme report."
        subject = session.get(Subject, subject_id)
        subject.proposed_address = "14 Hope Street (approved)"
    preparation.add_note(store, subject_id, preparation.NoteKind.CHRONOLOGY, "Parole Board hearing held.")


@pytest.mark.parametrize("choice", [Choice.KEEP_MINE, Choice.TAKE_THEIRS])
def test_conflicts_are_shown_and_each_choice_is_honoured(worker, pack, chair, tmp_path, choice) -> None:
    """A changed report and subject field come back as conflicts; keep mine or take theirs is applied per item."""
    store, subject_id = worker
    _import(chair, pack)
    _change_worker_case(store, subject_id)
    second = tmp_path / "second.solopack"
    export_pack(store, subject_id, second, PACK_PASSPHRASE)
    preview = preview_import(chair, read_pack(second, PACK_PASSPHRASE))
    assert preview.count(NEW) == 1 and preview.count(CONFLICT) == 1
    labels = {c.label.split(":")[0]: c for c in preview.conflicts}
    assert set(labels) == {"Subject", "Agency report"}
    assert "14 Hope Street" in labels["Subject"].theirs and "Temporary supported" in labels["Subject"].mine
    assert "Revised" in labels["Agency report"].theirs and "Revised" not in labels["Agency report"].mine
    report_key = labels["Agency report"].key
    choices = {report_key: choice, labels["Subject"].key: Choice.KEEP_MINE}
    result = apply_import(chair, read_pack(second, PACK_PASSPHRASE), choices)
    assert result.added == 1
    with chair.session() as session:
        body = session.query(AgencyReport).one().body
        address = session.get(Subject, result.subject_id).proposed_address
    assert body.startswith("Revised") == (choice == Choice.TAKE_THEIRS)
    assert address.startswith("Temporary supported")


def test_a_failure_during_import_leaves_the_store_as_it_was(pack, chair, monkeypatch) -> None:
    """An error half-way through the import rolls everything back: no case, no items."""
    from solodesk.services.packs import importer

    calls = []
    real_add = importer._add

    def failing_add(*args):
        calls.append(1)
        if len(calls) == 4:
            raise OSError("disk full")
        real_add(*args)

    monkeypatch.setattr(importer, "_add", failing_add)
    before = row_counts(chair)
    with pytest.raises(OSError):
        apply_import(chair, read_pack(pack, PACK_PASSPHRASE))
    assert row_counts(chair) == before


def test_subject_without_references_is_matched_by_name_and_birth_date(worker, chair, tmp_path) -> None:
    """With no ViSOR or police reference, the same name and date of birth find the existing case."""
    store, subject_id = worker
    with store.session() as session:
        subject = session.get(Subject, subject_id)
        subject.visor_ref = subject.police_ref = ""
    path = tmp_path / "norefs.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    with chair.session() as session:
        session.add(Subject(forenames="MARCUS ALAN", surname="leon", date_of_birth=subject.date_of_birth))
    preview = preview_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert preview.matched_by == "name and date of birth" and not preview.creates_case


def test_files_above_the_size_limit_are_refused_with_a_clear_message(worker, tmp_path) -> None:
    """A 20 MB + 1 byte file is not attached, and the message names the file, its size and the limit."""
    store, _ = worker
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(20 * 1024 * 1024 + 1)
    before = row_counts(store)
    with pytest.raises(preparation.AttachmentRefusedError) as refused:
        preparation.attach_file(store, 1, big)
    assert "“scan.pdf” is 20.0 MB; files larger than 20 MB cannot be attached" in str(refused.value)
    assert row_counts(store) == before


def test_files_of_other_kinds_or_not_what_they_claim_are_refused(tmp_path) -> None:
    """Only PDF, DOCX and images are accepted, and a file must start like its kind."""
    with pytest.raises(preparation.AttachmentRefusedError, match="only PDF"):
        preparation.check_attachment("notes.exe", 10, b"MZ")
    with pytest.raises(preparation.AttachmentRefusedError, match="not a readable PDF"):
        preparation.check_attachment("fake.pdf", 10, b"hello")
    assert preparation.check_attachment("photo.JPG", 10, b"\xff\xd8\xff\xe0") == "image/jpeg"


def test_an_item_entered_on_both_laptops_is_not_duplicated(worker, chair, tmp_path) -> None:
    """The chair's own copy of the demo case already has the same risk assessments: they are not added twice."""
    store, subject_id = worker
    demo_subject_id(chair)
    path = tmp_path / "both.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    before = row_counts(chair)["risk_assessment"]
    preview = preview_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert [i.status for i in preview.items if i.kind == "Risk assessment"] == [SAME, SAME]
    apply_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert row_counts(chair)["risk_assessment"] == before
    counts = row_counts(chair)
    apply_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert row_counts(chair) == counts


def test_attached_files_are_stored_encrypted(tmp_path) -> None:
    """An attached PDF's name, signature and the report's text appear in no file of the store folder."""
    store, _ = CaseStore.create(tmp_path / "enc", PASSPHRASE)
    with store:
        prepare_case(store, tmp_path)
        assert files_containing(store.folder, ["prison-report.pdf", "%PDF-", "Moving Forward"]) == []
    assert files_containing(tmp_path / "enc", ["prison-report.pdf", "%PDF-", "Moving Forward"]) == []
