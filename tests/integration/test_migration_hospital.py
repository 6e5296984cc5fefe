"""Revision 0012 (hospital detention, MAPPA minute §2.2 row 8): a 0010 store with data upgrades, all or nothing."""

import re
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from solodesk.models import Conference, Subject
from solodesk.services.minute_views import preview_pdf
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE
from tests.helpers.minutes import page_texts
from tests.integration.test_migrations import make_store_at

_OLD_ROWS = (
    "UPDATE subject SET ethnicity = 'White Polish', sentence = 'Hospital order with restrictions',"
    " offence_summary = 'Assault to severe injury' WHERE id = 1",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at, updated_at)"
    " VALUES (1, 'Zoë Ó Briain', NULL, 'SOLO', '', 'zoe@example.org', '', 0, 0, '2025-01-01', '2025-01-01')",
    "INSERT INTO invitation (id, conference_id, contact_id, method, response, attendance, arrived_late, left_early,"
    " report_submitted, restricted_clearance, receives_minute, agency_update)"
    " VALUES (1, 1, 1, 'secure_email', 'accepted', 'present', 0, 0, 0, 0, 1, '')",
)


def _minute_text(store: CaseStore) -> str:
    return re.sub(r"\s+", " ", " ".join(page_texts(preview_pdf(store, 1, recipient_number=1))))


def test_a_0010_store_upgrades_and_records_a_restricted_patient(tmp_path: Path) -> None:
    """Old subjects read as not restricted patients (and say so on the minute); the new fields store and print."""
    folder = tmp_path / "at-0010"
    make_store_at(folder, "0010", extra=_OLD_ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            subject = session.get(Subject, 1)
            assert subject is not None
            assert subject.full_name == "Łukasz Nguyễn-O'Connor" and subject.ethnicity == "White Polish"
            assert subject.sentence == "Hospital order with restrictions"
            assert (subject.restricted_patient, subject.hospital_detention, subject.hospital_detention_by) == (
                False,
                "",
                "",
            )
        before = _minute_text(store)
        assert "Hospital detention (restricted patients)" in before
        assert "Restricted patient No: not detained in hospital under a restriction order." in before
        with store.session() as session:
            subject = session.get(Subject, 1)
            assert subject is not None
            subject.restricted_patient = True
            subject.hospital_detention = "Detained at the State Hospital, Carstairs; CORO; no unescorted leave."
            subject.hospital_detention_by = "Dr Aoife Ní Bhriain, responsible medical officer"
        after = _minute_text(store)
        assert "Restricted patient Yes" in after
        assert "Detention and status Detained at the State Hospital, Carstairs; CORO; no unescorted leave." in after
        assert "Completed by Dr Aoife Ní Bhriain, responsible medical officer" in after
        with store.session() as session:
            conference = session.get(Conference, 1)
            assert conference is not None and conference.reasons_other == "Zoë said so"
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0010.bak"]


def test_a_failing_0012_leaves_the_store_at_0010_with_its_data(tmp_path: Path) -> None:
    """When the subject table cannot be rebuilt, no new column remains and the old rows are intact."""
    folder = tmp_path / "at-0010"
    # SQLite's batch rebuild creates _alembic_tmp_subject: a table of that name makes 0012 fail part-way.
    make_store_at(folder, "0010", extra=(*_OLD_ROWS, "CREATE TABLE _alembic_tmp_subject (id INTEGER)"))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0010"
        assert "restricted_patient" not in {c["name"] for c in inspect(engine).get_columns("subject")}
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT surname, ethnicity FROM subject")).all()
            assert [tuple(r) for r in rows] == [("Nguyễn-O'Connor", "White Polish")]
    finally:
        engine.dispose()
