"""Chasing: reminder letters and e-mail drafts per owner, read back from the files written."""

import errno
import io
import os
from datetime import date
from email import message_from_bytes, policy

import pdfplumber
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from solodesk import safe_files
from solodesk.models import Action, ActionStatus, Agency, AuditEvent, Conference, ConferenceType, Contact, Subject
from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.chasing import chase_list
from solodesk.services.reminders import ChaseFolderError, write_reminders
from solodesk.store.errors import DiskFullError
from tests.helpers.desk_store import AS_OF, DeskIds, build
from tests.helpers.minutes import nfc, page_texts

pytestmark = pytest.mark.both_stores

ZOE = "DS Zoë Ó Briain"
LUKASZ = "Łukasz Wiśniewski"
NGUYEN = "Nguyễn Thị Mai"
SIOBHAN = "Siobhán O'Connor"


def _add_owners(session, ids: DeskIds) -> dict[str, int]:
    """Two more owners on the desk store: Nguyễn (with an address) and Siobhán, owner for two agencies."""
    health = Agency(name="NHS Lothian")
    prison = Agency(name="HMP Edinburgh")
    nguyen = Contact(name=NGUYEN, agency=health, email="mai.nguyen@nhs.example")
    siobhan = Contact(name=SIOBHAN, agency=health, email="siobhan@nhs.example", phone="0131 000 0000")
    chair = Contact(name="Helen MacLeod", agency=health, email="chair@council.example", phone="0131 111 1111")
    session.add_all([health, prison, nguyen, siobhan, chair])
    conf_a = session.get(Conference, ids.conferences["A"])
    conf_a.chair = chair
    bob = session.get(Subject, ids.subjects["Bob"])
    review = Conference(subject=bob, kind=ConferenceType.REVIEW, meeting_date=date(2026, 11, 4), chair=chair)
    session.add(review)
    actions = {
        "gp": Action(
            subject=bob,
            raised_at=review,
            description="Share the GP's letter with the OMU",
            owner=nguyen,
            due_date=date(2026, 11, 27),
            status=ActionStatus.ONGOING,
        ),
        "visit": Action(
            subject=bob, raised_at=review, description="Joint home visit", owner=siobhan, due_date=date(2026, 12, 10)
        ),
        "prison": Action(
            subject=bob,
            raised_at=None,
            description="Ask HMP for the release address",
            owner=siobhan,
            owner_agency=prison,
            due_date=date(2026, 12, 3),
        ),
        "late": Action(
            subject=bob, raised_at=review, description="Far off review", owner=nguyen, due_date=date(2027, 2, 1)
        ),
    }
    session.add_all(actions.values())
    session.flush()
    return {k: v.id for k, v in actions.items()} | {"nguyen": nguyen.id, "siobhan": siobhan.id, "review": review.id}


@pytest.fixture
def desk_store(store):
    with store.session() as session:
        ids = build(session)
        extra = _add_owners(session, ids)
    return store, ids, extra


def _text(pdf: bytes) -> str:
    return " ".join(nfc("\n".join(page_texts(pdf))).split())


