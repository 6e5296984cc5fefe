"""The encrypted store on a real SQLCipher file: keys, slots, failures."""

import json
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from solodesk.models import Subject
from solodesk.store import (
    CaseStore,
    KeyringUnavailableError,
    StoreExistsError,
    StoreUnusableError,
    UnlockError,
    keyring_available,
)
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot


def _add_subject(store: CaseStore, forenames: str = "Zoë", surname: str = "Ó Briain") -> None:
    with store.session() as session:
        session.add(Subject(forenames=forenames, surname=surname, aliases=["Łukasz"]))


def _names(store: CaseStore) -> list[str]:
    with store.session() as session:
        return [s.full_name for s in session.query(Subject).order_by(Subject.id)]


def test_round_trip_keeps_data_across_close_and_reopen(store_folder: Path) -> None:
    """What is saved comes back, accents and all, after closing and unlocking again."""
    store, _ = CaseStore.create(store_folder, PASSPHRASE)
    _add_subject(store)
    store.close()
    with CaseStore.open_with_passphrase(store_folder, PASSPHRASE) as reopened:
        assert _names(reopened) == ["Zoë Ó Briain"]
        assert reopened.check_integrity().ok


def test_store_folder_holds_only_database_and_key_file(store_folder: Path) -> None:
    """A closed store is two files: the encrypted database and the wrapped keys."""
    store, _ = CaseStore.create(store_folder, PASSPHRASE)
    _add_subject(store)
    store.close()
    assert sorted(p.name for p in store_folder.iterdir()) == ["cases.db", "keyslots-copy.json", "keyslots.json"]


def test_database_file_is_not_plain_sqlite(store: CaseStore) -> None:
    """The file does not start with SQLite's plaintext header."""
    _add_subject(store)
    store.close()
    assert not (store.folder / "cases.db").read_bytes().startswith(b"SQLite format 3")


def test_creating_over_an_existing_store_is_refused(store: CaseStore) -> None:
    """A second create in the same folder would orphan the first store's data."""
    with pytest.raises(StoreExistsError):
        CaseStore.create(store.folder, PASSPHRASE)


def test_short_passphrase_is_refused(store_folder: Path) -> None:
    """A passphrase under 8 characters is refused with a sentence."""
    with pytest.raises(ValueError, match="at least 8"):
        CaseStore.create(store_folder, "short")
    assert not store_folder.exists() or not any(store_folder.iterdir())


def test_wrong_passphrase_is_refused_and_changes_nothing(store: CaseStore) -> None:
    """A wrong passphrase raises UnlockError and no byte of the store changes."""
    _add_subject(store)
    store.close()
    before = snapshot(store.folder)
    with pytest.raises(UnlockError, match="passphrase is not correct"):
        CaseStore.open_with_passphrase(store.folder, "not the passphrase")
    assert snapshot(store.folder) == before


def test_recovery_key_unlocks_and_resets_passphrase(store_folder: Path) -> None:
    """The recovery key opens the store and lets the user set a new passphrase."""
    store, recovery_key = CaseStore.create(store_folder, PASSPHRASE)
    _add_subject(store)
    store.close()
    typed = recovery_key.lower().replace("-", " ")  # as a person might type it
    with CaseStore.open_with_recovery_key(store_folder, typed) as recovered:
        recovered.change_passphrase("a brand new passphrase")
    with pytest.raises(UnlockError):
        CaseStore.open_with_passphrase(store_folder, PASSPHRASE)
    with CaseStore.open_with_passphrase(store_folder, "a brand new passphrase") as reopened:
        assert _names(reopened) == ["Zoë Ó Briain"]


