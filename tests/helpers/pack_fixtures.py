"""Fixtures shared by the pack tests: a worker's prepared case, its pack, the chair's fresh store.

A test module may override any of them with its own fixture of the same name.
"""

from pathlib import Path

import pytest

from solodesk.services.packs import export_pack
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.packs import PACK_PASSPHRASE, prepare_case


@pytest.fixture
def worker(tmp_path: Path) -> tuple[CaseStore, int]:
    """A worker's store with the demo case prepared for the review."""
    store, _ = CaseStore.create(tmp_path / "worker", PASSPHRASE)
    subject_id = prepare_case(store, tmp_path)
    yield store, subject_id
    store.close()


@pytest.fixture
def pack(worker: tuple[CaseStore, int], tmp_path: Path) -> Path:
    """The worker's case exported as a pack."""
    store, subject_id = worker
    path = tmp_path / "leon.solopack"
    export_pack(store, subject_id, path, PACK_PASSPHRASE)
    return path


@pytest.fixture
def chair(tmp_path: Path) -> CaseStore:
    """The chair's fresh store."""
    store, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    yield store
    store.close()
