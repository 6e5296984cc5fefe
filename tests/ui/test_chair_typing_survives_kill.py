"""At most one second of typing is lost: a chair typing steadily, killed with SIGKILL at random moments.

Each trial has ``tests/helpers/chair_typist.py`` fork a typist process (real
store, chair mode, real key events at a steady pace, moving between agenda
items with Alt+number), kills it with SIGKILL at a random moment, reopens the
store and checks every field: what is stored is exactly the start of what was
typed there, and it includes every word finished more than one second before
the kill.
"""

import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

import pytest

from solodesk.services.chair_view import load_snapshot
from solodesk.store import CaseStore
from tests.conftest import PASSPHRASE
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.chair_typist import ITEMS, WORDS_PER_ITEM, typed_text, words_for

TRIALS = 20
SEED = 20260914
GRACE_S = 1.0
CONFERENCE_ID = 1
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Tally:
    """What the trials typed and what the store kept."""

    trials: int = 0
    words_typed: int = 0
    words_due: int = 0
    words_lost: int = 0
    due_lost: int = 0


class _Lines:
    """The typist helper's output read line by line, each line waited for with a deadline on the pipe.

    ``select`` wakes as soon as the child writes, so the test never sleeps a fixed time.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._fd = stream.fileno()
        self._buffer = b""

    def next(self, timeout_s: float) -> str | None:
        """Return the next line, or None when none arrived within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                return None
            chunk = os.read(self._fd, 4096)
            assert chunk, "the typist helper closed its output"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def expect(self, tags: set[str], log_folder: Path, timeout_s: float = 60.0) -> dict[str, str]:
        """Return the value of each tagged line (``tag value``), in whatever order the processes wrote them."""
        found: dict[str, str] = {}
        deadline = time.monotonic() + timeout_s
        while set(found) != tags:
            line = self.next(deadline - time.monotonic())
            assert line is not None, f"no {tags - set(found)} line within {timeout_s} s"
            tag, _, value = line.partition(" ")
            assert tag in tags, f"the typist stopped on its own ({line!r}): {_errors(log_folder)}"
            found[tag] = value
        return found


def _errors(log_folder: Path) -> str:
    return (log_folder / "typist.err").read_text(errors="replace")


def _start_typists(log_folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOLODESK_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    with (log_folder / "typist.err").open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.chair_typist"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            bufsize=0,  # the test reads the pipe itself, with select
        )


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _trial(
    typists: subprocess.Popen[bytes], lines: _Lines, rng: random.Random, template: Path, log: Path, tally: Tally
) -> None:
    folder = log.with_suffix(".store")
    shutil.copytree(template, folder)  # A fresh copy of the convened store: every trial starts with empty notes.
    conference_id = CONFERENCE_ID
    assert typists.stdin is not None
    typists.stdin.write(f"{folder}\t{conference_id}\t{log}\n".encode())
    typists.stdin.flush()
    started = lines.expect({"pid", "ready"}, log.parent)
    pid = int(started["pid"])
    kill_at = float(started["ready"]) + rng.uniform(0.4, 2.8)
    # Wait for the chosen moment on the pipe: any line before it means the typist stopped on its own.
    early = lines.next(max(kill_at - time.monotonic(), 0.0))
    assert early is None and _alive(pid), f"the typist stopped on its own ({early!r}): {_errors(log.parent)}"
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    assert lines.next(30.0) == "reaped"
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    finished = {int(index): float(t) for t, _item, index in (parts for parts in lines if len(parts) == 3)}
    count = len(finished)
    store = CaseStore.open_with_passphrase(folder, PASSPHRASE)
    try:
        snap = load_snapshot(store, conference_id)
    finally:
        store.close()
    tally.trials += 1
    tally.words_typed += count
    for position, item in enumerate(ITEMS):
        stored = snap.note(item).notes
        # The key after the last logged word may have reached the field too.
        assert typed_text(words_for(position, count + 1)).startswith(stored), (
            f"item {item.number} holds text that was never typed: {stored!r}"
        )
        field_words = words_for(position, count)
        indexes = [i for i in range(count) if (i // WORDS_PER_ITEM) % len(ITEMS) == position]
        for rank, index in enumerate(indexes):
            due = finished[index] < killed - GRACE_S
            tally.words_due += due
            if len(stored) < len(typed_text(field_words[: rank + 1])) - 1:
                tally.words_lost += 1
                tally.due_lost += due


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the typists are forked and killed with SIGKILL (POSIX only)")
def test_typing_survives_sigkill_at_random_moments(tmp_path) -> None:
    """20 kills while typing steadily: no word finished more than a second before the kill is missing."""
    template = tmp_path / "template"
    store, _ = CaseStore.create(template, PASSPHRASE)
    conference_id = convene_leon(store, date(1979, 4, 2), "Room 3.12", "Concern.", ("Margaret Nicolson",))
    store.close()
    assert conference_id == CONFERENCE_ID
    rng = random.Random(SEED)
    tally = Tally()
    typists = _start_typists(tmp_path)
    assert typists.stdout is not None
    lines = _Lines(typists.stdout)
    try:
        for trial in range(TRIALS):
            _trial(typists, lines, rng, template, tmp_path / f"typed-{trial}.log", tally)
    finally:
        assert typists.stdin is not None
        typists.stdin.close()
        typists.wait(timeout=30)
        if typists.stdout is not None:
            typists.stdout.close()
    print(
        f"\nkill test: trials={tally.trials} words_typed={tally.words_typed} "
        f"typed_over_1s_before_kill={tally.words_due} lost_of_those={tally.due_lost} lost_in_all={tally.words_lost}"
    )
    assert tally.words_due >= TRIALS // 2, "the trials were too short to prove anything"
    assert tally.due_lost == 0
