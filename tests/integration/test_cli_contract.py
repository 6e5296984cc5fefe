"""The CLI keeps its contract: --store anywhere, ids listed, no overwrites, prompts that end cleanly."""

import fcntl
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from solodesk.__main__ import main
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.packs import PACK_PASSPHRASE, prepare_case


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLODESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOLODESK_PACK_PASSPHRASE", PACK_PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_store_before_the_command_is_honoured(tmp_path, capsys, env) -> None:
    """`solodesk --store X check` checks X, not the default store."""
    folder = tmp_path / "mine"
    assert run(capsys, "--store", folder, "demo")[0] == 0
    code, out, err = run(capsys, "--store", folder, "check")
    assert code == 0, err
    assert "subjects=4" in out
    default = Path(os.environ["SOLODESK_DATA_DIR"])
    assert not CaseStore.exists(default / "store"), "the default store was used instead of --store"
    code, out, _ = run(
        capsys, "--store", folder, "pack", "pdf", "--case", "999", "--recipient", "x", "--out", tmp_path / "p.pdf"
    )
    assert code == 2  # the case is unknown in *this* store, which was opened


def test_list_prints_the_ids_other_commands_take(tmp_path, capsys, env) -> None:
    """`list` names every case and conference with ids that `minutes --conference` accepts."""
    folder = tmp_path / "s"
    run(capsys, "demo", "--store", folder)
    code, out, _ = run(capsys, "list", "--store", folder)
    assert code == 0
    case = re.search(r"^case (\d+): Marcus Alan Leon.*\n((?:  .*\n)*)", out, re.M)
    assert case, out
    conferences = re.findall(r"^  conference (\d+): (.+)$", case.group(2), re.M)
    assert len(conferences) == 2
    held = [cid for cid, text in conferences if "held" in text.lower() or "minute" in text.lower()]
    assert held, out
    code, out, err = run(capsys, "minutes", "--store", folder, "--conference", held[0], "--out", tmp_path / "out")
    assert code == 0, err
    assert len(out.splitlines()) >= 2


def test_list_on_an_empty_store_says_so(tmp_path, capsys, env) -> None:
    folder = tmp_path / "s"
    run(capsys, "init", "--store", folder)
    code, out, _ = run(capsys, "list", "--store", folder)
    assert (code, out.strip()) == (0, "No cases in this store.")


def test_pack_export_and_pdf_never_replace_a_file_unless_forced(tmp_path, capsys, env) -> None:
    """An existing file at --out is left alone (exit 2, one sentence); --force replaces it."""
    folder = tmp_path / "worker"
    store, _ = CaseStore.create(folder, PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
    for argv in (
        ["pack", "export", "--store", folder, "--case", subject_id],
        ["pack", "pdf", "--store", folder, "--case", subject_id, "--recipient", "Zoë Ó Briain"],
    ):
        out = tmp_path / f"existing-{argv[1]}"
        out.write_bytes(b"somebody else's file")
        code, _, err = run(capsys, *argv, "--out", out)
        assert code == 2
        assert "already exists" in err and err.count("\n") == 1
        assert out.read_bytes() == b"somebody else's file"
        link = tmp_path / f"link-{argv[1]}"
        link.symlink_to(tmp_path / "nowhere")
        assert run(capsys, *argv, "--out", link)[0] == 2
        assert not (tmp_path / "nowhere").exists()
        code, _, err = run(capsys, *argv, "--out", out, "--force")
        assert code == 0, err
        assert out.read_bytes() != b"somebody else's file"


def test_recovery_unlock_issues_a_fresh_recovery_key(tmp_path, capsys, monkeypatch) -> None:
    """After a recovery-key unlock the old key is used up and a new one is shown once."""
    folder = tmp_path / "s"
    store, old_key = CaseStore.create(folder, PASSPHRASE)
    store.close()
    monkeypatch.setenv("SOLODESK_RECOVERY_KEY", old_key)
    monkeypatch.setenv("SOLODESK_NEW_PASSPHRASE", "a brand new passphrase for the store")
    code, out, err = run(capsys, "passphrase", "--recovery", "--store", folder)
    assert code == 0, err
    lines = [line for line in out.splitlines() if "recovery key" in line.lower()]
    assert len(lines) == 1
    new_key = lines[0].rsplit(": ", 1)[1]
    assert new_key != old_key
    CaseStore.open_with_recovery_key(folder, new_key).close()
    with pytest.raises(Exception, match="recovery key"):
        CaseStore.open_with_recovery_key(folder, old_key)
    CaseStore.open_with_passphrase(folder, "a brand new passphrase for the store").close()


# Prompts on a real terminal ---------------------------------------------------------------


def _take_terminal() -> None:
    # A new session whose controlling terminal is the pty, so Ctrl+C there sends SIGINT as it would.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _spawn_on_pty(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "solodesk", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        preexec_fn=_take_terminal,
    )
    os.close(slave)
    return process, master


