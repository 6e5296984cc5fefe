"""Revision 0008 (case record fields on the minute): a 0006 store with data upgrades and takes the new fields."""

from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from solodesk.models import (
    Action,
    AddressOnMinute,
    Conference,
    ContingencyItem,
    DisclosureDecision,
    DiversityNeed,
    Invitation,
    LevelDecision,
    Subject,
)
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_OLD_ROWS = (
    "INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at)"
    " VALUES (1, 'Police Scotland', 'police', '', '', '2025-01-01', '2025-01-01')",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at, updated_at)"
    " VALUES (1, 'Zoë Ó Briain', 1, 'SOLO', '', 'zoe@example.org', '', 0, 0, '2025-01-01', '2025-01-01')",
    "INSERT INTO invitation (id, conference_id, contact_id, method, response, attendance, arrived_late, left_early,"
    " report_submitted, restricted_clearance, receives_minute)"
    " VALUES (1, 1, 1, 'secure_email', 'accepted', 'present', 0, 0, 1, 1, 1)",
    "INSERT INTO action (id, subject_id, raised_at_id, description, plan_area, status, outcome,"
    " created_at, updated_at) VALUES (1, 1, 1, 'Home visit', 'supervision', 'open', '', '2025-01-01', '2025-01-01')",
    "INSERT INTO disclosure_decision (id, conference_id, to_whom, what, why, authority, disclose,"
    " discloses_registration, restricted) VALUES (1, 1, 'Employer', '', '', '', 0, 0, 0)",
)


def test_a_0006_store_with_a_case_upgrades_and_takes_the_case_record_fields(tmp_path: Path) -> None:
    """Old rows read as "not recorded" in every new field, then every new field stores and reads back."""
    folder = tmp_path / "at-0006"
    make_store_at(folder, "0006", extra=_OLD_ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            subject = session.get(Subject, 1)
            conference = session.get(Conference, 1)
            assert subject is not None and conference is not None
            assert subject.full_name == "Łukasz Nguyễn-O'Connor" and subject.visor_ref == "V-1"
            assert (subject.ethnicity, subject.address_area, subject.sentence) == ("", "", "")
            assert subject.sentenced_on is None and subject.order_ends_on is None
            assert conference.reasons_other == "Zoë said so" and conference.meeting_date == date(2025, 2, 3)
            assert conference.actual_start is None and conference.level_decision is None
            assert conference.address_on_minute == AddressOnMinute.AREA  # the safe default for old meetings
            assert (conference.level_reason, conference.exit_criteria) == ("", "")
            invitation = session.get(Invitation, 1)
            assert invitation is not None and invitation.report_submitted and invitation.agency_update == ""
            action = session.get(Action, 1)
            assert action is not None and action.description == "Home visit" and action.reason == ""
            disclosure = session.get(DisclosureDecision, 1)
            assert disclosure is not None and disclosure.to_whom == "Employer" and disclosure.legal_route == ""
            subject.ethnicity = "White Polish"
            subject.sentenced_on = date(2019, 5, 1)
            conference.actual_start, conference.actual_end = time(10, 5), time(11, 40)
            conference.level_decision = LevelDecision.KEPT
            conference.contingencies.append(ContingencyItem(warning_sign="Misses a visit", response="Police check"))
            subject.diversity_needs.append(DiversityNeed(need="Dyslexia", response="Letters read aloud"))
            action.reason = "Checks he lives where he says"
        with store.session() as session:
            conference = session.get(Conference, 1)
            assert conference is not None
            assert conference.actual_start == time(10, 5) and conference.level_decision == LevelDecision.KEPT
            assert [(c.warning_sign, c.response) for c in conference.contingencies] == [
                ("Misses a visit", "Police check")
            ]
            assert [(n.need, n.response) for n in conference.subject.diversity_needs] == [
                ("Dyslexia", "Letters read aloud")
            ]
            assert conference.subject.ethnicity == "White Polish"
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0006.bak"]


def test_a_failing_0008_leaves_the_store_at_0006_with_its_data(tmp_path: Path) -> None:
    """0008 is all-or-nothing: when its last step fails, no new column or table remains.

    The upgrade from 0006 runs 0007 then 0008 in one transaction, so 0007's audiences are rolled back too.
    """
    folder = tmp_path / "at-0006"
    make_store_at(folder, "0006", extra=("CREATE INDEX ix_diversity_need_subject_id ON subject (surname)",))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0006"
        assert "contingency_item" not in inspect(engine).get_table_names()
        assert "ethnicity" not in {c["name"] for c in inspect(engine).get_columns("subject")}
        assert "audience" not in {c["name"] for c in inspect(engine).get_columns("victim")}  # 0007 undone too
        with engine.connect() as connection:
            assert connection.execute(text("SELECT surname FROM subject")).scalars().all() == ["Nguyễn-O'Connor"]
    finally:
        engine.dispose()
