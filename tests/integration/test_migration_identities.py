"""Revision 0018 (a uuid on every record kind): older stores upgrade with their data and every record identified."""

import uuid
from pathlib import Path

from sqlalchemy import select, text

from solodesk.models import Agency, Conference, RiskAssessment, Subject
from solodesk.services.handover import apply_handover, export_handover, read_handover
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import SLOTS_NAME
from solodesk.store.team_store import TeamStore, install_schema, parse_url
from tests.conftest import PASSPHRASE
from tests.helpers.packs import PACK_PASSPHRASE
from tests.integration.test_migrations import make_store_at

_IDENTIFIED = ("subject", "conference", "risk_assessment", "agency", "contact")
_KNOWN = "0b8a6f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
_ASSESSMENTS = (
    "INSERT INTO risk_assessment (id, subject_id, conference_id, tool, assessor, results, result, notes, restricted)"
    " VALUES (1, 1, 1, 'RM2000', 'DS Zoë Ó Briain', '{\"reconviction\": \"High\"}', '', '', 0)",
    "INSERT INTO risk_assessment (id, subject_id, conference_id, tool, assessor, results, result, notes, restricted)"
    " VALUES (2, 1, NULL, 'OASys', 'Łukasz', '{}', '', 'Siobhán''s notes', 1)",
    f"INSERT INTO item_identity (id, uuid, entity, entity_id) VALUES (1, '{_KNOWN}', 'risk_assessment', 1)",
    "INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at)"
    " VALUES (1, 'Police Scotland', 'police', '', '', '2025-01-01', '2025-01-01')",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at, updated_at)"
    " VALUES (1, 'Nguyễn Thị Mai', 1, '', '', '', '', 0, 0, '2025-01-01', '2025-01-01')",
)
_PACK_NAMESPACE = uuid.UUID("6f1c0d2e-3b7a-5c41-9e58-2d0f4a6b8c10")


def _uuids(store: CaseStore, table: str) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(text(f"SELECT uuid FROM {table} ORDER BY id")).scalars())  # noqa: S608


def test_a_0017_store_upgrades_with_every_record_identified(tmp_path: Path) -> None:
    """Every row gets its own canonical uuid; a risk assessment keeps the id packs already knew it by."""
    folder = tmp_path / "at-0017"
    make_store_at(folder, "0017", extra=_ASSESSMENTS)
    store_id = keyslots.KeySlotFile.load(folder / SLOTS_NAME).store_id
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        for table in _IDENTIFIED:
            values = _uuids(store, table)
            assert values and all(str(uuid.UUID(v)) == v for v in values), table
        every = [v for table in _IDENTIFIED for v in _uuids(store, table)]
        assert len(set(every)) == len(every)
        # The one that arrived in a pack keeps that id; the other keeps the id its packs were given here.
        derived = str(uuid.uuid5(_PACK_NAMESPACE, f"{store_id}:risk_assessment:2"))
        assert _uuids(store, "risk_assessment") == [_KNOWN, derived]
        with store.session() as session:
            assert session.get(Subject, 1).forenames == "Łukasz"
            assert session.get(RiskAssessment, 2).notes == "Siobhán's notes"
        assert store.check_integrity().ok
        export_handover(store, 1, tmp_path / "h.solopack", PACK_PASSPHRASE)
    fresh, _ = CaseStore.create(tmp_path / "fresh", PASSPHRASE)
    with fresh:
        result = apply_handover(fresh, read_handover(tmp_path / "h.solopack", PACK_PASSPHRASE))
        with fresh.session() as session:
            conference = session.get(Conference, result.conference_id)
            assert conference is not None and conference.reasons_other == "Zoë said so"
            assert [a.uuid for a in conference.risk_assessments] == [_KNOWN]


def test_a_team_store_at_0017_upgrades_with_every_record_identified(pg, pg_database: str) -> None:
    """On PostgreSQL each row's uuid comes from the server as the column is added (no per-row update)."""
    name = parse_url(pg_database).database
    pg.drop_database(name)
    pg.create_database(name)
    install_schema(pg_database, target="0017")
    with pg.admin(name) as conn:
        conn.execute(
            "INSERT INTO agency (name, kind, address, phone, created_at, updated_at) VALUES"
            " ('Police Scotland', 'police', '', '', now(), now()), ('NHS Lothian', 'health', '', '', now(), now())"
        )
    assert install_schema(pg_database) == migrate.head_revision()
    with TeamStore.open(pg_database) as store, store.session() as session:
        values = list(session.scalars(select(Agency.uuid)))
        assert len(values) == 2 and len(set(values)) == 2 and all(str(uuid.UUID(v)) == v for v in values)


def test_a_0018_store_upgrades_and_takes_a_lease(tmp_path: Path) -> None:
    """Revision 0019 adds the lease table; a store at 0018 keeps its conference and can lease it."""
    from solodesk.models import ConferenceLease

    folder = tmp_path / "at-0018"
    make_store_at(folder, "0018")
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            conference = session.get(Conference, 1)
            assert conference is not None and conference.reasons_other == "Zoë said so"
            session.add(ConferenceLease(conference_id=1, holder="siobhan", holder_name="Siobhán Mac Giolla"))
        with store.session() as session:
            lease = session.scalars(select(ConferenceLease)).one()
            assert lease.holder_name == "Siobhán Mac Giolla" and lease.broken_at is None
