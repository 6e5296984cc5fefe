"""A damaged key file never loses the way in, and `check` says when it is damaged.

``keyslots.json`` and its second copy each carry a SHA-256 of their content and a MAC
per slot. Bytes are flipped at many offsets: in one file (the other stays intact), and in
both files at different offsets. Every trial: no traceback; each unlock path works
whenever one file still holds that slot intact; ``check`` reports the damage. A slot
tampered to ask for absurd key-derivation work is reported as a damaged key file
without deriving anything.
"""

import base64
import binascii
import json
import os
import random
from pathlib import Path

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore, StoreError, StoreUnusableError, remembered_key
from solodesk.store.kdf import Argon2Params
from solodesk.store.keyslot_io import file_checksum
from solodesk.store.keyslots import COPY_NAME, KeySlotFile
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot

KINDS = ("passphrase", "recovery", "keyring")


@pytest.fixture
def made_store(store_folder: Path) -> tuple[Path, str]:
    """A closed store with passphrase, recovery and keyring slots; returns (folder, recovery key)."""
    store, recovery_key = CaseStore.create(store_folder, PASSPHRASE)
    store.remember_on_this_computer()
    store.close()
    return store_folder, recovery_key


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 1 << (offset % 8)
    path.write_bytes(bytes(data))


def _unlocking_fields(slot: dict) -> dict:
    # The MAC is for `check`, and only the passphrase slot's KDF record is read when unlocking.
    unused = {"mac"} if slot.get("kind") == "passphrase" else {"mac", "kdf"}
    return {k: _decoded(v) if k in ("salt", "nonce", "wrapped_key") else v for k, v in slot.items() if k not in unused}


