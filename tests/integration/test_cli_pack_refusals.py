"""`solodesk pack import|pdf` with hostile packs and damaged files: exit 4 with one sentence, or a PDF that says so."""

import copy

import pytest
from pypdf import PdfReader

from solodesk.__main__ import main
from solodesk.models import AgencyReport
from solodesk.services import preparation
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.packs import PACK_PASSPHRASE, open_document, prepare_case, write_document


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both passphrases come from the environment."""
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_take_theirs_cannot_overwrite_another_cases_restricted_report(env, tmp_path, capsys) -> None:
    """A new person's pack reusing Mr Leon's report uuid: exit 4, one sentence, nothing printed of his report."""
    folder = tmp_path / "store"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
        with store.session() as session:
            session.query(AgencyReport).one().restricted = True
    pack = tmp_path / "leon.solopack"
    assert run(capsys, "pack", "export", "--store", folder, "--case", subject_id, "--out", pack)[0] == 0
    document, _ = open_document(pack)
    hostile = copy.deepcopy(document)
    hostile["subject"].update(visor_ref="EVIL-1", police_ref="", forenames="Eve", surname="Other")
    report = next(i for i in hostile["items"] if i["kind"] == "agency_report")
    report["fields"].update(body="pwned", restricted=False)
    hostile["items"] = [report]
    path = write_document(tmp_path / "hostile.solopack", hostile)
    before = snapshot(folder)
    code, out, err = run(capsys, "pack", "import", "--store", folder, path, "--take-theirs")
    assert code == 4 and err.count("\n") == 1 and "belongs to another case" in err
    assert "Moving Forward" not in out + err and "Supervising officer" not in out + err
    assert snapshot(folder) == before


def test_pack_pdf_with_a_damaged_image_says_it_could_not_be_shown(env, tmp_path, capsys) -> None:
    """A damaged image stored before the checks existed: `pack pdf` exits 0 and the PDF says it was not shown."""
    folder = tmp_path / "store"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
        report_id = preparation.load_preparation(store, subject_id).reports[0].id
        preparation.attach_bytes(store, report_id, "broken.png", b"\x89PNG\r\n\x1a\n" + b"x" * 64, "image/png")
    out_pdf = tmp_path / "pack.pdf"
    code, _, err = run(
        capsys,
        "pack",
        "pdf",
        "--store",
        folder,
        "--case",
        subject_id,
        "--recipient",
        "Margaret Nicolson",
        "--out",
        out_pdf,
    )
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out_pdf).pages).split())
    assert "attachment broken.png could not be shown" in text
