"""A team store on the real PostgreSQL server: same schema as the encrypted store, signed in per login."""

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import MetaData, Table, create_engine, inspect, select

from solodesk.__main__ import main
from solodesk.models import Conference, Distribution, RiskAssessment, Subject, Victim
from solodesk.services.subjects import SubjectForm, save_subject
from solodesk.store import StoreUnusableError, UnlockError, migrate
from solodesk.store.team_store import TeamStore, install_schema, parse_url

NOW = "2025-01-01T00:00:00+00:00"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _login(pg, database_url: str, login: str, password: str) -> str:
    """Create a login with every right on the tables (the roles of `team init` come later)."""
    database = parse_url(database_url).database
    with pg.admin(database) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(login)))
        conn.execute(sql.SQL("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {}").format(sql.Identifier(login)))
    return pg.url(database, user=login)


def _columns(engine) -> dict[str, set[str]]:
    found = inspect(engine)
    return {table: {c["name"] for c in found.get_columns(table)} for table in found.get_table_names()}


def test_the_same_revisions_build_the_same_tables_on_both_kinds(pg, store_folder) -> None:
    """Every table and column the encrypted store has, a team store has too, at the same head revision."""
    from solodesk.store import CaseStore
    from tests.conftest import PASSPHRASE

    pg.create_database("solodesk_same_tables")
    try:
        url = pg.url("solodesk_same_tables")
        assert install_schema(url) == migrate.head_revision()
        assert install_schema(url) == migrate.head_revision()  # a second run changes nothing
        local, _ = CaseStore.create(store_folder, PASSPHRASE)
        with local, TeamStore.open(url) as team:
            assert _columns(team.engine) == _columns(local.engine)
            assert team.check_integrity().ok
    finally:
        pg.drop_database("solodesk_same_tables")


def test_json_enums_booleans_and_dates_come_back_as_written(pg_database) -> None:
    """A subject's aliases (JSON), status (enum), registration (boolean) and birth date read back unchanged."""
    with TeamStore.open(pg_database) as team:
        form = SubjectForm(forenames="Zoë", surname="Ó Briain", aliases=["Zoe Bryan", "Łukasz"], registered=True)
        subject_id = save_subject(team, form)
        with team.session() as session:
            subject = session.get(Subject, subject_id)
            assert subject.aliases == ["Zoe Bryan", "Łukasz"] and subject.registered is True
    with psycopg.connect(pg_database) as raw:
        stored = raw.execute("SELECT aliases, registered, case_status FROM subject").fetchone()
    assert (stored[0], stored[1], stored[2]) == (["Zoe Bryan", "Łukasz"], True, "active")


def _insert(connection, table: str, *rows: dict) -> None:
    connection.execute(Table(table, MetaData(), autoload_with=connection).insert(), list(rows))


def test_a_team_store_at_0006_upgrades_with_its_data_in_one_step(pg) -> None:
    """Risk bands become scale values, cleared invitees become audiences, old copies log their restricted items."""
    pg.create_database("solodesk_at_0006")
    try:
        url = pg.url("solodesk_at_0006")
        assert install_schema(url, target="0006") == "0006"
        engine = create_engine(parse_url(url))
        snapshot = {
            "distribution": [{"contact_id": 2, "cleared": True}, {"contact_id": 3, "cleared": False}],
            "sections": [{"number": 5, "restricted_notes": "Zoë's associate"}],
        }
        times = {"created_at": NOW, "updated_at": NOW}
        with engine.begin() as conn:
            _insert(conn, "contact", *({"id": n, "name": f"Person {n}", "is_solo": True, "archived": False,
                                        "role": "", "phone": "", "email": "", "address": "", **times}
                                       for n in (1, 2, 3)))  # fmt: skip
            subject = {"id": 1, "forenames": "Łukasz", "surname": "Nguyễn", "aliases": [], "gender": "",
                       "current_address": "", "proposed_address": "", "legal_status": "convicted",
                       "offence_summary": "", "registered": True, "notification_requirements": "",
                       "mappa_category": "category_1", "order_conditions": "", "warning_flags": [], "visor_ref": "V-1",
                       "police_ref": "", "other_refs": "", "notes": "", **times}  # fmt: skip
            _insert(conn, "subject", subject)
            _insert(conn, "conference", {"id": 1, "subject_id": 1, "kind": "initial", "status": "held",
                    "meeting_date": "2025-01-10", "venue": "", "reasons": [], "reasons_other": "",
                    "confidentiality_agreed": True, "previous_minute_amendments": "", "dynamic_factors": "",
                    "who_is_at_risk": "", "risk_rationale": "", "next_venue": "", "not_reconvening_reason": "",
                    "chair_id": 1, **times})  # fmt: skip
            invited = {"method": "email", "response": "accepted", "attendance": "present", "arrived_late": False,
                       "left_early": False, "report_submitted": False, "receives_minute": True}  # fmt: skip
            _insert(conn, "invitation", *({"id": n, "conference_id": 1, "contact_id": n,
                                           "restricted_clearance": n != 3, **invited} for n in (1, 2, 3)))  # fmt: skip
            _insert(conn, "victim", {"id": 1, "conference_id": 1, "kind": "known", "description": "A child",
                    "relationship_to_subject": "", "where_they_live": "", "child_protection": True,
                    "contact_restrictions": "", "exclusion_area": "", "safety_measures": "",
                    "restricted": True})  # fmt: skip
            _insert(conn, "risk_assessment", {"id": 1, "subject_id": 1, "conference_id": 1, "tool": "RM2000",
                    "assessed_on": "2025-01-02", "assessor": "", "reconviction_band": "Medium", "harm_band": "High",
                    "result": "", "notes": "", "restricted": False})  # fmt: skip
            _insert(conn, "minute_issue", {"id": 1, "conference_id": 1, "version": 1, "issued_at": NOW,
                    "issued_by": "chair", "content": snapshot, "amendments_summary": []})  # fmt: skip
            _insert(conn, "distribution", *({"id": n, "issue_id": 1, "contact_id": n, "recipient_name": f"P{n}",
                    "sent_at": NOW, "file_name": f"{n}.pdf", "sha256": "ab"} for n in (2, 3)))  # fmt: skip
        engine.dispose()

        assert install_schema(url) == migrate.head_revision()
        with TeamStore.open(url) as team, team.session() as session:
            assert session.get(RiskAssessment, 1).results == {"reconviction": "Medium", "harm": "High"}
            assert session.get(Victim, 1).audience["contacts"] == [1, 2]
            logged = {d.contact_id: d.restricted_items for d in session.scalars(select(Distribution))}
            assert logged == {2: ["Item 5 restricted notes"], 3: []}
            assert session.get(Conference, 1).subject_id == 1
    finally:
        pg.drop_database("solodesk_at_0006")


