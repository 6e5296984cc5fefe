"""Backups are complete stores, encrypted, that open with the same passphrase."""

from datetime import UTC, datetime

import pytest

from solodesk.models import Subject
from solodesk.services.demo import load_demo
from solodesk.services.summary import summarise_store
from solodesk.store import CaseStore, StoreExistsError
from solodesk.store.backup import backup_store
from tests.conftest import PASSPHRASE
from tests.helpers.files import files_containing


def test_backup_opens_with_same_passphrase_and_holds_everything(store, tmp_path) -> None:
    """The backup folder unlocks with the passphrase and has the same counts."""
    with store.session() as session:
        load_demo(session)
    folder = backup_store(store, tmp_path / "backups", now=datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    assert folder.name == "solodesk-backup-20261122-093000"
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as copy:
        assert summarise_store(copy) == summarise_store(store)
        assert copy.check_integrity().ok
    assert files_containing(folder, ["Leon", "Nicolson", "Granton"]) == []


def test_backup_is_a_snapshot(store, tmp_path) -> None:
    """Changes made after the backup are not in it."""
    with store.session() as session:
        session.add(Subject(forenames="Before", surname="Backup"))
    folder = backup_store(store, tmp_path)
    with store.session() as session:
        session.add(Subject(forenames="After", surname="Backup"))
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as copy, copy.session() as session:
        assert [s.forenames for s in session.query(Subject)] == ["Before"]


def test_backup_never_overwrites(store, tmp_path) -> None:
    """A second backup with the same name is refused."""
    when = datetime(2026, 1, 1, tzinfo=UTC)
    backup_store(store, tmp_path, now=when)
    with pytest.raises(StoreExistsError):
        backup_store(store, tmp_path, now=when)
