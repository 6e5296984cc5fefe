"""A pack can only ever touch the case it is for: no cross-case lookups, and restrictions never lowered."""

import copy
import uuid
from pathlib import Path

import pytest

from solodesk.models import AgencyReport, Attachment, Subject
from solodesk.services.packs import CONFLICT, Choice, PackError, apply_import, export_pack, preview_import, read_pack
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.packs import (
    PACK_PASSPHRASE,
    attachment_entry,
    dump,
    open_document,
    report_entry,
    row_counts,
    small_pdf,
    write_document,
)


@pytest.fixture
def chair(pack: Path, tmp_path: Path) -> tuple[CaseStore, int]:
    """The chair's store holding Mr Leon's case (imported from the pack), its report made restricted."""
    store, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    subject_id = apply_import(store, read_pack(pack, PACK_PASSPHRASE)).subject_id
    with store.session() as session:
        session.query(AgencyReport).one().restricted = True
    yield store, subject_id
    store.close()


def _other_person(document: dict) -> dict:
    hostile = copy.deepcopy(document)
    hostile["subject"].update(
        visor_ref="EVIL-1", police_ref="", forenames="Eve", surname="Other", date_of_birth="1990-01-01"
    )
    return hostile


def _assert_refused_untouched(chair: tuple[CaseStore, int], path: Path) -> None:
    store, leon = chair
    counts, before = row_counts(store), dump(store, leon)
    with pytest.raises(PackError, match="belongs to another case") as refused:
        preview_import(store, read_pack(path, PACK_PASSPHRASE))
    assert "Supervising officer" not in str(refused.value) and "Moving Forward" not in str(refused.value)
    with pytest.raises(PackError, match="belongs to another case"):
        apply_import(store, read_pack(path, PACK_PASSPHRASE), default=Choice.TAKE_THEIRS)
    assert row_counts(store) == counts and dump(store, leon) == before
    with store.session() as session:
        report = session.query(AgencyReport).one()
        assert report.restricted and report.body.startswith("Mr Leon has completed")


@pytest.mark.parametrize("kind", ["agency_report", "case_note", "risk_assessment", "proposed_action"])
def test_a_pack_for_another_person_naming_an_existing_item_is_refused(pack, chair, tmp_path, kind) -> None:
    """A new person's pack carrying the uuid of Mr Leon's item is refused; his item is neither shown nor changed."""
    document, _ = open_document(pack)
    hostile = _other_person(document)
    item = next(i for i in hostile["items"] if i["kind"] == kind)
    for name in ("body", "text", "notes", "description"):
        if name in item["fields"]:
            item["fields"][name] = "OVERWRITTEN"
    if "restricted" in item["fields"]:
        item["fields"]["restricted"] = False
    hostile["items"] = [item]
    _assert_refused_untouched(chair, write_document(tmp_path / "cross.solopack", hostile))


def test_a_pack_reusing_another_cases_attachment_uuid_is_refused(pack, chair, tmp_path) -> None:
    """A new person's attachment carrying the uuid of Mr Leon's attached file is refused whole."""
    document, blobs = open_document(pack)
    hostile = _other_person(document)
    attachment = next(i for i in hostile["items"] if i["kind"] == "attachment")
    new_report = str(uuid.uuid4())
    attachment["parent"] = new_report
    hostile["items"] = [report_entry(new_report), attachment]
    _assert_refused_untouched(chair, write_document(tmp_path / "cross.solopack", hostile, blobs))


def test_a_pack_cannot_attach_files_to_another_cases_report(pack, chair, tmp_path) -> None:
    """An attachment whose parent is Mr Leon's report, in a new person's pack, is refused and attaches nothing."""
    store, leon = chair
    document, _ = open_document(pack)
    hostile = _other_person(document)
    leon_report = next(i["uuid"] for i in document["items"] if i["kind"] == "agency_report")
    blob = small_pdf("Planted file")
    hostile["items"] = [attachment_entry(str(uuid.uuid4()), leon_report, "planted.pdf", "application/pdf", blob)]
    path = write_document(tmp_path / "plant.solopack", hostile, [blob])
    counts = row_counts(store)
    with pytest.raises(PackError):
        apply_import(store, read_pack(path, PACK_PASSPHRASE), default=Choice.TAKE_THEIRS)
    assert row_counts(store) == counts
    with store.session() as session:
        assert [a.filename for a in session.query(Attachment)] == ["prison-report.pdf"]
        assert session.query(Subject).count() == 1


def test_taking_theirs_never_lowers_a_restriction(worker, chair, tmp_path) -> None:
    """The worker's revised, unrestricted report: taking theirs takes the text but the report stays restricted."""
    store, subject_id = worker
    with store.session() as session:
        session.query(AgencyReport).one().body = "Revised: Mr Leon disputes the programme report."
    second = export_pack(store, subject_id, tmp_path / "second.solopack", PACK_PASSPHRASE).path
    chair_store, _ = chair
    preview = preview_import(chair_store, read_pack(second, PACK_PASSPHRASE))
    (conflict,) = [c for c in preview.conflicts if c.label.startswith("Agency report")]
    assert "Restricted" not in conflict.theirs and "Revised" in conflict.theirs
    assert [i.restricted for i in preview.items if i.kind == "Agency report"] == [True]
    apply_import(chair_store, read_pack(second, PACK_PASSPHRASE), default=Choice.TAKE_THEIRS)
    with chair_store.session() as session:
        report = session.query(AgencyReport).one()
        assert report.body.startswith("Revised") and report.restricted


def test_an_unrestricted_copy_of_a_restricted_item_is_not_a_change(pack, chair) -> None:
    """Re-importing the original (unrestricted) pack finds nothing to change and leaves the report restricted."""
    store, _ = chair
    preview = preview_import(store, read_pack(pack, PACK_PASSPHRASE))
    assert preview.count(CONFLICT) == 0 and not preview.conflicts
    apply_import(store, read_pack(pack, PACK_PASSPHRASE), default=Choice.TAKE_THEIRS)
    with store.session() as session:
        assert session.query(AgencyReport).one().restricted


def test_a_pack_reusing_a_derived_uuid_of_another_cases_risk_assessment_is_refused(worker, pack, tmp_path) -> None:
    """On the worker's laptop, a new person's pack naming Mr Leon's risk assessment by its derived id is refused."""
    store, _ = worker
    document, _ = open_document(pack)
    hostile = _other_person(document)
    hostile["items"] = [i for i in hostile["items"] if i["kind"] == "risk_assessment"][:1]
    path = write_document(tmp_path / "derived.solopack", hostile)
    counts = row_counts(store)
    with pytest.raises(PackError, match="belongs to another case"):
        apply_import(store, read_pack(path, PACK_PASSPHRASE))
    assert row_counts(store) == counts
