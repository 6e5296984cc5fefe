"""A child process that commits transactions to a store and is killed before any checkpoint.

Run: ``python -m tests.faults.wal_writer FOLDER COUNT``. It creates the store (cheap KDF),
closes it (so the database file holds the schema), reopens it, commits COUNT transactions
that each add one subject, then SIGKILLs itself: every one of them is left in the write-ahead log.
"""

import os
import signal
import sys
from pathlib import Path

from solodesk.models import Subject
from solodesk.store import Argon2Params, CaseStore

PASSPHRASE = "correct horse battery staple"
NAMES = ["Zoë", "Ó Briain", "O'Connor", "Łukasz", "Nguyễn", "Ada", "Bea", "Cai"]


def main() -> None:
    """Write, then die without checkpointing."""
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    store, recovery_key = CaseStore.create(folder, PASSPHRASE, Argon2Params(memory_kib=1024, iterations=1, lanes=1))
    (folder.parent / "recovery-key.txt").write_text(recovery_key)
    store.close()
    store = CaseStore.open_with_passphrase(folder, PASSPHRASE)
    for number in range(count):
        with store.session() as session:
            session.add(Subject(forenames=NAMES[number % len(NAMES)], surname=f"Number {number + 1}"))
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
