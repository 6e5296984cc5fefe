"""A team store: the same models and Alembic revisions on a PostgreSQL server (driver: psycopg 3).

``--store`` takes a ``postgresql://`` URL as well as a folder. A team store has no
key slots and no passphrase: each person signs in with their own database login
(the password from the URL, the caller, or nobody for a local-socket trust login).

Connections to anything but a local socket must verify the server's certificate
(``sslmode=verify-full``): case data never crosses a network unencrypted.
"""

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from solodesk.models.versioned import ACTOR_KEY
from solodesk.store import migrate
from solodesk.store.case_store import CaseStore, IntegrityReport
from solodesk.store.errors import CheckedOutError, ForbiddenError, StoreUnusableError, UnlockError
from solodesk.store.team_leases import CHECKED_OUT_STATE
from solodesk.store.team_url import is_team_url, shown_address

__all__ = ["TeamStore", "install_schema", "is_team_url", "parse_url"]

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
# A pooled connection idle this long is pinged before use (see open_team_engine).
PING_AFTER_IDLE_S = 5.0
_NO_KEYS = "A team store has no passphrase or keys: each person signs in with their own database login."
# libpq's words when the server refuses the login itself (SQLSTATE 28000 / 28P01).
# libpq's words when the server's certificate fails verify-full (unknown authority, wrong name).
_TLS_FAILURES = ("certificate verify failed", "does not match host name", "root certificate file", "SSL error")
_AUTH_FAILURES = ("password authentication failed", "no password supplied", "authentication failed", "28P01")


def parse_url(location: str, password: str | None = None) -> URL:
    """Return the SQLAlchemy URL (psycopg driver) of a ``postgresql://`` location.

    Raises:
        StoreUnusableError: not a usable URL, or a network connection without certificate checks.
    """
    try:
        url = make_url(location)
    except ArgumentError:
        raise StoreUnusableError("The team store's address is not a valid postgresql:// URL.") from None
    if not url.database:
        raise StoreUnusableError("The team store's address names no database (postgresql://USER@HOST/DATABASE).")
    url = url.set(drivername=DRIVER)
    if password and not url.password:
        url = url.set(password=password)
    _require_tls(url)
    return url


def _require_tls(url: URL) -> None:
    host = url.query.get("host") or url.host
    hosts = host if isinstance(host, tuple) else (host,)
    # No host, or a socket folder (an absolute path): the connection never leaves this computer.
    if all(not h or h.startswith("/") for h in hosts):
        return
    if url.query.get("sslmode") != "verify-full":
        raise StoreUnusableError(
            "A team store on another computer needs an encrypted connection that checks the server's "
            "certificate: add ?sslmode=verify-full to the address (and sslrootcert=… if needed)."
        )


def with_login(location: str, login: str) -> str:
    """Return the address with this login in it (any password in the address dropped)."""
    try:
        url = make_url(location)
    except ArgumentError:
        return location  # opening it says what is wrong with it
    return url.set(username=login, password=None).render_as_string(hide_password=False)


def _place_id(url: URL) -> str:
    place = f"{url.host}|{url.query.get('host')}|{url.port}|{url.database}"
    return hashlib.sha256(place.encode()).hexdigest()[:32]


def sign_in_entry(location: str, login: str) -> str:
    """Return the keyring entry that remembers this login's password for this server and database.

    Raises:
        StoreUnusableError: not a usable address.
    """
    return f"team-{_place_id(parse_url(location))}-{login}"


def open_team_engine(url: URL) -> Engine:
    """Return an engine on a team store's database (nothing is connected yet).

    A pooled connection that sat idle (the server may have restarted, a firewall dropped it) is
    checked with a ping before use and replaced if dead. One in use a moment ago is not: pinging
    before every session would add a round trip to every save and every keystroke's search, and
    with ten people at work on a busy server each round trip waits for a CPU.
    """
    engine = create_engine(url, hide_parameters=True)

    def ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # noqa: BLE001 - any failure means a dead connection: the pool takes another
            raise DisconnectionError(str(exc)) from exc
        if not alive:
            raise DisconnectionError("The team store's connection was closed.")

    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", ping_if_idle)
    return engine


