"""The headless CLI: commands, exit codes and one-sentence errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore, migrate
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot


@pytest.fixture
def env_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_store_and_prints_recovery_key_once(tmp_path, capsys, env_passphrase) -> None:
    """`init` creates the store and prints a recovery key that really unlocks it."""
    folder = tmp_path / "s"
    code, out, _ = run(capsys, "init", "--store", str(folder))
    assert code == 0
    key_lines = [line for line in out.splitlines() if line.startswith("Recovery key")]
    assert len(key_lines) == 1
    recovery_key = key_lines[0].rsplit(": ", 1)[1]
    CaseStore.open_with_recovery_key(folder, recovery_key).close()


def test_init_twice_is_a_usage_error(tmp_path, capsys, env_passphrase) -> None:
    """`init` on an existing store refuses with exit 2 and leaves it alone."""
    folder = tmp_path / "s"
    assert run(capsys, "init", "--store", str(folder))[0] == 0
    before = snapshot(folder)
    code, _, err = run(capsys, "init", "--store", str(folder))
    assert code == 2
    assert "already exists" in err
    assert snapshot(folder) == before


def test_demo_creates_store_then_adds_case_once(tmp_path, capsys, env_passphrase) -> None:
    """`demo` creates the store if needed; running it again adds nothing."""
    folder = tmp_path / "s"
    code, out, _ = run(capsys, "demo", "--store", str(folder))
    assert code == 0 and "Added the demo case" in out
    code, out, _ = run(capsys, "check", "--store", str(folder))
    assert code == 0
    first_summary = out
    assert "subjects=4 conferences=4 actions=14" in out  # the Leon case and three desk cases
    code, out, _ = run(capsys, "demo", "--store", str(folder))
    assert code == 0 and "already in this store" in out
    assert run(capsys, "check", "--store", str(folder))[1] == first_summary


def test_check_reports_schema_and_counts(tmp_path, capsys, env_passphrase) -> None:
    """`check` prints OK with the schema revision and counts."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", str(folder))
    code, out, _ = run(capsys, "check", "--store", str(folder))
    assert code == 0
    assert out.startswith(f"OK: schema {migrate.head_revision()};")


def test_wrong_passphrase_exits_3_and_changes_nothing(tmp_path, capsys, env_passphrase, monkeypatch) -> None:
    """A wrong passphrase: exit 3, one sentence, every byte of the store unchanged."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", str(folder))
    before = snapshot(folder)
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "wrong passphrase!")
    code, out, err = run(capsys, "check", "--store", str(folder))
    assert code == 3
    assert err.strip() == "solodesk: The passphrase is not correct."
    assert "Traceback" not in err + out
    assert snapshot(folder) == before


def test_corrupt_store_exits_4(tmp_path, capsys, env_passphrase) -> None:
    """A damaged database file: exit 4 with one sentence."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", str(folder))
    (folder / "cases.db").write_bytes(os.urandom(8192))
    code, _, err = run(capsys, "check", "--store", str(folder))
    assert code == 4
    assert len(err.strip().splitlines()) == 1
    assert "damaged" in err


def test_not_a_store_exits_4(tmp_path, capsys, env_passphrase) -> None:
    """A folder with no store: exit 4 naming the problem."""
    code, _, err = run(capsys, "check", "--store", str(tmp_path / "nothing"))
    assert code == 4
    assert "no SOLO Desk store" in err


def test_newer_schema_exits_4(tmp_path, capsys, env_passphrase) -> None:
    """A store from a newer SOLO Desk: exit 4, 'newer version'."""
    folder = tmp_path / "s"
    run(capsys, "init", "--store", str(folder))
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'zzzz'")
    code, _, err = run(capsys, "check", "--store", str(folder))
    assert code == 4
    assert "newer version" in err


