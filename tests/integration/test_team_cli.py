"""`solodesk team init / add-user / users` on the real PostgreSQL server, and what each role may then do."""

import itertools
import os

import psycopg
import pytest

from solodesk.__main__ import main
from solodesk.cli_team import ROLE_CHOICES
from solodesk.services.directory import ContactForm, save_contact
from solodesk.store import migrate
from solodesk.store.team_roles import ROLES
from solodesk.store.team_store import TeamStore, parse_url

PASSWORD = "a long team password"
_numbers = itertools.count(1)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _unique(login: str) -> str:
    # Logins belong to the whole server, which the session's tests share.
    return f"{login}_{os.getpid()}_{next(_numbers)}"


@pytest.fixture
def team_url(pg_database: str, capsys) -> str:
    code, _, err = run(capsys, "team", "init", "--url", pg_database)
    assert code == 0, err
    return pg_database


def _add(capsys, monkeypatch, url: str, login: str, role: str, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SOLODESK_NEW_PASSWORD", PASSWORD)
    return run(capsys, "team", "add-user", login, "--url", url, "--name", "Zoë Ó Briain", "--role", role, *extra)


def _as(pg, url: str, login: str) -> psycopg.Connection:
    return psycopg.connect(pg.url(parse_url(url).database, user=login, password=PASSWORD), autocommit=True)


def test_init_builds_the_schema_and_the_four_groups_and_can_run_again(pg, capsys) -> None:
    """An empty database gets every table at head and the groups; a second run changes nothing."""
    pg.create_database("solodesk_team_init")
    try:
        url = pg.url("solodesk_team_init")
        for _ in range(2):
            code, out, _ = run(capsys, "team", "init", "--url", url)
            assert code == 0
            assert out.strip() == (
                f"Team store ready: schema {migrate.head_revision()}; group roles chair, assistant, worker, manager."
            )
        with pg.admin("solodesk_team_init") as conn:
            groups = conn.execute(
                "SELECT rolname, rolcanlogin FROM pg_roles"
                " WHERE rolname LIKE 'solodesk\\_%' AND rolname <> 'solodesk_admin' ORDER BY rolname"
            ).fetchall()
        assert groups == [(f"solodesk_{r}", False) for r in sorted(ROLES)]
        assert ROLE_CHOICES == ROLES
    finally:
        pg.drop_database("solodesk_team_init")


def test_add_user_then_users_and_the_new_login_signs_in_with_its_own_password(
    pg, team_url, capsys, monkeypatch
) -> None:
    """The password is stored as a SCRAM verifier; the person signs in as themself and sees the team's cases."""
    with TeamStore.open(team_url) as team:
        contact_id = save_contact(team, ContactForm(name="Zoë Ó Briain", role="Chair"))
    login = _unique("zoe")
    code, out, err = _add(capsys, monkeypatch, team_url, login, "chair", "--contact", str(contact_id))
    assert (code, out.strip()) == (0, f"Added {login} (chair)."), err
    code, out, _ = run(capsys, "team", "users", "--url", team_url)
    assert code == 0
    assert f"{login}\tchair\tZoë Ó Briain\tcontact {contact_id}" in out.splitlines()
    with pg.admin() as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (login,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and PASSWORD not in stored

    own_url = pg.url(parse_url(team_url).database, user=login)
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "list", "--store", own_url)
    assert code == 0, err
    monkeypatch.setenv("SOLODESK_PASSWORD", "not the password")
    assert run(capsys, "list", "--store", own_url)[0] == 3


def test_a_manager_reads_but_cannot_write_and_nobody_moves_the_schema_version(
    pg, team_url, capsys, monkeypatch
) -> None:
    """Plain SQL as each login: the manager's INSERT is refused; a worker's goes in; alembic_version stays put."""
    manager, worker = _unique("manager"), _unique("worker")
    assert _add(capsys, monkeypatch, team_url, manager, "manager")[0] == 0
    assert _add(capsys, monkeypatch, team_url, worker, "worker")[0] == 0
    insert = (
        "INSERT INTO agency (name, kind, address, phone, created_at, updated_at)"
        " VALUES (%s, 'police', '', '', now(), now())"
    )
    with _as(pg, team_url, manager) as conn:
        assert conn.execute("SELECT count(*) FROM agency").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, ("Police Scotland",))
    with _as(pg, team_url, worker) as conn:
        conn.execute(insert, ("Police Scotland",))
        assert conn.execute("SELECT count(*) FROM agency").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE alembic_version SET version_num = '9999'")


def test_refusals_are_one_sentence_and_change_nothing(pg, team_url, capsys, monkeypatch) -> None:
    """A login already there, an unknown contact, a short password, an unknown role, a non-administrator."""
    login = _unique("assistant")
    assert _add(capsys, monkeypatch, team_url, login, "assistant")[0] == 0
    code, _, err = _add(capsys, monkeypatch, team_url, login, "assistant")
    assert code == 2 and f"A login named '{login}' already exists" in err
    code, _, err = _add(capsys, monkeypatch, team_url, _unique("nobody"), "worker", "--contact", "999")
    assert code == 2 and "There is no directory contact 999." in err
    monkeypatch.setenv("SOLODESK_NEW_PASSWORD", "short")
    code, _, err = run(capsys, "team", "add-user", _unique("x"), "--url", team_url, "--name", "X", "--role", "worker")
    assert code == 2 and "at least 12 characters" in err
    with pytest.raises(SystemExit) as bad_role:
        main(["team", "add-user", "y", "--url", team_url, "--name", "Y", "--role", "director"])
    assert bad_role.value.code == 2

    monkeypatch.setenv("SOLODESK_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    not_admin = pg.url(parse_url(team_url).database, user=login)
    code, _, err = run(capsys, "team", "add-user", _unique("z"), "--url", not_admin, "--name", "Z", "--role", "worker")
    assert code == 4 and "may not set up a team" in err
    code, out, _ = run(capsys, "team", "users", "--url", team_url)
    assert [line.split("\t")[0] for line in out.splitlines()].count(login) == 1
    assert not any(line.startswith(("nobody_", "x_", "z_")) for line in out.splitlines())
