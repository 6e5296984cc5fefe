"""After the demo, nothing readable about the case is on disk: not the store, not the logs."""

from pathlib import Path

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import files_containing

DEMO_NEEDLES = [
    "Leon",
    "Marcus",
    "Nicolson",
    "O'Connor",
    "Briain",
    "Wiśniewski",
    "Nguyễn",
    "Yılmaz",
    "Muñoz",
    "D'Arcy",
    "Granton",
    "lewd and libidinous",
    "Risk Matrix 2000",
    "Waverley Court",
    "DEMO-0001",
    "PS/OMU/26/0417",
    "Community Intervention Service",
]


def test_demo_store_folder_contains_no_plaintext_case_data(tmp_path: Path, monkeypatch) -> None:
    """Database, -wal, -shm, -journal and key slots: none holds a demo name or text."""
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "store"
    assert main(["demo", "--store", str(folder)]) == 0
    assert files_containing(folder, DEMO_NEEDLES) == []


def test_open_store_with_wal_contains_no_plaintext(tmp_path: Path, monkeypatch) -> None:
    """While the store is open and the WAL holds fresh pages, they are encrypted too."""
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "store"
    assert main(["demo", "--store", str(folder)]) == 0
    store = CaseStore.open_with_passphrase(folder, PASSPHRASE)
    try:
        from solodesk.models import Subject

        with store.session() as session:
            session.add(Subject(forenames="Leon", surname="Marcus Nicolson"))
        assert (folder / "cases.db-wal").exists()
        assert files_containing(folder, DEMO_NEEDLES) == []
    finally:
        store.close()


@pytest.mark.parametrize("command", ["demo", "check"])
def test_logs_contain_no_case_data(tmp_path: Path, monkeypatch, command: str) -> None:
    """The log folder never holds a name or text from the case."""
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "store"
    main(["demo", "--store", str(folder)])
    main([command, "--store", str(folder)])
    logs = tmp_path / "logs"
    assert logs.exists()
    assert files_containing(logs, [*DEMO_NEEDLES, PASSPHRASE]) == []
