"""Handover packs: chair -> assistant -> chair, with edits on both sides, conflicts and idempotence."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.models import (
    AgendaItem,
    AgendaNote,
    AmendmentRequest,
    Conference,
    Decision,
    Distribution,
    MinuteIssue,
    Subject,
    Victim,
)
from solodesk.services.handover import (
    Choice,
    ConflictsNeedChoiceError,
    apply_handover,
    export_handover,
    preview_handover,
    read_handover,
)
from solodesk.services.minute_issue import circulate, issue_minute, request_amendment
from solodesk.services.packs import PackError, export_pack, read_pack
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.minutes import RESTRICTED_TEXTS, demo_conference
from tests.helpers.packs import PACK_PASSPHRASE


@pytest.fixture
def chair(tmp_path: Path) -> CaseStore:
    store, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    yield store
    store.close()


@pytest.fixture
def assistant(tmp_path: Path) -> CaseStore:
    store, _ = CaseStore.create(tmp_path / "assistant", PASSPHRASE)
    yield store
    store.close()


def hand(source: CaseStore, conference_id: int, target: CaseStore, path: Path, **kwargs: object) -> object:
    export_handover(source, conference_id, path, PACK_PASSPHRASE)
    return apply_handover(target, read_handover(path, PACK_PASSPHRASE), **kwargs)


def notes(store: CaseStore, conference_id: int, item: AgendaItem) -> str:
    with store.session() as session:
        note = session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one()
        return note.notes


def set_notes(store: CaseStore, conference_id: int, item: AgendaItem, text: str) -> None:
    with store.session() as session:
        note = session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).one()
        note.notes = text


def test_round_trip_brings_the_minute_issue_and_copies_home(
    chair: CaseStore, assistant: CaseStore, tmp_path: Path
) -> None:
    """The assistant types up, issues and circulates; the chair's laptop gets the issue, the copies and her edits."""
    conference_id = demo_conference(chair)
    first = hand(chair, conference_id, assistant, tmp_path / "out.solopack")
    assert first.added > 20 and first.updated == 0
    # Both laptops now hold the same records: the same pack shows nothing to do, on either side.
    contents = read_handover(tmp_path / "out.solopack", PACK_PASSPHRASE)
    for laptop in (assistant, chair):
        preview = preview_handover(laptop, contents)
        assert preview.count("already here") == len(preview.lines) and not preview.conflicts
    theirs_id = first.conference_id
    with assistant.session() as session:
        conference = session.get(Conference, theirs_id)
        assert conference is not None and conference.subject.surname == "Leon"
        restricted = [v.where_they_live for v in conference.victims if v.restricted]
        assert any(RESTRICTED_TEXTS[1] in text for text in restricted)  # the meeting's own restricted items travel
    set_notes(assistant, theirs_id, AgendaItem.ACTION_PLAN, "Typed up by Siobhán: curfew 19:00–07:00.")
    issue_minute(assistant, theirs_id, issued_by="Siobhán O'Connor")
    (tmp_path / "copies").mkdir()
    copies = circulate(assistant, theirs_id, tmp_path / "copies")
    export_handover(assistant, theirs_id, tmp_path / "back.solopack", PACK_PASSPHRASE)
    preview = preview_handover(chair, read_handover(tmp_path / "back.solopack", PACK_PASSPHRASE))
    # Only what she changed: the notes she typed, and the conference (issuing marks it so).
    assert sorted(line.kind for line in preview.lines if line.status == "changed there") == [
        "Agenda notes",
        "Conference",
    ]
    back = apply_handover(chair, read_handover(tmp_path / "back.solopack", PACK_PASSPHRASE))
    assert back.conference_id == conference_id and back.added >= 1 + len(copies)
    assert notes(chair, conference_id, AgendaItem.ACTION_PLAN) == "Typed up by Siobhán: curfew 19:00–07:00."
    with chair.session() as session:
        issue = session.scalars(select(MinuteIssue).where(MinuteIssue.conference_id == conference_id)).one()
        assert issue.version == 1 and issue.issued_by == "Siobhán O'Connor"
        sent = session.scalars(select(Distribution).where(Distribution.issue_id == issue.id)).all()
        assert sorted(d.recipient_name for d in sent) == sorted(c.recipient for c in copies)
        # The frozen minute's recipients name the chair's own directory entries.
        recipient_ids = {r["contact_id"] for r in issue.content["distribution"]} - {None}
        assert recipient_ids and all(session.get(type(sent[0].issue.conference.chair), i) for i in recipient_ids)
    again = apply_handover(chair, read_handover(tmp_path / "back.solopack", PACK_PASSPHRASE))
    assert (again.added, again.updated) == (0, 0)  # importing twice changes nothing


