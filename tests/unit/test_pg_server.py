"""The test server helper fails with a reason instead of letting the PostgreSQL tests skip."""

import pytest

from tests import pg_server


def test_no_postgresql_binaries_is_an_error_naming_the_fix(monkeypatch) -> None:
    monkeypatch.delenv(pg_server.URL_ENV, raising=False)
    monkeypatch.setattr(pg_server.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg_server.glob, "glob", lambda _pattern: [])
    with pytest.raises(pg_server.PgServerError, match="run ./dev.sh test, which installs the Debian postgresql"):
        pg_server.start()


def test_debian_binaries_are_found_off_the_path(monkeypatch) -> None:
    monkeypatch.setattr(pg_server.shutil, "which", lambda _name: None)
    found = pg_server.find_bin_dir()
    assert (found / "initdb").is_file() and (found / "pg_ctl").is_file()
    assert str(found).startswith("/usr/lib/postgresql/")


def test_a_server_of_ones_own_is_used_as_given(monkeypatch) -> None:
    monkeypatch.setenv(pg_server.URL_ENV, "postgresql://me@/postgres?host=/run/postgresql")
    server = pg_server.start()
    assert server.root is None
    assert server.url("cases", "zoe", "pw") == "postgresql://zoe:pw@/cases?host=/run/postgresql"
