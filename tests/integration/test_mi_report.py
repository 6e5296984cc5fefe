"""The management-information report as files: CSV read back with csv, the PDF with pdfplumber, and the CLI."""

import csv
import io
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from solodesk.__main__ import main
from solodesk.services.mi import Period
from solodesk.services.mi_output import write_mi_report
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.mi_store import AS_OF, END, PERSON_NAMES, POLICE, START, SUBJECT_NAMES, build

pytestmark = pytest.mark.both_stores

TABLES = [
    "cases-by-category-and-level",
    "cases-by-status",
    "conferences-held-by-type",
    "timeliness",
    "attendance-by-agency",
    "actions-by-agency",
    "reviews",
]


@pytest.fixture
def october_store(store_folder: Path) -> Path:
    store, _ = CaseStore.create(store_folder, PASSPHRASE)
    with store, store.session() as session:
        build(session)
    return store_folder


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _write(folder: Path, out: Path, start: date = START, end: date = END) -> list[Path]:
    out.mkdir(exist_ok=True)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        return write_mi_report(store, Period.checked(start, end), out, AS_OF).paths


def test_one_csv_per_table_with_the_hand_counts(october_store: Path, tmp_path: Path) -> None:
    """Each table reads back with csv: headings first, then the figures counted by hand."""
    paths = _write(october_store, tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [f"mi_2026-10-01_to_2026-10-31_{t}.csv" for t in TABLES] + [
        "mi_2026-10-01_to_2026-10-31_report.pdf"
    ]
    folder = tmp_path / "out"
    levels = _csv(folder / names[0])
    assert levels[0] == ["MAPPA category", "Level 1", "Level 2", "Level 3", "No level", "Total"]
    assert levels[1] == ["Category 1 (registered sexual offender)", "0", "2", "1", "0", "3"]
    assert levels[-1] == ["Total", "2", "3", "1", "0", "6"]
    assert _csv(folder / names[2])[1:] == [
        ["Initial", "3", "3"],
        ["Review", "1", "1"],
        ["Emergency", "1", "1"],
        ["Total", "5", "5"],
    ]
    timeliness = _csv(folder / names[3])
    assert timeliness[3] == ["Meeting → minute issued", "10 working days", "5", "3", "8.0", "3", "1", "1", "75.0"]
    assert timeliness[1][4] == "15.0" and timeliness[2][4] == "16.5"
    attendance = {row[0]: row for row in _csv(folder / names[4])}
    assert attendance[POLICE] == [POLICE, "3", "2", "1", "0", "0", "2", "66.7"]
    assert attendance["Total"] == ["Total", "6", "2", "2", "1", "1", "3", "33.3"]
    actions = {row[0]: row for row in _csv(folder / names[5])}
    assert actions["Total"] == ["Total", "6", "1", "1", "1", "3", "2"]
    reviews = _csv(folder / names[6])
    assert reviews[1] == ["Reviews falling due in the period", "3"]
    assert reviews[-1] == ["Cases with a review overdue on 31 Oct 2026", "2"]


def test_pdf_has_headings_and_figures_and_no_names(october_store: Path, tmp_path: Path) -> None:
    """The PDF prints the marking, every table's heading and its figures; no subject or person is named."""
    paths = _write(october_store, tmp_path / "out")
    text = _pdf_text(paths[-1])
    for heading in (
        "Management information",
        "Cases by MAPPA category and management level",
        "Cases by case status",
        "Conferences held by type",
        "Timeliness",
        "Attendance and reports sent, by agency",
        "Actions raised, completed and overdue, by agency",
        "Reviews",
    ):
        assert heading in text
    assert "OFFICIAL-SENSITIVE" in text and "1 Oct 2026 to 31 Oct 2026" in text
    assert "Meeting → minute issued 10 5 3 8.0 3 1 1 75.0" in text  # the target wraps: "10 working days"
    assert f"{POLICE} 3 2 1 0 0 2 66.7" in text
    assert "Cases with a review overdue on 31 Oct 2026 2" in text
    everything = text + "".join(p.read_text(encoding="utf-8-sig") for p in paths[:-1])
    for name in SUBJECT_NAMES + PERSON_NAMES:
        assert name not in everything


def test_empty_period_still_writes_every_table(october_store: Path, tmp_path: Path) -> None:
    """A month with no activity: every file is there, the charts say there is nothing to chart."""
    paths = _write(october_store, tmp_path / "out", date(2025, 1, 1), date(2025, 1, 31))
    assert len(paths) == len(TABLES) + 1
    assert _csv(paths[2])[-1] == ["Total", "0", "0"]
    assert _csv(paths[3])[1][2:] == ["0", "0", "", "0", "0", "0", ""]
    assert "No figures to chart for this period." in _pdf_text(paths[-1])


def test_existing_files_are_never_replaced(october_store: Path, tmp_path: Path) -> None:
    """A second report for the same period goes beside the first; a stranger's file keeps its bytes."""
    out = tmp_path / "out"
    out.mkdir()
    theirs = out / "mi_2026-10-01_to_2026-10-31_timeliness.csv"
    theirs.write_text("someone else's work\n", encoding="utf-8")
    paths = _write(october_store, out)
    assert theirs.read_text(encoding="utf-8") == "someone else's work\n"
    assert paths[3].name == "mi_2026-10-01_to_2026-10-31_timeliness-2.csv"
    assert _csv(paths[3])[0][0] == "Measure"


@pytest.fixture
def env_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)