def test_amendment_request_and_reissue_travel_back(chair: CaseStore, assistant: CaseStore, tmp_path: Path) -> None:
    conference_id = demo_conference(chair)
    issue_minute(chair, conference_id)
    theirs_id = hand(chair, conference_id, assistant, tmp_path / "out.solopack").conference_id
    request_amendment(assistant, theirs_id, "DS Zoë Ó Briain", "Item 6: the curfew starts at 19:00.")
    hand(assistant, theirs_id, chair, tmp_path / "back.solopack")
    with chair.session() as session:
        requests = session.scalars(select(AmendmentRequest).where(AmendmentRequest.conference_id == conference_id))
        assert [r.request for r in requests] == ["Item 6: the curfew starts at 19:00."]


def test_edits_on_both_sides_are_a_conflict_listed_with_both_versions(
    chair: CaseStore, assistant: CaseStore, tmp_path: Path
) -> None:
    conference_id = demo_conference(chair)
    theirs_id = hand(chair, conference_id, assistant, tmp_path / "out.solopack").conference_id
    set_notes(assistant, theirs_id, AgendaItem.VICTIM_ISSUES, "Assistant's wording")
    set_notes(chair, conference_id, AgendaItem.VICTIM_ISSUES, "Chair's wording")
    set_notes(assistant, theirs_id, AgendaItem.PURPOSE, "Only the assistant changed this")
    export_handover(assistant, theirs_id, tmp_path / "back.solopack", PACK_PASSPHRASE)
    contents = read_handover(tmp_path / "back.solopack", PACK_PASSPHRASE)
    preview = preview_handover(chair, contents)
    assert len(preview.conflicts) == 1
    conflict = preview.conflicts[0]
    assert "Chair's wording" in conflict.mine and "Assistant's wording" in conflict.theirs
    with pytest.raises(ConflictsNeedChoiceError) as refused:
        apply_handover(chair, contents)
    assert refused.value.exit_code == 5 and "Chair's wording" in str(refused.value)
    assert notes(chair, conference_id, AgendaItem.PURPOSE) != "Only the assistant changed this"  # nothing written
    apply_handover(chair, contents, default=Choice.KEEP_MINE)
    assert notes(chair, conference_id, AgendaItem.VICTIM_ISSUES) == "Chair's wording"
    assert notes(chair, conference_id, AgendaItem.PURPOSE) == "Only the assistant changed this"
    apply_handover(chair, contents, choices={conflict.key: Choice.TAKE_THEIRS})
    # Kept once, the same pack is no longer a conflict: the chair's version is the newer.
    assert notes(chair, conference_id, AgendaItem.VICTIM_ISSUES) == "Chair's wording"


def test_take_theirs_settles_a_conflict_with_the_packs_version(
    chair: CaseStore, assistant: CaseStore, tmp_path: Path
) -> None:
    conference_id = demo_conference(chair)
    theirs_id = hand(chair, conference_id, assistant, tmp_path / "out.solopack").conference_id
    set_notes(assistant, theirs_id, AgendaItem.VICTIM_ISSUES, "Assistant's wording")
    set_notes(chair, conference_id, AgendaItem.VICTIM_ISSUES, "Chair's wording")
    hand(assistant, theirs_id, chair, tmp_path / "back.solopack", default=Choice.TAKE_THEIRS)
    assert notes(chair, conference_id, AgendaItem.VICTIM_ISSUES) == "Assistant's wording"


