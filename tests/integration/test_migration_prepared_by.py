"""Revision 0016 (who prepared a report, note or proposed action): a 0012 store with preparation upgrades."""

from pathlib import Path

from sqlalchemy import select

from solodesk.models import AgencyReport, CaseNote, ProposedAction
from solodesk.store import CaseStore, migrate
from solodesk.store.team_store import TeamStore, install_schema, parse_url
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_PREPARED = (
    "INSERT INTO agency_report (id, uuid, subject_id, title, agency, author, body, restricted, audience,"
    " created_at, updated_at) VALUES (1, 'r-1', 1, 'Police report', 'Police Scotland', 'Zoë Ó Briain',"
    " 'Seen weekly.', 1, '{}', '2025-01-01', '2025-01-01')",
    "INSERT INTO case_note (id, uuid, subject_id, kind, text, source, restricted, audience, created_at, updated_at)"
    " VALUES (1, 'n-1', 1, 'victim', 'Lives nearby.', '', 1, '{}', '2025-01-01', '2025-01-01')",
    "INSERT INTO proposed_action (id, uuid, subject_id, description, owner_name, owner_agency, plan_area,"
    " proposed_by, restricted, audience, created_at, updated_at) VALUES (1, 'p-1', 1, 'Home visit', 'Siobhán',"
    " 'Police', 'supervision', 'Siobhán', 0, '{}', '2025-01-01', '2025-01-01')",
)


def _prepared(store: CaseStore) -> list[tuple[str, str]]:
    with store.session() as session:
        return [
            (text, by)
            for model, column in (
                (AgencyReport, AgencyReport.body),
                (CaseNote, CaseNote.text),
                (ProposedAction, ProposedAction.description),
            )
            for text, by in session.execute(select(column, model.created_by)).all()
        ]


def test_a_0012_store_upgrades_keeping_every_prepared_item(tmp_path: Path) -> None:
    """Old items read as prepared by nobody named; their words are intact; new items store who prepared them."""
    folder = tmp_path / "at-0012"
    make_store_at(folder, "0012", extra=_PREPARED)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert _prepared(store) == [("Seen weekly.", ""), ("Lives nearby.", ""), ("Home visit", "")]
        with store.session() as session:
            session.add(CaseNote(subject_id=1, text="Second note", created_by="zoe"))
        assert ("Second note", "zoe") in _prepared(store)
        assert store.check_integrity().ok


def test_a_team_store_at_0012_upgrades_in_one_transaction(pg, pg_database: str) -> None:
    """On PostgreSQL the same revision runs from 0012 to head with data in place."""
    name = parse_url(pg_database).database
    pg.drop_database(name)
    pg.create_database(name)
    install_schema(pg_database, target="0012")
    with pg.admin(name) as conn:
        conn.execute(
            "INSERT INTO subject (id, forenames, surname, aliases, date_of_birth, gender, current_address,"
            " proposed_address, case_status, legal_status, offence_summary, registered, notification_requirements,"
            " mappa_category, order_conditions, warning_flags, visor_ref, police_ref, other_refs, notes, ethnicity,"
            " address_area, sentence, restricted_patient, hospital_detention, hospital_detention_by,"
            " created_at, updated_at) VALUES (1, 'Łukasz', 'Nguyễn', '[]', NULL, '', '', '', 'active', 'convicted',"
            " '', true, '', 'category_1', '', '[]', '', '', '', '', '', '', '', false, '', '', now(), now())"
        )
        for statement in _PREPARED:
            conn.execute(statement.replace(" 1, '{}'", " true, '{}'").replace(" 0, '{}'", " false, '{}'"))
    assert install_schema(pg_database) == migrate.head_revision()
    with TeamStore.open(pg_database) as store:
        assert _prepared(store) == [("Seen weekly.", ""), ("Lives nearby.", ""), ("Home visit", "")]