def test_cli_prints_the_paths_written(october_store, tmp_path, capsys, env_passphrase) -> None:
    """`report mi` writes the files into a new folder and prints one path per line."""
    out = tmp_path / "new" / "folder"
    code = main(
        ["report", "mi", "--store", str(october_store), "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(out)]
    )
    printed, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = printed.splitlines()
    assert len(lines) == len(TABLES) + 1 and all(Path(line).is_file() for line in lines)
    assert Path(lines[-1]).read_bytes().startswith(b"%PDF")


def test_cli_bad_period_is_exit_2_before_any_passphrase(october_store, tmp_path, capsys, monkeypatch) -> None:
    """A period ending before it starts: exit 2, one sentence, nothing written, no passphrase asked."""
    out = tmp_path / "out"
    code = main(
        ["report", "mi", "--store", str(october_store), "--from", "2026-10-31", "--to", "2026-10-01", "--out", str(out)]
    )
    printed, err = capsys.readouterr()
    assert code == 2 and printed == ""
    assert err == "solodesk: The period starts (31 Oct 2026) after it ends (01 Oct 2026).\n"
    assert not out.exists()


def test_cli_bad_date_and_file_as_folder_are_exit_2(october_store, tmp_path, capsys, env_passphrase) -> None:
    """A date not written YYYY-MM-DD, and --out naming a file, are usage errors."""
    with pytest.raises(SystemExit) as stopped:
        main(
            ["report", "mi", "--store", str(october_store), "--from", "31/10/2026", "--to", "2026-10-31", "--out", "x"]
        )
    assert stopped.value.code == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
    a_file = tmp_path / "report.txt"
    a_file.write_text("keep me", encoding="utf-8")
    code = main(
        [
            "report",
            "mi",
            "--store",
            str(october_store),
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--out",
            str(a_file),
        ]
    )
    assert code == 2 and "is not a folder" in capsys.readouterr().err
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_agency_names_never_become_spreadsheet_formulas(october_store: Path, tmp_path: Path) -> None:
    """An agency called "=HYPERLINK(…)" is written as text, with the formula's "=" kept but quoted."""
    from solodesk.models import Agency

    with CaseStore.open_with_passphrase(october_store, PASSPHRASE) as store, store.session() as session:
        session.query(Agency).filter_by(name=POLICE).one().name = '=HYPERLINK("http://x","Police")'
    paths = _write(october_store, tmp_path / "out")
    rows = {row[0]: row for row in _csv(paths[4])}
    assert '\'=HYPERLINK("http://x","Police")' in rows
    assert rows['\'=HYPERLINK("http://x","Police")'][1:3] == ["3", "2"]


def test_an_unprintable_agency_name_stops_the_report_before_any_file(
    october_store, tmp_path, capsys, env_passphrase
) -> None:
    """A character the font cannot draw: exit 2 naming it, and the folder stays empty."""
    from solodesk.models import Agency

    with CaseStore.open_with_passphrase(october_store, PASSPHRASE) as store, store.session() as session:
        session.query(Agency).filter_by(name=POLICE).one().name = "Police \U0001f6a8 unit"
    out = tmp_path / "out"
    argv = ["report", "mi", "--store", str(october_store), "--from", "2026-10-01", "--to", "2026-10-31"]
    code = main([*argv, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("solodesk: The report was not written.") and "cannot be printed" in err
    assert list(out.iterdir()) == []
