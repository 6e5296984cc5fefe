"""Settings read and written through an open store (for views without sessions)."""

import logging

from sqlalchemy.exc import DatabaseError

from solodesk.services.settings import (
    LAST_LOCATION_KEY,
    Location,
    OrganisationSettings,
    load_last_location,
    load_settings,
    save_last_location,
    save_settings,
)
from solodesk.store import CaseStore, StoreError
from solodesk.store.team_store import TeamStore

log = logging.getLogger(__name__)


def personal_key(store: CaseStore, name: str) -> str:
    """Return the setting key of something each person keeps for themself (where they were, their last choices).

    A laptop store has one person; a team store keeps one per login (``name@login``),
    which each login may write although the organisation's settings are the chair's.
    """
    if isinstance(store, TeamStore) and store.url.username:
        return f"{name}@{store.url.username}"
    return name


def load_store_settings(store: CaseStore) -> OrganisationSettings:
    """Return the organisation settings of an open store."""
    with store.session() as session:
        return load_settings(session)


def save_store_settings(store: CaseStore, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and save the organisation settings; return what was stored."""
    with store.session() as session:
        return save_settings(session, settings)


def load_store_location(store: CaseStore) -> Location | None:
    """Return where the chair was when the store was last left, or None."""
    with store.session() as session:
        return load_last_location(session, personal_key(store, LAST_LOCATION_KEY))


def save_store_location(store: CaseStore, location: Location) -> bool:
    """Remember where the chair is, inside the encrypted store; return False when it could not be written.

    Remembering the place is a convenience: a busy store, a full disk or a store locked
    meanwhile must not interrupt the chair, so those failures are logged, not raised.
    """
    try:
        with store.session() as session:
            save_last_location(session, location, personal_key(store, LAST_LOCATION_KEY))
    except (StoreError, DatabaseError, OSError) as exc:
        log.warning("the last location was not saved: %s", type(exc).__name__)
        return False
    return True
