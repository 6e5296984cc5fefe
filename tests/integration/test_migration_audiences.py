"""Revision 0007: today's "cleared" ticks become each restricted item's audience, all or nothing."""

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from solodesk.models import Action, AgendaNote, CaseNote, Decision, Distribution, MinuteIssue, Victim
from solodesk.reports.minute_snapshot import content_from_json
from solodesk.services.minute_issue import issue_info
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

NOW = "'2025-01-01'"
# A version-1 snapshot as SOLO Desk froze it before audiences: Zoë cleared, Łukasz not.
SNAPSHOT = json.dumps(
    {
        "format": 1,
        **dict.fromkeys(
            ["organisation", "marking", "confidentiality_statement", "subject_name", "subject_surname"], "x"
        ),
        **dict.fromkeys(["meeting_type", "meeting_date", "meeting_date_iso", "meeting_time", "venue"], "x"),
        **dict.fromkeys(["chair", "chair_contact", "minute_taker"], "x"),
        "distribution": [
            {"number": 1, "name": "DS Zoë Ó Briain", "contact_id": 2, "cleared": True},
            {"number": 2, "name": "Łukasz Wiśniewski", "contact_id": 3, "cleared": False},
        ],
        "sections": [{"number": 5, "title": "Victim issues", "notes": "", "restricted_notes": "Zoë's associate"}],
        "victims": [{"kind": "Known", "restricted": True}, {"kind": "Potential", "restricted": False}],
    },
    ensure_ascii=False,
).replace("'", "''")
AMENDMENTS = json.dumps([{"text": "Victim 1 moved", "restricted": True}])
# Conference 1 (made by make_store_at) and a second conference 2 of the same case.
# Contacts: 1 chair (cleared), 2 police (cleared at 1 and 2), 3 housing (not cleared),
# 4 children & families (cleared at 1 only, not cleared at 2).
ROWS = (
    f"INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at) VALUES"
    f" (1, 'Police Scotland', 'police', '', '', {NOW}, {NOW}), (2, 'Housing', 'housing', '', '', {NOW}, {NOW}),"
    f" (3, 'Children & Families', 'children_and_families', '', '', {NOW}, {NOW})",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at,"
    f" updated_at) VALUES (1, 'Margaret Nicolson', NULL, '', '', '', '', 1, 0, {NOW}, {NOW}),"
    f" (2, 'DS Zoë Ó Briain', 1, '', '', '', '', 1, 0, {NOW}, {NOW}),"
    f" (3, 'Łukasz Wiśniewski', 2, '', '', '', '', 1, 0, {NOW}, {NOW}),"
    f" (4, 'Nguyễn Thị Mai', 3, '', '', '', '', 0, 0, {NOW}, {NOW})",
    "UPDATE conference SET chair_id = 1 WHERE id = 1",
    "INSERT INTO conference (id, subject_id, kind, status, meeting_date, venue, reasons, reasons_other,"
    " confidentiality_agreed, previous_minute_amendments, dynamic_factors, who_is_at_risk, risk_rationale,"
    f" next_venue, not_reconvening_reason, chair_id, created_at, updated_at) VALUES (2, 1, 'review', 'planned',"
    f" '2025-05-03', '', '[]', '', 0, '', '', '', '', '', '', 1, {NOW}, {NOW})",
    "INSERT INTO invitation (id, conference_id, contact_id, method, response, attendance, arrived_late, left_early,"
    " report_submitted, restricted_clearance, receives_minute) VALUES"
    " (1, 1, 1, 'email', 'accepted', 'present', 0, 0, 0, 1, 1),"
    " (2, 1, 2, 'email', 'accepted', 'present', 0, 0, 0, 1, 1),"
    " (3, 1, 3, 'email', 'accepted', 'present', 0, 0, 0, 0, 1),"
    " (4, 1, 4, 'email', 'accepted', 'present', 0, 0, 0, 1, 1),"
    " (5, 2, 2, 'email', 'awaiting', 'unknown', 0, 0, 0, 1, 1),"
    " (6, 2, 4, 'email', 'awaiting', 'unknown', 0, 0, 0, 0, 1)",
    "INSERT INTO agenda_note (id, conference_id, item, notes, restricted_notes, completed) VALUES"
    " (1, 1, 'victim_issues', 'open', 'Police intelligence: Zoë''s associate', 1),"
    " (2, 1, 'purpose', 'open only', '', 1)",
    "INSERT INTO victim (id, conference_id, kind, description, relationship_to_subject, where_they_live,"
    " child_protection, contact_restrictions, exclusion_area, safety_measures, restricted) VALUES"
    " (1, 1, 'known', 'A child', '', '14 School Lane', 1, '', '', '', 1),"
    " (2, 1, 'potential', 'Neighbours', '', 'Leith', 0, '', '', '', 0)",
    "INSERT INTO decision (id, conference_id, item, decision, reasons, dissent, restricted) VALUES"
    " (1, 1, 'action_plan', 'Secret decision', '', '', 1), (2, 1, 'action_plan', 'Open decision', '', '', 0)",
    "INSERT INTO case_note (id, uuid, subject_id, kind, text, source, restricted, created_at, updated_at) VALUES"
    f" (1, 'a3b1d2c4-0000-4000-8000-000000000001', 1, 'victim', 'Victim moved', '', 1, {NOW}, {NOW})",
    "INSERT INTO action (id, subject_id, raised_at_id, description, plan_area, status, outcome, created_at,"
    f" updated_at) VALUES (1, 1, 1, 'Visit', 'supervision', 'open', '', {NOW}, {NOW})",
    "INSERT INTO minute_issue (id, conference_id, version, issued_at, issued_by, content, amendments_summary)"
    f" VALUES (1, 1, 1, '2025-02-12 10:00:00', 'chair', '{SNAPSHOT}', '{AMENDMENTS}')",
    "INSERT INTO distribution (id, issue_id, contact_id, recipient_name, sent_at, file_name, sha256)"
    " VALUES (1, 1, 2, 'DS Zoë Ó Briain', '2025-02-12 11:00:00', 'x.pdf', 'ab'),"
    " (2, 1, 3, 'Łukasz Wiśniewski', '2025-02-12 11:00:00', 'y.pdf', 'cd')",
)


