"""Need to know in the team store's database: plain SQL as each role, on the real PostgreSQL server.

One team: a chair, an assistant (minute-taker of conference A), a worker (allocated subject A,
health), a manager. Subject B belongs to nobody but the chair and the manager.
"""

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from psycopg import sql

from solodesk.models import (
    Agency,
    AgencyKind,
    AgendaItem,
    AgendaNote,
    Conference,
    Contact,
    Decision,
    MinuteIssue,
    Subject,
    Victim,
)
from solodesk.services.case_list import list_cases
from solodesk.services.changes import change_stamp
from solodesk.services.desk import store_desk
from solodesk.services.mi import store_management_information
from solodesk.services.mi_figures import Period
from solodesk.services.register import RegisterFilter, open_register
from solodesk.services.settings import Location
from solodesk.services.settings_access import load_store_location, save_store_location
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, parse_url

PASSWORD = "a long team password"
_numbers = itertools.count(1)
pytestmark = pytest.mark.usefixtures("pg")


@dataclass
class Team:
    """The database's admin URL, each person's login, and the ids of what they may or may not see."""

    url: str
    logins: dict[str, str]
    subject_a: int
    subject_b: int
    conference_a: int
    conference_b: int


def _seed(store: TeamStore) -> dict[str, int]:
    with store.session() as session:
        police = Agency(name="Police Scotland", kind=AgencyKind.POLICE)
        health = Agency(name="NHS Lothian", kind=AgencyKind.HEALTH)
        people = {
            "chair": Contact(name="Zoë Ó Briain"),
            "assistant": Contact(name="Siobhán Mac Giolla", agency=police),
            "worker": Contact(name="Łukasz Nowak", agency=health),
            "manager": Contact(name="Nguyễn Thị Hương"),
        }
        session.add_all([police, health, *people.values()])
        session.flush()
        me = {role: contact.id for role, contact in people.items()}
        subject_a = Subject(forenames="Ana", surname="Allocated", case_worker_id=me["worker"])
        subject_b = Subject(forenames="Bea", surname="Elsewhere")
        session.add_all([subject_a, subject_b])
        session.flush()
        conference_a = Conference(subject_id=subject_a.id, minute_taker_id=me["assistant"])
        conference_b = Conference(subject_id=subject_b.id)
        session.add_all([conference_a, conference_b])
        session.flush()
        a, b = conference_a.id, conference_b.id
        session.add_all(
            [
                Victim(conference_id=a, description="victim of A", audience={}),
                Victim(conference_id=b, description="victim of B", audience={}),
                Decision(conference_id=a, decision="open decision"),
                Decision(
                    conference_id=a, decision="named worker", restricted=True, audience={"contacts": [me["worker"]]}
                ),
                Decision(conference_id=a, decision="health kind", restricted=True, audience={"kinds": ["health"]}),
                Decision(
                    conference_id=a,
                    decision="health but withheld",
                    restricted=True,
                    audience={"kinds": ["health"], "withheld": {str(me["worker"]): "conflict of interest"}},
                ),
                Decision(conference_id=b, decision="open decision of B"),
                AgendaNote(
                    conference_id=a,
                    item=AgendaItem.RISK_ASSESSMENT,
                    notes="open words",
                    restricted_notes="hidden words",
                ),
                MinuteIssue(conference_id=a, version=1, content={"victims": ["victim of A"]}),
            ]
        )
        return {**me, "subject_a": subject_a.id, "subject_b": subject_b.id, "conference_a": a, "conference_b": b}


@pytest.fixture
def team(pg_database: str) -> Iterator[Team]:
    init_team(pg_database)
    with TeamStore.open(pg_database) as store:
        ids = _seed(store)
    logins = {}
    for role in ("chair", "assistant", "worker", "manager"):
        login = f"rls_{role}_{os.getpid()}_{next(_numbers)}"
        add_user(pg_database, login, f"The {role}", role, PASSWORD, contact_id=ids[role])
        logins[role] = login
    yield Team(pg_database, logins, ids["subject_a"], ids["subject_b"], ids["conference_a"], ids["conference_b"])


