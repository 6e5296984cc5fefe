"""`solodesk chase`: reminder letters and drafts from the command line."""

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.desk_store import build
from tests.helpers.minutes import nfc, page_texts


@pytest.fixture
def desk_folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "desk"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store, store.session() as session:
        build(session)
    return folder


def test_chase_prints_the_paths_it_wrote(desk_folder, tmp_path, capsys) -> None:
    """Letters and drafts go into --out (made if missing); stdout lists them, stderr says how many."""
    out = tmp_path / "reminders"
    code = main(["chase", "--store", str(desk_folder), "--out", str(out), "--as-of", "2026-12-02", "--eml"])
    printed, said = capsys.readouterr()
    assert code == 0
    paths = [Path(line) for line in printed.splitlines()]
    assert sorted(p.name for p in paths) == sorted(p.name for p in out.iterdir())
    assert [p.suffix for p in paths] == [".pdf", ".pdf", ".eml", ".eml"]
    assert said.startswith(f"Wrote 2 reminder letters (3 actions) and 2 e-mail drafts into {out}.")
    letter = nfc("\n".join(page_texts(paths[1].read_bytes())))
    assert "Dear Łukasz Wiśniewski," in letter and "House" in letter and "Visit" not in letter
    draft = message_from_bytes(paths[2].read_bytes(), policy=policy.default)
    assert draft["To"].addresses[0].addr_spec == "zoe@police.example"
    # Again into the same folder: nothing is replaced, the new letters take "-2" names.
    before = {p: p.read_bytes() for p in out.iterdir()}
    assert main(["chase", "--store", str(desk_folder), "--out", str(out), "--as-of", "2026-12-02"]) == 0
    again = [Path(line) for line in capsys.readouterr()[0].splitlines()]
    assert [p.name.endswith("-2.pdf") for p in again] == [True, True]
    assert all(p.read_bytes() == data for p, data in before.items())


def test_chase_into_a_file_is_a_usage_error(desk_folder, tmp_path, capsys) -> None:
    """--out naming a file is refused with exit 2 and nothing written."""
    target = tmp_path / "a-file"
    target.write_text("mine")
    assert main(["chase", "--store", str(desk_folder), "--out", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err and target.read_text() == "mine"
