"""Restricted proposed actions and attached files: stored, carried by packs, and in exactly the right copies."""

from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from solodesk.models import AgencyKind, Attachment, ProposedAction
from solodesk.services import clearance, preparation
from solodesk.services.audience import Audience
from solodesk.services.packs import Choice, PackError, apply_import, export_pack, read_pack
from solodesk.services.packs.conference_pack import write_conference_pack_pdf
from solodesk.store import CaseStore
from tests.helpers.packs import PACK_PASSPHRASE, dump, open_document, small_pdf, write_document

POLICE, FAMILIES, HEALTH = AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES, AgencyKind.HEALTH
ACTION = "Check the associate Darren Moffat against police intelligence."
INTEL = "Moffat sightings near the flat"
SCHOOL = "St Mungo's Primary enrolment letter"


def _restrict(worker: tuple[CaseStore, int]) -> dict[str, str]:
    """Add a police-only proposal, a police-only file and a file for children & families and police."""
    store, subject_id = worker
    action_id = preparation.add_proposed_action(
        store, subject_id, ACTION, owner_name="DS Zoë Ó Briain", restricted=True
    )
    clearance.set_audience(store, f"proposed_action:{action_id}", Audience(kinds=frozenset({POLICE})))
    report_id = preparation.load_preparation(store, subject_id).reports[0].id
    keys = {"action": f"proposed_action:{action_id}"}
    for name, words, kinds in (("intel.pdf", INTEL, {POLICE}), ("school.pdf", SCHOOL, {FAMILIES, POLICE})):
        view = preparation.attach_bytes(store, report_id, name, small_pdf(words), "application/pdf")
        preparation.set_attachment_restricted(store, view.id, True)
        keys[name] = f"attachment:{view.id}"
        clearance.set_audience(store, keys[name], Audience(kinds=frozenset(kinds)))
    return keys


def _by_uuid(store: CaseStore) -> dict[str, tuple[bool, Audience]]:
    with store.session() as session:
        rows = [*session.scalars(select(ProposedAction)), *session.scalars(select(Attachment))]
        return {r.uuid: (r.restricted, Audience.from_json(r.audience)) for r in rows}


def test_restricted_proposals_and_files_travel_with_their_audiences(worker, chair, tmp_path) -> None:
    """The chair's store gets each item restricted for the worker's audience; the pack is the same both ways."""
    store, subject_id = worker
    _restrict(worker)
    path = tmp_path / "1.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    document, _ = open_document(path)
    assert document["version"] == 2  # an older SOLO Desk would import these open, so it must refuse the pack
    result = apply_import(chair, read_pack(path, PACK_PASSPHRASE))
    assert _by_uuid(chair) == _by_uuid(store)
    arrived = {a.filename: a for a in preparation.load_preparation(chair, result.subject_id).reports[0].attachments}
    assert arrived["intel.pdf"].audience == "police and chair only"
    assert arrived["school.pdf"].audience == "police, children & families and chair only"
    assert not arrived["prison-report.pdf"].restricted
    assert dump(chair, result.subject_id) == dump(store, subject_id)


def test_packs_of_the_previous_format_still_import(pack, chair) -> None:
    """A pack with nothing newly restricted stays version 1; one written before 0011 (no such field) imports open."""
    document, blobs = open_document(pack)
    assert document["version"] == 1
    for entry in document["items"]:
        if entry["kind"] in ("proposed_action", "attachment"):
            del entry["fields"]["restricted"]  # as SOLO Desk wrote it before revision 0011
    write_document(pack, document, blobs)
    result = apply_import(chair, read_pack(pack, PACK_PASSPHRASE))
    assert result.added == 8
    assert {restricted for restricted, _ in _by_uuid(chair).values()} == {False}


def test_a_pack_of_a_newer_format_is_refused_with_a_clear_message(pack, chair) -> None:
    """Version 4 is not understood (3 is a conference handover): the user is asked to update, nothing imported."""
    document, blobs = open_document(pack)
    document["version"] = 4
    write_document(pack, document, blobs)
    with pytest.raises(PackError, match="newer version of SOLO Desk; please update"):
        read_pack(pack, PACK_PASSPHRASE)


