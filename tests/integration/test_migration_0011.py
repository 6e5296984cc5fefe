"""Revision 0011: proposed actions and attached files gain ``restricted`` and an audience, and nothing widens."""

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from solodesk.models import AgencyReport, Attachment, ProposedAction
from solodesk.services import preparation
from solodesk.services.audience import Audience
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE
from tests.helpers.packs import small_pdf
from tests.integration.test_migrations import make_store_at

_PDF = small_pdf("Prison social work report")
_ROWS = (
    "INSERT INTO agency_report (id, uuid, subject_id, conference_id, title, agency, author, body, submitted_on,"
    " restricted, audience, created_at, updated_at) VALUES (1, '11111111-1111-4111-8111-111111111111', 1, 1,"
    " 'Police intelligence', 'Police Scotland', 'DS Zoë Ó Briain', 'Associate seen twice.', '2025-01-30', 1,"
    " '{\"contacts\": [], \"kinds\": [\"police\"]}', '2025-01-01', '2025-01-01')",
    "INSERT INTO attachment (id, uuid, report_id, filename, media_type, size, sha256, data) VALUES"
    f" (1, '22222222-2222-4222-8222-222222222222', 1, 'sightings.pdf', 'application/pdf', {len(_PDF)}, 'x',"
    f" X'{_PDF.hex()}')",
    "INSERT INTO proposed_action (id, uuid, subject_id, description, owner_name, owner_agency, due_date, plan_area,"
    " proposed_by, created_at, updated_at) VALUES (1, '33333333-3333-4333-8333-333333333333', 1,"
    " 'Weekly home visits by Łukasz.', 'Łukasz Wiśniewski', 'Housing', '2025-03-01', 'supervision', '',"
    " '2025-01-01', '2025-01-01')",
)


def test_store_at_0010_upgrades_with_its_proposals_and_files_open_and_its_report_still_restricted(
    tmp_path: Path,
) -> None:
    """Existing proposals and files are open with no audience; the restricted report keeps its audience."""
    folder = tmp_path / "old"
    make_store_at(folder, "0010", _ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            for table in ("proposed_action", "attachment"):
                columns = {c["name"] for c in inspect(session.connection()).get_columns(table)}
                assert {"restricted", "audience"} <= columns
            action = session.scalars(select(ProposedAction)).one()
            attachment = session.scalars(select(Attachment)).one()
            report = session.scalars(select(AgencyReport)).one()
            assert (action.restricted, action.audience, action.owner_name) == (False, {}, "Łukasz Wiśniewski")
            assert (attachment.restricted, attachment.audience, attachment.data) == (False, {}, _PDF)
            assert report.restricted and Audience.from_json(report.audience).kinds == {"police"}
        prep = preparation.load_preparation(store, 1)
        assert prep.reports[0].audience == "police and chair only"
        assert [a.restricted for a in prep.reports[0].attachments] == [False]
        assert [(a.description, a.restricted, a.audience) for a in prep.actions] == [
            ("Weekly home visits by Łukasz.", False, "")
        ]
    # Opening again is a no-op.
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        assert session.scalars(select(ProposedAction.restricted)).all() == [False]


def test_a_failing_0011_leaves_the_store_at_0010_with_its_data(tmp_path: Path) -> None:
    """0011 is all-or-nothing: when adding its last column fails, the columns it added before are gone too."""
    folder = tmp_path / "at-0010"
    # The attachment table already has an "audience" column, so 0011 fails on its very last step.
    make_store_at(folder, "0010", (*_ROWS, "ALTER TABLE attachment ADD COLUMN audience TEXT"))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0010"
        for table in ("proposed_action", "attachment"):
            assert "restricted" not in {c["name"] for c in inspect(engine).get_columns(table)}
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT description FROM proposed_action")).scalars().all()
        assert rows == ["Weekly home visits by Łukasz."]
    finally:
        engine.dispose()