def _tables(pdf: bytes) -> list[list[list[str]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            [[" ".join(nfc(cell or "").split()) for cell in row] for row in table]
            for page in document.pages
            for table in page.extract_tables()
        ]


def _rows(pdf: bytes) -> list[list[str]]:
    """Return the rows of the letter's actions table (headers left out), as printed."""
    return [row for table in _tables(pdf) if table[0][0] == "Due" for row in table[1:]]


def _details(pdf: bytes) -> dict[str, str]:
    return dict((row[0], row[1]) for row in _tables(pdf)[0])


def _by_owner(paths) -> dict[str, bytes]:
    found = {}
    for path in paths:
        owner = next(name for name in (ZOE, LUKASZ, NGUYEN, SIOBHAN) if f"Dear {name}," in _text(path.read_bytes()))
        found[owner] = path.read_bytes()
    return found


def test_one_list_per_owner_with_status_conference_and_address(desk_store) -> None:
    """Owners merge across agencies; no-owner actions are only counted; statuses and conferences come along."""
    store, ids, extra = desk_store
    with store.session() as session:
        chase = chase_list(session, AS_OF)
    owners = {o.owner: o for o in chase.owners}
    assert list(owners) == [ZOE, LUKASZ, NGUYEN, SIOBHAN]  # alphabetical (case-folded)
    assert [a.action_id for a in owners[ZOE].actions] == [ids.actions["overdue"], ids.actions["day14"]]
    assert owners[ZOE].email == "zoe@police.example" and owners[LUKASZ].email == ""
    assert owners[ZOE].overdue == 1
    gp = owners[NGUYEN].actions
    assert [(a.action_id, a.status, a.conference_kind, a.overdue) for a in gp] == [
        (extra["gp"], "Ongoing", "Review", True)
    ]  # the February action is beyond the 14 days
    siobhan = owners[SIOBHAN]
    assert siobhan.agency == "HMP Edinburgh, NHS Lothian"
    assert [a.action_id for a in siobhan.actions] == [extra["prison"], extra["visit"]]
    assert siobhan.actions[0].conference_id is None
    assert chase.unowned_actions == 1 and chase.due_by == date(2026, 12, 16)


def test_letters_name_the_owner_and_only_their_actions(desk_store, tmp_path) -> None:
    """Each letter is addressed to its owner and lists their actions with due date, conference and status."""
    store, ids, extra = desk_store
    out = tmp_path / "out"
    out.mkdir()
    result = write_reminders(store, AS_OF, out)
    assert len(result.letters) == 4 and result.drafts == [] and result.actions == 6
    names = sorted(p.name for p in out.iterdir())
    assert names[0] == "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf"
    assert "2026-12-02_action-reminder_02_Lukasz-Wisniewski.pdf" in names
    assert not any("Alice" in n or "Bob" in n or "Agreed" in n or "Interval" in n for n in names)
    letters = _by_owner(result.letters)
    zoe = _text(letters[ZOE])
    assert "Reminder for DS Zoë Ó Briain" in zoe and "OFFICIAL-SENSITIVE" in zoe
    assert "As of 2 December 2026, 1 action is overdue and 1 action is due by 16 December 2026." in zoe
    conf_a = ids.conferences["A"]
    assert _rows(letters[ZOE]) == [
        [
            "1 December 2026 Overdue by 1 day",
            "Visit",
            f"Alice Agreed-Today (case {ids.subjects['Alice']}) Initial conference, 1 September 2026, ref {conf_a}",
            "Open",
        ],
        [
            "16 December 2026 Due in 14 days",
            "Check",
            f"Alice Agreed-Today (case {ids.subjects['Alice']}) Initial conference, 1 September 2026, ref {conf_a}",
            "Open",
        ],
    ]  # not "Later" (day 15), nor the closed case's action, nor anyone else's
    assert _details(letters[ZOE]) == {"Owner": ZOE, "Agency": "Police Scotland — OMU", "E-mail": "zoe@police.example"}
    assert "Helen MacLeod, NHS Lothian (chair)" in zoe and "Reply to: 0131 111 1111, chair@council.example" in zoe
    lukasz = letters[LUKASZ]
    assert "Dear Łukasz Wiśniewski," in _text(lukasz) and _details(lukasz)["E-mail"] == "—"
    assert [row[:2] for row in _rows(lukasz)] == [["2 December 2026 Due today", "House"]]
    nguyen = _rows(letters[NGUYEN])
    assert [(r[0], r[1], r[3]) for r in nguyen] == [
        ("27 November 2026 Overdue by 5 days", "Share the GP's letter with the OMU", "Ongoing")
    ]  # the February action is beyond the 14 days
    assert nguyen[0][2].endswith(f"Review conference, 4 November 2026, ref {extra['review']}")
    siobhan = letters[SIOBHAN]
    assert "Dear Siobhán O'Connor," in _text(siobhan)
    assert _details(siobhan)["Agency"] == "HMP Edinburgh, NHS Lothian"
    assert "As of 2 December 2026, 2 actions are due by 16 December 2026. Please" in _text(siobhan)
    assert [(r[0], r[1], r[2].split(") ")[1]) for r in _rows(siobhan)] == [
        ("3 December 2026 Due in 1 day", "Ask HMP for the release address", "Not agreed at a recorded conference"),
        (
            "10 December 2026 Due in 8 days",
            "Joint home visit",
            f"Review conference, 4 November 2026, ref {extra['review']}",
        ),
    ]
    # Not every action came from one chair's conference: signed by the role, with no reply-to.
    assert "Chair, risk management case conferences" in _text(siobhan) and "Reply to" not in _text(siobhan)


def test_drafts_carry_the_address_and_the_letter(desk_store, tmp_path) -> None:
    """Each .eml parses; To is the owner's address; the attachment is the owner's letter as a PDF."""
    store, _ids, _extra = desk_store
    result = write_reminders(store, AS_OF, tmp_path, drafts=True)
    assert len(result.drafts) == 4 and result.drafts_without_address == 1
    messages = {}
    for path in result.drafts:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        messages[path.stem] = message
        assert path.with_suffix(".pdf") in result.letters
    zoe = messages["2026-12-02_action-reminder_01_DS-Zoe-O-Briain"]
    assert zoe["To"].addresses[0].addr_spec == "zoe@police.example"
    assert zoe["To"].addresses[0].display_name == ZOE
    assert zoe["Subject"] == "Reminder: 2 actions from risk management case conferences"
    assert zoe["X-Unsent"] == "1"
    body = zoe.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith(f"Dear {ZOE},") and "1 action is overdue and 1 action is due by 16 December 2026." in body
    assert "Alice" not in body and "Agreed-Today" not in body and "Alice" not in str(zoe["Subject"])
    (attachment,) = list(zoe.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf"
    pdf = attachment.get_content()
    reader = PdfReader(io.BytesIO(pdf))
    assert "Reminder for DS Zoë Ó Briain" in nfc(reader.pages[0].extract_text())
    assert pdf == (tmp_path / attachment.get_filename()).read_bytes()
    lukasz = messages["2026-12-02_action-reminder_02_Lukasz-Wisniewski"]
    assert lukasz["To"] is None and "Łukasz" in lukasz.get_body(preferencelist=("plain",)).get_content()
    nguyen = messages["2026-12-02_action-reminder_03_Nguyen-Thi-Mai"]
    assert nguyen["To"].addresses[0].display_name == NGUYEN
    assert result.sentence(tmp_path) == (
        f"Wrote 4 reminder letters (6 actions) and 4 e-mail drafts into {tmp_path}."
        " 1 draft has no recipient: the directory has no e-mail address for that owner."
        " 1 action has no owner named and was not chased."
    )


def test_an_existing_file_is_never_replaced(desk_store, tmp_path) -> None:
    """A file or link already under a letter's name stays as it was; the letter takes the next free name."""
    store, _ids, _extra = desk_store
    mine = tmp_path / "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf"
    mine.write_bytes(b"someone else's file")
    target = tmp_path / "elsewhere.txt"
    target.write_text("untouched")
    os.symlink(target, tmp_path / "2026-12-02_action-reminder_02_Lukasz-Wisniewski.eml")
    result = write_reminders(store, AS_OF, tmp_path, drafts=True)
    assert mine.read_bytes() == b"someone else's file" and target.read_text() == "untouched"
    names = {p.name for p in result.letters + result.drafts}
    assert "2026-12-02_action-reminder_01_DS-Zoe-O-Briain-2.pdf" in names
    assert "2026-12-02_action-reminder_02_Lukasz-Wisniewski-2.eml" in names
    assert (tmp_path / "2026-12-02_action-reminder_02_Lukasz-Wisniewski.eml").is_symlink()


def test_the_audit_names_ids_and_counts_only(desk_store, tmp_path) -> None:
    """One audit event per run: counts and ids, no names or case text."""
    store, ids, extra = desk_store
    write_reminders(store, AS_OF, tmp_path, drafts=True)
    with store.session() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "actions.reminders_written")).all()
    assert "letters=4 drafts=4 actions=6" in event.detail and "as_of=2026-12-02" in event.detail
    with store.session() as session:
        owner_ids = ",".join(str(o.owner_id) for o in chase_list(session, AS_OF).owners)
    assert f" owners={owner_ids} " in event.detail and str(extra["siobhan"]) in owner_ids.split(",")
    assert str(ids.actions["overdue"]) in event.detail.split("action_ids=")[1].split(",")
    for text in ("Zoë", "Łukasz", "Visit", "Alice", "police.example"):
        assert text not in event.detail