def _note_idle(_dbapi_connection: object, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def describe(url: URL) -> str:
    """Return the address as people may see it: never the password."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def connection_error(exc: Exception, url: URL) -> UnlockError | StoreUnusableError:
    """Return the one plain sentence for a failure to connect to a team store (SQLAlchemy's or psycopg's error)."""
    cause = getattr(exc, "orig", None) or exc
    message = str(cause)
    who = url.username or "this user"
    if any(words in message for words in _AUTH_FAILURES):
        return UnlockError(f"The server refused the login or password for {who}.")
    if getattr(cause, "sqlstate", None) == "42501":  # insufficient_privilege: signed in, but in no group
        return StoreUnusableError(
            f"The login {who} has no SOLO Desk role on this team store: ask IT to add it (solodesk team add-user)."
        )
    if "does not exist" in message and "database" in message:
        return StoreUnusableError(f"There is no database {url.database!r} on the server.")
    if "pg_hba.conf" in message:
        return StoreUnusableError(
            f"The server does not let {who} connect to this database from here: ask IT (pg_hba.conf, team add-user)."
        )
    if any(words in message for words in _TLS_FAILURES):
        return StoreUnusableError(
            f"The server at {url.host} offered no certificate this computer can verify for that name, so SOLO Desk"
            " did not connect: check sslrootcert= (the council's certificate authority) and the server's name."
        )
    if "does not support SSL" in message:
        return StoreUnusableError(
            f"The server at {url.host} does not offer an encrypted connection, so SOLO Desk did not connect."
        )
    return StoreUnusableError(f"The team store at {_shown(url)} could not be reached.")


def _shown(url: URL) -> str:
    return shown_address(url.set(drivername="postgresql", password=None).render_as_string(False))


def install_schema(location: str, password: str | None = None, target: str = "head") -> str:
    """Create or upgrade a team store's tables in one transaction; return the revision reached.

    PostgreSQL's DDL is transactional, so every revision commits together with the
    version row, or (any error) none does.

    Raises:
        StoreUnusableError: unreachable, or the schema is newer than this SOLO Desk.
        UnlockError: the server refused the login.
    """
    url = parse_url(location, password)
    engine = open_team_engine(url)
    try:
        current = _revision(engine, url)
        if current is not None and not migrate.is_known(current):
            raise StoreUnusableError("This team store was set up by a newer version of SOLO Desk; please update.")
        with engine.begin() as connection:
            migrate.upgrade_in_transaction(connection, target)
        reached = migrate.current_revision(engine)
    finally:
        engine.dispose()
    log.info("team store schema at %s", reached)
    return reached or ""


def _has_policies(engine: Engine) -> bool:
    """Return True when ``team init`` installed the policies and functions (not a bare schema)."""
    with engine.connect() as connection:
        return bool(connection.execute(text("SELECT to_regproc('public.solodesk_change_stamp') IS NOT NULL")).scalar())


def _revision(engine: Engine, url: URL) -> str | None:
    try:
        return migrate.current_revision(engine)
    except DBAPIError as exc:
        raise connection_error(exc, url) from exc


class TeamStore(CaseStore):
    """An open team store: sessions on the PostgreSQL database, as a :class:`CaseStore` gives.

    The services take either kind. What belongs to the encrypted file alone (key
    slots, passphrase, recovery key, encrypted copies) is refused with a sentence.

    Attributes:
        folder: a team store has none; the database name stands in (messages show it).
        url: the address (with the password, when one was given: never shown).
    """

    def __init__(self, url: URL, engine: Engine) -> None:
        # Deliberately not CaseStore.__init__: there is no folder, key or key-slot file.
        self.url = url
        self.folder = Path(url.database or "team-store")
        self._engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = sessionmaker(engine, expire_on_commit=False)
        self._key = None
        self.read_only_reason: str | None = None  # the server decides what each login may change
        self.has_policies = False  # set on open: team init's policies and functions are installed

    @classmethod
    def open(cls, location: str, password: str | None = None) -> "TeamStore":
        """Sign in to a team store whose schema is at this SOLO Desk's revision.

        Raises:
            UnlockError: the server refused the login or password.
            StoreUnusableError: unreachable, no schema, an older or newer schema, or no TLS.
        """
        url = parse_url(location, password)
        engine = open_team_engine(url)
        try:
            revision = _revision(engine, url)
            if revision is None:
                raise StoreUnusableError(
                    f"The database {url.database!r} holds no SOLO Desk store: run `solodesk team init` first."
                )
            if not migrate.is_known(revision):
                raise StoreUnusableError("This team store was set up by a newer version of SOLO Desk; please update.")
            if revision != migrate.head_revision():
                raise StoreUnusableError(
                    "This team store's schema is older than this SOLO Desk: run `solodesk team init` to upgrade it."
                )
        except BaseException:
            engine.dispose()
            raise
        log.info("team store opened")
        store = cls(url, engine)
        store.has_policies = _has_policies(engine)
        return store

    @property
    def store_id(self) -> str:
        """Return an id stable for this server and database (not for the login)."""
        return _place_id(self.url)

    @property
    def sign_in_entry(self) -> str:
        """Return the keyring entry of this login's password on this store."""
        return f"team-{self.store_id}-{self.url.username or ''}"

    @property
    def actor(self) -> str:
        """Return who saves through this store: the login (each person signs in with their own)."""
        return self.url.username or "unknown"

    @property
    def is_open(self) -> bool:
        """Return True until :meth:`close`."""
        return self._engine is not None

    @property
    def location(self) -> str:
        """Return the address as people may see it: no password, no connection options."""
        return _shown(self.url)

    def close(self) -> None:
        """Close every connection; any later use raises instead of reconnecting."""
        if self._engine is None:
            return
        self._engine.dispose()
        self._engine = None
        self._sessions = None
        self.url = self.url.set(password=None)  # the login's password leaves with the connections

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on error.

        Raises:
            StoreUnusableError: the store is locked (signed out).
            ForbiddenError: the server refused a read or a change this login may not make.
        """
        try:
            with self.sessions.begin() as session:
                session.info[ACTOR_KEY] = self.actor  # stamped on the rows it saves (changed_by)
                yield session
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == CHECKED_OUT_STATE:  # a lease stands (team_leases)
                primary = getattr(getattr(exc.orig, "diag", None), "message_primary", None) or ""
                raise CheckedOutError(f"{primary} Nothing was changed.".strip()) from None
            if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege, or a row policy
                raise ForbiddenError(
                    f"The team store does not let {self.url.username or 'this login'} do this: the server refused it"
                    " (each role reads and changes only its own part of a case). Nothing was changed."
                ) from None
            raise

    def check_integrity(self) -> IntegrityReport:
        """Check the schema revision (the server guards its own pages)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
        revision = migrate.current_revision(self.engine)
        problems = [] if revision == migrate.head_revision() else [f"Schema revision {revision} is not current."]
        return IntegrityReport(ok=not problems, schema_revision=revision, problems=tuple(problems))

    def change_passphrase(self, new_passphrase: str, kdf: object = None) -> None:
        """Refuse: a team store has no passphrase."""
        raise StoreUnusableError(_NO_KEYS)

    def new_recovery_key(self) -> str:
        """Refuse: a team store has no recovery key."""
        raise StoreUnusableError(_NO_KEYS)

    def remember_on_this_computer(self) -> None:
        """Refuse: there is no database key to remember (the login's password is the server's)."""
        raise StoreUnusableError(_NO_KEYS)

    def forget_on_this_computer(self) -> None:
        """Refuse: nothing is remembered."""
        raise StoreUnusableError(_NO_KEYS)

    def has_recovery_slot(self) -> bool:
        """Return False: a team store has no key slots."""
        return False

    def write_encrypted_copy(self, db_path: object) -> None:
        """Refuse: a team store is copied with the server's own tools (pg_dump)."""
        raise StoreUnusableError("A team store is backed up on its server (pg_dump), not copied to a file.")
