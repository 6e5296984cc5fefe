"""`solodesk pack export|import|pdf`: exit codes, summaries, and nothing written on refusal."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from solodesk.__main__ import main
from solodesk.models import Subject
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.packs import PACK_PASSPHRASE, prepare_case, row_counts


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)


@pytest.fixture
def worker_folder(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "worker"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
    return folder, subject_id


@pytest.fixture
def chair_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "chair"
    CaseStore.create(folder, PASSPHRASE)[0].close()
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_then_import_prints_a_preview_and_a_summary(env, worker_folder, chair_folder, tmp_path, capsys) -> None:
    """Export writes the pack; import lists every item, creates the case, and a second import adds nothing."""
    folder, subject_id = worker_folder
    pack = tmp_path / "leon.solopack"
    code, out, _ = run(capsys, "pack", "export", "--store", folder, "--case", subject_id, "--out", pack)
    assert code == 0 and "Wrote 8 item(s)" in out and pack.is_file()
    code, out, _ = run(capsys, "pack", "import", "--store", chair_folder, pack)
    assert code == 0, out
    assert "Pack for Marcus Alan Leon (1979-04-02): is a new case." in out
    assert "[new] Agency report: Supervising officer's pre-release report" in out
    assert "created the case; added 8" in out
    code, out, _ = run(capsys, "pack", "import", "--store", chair_folder, pack)
    assert code == 0 and "matches case 1 by ViSOR reference" in out and "added 0, updated 0" in out


def test_conflicts_keep_the_stores_version_unless_take_theirs(
    env, worker_folder, chair_folder, tmp_path, capsys
) -> None:
    """Without a terminal a conflict keeps the chair's version; --take-theirs takes the pack's."""
    folder, subject_id = worker_folder
    pack = tmp_path / "leon.solopack"
    run(capsys, "pack", "export", "--store", folder, "--case", subject_id, "--out", pack)
    run(capsys, "pack", "import", "--store", chair_folder, pack)
    with CaseStore.open_with_passphrase(chair_folder, PASSPHRASE) as chair, chair.session() as session:
        session.get(Subject, 1).gender = "Not recorded"
    code, out, _ = run(capsys, "pack", "import", "--store", chair_folder, pack)
    assert code == 0 and "Conflict: Subject: Gender" in out and "kept 1" in out
    code, out, _ = run(capsys, "pack", "import", "--store", chair_folder, pack, "--take-theirs")
    assert code == 0 and "updated 1" in out
    with CaseStore.open_with_passphrase(chair_folder, PASSPHRASE) as chair, chair.session() as session:
        assert session.get(Subject, 1).gender == "Male"


@pytest.mark.parametrize("damage", ["flip", "truncate", "wrong key"])
def test_a_refused_pack_exits_4_with_one_sentence_and_touches_nothing(
    env, worker_folder, chair_folder, tmp_path, capsys, monkeypatch, damage
) -> None:
    """Tampered, truncated or wrongly keyed: exit 4, one sentence, the chair's store byte-identical."""
    folder, subject_id = worker_folder
    pack = tmp_path / "leon.solopack"
    run(capsys, "pack", "export", "--store", folder, "--case", subject_id, "--out", pack)
    data = bytearray(pack.read_bytes())
    if damage == "flip":
        data[len(data) // 3] ^= 0x01
    elif damage == "truncate":
        data = data[:-1]
    else:
        monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", "someone else's passphrase")
    pack.write_bytes(bytes(data))
    before = snapshot(chair_folder)
    code, out, err = run(capsys, "pack", "import", "--store", chair_folder, pack)
    assert code == 4 and out == ""
    assert err.count("\n") == 1 and "could not be opened" in err
    assert snapshot(chair_folder) == before


def test_pack_usage_errors_exit_2(env, worker_folder, tmp_path, capsys) -> None:
    """An unknown case or a missing argument is a usage error."""
    folder, _ = worker_folder
    code, _, err = run(capsys, "pack", "export", "--store", folder, "--case", 99, "--out", tmp_path / "x.solopack")
    assert code == 2 and "no case with id 99" in err
    assert not (tmp_path / "x.solopack").exists()
    with pytest.raises(SystemExit) as exited:
        main(["pack", "export", "--store", str(folder)])
    assert exited.value.code == 2


def test_wrong_store_passphrase_exits_3(worker_folder, tmp_path, capsys, monkeypatch) -> None:
    """The store passphrase is checked as for every command: exit 3."""
    folder, subject_id = worker_folder
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)
    code, _, _ = run(capsys, "pack", "export", "--store", folder, "--case", subject_id, "--out", tmp_path / "p")
    assert code == 3


def test_pack_pdf_refuses_a_name_not_invited(env, worker_folder, tmp_path, capsys) -> None:
    """A recipient who is not invited gets no copy (exit 2), rather than a quietly reduced one."""
    folder, subject_id = worker_folder
    out_pdf = tmp_path / "pack.pdf"
    code, _, err = run(
        capsys, "pack", "pdf", "--store", folder, "--case", subject_id, "--recipient", "Zoe Obrian", "--out", out_pdf
    )
    assert code == 2 and "Nobody called 'Zoe Obrian'" in err
    assert not out_pdf.exists()


def test_pack_pdf_writes_the_recipients_copy(env, worker_folder, tmp_path, capsys) -> None:
    """`pack pdf` writes a PDF whose cover says whose copy it is."""
    folder, subject_id = worker_folder
    out_pdf = tmp_path / "pack.pdf"
    code, out, _ = run(
        capsys, "pack", "pdf", "--store", folder, "--case", subject_id, "--recipient", "Zoë Ó Briain", "--out", out_pdf
    )
    assert code == 0 and "Wrote the conference pack for Zoë Ó Briain" in out
    assert "Copy for DS Zoë Ó Briain" in PdfReader(out_pdf).pages[0].extract_text()
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert row_counts(store)["subject"] == 1