def test_store_at_0006_upgrades_to_audiences_of_everyone_cleared_today(tmp_path: Path) -> None:
    """Each restricted item's audience is the invitees cleared today; open items and old copies stay as they were."""
    folder = tmp_path / "at-0006"
    make_store_at(folder, "0006", extra=ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            note = session.get(AgendaNote, 1)
            assert note is not None and note.restricted_notes == "Police intelligence: Zoë's associate"
            assert note.audience == {"contacts": [1, 2, 4], "kinds": []}
            assert session.get(AgendaNote, 2).audience == {}  # no restricted text: nothing to decide
            victim = session.get(Victim, 1)
            assert victim.restricted and victim.audience == {"contacts": [1, 2, 4], "kinds": []}
            assert session.get(Victim, 2).audience == {}
            assert session.get(Decision, 1).audience == {"contacts": [1, 2, 4], "kinds": []}
            assert session.get(Decision, 2).audience == {}
            # Case-wide: Nguyễn was not cleared at conference 2, so the narrower reading leaves her out.
            assert session.get(CaseNote, 1).audience == {"contacts": [1, 2], "kinds": []}
            action = session.get(Action, 1)
            assert action.restricted is False and action.audience == {}
            # Old copies: the cleared recipient's held every restricted item of the issue, the other's none.
            assert session.get(Distribution, 1).restricted_items == [
                "Item 5 restricted notes",
                "Victim 1",
                "Amendment 1",
            ]
            assert session.get(Distribution, 2).restricted_items == []
            # ... and re-rendering the old issue shows the same: the cleared recipient (number 1) reads them.
            issue = session.get(MinuteIssue, 1)
            content = content_from_json(issue.content)
            assert [(i.label, i.readers) for i in content.restricted_items()] == [
                ("Item 5 restricted notes", frozenset({1})),
                ("Victim 1", frozenset({1})),
            ]
            assert issue_info(issue).amendments[0].readers == [1]
        assert store.check_integrity().ok


def test_a_failing_0007_leaves_the_store_at_0006_with_its_data(tmp_path: Path) -> None:
    """0007 is all-or-nothing: when its last step fails, no audience column remains and the ticks are intact."""
    folder = tmp_path / "at-0006"
    # The last data step (the case note's audience) fails, after every column was added.
    trigger = "CREATE TRIGGER stop BEFORE UPDATE ON case_note BEGIN SELECT RAISE(ABORT, 'injected'); END"
    extra = (*ROWS, trigger)
    make_store_at(folder, "0006", extra=extra)
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(DatabaseError, match="injected"):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0006"
        assert "audience" not in {c["name"] for c in inspect(engine).get_columns("victim")}
        with engine.connect() as connection:
            ticks = connection.execute(text("SELECT restricted_clearance FROM invitation ORDER BY id")).scalars().all()
            notes = connection.execute(select(text("restricted_notes")).select_from(text("agenda_note"))).scalars()
            assert ticks == [1, 1, 0, 1, 1, 0]
            assert "Police intelligence: Zoë's associate" in list(notes)
    finally:
        engine.dispose()
