"""Ordinary failures the user can cause: one sentence, the right exit code, never a traceback."""

import json
import stat

import pytest

from solodesk.__main__ import main
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_store_path_that_is_a_file(tmp_path, capsys) -> None:
    """`init --store FILE`: exit 4, one sentence naming the file."""
    target = tmp_path / "a-file"
    target.write_text("x")
    code, err = run(capsys, "init", "--store", str(target))
    assert code == 4 and len(err.strip().splitlines()) == 1 and "a-file" in err


def test_backup_into_a_file(tmp_path, capsys) -> None:
    """`backup --out FILE`: exit 4, one sentence, the store untouched."""
    folder = tmp_path / "s"
    main(["demo", "--store", str(folder)])
    target = tmp_path / "a-file"
    target.write_text("x")
    code, err = run(capsys, "backup", "--store", str(folder), "--out", str(target))
    assert code == 4 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "damage",
    [
        [],
        {"format": "solodesk-keyslots", "version": 1, "store_id": "x", "slots": [{"kind": 1}]},
        "bad-base64",
        "lanes-zero",
        "huge-memory",
        "kdf-list",
    ],
)
def test_malformed_key_file_is_unusable(tmp_path, capsys, damage) -> None:
    """Every kind of damaged key file gives exit 4 and one sentence, without deriving anything absurd."""
    folder = tmp_path / "s"
    main(["init", "--store", str(folder)])
    capsys.readouterr()
    path = folder / "keyslots.json"
    data = json.loads(path.read_text())
    slot = next(s for s in data["slots"] if s["kind"] == "passphrase")
    if damage == "bad-base64":
        slot["salt"] = "!!!"
    elif damage == "lanes-zero":
        slot["kdf"]["lanes"] = 0
    elif damage == "huge-memory":
        slot["kdf"]["memory_kib"] = 2**32 - 1
    elif damage == "kdf-list":
        slot["kdf"] = [1, 2]
    else:
        data = damage
    path.write_text(json.dumps(data))
    (folder / "keyslots-copy.json").write_text(json.dumps(data))  # both copies, or the intact one is used
    code, err = run(capsys, "check", "--store", str(folder))
    assert code == 4
    assert err.strip().startswith("solodesk: The store's key file is damaged")
    assert len(err.strip().splitlines()) == 1


def test_damaged_page_makes_check_fail_cleanly(tmp_path, capsys) -> None:
    """`check` on a store with a damaged page reports it (exit 4), with no traceback."""
    folder = tmp_path / "s"
    main(["demo", "--store", str(folder)])
    db = folder / "cases.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db.write_bytes(bytes(data))
    code, err = run(capsys, "check", "--store", str(folder))
    assert code == 4 and err.strip()


def test_unwritable_log_folder_does_not_stop_commands(tmp_path, capsys, monkeypatch) -> None:
    """A log folder that cannot be created leaves the command working (no file log)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    monkeypatch.setenv("SOLODESK_LOG_DIR", str(blocker / "logs"))
    code, _ = run(capsys, "init", "--store", str(tmp_path / "s"))
    assert code == 0


def test_files_written_are_private_to_the_user(tmp_path, capsys) -> None:
    """The store's files and the minute copies are readable by their owner only."""
    folder, out = tmp_path / "s", tmp_path / "out"
    main(["demo", "--store", str(folder)])
    main(["minutes", "--store", str(folder), "--conference", "latest", "--out", str(out)])
    capsys.readouterr()
    written = [*folder.iterdir(), *out.iterdir()]
    assert written
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name
