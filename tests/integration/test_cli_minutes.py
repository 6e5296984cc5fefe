"""`solodesk minutes`: every recipient's copy, one path per line; one recipient by name; clear refusals."""

from pathlib import Path

import pytest
from sqlalchemy import select

from solodesk.__main__ import main
from solodesk.models import Action
from tests.conftest import PASSPHRASE
from tests.helpers.minutes import demo_conference, page_texts


@pytest.fixture
def demo_folder(store, store_folder, monkeypatch) -> Path:
    demo_conference(store)
    store.close()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    return store_folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_minutes_latest_writes_every_copy(demo_folder, tmp_path, capsys) -> None:
    """`minutes --conference latest` issues v1 and prints one existing path per recipient."""
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, _ = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "latest", "--out", str(out))
    assert code == 0
    lines = stdout.splitlines()
    assert len(lines) == 9
    assert all(Path(line).is_file() and Path(line).parent == out for line in lines)
    assert Path(lines[0]).name == "2026-09-14_RMCC-minute_v1_01_Margaret-Nicolson.pdf"
    code, again, _ = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "1", "--out", str(out))
    assert code == 0 and again.splitlines() == lines  # the current issue (still v1) is written again


def test_minutes_for_one_recipient_by_name(demo_folder, tmp_path, capsys) -> None:
    """`--recipient` matches without case or accents and writes only that copy."""
    code, stdout, _ = run(
        capsys,
        "minutes",
        "--store",
        str(demo_folder),
        "--conference",
        "latest",
        "--out",
        str(tmp_path),
        "--recipient",
        "NGUYEN THI MAI",
    )
    assert code == 0
    (line,) = stdout.splitlines()
    assert line.endswith("_v1_06_Nguyen-Thi-Mai.pdf")
    assert "Copy for Nguyễn Thị Mai" in page_texts(Path(line).read_bytes())[0]


def test_unknown_recipient_is_a_usage_error(demo_folder, tmp_path, capsys) -> None:
    """An unknown name exits 2 with a sentence and writes nothing."""
    code, stdout, err = run(
        capsys,
        "minutes",
        "--store",
        str(demo_folder),
        "--conference",
        "latest",
        "--out",
        str(tmp_path),
        "--recipient",
        "Nobody Known",
    )
    assert code == 2 and stdout == ""
    assert "Nobody called 'Nobody Known' is on the minute's distribution list." in err
    assert list(tmp_path.glob("*.pdf")) == []


def test_blocked_issue_exits_2_with_reasons(store, store_folder, tmp_path, capsys, monkeypatch) -> None:
    """A validation block prints 'cannot issue the minute' with its reasons and exits 2."""
    conference_id = demo_conference(store)
    with store.session() as session:
        session.scalars(select(Action).where(Action.raised_at_id == conference_id)).first().owner_id = None
    store.close()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    code, stdout, err = run(
        capsys, "minutes", "--store", str(store_folder), "--conference", str(conference_id), "--out", str(tmp_path)
    )
    assert code == 2 and stdout == ""
    assert "cannot issue the minute: Action 1 has no owner." in err


def test_missing_out_folder_is_created(demo_folder, tmp_path, capsys) -> None:
    """--out naming a folder that does not exist yet creates it and writes the copies there."""
    out = tmp_path / "new" / "minutes"
    code, stdout, _ = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "latest", "--out", str(out))
    assert code == 0
    assert all(Path(line).parent == out and Path(line).is_file() for line in stdout.splitlines())


def test_bad_conference_argument(demo_folder, tmp_path, capsys) -> None:
    """A conference that is neither a number nor 'latest', or --out naming a file, is a usage error."""
    code, _, err = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "first", "--out", str(tmp_path))
    assert code == 2 and "number or 'latest'" in err
    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "1", "--out", str(a_file))
    assert code == 2 and "is a file, not a folder" in err
    code, _, err = run(capsys, "minutes", "--store", str(demo_folder), "--conference", "99", "--out", str(tmp_path))
    assert code == 2 and "no conference 99" in err
