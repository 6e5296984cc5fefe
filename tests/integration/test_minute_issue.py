"""Issuing, circulating and amending the minute through the services, on a real store."""

import hashlib

import pytest
from sqlalchemy import select

from solodesk.models import Action, AuditEvent, Conference, ConferenceStatus, Distribution, MinuteIssue, Victim
from solodesk.reports.minute_snapshot import content_from_json
from solodesk.services import minute_issue, minute_views
from solodesk.services.minute_issue import CannotIssueError
from tests.helpers.minutes import RESTRICTED_TEXTS, demo_conference, highlighted_names, page_texts

pytestmark = pytest.mark.both_stores


@pytest.fixture
def conference_id(store) -> int:
    return demo_conference(store)


def _audit_actions(store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_issue_freezes_version_one(store, conference_id) -> None:
    """Issuing stores v1 with the content snapshot, marks the conference issued and audits it."""
    summary = minute_issue.issue_minute(store, conference_id, issued_by="hdoyle")
    assert summary.version == 1
    with store.session() as session:
        issue = session.scalars(select(MinuteIssue)).one()
        assert issue.content["subject_surname"] == "Leon"
        assert len(issue.content["distribution"]) == 9
        assert session.get(Conference, conference_id).status == ConferenceStatus.ISSUED
    assert "minute.issued" in _audit_actions(store)


def test_action_without_owner_blocks_issue(store, conference_id) -> None:
    """An action with no owner or due date stops the issue with sentences; nothing is frozen."""
    with store.session() as session:
        action = session.scalars(select(Action).where(Action.raised_at_id == conference_id)).first()
        action.owner_id = None
        action.due_date = None
    with pytest.raises(CannotIssueError) as caught:
        minute_issue.issue_minute(store, conference_id)
    assert "has no owner" in str(caught.value) and "has no due date" in str(caught.value)
    with store.session() as session:
        assert session.scalars(select(MinuteIssue)).first() is None
        assert session.get(Conference, conference_id).status == ConferenceStatus.HELD


def test_unprintable_name_blocks_issue_naming_the_field(store, conference_id) -> None:
    """A name with a character the font lacks is reported, naming the field, before anything is issued."""
    with store.session() as session:
        session.get(Conference, conference_id).invitations[2].contact.name = "Siobhán 漢 O'Connor"
    with pytest.raises(CannotIssueError) as caught:
        minute_issue.issue_minute(store, conference_id)
    assert "Core group 3 name" in str(caught.value)
    assert minute_issue.current_issue(store, conference_id) is None


def test_planned_conference_cannot_be_issued(store, conference_id) -> None:
    """A conference that has not been held has no minute to issue."""
    with pytest.raises(CannotIssueError, match="not been held"):
        minute_issue.issue_minute(store, conference_id + 1)


def test_circulate_writes_one_copy_each_and_records_hashes(store, conference_id, tmp_path) -> None:
    """Circulating writes a sortable, named file per recipient and records recipient, version and SHA-256."""
    minute_issue.issue_minute(store, conference_id)
    out = tmp_path / "out"
    out.mkdir()
    progress: list[tuple[int, int]] = []
    copies = minute_issue.circulate(store, conference_id, out, progress=lambda d, t, _n: progress.append((d, t)))
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 9 and progress[-1] == (9, 9)
    assert names[0] == "2026-09-14_RMCC-minute_v1_01_Margaret-Nicolson.pdf"
    assert "2026-09-14_RMCC-minute_v1_04_DS-Zoe-O-Briain.pdf" in names
    assert "2026-09-14_RMCC-minute_v1_05_Lukasz-Wisniewski.pdf" in names
    assert "2026-09-14_RMCC-minute_v1_06_Nguyen-Thi-Mai.pdf" in names
    assert all(name.isascii() for name in names)
    assert not any("leon" in name.lower() for name in names)  # the subject is never in a file name
    with store.session() as session:
        rows = session.scalars(select(Distribution)).all()
        assert len(rows) == 9
        for row in rows:
            data = (out / row.file_name).read_bytes()
            assert row.sha256 == hashlib.sha256(data).hexdigest()
    zoe = next(c for c in copies if c.recipient == "DS Zoë Ó Briain")
    assert highlighted_names(zoe.path.read_bytes(), ["DS Zoë Ó Briain", "Margaret Nicolson"]) == {
        "DS Zoë Ó Briain": 1,
        "Margaret Nicolson": 0,
    }
    assert "minute.circulated" in _audit_actions(store)
    log = minute_views.distribution_log(store, conference_id)
    assert len(log) == 9 and {row.version for row in log} == {1}


def test_issued_copy_does_not_change_when_the_record_does(store, conference_id, tmp_path) -> None:
    """Copies of v1 come from the frozen snapshot, not the live record."""
    minute_issue.issue_minute(store, conference_id)
    with store.session() as session:
        session.get(Conference, conference_id).risk_rationale = "Rewritten after the issue."
    minute_issue.circulate(store, conference_id, tmp_path, recipients=[1])
    text = " ".join(page_texts(next(tmp_path.glob("*.pdf")).read_bytes()))
    assert "Rewritten after the issue" not in text
    assert "Risk Matrix 2000 places Mr Leon" in text


def test_restricted_content_follows_clearance_in_written_copies(store, conference_id, tmp_path) -> None:
    """Written copies of uncleared recipients contain no restricted text; cleared ones do."""
    minute_issue.issue_minute(store, conference_id)
    minute_issue.circulate(store, conference_id, tmp_path)
    cleared = " ".join(page_texts(next(tmp_path.glob("*_03_Siobhan-O-Connor.pdf")).read_bytes()))
    other = " ".join(page_texts(next(tmp_path.glob("*_07_Ayse-Yilmaz.pdf")).read_bytes()))
    for secret in RESTRICTED_TEXTS:
        assert secret in cleared.replace("\n", " ")
        assert secret not in other.replace("\n", " ")


def test_amendment_agreed_then_reissued_as_v2_to_everyone(store, conference_id, tmp_path) -> None:
    """An agreed amendment is re-issued as v2 to every recipient with the amendments listed; declined ones are not."""
    minute_issue.issue_minute(store, conference_id)
    minute_issue.circulate(store, conference_id, tmp_path)
    agreed = minute_issue.request_amendment(
        store, conference_id, "Łukasz Wiśniewski", "Item 7: housing options also include a SACRO flat."
    )
    declined = minute_issue.request_amendment(store, conference_id, "Ayşe Yılmaz", "Item 6: record risk as medium.")
    with pytest.raises(CannotIssueError, match="No agreed amendment"):
        minute_issue.reissue(store, conference_id)
    minute_issue.decide_amendment(store, agreed, agree=True)
    minute_issue.decide_amendment(store, declined, agree=False, chair_note="The group agreed high.")
    v2 = minute_issue.reissue(store, conference_id)
    assert v2.version == 2
    written = minute_issue.circulate(store, conference_id, tmp_path)
    assert len(written) == 9 and all("_RMCC-minute_v2_" in c.path.name for c in written)
    front = page_texts(written[0].path.read_bytes())[0]
    assert "Amendments since version 1" in front
    assert "housing options also include a SACRO flat" in front
    assert "Łukasz Wiśniewski" in front
    assert "record risk as medium" not in front
    rows = {row.amendment_id: row for row in minute_views.amendments(store, conference_id)}
    assert rows[agreed].applied_in_version == 2 and rows[declined].status == "Declined"
    with store.session() as session:
        assert session.get(Conference, conference_id).status == ConferenceStatus.AMENDED
    log = minute_views.distribution_log(store, conference_id)
    assert sorted({row.version for row in log}) == [1, 2] and len(log) == 18
    with pytest.raises(CannotIssueError, match="already issued in version 2"):
        minute_issue.decide_amendment(store, agreed, agree=False)


def test_restricted_amendment_reaches_only_cleared_copies(store, conference_id, tmp_path) -> None:
    """An amendment about a restricted item (named on request or by the chair) reaches exactly that item's audience."""
    minute_issue.issue_minute(store, conference_id)
    with store.session() as session:
        victim_1, victim_2 = session.scalars(select(Victim.id).where(Victim.conference_id == conference_id)).all()
    secret = minute_issue.request_amendment(
        store,
        conference_id,
        "Siobhán O'Connor",
        "Victim 1 now lives at 14 Secret Street.",
        concerns=f"victim:{victim_1}",
    )
    marked = minute_issue.request_amendment(store, conference_id, "Nguyễn Thị Mai", "Victim 2 moved to Leith Walk.")
    plain = minute_issue.request_amendment(store, conference_id, "Ayşe Yılmaz", "Item 2: add Kirsty D'Arcy.")
    minute_issue.decide_amendment(store, secret, agree=True)
    minute_issue.decide_amendment(store, marked, agree=True, concerns=f"victim:{victim_2}")  # the chair says so
    minute_issue.decide_amendment(store, plain, agree=True)
    assert [r.restricted for r in minute_views.amendments(store, conference_id)] == [True, True, False]
    v2 = minute_issue.reissue(store, conference_id)
    assert v2.restricted_amendments == 2 and "Victim 1 now lives at 14 Secret Street." in v2.amendments[0]
    with store.session() as session:
        stored = session.scalars(select(MinuteIssue.amendments_summary).where(MinuteIssue.version == 2)).one()
        assert [entry["restricted"] for entry in stored] == [True, True, False]
    copies = {c.recipient: c.path.read_bytes() for c in minute_issue.circulate(store, conference_id, tmp_path)}
    # Victim 1: children & families, police, O'Connor; victim 2: children & families, police (and the chair).
    for name in ("DS Zoë Ó Briain", "Nguyễn Thị Mai", "Margaret Nicolson"):
        text = " ".join(page_texts(copies[name])).replace("\n", " ")
        assert "14 Secret Street" in text and "Leith Walk" in text and "add Kirsty D'Arcy" in text
        assert "Restricted — police, children & families and chair only: Victim 2 moved to Leith Walk." in text
    supervisor = " ".join(page_texts(copies["Siobhán O'Connor"])).replace("\n", " ")
    assert "14 Secret Street" in supervisor and "Leith Walk" not in supervisor
    assert supervisor.count("An amendment to restricted information was made (details withheld).") == 1
    for name in ("Łukasz Wiśniewski", "Ayşe Yılmaz"):
        text = " ".join(page_texts(copies[name])).replace("\n", " ")
        assert "Secret Street" not in text and "Leith Walk" not in text
        assert text.count("An amendment to restricted information was made (details withheld).") == 2
        assert "add Kirsty D'Arcy" in text


def test_find_recipient_ignores_case_and_accents(store, conference_id) -> None:
    """Recipients are found by name whatever the case and accents, or by a unique part of the name."""
    minute_issue.issue_minute(store, conference_id)
    recipients = minute_issue.issue_recipients(store, conference_id)
    assert minute_views.find_recipient(recipients, "ds zoe o briain").name == "DS Zoë Ó Briain"
    assert minute_views.find_recipient(recipients, "LUKASZ WISNIEWSKI").name == "Łukasz Wiśniewski"
    assert minute_views.find_recipient(recipients, "nguyen").name == "Nguyễn Thị Mai"
    assert minute_views.find_recipient(recipients, "Nobody Here") is None


def test_latest_held_conference_skips_planned_review(store, conference_id) -> None:
    """'latest' is the most recent conference that was held, not the planned review."""
    assert minute_views.latest_held_conference(store) == conference_id


def test_ticks_change_the_next_issue(store, conference_id) -> None:
    """Distribution and clearance ticks set on an invitee are what the next issue freezes."""
    rows = minute_views.invitees(store, conference_id)
    yilmaz = next(r for r in rows if r.name == "Ayşe Yılmaz")
    darcy = next(r for r in rows if r.name == "Kirsty D'Arcy")
    minute_views.set_ticks(store, yilmaz.invitation_id, receives_minute=True, cleared=True)
    minute_views.set_ticks(store, darcy.invitation_id, receives_minute=False, cleared=False)
    minute_issue.issue_minute(store, conference_id)
    recipients = {r.name: r for r in minute_issue.issue_recipients(store, conference_id)}
    with store.session() as session:
        content = content_from_json(session.scalars(select(MinuteIssue.content)).one())
    items = content.restricted_items()
    assert len(items) == 5 and all(recipients["Ayşe Yılmaz"].number in item.readers for item in items)
    assert "Kirsty D'Arcy" not in recipients


def test_circulate_to_missing_folder_is_refused(store, conference_id, tmp_path) -> None:
    """A folder that does not exist is refused with a sentence and nothing is recorded."""
    minute_issue.issue_minute(store, conference_id)
    with pytest.raises(CannotIssueError, match="does not exist"):
        minute_issue.circulate(store, conference_id, tmp_path / "nowhere")
    assert minute_views.distribution_log(store, conference_id) == []


def test_circulating_again_never_replaces_a_different_file(store, conference_id, tmp_path) -> None:
    """Identical copies are left alone; a different file of the same name is kept and the copy is written as -2."""
    minute_issue.issue_minute(store, conference_id)
    out = tmp_path / "out"
    out.mkdir()
    first = minute_issue.circulate(store, conference_id, out, recipients=[1, 2])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = minute_issue.circulate(store, conference_id, out, recipients=[1, 2])
    assert [c.path for c in again] == [c.path for c in first]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # identical: left as it was
    other = first[0].path
    other.write_bytes(b"%PDF- another case's minute of the same day")
    third = minute_issue.circulate(store, conference_id, out, recipients=[1])
    assert other.read_bytes() == b"%PDF- another case's minute of the same day"
    assert third[0].path.name == other.name.removesuffix(".pdf") + "-2.pdf"
    assert third[0].path.read_bytes() == before[other.name]
    assert not list(out.glob("*.part"))
    with store.session() as session:
        logged = session.scalars(select(Distribution.file_name).order_by(Distribution.id.desc())).first()
    assert logged == third[0].path.name
