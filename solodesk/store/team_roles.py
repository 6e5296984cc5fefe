"""A team store's people: the four group roles and one login role per person (PostgreSQL roles).

``solodesk team init`` creates the schema and the group roles, and grants them the
tables; ``team add-user`` creates a login in one group, its password sent to the
server already hashed (SCRAM-SHA-256, so the plain password never reaches the
server's logs), and its display name and directory contact kept as the role's
comment. Roles belong to the whole server, so the groups carry a ``solodesk_`` prefix.

What each group may read and write, row by row, is :mod:`solodesk.store.team_policies`.
"""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from sqlalchemy import URL

from solodesk.store import team_policies
from solodesk.store.errors import StoreError, StoreUnusableError
from solodesk.store.team_store import connection_error, describe, install_schema, parse_url

log = logging.getLogger(__name__)

ROLES = ("chair", "assistant", "worker", "manager")
GROUP_PREFIX = "solodesk_"
MIN_PASSWORD_LENGTH = 12


class TeamUsageError(StoreError):
    """A team command was asked for something that cannot be: exit 2 with the sentence."""

    exit_code = 2


@dataclass(frozen=True)
class TeamUser:
    """One person's login on a team store.

    Attributes:
        login: the database login.
        role: chair, assistant, worker or manager.
        name: the name shown for them.
        contact_id: their directory contact, when linked.
    """

    login: str
    role: str
    name: str
    contact_id: int | None


def group_name(role: str) -> str:
    """Return the server-wide group role of a SOLO Desk role."""
    return GROUP_PREFIX + role


def init_team(location: str, password: str | None = None) -> str:
    """Create (or bring up to date) the schema, the group roles and their grants; return the revision.

    Running it again changes nothing but what is missing.

    Raises:
        UnlockError: the server refused the login.
        StoreUnusableError: unreachable, a newer schema, or a login that may not create roles.
    """
    revision = install_schema(location, password)
    with _admin(location, password) as conn:
        existing = {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}
        for role in ROLES:
            group = sql.Identifier(group_name(role))
            if group_name(role) not in existing:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(group))
            # Earlier set-ups granted every future table; rights now follow the policies, re-applied on upgrade.
            conn.execute(
                sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {}").format(group)
            )
        _index_search_text(conn)
        team_policies.apply(conn)
    return revision


def _index_search_text(conn: psycopg.Connection) -> None:
    """Give the register's search text its trigram index if the upgrade could not (pg_trgm was missing then).

    A server without pg_trgm still searches correctly, by a scan: its absence never stops init.
    """
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute(
                "CREATE INDEX IF NOT EXISTS ix_subject_search_text ON subject USING gin (search_text gin_trgm_ops)"
            )
    except psycopg.Error as exc:
        log.warning("no trigram index on the register's search text (%s); searches scan instead", exc)


def add_user(
    location: str,
    login: str,
    name: str,
    role: str,
    new_password: str,
    contact_id: int | None = None,
    password: str | None = None,
) -> TeamUser:
    """Create a login in a group, linked to a directory contact when given.

    Raises:
        TeamUsageError: an unknown role or contact, a short password, or a login already there.
        StoreUnusableError: the team store is not set up, or this login may not create roles.
    """
    if role not in ROLES:
        raise TeamUsageError(f"The role must be one of {', '.join(ROLES)}.")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise TeamUsageError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if not login or not name.strip():
        raise TeamUsageError("A login and a name are needed.")
    with _admin(location, password) as conn:
        known = {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}
        if group_name(role) not in known:
            raise StoreUnusableError("This team store has no group roles yet: run `solodesk team init` first.")
        if login in known:
            raise TeamUsageError(f"A login named {login!r} already exists on the server.")
        if (
            contact_id is not None
            and conn.execute("SELECT 1 FROM contact WHERE id = %s", (contact_id,)).fetchone() is None
        ):
            raise TeamUsageError(f"There is no directory contact {contact_id}.")
        # Hashed here with the server's own algorithm: the statement never holds the password itself.
        verifier = conn.pgconn.encrypt_password(new_password.encode(), login.encode(), b"scram-sha-256")
        user = sql.Identifier(login)
        with conn.transaction():
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    user, sql.Literal(verifier.decode()), sql.Identifier(group_name(role))
                )
            )
            about = json.dumps({"name": name.strip(), "contact_id": contact_id}, ensure_ascii=False)
            conn.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(user, sql.Literal(about)))
    return TeamUser(login, role, name.strip(), contact_id)


def list_users(location: str, password: str | None = None) -> list[TeamUser]:
    """Return every login in a SOLO Desk group, by login."""
    groups = [group_name(role) for role in ROLES]
    with _admin(location, password) as conn:
        rows = conn.execute(
            "SELECT r.rolname, g.rolname, shobj_description(r.oid, 'pg_authid') FROM pg_roles r"
            " JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE g.rolname = ANY(%s) AND r.rolcanlogin ORDER BY r.rolname, g.rolname",
            (groups,),
        ).fetchall()
    users = []
    for login, group, comment in rows:
        try:
            about = json.loads(comment or "{}")
        except ValueError:
            about = {}
        contact = about.get("contact_id")
        users.append(
            TeamUser(login, group.removeprefix(GROUP_PREFIX), str(about.get("name", "")), contact if contact else None)
        )
    return users


def _libpq_params(url: URL) -> dict[str, str]:
    """Return libpq's keywords for a URL (keywords, not a URI: a password may hold any character)."""
    params = {key: value if isinstance(value, str) else value[-1] for key, value in url.query.items()}
    named = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username, "password": url.password}
    params.update({key: str(value) for key, value in named.items() if value is not None and key not in params})
    return params


@contextmanager
def _admin(location: str, password: str | None) -> Iterator[psycopg.Connection]:
    """Yield an autocommit connection as the URL's login; refusals become one sentence."""
    url = parse_url(location, password)
    try:
        conn = psycopg.connect(make_conninfo(**_libpq_params(url)), autocommit=True)
    except psycopg.OperationalError as exc:
        raise connection_error(exc, url) from exc
    try:
        with conn:
            yield conn
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreUnusableError(
            f"The login at {describe(url)} may not set up a team: use the server's administrator."
        ) from exc
    except psycopg.errors.UndefinedTable as exc:
        raise StoreUnusableError("This database holds no SOLO Desk store: run `solodesk team init` first.") from exc
