"""Revision 0020 (indexes behind a worker's and an assistant's row policies): older stores upgrade with their data."""

import os
from pathlib import Path

from sqlalchemy import inspect, text

from solodesk.services.register import RegisterFilter, open_register
from solodesk.store import CaseStore, migrate
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, install_schema, parse_url
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_PEOPLE = (
    "INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at)"
    " VALUES (1, 'NHS Lothian', 'health', '', '', '2025-01-01', '2025-01-01')",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at, updated_at)"
    " VALUES (1, 'Siobhán Ní Bhriain', 1, '', '', '', '', 0, 0, '2025-01-01', '2025-01-01')",
    "UPDATE subject SET case_worker_id = 1 WHERE id = 1",
    "UPDATE conference SET minute_taker_id = 1 WHERE id = 1",
)
_INDEXES = {"subject": "ix_subject_case_worker_id", "conference": "ix_conference_minute_taker_id"}


def _indexed(engine) -> dict[str, bool]:
    found = inspect(engine)
    return {table: name in {i["name"] for i in found.get_indexes(table)} for table, name in _INDEXES.items()}


def test_a_0019_store_upgrades_with_its_allocations_indexed(tmp_path: Path) -> None:
    """The case worker and the minute-taker stay as they were; both are now indexed."""
    folder = tmp_path / "at-0019"
    make_store_at(folder, "0019", extra=_PEOPLE)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert _indexed(store.engine) == {"subject": True, "conference": True}
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT case_worker_id FROM subject WHERE id = 1")).scalar() == 1
            assert connection.execute(text("SELECT minute_taker_id FROM conference WHERE id = 1")).scalar() == 1
        assert store.check_integrity().ok


def test_a_team_store_at_0019_upgrades_and_its_worker_still_finds_their_case(pg, pg_database: str) -> None:
    """On PostgreSQL: upgraded by ``team init`` again, the worker's register is their case, found by name."""
    name = parse_url(pg_database).database
    pg.drop_database(name)
    pg.create_database(name)
    install_schema(pg_database, target="0019")
    with pg.admin(name) as conn:
        conn.execute(
            "INSERT INTO subject (id, forenames, surname, aliases, gender, current_address, proposed_address,"
            " legal_status, offence_summary, registered, notification_requirements, mappa_category,"
            " order_conditions, warning_flags, visor_ref, police_ref, other_refs, notes, search_text, sort_name,"
            " created_at, updated_at) VALUES"
            " (1, 'Łukasz', 'Nguyễn', '[]', '', '', '', 'convicted', '', true, '', 'category_1', '', '[]', 'V-1', '',"
            " '', '', 'lukasz nguyen v-1', 'nguyen lukasz', now(), now()),"
            " (2, 'Anna', 'Other', '[]', '', '', '', 'convicted', '', true, '', 'category_1', '', '[]', 'V-2', '',"
            " '', '', 'anna other v-2', 'other anna', now(), now())"
        )
        for statement in _PEOPLE:
            conn.execute(statement.replace("0, 0, '2025", "false, false, '2025"))
        conn.execute("SELECT setval(pg_get_serial_sequence('subject', 'id'), 2)")
    assert init_team(pg_database) == migrate.head_revision()
    with TeamStore.open(pg_database) as owner:
        assert _indexed(owner.engine) == {"subject": True, "conference": True}
    login = f"upgraded_worker_{os.getpid()}"
    add_user(pg_database, login, "The worker", "worker", "a long worker password", contact_id=1)
    with TeamStore.open(pg.url(name, user=login), password="a long worker password") as worker:
        register = open_register(worker)
        assert register.search(RegisterFilter()) == [1]
        assert register.search(RegisterFilter(text="nguyen")) == [1]
        assert register.search(RegisterFilter(text="other")) == []
