"""Packs and import never widen an audience: the narrower of the two is kept, restricted stays restricted."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.models import AgencyKind, CaseNote, NoteKind
from solodesk.services import clearance
from solodesk.services.audience import Audience
from solodesk.services.packs import Choice, PackError, apply_import, export_pack, read_pack
from solodesk.store import CaseStore
from tests.helpers.packs import PACK_PASSPHRASE, open_document, write_document

POLICE, FAMILIES, HEALTH = AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES, AgencyKind.HEALTH


def _note(store: CaseStore, kind: NoteKind) -> tuple[str, CaseNote]:
    with store.session() as session:
        note = session.scalars(select(CaseNote).where(CaseNote.kind == kind)).one()
        session.expunge(note)
    return f"case_note:{note.id}", note


def _send(store: CaseStore, subject_id: int, to: CaseStore, path: Path, choice: Choice = Choice.KEEP_MINE) -> None:
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    apply_import(to, read_pack(path, PACK_PASSPHRASE), default=choice)


def test_a_restricted_item_arrives_with_no_wider_audience(worker, chair, tmp_path) -> None:
    """Kinds travel; a person named on the worker's laptop who is not in the chair's directory is left out."""
    store, subject_id = worker
    key, _ = _note(store, NoteKind.VICTIM)
    with store.session() as session:
        supervisor = session.scalars(select(CaseNote.id)).first()  # any id: no such contact in the chair's store
    clearance.set_audience(store, key, Audience(frozenset({supervisor}), frozenset({POLICE, FAMILIES})))
    _send(store, subject_id, chair, tmp_path / "1.solopack")
    key_here, note = _note(chair, NoteKind.VICTIM)
    assert note.restricted and note.text == "The victims' mother moved to Granton."
    assert clearance.audience_of(chair, key_here) == Audience(kinds=frozenset({POLICE, FAMILIES}))


@pytest.mark.parametrize("choice", [Choice.KEEP_MINE, Choice.TAKE_THEIRS])
def test_the_narrower_of_the_two_audiences_is_kept(worker, chair, tmp_path, choice) -> None:
    """Whichever side is narrower wins, whatever the user chooses for the item's text."""
    store, subject_id = worker
    key, _ = _note(store, NoteKind.VICTIM)
    clearance.set_audience(store, key, Audience(kinds=frozenset({POLICE, FAMILIES})))
    _send(store, subject_id, chair, tmp_path / "1.solopack")
    key_here, _ = _note(chair, NoteKind.VICTIM)
    clearance.set_audience(chair, key_here, Audience(kinds=frozenset({POLICE, HEALTH})))
    _send(store, subject_id, chair, tmp_path / "2.solopack", choice)
    assert clearance.audience_of(chair, key_here) == Audience(kinds=frozenset({POLICE}))


def test_an_item_restricted_in_the_pack_stays_restricted(worker, chair, tmp_path) -> None:
    """An open note that the worker restricted later becomes restricted here, even when the user keeps theirs."""
    store, subject_id = worker
    _send(store, subject_id, chair, tmp_path / "1.solopack")
    key, _ = _note(store, NoteKind.BACKGROUND)
    clearance.set_audience(store, key, Audience(kinds=frozenset({HEALTH})))
    _send(store, subject_id, chair, tmp_path / "2.solopack", Choice.KEEP_MINE)
    key_here, note = _note(chair, NoteKind.BACKGROUND)
    assert note.restricted and clearance.audience_of(chair, key_here) == Audience(kinds=frozenset({HEALTH}))


def test_an_audience_of_unknown_kinds_refuses_the_whole_pack(worker, chair, tmp_path) -> None:
    """A pack naming an agency kind SOLO Desk does not know is refused whole; nothing is imported."""
    store, subject_id = worker
    path = tmp_path / "1.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    document, blobs = open_document(path)
    victim = next(e for e in document["items"] if e["fields"].get("kind") == "victim")
    victim["fields"]["audience_kinds"] = ["everyone"]
    write_document(path, document, blobs)
    with pytest.raises(PackError, match="not in a form"):
        apply_import(chair, read_pack(path, PACK_PASSPHRASE))
    with chair.session() as session:
        assert session.scalars(select(CaseNote)).all() == []
