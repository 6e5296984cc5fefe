"""A team store's backup: the server's own ``pg_dump``, in its custom format, into a file only its owner reads.

The password reaches ``pg_dump`` in its environment (``PGPASSWORD``), never on its command
line where other users of the computer could see it. The dump is written under a hidden
temporary name beside the target (mode 0600 from the start) and renamed only when
``pg_dump`` succeeded, so a failed or killed backup never leaves a file named like one.
"""

import os
import shutil
import subprocess
from pathlib import Path

from psycopg.conninfo import make_conninfo

from solodesk.store.case_store import CaseStore
from solodesk.store.errors import StoreExistsError, StoreUnusableError
from solodesk.store.team_store import TeamStore

PG_DUMP = "pg_dump"


def dump_team_store(store: CaseStore, out: Path) -> Path:
    """Write a ``pg_dump --format=custom`` backup of an open team store to a new file; return the file.

    Raises:
        StoreExistsError: the file is already there.
        StoreUnusableError: not a team store, no ``pg_dump`` on PATH, or it failed (its reason, in one sentence).
    """
    if not isinstance(store, TeamStore):
        raise StoreUnusableError("Only a team store is backed up with pg_dump.")
    url = store.url
    program = shutil.which(PG_DUMP)
    if program is None:
        raise StoreUnusableError(
            "A team store is backed up with PostgreSQL's pg_dump, which is not installed here (or not on PATH)."
        )
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise StoreExistsError(f"{out} already exists: choose a new file name for the backup.")
    partial = out.with_name(f".{out.name}.part-{os.getpid()}")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    # The password travels in the environment only; the connection string carries the rest.
    params = {key: value if isinstance(value, str) else value[-1] for key, value in url.query.items()}
    named = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username}
    params.update({key: str(value) for key, value in named.items() if value is not None and key not in params})
    # Row security on: a chair dumps every row they read (a whole store); without it pg_dump refuses outright.
    command = [
        program,
        "--format=custom",
        "--no-password",
        "--enable-row-security",
        f"--dbname={make_conninfo(**params)}",
    ]
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, env=environment, check=False)
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            # pg_dump's own "error:" line says why; its "detail:" lines name queries.
            errors = [line.split("error: ", 1)[1] for line in lines if "error: " in line]
            reason = (errors or lines or [f"exit status {done.returncode}"])[0]
            raise StoreUnusableError(f"pg_dump could not back up the team store: {reason.rstrip('.')}.")
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out