def test_passphrase_change_from_environment(tmp_path, capsys, env_passphrase, monkeypatch) -> None:
    """`passphrase` takes the new one from SOLODESK_NEW_PASSPHRASE; the old one stops working."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", str(folder))
    monkeypatch.setenv("SOLODESK_NEW_PASSPHRASE", "the new passphrase")
    code, out, _ = run(capsys, "passphrase", "--store", str(folder))
    assert code == 0 and "Passphrase changed" in out
    assert run(capsys, "check", "--store", str(folder))[0] == 3
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "the new passphrase")
    assert run(capsys, "check", "--store", str(folder))[0] == 0


def test_passphrase_reset_with_recovery_key(tmp_path, capsys, env_passphrase, monkeypatch) -> None:
    """`passphrase --recovery` resets a forgotten passphrase with the recovery key."""
    folder = tmp_path / "s"
    out = run(capsys, "init", "--store", str(folder))[1]
    recovery_key = out.split("Recovery key")[1].rsplit(": ", 1)[1].strip()
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "forgotten and wrong")
    monkeypatch.setenv("SOLODESK_RECOVERY_KEY", recovery_key)
    monkeypatch.setenv("SOLODESK_NEW_PASSPHRASE", "remembered this time")
    assert run(capsys, "passphrase", "--store", str(folder), "--recovery")[0] == 0
    monkeypatch.setenv("SOLODESK_PASSPHRASE", "remembered this time")
    assert run(capsys, "check", "--store", str(folder))[0] == 0


def test_too_short_new_passphrase_is_usage_error(tmp_path, capsys, env_passphrase, monkeypatch) -> None:
    """A new passphrase that is too short: exit 2, the old one still works."""
    folder = tmp_path / "s"
    run(capsys, "init", "--store", str(folder))
    monkeypatch.setenv("SOLODESK_NEW_PASSPHRASE", "short")
    code, _, err = run(capsys, "passphrase", "--store", str(folder))
    assert code == 2 and "at least 8" in err
    assert run(capsys, "check", "--store", str(folder))[0] == 0


def test_no_passphrase_and_no_terminal_is_usage_error(tmp_path, capsys, monkeypatch) -> None:
    """Without SOLODESK_PASSPHRASE and no terminal, the CLI says what to set (exit 2)."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _, err = run(capsys, "init", "--store", str(tmp_path / "s"))
    assert code == 2
    assert "SOLODESK_PASSPHRASE" in err


def test_unknown_command_is_usage_error(capsys) -> None:
    """argparse's usage errors exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_python_dash_m_runs_real_kdf_end_to_end(tmp_path: Path) -> None:
    """`python -m solodesk` in a real process, with the real KDF parameters."""
    env = {**os.environ, "SOLODESK_PASSPHRASE": PASSPHRASE, "SOLODESK_LOG_DIR": str(tmp_path / "logs")}
    folder = tmp_path / "s"
    for argv, expected in (
        (["--help"], "demo"),
        (["demo", "--store", str(folder)], "Added"),
        (["check", "--store", str(folder)], "OK: schema"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "solodesk", *argv], capture_output=True, text=True, env=env, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "solodesk", "check", "--store", str(folder)],
        capture_output=True,
        text=True,
        env={**env, "SOLODESK_PASSPHRASE": "nope nope nope"},
        timeout=120,
    )
    assert wrong.returncode == 3
    assert wrong.stderr.strip() == "solodesk: The passphrase is not correct."


def test_backup_command_writes_a_store_that_opens(tmp_path, capsys, env_passphrase) -> None:
    """`backup --out DIR` prints the new folder, which unlocks with the same passphrase."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", str(folder))
    code, out, _ = run(capsys, "backup", "--store", str(folder), "--out", str(tmp_path / "backups"))
    assert code == 0
    backup = Path(out.strip())
    assert backup.parent == tmp_path / "backups"
    assert run(capsys, "check", "--store", str(backup))[1] == run(capsys, "check", "--store", str(folder))[1]


def _desk_store(tmp_path: Path) -> Path:
    from tests.helpers.desk_store import build

    folder = tmp_path / "desk"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store, store.session() as session:
        build(session)
    return folder


def test_desk_prints_text_with_case_and_conference_ids(tmp_path, capsys, env_passphrase) -> None:
    """`desk --as-of` prints the counts and lines naming the case and conference ids."""
    folder = _desk_store(tmp_path)
    code, out, _ = run(capsys, "desk", "--store", str(folder), "--as-of", "2026-12-02")
    assert code == 0
    assert out.startswith("Desk as of Wednesday 02 December 2026\nReviews: 1 overdue, 1 due")
    review = next(line for line in out.splitlines() if "Bob Interval-Overdue" in line)
    assert review.startswith("  OVERDUE 26 Aug 2026 (review interval)") and "case 2  conference 2" in review
    assert "DS Zoë Ó Briain — Police Scotland — OMU" in out
    assert "LATE: not convened" in out and "Amendment requests waiting for the chair\n  Siobhán O'Connor" in out


def test_desk_json_parses_and_matches_the_text(tmp_path, capsys, env_passphrase) -> None:
    """`desk --json` is valid JSON with ids, ISO dates and counts; a bad date is a usage error."""
    import json

    folder = _desk_store(tmp_path)
    code, out, _ = run(capsys, "desk", "--store", str(folder), "--as-of", "2026-12-02", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-12-02"
    assert data["counts"]["reviews_overdue"] == 1 and data["counts"]["minutes_late"] == 2
    assert {(r["subject_id"], r["conference_id"], r["due"]) for r in data["reviews"]} == {
        (2, 2, "2026-08-26"),
        (1, 1, "2026-12-02"),
    }
    owners = [g["owner"] for g in data["action_groups"]]
    assert "Łukasz Wiśniewski" in owners
    with pytest.raises(SystemExit) as exit_info:
        main(["desk", "--store", str(folder), "--as-of", "2 Dec"])
    assert exit_info.value.code == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
