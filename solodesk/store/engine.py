"""The SQLCipher engine: one encrypted SQLite file opened with a raw key."""

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

# SQLCipher logs decryption failures to stderr by default; the user gets our
# own one-line message instead. The setting is process-wide.
_quiet = sqlcipher3.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.close()

# Errors SQLCipher raises for a file it cannot read (wrong key, corrupt, foreign).
UNREADABLE_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.dbapi2.DatabaseError, sqlite3.DatabaseError)


def open_engine(db_path: Path, key: bytes) -> Engine:
    """Return an engine on an encrypted database file.

    The key is handed to SQLCipher raw (``x'…'``), which skips SQLCipher's own
    slow KDF: the key is already random and 256 bits long.

    Args:
        db_path: the database file (created if missing).
        key: the 32-byte database key.
    """
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(db_path))
    # The pysqlcipher dialect defaults to SingletonThreadPool (one connection per thread,
    # closed behind other threads' backs past five threads); background jobs need a real
    # pool. Connections are opened with check_same_thread=False (file databases), and a
    # connection is only ever used by the thread that checked it out.
    engine = create_engine(url, echo=False, hide_parameters=True, poolclass=QueuePool)
    event.listen(engine, "connect", _configure_connection)
    return engine


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # Temp tables and sort files stay in memory so no plaintext page reaches disk.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        # Keep up to 64 MiB of decrypted pages (memory only; freed when the store locks), so the
        # desk and the register do not decrypt and check the same pages again on every refresh.
        cursor.execute("PRAGMA cache_size = -65536")
    finally:
        cursor.close()
