"""The audit trail: append-only events naming who did what, when."""

import getpass

from sqlalchemy.orm import Session

from solodesk.models import AuditEvent
from solodesk.models.versioned import ACTOR_KEY


def current_user() -> str:
    """Return the operating-system user name, the actor of events."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(session: Session, action: str, entity: str = "", entity_id: int | None = None, detail: str = "") -> None:
    """Add an audit event to the session.

    Args:
        session: the session of the change being audited (same transaction).
        action: what happened, e.g. ``"minute.issued"``.
        entity: the kind of record, e.g. ``"conference"``.
        entity_id: the record's id.
        detail: ids and counts only, never case text.
    """
    # The store names who is acting (a team store's login); a bare session falls back to the computer's user.
    actor = str(session.info.get(ACTOR_KEY) or current_user())
    session.add(AuditEvent(actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail))