def _as(pg, team: Team, role: str) -> psycopg.Connection:
    url = pg.url(parse_url(team.url).database, user=team.logins[role], password=PASSWORD)
    return psycopg.connect(url, autocommit=True)


def _column(conn: psycopg.Connection, query: str) -> list:
    return [row[0] for row in conn.execute(query).fetchall()]


def test_every_case_table_has_row_level_security_enabled_and_forced(pg, team: Team) -> None:
    """No table of the schema is left open, the schema version aside."""
    with pg.admin(parse_url(team.url).database) as conn:
        rows = conn.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            " AND relname <> 'alembic_version' ORDER BY relname"
        ).fetchall()
    assert len(rows) >= 24
    assert [name for name, enabled, forced in rows if not (enabled and forced)] == []


def test_a_worker_reads_only_their_allocated_case_and_the_restricted_items_meant_for_them(pg, team: Team) -> None:
    """Subject B, its conference and every victim are invisible; audiences by name and kind work, withholding wins."""
    with _as(pg, team, "worker") as conn:
        assert _column(conn, "SELECT surname FROM subject") == ["Allocated"]
        assert _column(conn, "SELECT id FROM conference") == [team.conference_a]
        assert _column(conn, "SELECT description FROM victim") == []
        assert sorted(_column(conn, "SELECT decision FROM decision")) == [
            "health kind",
            "named worker",
            "open decision",
        ]
        assert _column(conn, "SELECT notes FROM agenda_note") == ["open words"]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT restricted_notes FROM agenda_note")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT content FROM minute_issue")
        # Asking for a row by its id does not help either.
        assert conn.execute("SELECT count(*) FROM subject WHERE id = %s", (team.subject_b,)).fetchone() == (0,)


def test_a_worker_prepares_for_their_own_case_only_and_changes_no_decision(pg, team: Team) -> None:
    """Their restricted note stays theirs (and the chair's); writing to another case or a conference fails."""
    insert = (
        "INSERT INTO case_note (uuid, subject_id, kind, text, source, restricted, audience, created_by,"
        " created_at, updated_at) VALUES (gen_random_uuid()::text, %s, 'victim', %s, '', true,"
        " '{}', 'somebody else', now(), now())"
    )
    with _as(pg, team, "worker") as conn:
        conn.execute(insert, (team.subject_a, "worker's victim note"))
        assert _column(conn, "SELECT created_by FROM case_note") == [team.logins["worker"]]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert, (team.subject_b, "note on a case not theirs"))
        for forbidden in (
            "UPDATE conference SET risk_level = 'very_high'",
            "INSERT INTO subject (forenames, surname) VALUES ('New', 'Case')",
            "DELETE FROM decision",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)
    with _as(pg, team, "manager") as conn:
        assert _column(conn, "SELECT text FROM case_note") == []
    with _as(pg, team, "chair") as conn:
        assert _column(conn, "SELECT text FROM case_note") == ["worker's victim note"]


def test_an_assistant_reads_the_meetings_they_minute_and_cannot_change_risk_decisions(pg, team: Team) -> None:
    """Conference A whole (they heard it), nothing of B; venue and notes change, the risk level does not."""
    with _as(pg, team, "assistant") as conn:
        assert _column(conn, "SELECT surname FROM subject") == ["Allocated"]
        assert _column(conn, "SELECT id FROM conference") == [team.conference_a]
        assert _column(conn, "SELECT description FROM victim") == ["victim of A"]
        assert _column(conn, "SELECT restricted_notes FROM agenda_note") == ["hidden words"]
        assert conn.execute("SELECT content FROM minute_issue").fetchone() == ({"victims": ["victim of A"]},)
        conn.execute("UPDATE conference SET venue = 'Room 2'")
        conn.execute("UPDATE agenda_note SET notes = 'typed by the assistant'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE conference SET risk_level = 'low'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE decision SET decision = 'changed'")
        assert conn.execute("UPDATE conference SET venue = 'x' WHERE id = %s", (team.conference_b,)).rowcount == 0
    with _as(pg, team, "chair") as conn:
        assert conn.execute("SELECT venue FROM conference WHERE id = %s", (team.conference_b,)).fetchone() == ("",)
        assert conn.execute("SELECT venue FROM conference WHERE id = %s", (team.conference_a,)).fetchone() == (
            "Room 2",
        )


