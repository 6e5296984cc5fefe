"""Another process holding a store open: for tests of one writer at a time."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE

# Opens the store, says so, then on each line of input: "recovery" makes a new recovery key, "" closes.
HOLDER = """
import sys
from pathlib import Path
from solodesk.store import CaseStore
store = CaseStore.open_with_passphrase(Path(sys.argv[1]), sys.argv[2])
print("open", flush=True)
for line in sys.stdin:
    if line.strip() == "recovery":
        print(store.new_recovery_key(), flush=True)
    else:
        break
store.close()
print("closed", flush=True)
"""


class Holder:
    """Another process that has the store open."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(folder), PASSPHRASE],
            env=dict(os.environ),
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "open\n"

    def ask(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.ask("") == "closed"
        self.process.communicate(timeout=30)  # also closes the pipes