def _read_until(master: int, pattern: bytes, seen: bytearray, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while pattern not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([master], [], [], remaining)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return pattern in seen
            if not chunk:
                return pattern in seen
            seen.extend(chunk)
    return True


def _drain(master: int, seen: bytearray, process: subprocess.Popen[bytes]) -> int:
    code = process.wait(timeout=60)
    _read_until(master, b"\0never\0", seen, timeout=0.5)
    os.close(master)
    return code


@pytest.fixture
def pty_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOLODESK_")}
    env.update(SOLODESK_DATA_DIR=str(tmp_path / "data"), SOLODESK_LOG_DIR=str(tmp_path / "logs"))
    return env


# The child stops at the start of the slow imports until the test has typed ahead, so the
# typing lands exactly where a quick person's would: after launch, before any prompt.
_PAUSE_AT_SLOW_IMPORTS = """
import builtins, os, runpy, sys
ready, go = int(sys.argv[1]), int(sys.argv[2])
sys.argv = ["solodesk", *sys.argv[3:]]
real_import = builtins.__import__
def pausing_import(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "solodesk" and fromlist and "cli" in fromlist:
        builtins.__import__ = real_import
        os.write(ready, b"r")
        os.read(go, 1)
    return real_import(name, globals, locals, fromlist, level)
builtins.__import__ = pausing_import
runpy.run_module("solodesk", run_name="__main__")
"""


def test_text_typed_before_the_prompt_is_never_echoed(tmp_path, pty_env) -> None:
    """A passphrase typed while the command is still importing does not appear on the screen."""
    folder = tmp_path / "s"
    CaseStore.create(folder, PASSPHRASE)[0].close()
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", _PAUSE_AT_SLOW_IMPORTS, str(ready_w), str(go_r), "check", "--store", str(folder)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=pty_env,
        preexec_fn=_take_terminal,
        pass_fds=(ready_w, go_r),
    )
    os.close(slave)
    assert os.read(ready_r, 1) == b"r"
    os.write(master, b"typed-too-early")
    seen = bytearray()
    _read_until(master, b"typed-too-early", seen, timeout=1)  # what the terminal shows while we wait
    os.write(go_w, b"g")
    assert _read_until(master, b"Passphrase: ", seen)
    os.write(master, PASSPHRASE.encode() + b"\n")
    code = _drain(master, seen, process)
    for fd in (ready_r, ready_w, go_r, go_w):
        os.close(fd)
    assert b"typed-too-early" not in seen
    assert PASSPHRASE.encode() not in seen
    assert code == 0, seen.decode(errors="replace")


@pytest.mark.parametrize(("key", "sentence"), [(b"\x04", b"No passphrase was given"), (b"\x03", b"interrupted")])
def test_end_of_input_or_ctrl_c_at_the_prompt_exits_2_with_one_sentence(tmp_path, pty_env, key, sentence) -> None:
    folder = tmp_path / "s"
    CaseStore.create(folder, PASSPHRASE)[0].close()
    before = snapshot(folder)
    process, master = _spawn_on_pty(["check", "--store", str(folder)], pty_env)
    seen = bytearray()
    assert _read_until(master, b"Passphrase: ", seen)
    os.write(master, key)
    code = _drain(master, seen, process)
    text = seen.decode(errors="replace")
    assert code == 2, text
    assert sentence in seen
    assert "Traceback" not in text
    assert snapshot(folder) == before
