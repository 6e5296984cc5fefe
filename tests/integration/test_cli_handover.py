"""`solodesk handover export|import`: the chair -> assistant -> chair story, exit codes 4 and 5, --keep-mine."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.__main__ import main
from solodesk.models import AgendaItem, AgendaNote, MinuteIssue
from solodesk.services.minute_issue import issue_minute
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.minutes import demo_conference
from tests.helpers.packs import PACK_PASSPHRASE


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path, int]:
    chair, assistant = tmp_path / "chair", tmp_path / "assistant"
    store, _ = CaseStore.create(chair, PASSPHRASE)
    with store:
        conference_id = demo_conference(store)
    CaseStore.create(assistant, PASSPHRASE)[0].close()
    return chair, assistant, conference_id


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def set_note(folder: Path, conference_id: int, text: str) -> None:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        note = session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == AgendaItem.PURPOSE)
        ).one()
        note.notes = text


def note(folder: Path, conference_id: int) -> str:
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        return session.scalars(
            select(AgendaNote.notes).where(
                AgendaNote.conference_id == conference_id, AgendaNote.item == AgendaItem.PURPOSE
            )
        ).one()


def test_chair_to_assistant_and_back(env, laptops, tmp_path, capsys) -> None:
    """Export, import as new, issue on the assistant's laptop, hand back, and a second import adds nothing."""
    chair, assistant, conference_id = laptops
    out_pack, back_pack = tmp_path / "out.solopack", tmp_path / "back.solopack"
    code, out, err = run(
        capsys, "handover", "export", "--store", chair, "--conference", conference_id, "--out", out_pack
    )
    assert code == 0, err
    assert f"Handed over conference {conference_id}:" in out
    code, out, err = run(capsys, "handover", "import", "--store", assistant, out_pack)
    assert code == 0, err
    assert "Marcus Alan Leon (a new case)" in out and "(new here)" in out
    assert "[new] Victim:" in out and "(restricted)" in out
    theirs_id = int(out.rsplit("Imported into conference ", 1)[1].split()[0])
    with CaseStore.open_with_passphrase(assistant, PASSPHRASE) as store:
        issue_minute(store, theirs_id, issued_by="Siobhán O'Connor")
    code, _, err = run(
        capsys, "handover", "export", "--store", assistant, "--conference", theirs_id, "--out", back_pack
    )
    assert code == 0, err
    code, out, err = run(capsys, "handover", "import", "--store", chair, back_pack)
    assert code == 0, err
    assert "[new] Issued minute: version 1" in out
    with CaseStore.open_with_passphrase(chair, PASSPHRASE) as store, store.session() as session:
        issued = session.scalars(select(MinuteIssue.issued_by).where(MinuteIssue.conference_id == conference_id)).all()
        assert issued == ["Siobhán O'Connor"]
    code, out, _ = run(capsys, "handover", "import", "--store", chair, back_pack)
    assert code == 0 and "added 0, updated 0" in out


def test_a_conflict_without_a_choice_is_exit_5_and_writes_nothing(env, laptops, tmp_path, capsys) -> None:
    chair, assistant, conference_id = laptops
    out_pack, back_pack = tmp_path / "out.solopack", tmp_path / "back.solopack"
    run(capsys, "handover", "export", "--store", chair, "--conference", conference_id, "--out", out_pack)
    code, out, _ = run(capsys, "handover", "import", "--store", assistant, out_pack)
    theirs_id = int(out.rsplit("Imported into conference ", 1)[1].split()[0])
    set_note(assistant, theirs_id, "Ms Nguyễn's wording")
    set_note(chair, conference_id, "The chair's wording")
    run(capsys, "handover", "export", "--store", assistant, "--conference", theirs_id, "--out", back_pack)
    before = snapshot(chair)
    code, _, err = run(capsys, "handover", "import", "--store", chair, back_pack)
    assert code == 5
    assert "changed on both computers; nothing was imported" in err
    assert "The chair's wording" in err and "Ms Nguyễn's wording" in err
    assert snapshot(chair) == before
    code, out, _ = run(capsys, "handover", "import", "--store", chair, back_pack, "--keep-mine")
    assert code == 0 and "kept 1" in out
    assert note(chair, conference_id) == "The chair's wording"
    set_note(assistant, theirs_id, "Ms Nguyễn's second wording")
    set_note(chair, conference_id, "The chair's second wording")
    run(capsys, "handover", "export", "--store", assistant, "--conference", theirs_id, "--out", back_pack, "--force")
    code, out, _ = run(capsys, "handover", "import", "--store", chair, back_pack, "--take-theirs")
    assert code == 0 and note(chair, conference_id) == "Ms Nguyễn's second wording"


def test_a_refused_pack_is_exit_4_and_changes_nothing(env, laptops, tmp_path, capsys, monkeypatch) -> None:
    chair, assistant, conference_id = laptops
    pack = tmp_path / "out.solopack"
    run(capsys, "handover", "export", "--store", chair, "--conference", conference_id, "--out", pack)
    before = snapshot(assistant)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", "not the pack passphrase at all")
    code, _, err = run(capsys, "handover", "import", "--store", assistant, pack)
    assert code == 4 and "passphrase is wrong, or the file is damaged" in err
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)
    data = bytearray(pack.read_bytes())
    data[-40] ^= 0x01
    pack.write_bytes(bytes(data))
    code, _, err = run(capsys, "handover", "import", "--store", assistant, pack)
    assert code == 4 and "altered" in err
    assert snapshot(assistant) == before


def test_an_unknown_conference_is_a_usage_error(env, laptops, tmp_path, capsys) -> None:
    chair, _, _ = laptops
    code, _, err = run(capsys, "handover", "export", "--store", chair, "--conference", 999, "--out", tmp_path / "x")
    assert code == 2 and "no conference with id 999" in err
    assert not (tmp_path / "x").exists()
