"""Test-wide isolation: offscreen Qt, temp folders, in-memory keyring, no network, fast KDF."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from pathlib import Path

import keyring
import pytest

from solodesk.services.packs import format as pack_format
from solodesk.store import Argon2Params, CaseStore, keyslots
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


@pytest.fixture
def store(store_folder: Path) -> CaseStore:
    """Return a freshly created, open store; closed after the test."""
    created, _recovery = CaseStore.create(store_folder, PASSPHRASE)
    yield created
    created.close()