def test_an_import_never_widens_a_restricted_item(chair: CaseStore, assistant: CaseStore, tmp_path: Path) -> None:
    conference_id = demo_conference(chair)
    theirs_id = hand(chair, conference_id, assistant, tmp_path / "out.solopack").conference_id
    with assistant.session() as session:
        for victim in session.scalars(select(Victim).where(Victim.conference_id == theirs_id)):
            victim.restricted = False
            victim.description = "Lifted on the other laptop"
    hand(assistant, theirs_id, chair, tmp_path / "back.solopack")
    with chair.session() as session:
        victims = session.scalars(select(Victim).where(Victim.conference_id == conference_id)).all()
        lifted = [v for v in victims if v.description == "Lifted on the other laptop"]
        assert lifted and all(v.restricted for v in lifted)


def test_another_meetings_restricted_items_stay_home(chair: CaseStore, assistant: CaseStore, tmp_path: Path) -> None:
    conference_id = demo_conference(chair)
    with chair.session() as session:
        conference = session.get(Conference, conference_id)
        assert conference is not None
        review = Conference(subject_id=conference.subject_id, previous_conference_id=conference_id)
        session.add(review)
        session.flush()
        review_id = review.id
    hand(chair, review_id, assistant, tmp_path / "out.solopack")
    with assistant.session() as session:
        texts = [d.decision for d in session.scalars(select(Decision))]
        assert not any(RESTRICTED_TEXTS[2] in t for t in texts)
        assert not any(RESTRICTED_TEXTS[1] in v.where_they_live for v in session.scalars(select(Victim)))


def test_a_pack_naming_another_case_is_refused_whole(chair: CaseStore, assistant: CaseStore, tmp_path: Path) -> None:
    conference_id = demo_conference(chair)
    export_handover(chair, conference_id, tmp_path / "out.solopack", PACK_PASSPHRASE)
    contents = read_handover(tmp_path / "out.solopack", PACK_PASSPHRASE)
    apply_handover(assistant, contents)
    with assistant.session() as session:
        other = Subject(forenames="Other", surname="Case")
        session.add(other)
        session.flush()
        # This store's conference now belongs to another case: the pack names a record of that case.
        session.scalars(select(Conference)).first().subject_id = other.id
        before = session.scalar(select(Subject.version).where(Subject.surname == "Leon"))
    with pytest.raises(PackError, match="another case"):
        apply_handover(assistant, contents)
    with assistant.session() as session:
        assert session.scalar(select(Subject.version).where(Subject.surname == "Leon")) == before


def test_a_handover_is_not_a_preparation_pack_and_back(chair: CaseStore, tmp_path: Path) -> None:
    conference_id = demo_conference(chair)
    export_handover(chair, conference_id, tmp_path / "h.solopack", PACK_PASSPHRASE)
    with pytest.raises(PackError, match="handover"):
        read_pack(tmp_path / "h.solopack", PACK_PASSPHRASE)
    with chair.session() as session:
        subject_id = session.get(Conference, conference_id).subject_id
    export_pack(chair, subject_id, tmp_path / "p.solopack", PACK_PASSPHRASE)
    with pytest.raises(PackError, match="preparation"):
        read_handover(tmp_path / "p.solopack", PACK_PASSPHRASE)


def test_a_conflict_on_who_may_see_an_item_is_told_in_words(
    chair: CaseStore, assistant: CaseStore, tmp_path: Path
) -> None:
    conference_id = demo_conference(chair)
    theirs_id = hand(chair, conference_id, assistant, tmp_path / "out.solopack").conference_id
    for store, conference, kinds in ((assistant, theirs_id, ["police"]), (chair, conference_id, ["health"])):
        with store.session() as session:
            victim = session.scalars(select(Victim).where(Victim.conference_id == conference)).first()
            victim.audience = {"contacts": [], "kinds": kinds}
    export_handover(assistant, theirs_id, tmp_path / "back.solopack", PACK_PASSPHRASE)
    [conflict] = preview_handover(chair, read_handover(tmp_path / "back.solopack", PACK_PASSPHRASE)).conflicts
    assert conflict.mine == "Audience: health and the chair" and conflict.theirs == "Audience: police and the chair"