def test_wrong_recovery_key_is_refused(store: CaseStore) -> None:
    """A mistyped recovery key does not open the store."""
    store.close()
    with pytest.raises(UnlockError, match="recovery key is not correct"):
        CaseStore.open_with_recovery_key(store.folder, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")


def test_passphrase_change_rewraps_key_without_reencrypting(store: CaseStore) -> None:
    """Changing the passphrase touches only the key file, not the database."""
    _add_subject(store)
    store.close()
    db_before = snapshot(store.folder)["cases.db"]
    with CaseStore.open_with_passphrase(store.folder, PASSPHRASE) as reopened:
        reopened.change_passphrase("another good passphrase")
    assert snapshot(store.folder)["cases.db"] == db_before
    with pytest.raises(UnlockError):
        CaseStore.open_with_passphrase(store.folder, PASSPHRASE)
    with CaseStore.open_with_passphrase(store.folder, "another good passphrase") as reopened:
        assert _names(reopened) == ["Zoë Ó Briain"]


def test_key_file_records_kdf_parameters_and_holds_no_raw_key(store: CaseStore, fast_kdf) -> None:
    """The passphrase slot records its Argon2id parameters; slots hold only wrapped keys."""
    store.close()
    data = json.loads((store.folder / "keyslots.json").read_text())
    kinds = {slot["kind"]: slot for slot in data["slots"]}
    assert set(kinds) == {"passphrase", "recovery"}
    assert kinds["passphrase"]["kdf"] == {
        "name": "argon2id",
        "memory_kib": fast_kdf.memory_kib,
        "iterations": fast_kdf.iterations,
        "lanes": fast_kdf.lanes,
    }


def test_remembered_key_unlocks_without_passphrase(store: CaseStore, memory_keyring) -> None:
    """'Remember on this computer' puts a secret in the keyring that unlocks the store."""
    _add_subject(store)
    store.remember_on_this_computer()
    store.close()
    assert len(memory_keyring.entries) == 1
    assert CaseStore.remembers_key(store.folder)
    with CaseStore.open_with_keyring(store.folder) as reopened:
        assert _names(reopened) == ["Zoë Ó Briain"]
        reopened.forget_on_this_computer()
    assert memory_keyring.entries == {}
    with pytest.raises(KeyringUnavailableError):
        CaseStore.open_with_keyring(store.folder)


def test_keyring_entry_lost_falls_back_to_passphrase(store: CaseStore, memory_keyring) -> None:
    """If the keyring forgets the secret, a clear error, and the passphrase still works."""
    store.remember_on_this_computer()
    store.close()
    memory_keyring.entries.clear()
    with pytest.raises(KeyringUnavailableError, match="use the passphrase"):
        CaseStore.open_with_keyring(store.folder)
    CaseStore.open_with_passphrase(store.folder, PASSPHRASE).close()


def test_no_keyring_backend_degrades_to_passphrase_only(store: CaseStore) -> None:
    """With no keyring backend, remembering fails cleanly and nothing is written."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert not keyring_available()
    slots_before = (store.folder / "keyslots.json").read_bytes()
    with pytest.raises(KeyringUnavailableError, match="No system keyring"):
        store.remember_on_this_computer()
    assert (store.folder / "keyslots.json").read_bytes() == slots_before
    store.close()
    CaseStore.open_with_passphrase(store.folder, PASSPHRASE).close()


def test_corrupt_database_is_reported_as_unusable(store: CaseStore) -> None:
    """Garbage where the database should be gives StoreUnusableError, not a crash."""
    _add_subject(store)
    store.close()
    db = store.folder / "cases.db"
    data = bytearray(db.read_bytes())
    data[:4096] = bytes(4096)  # wipe the first page
    db.write_bytes(bytes(data))
    before = snapshot(store.folder)
    with pytest.raises(StoreUnusableError, match="damaged or is not a SOLO Desk store"):
        CaseStore.open_with_passphrase(store.folder, PASSPHRASE)
    assert snapshot(store.folder) == before


def test_damaged_page_fails_integrity_check(store: CaseStore) -> None:
    """A flipped byte in a later page is caught by SQLCipher's page HMAC check."""
    with store.session() as session:
        for i in range(300):
            session.add(Subject(forenames=f"Person {i}", surname="Example " * 20))
    store.close()
    db = store.folder / "cases.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 8
    data[4096 * 6 + 100] ^= 0xFF
    db.write_bytes(bytes(data))
    try:
        reopened = CaseStore.open_with_passphrase(store.folder, PASSPHRASE)
    except StoreUnusableError:
        return  # refused at open: also a clear outcome
    with reopened:
        report = reopened.check_integrity()
    assert not report.ok
    assert any("authentication" in problem for problem in report.problems)


def test_folder_without_store_is_not_a_store(tmp_path: Path) -> None:
    """Pointing at an empty folder says it is not a SOLO Desk store."""
    with pytest.raises(StoreUnusableError, match="not a SOLO Desk store"):
        CaseStore.open_with_passphrase(tmp_path, PASSPHRASE)


def test_foreign_key_file_is_refused(tmp_path: Path) -> None:
    """A key file from something else is refused with a clear message."""
    (tmp_path / "keyslots.json").write_text('{"hello": "world"}')
    with pytest.raises(StoreUnusableError, match="damaged or not a SOLO Desk key file"):
        CaseStore.open_with_passphrase(tmp_path, PASSPHRASE)


def test_store_written_by_newer_version_is_refused(store: CaseStore) -> None:
    """A schema revision this version does not know is refused, and left alone."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    store.close()
    before = snapshot(store.folder)
    with pytest.raises(StoreUnusableError, match="newer version of SOLO Desk"):
        CaseStore.open_with_passphrase(store.folder, PASSPHRASE)
    assert snapshot(store.folder) == before


def test_closed_store_refuses_key_operations(store: CaseStore) -> None:
    """After close (lock) the key is gone: re-wrapping is impossible."""
    store.close()
    assert not store.is_open
    with pytest.raises(StoreUnusableError, match="locked"):
        store.change_passphrase("whatever passphrase")


def test_closed_store_cannot_be_read_or_written(store: CaseStore) -> None:
    """After close (lock) no session can be opened: nothing quietly reconnects with the old key."""
    _add_subject(store)
    store.close()
    with pytest.raises(StoreUnusableError, match="locked"), store.session() as session:
        session.query(Subject).count()
    with pytest.raises(StoreUnusableError, match="locked"):
        store.engine.connect()