def _decoded(text: object) -> object:
    """Base64 fields compare by their bytes: a flip in a padding bit changes the text, not the bytes."""
    try:
        return base64.b64decode(str(text).encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return text


def _intact_kinds(path: Path, original: dict) -> set[str]:
    """Return the kinds whose slot (with the store id binding it) still unlocks as written."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
        if data["store_id"] != original["store_id"] or data["format"] != original["format"]:
            return set()
        kept = [_unlocking_fields(slot) for slot in original["slots"]]
        return {slot["kind"] for slot in data["slots"] if _unlocking_fields(slot) in kept}
    except (ValueError, KeyError, TypeError):
        return set()


def _where(damaged: bytes, original: bytes) -> str:
    at = next(i for i, (a, b) in enumerate(zip(damaged, original, strict=True)) if a != b)
    return repr(original[max(0, at - 30) : at + 5]) + "->" + repr(damaged[at : at + 5])


def _parses(path: Path) -> bool:
    try:
        return isinstance(json.loads(path.read_bytes().decode("utf-8", errors="replace")), dict)
    except ValueError:
        return False


def _unlocks(folder: Path, recovery_key: str) -> dict[str, bool]:
    """Try each way in at the key-file level (no database needed); any traceback fails the test."""
    outcome = {}
    for kind in KINDS:
        try:
            slots = KeySlotFile.load(folder / "keyslots.json")
            if kind == "passphrase":
                slots.unlock_with_passphrase(PASSPHRASE)
            elif kind == "recovery":
                slots.unlock_with_recovery_key(recovery_key)
            else:
                slots.unlock_with_keyring_secret(remembered_key.load_secret(slots.store_id))
            outcome[kind] = True
        except StoreError:
            outcome[kind] = False
    return outcome


def _rewrite(path: Path, change) -> None:
    """Change a key file as a tamperer would, keeping its checksum valid."""
    data = json.loads(path.read_text())
    change(data)
    data["sha256"] = file_checksum(data)
    path.write_text(json.dumps(data, indent=2))


def test_one_damaged_file_loses_nothing_and_check_says_so(made_store, capsys) -> None:
    """Flips across keyslots.json (its copy intact): every way in still works; check reports the damage."""
    folder, recovery_key = made_store
    main_file = folder / "keyslots.json"
    original = main_file.read_bytes()
    failures = []
    for offset in range(0, len(original), 11):
        main_file.write_bytes(original)
        _flip(main_file, offset)
        outcome = _unlocks(folder, recovery_key)
        if not all(outcome.values()):
            failures.append(f"flip@{offset}: {outcome}")
        slots = KeySlotFile.load(main_file)
        problems = slots.verify(slots.unlock_with_passphrase(PASSPHRASE))
        if not any(p.startswith("The key file is damaged: keyslots.json") for p in problems):
            failures.append(f"flip@{offset}: not reported ({problems})")
    assert failures == []
    code = main(["check", "--store", str(folder)])
    out, err = capsys.readouterr()
    assert code == 4 and "Traceback" not in out + err and "The key file is damaged" in err


def test_both_files_damaged_at_different_places(made_store) -> None:
    """Flips in both files: a way in survives whenever either file still holds its slot intact."""
    folder, recovery_key = made_store
    paths = [folder / "keyslots.json", folder / COPY_NAME]
    original_bytes = paths[0].read_bytes()
    original = json.loads(original_bytes)
    rng = random.Random(int(os.environ.get("SEED", "10")))
    failures = []
    for _trial in range(60):
        for path in paths:
            path.write_bytes(original_bytes)
            _flip(path, rng.randrange(len(original_bytes) * 8))
        expected = set().union(*(_intact_kinds(path, original) for path in paths))
        outcome = _unlocks(folder, recovery_key)
        if len({json.loads(p.read_bytes().decode(errors="replace")).get("store_id") for p in paths if _parses(p)}) > 1:
            # The remembered key is looked up by the store id, before any slot can tell which id is true.
            outcome.pop("keyring")
        wrong = {kind for kind in outcome if outcome[kind] != (kind in expected)}
        if wrong:
            flips = [_where(path.read_bytes(), original_bytes) for path in paths]
            failures.append(f"flips at {flips}: expected {sorted(expected)}, got {outcome}")
    assert failures == []


def test_a_flip_in_the_copy_is_reported_and_repair_rewrites_both(made_store, capsys) -> None:
    """A damaged second copy: unlocking is unaffected, check reports it, check --repair mends it."""
    folder, _recovery_key = made_store
    _flip(folder / COPY_NAME, 300)
    code = main(["check", "--store", str(folder)])
    out, err = capsys.readouterr()
    assert code == 4 and f"{COPY_NAME} fails its checksum" in err
    code = main(["check", "--repair", "--store", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "The key file was rewritten" in out and "copied to" in out
    assert (folder / COPY_NAME).read_bytes() == (folder / "keyslots.json").read_bytes()


def test_a_tampered_recovery_slot_is_caught_by_its_mac_and_mended(made_store, capsys) -> None:
    """A recovery slot altered with a fresh checksum: check names it; the recovery key still works; repair mends it."""
    folder, recovery_key = made_store

    def swap_wrapped_key(data: dict) -> None:
        slot = next(s for s in data["slots"] if s["kind"] == "recovery")
        slot["wrapped_key"] = slot["wrapped_key"][::-1]

    _rewrite(folder / "keyslots.json", swap_wrapped_key)
    code = main(["check", "--store", str(folder)])
    _out, err = capsys.readouterr()
    assert code == 4 and "its recovery slot fails its integrity check" in err
    CaseStore.open_with_recovery_key(folder, recovery_key).close()
    assert main(["check", "--repair", "--store", str(folder)]) == 0
    capsys.readouterr()
    assert main(["check", "--store", str(folder)]) == 0


@pytest.mark.parametrize(
    "kdf",
    [{"memory_kib": 4 * 1024 * 1024}, {"iterations": 1000}, {"lanes": 64}, {"memory_kib": 1 << 20, "iterations": 8}],
)
def test_absurd_kdf_cost_is_a_damaged_key_file_not_a_wrong_passphrase(made_store, monkeypatch, capsys, kdf) -> None:
    """A passphrase slot asking for more work than this hardware unlocks in seconds: damaged, nothing derived."""
    folder, recovery_key = made_store
    for name in ("keyslots.json", COPY_NAME):
        _rewrite(
            folder / name, lambda data: next(s for s in data["slots"] if s["kind"] == "passphrase")["kdf"].update(kdf)
        )
    derivations = []
    real_derive = Argon2Params.derive
    monkeypatch.setattr(Argon2Params, "derive", lambda self, *a: derivations.append(self) or real_derive(self, *a))
    before = snapshot(folder)
    with pytest.raises(StoreUnusableError, match="key file is damaged"):
        CaseStore.open_with_passphrase(folder, PASSPHRASE)
    code = main(["check", "--store", str(folder)])
    _out, err = capsys.readouterr()
    assert code == 4 and "key file is damaged" in err and "not correct" not in err
    assert derivations == []
    assert snapshot(folder) == before
    CaseStore.open_with_recovery_key(folder, recovery_key).close()  # the recovery path is untouched


def test_absurd_kdf_cost_in_one_file_falls_back_to_the_other(made_store, capsys) -> None:
    """Only keyslots.json tampered: the passphrase still unlocks through the copy, and check names the slot."""
    folder, _recovery_key = made_store
    _rewrite(
        folder / "keyslots.json",
        lambda data: next(s for s in data["slots"] if s["kind"] == "passphrase")["kdf"].update(iterations=999),
    )
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    code = main(["check", "--store", str(folder)])
    _out, err = capsys.readouterr()
    assert code == 4 and "The key file is damaged: its passphrase slot" in err


def test_a_version_1_key_file_loads_and_repair_upgrades_it(made_store, capsys) -> None:
    """A key file from before checksums (no copy, no MACs) still opens; check --repair upgrades it."""
    folder, recovery_key = made_store
    data = json.loads((folder / "keyslots.json").read_text())
    legacy = {
        "format": data["format"],
        "version": 1,
        "store_id": data["store_id"],
        "slots": [{k: v for k, v in slot.items() if k != "mac"} for slot in data["slots"]],
    }
    (folder / "keyslots.json").write_text(json.dumps(legacy, indent=2))
    (folder / COPY_NAME).unlink()
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    assert main(["check", "--store", str(folder)]) == 0
    assert main(["check", "--repair", "--store", str(folder)]) == 0
    capsys.readouterr()
    upgraded = json.loads((folder / "keyslots.json").read_text())
    assert upgraded["version"] == 2 and all(slot["mac"] for slot in upgraded["slots"])
    assert (folder / COPY_NAME).read_bytes() == (folder / "keyslots.json").read_bytes()
    CaseStore.open_with_recovery_key(folder, recovery_key).close()
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
