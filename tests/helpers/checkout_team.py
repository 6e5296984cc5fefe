"""A real PostgreSQL team store with the demo case and three logins, for the check-out tests."""

import itertools
import os

from sqlalchemy import select

from solodesk.models import Conference, ConferenceStatus, Contact
from solodesk.services.demo import load_demo
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, parse_url
from tests.pg_server import PgServer

PASSWORD = "a long team password"
_numbers = itertools.count(1)


def demo_team(pg: PgServer, pg_database: str, login_prefix: str) -> dict[str, object]:
    """Put the demo on a team store; add a chair, an assistant (minuting the held conference) and a manager.

    Args:
        pg: the throwaway PostgreSQL server.
        pg_database: the admin URL of the test's fresh database.
        login_prefix: starts each login's name; logins are server-wide, so each test module keeps its own.

    Returns:
        The held conference's, its case's and the assistant's contact ids (``conference``, ``subject``,
        ``assistant_contact``) and each role's sign-in URL (``chair``, ``assistant``, ``manager``).
    """
    init_team(pg_database)
    with TeamStore.open(pg_database) as store, store.session() as session:
        load_demo(session)
        conference = session.scalars(
            select(Conference).where(Conference.status == ConferenceStatus.HELD).order_by(Conference.id)
        ).first()
        assistant = Contact(name="Siobhán Mac Giolla")
        session.add(assistant)
        session.flush()
        conference.minute_taker_id = assistant.id
        ids = {"conference": conference.id, "assistant_contact": assistant.id, "subject": conference.subject_id}
    database = parse_url(pg_database).database
    urls = {}
    for role in ("chair", "assistant", "manager"):
        login = f"{login_prefix}_{role}_{os.getpid()}_{next(_numbers)}"
        contact = ids["assistant_contact"] if role == "assistant" else None
        add_user(pg_database, login, f"The {role}", role, PASSWORD, contact_id=contact)
        urls[role] = pg.url(database, user=login)
    return {**ids, **urls}


def signed_in(team: dict[str, object], role: str) -> TeamStore:
    """Return the team store opened as one of :func:`demo_team`'s logins."""
    return TeamStore.open(str(team[role]), password=PASSWORD)