@pytest.mark.parametrize("choice", [Choice.KEEP_MINE, Choice.TAKE_THEIRS])
def test_import_keeps_the_narrower_audience_of_a_proposal_and_a_file(worker, chair, tmp_path, choice) -> None:
    """Chair's police+health against the worker's police+children & families: police alone, either way."""
    store, subject_id = worker
    keys = _restrict(worker)
    export_pack(store, subject_id, tmp_path / "1.solopack", PACK_PASSPHRASE)
    apply_import(chair, read_pack(tmp_path / "1.solopack", PACK_PASSPHRASE))
    here = {name: _same_item_in(chair, store, keys[name]) for name in ("action", "school.pdf")}
    for name in here:
        clearance.set_audience(chair, here[name], Audience(kinds=frozenset({POLICE, HEALTH})))
        clearance.set_audience(store, keys[name], Audience(kinds=frozenset({POLICE, FAMILIES})))
    export_pack(store, subject_id, tmp_path / "2.solopack", PACK_PASSPHRASE)
    apply_import(chair, read_pack(tmp_path / "2.solopack", PACK_PASSPHRASE), default=choice)
    for name in here:
        assert clearance.audience_of(chair, here[name]) == Audience(kinds=frozenset({POLICE})), name


def test_an_open_proposal_restricted_later_by_the_worker_becomes_restricted_here(worker, chair, tmp_path) -> None:
    """The chair keeps their version of the text, but the restriction and its audience arrive."""
    store, subject_id = worker
    export_pack(store, subject_id, tmp_path / "1.solopack", PACK_PASSPHRASE)
    apply_import(chair, read_pack(tmp_path / "1.solopack", PACK_PASSPHRASE))
    action_id = preparation.load_preparation(store, subject_id).actions[0].id
    clearance.set_audience(store, f"proposed_action:{action_id}", Audience(kinds=frozenset({HEALTH})))
    export_pack(store, subject_id, tmp_path / "2.solopack", PACK_PASSPHRASE)
    apply_import(chair, read_pack(tmp_path / "2.solopack", PACK_PASSPHRASE), default=Choice.KEEP_MINE)
    (restricted, audience), *_ = [v for v in _by_uuid(chair).values() if v[0]]
    assert restricted and audience == Audience(kinds=frozenset({HEALTH}))


def test_a_files_audience_is_never_wider_than_its_reports(worker) -> None:
    """Report for police and children & families; the file asked for children & families and health gets C&F only."""
    store, subject_id = worker
    report = preparation.load_preparation(store, subject_id).reports[0]
    clearance.set_audience(store, f"report:{report.id}", Audience(kinds=frozenset({POLICE, FAMILIES})))
    key = f"attachment:{report.attachments[0].id}"
    clearance.set_audience(store, key, Audience(kinds=frozenset({FAMILIES, HEALTH})))
    assert clearance.audience_of(store, key) == Audience(kinds=frozenset({FAMILIES}))
    assert preparation.load_preparation(store, subject_id).reports[0].attachments[0].restricted


def _same_item_in(chair: CaseStore, worker: CaseStore, key: str) -> str:
    """Return the key in the chair's store of the worker's item (found by its uuid)."""
    prefix = key.partition(":")[0]
    model = clearance.MODEL_OF_PREFIX[prefix]
    with worker.session() as session:
        uuid = clearance.record_for(session, key).uuid
    with chair.session() as session:
        return f"{prefix}:{session.scalar(select(model.id).where(model.uuid == uuid))}"


def _pack_text(store: CaseStore, subject_id: int, recipient: str, out: Path) -> str:
    write_conference_pack_pdf(store, subject_id, recipient, out)
    with pdfplumber.open(out) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_each_recipients_pack_holds_exactly_the_proposals_and_files_they_may_see(worker, tmp_path) -> None:
    """Read back from the PDFs: chair all; police all three; children & families the school letter; housing none."""
    store, subject_id = worker
    _restrict(worker)
    seen = {
        who: _pack_text(store, subject_id, who, tmp_path / f"{n}.pdf")
        for n, who in enumerate(("Margaret Nicolson", "DS Zoë Ó Briain", "Nguyễn Thị Mai", "Łukasz Wiśniewski"))
    }
    flat = {who: " ".join(text.split()) for who, text in seen.items()}
    expected = {
        "Margaret Nicolson": {"Darren Moffat", INTEL, SCHOOL},
        "DS Zoë Ó Briain": {"Darren Moffat", INTEL, SCHOOL},
        "Nguyễn Thị Mai": {SCHOOL},
        "Łukasz Wiśniewski": set(),
    }
    for who, wanted in expected.items():
        shown = {s for s in ("Darren Moffat", INTEL, SCHOOL) if s in flat[who]}
        assert shown == wanted, who
        assert ("intel.pdf" in flat[who]) == (INTEL in wanted), who  # not even the file's name
        assert "Prison social work report" in flat[who], who  # the open file goes to everyone
    assert "restricted item(s) are not in this copy" in flat["Łukasz Wiśniewski"]
