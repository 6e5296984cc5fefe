"""`solodesk init` and `solodesk passphrase` refuse a weak passphrase with the reason (exit 2)."""

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_init_refuses_a_weak_passphrase(tmp_path, capsys, monkeypatch) -> None:
    """Init with "password1": exit 2, zxcvbn's warning, and no store is created."""
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "password1")
    code, err = _run(capsys, "init", "--store", str(tmp_path / "s"))
    assert code == 2
    assert "too easy to guess" in err and "very common password" in err
    assert not CaseStore.exists(tmp_path / "s")


def test_passphrase_change_refuses_a_weak_one_and_keeps_the_old(tmp_path, capsys, monkeypatch) -> None:
    """A weak new passphrase: exit 2 with the reason; the old passphrase still opens the store."""
    folder = tmp_path / "s"
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    assert _run(capsys, "init", "--store", str(folder))[0] == 0
    monkeypatch.setenv("SOLODESK_NEW_PASSPHRASE", "Summer2024!")
    code, err = _run(capsys, "passphrase", "--store", str(folder))
    assert code == 2 and "too easy to guess" in err
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