def test_nothing_to_chase_and_bad_folder(store, tmp_path) -> None:
    """An empty store writes nothing and says so; a missing folder is refused with a sentence."""
    out = tmp_path / "out"
    out.mkdir()
    result = write_reminders(store, AS_OF, out, drafts=True)
    assert result.letters == [] and list(out.iterdir()) == []
    assert result.sentence(out).startswith("Nobody to chase")
    with pytest.raises(ChaseFolderError, match="does not exist"):
        write_reminders(store, AS_OF, tmp_path / "missing")
    with store.session() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "actions.reminders_written")).all() == []


def test_unprintable_text_writes_nothing(desk_store, tmp_path) -> None:
    """A character the font cannot draw stops the run before any file is written."""
    store, ids, _extra = desk_store
    with store.session() as session:
        session.get(Action, ids.actions["today"]).description = "House \U0001f3e0 visit"
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnprintableTextError, match="cannot be printed"):
        write_reminders(store, AS_OF, out, drafts=True)
    assert list(out.iterdir()) == []


def test_a_full_disk_keeps_what_was_written_and_audits_it(desk_store, tmp_path, monkeypatch) -> None:
    """The disk filling after the first letter: that letter is whole, the rest absent, the audit says 1."""
    store, _ids, _extra = desk_store
    out = tmp_path / "out"
    out.mkdir()
    real_write = safe_files._write
    calls = []

    def write_then_fill(path, data, overwrite):
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data, overwrite)

    monkeypatch.setattr(safe_files, "_write", write_then_fill)
    with pytest.raises(DiskFullError, match="not enough free space"):
        write_reminders(store, AS_OF, out)
    (kept,) = list(out.iterdir())
    assert kept.name == "2026-12-02_action-reminder_01_DS-Zoe-O-Briain.pdf"
    assert "Dear DS Zoë Ó Briain," in _text(kept.read_bytes())
    with store.session() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "actions.reminders_written")).all()
    assert "letters=1 drafts=0 actions=2 " in event.detail  # the two actions in the letter written
