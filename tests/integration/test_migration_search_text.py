"""Revision 0017 (the subject's folded search text): a 0016 store with cases upgrades and is found by its words."""

from pathlib import Path

from sqlalchemy import select

from solodesk.models import Subject
from solodesk.services.register import RegisterFilter, SortKey
from solodesk.services.register_sql import ServerRegister
from solodesk.store import CaseStore, migrate
from solodesk.store.team_store import TeamStore, install_schema, parse_url
from solodesk.text_search import subject_search_keys
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_SECOND = (
    "INSERT INTO subject (id, forenames, surname, aliases, gender, current_address, proposed_address,"
    " legal_status, offence_summary, registered, notification_requirements, mappa_category,"
    " order_conditions, warning_flags, visor_ref, police_ref, other_refs, notes, created_at, updated_at)"
    " VALUES (2, 'Zoë', 'Ó Briain', '[\"Zoe Bryan\"]', '', '', '', 'convicted', '', 1, '',"
    " 'category_1', '', '[]', '', 'P-77', 'HO/5', '', '2025-01-01', '2025-01-01')"
)


def _found(store: CaseStore) -> dict[str, list[int]]:
    register = ServerRegister(store)
    words = ("nguyen oconnor", "lukasz", "obriain zoe", "bryan", "p-77", "ho/5", "v-1")
    return {text: register.search(RegisterFilter(text=text)) for text in words} | {
        "by name": register.search(RegisterFilter(), SortKey.NAME)
    }


_EXPECTED = {
    "nguyen oconnor": [1],
    "lukasz": [1],
    "obriain zoe": [2],
    "bryan": [2],
    "p-77": [2],
    "ho/5": [2],
    "v-1": [1],
    "by name": [1, 2],
}


def _stored_keys_match_the_names(store: CaseStore) -> None:
    with store.session() as session:
        for subject in session.scalars(select(Subject)):
            keys = subject_search_keys(
                subject.forenames,
                subject.surname,
                subject.aliases,
                subject.visor_ref,
                subject.police_ref,
                subject.other_refs,
            )
            assert (subject.search_text, subject.sort_name) == keys


def test_a_0016_store_upgrades_with_every_subject_searchable(tmp_path: Path) -> None:
    """Existing subjects get their folded words at once: found by accent-free names, aliases and references."""
    folder = tmp_path / "at-0016"
    make_store_at(folder, "0016", extra=(_SECOND,))
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        _stored_keys_match_the_names(store)
        assert _found(store) == _EXPECTED
        assert store.check_integrity().ok


def test_a_team_store_at_0016_upgrades_with_its_search_indexes(pg, pg_database: str) -> None:
    """On PostgreSQL the revision back-fills in the upgrade's transaction and indexes the words (pg_trgm)."""
    name = parse_url(pg_database).database
    pg.drop_database(name)
    pg.create_database(name)
    install_schema(pg_database, target="0016")
    with pg.admin(name) as conn:
        conn.execute(
            "INSERT INTO subject (id, forenames, surname, aliases, date_of_birth, gender, current_address,"
            " proposed_address, case_status, legal_status, offence_summary, registered, notification_requirements,"
            " mappa_category, order_conditions, warning_flags, visor_ref, police_ref, other_refs, notes, ethnicity,"
            " address_area, sentence, restricted_patient, hospital_detention, hospital_detention_by,"
            " created_at, updated_at) VALUES (1, 'Łukasz', 'Nguyễn-O''Connor', '[]', NULL, '', '', '', 'active',"
            " 'convicted', '', true, '', 'category_1', '', '[]', 'V-1', '', '', '', '', '', '', false, '', '',"
            " now(), now())"
        )
        conn.execute(
            _SECOND.replace("'', 1, '',", "'', true, '',").replace("'2025-01-01', '2025-01-01'", "now(), now()")
        )
    assert install_schema(pg_database) == migrate.head_revision()
    with TeamStore.open(pg_database) as store:
        _stored_keys_match_the_names(store)
        assert _found(store) == _EXPECTED
    with pg.admin(name) as conn:
        indexes = {row[0] for row in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'subject'")}
    assert {"ix_subject_search_text", "ix_subject_sort_name"} <= indexes


def test_team_init_gives_back_a_missing_trigram_index(pg, pg_database: str) -> None:
    """A store upgraded where pg_trgm could not be had (so without the index) gets it at the next `team init`."""
    from solodesk.store.team_roles import init_team

    name = parse_url(pg_database).database
    with pg.admin(name) as conn:
        conn.execute("DROP INDEX ix_subject_search_text")
    init_team(pg_database)
    init_team(pg_database)  # running it again changes nothing
    with pg.admin(name) as conn:
        indexes = {row[0] for row in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'subject'")}
    assert "ix_subject_search_text" in indexes