def test_a_manager_reads_every_case_but_nothing_restricted_and_writes_nothing(pg, team: Team) -> None:
    """Both subjects and their open decisions; no victim, no restricted decision; dates of issue but not the text."""
    with _as(pg, team, "manager") as conn:
        assert sorted(_column(conn, "SELECT surname FROM subject")) == ["Allocated", "Elsewhere"]
        assert sorted(_column(conn, "SELECT decision FROM decision")) == ["open decision", "open decision of B"]
        assert _column(conn, "SELECT description FROM victim") == []
        assert conn.execute("SELECT count(issued_at) FROM minute_issue").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT amendments_summary FROM minute_issue")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE subject SET surname = 'Changed'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO agency (name, kind, address, phone, created_at, updated_at)"
                " VALUES ('X', 'police', '', '', now(), now())"
            )


def test_the_chair_reads_everything(pg, team: Team) -> None:
    """Every victim, every restricted decision, the withheld one included."""
    with _as(pg, team, "chair") as conn:
        assert sorted(_column(conn, "SELECT description FROM victim")) == ["victim of A", "victim of B"]
        assert conn.execute("SELECT count(*) FROM decision").fetchone() == (5,)


def test_the_database_writes_the_audit_trail_and_nobody_can_change_it(pg, team: Team) -> None:
    """A forged actor and time are replaced; the server logs each row change; nobody, not even the owner, edits it."""
    worker = team.logins["worker"]
    with _as(pg, team, "worker") as conn:
        conn.execute(
            "INSERT INTO audit_event (at, actor, action, entity, detail)"
            " VALUES ('2000-01-01', 'the chair', 'forged', '', '')"
        )
        conn.execute("UPDATE agency SET phone = '0131 000 0000' WHERE name = 'NHS Lothian'")
        for forbidden in ("UPDATE audit_event SET actor = 'nobody'", "DELETE FROM audit_event", "TRUNCATE audit_event"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)
        events = conn.execute("SELECT actor, action, entity, detail, at FROM audit_event ORDER BY id").fetchall()
    assert {actor for actor, *_ in events} == {worker}  # a worker reads their own events only
    forged = next(e for e in events if e[1] == "forged")
    assert datetime.now(UTC) - forged[4] < timedelta(minutes=5)
    assert (worker, "row.update", "agency", "phone") in [e[:4] for e in events]

    with _as(pg, team, "chair") as conn:
        conn.execute("UPDATE conference SET risk_level = 'high' WHERE id = %s", (team.conference_b,))
        chair_sees = conn.execute("SELECT actor, action, entity, detail FROM audit_event").fetchall()
    assert (worker, "forged", "", "") in chair_sees
    assert any(
        e[0] == team.logins["chair"] and e[3].startswith("risk_level") for e in chair_sees if e[2] == "conference"
    )

    with pg.admin(parse_url(team.url).database) as conn:
        for forbidden in ("DELETE FROM audit_event", "UPDATE audit_event SET actor = 'x'", "TRUNCATE audit_event"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(forbidden)


def test_the_app_signed_in_as_a_worker_lists_only_their_case(pg, team: Team) -> None:
    """The same services, on the worker's own login: the register holds one case."""
    url = pg.url(parse_url(team.url).database, user=team.logins["worker"])
    with TeamStore.open(url, password=PASSWORD) as store, store.session() as session:
        assert [(line.id, [c.id for c in line.conferences]) for line in list_cases(session)] == [
            (team.subject_a, [team.conference_a])
        ]


def test_the_manager_gets_the_figures_and_the_worker_their_desk_through_the_app(pg, team: Team) -> None:
    """Management information counts every case for the manager; the worker's desk reads without a refusal."""
    database = parse_url(team.url).database
    today = date.today()
    period = Period(date(today.year - 1, 1, 1), today)
    with TeamStore.open(pg.url(database, user=team.logins["manager"]), password=PASSWORD) as store:
        figures = store_management_information(store, period, today)
    assert figures.cases.total == 2
    with TeamStore.open(pg.url(database, user=team.logins["worker"]), password=PASSWORD) as store:
        store_desk(store, today)


def test_each_person_keeps_their_own_place_and_only_the_chair_changes_the_organisations_settings(
    pg, team: Team
) -> None:
    """The worker's last place is theirs alone; an organisation setting is out of their reach."""
    database = parse_url(team.url).database
    worker_url = pg.url(database, user=team.logins["worker"])
    with TeamStore.open(worker_url, password=PASSWORD) as store:
        assert save_store_location(store, Location(subject_id=team.subject_a))
        assert load_store_location(store) == Location(subject_id=team.subject_a)
    with TeamStore.open(pg.url(database, user=team.logins["chair"]), password=PASSWORD) as store:
        assert load_store_location(store) is None
        save_store_location(store, Location(subject_id=team.subject_b))
    with _as(pg, team, "worker") as conn:
        assert (
            conn.execute(
                "UPDATE setting SET value = 'x' WHERE key NOT LIKE %s", ("%@" + team.logins["worker"],)
            ).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO setting (key, value) VALUES ('idle_lock_minutes', '999')")
    with TeamStore.open(worker_url, password=PASSWORD) as store:
        assert load_store_location(store) == Location(subject_id=team.subject_a)


def test_a_worker_learns_that_someone_else_changed_something_without_reading_their_events(pg, team: Team) -> None:
    """The refresh stamp moves for everyone: the server answers, though the worker reads only their own events."""
    database = parse_url(team.url).database
    with TeamStore.open(pg.url(database, user=team.logins["worker"]), password=PASSWORD) as worker:
        before = change_stamp(worker)
        assert not change_stamp(worker, before.newest).by_others
        with _as(pg, team, "chair") as conn:
            conn.execute("UPDATE conference SET venue = 'Room 3' WHERE id = %s", (team.conference_a,))
        after = change_stamp(worker, before.newest)
    assert after.by_others and after.newest > before.newest


def test_a_workers_register_searched_on_the_server_holds_only_their_case(pg, team: Team) -> None:
    """The server register's queries pass through the row policies: a worker neither finds nor counts B."""
    database = parse_url(team.url).database
    with TeamStore.open(pg.url(database, user=team.logins["worker"]), password=PASSWORD) as store:
        register = open_register(store)
        assert len(register) == 1 and team.subject_b not in register
        assert register.search(RegisterFilter()) == [team.subject_a]
        assert register.search(RegisterFilter(text="elsewhere")) == []
        assert [row.name for row in register.rows([team.subject_a, team.subject_b])] == ["Ana Allocated"]
    with TeamStore.open(pg.url(database, user=team.logins["chair"]), password=PASSWORD) as store:
        assert open_register(store).search(RegisterFilter(text="bea elsewhere")) == [team.subject_b]


def test_the_servers_search_function_tells_nobody_of_a_case_they_may_not_read(pg, team: Team) -> None:
    """Plain SQL: the search runs past the row policies to use its index, so it asks the policy's own question."""
    search = "SELECT public.solodesk_search_ids(%s, NULL, NULL, false)"
    with _as(pg, team, "worker") as conn:
        assert conn.execute(search, (["%elsewhere%"],)).fetchone()[0] == []
        assert conn.execute(search, (["%"],)).fetchone()[0] == [team.subject_a]
    with _as(pg, team, "assistant") as conn:  # minute-taker of A's conference only
        assert conn.execute(search, (["%e%"],)).fetchone()[0] == [team.subject_a]
    for role in ("chair", "manager"):
        with _as(pg, team, role) as conn:
            assert conn.execute(search, (["%elsewhere%"],)).fetchone()[0] == [team.subject_b]
            assert conn.execute(search, (["%e%"],)).fetchone()[0] == [team.subject_a, team.subject_b]
    nobody = f"rls_nobody_{os.getpid()}_{next(_numbers)}"
    database = parse_url(team.url).database
    with pg.admin(database) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(nobody), sql.Literal(PASSWORD)))
    with psycopg.connect(pg.url(database, user=nobody, password=PASSWORD), autocommit=True) as conn:
        assert conn.execute(search, (["%"],)).fetchone()[0] == []  # a login in no group