def test_the_cli_signs_in_with_the_login_in_the_url_and_the_password_from_the_environment(
    pg, pg_database, capsys, monkeypatch
) -> None:
    """`solodesk list --store postgresql://…` lists the team's cases; a wrong password exits 3, changing nothing."""
    with TeamStore.open(pg_database) as team:
        save_subject(team, SubjectForm(forenames="Siobhán", surname="O'Connor"))
    url = _login(pg, pg_database, "margaret", "a long team password")
    monkeypatch.setenv("SOLODESK_PASSWORD", "a long team password")
    code, out, _ = run(capsys, "list", "--store", url)
    assert code == 0 and "O'Connor" in out
    monkeypatch.setenv("SOLODESK_PASSWORD", "wrong")
    code, out, err = run(capsys, "--store", url, "desk")
    assert code == 3 and out == ""
    assert err.strip() == "solodesk: The server refused the login or password for margaret."
    with pytest.raises(UnlockError):
        TeamStore.open(url, "wrong")


def test_a_network_address_without_certificate_checks_is_refused_before_connecting(capsys) -> None:
    """No connection is tried (the test's network guard would fail it): exit 4 with what to add."""
    code, _, err = run(capsys, "list", "--store", "postgresql://margaret@db.council.example/solodesk")
    assert code == 4 and "sslmode=verify-full" in err
    assert parse_url("postgresql://m@db.council.example/solodesk?sslmode=verify-full").host == "db.council.example"


def test_a_newer_an_empty_and_an_unreachable_store_each_get_one_sentence(pg, pg_database, capsys, tmp_path) -> None:
    """Exit 4 each time, and the newer store is left as it was."""
    with psycopg.connect(pg_database, autocommit=True) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = run(capsys, "list", "--store", pg_database)
    assert code == 4 and "newer version of SOLO Desk" in err
    with pytest.raises(StoreUnusableError, match="newer version"):
        install_schema(pg_database)
    with psycopg.connect(pg_database) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)

    pg.create_database("solodesk_empty")
    try:
        code, _, err = run(capsys, "list", "--store", pg.url("solodesk_empty"))
        assert code == 4 and "holds no SOLO Desk store" in err
    finally:
        pg.drop_database("solodesk_empty")

    nowhere = f"postgresql://margaret@/solodesk?host={tmp_path / 'no-server'}"
    code, _, err = run(capsys, "list", "--store", nowhere)
    assert code == 4 and "could not be reached" in err and "margaret" in err


def test_key_commands_are_refused_for_a_team_store(pg_database, capsys) -> None:
    """A team store has no passphrase to change and no folder to check."""
    code, _, err = run(capsys, "passphrase", "--store", pg_database)
    assert code == 2 and "store folder" in err
    with TeamStore.open(pg_database) as team, pytest.raises(StoreUnusableError, match="own database login"):
        team.change_passphrase("a new passphrase")
    assert team.location.startswith("postgresql://solodesk_admin@/") and "/solodesk_test_" in team.location
    assert "?" not in team.location and "%2F" not in team.location


def test_a_connection_the_server_dropped_while_idle_is_replaced_unnoticed(pg, pg_database, monkeypatch) -> None:
    """The server ends an idle session (a restart, a timeout): the next save still works, on a new connection."""
    from sqlalchemy import text

    from solodesk.store import team_store

    with TeamStore.open(pg_database) as store:
        with store.session() as session:
            first = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with store.session() as session:  # in use a moment ago: the same connection, not pinged again
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() == first
        with pg.admin(parse_url(pg_database).database) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (first,))
        monkeypatch.setattr(team_store, "PING_AFTER_IDLE_S", 0.0)
        with store.session() as session:
            session.add(Subject(forenames="Ana", surname="Muñoz"))
        with store.session() as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != first
            assert session.scalars(select(Subject.surname)).all() == ["Muñoz"]
