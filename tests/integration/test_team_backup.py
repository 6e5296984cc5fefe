"""`solodesk backup` on a team store: the server's own pg_dump, a private file, and a dump that restores."""

import itertools
import os
import stat
import subprocess

import pytest
from sqlalchemy import func, select

from solodesk.__main__ import main
from solodesk.models import Conference, Subject
from solodesk.services.demo import load_demo
from solodesk.store import team_backup
from solodesk.store.team_store import TeamStore, parse_url

PASSWORD = "a long team password"
_numbers = itertools.count(1)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _counts(url: str) -> tuple[int, int]:
    with TeamStore.open(url) as store, store.session() as session:
        subjects = session.scalar(select(func.count()).select_from(Subject)) or 0
        return subjects, session.scalar(select(func.count()).select_from(Conference)) or 0


@pytest.fixture
def chair_url(pg, pg_database: str, capsys, monkeypatch) -> str:
    """A team store with the demo case, and a chair's login (signing in with a password)."""
    assert run(capsys, "team", "init", "--url", pg_database)[0] == 0
    login = f"backup_chair_{os.getpid()}_{next(_numbers)}"
    monkeypatch.setenv("SOLODESK_NEW_PASSWORD", PASSWORD)
    assert run(capsys, "team", "add-user", login, "--url", pg_database, "--name", "C", "--role", "chair")[0] == 0
    with TeamStore.open(pg_database) as store, store.session() as session:
        load_demo(session)
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    return pg.url(parse_url(pg_database).database, user=login)


def test_backup_writes_a_private_custom_format_dump_that_restores(
    pg, pg_database, chair_url, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PATH", f"{pg.bin_dir}{os.pathsep}{os.environ['PATH']}")
    commands: list[list[str]] = []
    real_run = subprocess.run

    def spy(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        commands.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(team_backup.subprocess, "run", spy)
    out = tmp_path / "backups" / "team.dump"
    out.parent.mkdir()
    code, printed, err = run(capsys, "backup", "--store", chair_url, "--out", str(out))
    assert code == 0, err
    assert printed.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert commands and not any(PASSWORD in part for part in commands[0])
    assert [p.name for p in out.parent.iterdir()] == ["team.dump"]

    restored = f"solodesk_restored_{os.getpid()}_{next(_numbers)}"
    pg.create_database(restored)
    try:
        target = pg.url(restored)
        subprocess.run(
            [str(pg.bin_dir / "pg_restore"), "--no-owner", "--no-privileges", f"--dbname={target}", str(out)],
            check=True,
            capture_output=True,
        )
        assert _counts(target) == _counts(pg_database) != (0, 0)
    finally:
        pg.drop_database(restored)


def test_without_pg_dump_or_onto_an_existing_file_the_backup_says_so(chair_url, tmp_path, capsys, monkeypatch):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    taken = tmp_path / "taken.dump"
    taken.write_bytes(b"keep me")
    code, _, err = run(capsys, "backup", "--store", chair_url, "--out", str(taken))
    assert code == 2 and "already exists" in err
    assert taken.read_bytes() == b"keep me"
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    code, out, err = run(capsys, "backup", "--store", chair_url, "--out", str(tmp_path / "new.dump"))
    assert code == 4 and out == ""
    assert err.strip() == (
        "solodesk: A team store is backed up with PostgreSQL's pg_dump, which is not installed here (or not on PATH)."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.dump"]


def test_a_failing_pg_dump_leaves_no_file_and_says_why(pg, chair_url, tmp_path, capsys, monkeypatch):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    monkeypatch.setenv("PATH", f"{pg.bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pg.admin(parse_url(chair_url).database) as conn:
        conn.execute("CREATE TABLE private_notes (id int)")
        conn.execute("REVOKE ALL ON private_notes FROM solodesk_chair")  # the chair may not read it
    code, _, err = run(capsys, "backup", "--store", chair_url, "--out", str(tmp_path / "team.dump"))
    assert code == 4 and "pg_dump could not back up the team store: " in err
    assert "permission denied" in err
    assert list(tmp_path.iterdir()) == []
