"""The SQLCipher engine: one encrypted SQLite file opened with a raw key.

The key never becomes a Python ``str``: it is not put in the engine URL (which
SQLAlchemy keeps), nor in a ``PRAGMA key`` statement (which SQLite keeps with
the prepared statement). Each new connection is keyed by calling SQLCipher's
``sqlite3_key`` with the ``x'…'`` text built in a ``bytearray`` from the
caller's key buffer; the caller overwrites that buffer when the store closes.
"""

import ctypes
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from solodesk.secret_memory import hex_key_pragma, wipe

# SQLCipher logs decryption failures to stderr by default; the user gets our
# own one-line message instead. Memory security makes SQLite overwrite every
# allocation it frees (decrypted pages, statements), so no case text or key
# material lingers in freed memory after a store is closed. Both settings are
# process-wide.
_quiet = sqlcipher3.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.execute("PRAGMA cipher_memory_security = ON")
_quiet.close()

# Errors SQLCipher raises for a file it cannot read (wrong key, corrupt, foreign).
UNREADABLE_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.dbapi2.DatabaseError, sqlite3.DatabaseError)

import sqlcipher3._sqlite3  # noqa: E402 - the compiled module, loaded to call SQLCipher directly

_library = ctypes.PyDLL(sqlcipher3._sqlite3.__file__)
_library.sqlite3_key.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_library.sqlite3_key.restype = ctypes.c_int
_library.sqlite3_db_filename.argtypes = (ctypes.c_void_p, ctypes.c_char_p)
_library.sqlite3_db_filename.restype = ctypes.c_char_p


class KeyingError(RuntimeError):
    """SQLCipher did not accept the key for a new connection."""


def open_engine(db_path: Path, key: bytearray, read_only: bool = False) -> Engine:
    """Return an engine on an encrypted database file.

    The key is handed to SQLCipher raw (``x'…'``), which skips SQLCipher's own
    slow KDF: the key is already random and 256 bits long.

    Args:
        db_path: the database file (created if missing).
        key: the 32-byte database key; the engine reads it at each new
            connection, so the caller overwrites it only after disposing the engine.
        read_only: refuse every write on every connection (``PRAGMA query_only``).
    """
    database = str(db_path)

    def connect() -> Any:
        connection = sqlcipher3.connect(database, check_same_thread=False)
        try:
            _apply_key(connection, database, key)
        except BaseException:
            connection.close()
            raise
        return connection

    # A real pool (not SingletonThreadPool): background jobs each check out their own
    # connection, only ever used by the thread that checked it out.
    # The plain pysqlite dialect over the SQLCipher module: the pysqlcipher dialect would
    # issue its own ``PRAGMA key`` from the URL's password.
    url = URL.create("sqlite+pysqlite", database=database)
    engine = create_engine(
        url, module=sqlcipher3.dbapi2, creator=connect, echo=False, hide_parameters=True, poolclass=QueuePool
    )
    event.listen(engine, "connect", _configure_connection)
    if read_only:
        event.listen(engine, "connect", _refuse_writes)
    return engine


def _apply_key(connection: Any, database: str, key: bytearray) -> None:
    handle = _database_handle(connection, database)
    pragma = hex_key_pragma(key)
    try:
        buffer = (ctypes.c_char * len(pragma)).from_buffer(pragma)
        result = _library.sqlite3_key(handle, ctypes.addressof(buffer), len(pragma))
        del buffer
    finally:
        wipe(pragma)
    if result != 0:
        raise KeyingError(f"sqlite3_key failed with code {result}")


def _database_handle(connection: Any, database: str) -> int:
    """Return the ``sqlite3 *`` of a DB-API connection.

    The connection object starts, after the object header, with the handle
    (``pysqlite_Connection.db``). It is checked against the file name SQLite
    reports for it, so a different layout fails loudly instead of keying the wrong thing.
    """
    handle = ctypes.c_void_p.from_address(id(connection) + object.__basicsize__).value
    if handle:
        name = _library.sqlite3_db_filename(handle, b"main")
        if name is not None and Path(name.decode()).resolve() == Path(database).resolve():
            return handle
    raise KeyingError("the SQLCipher connection handle could not be found")


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


def _refuse_writes(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")
