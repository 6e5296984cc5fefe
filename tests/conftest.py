"""Test-wide isolation: offscreen Qt, temp folders, in-memory keyring, no network, fast KDF."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from solodesk.services.packs import format as pack_format
from solodesk.store import Argon2Params, CaseStore, keyslots
from solodesk.store.team_store import TeamStore, install_schema
from tests import pg_server
from tests.helpers.memory_keyring import MemoryKeyring

pytest_plugins = ["tests.helpers.pack_fixtures"]

PASSPHRASE = "correct horse battery staple"
# Cheap Argon2id parameters so each unlock in a test takes milliseconds; the real
# parameters are exercised by bench/unlock.py and by the subprocess CLI test.
FAST_KDF = Argon2Params(memory_kib=1024, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder at the test's temp folder."""
    monkeypatch.setenv("SOLODESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOLODESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("SOLODESK_PASSPHRASE", raising=False)
    monkeypatch.delenv("SOLODESK_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("SOLODESK_RECOVERY_KEY", raising=False)
    monkeypatch.delenv("SOLODESK_PACK_PASSPHRASE", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def memory_keyring() -> MemoryKeyring:
    """Replace the OS keyring with an in-memory one."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to reach the network: SOLO Desk is offline."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise RuntimeError(f"network access attempted: {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> Argon2Params:
    """Use cheap KDF parameters for stores and packs created in-process."""
    monkeypatch.setattr(keyslots, "DEFAULT_ARGON2", FAST_KDF)
    monkeypatch.setattr(pack_format, "DEFAULT_PACK_KDF", FAST_KDF)
    return FAST_KDF


@pytest.fixture
def store_folder(tmp_path: Path) -> Path:
    """Return a folder path for a new store (not yet created)."""
    return tmp_path / "store"


STORE_KINDS = ("sqlcipher", "postgresql")
_database_numbers = itertools.count(1)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests marked ``both_stores`` once on an encrypted folder and once on PostgreSQL."""
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store_kind", STORE_KINDS, indirect=True)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    """Return the kind of store the test's ``store`` is: the encrypted folder unless parametrised."""
    return getattr(request, "param", "sqlcipher")


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.PgServer]:
    """Start the throwaway PostgreSQL cluster once per session (a failure fails the tests, never skips)."""
    server = pg_server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg: pg_server.PgServer) -> str:
    """Return the name of a database at the head revision that each test's database is copied from."""
    pg.drop_database(pg_server.TEMPLATE_DB)
    pg.create_database(pg_server.TEMPLATE_DB)
    install_schema(pg.url(pg_server.TEMPLATE_DB))
    return pg_server.TEMPLATE_DB


@pytest.fixture
def pg_database(pg: pg_server.PgServer, pg_template: str) -> Iterator[str]:
    """Return the admin URL of a fresh database at head, dropped after the test."""
    name = f"solodesk_test_{os.getpid()}_{next(_database_numbers)}"
    pg.create_database(name, template=pg_template)
    try:
        yield pg.url(name)
    finally:
        pg.drop_database(name)


def reopen(store: CaseStore) -> CaseStore:
    """Open a closed test store again the way its kind opens: the passphrase, or a sign-in to the server."""
    if isinstance(store, TeamStore):
        return TeamStore.open(store.url.render_as_string(hide_password=False))
    return CaseStore.open_with_passphrase(store.folder, PASSPHRASE)


@pytest.fixture
def store(store_kind: str, store_folder: Path, request: pytest.FixtureRequest) -> Iterator[CaseStore]:
    """Return a freshly created, open store of the test's kind; closed after the test."""
    if store_kind == "postgresql":
        opened: CaseStore = TeamStore.open(request.getfixturevalue("pg_database"))
    else:
        opened, _recovery = CaseStore.create(store_folder, PASSPHRASE)
    yield opened
    opened.close()
