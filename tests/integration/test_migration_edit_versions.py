"""Revision 0014 (edit versions, working together): a 0012 store with data upgrades, all or nothing."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from solodesk.models import Conference, Subject
from solodesk.services import chair_ops
from solodesk.services.chair_fields import ConferenceText
from solodesk.services.chair_ops import SetText
from solodesk.services.edit_conflict import EditConflictError
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from solodesk.store.team_store import TeamStore, install_schema, parse_url
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at
from tests.integration.test_team_store import NOW, _insert

_OLD_ROWS = (
    "UPDATE subject SET ethnicity = 'White Polish', restricted_patient = 1 WHERE id = 1",
    "INSERT INTO victim (id, conference_id, kind, description, relationship_to_subject, where_they_live,"
    " exclusion_area, contact_restrictions, safety_measures, child_protection, restricted, audience)"
    " VALUES (1, 1, 'known', 'Neighbour''s child', '', '', '', '', '', 1, 1, '{}')",
)


def test_a_0012_store_upgrades_and_refuses_a_stale_save(tmp_path: Path) -> None:
    """Old rows read as version 1 saved by nobody known; the first save stamps its saver; a stale one is refused."""
    folder = tmp_path / "at-0012"
    make_store_at(folder, "0012", extra=_OLD_ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            conference = session.get(Conference, 1)
            subject = session.get(Subject, 1)
            assert conference is not None and subject is not None
            assert (conference.version, conference.changed_by, conference.changed_at) == (1, "", None)
            assert conference.reasons_other == "Zoë said so" and conference.meeting_date == date(2025, 2, 3)
            assert (subject.ethnicity, subject.restricted_patient, subject.version) == ("White Polish", True, 1)
        chair_ops.apply(store, SetText(ConferenceText.REASONS_OTHER, 1, "Zoë said so, twice", base="Zoë said so"))
        with pytest.raises(EditConflictError, match=rf"^Changed by {store.actor} at \d\d:\d\d — reload\.$"):
            chair_ops.apply(store, SetText(ConferenceText.REASONS_OTHER, 1, "Something else", base="Zoë said so"))
        with store.session() as session:
            conference = session.get(Conference, 1)
            assert conference is not None
            assert (conference.reasons_other, conference.version, conference.changed_by) == (
                "Zoë said so, twice",
                2,
                store.actor,
            )
            assert session.execute(text("SELECT version FROM victim WHERE id = 1")).scalar_one() == 1
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0012.bak"]


def test_a_failing_0014_leaves_the_store_at_0012_with_its_data(tmp_path: Path) -> None:
    """When the last column cannot be added, no table keeps the new columns and the old rows are intact."""
    folder = tmp_path / "at-0012"
    # A column of that name already there makes 0014 fail at its very last statement.
    blocker = "ALTER TABLE release_notification ADD COLUMN changed_at TEXT"
    make_store_at(folder, "0012", extra=(*_OLD_ROWS, blocker))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0012"
        for table in ("conference", "subject", "victim"):
            assert "version" not in {c["name"] for c in inspect(engine).get_columns(table)}
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT description FROM victim")).all()
            assert [tuple(r) for r in rows] == [("Neighbour's child",)]
    finally:
        engine.dispose()


def test_a_team_store_at_0012_upgrades_on_postgresql(pg) -> None:
    """On the server too: old rows are version 1, saved by nobody known; the first save names the login."""
    pg.create_database("solodesk_at_0012")
    try:
        url = pg.url("solodesk_at_0012")
        assert install_schema(url, target="0012") == "0012"
        engine = create_engine(parse_url(url))
        times = {"created_at": NOW, "updated_at": NOW}
        subject = {"id": 1, "forenames": "Łukasz", "surname": "Nguyễn", "aliases": [], "gender": "",
                   "current_address": "", "proposed_address": "", "legal_status": "convicted",
                   "offence_summary": "", "registered": True, "notification_requirements": "",
                   "mappa_category": "category_1", "order_conditions": "", "warning_flags": [], "visor_ref": "V-1",
                   "police_ref": "", "other_refs": "", "notes": "", **times}  # fmt: skip
        conference = {"id": 1, "subject_id": 1, "kind": "initial", "status": "held", "meeting_date": "2025-01-10",
                      "venue": "", "reasons": [], "reasons_other": "Zoë said so", "confidentiality_agreed": True,
                      "previous_minute_amendments": "", "dynamic_factors": "", "who_is_at_risk": "",
                      "risk_rationale": "", "next_venue": "", "not_reconvening_reason": "", **times}  # fmt: skip
        with engine.begin() as conn:
            _insert(conn, "subject", subject)
            _insert(conn, "conference", conference)
        engine.dispose()
        assert install_schema(url) == migrate.head_revision()
        with TeamStore.open(url) as team:
            with team.session() as session:
                row = session.get(Conference, 1)
                assert row is not None and (row.version, row.changed_by, row.changed_at) == (1, "", None)
            chair_ops.apply(team, SetText(ConferenceText.REASONS_OTHER, 1, "Zoë, twice", base="Zoë said so"))
            with team.session() as session:
                row = session.get(Conference, 1)
                assert row is not None and (row.reasons_other, row.version) == ("Zoë, twice", 2)
                assert row.changed_by == team.actor == parse_url(url).username
    finally:
        pg.drop_database("solodesk_at_0012")
